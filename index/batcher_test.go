package index

import (
	"context"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"jippnas/content"
	"jippnas/content/demo"
	"jippnas/content/store"
)

// demoStore is an in-memory store with the demo data, closed when the
// test ends. (Tests outside this package use indextest.)
func demoStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(store.Config{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := demo.Load(st, nil); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestBatcherKeepsOrder: with one document per batch, batches are applied
// two at a time. A large version followed by a small one (which would land
// first if the two were applied at once) and a delete must still land in
// order, so the index holds the last version.
func TestBatcherKeepsOrder(t *testing.T) {
	st := demoStore(t)
	ix, err := Open(context.Background(), Config{InMemory: true, BatchBytes: 1}, st)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	big := strings.Repeat("Petugas lapangan mendata warga rentan di setiap dusun dan kelurahan. ", 2500)
	words := []string{"zeolit", "bambu", "rotan", "kelor"}
	for round, w := range words {
		g := ix.acquire()
		b := newBatcher(ix, g)
		for _, id := range []string{"order-a", "order-b"} {
			for _, v := range []content.Document{
				{Title: "Inovasi Lumbung Jagung " + w, Body: big},
				{Title: "Inovasi Lumbung " + w},
			} {
				v.ID, v.Type, v.Institution, v.RegionCode, v.Sector, v.Year = id, content.TypeInnovation, "Dinas Pangan", "34.03", "pangan", 2020
				if err := b.index(v, v.Body); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := b.flush(); err != nil {
			t.Fatal(err)
		}
		b.delete("order-b")
		err := b.finish(g.hwm.Load())
		g.release()
		if err != nil {
			t.Fatal(err)
		}
		ix.version.Add(1)
		for _, q := range []string{"jagung", "kelurahan", w, "order"} {
			n, err := ix.idCount(q)
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			if q == w {
				want = 1 // order-a's last version; order-b is deleted
			}
			if n != want {
				t.Fatalf("round %d: %q matches %d documents of the test, want %d", round, q, n, want)
			}
		}
	}
}

// idCount counts the test's "order-" documents whose indexed title or body
// holds the term.
func (ix *Index) idCount(term string) (int, error) {
	g := ix.acquire()
	defer g.release()
	q := bleve.NewDisjunctionQuery()
	for _, f := range []string{FieldTitle, FieldText} {
		tq := bleve.NewTermQuery(term)
		tq.SetField(f)
		q.AddQuery(tq)
	}
	res, err := g.idx.Search(bleve.NewSearchRequestOptions(q, 100, 0, false))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, h := range res.Hits {
		if strings.HasPrefix(h.ID, "order-") {
			n++
		}
	}
	return n, nil
}
