package index

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"jippnas/content"
	"jippnas/content/markdown"
	"jippnas/content/pages"
	"jippnas/content/refdata"
	"jippnas/content/store"
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
	searchBenchIndex *Index
	searchBenchSynth *Synth
)

// benchFixture builds one on-disk index of synthetic documents per run.
func searchBenchFixture(b *testing.B) (*Index, *Synth) {
	searchBenchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "jippnas-bench")
		if err != nil {
			b.Fatal(err)
		}
		st, err := store.Open(store.Config{Dir: dir + "/store"})
		if err != nil {
			b.Fatal(err)
		}
		ix, err := Open(context.Background(), Config{Dir: dir + "/index"}, st, nil)
		if err != nil {
			b.Fatal(err)
		}
		searchBenchSynth = NewSynth(42, st.Regions())
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
		searchBenchIndex = ix
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
// facets province/sector/year) as the API does.
func BenchmarkSearchFacets(b *testing.B) {
	ix, synth := searchBenchFixture(b)
	var reqs []Request
	for _, q := range synth.Queries(200) {
		r := Request{Query: q.Q, Filters: Filters{}, Facets: q.Facets, Size: 10}
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

// BenchmarkIndexBatch measures indexing throughput into a fresh in-memory
// index, 500 documents per batch.
func BenchmarkIndexBatch(b *testing.B) {
	st, err := store.Open(store.Config{InMemory: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ix, err := Open(context.Background(), Config{InMemory: true}, st, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	synth := NewSynth(7, st.Regions())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		batch := make([]content.Document, 500)
		for j := range batch {
			batch[j] = synth.Doc(i*500 + j)
		}
		if _, err := st.PutBatch(batch); err != nil {
			b.Fatal(err)
		}
		if err := ix.CatchUp(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*500)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkIndexPages renders and indexes 1,000 Markdown pages.
func BenchmarkIndexPages(b *testing.B) {
	synth := NewSynth(3, refdata.DefaultRegions())
	pgs := make([]pages.Page, 1000)
	for i := range pgs {
		d := synth.Doc(i)
		body := fmt.Sprintf("## Latar belakang\n\n%s\n\n## Langkah\n\n- %s\n- %s\n\n| a | b |\n|---|---|\n| %d | %s |\n\n## Hasil\n\n%s\n",
			d.Body[:len(d.Body)/3], d.Title, d.Summary, i, d.Sector, d.Body[len(d.Body)/3:])
		pgs[i] = pages.Page{Type: content.PageGuide, Slug: fmt.Sprintf("halaman-%04d", i), Title: d.Title,
			Summary: d.Summary, Published: "2024-01-01", Body: body}
	}
	r := markdown.New(nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, err := store.Open(store.Config{InMemory: true})
		if err != nil {
			b.Fatal(err)
		}
		ix, err := Open(context.Background(), Config{InMemory: true}, st, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range pgs {
			if _, err := r.Render([]byte(p.Body)); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := pages.Sync(st, pgs); err != nil {
			b.Fatal(err)
		}
		if err := ix.CatchUp(); err != nil {
			b.Fatal(err)
		}
		ix.Close()
		st.Close()
	}
	b.ReportMetric(float64(b.N*len(pgs))/b.Elapsed().Seconds(), "pgs/s")
}
