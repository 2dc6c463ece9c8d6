package search

import (
	"slices"
	"time"

	"jippnas/content"
	"jippnas/index/facet"
)

// Request is one search, as a client asks it.
type Request struct {
	Query    string
	Filters  facet.Filters
	YearFrom int
	YearTo   int
	Sort     string   // relevance (default), newest, year
	Page     int      // 1-based
	Size     int      // results per page (default 10, at most MaxSize)
	Cursor   string   // opaque; continues after the last hit of a previous page
	Facets   []string // nil: all facets
	NoFacets bool
	// Understand reads regions, sectors and years from the words of the
	// query and applies them as filters or boosts (see AppliedFilter).
	Understand     bool
	SkipUnderstand []string // facets not to read from the query
	// NoHighlight leaves Hit.Highlights empty and Hit.Section nil: a client
	// that shows no passages (another portal syncing ids, a count) saves
	// reading each hit's text and finding its best passage.
	NoHighlight bool
	// NoRelax keeps a keyword query's results to the documents that hold
	// every word, however few (Result.Relaxed is never set): for a client
	// that needs the query's exact matches.
	NoRelax bool
	// FacetsOfHits counts every facet over the results as filtered, its
	// own filter included, as most search engines do; by default a facet
	// with a filter of its own is counted without it (disjunctive
	// faceting), so that a user sees what choosing another value adds.
	FacetsOfHits bool

	// NoCache bypasses the result cache (benchmarks time the work itself).
	NoCache bool
}

// Sort orders.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortYear      = "year"
)

// The engine's caps on one request: they bound the work a single search
// may cost. The server's configurable limits (server.Limits) stay within
// them.
const (
	MaxSize  = 100    // results per page
	MaxDepth = 10_000 // page × size; deeper results are reached with a cursor
)

// Normalize fills defaults and clamps bounds.
func (r *Request) Normalize() {
	if r.Page < 1 {
		r.Page = 1
	}
	if r.Size <= 0 {
		r.Size = 10
	}
	r.Size = min(r.Size, MaxSize)
	switch r.Sort {
	case SortNewest, SortYear:
	default:
		r.Sort = SortRelevance
	}
	switch {
	case r.NoFacets:
		r.Facets = nil
	case r.Facets == nil:
		r.Facets = slices.Clone(facet.All)
	}
}

// Result of a search.
type Result struct {
	Total      uint64
	Took       time.Duration
	Page, Size int
	Hits       []Hit
	Facets     map[string][]facet.Value
	Applied    []AppliedFilter // regions, sectors, years read from the query and applied as filters
	Boosts     []AppliedFilter // read from the query and applied as boosts (not filters)
	Relaxed    bool            // too few documents had every word; documents with some are shown
	Fuzzy      bool            // a word the index lacks (or a typo) was matched by similar words
	DidYouMean string          // a corrected query, when a word was taken for a typo
	Query      string          // the text searched after query understanding
	NextCursor string
	Terms      []string // analysed query terms, for highlighting elsewhere
}

// Hit is one result, with the stored document.
type Hit struct {
	Doc        content.Document // its Body may be empty (no list of results shows one): read the store for it
	Score      float64
	Highlights map[string]string // field → HTML snippet with <mark>
	Section    *SectionRef       // the page section a page hit points to
}

// SectionRef names a heading of a page.
type SectionRef struct {
	Anchor  string `json:"anchor"`
	Heading string `json:"heading"`
}
