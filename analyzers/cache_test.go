package analyzers

import (
	"strings"
	"testing"
	"unsafe"
)

// The cache outlives every text it sees: a word cached as a slice of its
// text would keep that whole text (a field of a document being indexed)
// alive for as long as the entry lives.
func TestStemCacheKeepsNoTextAlive(t *testing.T) {
	s := NewStemmer()
	text := strings.Repeat("isi ", 1<<12) + "rumah pelayanan pendidikan"
	lo := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	hi := lo + uintptr(len(text))
	inText := func(v string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(v)))
		return len(v) > 0 && p >= lo && p < hi
	}
	for _, w := range strings.Fields(text[len(text)-26:]) {
		s.Stem(w)
	}
	n := 0
	for i := range s.cache.shards {
		for k, v := range s.cache.shards[i].m {
			n++
			if inText(k) || inText(v) {
				t.Errorf("cached %q → %q points into the analysed text", k, v)
			}
		}
	}
	if n != 3 {
		t.Fatalf("%d cached words, want 3", n)
	}
}
