package postings

import (
	"fmt"
	"testing"
)

// BenchmarkLoadFirsts: a miss that asks for the first positions (the
// lead's lists), decoded into an empty cache each time.
func BenchmarkLoadFirsts(b *testing.B) {
	docs := make([]string, 20000)
	for i := range docs {
		docs[i] = fmt.Sprintf("common word%d filler common text%d", i%50, i%7)
	}
	segs := snapshotOf(b, docs).Segments()
	b.ResetTimer()
	for b.Loop() {
		c := New(1 << 30)
		for _, ss := range segs {
			l, err := c.Load(ss.Segment(), "f", "common", 1, true)
			if err != nil || l == nil || l.Firsts() == nil {
				b.Fatal(err)
			}
		}
	}
}
