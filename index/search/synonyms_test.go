package search

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"jippnas/content"
	"jippnas/content/store"
	"jippnas/index"
	"jippnas/index/indextest"
)

func TestParseSynonymsErrors(t *testing.T) {
	cases := []struct{ text, want string }{
		{"online, daring\n", "t.txt:1: a group before any source:"},
		{"source: x\n\nonline\n", "t.txt:3: a group needs at least two expressions"},
		{"source: x\nonline, , daring\n", "t.txt:2: empty expression"},
		{"source:\n", "t.txt:1: source: says nothing"},
		{"source: x\nweight: 2\n", `t.txt:2: weight must be a number above 0 and at most 1, not "2"`},
		{"source: x\nweight: nol\n", `t.txt:2: weight must be a number above 0 and at most 1`},
		{"source: x\nbobot: 1\n", `t.txt:2: unknown setting "bobot"`},
		{"source: x\na, b => c\n", "t.txt:2: one expression before =>"},
		{"source: x\na => b => c\n", "t.txt:2: more than one =>"},
		{"source: x\n* * a, b\n", `t.txt:2: more than one * in "* * a"`},
		{"source: x\ne-*, elektronik\n", "t.txt:2: either every expression has a * or none"},
		{"source: x\nab*c, d\n", `t.txt:2: "ab*c": * stands for a whole word`},
		{"source: x\n..., d\n", `t.txt:2: "...": not a word`},
	}
	for _, c := range cases {
		_, err := ParseSynonyms("t.txt", c.text)
		var se *SynonymError
		if !errors.As(err, &se) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %s…", c.text, err, c.want)
		}
	}
	tab, err := ParseSynonyms("t.txt", "# note\nsource: ours # trailing comment\nweight: 0.5\nonline, daring\nhp => ponsel\ne-*, * elektronik\n")
	if err != nil || tab.Groups() != 3 {
		t.Fatalf("good table: %v, %d groups", err, tab.Groups())
	}
}

// TestDefaultSynonyms: the shipped table parses, and every group says
// where it comes from.
func TestDefaultSynonyms(t *testing.T) {
	tab := DefaultSynonyms()
	if tab.Groups() < 30 {
		t.Fatalf("%d groups", tab.Groups())
	}
	for _, g := range tab.groups {
		if g.source == "" {
			t.Errorf("line %d: no source", g.line)
		}
	}
}

// TestSynonymAlternatives: what the table adds to the slots of a query.
func TestSynonymAlternatives(t *testing.T) {
	tab, err := ParseSynonyms("t", `source: test
online, daring
puskesmas, pusat kesehatan masyarakat
posko, balai warga
hp => ponsel
e-*, * elektronik
weight: 0.5
diri, bentuk
`)
	if err != nil {
		t.Fatal(err)
	}
	alts := func(q string) []string {
		var out []string
		for _, s := range slotsOf(q, false, tab) {
			for _, e := range s.Exprs {
				if e.Kind != kindSynonym {
					continue
				}
				out = append(out, s.Word+"→"+strings.Join(e.Terms, "+")+"@"+strconvF(e.Mult))
			}
		}
		return out
	}
	cases := []struct {
		q    string
		want []string
	}{
		{"izin online", []string{"online→daring@1"}},
		{"izin daring", []string{"daring→online@1"}},
		// One word for three: a document must hold all three.
		{"posko", []string{"posko→balai+warga@1"}},
		// Three words for one: each gets it with a share of the weight.
		{"balai warga", []string{"balai→posko@0.5", "warga→posko@0.5"}},
		// The analyzer already makes these one term (an acronym).
		{"pusat kesehatan masyarakat", nil},
		{"hp murah", []string{"hp→ponsel@1"}},
		{"ponsel murah", nil},
		{"e-ktp", []string{"e-ktp→ktp+elektronik@1"}},
		{"ktp elektronik", []string{"ktp→ektp@0.5", "elektronik→ektp@0.5"}},
		// A table word that is a stem matches the words it stems.
		{"kapan didirikan", []string{"didirikan→bentuk@0.5"}},
	}
	for _, c := range cases {
		if got := alts(c.q); !slices.Equal(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.q, got, c.want)
		}
	}
}

func strconvF(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// TestSynonymSearch: a multi-word synonym finds its documents in both
// directions, and a replaced table takes effect at once.
func TestSynonymSearch(t *testing.T) {
	st, err := store.Open(store.Config{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	docs := []content.Document{
		{ID: "a", Type: content.TypeNews, Title: "Posko bencana dibuka di desa", Published: "2024-01-01"},
		{ID: "b", Type: content.TypeNews, Title: "Balai warga menjadi tempat pengungsian bencana", Published: "2024-01-02"},
		{ID: "c", Type: content.TypeNews, Title: "Layanan e-KTP keliling", Published: "2024-01-03"},
		{ID: "d", Type: content.TypeNews, Title: "Warga memperbaiki balai desa", Published: "2024-01-04"},
	}
	if _, err := st.PutBatch(docs); err != nil {
		t.Fatal(err)
	}
	_, ix := indextest.Index(t, st, index.Config{InMemory: true})
	tab, err := ParseSynonyms("t", "source: test\nposko, balai warga\ne-*, * elektronik\n")
	if err != nil {
		t.Fatal(err)
	}
	s := New(ix, Config{Synonyms: tab})
	ranked := func(q string) []string {
		res, err := s.Search(context.Background(), Request{Query: q, NoFacets: true, NoCache: true})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.Doc.ID)
		}
		return ids
	}
	found := func(q string) []string {
		ids := ranked(q)
		slices.Sort(ids)
		return ids
	}
	for q, want := range map[string][]string{
		"posko":          {"a", "b", "d"}, // d holds both words, not as a phrase
		"ktp elektronik": {"c"},
	} {
		if got := found(q); !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", q, got, want)
		}
	}
	// Every word first: the two documents about a disaster post.
	if got := ranked("posko bencana"); len(got) < 2 || !slices.Equal(slices.Sorted(slices.Values(got[:2])), []string{"a", "b"}) {
		t.Errorf("posko bencana finds %v, want a and b first", got)
	}
	if got := found("balai warga bencana"); !slices.Contains(got, "a") {
		t.Errorf("balai warga bencana misses the posko: %v", got)
	}
	s.SetSynonyms(&Synonyms{Name: "empty"})
	if got := found("posko"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("after the table was replaced, posko finds %v", got)
	}
}

// FuzzParseSynonyms: any text either parses into a table that can be
// applied to any query, or is refused with a line number.
func FuzzParseSynonyms(f *testing.F) {
	for _, s := range []string{defaultSynonyms, "source: x\na, b\n", "source: x\ne-*, * elektronik\n", "source: x\na => b, c d\n",
		"weight: 0.5\n", "source: x\n*, a-*\n", "source: x\n# c\n\n-*, *\n", "source:x\na,b=>c\n"} {
		f.Add(s, "e-ktp ktp elektronik a b c d")
	}
	f.Fuzz(func(t *testing.T, text, query string) {
		tab, err := ParseSynonyms("f", text)
		if err != nil {
			var se *SynonymError
			if !errors.As(err, &se) || se.Line < 1 || se.Line > strings.Count(text, "\n")+1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for _, s := range slotsOf(query, false, tab) {
			for _, e := range s.Exprs {
				if len(e.Terms) == 0 || e.Mult <= 0 || e.Mult > 1 {
					t.Fatalf("%q: alternative %+v", query, e)
				}
			}
		}
	})
}
