package server

import (
	"context"
	"fmt"
	"testing"

	"jippnas/content"
	"jippnas/content/store"
	"jippnas/index/indextest"
)

// BenchmarkOpenDataGenerate times writing the three open-data files from
// a store of synthetic innovations (indextest.Synth: bodies of 200–800 words).
//
//	go test ./server -run '^$' -bench OpenDataGenerate -benchtime 1x
func BenchmarkOpenDataGenerate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			st, err := store.Open(store.Config{InMemory: true})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			syn := indextest.NewSynth(1, st.Regions())
			batch := make([]content.Document, 0, 100)
			for i := range n {
				d := syn.Doc(i)
				d.Type = content.TypeInnovation
				batch = append(batch, d)
				if len(batch) == cap(batch) || i == n-1 {
					if _, err := st.PutBatch(batch); err != nil {
						b.Fatal(err)
					}
					batch = batch[:0]
				}
			}
			srv := New(Config{OpenDataDir: b.TempDir()}, st, nil)
			defer srv.Close()
			b.ResetTimer()
			var ds *dataset
			for b.Loop() {
				if ds, err = srv.openData.generate(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			for _, f := range ds.Files {
				b.ReportMetric(float64(f.Size)/(1<<20), f.Format.Ext+"-MB")
			}
			b.ReportMetric(float64(ds.Rows), "rows")
		})
	}
}

var benchSizes = []int{10_000, 100_000}
