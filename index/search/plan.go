package search

import (
	"crypto/sha256"
	"encoding/json"
	"slices"
	"strings"

	"jippnas/content/refdata"
	"jippnas/index/facet"
)

// Plan is a request compiled once: the text to match and how it scores,
// the selection, the facets to count, the order and the page window. Both
// executors run a plan and nothing else; every field takes part in the
// cache key (key), so a field added here can never be forgotten there.
type Plan struct {
	// Rank is the slot ranking of plain words sorted by relevance; nil for
	// the query language, other orders and no words, which Text and the
	// scoring of scoring.go serve.
	Rank   *Ranking        `json:"rank,omitempty"`
	Text   Text            `json:"text"`
	Fuzzy  bool            `json:"fuzzy,omitempty"` // typo-tolerant term matching (Text plans)
	Select facet.Selection `json:"select"`
	Facets []string        `json:"facets,omitempty"`
	Sort   string          `json:"sort"`
	Page   int             `json:"page"`
	Size   int             `json:"size"`
	Cursor string          `json:"cursor,omitempty"`
	// NoHighlight: hits without passages (Request.NoHighlight).
	NoHighlight bool `json:"no_highlight,omitempty"`
	// NoRelax: every word required, however few match (Request.NoRelax).
	NoRelax bool `json:"no_relax,omitempty"`
	// FacetsOfHits: facets counted over the hits (Request.FacetsOfHits).
	FacetsOfHits bool `json:"facets_of_hits,omitempty"`

	Query          string          `json:"query"`             // the text searched, after understanding
	Applied        []AppliedFilter `json:"applied,omitempty"` // read from the words, applied as filters
	Boosts         []AppliedFilter `json:"boosts,omitempty"`  // read from the words, applied as boosts
	RegionDeferred bool            `json:"region_deferred,omitempty"`

	// How the plan was made, to remake it with fewer filters.
	req      Request
	und      *understanding
	compiler *compiler
}

// compiler holds what compiling needs besides the request.
type compiler struct {
	regions *refdata.Regions
	syn     *Synonyms
	thes    func() *Synonyms // for questions only, read on first use; nil: none
	rank    RankConfig
	boostOf func(facetName string) string // the indexed field of a facet
}

func newCompiler(regions *refdata.Regions, syn *Synonyms, thes func() *Synonyms, rank RankConfig) *compiler {
	rank.defaults()
	return &compiler{regions: regions, syn: syn, thes: thes, rank: rank, boostOf: func(name string) string {
		d, _ := facet.Lookup(name)
		return d.Field
	}}
}

// compile turns a normalised request into a plan. Query understanding
// applies what it read from the query as filters, a sector alone as a
// boost. Searcher.run gives filters up, one by one, when they leave no
// result or no record with every word (withFilters).
func (c *compiler) compile(r Request) *Plan {
	u := &understanding{}
	if r.Understand {
		u = understand(c.regions, &r)
	}
	return c.compileWith(r, u, u.filtersMeant())
}

// compileWith compiles r with the first n understood items as filters
// and the others as boosts.
func (c *compiler) compileWith(r Request, u *understanding, n int) *Plan {
	p := &Plan{
		Select: facet.Selection{Filters: r.Filters, YearFrom: r.YearFrom, YearTo: r.YearTo},
		Facets: r.Facets, Sort: r.Sort, Page: r.Page, Size: r.Size, Cursor: r.Cursor, Query: r.Query,
		NoHighlight: r.NoHighlight, NoRelax: r.NoRelax, FacetsOfHits: r.FacetsOfHits, req: r, und: u, compiler: c,
	}
	// Regencies are listed under the selected provinces only (the facet is
	// hierarchical); without a province selected, counting them over every
	// match would be work nobody sees.
	if len(r.Filters[facet.Province]) == 0 && len(r.Filters[facet.Region]) == 0 && slices.Contains(p.Facets, facet.Region) {
		p.Facets = slices.DeleteFunc(slices.Clone(p.Facets), func(f string) bool { return f == facet.Region })
		p.RegionDeferred = true
	}
	if len(u.items) > 0 {
		p.Applied, p.Boosts, p.Query = u.split(n)
		if len(p.Applied) > 0 {
			f := facet.Filters{}
			for k, v := range r.Filters {
				f[k] = v
			}
			for _, a := range p.Applied {
				f[a.Facet] = append(f[a.Facet], a.Values...)
			}
			p.Select.Filters = f
		}
	}
	question := isQuestion(r.Query)
	text := p.Query
	if question {
		text = questionWords(text)
	}
	p.Text = parseText(text)
	if p.Sort == SortRelevance && p.Text.plain() {
		p.Rank = c.ranking(text, question, p.Boosts)
	}
	return p
}

// ranking builds the slot ranking of plain words.
func (c *compiler) ranking(text string, question bool, boosts []AppliedFilter) *Ranking {
	items := lexQuery(text)
	var words []string
	rk := &Ranking{Question: question, Params: c.rank.params(question)}
	for _, it := range items {
		if it.negated {
			for _, a := range analyseRun(it.text) {
				rk.Not = append(rk.Not, a.Terms...)
			}
			continue
		}
		words = append(words, it.text)
	}
	tables := []*Synonyms{c.syn}
	if question {
		if c.thes != nil {
			tables = append(tables, c.thes())
		}
	}
	rk.Slots = slotsOf(strings.Join(words, " "), question, tables...)
	if len(rk.Slots) == 0 {
		return nil
	}
	// Keywords: documents with every word first.
	rk.All = !question && len(rk.Slots) > 1
	if question && rk.Params.Answer > 0 {
		rk.Answer = answerKind(text)
	}
	for _, b := range boosts {
		rk.Boosts = append(rk.Boosts, Boost{Field: c.boostOf(b.Facet), Terms: b.Values, Weight: c.rank.Boost})
	}
	markOptional(rk.Slots, boosts)
	return rk
}

// markOptional makes optional the slots of the words that name a place or
// a year ranking as a boost ("akta kelahiran bali" where Bali has no such
// record): a document of another place that holds the other words is
// still a match of every word; one of that place ranks higher. A subject
// word, a sector's too, stays required, and so does every word of a query
// that names nothing else.
func markOptional(slots []Slot, boosts []AppliedFilter) {
	named := map[string]bool{}
	for _, b := range boosts {
		if b.Facet == facet.Province || b.Facet == facet.Region || b.Facet == facet.Year {
			for _, w := range strings.Fields(strings.ToLower(b.Words)) {
				named[w] = true
			}
		}
	}
	if !slices.ContainsFunc(slots, func(s Slot) bool { return !named[s.Word] }) {
		return
	}
	for i := range slots {
		slots[i].Optional = named[slots[i].Word]
	}
}

// withFilters remakes the plan with only the first n understood items as
// filters (the others as boosts); nil when it has no more than n.
func (p *Plan) withFilters(n int) *Plan {
	if p.und == nil || n >= len(p.Applied) {
		return nil
	}
	return p.compiler.compileWith(p.req, p.und, n)
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

// anyWord returns a slot-ranked plan that matches any word.
func (p *Plan) anyWord() *Plan {
	q := *p
	rk := *p.Rank
	rk.All = false
	q.Rank = &rk
	return &q
}

// terms are the analysed terms the plan searches, for highlighting.
func (p *Plan) terms() []string {
	if p.Rank != nil {
		return p.Rank.textTerms()
	}
	return p.Text.terms()
}
