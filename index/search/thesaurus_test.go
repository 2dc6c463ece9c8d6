package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"jippnas/content"
)

func TestDefaultThesaurus(t *testing.T) {
	t.Parallel()
	th, err := DefaultThesaurus()
	if err != nil {
		t.Fatal(err)
	}
	if th.Groups() < 20000 {
		t.Fatalf("%d groups; the shipped thesaurus has over 20,000", th.Groups())
	}
	related := func(q string, question bool) []string {
		var out []string
		for _, s := range slotsOf(q, question, DefaultSynonyms(), th) {
			for _, e := range s.Exprs {
				if e.Kind == kindRelated {
					if e.Mult != 0.3 {
						t.Errorf("%q: %v weighs %g, want 0.3", q, e.Terms, e.Mult)
					}
					out = append(out, s.Word+"→"+strings.Join(e.Terms, "+"))
				}
			}
		}
		return out
	}
	cases := []struct {
		q    string
		want string // one of the alternatives expected (analysed)
		not  string // one not expected
	}{
		{"kapan kerajaan itu runtuh?", "runtuh→hancur", ""},
		{"berapa luas wilayah kota itu?", "wilayah→daerah", ""},
		{"siapa pencipta lagu itu?", "pencipta→kreator", ""},
		// No entry for the word as typed: its stem's (cipta).
		{"siapa yang menciptakan lagu itu?", "menciptakan→gubah", ""},
		// An entry for the word as typed: not its stem's (tinggal, "live").
		{"kapan tokoh itu meninggal?", "meninggal→pulang", "meninggal→mukim"},
	}
	for _, c := range cases {
		got := related(c.q, true)
		if !slices.Contains(got, c.want) {
			t.Errorf("%q: related %v, want %s among them", c.q, got, c.want)
		}
		if c.not != "" && slices.Contains(got, c.not) {
			t.Errorf("%q: related %v, want no %s", c.q, got, c.not)
		}
	}
	// Keywords get none: the slots of a keyword query take no thesaurus
	// (the compiler passes it for questions only).
	s := New(qaIndex(t, newsOf([]content.Document{{ID: "a", Title: "a", Body: "meninggal"}})), Config{})
	p := s.compiler.Load().compile(Request{Query: "tokoh meninggal", Page: 1, Size: 10, Sort: SortRelevance})
	for _, sl := range p.Rank.Slots {
		for _, e := range sl.Exprs {
			if e.Kind == kindRelated {
				t.Errorf("keyword query got %v", e)
			}
		}
	}
}

// TestThesaurusQuestion: a question finds the passage that answers it in
// other words, above one that only repeats the subject; its related words
// are not highlighted.
func TestThesaurusQuestion(t *testing.T) {
	t.Parallel()
	docs := newsOf(append(answerDocs(30),
		content.Document{ID: "kuto-dibangun", Title: "Kabar lama", Body: "Benteng Kuto Besak dibangun warga dengan batu dari sungai pada masa lalu, lalu dirawat penghuninya."},
		content.Document{ID: "kuto-hancur", Title: "Kabar lama", Body: "Benteng Kuto Besak hancur diserang pasukan dari laut pada masa perang, lalu ditinggalkan penghuninya."}))
	ix := qaIndex(t, docs)
	q := Request{Query: "kapan benteng kuto besak runtuh?", Size: 2, NoCache: true}
	for _, cfg := range []Config{{}, {BleveSearch: true}} {
		res, err := New(ix, cfg).Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(res); len(got) == 0 || got[0] != "kuto-hancur" {
			t.Errorf("bleve=%v: %v (%s), want kuto-hancur first", cfg.BleveSearch, got, ids(res))
		}
		if slices.Contains(res.Terms, "hancur") {
			t.Errorf("bleve=%v: highlighted terms %v hold a related word", cfg.BleveSearch, res.Terms)
		}
	}
	res, err := New(ix, Config{NoThesaurus: true}).Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(res); len(got) > 0 && got[0] == "kuto-hancur" {
		t.Logf("without the thesaurus the answer is first too (%s): the fixture no longer tells them apart", ids(res))
		t.Fail()
	}
}
