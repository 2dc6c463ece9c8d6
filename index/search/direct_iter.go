package search

import (
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// cursorIter walks one postings list, remembering where it stands, so
// that it can be asked for documents in increasing order.
type cursorIter struct {
	it   segment.PostingsIterator
	doc  uint64
	freq uint64
	norm float64
	locs []segment.Location
	done bool
	at   bool // doc holds a posting
}

func newCursor(pl segment.PostingsList, locs bool) *cursorIter {
	if pl == nil || pl.Count() == 0 {
		return &cursorIter{done: true}
	}
	return &cursorIter{it: pl.Iterator(true, true, locs, nil)}
}

func (c *cursorIter) take(p segment.Posting, err error) error {
	if err != nil {
		return err
	}
	if p == nil {
		c.done, c.at = true, false
		return nil
	}
	c.doc, c.freq, c.norm, c.at = p.Number(), p.Frequency(), p.Norm(), true
	c.locs = p.Locations()
	return nil
}

func (c *cursorIter) next() error { return c.take(c.it.Next()) }

// seek moves to the first posting at or after doc and reports whether it
// is doc itself.
func (c *cursorIter) seek(doc uint64) (bool, error) {
	if c.done {
		return false, nil
	}
	if !c.at || c.doc < doc {
		if err := c.take(c.it.Advance(doc)); err != nil {
			return false, err
		}
	}
	return !c.done && c.doc == doc, nil
}

func cursors(lists []*scoredTerm, seg int, locs bool) []*cursorIter {
	out := make([]*cursorIter, len(lists))
	for i, t := range lists {
		out[i] = newCursor(t.lists[seg], locs)
	}
	return out
}

// matcher yields, in one segment, the documents that hold every must term
// and no excluded one: the rarest list drives, the others are sought
// (leapfrog).
type matcher struct {
	must  []*cursorIter
	order []int // must lists, rarest first
	not   []*cursorIter
	lead  *cursorIter
}

// newMatcher returns nil when a must term is absent from the segment.
func newMatcher(ts *termSet, seg int) *matcher {
	m := &matcher{must: cursors(ts.must, seg, false), not: cursors(ts.not, seg, false)}
	for i, c := range m.must {
		if c.done {
			return nil
		}
		m.order = append(m.order, i)
	}
	count := func(i int) uint64 { return ts.must[i].lists[seg].Count() }
	for i := 1; i < len(m.order); i++ {
		for j := i; j > 0 && count(m.order[j]) < count(m.order[j-1]); j-- {
			m.order[j], m.order[j-1] = m.order[j-1], m.order[j]
		}
	}
	m.lead = m.must[m.order[0]]
	return m
}

// next returns the next matching document; ok is false at the end.
func (m *matcher) next() (doc uint64, ok bool, err error) {
	if err := m.lead.next(); err != nil {
		return 0, false, err
	}
	for !m.lead.done {
		doc = m.lead.doc
		agreed, err := m.agree(doc)
		if err != nil {
			return 0, false, err
		}
		if agreed {
			excluded, err := m.excluded(doc)
			if err != nil || !excluded {
				return doc, err == nil, err
			}
			if err := m.lead.next(); err != nil {
				return 0, false, err
			}
		}
	}
	return 0, false, nil
}

// agree seeks every other must list to doc. When one lacks doc, the lead
// jumps to where that list stands, and agree reports false.
func (m *matcher) agree(doc uint64) (bool, error) {
	for _, k := range m.order[1:] {
		c := m.must[k]
		hit, err := c.seek(doc)
		if err != nil {
			return false, err
		}
		if c.done {
			m.lead.done = true
			return false, nil
		}
		if !hit {
			return false, m.lead.take(m.lead.it.Advance(c.doc))
		}
	}
	return true, nil
}

func (m *matcher) excluded(doc uint64) (bool, error) {
	for _, c := range m.not {
		hit, err := c.seek(doc)
		if err != nil || hit {
			return hit, err
		}
	}
	return false, nil
}
