package search

import (
	"crypto/sha256"
	"encoding/json"
	"slices"

	"jippnas/content/refdata"
	"jippnas/index/facet"
)

// Plan is a request compiled once: the text to match and how it scores,
// the selection, the facets to count, the order and the page window. Both
// executors run a plan and nothing else; every field takes part in the
// cache key (key), so a field added here can never be forgotten there.
type Plan struct {
	Text     Text            `json:"text"`
	MinMatch int             `json:"min_match,omitempty"` // relaxed: at least this many clauses (0: all)
	Fuzzy    bool            `json:"fuzzy,omitempty"`     // typo-tolerant term matching
	Select   facet.Selection `json:"select"`
	Facets   []string        `json:"facets,omitempty"`
	Sort     string          `json:"sort"`
	Page     int             `json:"page"`
	Size     int             `json:"size"`
	Cursor   string          `json:"cursor,omitempty"`

	Query          string          `json:"query"`             // the text searched, after understanding
	Applied        []AppliedFilter `json:"applied,omitempty"` // filters read from the words
	RegionDeferred bool            `json:"region_deferred,omitempty"`
}

// compile turns a normalised request into a plan.
func compile(regions *refdata.Regions, r Request) *Plan {
	p := &Plan{
		Select: facet.Selection{Filters: r.Filters, YearFrom: r.YearFrom, YearTo: r.YearTo},
		Facets: r.Facets, Sort: r.Sort, Page: r.Page, Size: r.Size, Cursor: r.Cursor, Query: r.Query,
	}
	// Regencies are listed under the selected provinces only (the facet is
	// hierarchical); without a province selected, counting them over every
	// match would be work nobody sees.
	if len(r.Filters[facet.Province]) == 0 && len(r.Filters[facet.Region]) == 0 && slices.Contains(p.Facets, facet.Region) {
		p.Facets = slices.DeleteFunc(slices.Clone(p.Facets), func(f string) bool { return f == facet.Region })
		p.RegionDeferred = true
	}
	if r.Understand {
		rest, applied := understand(regions, &r)
		if len(applied) > 0 {
			p.Query, p.Applied = rest, applied
			f := facet.Filters{}
			for k, v := range r.Filters {
				f[k] = v
			}
			for _, a := range applied {
				f[a.Facet] = append(f[a.Facet], a.Values...)
			}
			p.Select.Filters = f
		}
	}
	p.Text = parseText(p.Query)
	return p
}

// key identifies the plan's result: a hash of its canonical JSON form
// (encoding/json writes map keys sorted).
func (p *Plan) key() string {
	b, err := json.Marshal(p)
	if err != nil {
		return "" // never cached
	}
	sum := sha256.Sum256(b)
	return string(sum[:])
}

// relaxed returns the plan that needs only some of the clauses: at least
// half of them, since "any one word" would let a common word
// ("kecamatan") bring back most of the collection.
func (p *Plan) relaxed(fuzzy bool) *Plan {
	q := *p
	q.MinMatch = (len(p.Text.Must) + 1) / 2
	q.Fuzzy = fuzzy
	return &q
}

// fuzzy returns the plan with typo-tolerant matching.
func (p *Plan) fuzzy() *Plan {
	q := *p
	q.Fuzzy = true
	return &q
}

// withoutFacets returns the plan without facet counting (the fallback
// probes count facets only once one is chosen).
func (p *Plan) withoutFacets() *Plan {
	q := *p
	q.Facets = nil
	return &q
}
