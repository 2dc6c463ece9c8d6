package similar

import (
	"context"
	"testing"

	"jippnas/content"
	"jippnas/index"
	"jippnas/index/indextest"
)

// docFreqs counts as Bleve's term readers count, deleted documents left
// out, each term once however often it is asked for.
func TestDocFreqsMatchBleve(t *testing.T) {
	sm := simFixture(t)
	v := sm.ix.Acquire()
	defer v.Release()
	r := indextest.Reader(t, sm.ix)
	var terms []string
	if _, err := sm.ix.Store().Each(context.Background(), func(d content.Document) error {
		fields, _ := sm.analyseFields(d, sm.bodyText(d), nil)
		for _, m := range fields {
			for term := range m {
				terms = append(terms, term)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	terms = append(terms, "tidakadakatainizzz")
	_, df, err := sm.docFreqs(v, terms)
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range terms {
		tfr, err := r.TermFieldReader(context.Background(), []byte(term), index.FieldText, false, false, false)
		if err != nil {
			t.Fatal(err)
		}
		if tfr.Count() != df[term] {
			t.Errorf("%s: df %d, Bleve %d", term, df[term], tfr.Count())
		}
		tfr.Close()
	}
}
