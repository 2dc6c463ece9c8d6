package search

import (
	"context"
	"errors"

	"jippnas/index"
)

// executor runs a plan over a view of the index. There are two: Bleve's
// searchers, which run every plan, and the direct path over postings
// lists, which runs the common plans faster and must give the same
// answers (TestDirectSearchMatchesBleve).
type executor interface {
	run(ctx context.Context, v index.View, p *Plan) (*outcome, error)
}

// outcome is what an executor found.
type outcome struct {
	total  uint64
	hits   []hit                     // the requested page, ranked
	counts map[string]map[string]int // facet → value → count, for the plan's facets
}

// hit is one ranked document: its id, score and sort values (decoded, as a
// cursor continues from them).
type hit struct {
	id    string
	score float64
	sort  []string
}

// errIneligible says an executor cannot run a plan; another must.
var errIneligible = errors.New("search: plan not eligible for this executor")
