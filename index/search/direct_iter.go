package search

import (
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/index/postings"
)

// cursorIter walks one postings list, remembering where it stands, so
// that it can be asked for documents in increasing order. It reads
// either zap's iterator or a decoded list of the postings cache, which
// it walks past the snapshot's deleted documents as zap does.
type cursorIter struct {
	it   segment.PostingsIterator
	dec  *postings.List
	docs []uint32         // dec: its documents
	i    int              // dec: the index of doc
	del  *roaring.Bitmap  // dec: the snapshot's deleted documents
	pos  *postings.Firsts // dec: first positions, if opened with them
	doc  uint64
	post segment.Posting // it: the current posting, whose frequency, norm and locations are read when asked for
	locs bool            // it: opened with locations
	done bool
	at   bool // doc holds a posting
}

func newCursor(pl segment.PostingsList, locs bool) *cursorIter {
	if pl == nil || pl.Count() == 0 {
		return &cursorIter{done: true}
	}
	return &cursorIter{it: pl.Iterator(true, true, locs, nil), locs: locs}
}

// newCachedCursor walks a decoded list; deleted are the snapshot's
// deleted documents of its segment.
func newCachedCursor(d *postings.List, deleted *roaring.Bitmap, locs bool) *cursorIter {
	if deleted != nil && deleted.IsEmpty() {
		deleted = nil
	}
	c := &cursorIter{dec: d, docs: d.Docs(), del: deleted}
	if locs {
		c.pos = d.Firsts()
	}
	return c
}

// seekDecoded is seek's move on a decoded list, to doc past the current
// posting.
func (c *cursorIter) seekDecoded(doc uint64) {
	// Most moves are to the next posting: the rarest word driving a
	// search steps through its list. Checked here, before a call.
	i := c.i
	if c.at {
		i++
	}
	if i < len(c.docs) && uint64(c.docs[i]) >= doc && c.del == nil {
		c.i, c.doc, c.at = i, uint64(c.docs[i]), true
		return
	}
	d := c.dec
	i, found := d.Seek(i, doc)
	if c.del != nil {
		if j := d.NextLive(i, c.del); j != i {
			i = j
			if i < d.Len() {
				found = d.Doc(i)
			}
		}
	}
	c.i = i
	if i >= d.Len() {
		c.done, c.at = true, false
		return
	}
	c.doc, c.at = found, true
}

// freqNorm is the current posting's frequency and norm: read only for a
// document that is scored, not for the many a search passes (filtered
// out, or sought past by a rarer word).
func (c *cursorIter) freqNorm() (uint64, float64) {
	if c.dec != nil {
		return c.dec.Freq(c.i), c.dec.Norm(c.i)
	}
	return c.post.Frequency(), c.post.Norm()
}

// first is the smallest position > 0 of the current posting (0 if none),
// for a cursor opened with locations.
func (c *cursorIter) first() uint64 {
	if c.pos != nil {
		return c.pos.At(c.i)
	}
	if c.post == nil {
		return 0
	}
	return postings.FirstPos(c.post.Locations())
}

// positions reports whether first gives the cursor's first positions.
func (c *cursorIter) positions() bool { return c.pos != nil || (c.dec == nil && c.locs) }

func (c *cursorIter) take(p segment.Posting, err error) error {
	if err != nil {
		return err
	}
	if p == nil {
		c.done, c.at, c.post = true, false, nil
		return nil
	}
	c.doc, c.at = p.Number(), true
	c.post = p
	return nil
}

// seek moves to the first posting at or after doc and reports whether it
// is doc itself.
func (c *cursorIter) seek(doc uint64) (bool, error) {
	if c.done {
		return false, nil
	}
	if !c.at || c.doc < doc {
		if err := c.advance(doc); err != nil {
			return false, err
		}
	}
	return !c.done && c.doc == doc, nil
}

// advance moves a cursor that is not done to the first posting at or
// after doc, which lies past the current one.
func (c *cursorIter) advance(doc uint64) error {
	if c.dec != nil {
		c.seekDecoded(doc)
		return nil
	}
	return c.take(c.it.Advance(doc))
}

// exprIter yields the documents that hold every term of an alternative:
// its cursors leapfrog to a document they agree on.
type exprIter struct {
	terms []*cursorIter
	doc   uint64
	at    bool
	done  bool
}

// seek moves to the first document at or after d holding every term.
func (e *exprIter) seek(d uint64) error {
	if e.done || (e.at && e.doc >= d) {
		return nil
	}
	if len(e.terms) == 1 {
		// One term, most alternatives: where its cursor stands.
		c := e.terms[0]
		if _, err := c.seek(d); err != nil {
			return err
		}
		if c.done {
			e.done, e.at = true, false
			return nil
		}
		e.doc, e.at = c.doc, true
		return nil
	}
	for {
		agreed := true
		for _, c := range e.terms {
			if _, err := c.seek(d); err != nil {
				return err
			}
			if c.done {
				e.done, e.at = true, false
				return nil
			}
			if c.doc > d {
				d, agreed = c.doc, false
				break
			}
		}
		if agreed {
			e.doc, e.at = d, true
			return nil
		}
	}
}

// hit reports whether the alternative is held by document d (after a seek
// at or before d). An alternative of one word stands where its cursor
// does, whoever moved it (seek, slotIter.seek, nextFlat).
func (e *exprIter) hit(d uint64) bool {
	if len(e.terms) == 1 {
		c := e.terms[0]
		return c.at && c.doc == d
	}
	return e.at && e.doc == d
}

// slotIter yields the documents that hold any alternative of a slot.
type slotIter struct {
	exprs []*exprIter
	one   *cursorIter // the cursor of the only term of the only alternative, if so
	doc   uint64
	done  bool
	cost  uint64 // postings it may visit: how rare the slot is
}

func (s *slotIter) seek(d uint64) error {
	if c := s.one; c != nil {
		// One word, most slots: its cursor moved here, without the
		// calls between (its alternative stands where it does: hit).
		if !c.done && (!c.at || c.doc < d) {
			if err := c.advance(d); err != nil {
				return err
			}
		}
		s.doc, s.done = c.doc, c.done
		return nil
	}
	if len(s.exprs) == 1 {
		// One alternative: where it stands.
		e := s.exprs[0]
		if err := e.seek(d); err != nil {
			return err
		}
		s.doc, s.done = e.doc, e.done
		return nil
	}
	s.done = true
	for _, e := range s.exprs {
		if err := e.seek(d); err != nil {
			return err
		}
		if !e.done && (s.done || e.doc < s.doc) {
			s.doc, s.done = e.doc, false
		}
	}
	return nil
}

// rankMatcher yields, in one segment, the documents that match every
// required slot (all: the rarest drives, the others are sought) or any
// slot (the union), and hold no excluded term.
type rankMatcher struct {
	slots    []*slotIter // in plan order
	order    []int       // all: the required slots, rarest first
	optional []*slotIter // all: the others, sought to each match for its score
	all      bool
	// flat, if set, are the cursors of the required slots, rarest first,
	// when each is a single word's decoded list without deletions and no
	// slot is optional: nextFlat leapfrogs them in one loop.
	flat []*cursorIter
	not  []*cursorIter
	from uint64 // the next document to consider
	// cand, if set, walks the only documents that may match (the
	// counter's candidates, numbered in the snapshot from candBase).
	cand     roaring.IntPeekable
	candBase uint64
}

// candidatesDrive reports how many of cand, the snapshot's documents that
// may pass the filters, lie in a segment (base, n documents), and whether
// they are fewer than walk, the postings the matcher would walk, by
// enough to drive it instead: a rare filter then drives a common word.
// Each candidate costs a seek in every slot where a posting costs a step,
// so they must be clearly fewer.
func candidatesDrive(cand *roaring.Bitmap, base, n, walk uint64) (uint64, bool) {
	if cand == nil || n == 0 || base+n > math.MaxUint32+1 {
		return 0, false
	}
	in := cand.Rank(uint32(base + n - 1))
	if base > 0 {
		in -= cand.Rank(uint32(base - 1))
	}
	return in, 2*in < walk
}

// next returns the next matching document; ok is false at the end.
func (m *rankMatcher) next() (doc uint64, ok bool, err error) {
	for {
		switch {
		case m.flat != nil:
			doc, ok = m.nextFlat(m.from)
		case m.all:
			doc, ok, err = m.nextAll(m.from)
		default:
			doc, ok, err = m.nextAny(m.from)
		}
		if err != nil || !ok {
			return 0, false, err
		}
		if m.cand != nil {
			m.cand.AdvanceIfNeeded(uint32(m.candBase + doc))
			if !m.cand.HasNext() {
				return 0, false, nil
			}
			if c := uint64(m.cand.PeekNext()) - m.candBase; c != doc {
				m.from = c // past the segment's end when no candidate is left in it
				continue
			}
		}
		for _, s := range m.optional {
			if err := s.seek(doc); err != nil {
				return 0, false, err
			}
		}
		m.from = doc + 1
		excluded := false
		for _, c := range m.not {
			if excluded, err = c.seek(doc); err != nil || excluded {
				break
			}
		}
		if err != nil || !excluded {
			return doc, err == nil, err
		}
	}
}

func (m *rankMatcher) nextAny(d uint64) (uint64, bool, error) {
	best, found := uint64(0), false
	for _, s := range m.slots {
		if err := s.seek(d); err != nil {
			return 0, false, err
		}
		if !s.done && (!found || s.doc < best) {
			best, found = s.doc, true
		}
	}
	return best, found, nil
}

// nextFlat is nextAll over flat cursors, their moves written out: most
// searches, and the calls of a slot's, an alternative's and a cursor's
// seek were a fifth of their time.
func (m *rankMatcher) nextFlat(d uint64) (uint64, bool) {
	for {
		agreed := true
		for _, c := range m.flat {
			if c.done {
				return 0, false
			}
			if c.at && c.doc >= d {
				if c.doc > d {
					d, agreed = c.doc, false
					break
				}
				continue
			}
			i := c.i
			if c.at {
				i++
			}
			docs := c.docs
			if i >= len(docs) || uint64(docs[i]) < d {
				i, _ = c.dec.Seek(i, d)
				if i >= len(docs) {
					c.done, c.at = true, false
					return 0, false
				}
			}
			c.i, c.doc, c.at = i, uint64(docs[i]), true
			if c.doc > d {
				d, agreed = c.doc, false
				break
			}
		}
		if agreed {
			return d, true
		}
	}
}

// nextAll leapfrogs: every required slot is sought to the candidate,
// which moves to where a slot stands when it lacks the candidate.
func (m *rankMatcher) nextAll(d uint64) (uint64, bool, error) {
	if len(m.order) == 1 {
		// One required slot: where it stands.
		s := m.slots[m.order[0]]
		if err := s.seek(d); err != nil || s.done {
			return 0, false, err
		}
		return s.doc, true, nil
	}
	for {
		agreed := true
		for _, k := range m.order {
			s := m.slots[k]
			if err := s.seek(d); err != nil || s.done {
				return 0, false, err
			}
			if s.doc > d {
				d, agreed = s.doc, false
				break
			}
		}
		if agreed {
			return d, true, nil
		}
	}
}

// flatten sets flat when every slot is required and holds one word whose
// cursor walks a decoded list of a segment without deletions.
func (m *rankMatcher) flatten() {
	if !m.all || len(m.optional) > 0 || len(m.order) != len(m.slots) {
		return
	}
	flat := make([]*cursorIter, 0, len(m.order))
	for _, k := range m.order {
		c := m.slots[k].one
		if c == nil || c.dec == nil || c.del != nil {
			return
		}
		flat = append(flat, c)
	}
	m.flat = flat
}
