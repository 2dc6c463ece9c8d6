package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"jippnas/content"
	"jippnas/content/demo"
	"jippnas/content/store"
)

func demoStore(tb testing.TB, dir string) *store.Store {
	tb.Helper()
	cfg := store.Config{InMemory: dir == "", Dir: dir}
	st, err := store.Open(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	if n, _ := st.Count(); n == 0 {
		if _, err := demo.Load(st, nil); err != nil {
			tb.Fatal(err)
		}
	}
	return st
}

// demoIndex opens an in-memory store with the demo data and its index,
// both closed when the test ends.
func demoIndex(t *testing.T) (*store.Store, *Index) {
	t.Helper()
	st := demoStore(t, "")
	ix, err := Open(context.Background(), Config{InMemory: true}, st, nil)
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ix.Close()
		st.Close()
	})
	return st, ix
}

var fixedQueries = []Request{
	{Query: "pelayanan kesehatan"},
	{Query: "akta kelahiran", Filters: Filters{FacetType: {"innovation"}}},
	{Query: "sampah", Sort: SortNewest},
	{Query: "stunting OR gizi"},
	{Query: "\"rumput laut\""},
	{Query: "desa -sampah", Filters: Filters{FacetProvince: {"33", "35"}}},
	{Filters: Filters{FacetSector: {"kesehatan"}}, YearFrom: 2018, YearTo: 2022},
}

type snapshot struct {
	Total  uint64
	IDs    []string
	Facets map[string][]FacetValue
}

func snap(t *testing.T, ix *Index) []snapshot {
	t.Helper()
	var out []snapshot
	for _, r := range fixedQueries {
		r.Size = 20
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		s := snapshot{Total: res.Total, Facets: res.Facets}
		for _, h := range res.Hits {
			s.IDs = append(s.IDs, fmt.Sprintf("%s@%.4f", h.Doc.ID, h.Score))
		}
		out = append(out, s)
	}
	return out
}

// TestRebuildIsIdenticalAndSearchesKeepWorking rebuilds while searches run
// and checks the results before and after are the same.
func TestRebuildIsIdenticalAndSearchesKeepWorking(t *testing.T) {
	dir := t.TempDir()
	st := demoStore(t, filepath.Join(dir, "store"))
	defer st.Close()
	ix, err := Open(context.Background(), Config{Dir: filepath.Join(dir, "index")}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	before := snap(t, ix)
	if before[0].Total == 0 {
		t.Fatal("fixed query finds nothing")
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var searches, failures atomic.Int64
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				res, err := ix.Search(context.Background(), Request{Query: "inovasi pelayanan", Size: 5})
				searches.Add(1)
				if err != nil || res.Total == 0 {
					failures.Add(1)
				}
			}
		}()
	}
	for i := 0; i < 3; i++ {
		if err := ix.Rebuild(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	if failures.Load() > 0 || searches.Load() == 0 {
		t.Fatalf("%d of %d searches failed during rebuilds", failures.Load(), searches.Load())
	}
	after := snap(t, ix)
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("results changed after rebuild:\n%+v\n%+v", before, after)
	}
	// Only the live generation is left on disk.
	entries, _ := os.ReadDir(filepath.Join(dir, "index"))
	gens := 0
	for _, e := range entries {
		if e.IsDir() {
			gens++
		}
	}
	if gens != 1 {
		t.Fatalf("%d index generations on disk", gens)
	}
}

// TestCatchUpAfterCrash: changes committed to the store but never indexed
// (the process died in between) are indexed at the next open.
func TestCatchUpAfterCrash(t *testing.T) {
	dir := t.TempDir()
	st := demoStore(t, filepath.Join(dir, "store"))
	ix, err := Open(context.Background(), Config{Dir: filepath.Join(dir, "index")}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	// Written while no index was attached: as if indexing never happened.
	d := content.Document{ID: "crash-test-1", Type: content.TypeInnovation, Title: "Inovasi Lumbung Pangan Zeolit",
		Institution: "Dinas Pangan Kabupaten Gunungkidul", RegionCode: "34.03", Sector: "pangan", Year: 2024}
	if _, err := st.Put(d); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete("panrb-2018-sleman-si-bayi-lahir"); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(context.Background(), Config{Dir: filepath.Join(dir, "index")}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	defer st.Close()
	res, err := ix.Search(context.Background(), Request{Query: "zeolit"})
	if err != nil || res.Total != 1 {
		t.Fatalf("new document not indexed after restart: total %v err %v", res, err)
	}
	res, _ = ix.Search(context.Background(), Request{Query: "si bayi lahir sleman"})
	for _, h := range res.Hits {
		if h.Doc.ID == "panrb-2018-sleman-si-bayi-lahir" {
			t.Fatal("deleted document still found")
		}
	}
	if s := ix.Stats(); s.HWM != s.StoreSeq {
		t.Fatalf("high-water mark %d, store sequence %d", s.HWM, s.StoreSeq)
	}
}

// TestSchemaMismatchRebuildsInBackground serves the old index until the
// rebuilt one is swapped in.
func TestSchemaMismatchRebuildsInBackground(t *testing.T) {
	dir := t.TempDir()
	st := demoStore(t, filepath.Join(dir, "store"))
	defer st.Close()
	ix, err := Open(context.Background(), Config{Dir: filepath.Join(dir, "index")}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := ix.acquire()
	g.idx.SetInternal(internalSchema, []byte("old"))
	name := g.name
	g.release()
	ix.Close()
	done := make(chan error, 1)
	ix, err = Open(context.Background(), Config{Dir: filepath.Join(dir, "index")}, st, done)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if res, err := ix.Search(context.Background(), Request{Query: "kesehatan"}); err != nil || res.Total == 0 {
		t.Fatalf("old index not served: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if s := ix.Stats(); s.Name == name || s.Schema != SchemaVersion {
		t.Fatalf("not rebuilt: %+v", s)
	}
}

// TestBatcherKeepsOrder: with one document per batch, batches are applied
// two at a time. A large version followed by a small one (which would land
// first if the two were applied at once) and a delete must still land in
// order, so the index holds the last version.
func TestBatcherKeepsOrder(t *testing.T) {
	st := demoStore(t, "")
	defer st.Close()
	ix, err := Open(context.Background(), Config{InMemory: true, BatchBytes: 1}, st, nil)
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
		err := b.finish(g.hwm)
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
	for _, f := range []string{fieldTitle, fieldText} {
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
