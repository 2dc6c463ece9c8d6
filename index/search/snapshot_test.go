package search

import (
	"strconv"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

func TestTermCacheServesOnlyItsSnapshot(t *testing.T) {
	var c termCache
	a, b := &scorch.IndexSnapshot{}, &scorch.IndexSnapshot{}
	tl := &termLists{df: 7}
	if c.get(a, "text\x00air") != nil {
		t.Fatal("empty cache served a term")
	}
	c.put(a, "text\x00air", tl)
	if got := c.get(a, "text\x00air"); got != tl {
		t.Fatalf("same snapshot: %v, want the lists put", got)
	}
	if got := c.get(b, "text\x00air"); got != nil {
		t.Fatal("another snapshot was served the first one's lists")
	}
	c.put(b, "text\x00bersih", &termLists{})
	if got := c.get(a, "text\x00air"); got != nil {
		t.Fatal("a new snapshot's term kept the old snapshot's lists")
	}
	for i := range termCacheSize + 10 {
		c.put(b, strconv.Itoa(i), &termLists{})
	}
	if n := len(c.lists); n > termCacheSize {
		t.Fatalf("%d terms kept, want at most %d", n, termCacheSize)
	}
}
