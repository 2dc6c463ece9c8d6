package postings

import (
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// TestListSearch: galloping (and its first two steps, taken apart) finds
// the first document at or after the target from every start, the end
// included, and NextLive passes deleted documents.
func TestListSearch(t *testing.T) {
	l := listOf(300) // documents 0, 2, 4 … 598
	for start := 0; start <= 300; start++ {
		for doc := uint64(0); doc < 610; doc++ {
			want := start
			for want < 300 && l.Doc(want) < doc {
				want++
			}
			if got := l.Search(start, doc); got != want {
				t.Fatalf("Search(%d, %d) = %d, want %d", start, doc, got, want)
			}
		}
	}
	if i := l.Search(0, 7); l.Doc(i) != 8 {
		t.Fatalf("Search(0, 7) at %d, want 8", l.Doc(i))
	}
	if i := l.Search(0, 599); i != l.Len() {
		t.Fatal("a search past the end should end at Len")
	}
	if i := l.Search(0, 1<<32+4); i != l.Len() {
		t.Fatal("a target beyond every 32-bit document number should end at Len")
	}
	del := roaring.BitmapOf(8, 10, 596, 598)
	if i := l.NextLive(l.Search(0, 8), del); l.Doc(i) != 12 {
		t.Fatalf("with 8 and 10 deleted, the first live document from 8 is %d, want 12", l.Doc(i))
	}
	if i := l.NextLive(l.Search(0, 595), del); i != l.Len() {
		t.Fatal("with the last two deleted, nothing is live from 595")
	}
	if i := l.NextLive(5, nil); i != 5 {
		t.Fatal("no deletions: NextLive should not move")
	}
}

// TestListValues: frequencies and positions too large for their compact
// arrays come back from the overflow maps.
func TestListValues(t *testing.T) {
	l := listOf(3)
	l.freqs[1], l.bigFreqs = bigValue, map[int32]uint32{1: 1000}
	l.freqs[2] = 7
	if l.Freq(0) != 0 || l.Freq(1) != 1000 || l.Freq(2) != 7 || l.Norm(2) != 0.5 {
		t.Fatalf("freqs %d %d %d, norm %v", l.Freq(0), l.Freq(1), l.Freq(2), l.Norm(2))
	}
	f := &Firsts{v: []uint16{3, 0xffff, 9}, big: map[int32]uint32{1: 70000}}
	if f.At(0) != 3 || f.At(1) != 70000 || f.At(2) != 9 {
		t.Fatalf("firsts %d %d %d", f.At(0), f.At(1), f.At(2))
	}
}
