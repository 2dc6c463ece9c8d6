// Command jippnas-load drives a running jippnas server at saturation and
// reports what it sustained: requests per second, latency percentiles per
// kind of request, status codes, and the server's memory and goroutines
// over the run. It is a separate program, not a jippnas subcommand: it is
// only an HTTP client, it needs nothing of the store or the index, and it
// does not belong in the binary that is deployed.
//
//	jippnas-load -url http://127.0.0.1:8080 -duration 10m -workers 32 -token T -pid PID -metrics http://127.0.0.1:9464/metrics
//	jippnas-load -url http://127.0.0.1:8080 -attack similar -conns 600 -body 1MiB -pid PID
//
// The first form mixes searches (with facets and filters), similar
// documents (by id and by posted text), type-ahead suggestions, website and
// API pages, and writes. The second repeats the memory-exhaustion attack of
// issue 16 (many concurrent large POST /api/v1/similar) and reports the
// server's peak RSS.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "jippnas-load:", err)
		os.Exit(1)
	}
}

type config struct {
	base     string
	duration time.Duration
	workers  int
	token    string
	pid      int
	metrics  string
	sample   time.Duration
	mix      map[string]int
	out      string
	attack   string
	conns    int
	body     int
	chunked  bool
	rounds   int
	writeIDs int
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("jippnas-load", flag.ContinueOnError)
	var c config
	var mix string
	fs.StringVar(&c.base, "url", "http://127.0.0.1:8080", "server base URL (loopback only in this project's runs)")
	fs.DurationVar(&c.duration, "duration", time.Minute, "how long to run")
	fs.IntVar(&c.workers, "workers", 32, "concurrent clients, each sending its next request when the last is answered")
	fs.StringVar(&c.token, "token", "", "admin bearer token (writes are skipped without it)")
	fs.IntVar(&c.pid, "pid", 0, "server process id: RSS and threads are read from /proc")
	fs.StringVar(&c.metrics, "metrics", "", "server metrics URL: goroutines are read from it")
	fs.DurationVar(&c.sample, "sample", 10*time.Second, "how often to sample the server's memory and goroutines")
	fs.StringVar(&mix, "mix", "search=40,similar=10,similar_text=5,suggest=20,pages=20,write=5", "weights of the request kinds")
	fs.StringVar(&c.out, "out", "", "also write the report as JSON to this file")
	fs.StringVar(&c.attack, "attack", "", "similar: the memory-exhaustion attack on POST /api/v1/similar instead of the mix")
	fs.IntVar(&c.conns, "conns", 600, "attack: concurrent requests")
	var bodySize string
	fs.StringVar(&bodySize, "body", "1MiB", "attack: body size (B, KiB, MiB)")
	fs.BoolVar(&c.chunked, "chunked", false, "attack: send bodies without Content-Length")
	fs.IntVar(&c.rounds, "rounds", 3, "attack: rounds of conns requests")
	fs.IntVar(&c.writeIDs, "write-ids", 200, "writes cycle over this many document ids (load-0 …): updates, so that the corpus keeps its size and memory can be judged")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c.base = strings.TrimRight(c.base, "/")
	var err error
	if c.mix, err = parseMix(mix); err != nil {
		return err
	}
	if c.body, err = parseSize(bodySize); err != nil {
		return err
	}
	ctx := context.Background()
	if c.attack != "" {
		if c.attack != "similar" {
			return fmt.Errorf("unknown attack %q", c.attack)
		}
		return runAttack(ctx, c, stdout)
	}
	return runMix(ctx, c, stdout)
}

func parseMix(s string) (map[string]int, error) {
	out := map[string]int{}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || n < 0 {
			return nil, fmt.Errorf("-mix: bad entry %q", part)
		}
		if !slices.Contains(kinds, k) {
			return nil, fmt.Errorf("-mix: unknown kind %q (want %s)", k, strings.Join(kinds, ", "))
		}
		out[k] = n
	}
	return out, nil
}

func parseSize(s string) (int, error) {
	mult := 1
	for _, u := range []struct {
		suf string
		m   int
	}{{"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}} {
		if v, ok := strings.CutSuffix(s, u.suf); ok {
			s, mult = v, u.m
			break
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mult, nil
}

var kinds = []string{"search", "similar", "similar_text", "suggest", "pages", "write"}

// ---- the workload ----

// corpus is what the generator learns from the server before it starts:
// document ids and page slugs to ask for.
type corpus struct {
	ids    []string
	guides []string
	news   []string
	titles []string
}

var queries = []string{"kesehatan", "akta kelahiran", "puskesmas keliling", "pengelolaan sampah", "pendidikan anak",
	"pelayanan publik", "inovasi jatim", "layanan digital", "stunting", "pertanian", "harga bawang", "air bersih",
	"kependudukan", "ktp elektronik", "inovasi desa", "perizinan online", "posyandu", "ibu hamil", "bank sampah",
	"pengaduan masyarakat", "transportasi", "umkm", "kesehatan 2022", "sekolah", "rumah sakit", "nelayan",
	"administrasi kependudukan", "pajak daerah", "disabilitas", "lingkungan hidup"}

var provinces = []string{"11", "31", "32", "33", "34", "35", "36", "51", "52", "53", "61", "64", "73", "75", "91"}
var sectors = []string{"kesehatan", "pendidikan", "kependudukan", "lingkungan-hidup", "pertanian", "pekerjaan-umum"}

func discover(base string) (*corpus, error) {
	c := &corpus{}
	cursor := ""
	for len(c.ids) < 2000 {
		q := url.Values{"type": {"innovation"}, "facets": {"none"}, "sort": {"newest"}, "size": {"100"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var res struct {
			Hits []struct {
				ID, Title string
			}
			NextCursor string `json:"next_cursor"`
		}
		if err := getJSON(base+"/api/v1/search?"+q.Encode(), &res); err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			c.ids = append(c.ids, h.ID)
			c.titles = append(c.titles, h.Title)
		}
		if res.NextCursor == "" || len(res.Hits) == 0 {
			break
		}
		cursor = res.NextCursor
	}
	for _, typ := range []string{"guide", "news"} {
		var res struct {
			Pages []struct{ Slug string }
		}
		if err := getJSON(base+"/api/v1/pages?size=100&type="+typ, &res); err != nil {
			return nil, err
		}
		for _, p := range res.Pages {
			if p.Slug == "" {
				continue // a document typed as a page without a page slug: no page to ask for
			}
			if typ == "guide" {
				c.guides = append(c.guides, p.Slug)
			} else {
				c.news = append(c.news, p.Slug)
			}
		}
	}
	if len(c.ids) == 0 {
		return nil, errors.New("the server has no innovations to ask for")
	}
	return c, nil
}

func getJSON(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// request builds one request of a kind.
func (c *corpus) request(r *rand.Rand, kind, base, token string, seq, writeIDs int) *http.Request {
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	var req *http.Request
	switch kind {
	case "search":
		q := url.Values{"q": {pick(queries)}}
		if r.IntN(3) == 0 {
			q.Set("province", pick(provinces))
		}
		if r.IntN(4) == 0 {
			q.Set("sector", pick(sectors))
		}
		if r.IntN(5) == 0 {
			q.Set("page", strconv.Itoa(2+r.IntN(3)))
		}
		if r.IntN(4) == 0 {
			req, _ = http.NewRequest("GET", base+"/cari?"+q.Encode(), nil) // the website's result page
		} else {
			req, _ = http.NewRequest("GET", base+"/api/v1/search?"+q.Encode(), nil)
		}
	case "similar":
		req, _ = http.NewRequest("GET", base+"/api/v1/documents/"+pick(c.ids)+"/similar?size=5", nil)
	case "similar_text":
		i := r.IntN(len(c.titles))
		body, _ := json.Marshal(map[string]string{"title": c.titles[i], "body": "Inovasi pelayanan " + pick(queries) + " untuk masyarakat " + pick(queries) + "."})
		req, _ = http.NewRequest("POST", base+"/api/v1/similar", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	case "suggest":
		w := pick(queries)
		n := 2 + r.IntN(max(1, len(w)-2))
		req, _ = http.NewRequest("GET", base+"/api/v1/suggest?q="+url.QueryEscape(w[:min(n, len(w))]), nil)
	case "pages":
		switch r.IntN(5) {
		case 0:
			req, _ = http.NewRequest("GET", base+"/", nil)
		case 1:
			req, _ = http.NewRequest("GET", base+"/inovasi/"+pick(c.ids), nil)
		case 2:
			if len(c.guides) > 0 {
				req, _ = http.NewRequest("GET", base+"/panduan/"+pick(c.guides), nil)
				break
			}
			fallthrough
		case 3:
			if len(c.news) > 0 {
				req, _ = http.NewRequest("GET", base+"/berita/"+pick(c.news), nil)
				break
			}
			fallthrough
		default:
			req, _ = http.NewRequest("GET", base+"/api/v1/pages?type=guide", nil)
		}
	case "write":
		id := fmt.Sprintf("load-%d", seq%max(1, writeIDs))
		doc, _ := json.Marshal(map[string]any{"type": "innovation", "title": "Inovasi beban " + pick(queries) + " " + strconv.Itoa(seq),
			"institution": "Dinas Uji Beban", "region_code": "35.78", "sector": "kesehatan", "year": 2024,
			"summary": "Uji beban penulisan.", "body": "## Latar Belakang\n\nUraian " + pick(queries) + " nomor " + strconv.Itoa(seq) + "."})
		req, _ = http.NewRequest("PUT", base+"/api/v1/documents/"+id, bytes.NewReader(doc))
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

// ---- measurement ----

type kindStats struct {
	mu      sync.Mutex
	lat     []time.Duration
	codes   map[int]int
	errs    int
	errText map[string]int
}

func (k *kindStats) add(d time.Duration, code int, err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if err != nil {
		k.errs++
		msg := err.Error()
		if len(msg) > 80 {
			msg = msg[:80]
		}
		k.errText[msg]++
		return
	}
	k.lat = append(k.lat, d)
	k.codes[code]++
}

type kindReport struct {
	Kind     string         `json:"kind"`
	Requests int            `json:"requests"`
	QPS      float64        `json:"qps"`
	P50MS    float64        `json:"p50_ms"`
	P90MS    float64        `json:"p90_ms"`
	P99MS    float64        `json:"p99_ms"`
	MaxMS    float64        `json:"max_ms"`
	Codes    map[int]int    `json:"codes"`
	Errors   int            `json:"transport_errors"`
	ErrText  map[string]int `json:"error_text,omitempty"`
}

func percentile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return float64(sorted[int(q*float64(len(sorted)-1))].Microseconds()) / 1000
}

func (k *kindStats) report(name string, elapsed time.Duration) kindReport {
	k.mu.Lock()
	defer k.mu.Unlock()
	slices.Sort(k.lat)
	r := kindReport{Kind: name, Requests: len(k.lat) + k.errs, QPS: float64(len(k.lat)) / elapsed.Seconds(),
		P50MS: percentile(k.lat, .5), P90MS: percentile(k.lat, .9), P99MS: percentile(k.lat, .99), Codes: k.codes, Errors: k.errs, ErrText: k.errText}
	if len(k.lat) > 0 {
		r.MaxMS = float64(k.lat[len(k.lat)-1].Microseconds()) / 1000
	}
	return r
}

// sample is one look at the server.
type sample struct {
	AtS        float64 `json:"at_s"`
	RSSMB      float64 `json:"rss_mb"`
	PeakRSSMB  float64 `json:"peak_rss_mb"`
	Threads    int     `json:"threads"`
	Goroutines int     `json:"goroutines"`
	QPS        float64 `json:"qps"`
}

// procStatus reads VmRSS, VmHWM (MiB) and Threads of a process.
func procStatus(pid int) (rss, hwm float64, threads int) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		fields := strings.Fields(v)
		if len(fields) == 0 {
			continue
		}
		n, _ := strconv.ParseFloat(fields[0], 64)
		switch k {
		case "VmRSS":
			rss = n / 1024
		case "VmHWM":
			hwm = n / 1024
		case "Threads":
			threads = int(n)
		}
	}
	return rss, hwm, threads
}

// goroutines reads go_goroutines from the server's metrics.
func goroutines(metricsURL string) int {
	if metricsURL == "" {
		return 0
	}
	resp, err := http.Get(metricsURL)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_goroutines "); ok {
			n, _ := strconv.ParseFloat(v, 64)
			return int(n)
		}
	}
	return 0
}

type mixReport struct {
	URL       string       `json:"url"`
	Duration  string       `json:"duration"`
	Workers   int          `json:"workers"`
	Requests  int          `json:"requests"`
	QPS       float64      `json:"qps"`
	P50MS     float64      `json:"p50_ms"`
	P99MS     float64      `json:"p99_ms"`
	Status5xx int          `json:"status_5xx"`
	Errors    int          `json:"transport_errors"`
	Kinds     []kindReport `json:"kinds"`
	Samples   []sample     `json:"samples"`
}

func runMix(ctx context.Context, c config, stdout io.Writer) error {
	corp, err := discover(c.base)
	if err != nil {
		return err
	}
	if c.token == "" {
		c.mix["write"] = 0
	}
	var wheel []string
	for _, k := range kinds {
		for i := 0; i < c.mix[k]; i++ {
			wheel = append(wheel, k)
		}
	}
	if len(wheel) == 0 {
		return errors.New("-mix: every weight is 0")
	}
	stats := map[string]*kindStats{}
	for _, k := range kinds {
		stats[k] = &kindStats{codes: map[int]int{}, errText: map[string]int{}}
	}
	transport := &http.Transport{MaxIdleConnsPerHost: c.workers, MaxConnsPerHost: c.workers}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(ctx, c.duration)
	defer cancel()
	var done atomic.Int64
	var seq atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < c.workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), uint64(start.UnixNano())))
			for ctx.Err() == nil {
				kind := wheel[r.IntN(len(wheel))]
				req := corp.request(r, kind, c.base, c.token, int(seq.Add(1)), c.writeIDs)
				t := time.Now()
				resp, err := client.Do(req)
				code := 0
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					code = resp.StatusCode
				}
				if ctx.Err() != nil && err != nil {
					return // cut off by the end of the run
				}
				stats[kind].add(time.Since(t), code, err)
				done.Add(1)
			}
		}(w)
	}
	rep := mixReport{URL: c.base, Duration: c.duration.String(), Workers: c.workers}
	tick := time.NewTicker(c.sample)
	last, lastAt := int64(0), start
	sampleNow := func() {
		now := time.Now()
		n := done.Load()
		rss, hwm, th := procStatus(c.pid)
		s := sample{AtS: now.Sub(start).Seconds(), RSSMB: rss, PeakRSSMB: hwm, Threads: th, Goroutines: goroutines(c.metrics),
			QPS: float64(n-last) / now.Sub(lastAt).Seconds()}
		last, lastAt = n, now
		rep.Samples = append(rep.Samples, s)
		fmt.Fprintf(os.Stderr, "%6.0fs  %7.1f req/s  rss %6.1f MiB  goroutines %4d  threads %3d\n", s.AtS, s.QPS, s.RSSMB, s.Goroutines, s.Threads)
	}
	sampleNow()
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-tick.C:
			sampleNow()
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	sampleNow()
	var all []time.Duration
	for _, k := range kinds {
		kr := stats[k].report(k, elapsed)
		if kr.Requests == 0 {
			continue
		}
		rep.Kinds = append(rep.Kinds, kr)
		rep.Requests += kr.Requests
		rep.Errors += kr.Errors
		for code, n := range kr.Codes {
			if code >= 500 {
				rep.Status5xx += n
			}
		}
		all = append(all, stats[k].lat...)
	}
	slices.Sort(all)
	rep.QPS = float64(len(all)) / elapsed.Seconds()
	rep.P50MS, rep.P99MS = percentile(all, .5), percentile(all, .99)
	printMix(stdout, rep)
	return writeOut(c.out, rep)
}

func printMix(w io.Writer, r mixReport) {
	fmt.Fprintf(w, "%s for %s, %d workers: %d requests, %.1f req/s, p50 %.1f ms, p99 %.1f ms, %d 5xx, %d transport errors\n",
		r.URL, r.Duration, r.Workers, r.Requests, r.QPS, r.P50MS, r.P99MS, r.Status5xx, r.Errors)
	fmt.Fprintf(w, "%-13s %9s %8s %8s %8s %8s %9s  %s\n", "kind", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "status codes")
	for _, k := range r.Kinds {
		fmt.Fprintf(w, "%-13s %9d %8.1f %8.1f %8.1f %8.1f %9.1f  %v", k.Kind, k.Requests, k.QPS, k.P50MS, k.P90MS, k.P99MS, k.MaxMS, k.Codes)
		if k.Errors > 0 {
			fmt.Fprintf(w, " errors %d %v", k.Errors, k.ErrText)
		}
		fmt.Fprintln(w)
	}
	if n := len(r.Samples); n > 2 {
		first, lastS := r.Samples[1], r.Samples[n-1]
		fmt.Fprintf(w, "server: rss %.1f → %.1f MiB (peak %.1f), goroutines %d → %d, threads %d → %d\n",
			first.RSSMB, lastS.RSSMB, lastS.PeakRSSMB, first.Goroutines, lastS.Goroutines, first.Threads, lastS.Threads)
	}
}

func writeOut(path string, v any) error {
	if path == "" {
		return nil
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// ---- the attack ----

type attackReport struct {
	URL         string         `json:"url"`
	Conns       int            `json:"conns"`
	BodyBytes   int            `json:"body_bytes"`
	Chunked     bool           `json:"chunked"`
	Rounds      int            `json:"rounds"`
	Codes       map[int]int    `json:"codes"`
	Errors      int            `json:"transport_errors"`
	ErrText     map[string]int `json:"error_text,omitempty"`
	RSSBeforeMB float64        `json:"rss_before_mb"`
	PeakRSSMB   float64        `json:"peak_rss_mb"`
	RSSAfterMB  float64        `json:"rss_after_mb"`
	P50MS       float64        `json:"p50_ms"`
	P99MS       float64        `json:"p99_ms"`
	MaxMS       float64        `json:"max_ms"`
	ProbeMS     float64        `json:"search_during_attack_ms"` // a search sent while the attack runs
}

// runAttack sends rounds of conns concurrent POST /api/v1/similar with a
// body of the given size, all at once, and samples the server's memory
// every 50 ms.
func runAttack(ctx context.Context, c config, stdout io.Writer) error {
	rep := attackReport{URL: c.base, Conns: c.conns, BodyBytes: c.body, Chunked: c.chunked, Rounds: c.rounds,
		Codes: map[int]int{}, ErrText: map[string]int{}}
	rep.RSSBeforeMB, _, _ = procStatus(c.pid)
	// A valid request whose body text is huge: {"title":"…","body":"xxxx…"}.
	prefix := []byte(`{"title":"Pelayanan akta kelahiran langsung dari rumah sakit","body":"`)
	suffix := []byte(`"}`)
	filler := bytes.Repeat([]byte("inovasi pelayanan publik "), c.body/25+1)
	body := append(append(append([]byte{}, prefix...), filler[:max(0, c.body-len(prefix)-len(suffix))]...), suffix...)
	transport := &http.Transport{MaxConnsPerHost: 0, MaxIdleConnsPerHost: c.conns, DisableKeepAlives: true}
	client := &http.Client{Transport: transport, Timeout: 120 * time.Second}
	var mu sync.Mutex
	var lat []time.Duration
	stop := make(chan struct{})
	var peak float64
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if rss, _, _ := procStatus(c.pid); rss > peak {
					mu.Lock()
					peak = max(peak, rss)
					mu.Unlock()
				}
			}
		}
	}()
	for round := 0; round < c.rounds; round++ {
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for i := 0; i < c.conns; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var rd io.Reader = bytes.NewReader(body)
				if c.chunked {
					rd = io.MultiReader(rd) // hides the length: chunked encoding
				}
				req, _ := http.NewRequestWithContext(ctx, "POST", c.base+"/api/v1/similar", rd)
				req.Header.Set("Content-Type", "application/json")
				<-gate
				t := time.Now()
				resp, err := client.Do(req)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					rep.Errors++
					msg := err.Error()
					if i := strings.LastIndex(msg, ": "); i >= 0 {
						msg = msg[i+2:]
					}
					rep.ErrText[msg]++
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				rep.Codes[resp.StatusCode]++
				lat = append(lat, time.Since(t))
			}()
		}
		close(gate)
		// While the attack is on: how long does an ordinary search take?
		time.Sleep(200 * time.Millisecond)
		t := time.Now()
		if resp, err := http.Get(c.base + "/api/v1/search?q=kesehatan"); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			rep.ProbeMS = max(rep.ProbeMS, float64(time.Since(t).Microseconds())/1000)
		}
		wg.Wait()
	}
	close(stop)
	_, hwm, _ := procStatus(c.pid)
	rep.PeakRSSMB = max(peak, hwm)
	time.Sleep(time.Second)
	rep.RSSAfterMB, _, _ = procStatus(c.pid)
	slices.Sort(lat)
	rep.P50MS, rep.P99MS = percentile(lat, .5), percentile(lat, .99)
	if len(lat) > 0 {
		rep.MaxMS = float64(lat[len(lat)-1].Microseconds()) / 1000
	}
	fmt.Fprintf(stdout, "attack: %d rounds × %d concurrent POST /api/v1/similar of %d bytes (chunked %v)\n", rep.Rounds, rep.Conns, rep.BodyBytes, rep.Chunked)
	fmt.Fprintf(stdout, "status codes %v, transport errors %d %v\n", rep.Codes, rep.Errors, rep.ErrText)
	fmt.Fprintf(stdout, "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; a search during the attack took %.1f ms\n", rep.P50MS, rep.P99MS, rep.MaxMS, rep.ProbeMS)
	fmt.Fprintf(stdout, "server RSS: %.1f MiB before, peak %.1f MiB (VmHWM since start), %.1f MiB after\n", rep.RSSBeforeMB, rep.PeakRSSMB, rep.RSSAfterMB)
	return writeOut(c.out, rep)
}
