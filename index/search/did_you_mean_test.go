package search

import (
	"context"
	"testing"
)

func TestDidYouMean(t *testing.T) {
	_, _, ix := demoSearcher(t, Config{})
	cases := []struct{ q, want string }{
		{"puskesmaz keliling", "puskesmas keliling"},
		{"stuntinng", "stunting"},
		{"pelayanan kesehatan", ""}, // known words: nothing to correct
		{"zzzzqqq", ""},             // nothing close
	}
	for _, c := range cases {
		res, err := ix.Search(context.Background(), Request{Query: c.q, NoFacets: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.DidYouMean != c.want {
			t.Errorf("%q: did you mean %q, want %q (total %d)", c.q, res.DidYouMean, c.want, res.Total)
		}
	}
}
