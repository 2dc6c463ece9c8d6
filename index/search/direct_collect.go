package search

import (
	"container/heap"
	"math"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// collector keeps the best hits seen, ranked by score then id (as Bleve
// sorts), and skips those at or above a cursor. Ids are read from the
// segment only when a tie needs them or a hit is kept.
type collector struct {
	top   topHits
	keep  int
	after *topHit // the cursor's (score, id), nil without a cursor
}

// topHit is a ranked candidate; its id is read only when needed.
type topHit struct {
	score float64
	seg   int
	local uint64 // in the segment
	id    string
}

func newCollector(segs []*scorch.SegmentSnapshot, keep int, after *topHit) *collector {
	return &collector{top: topHits{segs: segs}, keep: max(keep, 1), after: after}
}

func (c *collector) collect(h topHit) {
	t := &c.top
	switch {
	case c.after != nil && (h.score > c.after.score || (h.score == c.after.score && t.idOf(&h) <= c.after.id)):
		// At or above the cursor: shown on an earlier page.
	case t.Len() < c.keep:
		heap.Push(t, h)
	case t.better(&h):
		t.h[0] = h
		heap.Fix(t, 0)
	}
}

// floor is the score a hit must reach to be kept: the worst kept hit's
// once the page is full (a tie may still enter by its id), -Inf before.
func (c *collector) floor() float64 {
	if c.top.Len() < c.keep {
		return math.Inf(-1)
	}
	return c.top.h[0].score
}

// collectBounded collects a hit whose score may still grow by up to bound
// (the lead); exact gives the final score. It is asked for only when the
// hit could still enter the kept hits and lies below the cursor, so that
// most hits never pay for it, and the kept hits are exactly those
// collect would keep with the final scores.
func (c *collector) collectBounded(h topHit, bound float64, exact func() (float64, error)) error {
	if bound > 0 {
		if c.after != nil && h.score > c.after.score {
			return nil // above the cursor whatever the lead
		}
		if c.top.Len() >= c.keep && h.score+bound < c.top.h[0].score {
			return nil // cannot enter
		}
		lead, err := exact()
		if err != nil {
			return err
		}
		h.score += lead
	}
	c.collect(h)
	return nil
}

// ranked returns the hits kept, best first, with their ids.
func (c *collector) ranked() ([]topHit, error) {
	out := make([]topHit, c.top.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&c.top).(topHit)
	}
	for i := range out {
		c.top.idOf(&out[i])
	}
	return out, c.top.err
}

// topHits is a min-heap on (score, then id descending): its root is the
// worst hit kept.
type topHits struct {
	h    []topHit
	segs []*scorch.SegmentSnapshot
	err  error
}

func (t *topHits) Len() int { return len(t.h) }
func (t *topHits) Less(i, j int) bool {
	a, b := &t.h[i], &t.h[j]
	if a.score != b.score {
		return a.score < b.score
	}
	return t.idOf(a) > t.idOf(b)
}
func (t *topHits) Swap(i, j int) { t.h[i], t.h[j] = t.h[j], t.h[i] }
func (t *topHits) Push(x any)    { t.h = append(t.h, x.(topHit)) }
func (t *topHits) Pop() any {
	x := t.h[len(t.h)-1]
	t.h = t.h[:len(t.h)-1]
	return x
}

func (t *topHits) idOf(h *topHit) string {
	if h.id == "" {
		b, err := t.segs[h.seg].DocID(h.local)
		if err != nil && t.err == nil {
			t.err = err
		}
		h.id = string(b)
	}
	return h.id
}

// better reports whether a candidate outranks the worst hit kept.
func (t *topHits) better(c *topHit) bool {
	w := &t.h[0]
	if c.score != w.score {
		return c.score > w.score
	}
	return t.idOf(c) < t.idOf(w)
}
