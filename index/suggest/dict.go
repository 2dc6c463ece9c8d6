package suggest

import (
	"container/heap"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/index"
)

// The title_exact dictionary in memory. Walking Bleve's dictionary under a
// one- or two-letter prefix visits thousands of terms in every segment and
// decodes each one's postings header, per request (16 ms for "di" at
// 100k). A segment never changes, and the counts its dictionary reports
// ignore deletions: each segment's terms and counts are read once, and a
// snapshot's dictionary is the merge of its segments', rebuilt only when
// the set of segments changes.

// dict is a sorted list of title words with the number of titles holding
// each (summed over segments, as Bleve's FieldDict reports them).
type dict struct {
	terms  []string
	counts []uint64
}

// dictCache holds the dictionaries of the segments of the latest snapshot
// and their merge.
type dictCache struct {
	mu     sync.Mutex
	segs   map[segment.Segment]*dict
	key    []segment.Segment // the segments merged, in snapshot order
	merged *dict
}

// get returns the title_exact dictionary of the view's snapshot.
func (c *dictCache) get(v index.View) (*dict, error) {
	adv, err := v.Bleve().Advanced()
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("suggest: not a scorch index")
	}
	segs := make([]segment.Segment, 0, len(snap.Segments()))
	for _, ss := range snap.Segments() {
		segs = append(segs, ss.Segment())
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.merged != nil && sameSegments(c.key, segs) {
		return c.merged, nil
	}
	live := make(map[segment.Segment]*dict, len(segs))
	parts := make([]*dict, 0, len(segs))
	for _, s := range segs {
		d := c.segs[s]
		if d == nil {
			if d, err = readDict(s); err != nil {
				return nil, err
			}
		}
		live[s] = d
		parts = append(parts, d)
	}
	c.segs, c.key, c.merged = live, segs, mergeDicts(parts)
	return c.merged, nil
}

func sameSegments(a, b []segment.Segment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// readDict reads one segment's title_exact terms and counts.
func readDict(s segment.Segment) (*dict, error) {
	td, err := s.Dictionary(index.FieldTitleExact)
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	d := &dict{}
	it := td.AutomatonIterator(nil, nil, nil)
	for {
		e, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("suggest: %w", err)
		}
		if e == nil {
			return d, nil
		}
		d.terms = append(d.terms, e.Term)
		d.counts = append(d.counts, e.Count)
	}
}

// mergeDicts merges sorted dictionaries, summing the counts of a term
// held by several.
func mergeDicts(parts []*dict) *dict {
	if len(parts) == 1 {
		return parts[0]
	}
	n := 0
	for _, p := range parts {
		n += len(p.terms)
	}
	out := &dict{terms: make([]string, 0, n), counts: make([]uint64, 0, n)}
	pos := make([]int, len(parts))
	for {
		min := ""
		found := false
		for i, p := range parts {
			if pos[i] < len(p.terms) && (!found || p.terms[pos[i]] < min) {
				min, found = p.terms[pos[i]], true
			}
		}
		if !found {
			return out
		}
		var count uint64
		for i, p := range parts {
			if pos[i] < len(p.terms) && p.terms[pos[i]] == min {
				count += p.counts[pos[i]]
				pos[i]++
			}
		}
		out.terms = append(out.terms, min)
		out.counts = append(out.counts, count)
	}
}

// prefixRange is the index range of the terms starting with prefix.
func (d *dict) prefixRange(prefix string) (lo, hi int) {
	lo = sort.SearchStrings(d.terms, prefix)
	hi = lo + sort.Search(len(d.terms)-lo, func(i int) bool { return !strings.HasPrefix(d.terms[lo+i], prefix) })
	return lo, hi
}

// top returns at most k terms starting with prefix that keep passes (all
// when keep is nil), most frequent first, alphabetical on a tie: the
// first k of the whole sorted list, without sorting all of it.
func (d *dict) top(prefix string, k int, keep func(string) bool) []dictEntry {
	lo, hi := d.prefixRange(prefix)
	h := &entryHeap{}
	for i := lo; i < hi; i++ {
		e := dictEntry{d.terms[i], d.counts[i]}
		if keep != nil && !keep(e.term) {
			continue
		}
		if h.Len() < k {
			heap.Push(h, e)
		} else if before(e, (*h)[0]) {
			(*h)[0] = e
			heap.Fix(h, 0)
		}
	}
	out := make([]dictEntry, h.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(dictEntry)
	}
	return out
}

// before is the completions' order: most frequent first, then alphabetical.
func before(a, b dictEntry) bool {
	if a.count != b.count {
		return a.count > b.count
	}
	return a.term < b.term
}

// entryHeap keeps the k best entries with the worst on top.
type entryHeap []dictEntry

func (h entryHeap) Len() int           { return len(h) }
func (h entryHeap) Less(i, j int) bool { return before(h[j], h[i]) }
func (h entryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *entryHeap) Push(x any)        { *h = append(*h, x.(dictEntry)) }
func (h *entryHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// dictEntry is a title word and the number of titles holding it.
type dictEntry struct {
	term  string
	count uint64
}
