package search

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/index"
)

// snapshot is one search's reader of the index: a scorch snapshot, and the
// postings lists looked up so far, per segment, so that the words the
// query resolution asks about are not looked up again by the executor.
type snapshot struct {
	reader bindex.IndexReader
	snap   *scorch.IndexSnapshot
	segs   []*scorch.SegmentSnapshot
	n      uint64     // live documents
	mu     sync.Mutex // guards lists: a scan may open segments on two goroutines
	lists  map[string]*termLists
	shared *termCache // nil: none
	fuzzy  *fuzzyBuilders
}

// termCache keeps, across searches, the postings lists of terms looked up
// in the latest index snapshot. A snapshot never changes, and looking a
// word up walks a dictionary in every segment and counts its live
// postings: about a tenth of a short search, paid again by every search
// with a word of the last ones. The lists are only read (iterators are
// made from them), so searches share them; a search uses them only while
// it holds the snapshot they come from.
type termCache struct {
	mu    sync.Mutex
	snap  *scorch.IndexSnapshot
	lists map[string]*termLists
}

// termCacheSize bounds the terms kept: past it the cache starts over,
// which keeps what is asked for now at the cost of a few lookups.
const termCacheSize = 1 << 14

func (c *termCache) get(snap *scorch.IndexSnapshot, key string) *termLists {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != snap {
		return nil
	}
	return c.lists[key]
}

func (c *termCache) put(snap *scorch.IndexSnapshot, key string, tl *termLists) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != snap || len(c.lists) >= termCacheSize {
		// A new snapshot replaces the old one's terms: they are never
		// asked for again, and dropping them lets its segments go.
		c.snap, c.lists = snap, map[string]*termLists{}
	}
	c.lists[key] = tl
}

// termLists are a term's postings lists in each segment (nil where absent)
// and its document frequency over live documents.
type termLists struct {
	lists []segment.PostingsList
	df    uint64
}

// openSnapshot opens a reader of the view, sharing the term lookups of
// searches on the same snapshot through shared (nil: none); the caller
// closes it.
func openSnapshot(v index.View, shared *termCache, fuzzy *fuzzyBuilders) (*snapshot, error) {
	adv, err := v.Bleve().Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("search: not a scorch index")
	}
	n, err := snap.DocCount()
	if err != nil {
		r.Close()
		return nil, err
	}
	return &snapshot{reader: r, snap: snap, segs: snap.Segments(), n: n, lists: map[string]*termLists{}, shared: shared, fuzzy: fuzzy}, nil
}

func (s *snapshot) close() error { return s.reader.Close() }

// postings returns a term's postings lists, looked up once per search.
func (s *snapshot) postings(field, term string) (*termLists, error) {
	key := field + "\x00" + term
	s.mu.Lock()
	defer s.mu.Unlock()
	if tl, ok := s.lists[key]; ok {
		return tl, nil
	}
	if s.shared != nil {
		if tl := s.shared.get(s.snap, key); tl != nil {
			s.lists[key] = tl
			return tl, nil
		}
	}
	tl := &termLists{lists: make([]segment.PostingsList, len(s.segs))}
	for i, ss := range s.segs {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
		if err != nil {
			return nil, err
		}
		if pl != nil && pl.Count() > 0 {
			tl.lists[i] = pl
			tl.df += pl.Count()
		}
	}
	s.lists[key] = tl
	if s.shared != nil {
		s.shared.put(s.snap, key, tl)
	}
	return tl, nil
}

// df is the number of live documents holding term in field.
func (s *snapshot) df(field, term string) (uint64, error) {
	tl, err := s.postings(field, term)
	if err != nil {
		return 0, err
	}
	return tl.df, nil
}

// prefixTerms calls fn with every term of field that starts with prefix,
// once each.
func (s *snapshot) prefixTerms(field, prefix string, fn func(term string)) error {
	beg := []byte(prefix)
	return s.eachTerm(field, nil, beg, prefixEnd(beg), fn)
}

// fuzzyTerms calls fn with every term of each of fields within fz edits of
// term that shares its first letter, once a field. One automaton serves
// every field, and the segments are walked in turn: Bleve's FieldDictFuzzy
// builds the automaton on every call and walks each segment on a goroutine
// of its own, which made a search with a rare word (corrected as a typo)
// slower than one with a frequent word (docs/benchmarks.md, 2026-12-07,
// fifth session).
func (s *snapshot) fuzzyTerms(term string, fz int, fields []string, fn func(field, term string)) error {
	a, err := s.fuzzy.automaton(term, fz)
	if err != nil {
		return err
	}
	beg := []byte(string([]rune(term)[:1]))
	end := prefixEnd(beg)
	for _, field := range fields {
		if err := s.eachTerm(field, a, beg, end, func(t string) { fn(field, t) }); err != nil {
			return err
		}
	}
	return nil
}

// countlessIterator is a segment dictionary that can list its terms
// without reading their postings (jzap's).
type countlessIterator interface {
	AutomatonIteratorOmitCount(a segment.Automaton, startKeyInclusive, endKeyExclusive []byte) segment.DictionaryIterator
}

// eachTerm calls fn, once each, with the terms of field in [beg, end) (end
// nil: no end) that automaton a (nil: any) accepts, in every segment.
func (s *snapshot) eachTerm(field string, a segment.Automaton, beg, end []byte, fn func(string)) error {
	seen := map[string]bool{}
	for _, ss := range s.segs {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return err
		}
		var it segment.DictionaryIterator
		if c, ok := dict.(countlessIterator); ok {
			it = c.AutomatonIteratorOmitCount(a, beg, end)
		} else {
			it = dict.AutomatonIterator(a, beg, end)
		}
		for {
			e, err := it.Next()
			if err != nil {
				return err
			}
			if e == nil {
				break
			}
			if !seen[e.Term] {
				seen[e.Term] = true
				fn(e.Term)
			}
		}
	}
	return nil
}

// prefixEnd is the first key after every key that starts with prefix; nil
// if there is none (a prefix of 0xff bytes).
func prefixEnd(prefix []byte) []byte {
	end := slices.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		end[i]++
		if end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}

// checkContext is how often a scan looks at its context.
const checkContext = 4096

func cancelled(ctx context.Context, visited int) error {
	if visited%checkContext == 0 {
		return ctx.Err()
	}
	return nil
}

// unknownTerm reports whether the index lacks one of terms (in the text
// field).
func (s *snapshot) unknownTerm(terms []string) (bool, error) {
	for _, t := range terms {
		n, err := s.df(index.FieldText, t)
		if err != nil || n == 0 {
			return err == nil, err
		}
	}
	return false, nil
}
