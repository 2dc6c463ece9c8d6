package search

import (
	"context"
	"os"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"jippnas/content"
	"jippnas/content/store"
	"jippnas/index"
	"jippnas/index/facet"
	"jippnas/index/indextest"
)

// benchDocs is the corpus size of the search benchmarks
// (JIPPNAS_BENCH_DOCS, default 10000).
func benchDocs() int {
	if n, err := strconv.Atoi(os.Getenv("JIPPNAS_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 10000
}

var (
	searchBenchOnce  sync.Once
	searchBenchIndex *Searcher
	searchBenchSynth *indextest.Synth
)

// benchFixture builds one on-disk index of synthetic documents per run.
func searchBenchFixture(b *testing.B) (*Searcher, *indextest.Synth) {
	searchBenchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "jippnas-bench")
		if err != nil {
			b.Fatal(err)
		}
		st, err := store.Open(store.Config{Dir: dir + "/store"})
		if err != nil {
			b.Fatal(err)
		}
		ix, err := index.Open(context.Background(), index.Config{Dir: dir + "/index"}, st)
		if err != nil {
			b.Fatal(err)
		}
		searchBenchSynth = indextest.NewSynth(42, st.Regions())
		n := benchDocs()
		batch := make([]content.Document, 0, 500)
		for i := 0; i < n; i++ {
			batch = append(batch, searchBenchSynth.Doc(i))
			if len(batch) == cap(batch) || i == n-1 {
				if _, err := st.PutBatch(batch); err != nil {
					b.Fatal(err)
				}
				if err := ix.CatchUp(); err != nil {
					b.Fatal(err)
				}
				batch = batch[:0]
			}
		}
		searchBenchIndex = New(ix, Config{})
	})
	return searchBenchIndex, searchBenchSynth
}

func reportLatencies(b *testing.B, lat []time.Duration) {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) == 0 {
		return
	}
	ms := func(p int) float64 { return float64(lat[(len(lat)-1)*p/100].Microseconds()) / 1000 }
	b.ReportMetric(ms(50), "p50-ms")
	b.ReportMetric(ms(99), "p99-ms")
}

// BenchmarkSearchFacets runs the synthetic query set (half with filters,
// facets province/sector/year) as the API does, the result cache off:
// the set repeats, and cached answers would be all it timed.
func BenchmarkSearchFacets(b *testing.B) {
	ix, synth := searchBenchFixture(b)
	var reqs []Request
	for _, q := range synth.Queries(200) {
		r := Request{Query: q.Q, Filters: facet.Filters{}, Facets: q.Facets, Size: 10, NoCache: true}
		for k, v := range q.Filters {
			switch vv := v.(type) {
			case []string:
				r.Filters[k] = vv
			case int:
				if k == "year_from" {
					r.YearFrom = vv
				} else {
					r.YearTo = vv
				}
			}
		}
		reqs = append(reqs, r)
	}
	timeSearches(b, ix, reqs)
}

// BenchmarkSearchNarrowFilters searches common words under a province, a
// sector and a year range, with the three facets counted: the filters'
// candidates, not the words' postings, bound the documents walked
// (facet.Counter.Candidates).
func BenchmarkSearchNarrowFilters(b *testing.B) {
	ix, synth := searchBenchFixture(b)
	words := []string{"pelayanan", "inovasi masyarakat", "layanan publik", "pemerintah daerah", "sistem"}
	var reqs []Request
	for i, p := range synth.Provinces() {
		reqs = append(reqs, Request{Query: words[i%len(words)], Size: 10, NoCache: true,
			Filters:  facet.Filters{facet.Province: {p.Code}, facet.Sector: {synth.Sectors()[i%len(synth.Sectors())]}},
			YearFrom: 2018 + i%4, YearTo: 2020 + i%4, Facets: []string{facet.Province, facet.Sector, facet.Year}})
	}
	timeSearches(b, ix, reqs)
}

// timeSearches runs the requests in turn, b.N in all, and reports their
// latencies.
func timeSearches(b *testing.B, ix *Searcher, reqs []Request) {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := time.Now()
		if _, err := ix.Search(context.Background(), reqs[i%len(reqs)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	b.StopTimer()
	reportLatencies(b, lat)
}
