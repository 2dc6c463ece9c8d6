package bm25

import "sort"

// hit is a scored document of one segment.
type hit struct {
	seg   int
	doc   uint64
	score float64
}

// better is the collector's order: higher score, then earlier document.
func better(a, b hit) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.seg != b.seg {
		return a.seg < b.seg
	}
	return a.doc < b.doc
}

// collector keeps the k best hits (k is small: a page of suggestions or
// candidates), the worst last.
type collector struct {
	k    int
	hits []hit
}

func (c *collector) add(h hit) {
	if len(c.hits) == c.k && !better(h, c.hits[len(c.hits)-1]) {
		return
	}
	i := sort.Search(len(c.hits), func(i int) bool { return better(h, c.hits[i]) })
	if len(c.hits) < c.k {
		c.hits = append(c.hits, hit{})
	}
	copy(c.hits[i+1:], c.hits[i:len(c.hits)-1])
	c.hits[i] = h
}

func (c *collector) sorted() []hit { return c.hits }
