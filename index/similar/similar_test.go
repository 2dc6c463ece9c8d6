package similar

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"jippnas/content"
	"jippnas/content/demo"
	"jippnas/content/pages"
	"jippnas/content/refdata"
	"jippnas/content/store"
	"jippnas/index"
	"jippnas/index/facet"
)

// simFixture is the demo data (innovations and pages) in a memory index,
// shared read-only by the similarity and duplicate tests.
var (
	simOnce  sync.Once
	simIndex *Finder
	simErr   error
)

func simFixture(tb testing.TB) *Finder {
	tb.Helper()
	simOnce.Do(func() {
		// Shared by every test of the package and never closed: a
		// t.Cleanup would close it under the tests that follow.
		st, err := store.Open(store.Config{InMemory: true})
		if err != nil {
			simErr = err
			return
		}
		if _, err := demo.Load(st, nil); err != nil {
			simErr = err
			return
		}
		pgs, errs := pages.Load(demo.Pages(), false)
		if len(errs) > 0 {
			simErr = fmt.Errorf("demo pages: %v", errs)
			return
		}
		if _, err := pages.Sync(st, pgs); err != nil {
			simErr = err
			return
		}
		ix, err := index.Open(context.Background(), index.Config{InMemory: true}, st)
		simIndex, simErr = New(ix), err
	})
	if simErr != nil {
		tb.Fatal(simErr)
	}
	return simIndex
}

type judgedSimilar struct {
	id       string
	relevant []string
}

func loadSimilarJudged(t *testing.T) []judgedSimilar {
	f, err := os.Open(filepath.Join("..", "..", "testdata", "similar_judged.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []judgedSimilar
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, rel, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		out = append(out, judgedSimilar{id: id, relevant: strings.Split(rel, ",")})
	}
	return out
}

// Floors for CI on the judged set, a little under what the method
// reaches (see the closing note of issue 5). precision@5 is the plain one
// (relevant among the first 5); most judged records have only 2-4 relevant
// others, so it cannot reach 1, and the reachable form (divided by
// min(5, relevant)) is reported and floored too.
const (
	precisionFloor          = 0.45
	reachablePrecisionFloor = 0.75
)

func TestSimilarPrecisionAt5(t *testing.T) {
	ix := simFixture(t)
	judged := loadSimilarJudged(t)
	if len(judged) < 40 {
		t.Fatalf("only %d judged innovations, want at least 40", len(judged))
	}
	var sumP, sumReach float64
	for _, j := range judged {
		hits, err := ix.Similar(context.Background(), j.id, SimilarOptions{Size: 5})
		if err != nil {
			t.Fatalf("%s: %v", j.id, err)
		}
		good := 0
		var got []string
		for _, h := range hits {
			got = append(got, h.Doc.ID)
			if slices.Contains(j.relevant, h.Doc.ID) {
				good++
			}
			if h.Doc.ID == j.id {
				t.Errorf("%s: returned itself", j.id)
			}
		}
		sumP += float64(good) / 5
		reach := float64(good) / float64(min(5, len(j.relevant)))
		sumReach += reach
		if testing.Verbose() && reach < 0.5 {
			t.Logf("%s P=%.2f got %v want %v", j.id, reach, got, j.relevant)
		}
	}
	p, reach := sumP/float64(len(judged)), sumReach/float64(len(judged))
	t.Logf("similar: mean precision@5 = %.3f, reachable precision@5 = %.3f over %d judged innovations", p, reach, len(judged))
	if p < precisionFloor || reach < reachablePrecisionFloor {
		t.Errorf("precision@5 %.3f / reachable %.3f below floors %.2f / %.2f", p, reach, precisionFloor, reachablePrecisionFloor)
	}
}

func TestSimilarExplainsAndDiversifies(t *testing.T) {
	ix := simFixture(t)
	ctx := context.Background()
	hits, err := ix.Similar(ctx, "kemendagri-2022-lomboktengah-posyandu-keluarga-stunting", SimilarOptions{Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Fatal("no similar innovations")
	}
	seen := map[string]bool{}
	for _, h := range hits {
		if h.Doc.Type != content.TypeInnovation {
			t.Errorf("%s: type %s", h.Doc.ID, h.Doc.Type)
		}
		key := h.Doc.RegionCode + "|" + h.Doc.Institution
		if seen[key] {
			t.Errorf("institution %q twice", h.Doc.Institution)
		}
		seen[key] = true
		if h.Reason == "" || h.Score <= 0 {
			t.Errorf("%s: empty reason or score: %+v", h.Doc.ID, h)
		}
	}
	top := hits[0]
	if !top.SameSector || !strings.Contains(top.Reason, "Sektor sama (") {
		t.Errorf("top hit should be of the same sector: %q", top.Reason)
	}
	// Shared terms are the words as written, not stems ("cegah").
	if !slices.Contains(top.SharedTerms, "stunting") {
		t.Errorf("shared terms %v lack stunting", top.SharedTerms)
	}
	for _, w := range top.SharedTerms {
		if w == "cegah" {
			t.Errorf("stem %q shown instead of a word", w)
		}
	}
	t.Logf("top: %s — %s", top.Doc.ID, top.Reason)

	// Filters apply.
	hits, err = ix.Similar(ctx, "kemendagri-2022-lomboktengah-posyandu-keluarga-stunting",
		SimilarOptions{Size: 5, Filters: facet.Filters{facet.Province: {"75"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.Doc.ProvinceCode() != "75" {
			t.Errorf("filter ignored: %s in %s", h.Doc.ID, h.Doc.RegionCode)
		}
	}
	if len(hits) == 0 {
		t.Error("no hit in Gorontalo")
	}

	if _, err := ix.Similar(ctx, "no-such-id", SimilarOptions{}); err == nil {
		t.Error("unknown id: no error")
	}
}

func TestSimilarNeverReturnsDuplicates(t *testing.T) {
	ix := simFixture(t)
	for _, p := range loadPairs(t) {
		if p.kind != "duplicate" {
			continue
		}
		hits, err := ix.Similar(context.Background(), p.a, SimilarOptions{Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.Doc.ID == p.b {
				t.Errorf("Similar(%s) returned its duplicate %s", p.a, p.b)
			}
		}
	}
}

func TestSimilarToText(t *testing.T) {
	ix := simFixture(t)
	hits, err := ix.SimilarToText(context.Background(), "Bank sampah plastik warga",
		"Warga menabung sampah plastik terpilah di bank sampah kelurahan dan menerima saldo tabungan.",
		SimilarOptions{Size: 5, Sector: "lingkungan-hidup"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Doc.Sector != "lingkungan-hidup" {
		t.Fatalf("want a waste-bank innovation first, got %+v", hits)
	}
	ids := []string{}
	for _, h := range hits[:min(3, len(hits))] {
		ids = append(ids, h.Doc.ID)
	}
	if !slices.ContainsFunc(ids, func(id string) bool { return strings.Contains(id, "sampah") }) {
		t.Errorf("no waste bank in the top 3: %v", ids)
	}
}

func TestRelated(t *testing.T) {
	ix := simFixture(t)
	var withRelated content.Document
	_, err := ix.ix.Store().EachPrefix(content.PageID(content.PageGuide, ""), func(d content.Document) error {
		if withRelated.ID == "" && len(d.Related) > 0 {
			withRelated = d
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if withRelated.ID == "" {
		t.Skip("no guide lists related innovations")
	}
	innov := withRelated.Related[0]
	hits, err := ix.Related(context.Background(), innov, nil, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Fatal("no related pgs")
	}
	found := false
	for _, h := range hits {
		if h.Doc.Type == content.TypeInnovation {
			t.Errorf("related returned an innovation %s", h.Doc.ID)
		}
		if h.Doc.ID == withRelated.ID {
			found = true
		}
	}
	if !found {
		t.Errorf("page %s lists %s but is not among its related pgs", withRelated.ID, innov)
	}
}

// BenchmarkSimilar measures Similar over a generated index of
// JIPPNAS_BENCH_DOCS synthetic innovations (default 10000), built once in
// a temporary folder (the on-disk index kind production uses) and removed
// afterwards. It reports the latency percentiles of single calls.
// Run: JIPPNAS_BENCH_DOCS=100000 go test ./index -run '^$' -bench BenchmarkSimilar -benchtime 2000x
func BenchmarkSimilar(b *testing.B) {
	n := 10000
	if v := os.Getenv("JIPPNAS_BENCH_DOCS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 100 {
			b.Fatalf("JIPPNAS_BENCH_DOCS=%q: want a number ≥ 100", v)
		}
	}
	ix, ids := benchIndex(b, n)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 11))
	// Warm the df cache as a running server would be.
	for i := 0; i < 50; i++ {
		if _, err := ix.Similar(ctx, ids[rng.IntN(len(ids))], SimilarOptions{Size: 5}); err != nil {
			b.Fatal(err)
		}
	}
	var lat []time.Duration
	// b.Loop runs the function once, so the index is built once.
	for b.Loop() {
		id := ids[rng.IntN(len(ids))]
		start := time.Now()
		hits, err := ix.Similar(ctx, id, SimilarOptions{Size: 5})
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if len(hits) == 0 {
			b.Fatalf("no hits for %s", id)
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(n), "docs")
}

// benchIndex generates n innovations from the words of the demo data with
// a fixed seed: each mixes the title, summary and body sentences of demo
// records of one sector, so that term statistics look like real ones.
func benchIndex(b *testing.B, n int) (*Finder, []string) {
	b.Helper()
	src := simFixture(b)
	var demo []content.Document
	if _, err := src.ix.Store().Each(context.Background(), func(d content.Document) error {
		if d.Type == content.TypeInnovation {
			demo = append(demo, d)
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	bySector := map[string][]content.Document{}
	for _, d := range demo {
		bySector[d.Sector] = append(bySector[d.Sector], d)
	}
	sentences := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '\n' })
	}
	regions := refdata.DefaultRegions().All()
	rng := rand.New(rand.NewPCG(42, 2026))
	dir := b.TempDir()
	st, err := store.Open(store.Config{Dir: filepath.Join(dir, "store")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	var ids []string
	var batch []content.Document
	for i := 0; i < n; i++ {
		base := demo[rng.IntN(len(demo))]
		peers := bySector[base.Sector]
		pick := func(text func(content.Document) string, k int) string {
			var parts []string
			for j := 0; j < k; j++ {
				ss := sentences(text(peers[rng.IntN(len(peers))]))
				if len(ss) > 0 {
					parts = append(parts, strings.TrimSpace(ss[rng.IntN(len(ss))]))
				}
			}
			return strings.Join(parts, ". ")
		}
		reg := regions[rng.IntN(len(regions))]
		d := content.Document{
			ID: fmt.Sprintf("bench-%06d", i), Type: content.TypeInnovation,
			Title:       pick(func(d content.Document) string { return d.Title }, 1),
			Summary:     pick(func(d content.Document) string { return d.Summary }, 2),
			Body:        pick(func(d content.Document) string { return d.Body }, 12),
			Institution: base.Institution, RegionCode: reg.Code, Sector: base.Sector,
			Year: 2014 + rng.IntN(12), Source: base.Source, Stage: base.Stage, Tags: base.Tags,
			Status: "berlanjut", ValidationStatus: "belum",
		}
		if d.Title == "" {
			d.Title = base.Title
		}
		batch = append(batch, d)
		if len(batch) == 1000 || i == n-1 {
			if _, err := st.PutBatch(batch); err != nil {
				b.Fatal(err)
			}
			for _, d := range batch {
				ids = append(ids, d.ID)
			}
			batch = batch[:0]
		}
	}
	start := time.Now()
	ix, err := index.Open(context.Background(), index.Config{Dir: filepath.Join(dir, "index")}, st)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	b.Logf("indexed %d generated innovations in %s", n, time.Since(start).Round(time.Second))
	return New(ix), ids
}
