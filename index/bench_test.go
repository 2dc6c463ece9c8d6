package index_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/content"
	"jippnas/content/markdown"
	"jippnas/content/pages"
	"jippnas/content/refdata"
	"jippnas/content/store"
	"jippnas/index"
	"jippnas/index/indextest"
	"jippnas/index/jzap"
)

// BenchmarkIndexBatch measures indexing throughput into a fresh in-memory
// index, 500 documents per batch.
func BenchmarkIndexBatch(b *testing.B) {
	st, err := store.Open(store.Config{InMemory: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ix, err := index.Open(context.Background(), index.Config{InMemory: true}, st)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	synth := indextest.NewSynth(7, st.Regions())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		batch := synthDocs(synth, i*500, 500)
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
	synth := indextest.NewSynth(3, refdata.DefaultRegions())
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
		ix, err := index.Open(context.Background(), index.Config{InMemory: true}, st)
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
	b.ReportMetric(float64(b.N*len(pgs))/b.Elapsed().Seconds(), "pages/s")
}

// synthDocs generates documents from to from+n-1.
func synthDocs(synth *indextest.Synth, from, n int) []content.Document {
	docs := make([]content.Document, n)
	for i := range docs {
		docs[i] = synth.Doc(from + i)
	}
	return docs
}

// BenchmarkAnalyseDocument maps and analyses generated documents as an
// import's batches do (every field, the lengths field last), without
// building segments: the analysis half of indexing.
func BenchmarkAnalyseDocument(b *testing.B) {
	regions := refdata.DefaultRegions()
	docs := synthDocs(indextest.NewSynth(11, regions), 0, 1000)
	tokens := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := docs[i%len(docs)]
		n, err := index.AnalyseAsBatch(d, regions, d.Body)
		if err != nil {
			b.Fatal(err)
		}
		tokens += n
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds()/1e6, "Mtokens/s")
}

// BenchmarkBuildSegment builds a jzap segment from 1,000 generated
// documents analysed beforehand: the segment building half of indexing,
// which an import does on one goroutine per batch.
func BenchmarkBuildSegment(b *testing.B) {
	regions := refdata.DefaultRegions()
	docs := synthDocs(indextest.NewSynth(13, regions), 0, 1000)
	results, err := index.AnalysedBatch(docs, regions)
	if err != nil {
		b.Fatal(err)
	}
	var z jzap.ZapPlugin
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		seg, _, err := z.New(results)
		if err != nil {
			b.Fatal(err)
		}
		seg.Close()
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkMergeSegments merges eight jzap segments of 500 generated
// documents each into a file, as scorch's merger does in the background of
// an import.
func BenchmarkMergeSegments(b *testing.B) {
	regions := refdata.DefaultRegions()
	synth := indextest.NewSynth(17, regions)
	var z jzap.ZapPlugin
	segs := make([]segment.Segment, 8)
	for i := range segs {
		results, err := index.AnalysedBatch(synthDocs(synth, i*500, 500), regions)
		if err != nil {
			b.Fatal(err)
		}
		if segs[i], _, err = z.New(results); err != nil {
			b.Fatal(err)
		}
	}
	drops := make([]*roaring.Bitmap, len(segs))
	path := filepath.Join(b.TempDir(), "merged.zap")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := z.Merge(segs, drops, path, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(segs)*500)/b.Elapsed().Seconds(), "docs/s")
}
