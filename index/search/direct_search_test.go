package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"jippnas/content"
	"jippnas/index"
	"jippnas/index/facet"
	"jippnas/index/indextest"
)

// TestDirectSearchMatchesBleve runs random requests — keyword queries,
// questions, synonyms, typos, exclusions, understood regions and years,
// filters — through the direct path and through Bleve's searchers over the
// same snapshot: totals, facet counts, hits and scores must agree, across
// many segments, with deleted and updated documents, on later pages and
// through cursors.
func TestDirectSearchMatchesBleve(t *testing.T) {
	t.Parallel()
	directMatchesBleve(t, Config{}, index.Config{InMemory: true, BatchBytes: 64 << 10}, 150, nil, nil)
}

// TestDirectSearchCachedMatchesBleve is the same with every postings list
// of the direct path read from the postings cache, in a small budget (so
// that it evicts), on disk (so that segments are merged away), and after
// a rebuild (a new generation whose segments replace all of them).
func TestDirectSearchCachedMatchesBleve(t *testing.T) {
	t.Parallel()
	cfg := Config{PostingsCacheMin: 1, PostingsCacheBytes: 256 << 10}
	// Three runs of 100 requests: as many as the test above makes in two.
	directMatchesBleve(t, cfg, index.Config{Dir: t.TempDir(), BatchBytes: 64 << 10}, 100, nil, func(s *Searcher) {
		if n, bytes := s.direct.postings.Stats(); n == 0 || bytes > cfg.PostingsCacheBytes {
			t.Fatalf("postings cache: %d entries, %d bytes (budget %d)", n, bytes, cfg.PostingsCacheBytes)
		}
	})
}

// TestDirectSearchParallelMatchesBleve is the same with every scan split
// between goroutines, each counting and collecting a share of the
// segments, and the shares joined.
func TestDirectSearchParallelMatchesBleve(t *testing.T) {
	t.Parallel()
	if runtime.GOMAXPROCS(0) < 2 {
		t.Fatalf("GOMAXPROCS %d: a split scan needs two processors", runtime.GOMAXPROCS(0))
	}
	directMatchesBleve(t, Config{ParallelMin: 1}, index.Config{InMemory: true, BatchBytes: 64 << 10}, 150, nil, nil)
}

// TestDirectSearchShortCachedMatchesBleve is the same with the lists
// below PostingsCacheMin read from the short lists' cache, from the
// shortest on, in a small budget (so that it evicts), with the frequent
// lists' cache holding none.
func TestDirectSearchShortCachedMatchesBleve(t *testing.T) {
	t.Parallel()
	cfg := Config{PostingsCacheMin: 1 << 30, ShortPostingsCacheBytes: 128 << 10}
	directMatchesBleve(t, cfg, index.Config{InMemory: true, BatchBytes: 64 << 10}, 100, func(s *Searcher) {
		s.direct.shortMin = 1
	}, func(s *Searcher) {
		if n, bytes := s.direct.short.Stats(); n == 0 || bytes > cfg.ShortPostingsCacheBytes {
			t.Fatalf("short lists' cache: %d entries, %d bytes (budget %d)", n, bytes, cfg.ShortPostingsCacheBytes)
		}
		if n, _ := s.direct.postings.Stats(); n != 0 {
			t.Fatalf("frequent lists' cache: %d entries, want none", n)
		}
	})
}

// directMatchesBleve compares the direct path (with cfg) and Bleve's
// searchers on an index opened with icfg, rounds random requests a run;
// prepare, if set, adjusts the direct searcher before the first; check, if
// set, looks at it after each run.
func directMatchesBleve(t *testing.T, cfg Config, icfg index.Config, rounds int, prepare, check func(*Searcher)) {
	st := indextest.DemoStore(t, "")
	ctx := context.Background()
	synth := indextest.NewSynth(7, st.Regions())
	var docs []content.Document
	for i := 0; i < 1500; i++ {
		docs = append(docs, synth.Doc(i))
	}
	for i := 0; i < len(docs); i += 250 {
		if _, err := st.PutBatch(docs[i:min(i+250, len(docs))]); err != nil {
			t.Fatal(err)
		}
	}
	// Small batches: many segments, so that offsets and per-segment
	// statistics are exercised.
	_, ix := indextest.Index(t, st, icfg)
	refCfg := cfg
	refCfg.BleveSearch = true
	direct, ref := New(ix, cfg), New(ix, refCfg)
	if prepare != nil {
		prepare(direct)
	}

	var words []string
	for _, q := range synth.Queries(60) {
		words = append(words, strings.Fields(q.Q)...)
	}
	words = append(words, "pelayanan", "kesehatan", "desa", "akta", "kelahiran", "sampah", "inovasi", "online", "zzzqx",
		"daring", "aplikasi", "puskesmaz", "pelayann", "ibu", "kota", "jatim", "surabaya", "2019", "e-ktp", "nama")
	questions := []string{"apa", "siapa", "bagaimana", "kapankah", "dimanakah", "berapa"}
	rng := rand.New(rand.NewSource(11))
	randomRequest := func() Request {
		var q []string
		for k := rng.Intn(4); k >= 0; k-- {
			q = append(q, words[rng.Intn(len(words))])
		}
		if rng.Intn(3) == 0 {
			// Words query understanding reads: filters or boosts (a place
			// or year ranking as a boost is an optional slot).
			named := []string{"jatim", "jawa timur", "surabaya", "bali", "aceh", "2019", "2021", "kesehatan", "pendidikan"}
			q = append(q, named[rng.Intn(len(named))])
		}
		if rng.Intn(4) == 0 {
			q = append([]string{questions[rng.Intn(len(questions))]}, q...)
			q[len(q)-1] += "?"
		}
		if rng.Intn(4) == 0 {
			// Words of a title, in order: the title phrase bonus applies.
			tw := strings.Fields(docs[rng.Intn(len(docs))].Title)
			i := rng.Intn(len(tw))
			q = tw[i:min(i+2+rng.Intn(2), len(tw))]
		}
		if rng.Intn(5) == 0 {
			q = append(q, "-"+words[rng.Intn(len(words))])
		}
		r := Request{Query: strings.Join(q, " "), Filters: facet.Filters{}, Size: 1 + rng.Intn(10), Facets: facet.All, NoCache: true,
			Understand: rng.Intn(2) == 0, FacetsOfHits: rng.Intn(4) == 0}
		switch rng.Intn(5) {
		case 0:
			r.Facets = nil
			r.NoFacets = true
		case 1:
			// Some facets counted, others not: a filter on a facet not
			// counted narrows the candidates of every other (Candidates).
			r.Facets = nil
			for _, f := range facet.All {
				if rng.Intn(2) == 0 {
					r.Facets = append(r.Facets, f)
				}
			}
		}
		// Filters alone and together: two or more narrow the documents a
		// search walks to the filters' candidates.
		if rng.Intn(3) == 0 {
			p := synth.Provinces()[rng.Intn(len(synth.Provinces()))].Code
			r.Filters[facet.Province] = []string{p}
		}
		if rng.Intn(3) == 0 {
			r.Filters[facet.Sector] = []string{synth.Sectors()[rng.Intn(len(synth.Sectors()))]}
		}
		if rng.Intn(3) == 0 {
			r.YearFrom = 2014 + rng.Intn(8)
			r.YearTo = r.YearFrom + rng.Intn(4)
		}
		if rng.Intn(4) == 0 {
			r.Page = 2 + rng.Intn(2)
		}
		return r
	}
	// compare runs r on both paths; cursorB, if set, replaces r's cursor on
	// the Bleve path (each path continues from its own cursor: the two
	// scores may differ in the last bit).
	compare := func(label string, r Request, cursorB string) (*Result, *Result) {
		t.Helper()
		rr := r
		rr.Normalize()
		if direct.compiler.Load().compile(rr).Rank == nil {
			return nil, nil
		}
		a, err := direct.Search(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if cursorB != "" {
			r.Cursor = cursorB
		}
		b, err := ref.Search(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if a.Total != b.Total || !reflect.DeepEqual(a.Facets, b.Facets) || len(a.Hits) != len(b.Hits) ||
			a.Fuzzy != b.Fuzzy || a.Relaxed != b.Relaxed || !sameCursor(a.NextCursor, b.NextCursor) ||
			!reflect.DeepEqual(a.Applied, b.Applied) || !reflect.DeepEqual(a.Boosts, b.Boosts) || a.DidYouMean != b.DidYouMean {
			t.Fatalf("%s %+v:\ndirect: %d %s fuzzy=%v relaxed=%v next=%s %v\nbleve:  %d %s fuzzy=%v relaxed=%v next=%s %v",
				label, r, a.Total, ids(a), a.Fuzzy, a.Relaxed, a.NextCursor, a.Facets, b.Total, ids(b), b.Fuzzy, b.Relaxed, b.NextCursor, b.Facets)
		}
		for i := range a.Hits {
			x, y := a.Hits[i], b.Hits[i]
			if x.Doc.ID != y.Doc.ID || math.Abs(x.Score-y.Score) > 1e-9*math.Max(1, math.Abs(y.Score)) {
				t.Fatalf("%s %+v: hit %d differs:\ndirect: %s\nbleve:  %s", label, r, i, ids(a), ids(b))
			}
		}
		return a, b
	}
	checked, relaxed, questioned, boosted, optional := 0, 0, 0, 0, 0
	run := func(label string) {
		for round := 0; round < rounds; round++ {
			r := randomRequest()
			a, b := compare(fmt.Sprintf("%s round %d", label, round), r, "")
			if a == nil {
				continue
			}
			checked++
			if a.Relaxed {
				relaxed++
			}
			if isQuestion(r.Query) {
				questioned++
			}
			if len(a.Boosts) > 0 {
				boosted++
			}
			if rr := r; a.Total > 0 && !isQuestion(r.Query) && hasOptional(direct, &rr, a) {
				optional++
			}
			if a.NextCursor != "" {
				r.Page, r.Cursor = 1, a.NextCursor
				compare(fmt.Sprintf("%s round %d (cursor)", label, round), r, b.NextCursor)
			}
		}
	}
	run("fresh")
	if check != nil {
		check(direct)
	}
	// Updates and deletions leave deleted documents in old segments.
	for i := 0; i < 1500; i += 7 {
		d := synth.Doc(i + 1)
		d.ID = docs[i].ID
		if _, err := st.Put(d); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			if err := st.Delete(docs[i+1].ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := ix.CatchUp(); err != nil {
		t.Fatal(err)
	}
	run("after updates")
	if check != nil {
		check(direct)
		if err := ix.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		run("after a rebuild")
		check(direct)
	}
	if checked < 200 || relaxed < 10 || questioned < 30 || boosted < 5 || optional < 3 {
		t.Fatalf("direct path taken by %d requests: %d relaxed, %d questions, %d with boosts, %d with optional words",
			checked, relaxed, questioned, boosted, optional)
	}
	t.Logf("direct path taken by %d requests: %d relaxed, %d questions, %d with boosts, %d with optional words",
		checked, relaxed, questioned, boosted, optional)
}

// hasOptional reports whether the plan a result was ranked with (its
// filters as the result says) has an optional slot.
func hasOptional(s *Searcher, r *Request, res *Result) bool {
	r.Normalize()
	p := s.compiler.Load().compile(*r)
	if q := p.withFilters(len(res.Applied)); q != nil {
		p = q
	}
	return p.Rank != nil && slices.ContainsFunc(p.Rank.Slots, func(s Slot) bool { return s.Optional })
}

// sameCursor compares two relevance cursors, the scores within rounding
// (the two paths add the same terms in another order).
func sameCursor(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	x, err1 := decodeCursor(a)
	y, err2 := decodeCursor(b)
	if err1 != nil || err2 != nil || len(x) != 2 || len(y) != 2 || x[1] != y[1] {
		return false
	}
	var fx, fy float64
	fmt.Sscan(x[0], &fx)
	fmt.Sscan(y[0], &fy)
	return math.Abs(fx-fy) <= 1e-9*math.Max(1, math.Abs(fy))
}

// TestDirectSearchBadCursor: a cursor that is not one of the direct path's
// (score, id) pairs is refused as invalid input, never a server error.
func TestDirectSearchBadCursor(t *testing.T) {
	_, _, ix := demoSearcher(t, Config{})
	for _, c := range []struct{ name, cursor string }{
		{"not base64 JSON", "not-a-cursor"},
		{"one value", encodeCursor([]string{"1.5"})},
		{"score not a number", encodeCursor([]string{"2024-01-01T00:00:00Z", "some-id"})},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), Request{Query: "akta kelahiran", Cursor: c.cursor})
			if !errors.Is(err, content.ErrInvalid) {
				t.Fatalf("cursor %q: got %v, want ErrInvalid", c.cursor, err)
			}
		})
	}
}
