package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	"jippnas/content"
	"jippnas/index"
	"jippnas/index/facet"
	"jippnas/index/indextest"
	"jippnas/index/search"
)

var fixedQueries = []search.Request{
	{Query: "pelayanan kesehatan"},
	{Query: "akta kelahiran", Filters: facet.Filters{facet.Type: {"innovation"}}},
	{Query: "sampah", Sort: search.SortNewest},
	{Query: "stunting OR gizi"},
	{Query: "\"rumput laut\""},
	{Query: "desa -sampah", Filters: facet.Filters{facet.Province: {"33", "35"}}},
	{Filters: facet.Filters{facet.Sector: {"kesehatan"}}, YearFrom: 2018, YearTo: 2022},
}

type snapshot struct {
	Total  uint64
	IDs    []string
	Facets map[string][]facet.Value
}

func snap(t *testing.T, ix *search.Searcher) []snapshot {
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
	st := indextest.DemoStore(t, filepath.Join(dir, "store"))
	defer st.Close()
	ix, err := index.Open(context.Background(), index.Config{Dir: filepath.Join(dir, "index")}, st)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	sr := search.New(ix, search.Config{})
	before := snap(t, sr)
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
				res, err := sr.Search(context.Background(), search.Request{Query: "inovasi pelayanan", Size: 5})
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
	after := snap(t, sr)
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
	st := indextest.DemoStore(t, filepath.Join(dir, "store"))
	ix, err := index.Open(context.Background(), index.Config{Dir: filepath.Join(dir, "index")}, st)
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
	ix, err = index.Open(context.Background(), index.Config{Dir: filepath.Join(dir, "index")}, st)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	defer st.Close()
	sr := search.New(ix, search.Config{})
	res, err := sr.Search(context.Background(), search.Request{Query: "zeolit"})
	if err != nil || res.Total != 1 {
		t.Fatalf("new document not indexed after restart: total %v err %v", res, err)
	}
	res, _ = sr.Search(context.Background(), search.Request{Query: "si bayi lahir sleman"})
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
	st := indextest.DemoStore(t, filepath.Join(dir, "store"))
	defer st.Close()
	ix, err := index.Open(context.Background(), index.Config{Dir: filepath.Join(dir, "index")}, st)
	if err != nil {
		t.Fatal(err)
	}
	name := ix.Stats().Name
	if err := index.MarkSchema(ix, "old"); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix, err = index.Open(context.Background(), index.Config{Dir: filepath.Join(dir, "index")}, st)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if res, err := search.New(ix, search.Config{}).Search(context.Background(), search.Request{Query: "kesehatan"}); err != nil || res.Total == 0 {
		t.Fatalf("old index not served: %v", err)
	}
	if err := ix.WaitRebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := ix.Stats(); s.Name == name || s.Schema != index.SchemaVersion {
		t.Fatalf("not rebuilt: %+v", s)
	}
}

// TestCloseStopsBackgroundRebuild: closing the index (and then the store)
// while the rebuild Open started is running stops it cleanly, and the next
// Open starts it again; an explicit Rebuild meanwhile waits for it rather
// than building a second generation.
func TestCloseStopsBackgroundRebuild(t *testing.T) {
	dir := t.TempDir()
	st := indextest.DemoStore(t, filepath.Join(dir, "store"))
	defer st.Close()
	cfg := index.Config{Dir: filepath.Join(dir, "index")}
	ix, err := index.Open(context.Background(), cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	if err := index.MarkSchema(ix, "old"); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	for i := 0; i < 3; i++ {
		ix, err = index.Open(context.Background(), cfg, st)
		if err != nil {
			t.Fatal(err)
		}
		// Closed at once: the store must not be read after this returns.
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	ix, err = index.Open(context.Background(), cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := ix.Stats()
	if s.Schema != index.SchemaVersion || s.Documents == 0 {
		t.Fatalf("not rebuilt: %+v", s)
	}
	gens, err := filepath.Glob(filepath.Join(cfg.Dir, "gen-*"))
	if err != nil {
		t.Fatal(err)
	}
	// The live generation, and at most the old one not yet retired.
	if len(gens) > 2 {
		t.Fatalf("generations left behind: %v", gens)
	}
}
