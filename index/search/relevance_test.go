package search

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"sort"
	"strconv"
	"testing"

	"jippnas/content/demo"
	"jippnas/content/pages"
	"jippnas/content/store"
	"jippnas/index"
	"jippnas/index/facet"
	"jippnas/index/indextest"
)

// judgedQuery is one line of testdata/relevance_judged.jsonl: a query as a
// user types it, optional filters named as the API parameters, and graded
// judgements (3 perfect, 2 good, 1 partial) made by reading the records.
type judgedQuery struct {
	Q        string              `json:"q"`
	Filters  map[string][]string `json:"filters"`
	Relevant map[string]int      `json:"relevant"`
}

// Floors sit a little below the measured means so that a ranking
// regression fails CI while small, intended changes do not.
const (
	ndcgFloor = 0.88
	mrrFloor  = 0.95
)

func loadJudged(t *testing.T) []judgedQuery {
	t.Helper()
	f, err := os.Open("../../testdata/relevance_judged.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []judgedQuery
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var q judgedQuery
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatalf("relevance_judged.jsonl:%d: %v", line, err)
		}
		if q.Q == "" || len(q.Relevant) == 0 {
			t.Fatalf("relevance_judged.jsonl:%d: query or judgements missing", line)
		}
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// demoWithPages is the demo store plus the embedded guides and news, as the
// portal serves them.
func demoWithPages(t *testing.T) *store.Store {
	t.Helper()
	st := indextest.DemoStore(t, "")
	pgs, errs := pages.Load(demo.Pages(), false)
	if len(errs) > 0 {
		t.Fatalf("demo pgs: %v", errs)
	}
	if _, err := pages.Sync(st, pgs); err != nil {
		t.Fatal(err)
	}
	return st
}

func (q judgedQuery) request(t *testing.T) Request {
	// As the API does by default: query understanding on.
	r := Request{Query: q.Q, Size: 10, NoFacets: true, Facets: []string{}, Filters: facet.Filters{}, Understand: true}
	for k, vs := range q.Filters {
		switch k {
		case "year_from", "year_to":
			n, err := strconv.Atoi(vs[0])
			if err != nil {
				t.Fatalf("%q: bad %s", q.Q, k)
			}
			if k == "year_from" {
				r.YearFrom = n
			} else {
				r.YearTo = n
			}
		default:
			if _, ok := facet.Lookup(k); !ok {
				t.Fatalf("%q: unknown filter %s", q.Q, k)
			}
			r.Filters[k] = vs
		}
	}
	return r
}

// ndcgAt computes nDCG with the exponential gain 2^g-1.
func ndcgAt(k int, ranked []string, judged map[string]int) float64 {
	dcg := 0.0
	for i, id := range ranked {
		if i >= k {
			break
		}
		if g := judged[id]; g > 0 {
			dcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
		}
	}
	ideal := make([]int, 0, len(judged))
	for _, g := range judged {
		ideal = append(ideal, g)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
	idcg := 0.0
	for i, g := range ideal {
		if i >= k {
			break
		}
		idcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

// reciprocalRank is 1/rank of the first relevant (any grade) hit.
func reciprocalRank(ranked []string, judged map[string]int) float64 {
	for i, id := range ranked {
		if judged[id] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}

func TestMetrics(t *testing.T) {
	judged := map[string]int{"a": 3, "b": 2, "c": 1}
	if got := ndcgAt(10, []string{"a", "b", "c"}, judged); math.Abs(got-1) > 1e-9 {
		t.Errorf("ideal ranking nDCG = %v", got)
	}
	if got := ndcgAt(10, []string{"x", "y"}, judged); got != 0 {
		t.Errorf("no relevant nDCG = %v", got)
	}
	if got := reciprocalRank([]string{"x", "c"}, judged); got != 0.5 {
		t.Errorf("RR = %v", got)
	}
	if a, b := ndcgAt(10, []string{"c", "b", "a"}, judged), ndcgAt(10, []string{"a", "c", "b"}, judged); !(a < b && b < 1) {
		t.Errorf("worse order scores higher: %v %v", a, b)
	}
}

// TestRelevance runs the judged queries over the demo data and reports
// nDCG@10 and MRR; it fails when the means drop below the floors.
func TestRelevance(t *testing.T) {
	queries := loadJudged(t)
	if len(queries) < 60 {
		t.Fatalf("only %d judged queries; at least 60 expected", len(queries))
	}
	st := demoWithPages(t)
	_, idx := indextest.Index(t, st, index.Config{InMemory: true})
	ix := New(idx, Config{})
	// Judgements naming a missing document are mistakes in the test set.
	for _, q := range queries {
		for id := range q.Relevant {
			if _, err := st.Get(id); err != nil {
				t.Errorf("%q judges unknown document %s", q.Q, id)
			}
		}
	}
	var sumN, sumR float64
	for _, q := range queries {
		res, err := ix.Search(context.Background(), q.request(t))
		if err != nil {
			t.Fatalf("%q: %v", q.Q, err)
		}
		ranked := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ranked[i] = h.Doc.ID
		}
		n, r := ndcgAt(10, ranked, q.Relevant), reciprocalRank(ranked, q.Relevant)
		sumN += n
		sumR += r
		t.Logf("nDCG@10=%.3f RR=%.3f total=%-3d %q %v", n, r, res.Total, q.Q, q.Filters)
		if testing.Verbose() && n < 0.5 {
			for i, id := range ranked {
				t.Logf("    %2d %d %s", i+1, q.Relevant[id], id)
			}
		}
	}
	meanN, meanR := sumN/float64(len(queries)), sumR/float64(len(queries))
	t.Logf("queries=%d mean nDCG@10=%.4f MRR=%.4f", len(queries), meanN, meanR)
	if meanN < ndcgFloor {
		t.Errorf("mean nDCG@10 %.4f below floor %.2f", meanN, ndcgFloor)
	}
	if meanR < mrrFloor {
		t.Errorf("MRR %.4f below floor %.2f", meanR, mrrFloor)
	}
}
