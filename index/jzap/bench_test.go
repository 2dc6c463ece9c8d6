package jzap_test

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// BenchmarkPostings reads postings lists of a persisted 4,000-document
// segment in zap v17 and in jzap: whole (Next, with locations), by
// Advance over every 40th document, as a search's lead does, and counted
// with deletions. The segment's size is reported as bytes/doc.
func BenchmarkPostings(b *testing.B) {
	docs := randomDocs(rand.New(rand.NewSource(1)), "b", 4000, false, "")
	for _, f := range formats {
		s, _, err := f.p.New(docs)
		if err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(b.TempDir(), f.name+".seg")
		ps := persisted(b, f.p, s, path)
		dict, err := ps.Dictionary("body")
		if err != nil {
			b.Fatal(err)
		}
		size := fileSize(b, path)
		deleted := roaring.New()
		for d := uint32(0); d < uint32(len(docs)); d += 100 {
			deleted.Add(d)
		}
		for _, term := range []string{"w0", "w20"} {
			pl, err := dict.PostingsList([]byte(term), nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/%s/next", f.name, term), func(b *testing.B) {
				var it segment.PostingsIterator
				for b.Loop() {
					it = pl.Iterator(true, true, true, it)
					for p, err := it.Next(); p != nil; p, err = it.Next() {
						if err != nil {
							b.Fatal(err)
						}
						p.Locations() // jzap reads them when asked for
					}
				}
				b.ReportMetric(float64(size)/float64(len(docs)), "bytes/doc")
			})
			b.Run(fmt.Sprintf("%s/%s/next-deleted", f.name, term), func(b *testing.B) {
				var it segment.PostingsIterator
				dpl, err := dict.PostingsList([]byte(term), deleted, nil)
				if err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					it = dpl.Iterator(true, true, false, it)
					for p, err := it.Next(); p != nil; p, err = it.Next() {
						if err != nil {
							b.Fatal(err)
						}
					}
				}
			})
			// A term's count with every 100th document deleted, as a
			// search takes it for a segment with deletions.
			b.Run(fmt.Sprintf("%s/%s/count-deleted", f.name, term), func(b *testing.B) {
				var pl segment.PostingsList
				for b.Loop() {
					if pl, err = dict.PostingsList([]byte(term), deleted, pl); err != nil || pl.Count() == 0 {
						b.Fatal(err)
					}
				}
			})
			// Advance over every 40th document, reading the locations of
			// all the postings found or (a search's lead) of every fourth.
			for _, every := range []uint64{1, 4} {
				b.Run(fmt.Sprintf("%s/%s/advance-locs-1in%d", f.name, term, every), func(b *testing.B) {
					var it segment.PostingsIterator
					for b.Loop() {
						it = pl.Iterator(true, true, true, it)
						for target := uint64(0); target < uint64(len(docs)); target += 40 {
							p, err := it.Advance(target)
							if err != nil {
								b.Fatal(err)
							}
							if p == nil {
								break
							}
							if target = p.Number(); target%every == 0 {
								p.Locations()
							}
						}
					}
				})
			}
		}
	}
}
