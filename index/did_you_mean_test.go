package index

import (
	"context"
	"testing"
)

func TestDidYouMean(t *testing.T) {
	st := demoStore(t, "")
	defer st.Close()
	ix, err := Open(context.Background(), Config{InMemory: true}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
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
