package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"jippnas/content"
	"jippnas/content/hub"
	"jippnas/content/importer"
	"jippnas/content/store"
	"jippnas/index"
	"jippnas/index/facet"
	"jippnas/index/indextest"
	"jippnas/index/search"
	"jippnas/server"
)

// benchConfig is the whole benchmark run.
type benchConfig struct {
	n, nq, reps, warmup, clients int
	seed                         int64
	corpus, queries, out, data   string
	keep, http, bleveSearch      bool
	cpuProfile, memProfile       string
	postingsCache                int64 // search.Config.PostingsCacheBytes
	postingsCacheMin             int
	shortPostingsCache           int64 // search.Config.ShortPostingsCacheBytes
	parallelMin                  int
}

func cmdBench(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("bench", "bench [--n 10000] [--corpus FILE.jsonl] [--queries FILE.jsonl] [--out FILE.json]\n\n"+
		"Imports a corpus (generated, or read from --corpus in the import format) into a fresh data directory, then\n"+
		"times the query set (generated, or --queries: one {\"q\",\"filters\",\"facets\",\"size\"} a line) in-process\n"+
		"and over HTTP, with 1 and N clients, and reports indexing docs/s, sizes, peak RSS and latencies.", stderr)
	var c benchConfig
	fs.IntVar(&c.n, "n", 10000, "documents to generate (ignored with --corpus)")
	fs.Int64Var(&c.seed, "seed", 42, "seed of the generated corpus and queries")
	fs.IntVar(&c.nq, "nq", 200, "queries to generate (ignored with --queries)")
	fs.StringVar(&c.corpus, "corpus", "", "corpus file (JSON Lines, the import format)")
	fs.StringVar(&c.queries, "queries", "", "query file (JSON Lines)")
	fs.StringVar(&c.out, "out", "", "write per-query results and figures as JSON (the peers' format)")
	fs.StringVar(&c.data, "data", "", "data directory (default: a temporary one, removed afterwards); one that already holds documents is reused without importing")
	fs.BoolVar(&c.keep, "keep", false, "keep the temporary data directory")
	fs.IntVar(&c.reps, "reps", 3, "timed passes over the query set")
	fs.IntVar(&c.warmup, "warmup", 1, "untimed passes before timing")
	fs.IntVar(&c.clients, "clients", runtime.GOMAXPROCS(0), "concurrent clients for the throughput runs")
	fs.BoolVar(&c.http, "http", true, "also time the queries over HTTP on a loopback port")
	fs.BoolVar(&c.bleveSearch, "bleve-search", false, "run every search through Bleve's searchers instead of the direct path (for comparison)")
	fs.Int64Var(&c.postingsCache, "postings-cache", 0, "bytes of decoded postings of frequent terms the search keeps (0: the default, negative: none)")
	fs.IntVar(&c.postingsCacheMin, "postings-cache-min", 0, "postings a term needs in a segment to be kept decoded (0: the default)")
	fs.Int64Var(&c.shortPostingsCache, "short-postings-cache", 0, "bytes of decoded postings of shorter lists, kept apart (0: the default, negative: none)")
	fs.IntVar(&c.parallelMin, "parallel-min", 0, "postings a search's words need for its scan to be split between goroutines (0: the default, negative: never)")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file")
	fs.StringVar(&c.memProfile, "memprofile", "", "write a heap profile (in use, sampled halfway through the import) to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return runBench(ctx, c, stdout, stderr)
}

// benchResult follows the peers' result format (shared/peers/bench.py) so
// that compare.py reads it.
type benchResult struct {
	Engine  string         `json:"engine"`
	Label   string         `json:"label"`
	Date    string         `json:"date"`
	Machine map[string]any `json:"machine"`
	NDocs   int            `json:"n_docs"`
	Index   map[string]any `json:"index"`
	Query   map[string]any `json:"query"`
	Extra   map[string]any `json:"extra"`
	Results []queryResult  `json:"results"`
}

type queryResult struct {
	QI      int                       `json:"qi"`
	Q       string                    `json:"q"`
	Filters map[string]any            `json:"filters"`
	Total   uint64                    `json:"total"`
	IDs     []string                  `json:"ids"`
	Facets  map[string]map[string]int `json:"facets"`
	P50     float64                   `json:"p50_ms"`
	Lat     []float64                 `json:"lat_ms"`
}

func runBench(ctx context.Context, c benchConfig, stdout, stderr io.Writer) error {
	dir := c.data
	if dir == "" {
		tmp, err := os.MkdirTemp("", "jippnas-bench")
		if err != nil {
			return err
		}
		dir = tmp
		if !c.keep {
			defer os.RemoveAll(tmp)
		}
	}
	st, err := store.Open(store.Config{Dir: filepath.Join(dir, "store")})
	if err != nil {
		return err
	}
	defer st.Close()
	ix, err := index.Open(ctx, index.Config{Dir: filepath.Join(dir, "index")}, st)
	if err != nil {
		return err
	}
	defer ix.Close()
	// An index of an older schema is rebuilt in the background; timing
	// searches against the old one while it builds measures neither.
	waitFrom := time.Now()
	if err := ix.WaitRebuild(ctx); err != nil {
		return err
	}
	if d := time.Since(waitFrom); d > time.Second {
		fmt.Fprintf(stdout, "index rebuilt for schema %s in %s before timing\n", index.SchemaVersion, d.Round(time.Millisecond))
	}
	sr := search.New(ix, search.Config{BleveSearch: c.bleveSearch, PostingsCacheBytes: c.postingsCache, PostingsCacheMin: c.postingsCacheMin, ShortPostingsCacheBytes: c.shortPostingsCache, ParallelMin: c.parallelMin})
	res := benchResult{Engine: "jippnas", Label: "run", Date: time.Now().UTC().Format(time.RFC3339),
		Machine: map[string]any{"nproc": runtime.NumCPU(), "gomaxprocs": runtime.GOMAXPROCS(0), "go": runtime.Version()},
		Extra:   map[string]any{}}
	anon := startAnonSampler()
	defer close(anon.stop)

	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	// Import, unless --data names a directory that already holds a corpus
	// (to time queries again without importing again).
	existing, err := st.Count()
	if err != nil {
		return err
	}
	resetPeakRSS()
	start, cpuStart := time.Now(), cpuTime()
	var docs int
	halfway := c.n / 2
	progress := func(n int) {
		if c.memProfile != "" && n >= halfway && halfway > 0 {
			halfway = 0
			if f, err := os.Create(c.memProfile); err == nil {
				pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
		if n%50000 < 1000 {
			fmt.Fprintf(stderr, "bench: %d documents imported (%.0f docs/s, RSS peak %d MB)\n", n, float64(n)/time.Since(start).Seconds(), peakRSS()>>20)
		}
	}
	if existing == 0 {
		// The hub takes the innovations of a store it opens for the
		// first time under its workflow, rewriting those whose
		// institution it resolves. The web phase below opens it; opened
		// here, on the empty store, it has nothing to take, and the
		// documents the bench writes stay as imported (and timed).
		reg, err := hub.NewRegistry(st.Regions())
		if err != nil {
			return err
		}
		if _, err := hub.Open(st, hub.Config{Registry: reg}); err != nil {
			return err
		}
	}
	follow := ix.Follow()
	if existing > 0 {
		docs = existing
		fmt.Fprintf(stderr, "bench: %s already holds %d documents; not importing\n", dir, existing)
	} else if c.corpus != "" {
		r, err := st.Import(func() (io.ReadCloser, error) { return os.Open(c.corpus) }, c.corpus, importer.FormatOf(c.corpus),
			store.ImportOptions{BatchSize: 1000, AfterBatch: follow.Kick, Progress: progress, SkipInvalid: true})
		if err != nil {
			follow.Close()
			return err
		}
		docs = r.Written
		if len(r.Errors) > 0 {
			fmt.Fprintf(stderr, "bench: %d corpus lines skipped (first: %v)\n", r.Skipped, r.Errors[0])
		}
	} else {
		synth := indextest.NewSynth(c.seed, st.Regions())
		batch := make([]content.Document, 0, 500)
		for i := 0; i < c.n; i++ {
			if err := ctx.Err(); err != nil { // interrupted: stop importing
				follow.Close()
				return err
			}
			batch = append(batch, synth.Doc(i))
			if len(batch) == cap(batch) || i == c.n-1 {
				if _, err := st.PutBatch(batch); err != nil {
					follow.Close()
					return err
				}
				if err := follow.Kick(); err != nil {
					follow.Close()
					return err
				}
				docs += len(batch)
				progress(docs)
				batch = batch[:0]
			}
		}
	}
	if err := follow.Close(); err != nil {
		return err
	}
	importWall, importCPU := time.Since(start), cpuTime()-cpuStart
	importPeak := peakRSS()
	importAnon := anon.take()
	idxSize, storeSize := dirSize(filepath.Join(dir, "index")), dirSize(filepath.Join(dir, "store"))
	res.NDocs = docs
	res.Index = map[string]any{"wall_s": importWall.Seconds(), "cpu_s": importCPU.Seconds(), "docs": docs, "docs_per_s": float64(docs) / importWall.Seconds(),
		"size_bytes": idxSize, "store_bytes": storeSize, "peak_rss_bytes": importPeak, "peak_anon_rss_bytes": importAnon,
		"rss_method": "VmHWM of the process (store + index + corpus generation; includes mapped file pages); anon: peak RssAnon sampled every 100 ms"}
	if existing > 0 {
		fmt.Fprintf(stdout, "reused %d docs; index %.1f MB, store %.1f MB\n", docs, float64(idxSize)/1e6, float64(storeSize)/1e6)
	} else {
		fmt.Fprintf(stdout, "import: %d docs in %s: %.0f docs/s (processor time %.1f s); index %.1f MB, store %.1f MB; peak RSS %d MB (anonymous %d MB)\n",
			docs, importWall.Round(time.Millisecond), float64(docs)/importWall.Seconds(), importCPU.Seconds(), float64(idxSize)/1e6, float64(storeSize)/1e6, importPeak>>20, importAnon>>20)
	}

	{
		// Scorch goes on merging the segments an import (or a reopened
		// index's catch-up) leaves: the size a user keeps is the one once
		// it is done, and queries are timed against the index at rest,
		// not while merges take a core.
		rest, waited := settle(ctx, filepath.Join(dir, "index"), 2*time.Second, 2*time.Minute)
		res.Index["size_at_rest_bytes"] = rest
		fmt.Fprintf(stdout, "index at rest: %.1f MB (merges settled in %s)\n", float64(rest)/1e6, waited.Round(100*time.Millisecond))
	}

	// Queries.
	queries, err := loadBenchQueries(c, st)
	if err != nil {
		return err
	}
	// Timed without the result cache: the work itself. The cached figure
	// (what repeated searches get) is reported apart.
	reqs := make([]search.Request, len(queries))
	for i, q := range queries {
		reqs[i] = q.request()
		reqs[i].NoCache = true
	}
	resetPeakRSS()
	for w := 0; w < c.warmup; w++ {
		for _, r := range reqs {
			if _, err := sr.Search(ctx, r); err != nil {
				return err
			}
		}
	}
	lat := make([][]float64, len(reqs))
	res.Results = make([]queryResult, len(reqs))
	qstart := time.Now()
	for rep := 0; rep < c.reps; rep++ {
		for i, r := range reqs {
			t := time.Now()
			out, err := sr.Search(ctx, r)
			if err != nil {
				return err
			}
			lat[i] = append(lat[i], float64(time.Since(t).Microseconds())/1000)
			if rep == 0 {
				res.Results[i] = resultOf(i, queries[i], out)
			}
		}
	}
	qwall := time.Since(qstart)
	var all []float64
	for i := range lat {
		res.Results[i].Lat = lat[i]
		res.Results[i].P50 = percentile(sorted(lat[i]), 50)
		all = append(all, lat[i]...)
	}
	all = sorted(all)
	res.Query = map[string]any{"executions": len(all), "timed_wall_s": qwall.Seconds(), "qps": float64(len(all)) / qwall.Seconds(),
		"p50_ms": percentile(all, 50), "p95_ms": percentile(all, 95), "p99_ms": percentile(all, 99)}
	fmt.Fprintf(stdout, "search, 1 client, in-process: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %.0f QPS\n",
		percentile(all, 50), percentile(all, 95), percentile(all, 99), float64(len(all))/qwall.Seconds())

	// The peers answer ids, scores and facets; this is the same work with
	// the cards read but no passages found (highlight=false).
	blat, err := timeVariant(ctx, sr, reqs, c.reps, func(r *search.Request) { r.NoHighlight = true })
	if err != nil {
		return err
	}
	report(&res, stdout, "search without highlights, 1 client, in-process", blat)

	// The peers' work exactly: their queries require every word, so a
	// search with fewer hits than a page is not widened to documents
	// with some of the words (relax=false), and they count facets over
	// the filtered matches (facet_counts=hits), not each filtered facet
	// without its own filter. The totals are kept to check against the
	// peers' (where the analysis agrees they are the same).
	peers := func(r *search.Request) { r.NoHighlight, r.NoRelax, r.FacetsOfHits = true, true, true }
	plat, err := timeVariant(ctx, sr, reqs, c.reps, peers)
	if err != nil {
		return err
	}
	report(&res, stdout, "search as the peers (no highlights, every word required, facets over the hits), 1 client, in-process", plat)
	totals := make([]uint64, len(reqs))
	for i, r := range reqs {
		peers(&r)
		out, err := sr.Search(ctx, r)
		if err != nil {
			return err
		}
		totals[i] = out.Total
	}
	res.Extra["peers_work_totals"] = totals

	qps, err := concurrentRun(c.clients, len(reqs)*c.reps, func(i int) error {
		_, err := sr.Search(ctx, reqs[i%len(reqs)])
		return err
	})
	if err != nil {
		return err
	}
	res.Extra["inprocess_qps_clients"] = map[string]any{"clients": c.clients, "qps": qps}
	fmt.Fprintf(stdout, "search, %d clients, in-process: %.0f QPS\n", c.clients, qps)

	useCache := func(r *search.Request) { r.NoCache = false }
	if _, err := timeVariant(ctx, sr, reqs, 1, useCache); err != nil { // fills the cache
		return err
	}
	clat, err := timeVariant(ctx, sr, reqs, c.reps, useCache)
	if err != nil {
		return err
	}
	report(&res, stdout, "search, result cache warm", clat)

	if c.http {
		if err := benchHTTP(ctx, c, st, ix, queries, &res, stdout); err != nil {
			return err
		}
	}
	if err := benchExtras(ctx, c, st, ix, queries, &res, stdout); err != nil {
		return err
	}
	res.Query["peak_rss_bytes"] = peakRSS()
	res.Query["peak_anon_rss_bytes"] = anon.peak.Load()
	fmt.Fprintf(stdout, "serving: peak RSS %d MB (anonymous %d MB)\n", peakRSS()>>20, anon.peak.Load()>>20)
	if c.out != "" {
		b, err := json.MarshalIndent(res, "", " ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(c.out, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// timeVariant times reps passes over reqs, each request changed by change.
func timeVariant(ctx context.Context, sr *search.Searcher, reqs []search.Request, reps int, change func(*search.Request)) ([]float64, error) {
	vs := make([]search.Request, len(reqs))
	for i, r := range reqs {
		vs[i] = r
		change(&vs[i])
	}
	return timeEach(len(vs)*reps, func(i int) error {
		_, err := sr.Search(ctx, vs[i%len(vs)])
		return err
	})
}

// benchQuery is one line of a query file.
type benchQuery struct {
	Q       string         `json:"q"`
	Filters map[string]any `json:"filters"`
	Facets  []string       `json:"facets"`
	Size    int            `json:"size"`
}

func (q benchQuery) request() search.Request {
	r := search.Request{Query: q.Q, Filters: facet.Filters{}, Size: q.Size, Facets: q.Facets}
	if r.Size == 0 {
		r.Size = 10
	}
	if len(q.Facets) == 0 {
		r.NoFacets = true
	}
	for k, v := range q.Filters {
		switch k {
		case "year_from":
			r.YearFrom = toInt(v)
		case "year_to":
			r.YearTo = toInt(v)
		default:
			switch vv := v.(type) {
			case []any:
				for _, x := range vv {
					r.Filters[k] = append(r.Filters[k], fmt.Sprint(x))
				}
			case []string:
				r.Filters[k] = vv
			default:
				r.Filters[k] = []string{fmt.Sprint(vv)}
			}
		}
	}
	return r
}

func toInt(v any) int {
	switch x := v.(type) {
	case float64:
		return int(x)
	case int:
		return x
	case string:
		n, _ := strconv.Atoi(x)
		return n
	}
	return 0
}

func loadBenchQueries(c benchConfig, st *store.Store) ([]benchQuery, error) {
	if c.queries == "" {
		var out []benchQuery
		for _, q := range indextest.NewSynth(c.seed, st.Regions()).Queries(c.nq) {
			out = append(out, benchQuery{Q: q.Q, Filters: q.Filters, Facets: q.Facets, Size: q.Size})
		}
		return out, nil
	}
	f, err := os.Open(c.queries)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []benchQuery
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q benchQuery
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", c.queries, line, err)
		}
		out = append(out, q)
	}
	return out, sc.Err()
}

func resultOf(i int, q benchQuery, r *search.Result) queryResult {
	qr := queryResult{QI: i, Q: q.Q, Filters: q.Filters, Total: r.Total, IDs: []string{}, Facets: map[string]map[string]int{}}
	for _, h := range r.Hits {
		qr.IDs = append(qr.IDs, h.Doc.ID)
	}
	for name, vals := range r.Facets {
		m := map[string]int{}
		for _, v := range vals {
			if v.Count > 0 {
				m[v.Value] = v.Count
			}
		}
		// The peers name the province facet after their field.
		if name == facet.Province {
			name = "province_code"
		}
		qr.Facets[name] = m
	}
	return qr
}

func concurrentRun(clients, total int, fn func(i int) error) (float64, error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr atomic.Value
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= total {
					return
				}
				if err := fn(i); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return 0, err
	}
	return float64(total) / time.Since(start).Seconds(), nil
}

func benchHTTP(ctx context.Context, c benchConfig, st *store.Store, ix *index.Index, queries []benchQuery, res *benchResult, stdout io.Writer) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	// No rate limit: the bench is one address asking faster than a visitor.
	srv := &http.Server{Handler: server.New(server.Config{Limits: server.Limits{Rate: -1}}, st, ix).Handler()}
	go srv.Serve(ln)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c.clients * 2}}
	urls := make([]string, len(queries))
	for i, q := range queries {
		v := url.Values{"q": {q.Q}, "understand": {"false"}}
		r := q.request()
		for k, vals := range r.Filters {
			v[k] = vals
		}
		if r.YearFrom > 0 {
			v.Set("year_from", strconv.Itoa(r.YearFrom))
		}
		if r.YearTo > 0 {
			v.Set("year_to", strconv.Itoa(r.YearTo))
		}
		if len(q.Facets) > 0 {
			v.Set("facets", strings.Join(q.Facets, ","))
		} else {
			v.Set("facets", "none")
		}
		urls[i] = "http://" + ln.Addr().String() + "/api/v1/search?" + v.Encode()
	}
	get := func(u string) error {
		resp, err := client.Get(u)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("%s: status %d", u, resp.StatusCode)
		}
		return err
	}
	for _, u := range urls {
		if err := get(u); err != nil {
			return err
		}
	}
	var lats []float64
	start := time.Now()
	for rep := 0; rep < c.reps; rep++ {
		for _, u := range urls {
			t := time.Now()
			if err := get(u); err != nil {
				return err
			}
			lats = append(lats, float64(time.Since(t).Microseconds())/1000)
		}
	}
	wall := time.Since(start)
	lats = sorted(lats)
	qps, err := concurrentRun(c.clients, len(urls)*c.reps, func(i int) error { return get(urls[i%len(urls)]) })
	if err != nil {
		return err
	}
	res.Extra["http"] = map[string]any{"p50_ms": percentile(lats, 50), "p95_ms": percentile(lats, 95), "p99_ms": percentile(lats, 99),
		"qps_1": float64(len(lats)) / wall.Seconds(), "qps_clients": qps, "clients": c.clients}
	fmt.Fprintf(stdout, "search over HTTP (result cache on, as users get it): 1 client p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %.0f QPS; %d clients %.0f QPS\n",
		percentile(lats, 50), percentile(lats, 95), percentile(lats, 99), float64(len(lats))/wall.Seconds(), c.clients, qps)
	return nil
}

func sorted(x []float64) []float64 {
	y := append([]float64(nil), x...)
	sort.Float64s(y)
	return y
}

func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

// dirSize counts the blocks allocated on disk: Badger preallocates sparse
// files whose apparent size says nothing about the space used.
// settle waits until the size of dir has not changed for quiet (or
// until limit), and returns the size and the time waited.
func settle(ctx context.Context, dir string, quiet, limit time.Duration) (int64, time.Duration) {
	start := time.Now()
	last, since := dirSize(dir), time.Now()
	for time.Since(since) < quiet && time.Since(start) < limit && ctx.Err() == nil {
		time.Sleep(100 * time.Millisecond)
		if n := dirSize(dir); n != last {
			last, since = n, time.Now()
		}
	}
	return last, time.Since(start)
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			if st, ok := info.Sys().(*syscall.Stat_t); ok {
				n += st.Blocks * 512
			} else {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// cpuTime is the processor time the process has used, user and system:
// beside the wall time of an import, the work it took, which another
// program's load on the machine changes less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is the high-water mark of resident memory (Linux VmHWM). It
// includes the pages of memory-mapped index and store files, which the
// kernel can drop at will.
func peakRSS() int64 { return procStatus("VmHWM:") }

// procStatus reads one size field of /proc/self/status, in bytes.
func procStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// anonSampler tracks the peak of anonymous resident memory (heap, stacks:
// what the process itself holds), sampled every 100 ms.
type anonSampler struct {
	peak atomic.Int64
	stop chan struct{}
}

func startAnonSampler() *anonSampler {
	a := &anonSampler{stop: make(chan struct{})}
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if v := procStatus("RssAnon:"); v > a.peak.Load() {
				a.peak.Store(v)
			}
			select {
			case <-a.stop:
				return
			case <-t.C:
			}
		}
	}()
	return a
}

// take returns the peak so far and starts a new one.
func (a *anonSampler) take() int64 {
	p := a.peak.Load()
	a.peak.Store(procStatus("RssAnon:"))
	return p
}

// resetPeakRSS restarts the high-water mark, so that serving is measured
// apart from importing.
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }
