package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"jippnas/content"
	"jippnas/content/store"
)

// Search insight tells PANRB's editors what the public looks for: popular
// queries, queries without results, and queries whose results nobody
// opens, per day and per week.
//
// Privacy first: only aggregates are kept — the normalised query text
// (numbers of five digits or more and e-mail addresses removed, as they
// may identify a person) and, per day, how often it was searched, found
// nothing, and had a result opened. No IP address, cookie, user agent or
// other identifier is recorded, and nothing links one search to another.
// Days older than the retention period are deleted.
//
// Counting is in memory and flushed to the store periodically and at
// shutdown, so a search never waits for a write. Memory is bounded: at
// most insightMaxQueries distinct queries per day; later new ones are
// counted together as insightOther.

const (
	insightPrefix     = "insight/day/"
	insightMaxQueries = 5000
	insightOther      = "(lainnya)"
	insightMaxRunes   = 100
	redactedEmail     = "[surel]"
	redactedNumber    = "[angka]"
)

// wib is Western Indonesia Time (UTC+7, no daylight saving): a day of
// insight is a day in Jakarta.
var wib = time.FixedZone("WIB", 7*3600)

// queryCounts are the aggregates of one query on one day.
type queryCounts struct {
	Searches int `json:"s"`
	Zero     int `json:"z"`
	Clicks   int `json:"c"`
}

func (c *queryCounts) add(o queryCounts) {
	c.Searches += o.Searches
	c.Zero += o.Zero
	c.Clicks += o.Clicks
}

// insightDay is the stored record of one day.
type insightDay struct {
	Queries map[string]queryCounts `json:"queries"`
}

type insight struct {
	store     *store.Store
	retention time.Duration
	now       func() time.Time

	mu      sync.Mutex
	pending map[string]map[string]*queryCounts // day → query → counts not yet in the store
	known   map[string]map[string]bool         // day → queries seen that day (today and yesterday only)

	stop chan struct{}
	done chan struct{}
}

func newInsight(st *store.Store, retention time.Duration, now func() time.Time) *insight {
	return &insight{store: st, retention: retention, now: now,
		pending: map[string]map[string]*queryCounts{}, known: map[string]map[string]bool{}}
}

func (in *insight) day(t time.Time) string { return t.In(wib).Format(time.DateOnly) }

// normalizeQuery is the form a query is counted under: NFKC, lower case,
// punctuation removed, spaces collapsed, at most insightMaxRunes; tokens
// that may identify a person (long numbers such as NIK or phone numbers,
// e-mail addresses) are replaced. "" means: do not count.
func normalizeQuery(q string) string {
	q = norm.NFKC.String(q)
	var words []string
	for _, tok := range strings.Fields(q) {
		switch {
		case tok == redactedEmail || tok == redactedNumber:
		case strings.Contains(tok, "@"):
			tok = redactedEmail
		case countDigits(tok) >= 5:
			tok = redactedNumber
		default:
			tok = strings.Map(func(r rune) rune {
				switch {
				case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-':
					return unicode.ToLower(r)
				case unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
					return ' '
				}
				return -1
			}, tok)
		}
		if tok == redactedEmail || tok == redactedNumber {
			words = append(words, tok)
			continue
		}
		for _, w := range strings.Fields(tok) {
			if w = strings.Trim(w, "-"); w != "" {
				words = append(words, w)
			}
		}
	}
	out := strings.Join(words, " ")
	if r := []rune(out); len(r) > insightMaxRunes {
		out = string(r[:insightMaxRunes])
		if i := strings.LastIndexByte(out, ' '); i > 0 {
			out = out[:i]
		}
	}
	return out
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// knownLocked returns the set of queries seen on day, loading it from the
// store the first time (after a restart) and forgetting days before
// yesterday.
func (in *insight) knownLocked(day string) map[string]bool {
	if k, ok := in.known[day]; ok {
		return k
	}
	yesterday := in.day(in.now().AddDate(0, 0, -1))
	for d := range in.known {
		if d < yesterday {
			delete(in.known, d)
		}
	}
	k := map[string]bool{}
	var rec insightDay
	if err := in.store.View(func(tx *store.Tx) error { return tx.GetJSON(insightPrefix+day, &rec) }); err == nil {
		for q := range rec.Queries {
			k[q] = true
		}
	}
	in.known[day] = k
	return k
}

func (in *insight) countLocked(day, q string) *queryCounts {
	p := in.pending[day]
	if p == nil {
		p = map[string]*queryCounts{}
		in.pending[day] = p
	}
	c := p[q]
	if c == nil {
		c = &queryCounts{}
		p[q] = c
	}
	return c
}

// search counts one search and whether it found anything.
func (in *insight) search(query string, total uint64) {
	q := normalizeQuery(query)
	if q == "" {
		return
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	day := in.day(in.now())
	k := in.knownLocked(day)
	if !k[q] {
		if len(k) >= insightMaxQueries {
			q = insightOther
		}
		k[q] = true
	}
	c := in.countLocked(day, q)
	c.Searches++
	if total == 0 {
		c.Zero++
	}
}

// click counts that a result of query was opened. Only queries searched
// today or yesterday count, so that a forged beacon cannot plant new text.
func (in *insight) click(query string) bool {
	q := normalizeQuery(query)
	if q == "" {
		return false
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	now := in.now()
	for _, day := range []string{in.day(now), in.day(now.AddDate(0, 0, -1))} {
		if in.knownLocked(day)[q] {
			in.countLocked(day, q).Clicks++
			return true
		}
	}
	return false
}

// flush merges the pending counts into the stored days and deletes the
// days past the retention period, in one transaction. On failure the
// counts stay pending for the next flush.
func (in *insight) flush() error {
	in.mu.Lock()
	pending := in.pending
	in.pending = map[string]map[string]*queryCounts{}
	in.mu.Unlock()
	cutoff := in.day(in.now().Add(-in.retention))
	err := in.store.Update(func(tx *store.Tx) error {
		for day, qs := range pending {
			if day < cutoff {
				continue
			}
			var rec insightDay
			if err := tx.GetJSON(insightPrefix+day, &rec); err != nil && !errors.Is(err, content.ErrNotFound) {
				return err
			}
			if rec.Queries == nil {
				rec.Queries = map[string]queryCounts{}
			}
			for q, c := range qs {
				stored := rec.Queries[q]
				stored.add(*c)
				rec.Queries[q] = stored
			}
			if err := tx.SetJSON(insightPrefix+day, rec); err != nil {
				return err
			}
		}
		var old []string
		if err := tx.Each(insightPrefix, func(key string, _ []byte) error {
			if strings.TrimPrefix(key, insightPrefix) < cutoff {
				old = append(old, key)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range old {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		in.mu.Lock()
		for day, qs := range pending {
			for q, c := range qs {
				in.countLocked(day, q).add(*c)
			}
		}
		in.mu.Unlock()
		return fmt.Errorf("insight flush: %w", err)
	}
	return nil
}

// start flushes every interval until close.
func (in *insight) start(every time.Duration, logErr func(error)) {
	in.stop, in.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(in.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-in.stop:
				return
			case <-t.C:
				if err := in.flush(); err != nil {
					logErr(err)
				}
			}
		}
	}()
}

// close stops the periodic flush and flushes what is left.
func (in *insight) close() error {
	if in.stop != nil {
		close(in.stop)
		<-in.done
		in.stop = nil
	}
	return in.flush()
}

// ---- reports ----

// queryStat is one query in a report.
type queryStat struct {
	Query       string `json:"query"`
	Searches    int    `json:"searches"`
	ZeroResults int    `json:"zero_results"`
	Clicks      int    `json:"clicks"`
}

// periodStat is one day or week of the series.
type periodStat struct {
	Period      string `json:"period"` // YYYY-MM-DD or YYYY-Www
	From        string `json:"from"`
	To          string `json:"to"`
	Searches    int    `json:"searches"`
	ZeroResults int    `json:"zero_results"`
	Clicks      int    `json:"clicks"`
	Queries     int    `json:"distinct_queries"`
}

// insightReport is what /api/v1/insight and /wawasan show.
type insightReport struct {
	Period        string       `json:"period"` // day or week
	From          string       `json:"from"`
	To            string       `json:"to"`
	RetentionDays int          `json:"retention_days"`
	Totals        periodStat   `json:"totals"`
	Popular       []queryStat  `json:"popular"`
	ZeroResults   []queryStat  `json:"zero_results"`
	NotOpened     []queryStat  `json:"not_opened"`
	Series        []periodStat `json:"series"`
}

// days returns the stored and pending counts of the days from..to
// (inclusive, YYYY-MM-DD).
func (in *insight) days(from, to string) (map[string]map[string]queryCounts, error) {
	out := map[string]map[string]queryCounts{}
	err := in.store.View(func(tx *store.Tx) error {
		return tx.Each(insightPrefix, func(key string, v []byte) error {
			day := strings.TrimPrefix(key, insightPrefix)
			if day < from || day > to {
				return nil
			}
			var rec insightDay
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
			out[day] = rec.Queries
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	for day, qs := range in.pending {
		if day < from || day > to {
			continue
		}
		m := out[day]
		if m == nil {
			m = map[string]queryCounts{}
			out[day] = m
		}
		for q, c := range qs {
			s := m[q]
			s.add(*c)
			m[q] = s
		}
	}
	return out, nil
}

// weekStart is the Monday of t's ISO week.
func weekStart(t time.Time) time.Time {
	wd := (int(t.Weekday()) + 6) % 7 // Monday = 0
	return t.AddDate(0, 0, -wd)
}

// report builds the report of one day or one ISO week ending on date, with
// a series of the 14 days or 8 weeks up to it.
func (in *insight) report(period string, date time.Time, limit int) (*insightReport, error) {
	date = date.In(wib)
	date = time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, wib)
	var from, to time.Time
	var series [][2]time.Time
	switch period {
	case "day":
		from, to = date, date
		for i := 13; i >= 0; i-- {
			d := date.AddDate(0, 0, -i)
			series = append(series, [2]time.Time{d, d})
		}
	default:
		period = "week"
		from = weekStart(date)
		to = from.AddDate(0, 0, 6)
		for i := 7; i >= 0; i-- {
			w := from.AddDate(0, 0, -7*i)
			series = append(series, [2]time.Time{w, w.AddDate(0, 0, 6)})
		}
	}
	all, err := in.days(series[0][0].Format(time.DateOnly), to.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	sum := func(a, b time.Time) (map[string]queryCounts, periodStat) {
		qs := map[string]queryCounts{}
		st := periodStat{From: a.Format(time.DateOnly), To: b.Format(time.DateOnly)}
		for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
			for q, c := range all[d.Format(time.DateOnly)] {
				s := qs[q]
				s.add(c)
				qs[q] = s
				st.Searches += c.Searches
				st.ZeroResults += c.Zero
				st.Clicks += c.Clicks
			}
		}
		st.Queries = len(qs)
		return qs, st
	}
	rep := &insightReport{Period: period, From: from.Format(time.DateOnly), To: to.Format(time.DateOnly),
		RetentionDays: int(in.retention.Hours() / 24)}
	for _, s := range series {
		_, st := sum(s[0], s[1])
		st.Period = st.From
		if period == "week" {
			y, w := s[0].ISOWeek()
			st.Period = fmt.Sprintf("%d-W%02d", y, w)
		}
		rep.Series = append(rep.Series, st)
	}
	qs, totals := sum(from, to)
	rep.Totals = totals
	rep.Totals.Period = rep.Series[len(rep.Series)-1].Period
	var stats []queryStat
	for q, c := range qs {
		stats = append(stats, queryStat{Query: q, Searches: c.Searches, ZeroResults: c.Zero, Clicks: c.Clicks})
	}
	top := func(keep func(queryStat) bool, key func(queryStat) int) []queryStat {
		out := []queryStat{}
		for _, s := range stats {
			if keep(s) {
				out = append(out, s)
			}
		}
		slices.SortFunc(out, func(a, b queryStat) int {
			if d := key(b) - key(a); d != 0 {
				return d
			}
			return strings.Compare(a.Query, b.Query)
		})
		return out[:min(limit, len(out))]
	}
	rep.Popular = top(func(queryStat) bool { return true }, func(s queryStat) int { return s.Searches })
	rep.ZeroResults = top(func(s queryStat) bool { return s.ZeroResults > 0 }, func(s queryStat) int { return s.ZeroResults })
	rep.NotOpened = top(func(s queryStat) bool { return s.Clicks == 0 && s.Searches > s.ZeroResults },
		func(s queryStat) int { return s.Searches - s.ZeroResults })
	return rep, nil
}

// isRefinement tells a search that only changes the filters or the page
// of the previous one (the visitor came from a results page for the same
// words) from a new search, so that one search is counted once.
func isRefinement(referer, query string) bool {
	u, err := url.Parse(referer)
	if err != nil || (u.Path != "/cari" && u.Path != embedFramePath) {
		return false
	}
	return normalizeQuery(u.Query().Get("q")) == normalizeQuery(query)
}
