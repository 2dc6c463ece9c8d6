package index

import (
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"

	"jippnas/index/postings"
)

// fixedAnalyzer emits one token per byte of its input, at positions 1, 2, …
// unless pos gives them.
type fixedAnalyzer struct{ pos []int }

func (a fixedAnalyzer) Analyze(text []byte) analysis.TokenStream {
	ts := make(analysis.TokenStream, len(text))
	for i := range text {
		p := i + 1
		if a.pos != nil {
			p = a.pos[i]
		}
		ts[i] = &analysis.Token{Term: text[i : i+1], Start: i, End: i + 1, Position: p}
	}
	return ts
}

// TestPartsAnalyzer: each part is analysed on its own and placed at its
// multiple of the stride, without offsets; a part longer than the stride
// keeps its tail at the stride's last position instead of running into the
// next part, so that positions within a part (InPart) never wrap.
func TestPartsAnalyzer(t *testing.T) {
	const s = postings.ValueStride
	cases := []struct {
		name string
		a    partsAnalyzer
		text string
		want []int
	}{
		{"one part", partsAnalyzer{Analyzer: fixedAnalyzer{}}, "abc", []int{1, 2, 3}},
		{"three parts", partsAnalyzer{Analyzer: fixedAnalyzer{}, ends: []int{2, 3, 5}}, "abcde",
			[]int{1, 2, s + 1, 2*s + 1, 2*s + 2}},
		{"empty part", partsAnalyzer{Analyzer: fixedAnalyzer{}, ends: []int{1, 1, 2}}, "ab", []int{1, 2*s + 1}},
		{"too long", partsAnalyzer{Analyzer: fixedAnalyzer{pos: []int{s - 2, s - 1, s, s + 7}}}, "abcd",
			[]int{s - 2, s - 1, s - 1, s - 1}},
	}
	for _, c := range cases {
		ts := c.a.Analyze([]byte(c.text))
		if len(ts) != len(c.want) {
			t.Fatalf("%s: %d tokens, want %d", c.name, len(ts), len(c.want))
		}
		for i, tok := range ts {
			if tok.Position != c.want[i] || tok.Start != 0 || tok.End != 0 {
				t.Errorf("%s: token %d at %d (%d–%d), want %d without offsets", c.name, i, tok.Position, tok.Start, tok.End, c.want[i])
			}
			if in := postings.InPart(uint64(tok.Position)); in == 0 || in >= s {
				t.Errorf("%s: token %d within its part at %d", c.name, i, in)
			}
		}
	}
}
