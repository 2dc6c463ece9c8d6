package bm25

import (
	"sync"

	"jippnas/index/postings"
)

// Scorer runs queries (Top) with a cache of the decoded postings lists of
// frequent terms and of the documents of filter terms, and reuses its
// accumulators across queries. Zap decodes a posting in some 40 ns; a
// type-ahead prefix reads a hundred thousand of them, the same ones for
// every user. It is safe for concurrent use; a nil *Scorer caches and
// reuses nothing.
type Scorer struct {
	postings *postings.Cache
	min      uint64 // postings a list needs to be decoded
	mu       sync.Mutex
	free     []*accumulator // for the next queries
}

// NewScorer returns a scorer keeping at most budget bytes of lists with
// at least min postings (shorter lists cost little to read) and of filter
// documents.
func NewScorer(budget int64, min uint64) *Scorer {
	return &Scorer{postings: postings.New(budget), min: max(min, 1)}
}

// cache is s's postings cache; nil (reading zap) for a nil s.
func (s *Scorer) cache() *postings.Cache {
	if s == nil {
		return nil
	}
	return s.postings
}

// maxFree bounds the accumulators kept: about one per concurrent query.
const maxFree = 4

// accumulator returns a zeroed accumulator, reused when s has one.
func (s *Scorer) accumulator() *accumulator {
	if s == nil {
		return &accumulator{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.free); n > 0 {
		a := s.free[n-1]
		s.free = s.free[:n-1]
		return a
	}
	return &accumulator{}
}

// done takes back an accumulator (cleared).
func (s *Scorer) done(a *accumulator) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.free) < maxFree {
		s.free = append(s.free, a)
	}
}
