package search

import (
	"fmt"
	"strings"
	"testing"
)

func TestSlotWeights(t *testing.T) {
	t.Parallel()
	cases := []struct {
		q        string
		question bool
		want     string // word:weight per slot
	}{
		// Interrogatives go; a name after the first word weighs more.
		{"Siapa raja pertama kerajaan Banten?", true, "raja:1 pertama:1 kerajaan:1 banten:1.25"},
		// The first word is capitalised as any sentence is.
		{"Banten punya raja siapa?", true, "banten:1 raja:1"},
		// Frame words weigh less.
		{"apa nama ibu kota Belgia?", true, "nama:0.3 ibu:1 kota:1 belgia:1.25"},
		// Keywords: every word weighs the same.
		{"inovasi Kesehatan Jatim", false, "inovasi:1 kesehatan:1 jatim:1"},
		{"siapa penemu radio", true, "penemu:1 radio:1"},
	}
	for _, c := range cases {
		var got []string
		for _, s := range slotsOf(c.q, c.question, nil) {
			got = append(got, fmt.Sprintf("%s:%g", s.Word, s.Weight))
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("slotsOf(%q, %v) = %q, want %q", c.q, c.question, g, c.want)
		}
	}
}
