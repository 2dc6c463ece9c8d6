package index

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"jippnas/content"
	"jippnas/content/refdata"
)

// Facet names, also the filter parameter names of the API.
const (
	FacetType     = "type"
	FacetProvince = "province"
	FacetRegion   = "region"
	FacetSector   = "sector"
	FacetYear     = "year"
	FacetSource   = "source"
	FacetAward    = "award"
	FacetStage    = "stage"
	FacetStatus   = "status"
)

// AllFacets lists every facet in display order.
var AllFacets = []string{FacetType, FacetProvince, FacetRegion, FacetSector, FacetYear, FacetSource, FacetAward, FacetStage, FacetStatus}

// facetField maps a facet to its indexed keyword field and its maximum
// number of values.
var facetField = map[string]struct {
	field string
	size  int
}{
	FacetType:     {fieldType, 3},
	FacetProvince: {fieldProvince, 40},
	FacetRegion:   {fieldRegion, 600},
	FacetSector:   {fieldSector, 60},
	FacetYear:     {fieldYear, 100},
	FacetSource:   {fieldSource, 10},
	FacetAward:    {fieldAward, 50},
	FacetStage:    {fieldStage, 10},
	FacetStatus:   {fieldStatus, 5},
}

// Filters restrict a search. Values within one facet are ORed, facets are
// ANDed.
type Filters map[string][]string

// Request is one search.
type Request struct {
	Query    string
	Filters  Filters
	YearFrom int
	YearTo   int
	Sort     string // relevance (default), newest, year
	Page     int    // 1-based
	Size     int
	Cursor   string   // opaque; continues after the last hit of a previous page
	Facets   []string // nil: all facets
	NoFacets bool
	// Understand reads regions, sectors and years from the words of the
	// query and applies them as filters (see AppliedFilter).
	Understand     bool
	SkipUnderstand []string // facets not to read from the query

	// NoCache bypasses the result cache (benchmarks time the work itself).
	NoCache bool

	regionDeferred bool // the region facet was asked for but has no province to list under
}

// Sort orders.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortYear      = "year"
)

// fewResults is the hit count under which typo-tolerant matching is tried.
const fewResults = 3

// MaxSize caps the page size.
const MaxSize = 100

// Result of a search.
type Result struct {
	Total      uint64
	Took       time.Duration
	Page, Size int
	Hits       []Hit
	Facets     map[string][]FacetValue
	Applied    []AppliedFilter // filters read from the query
	Relaxed    bool            // no document had every word; partial matches are shown
	Fuzzy      bool            // typo-tolerant matching was used
	DidYouMean string          // a corrected query, when few documents matched
	Query      string          // the text searched after query understanding
	NextCursor string
	Terms      []string // analysed query terms, for highlighting elsewhere
}

// Hit is one result, with the stored document.
type Hit struct {
	Doc        content.Document
	Score      float64
	Highlights map[string]string // field → HTML snippet with <mark>
	Section    *SectionRef       // the page section a page hit points to
}

// SectionRef names a heading of a page.
type SectionRef struct {
	Anchor  string `json:"anchor"`
	Heading string `json:"heading"`
}

// FacetValue is one value of a facet with its count.
type FacetValue struct {
	Value    string `json:"value"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected,omitempty"`
}

// Normalize fills defaults and clamps bounds.
func (r *Request) Normalize() {
	if r.Page < 1 {
		r.Page = 1
	}
	if r.Size <= 0 {
		r.Size = 10
	}
	if r.Size > MaxSize {
		r.Size = MaxSize
	}
	switch r.Sort {
	case SortNewest, SortYear:
	default:
		r.Sort = SortRelevance
	}
	if r.Facets == nil && !r.NoFacets {
		r.Facets = AllFacets
	}
	// Regencies are listed under the selected provinces only (the facet is
	// hierarchical); without a province selected, counting them over every
	// match would be work nobody sees.
	if len(r.Filters[FacetProvince]) == 0 && len(r.Filters[FacetRegion]) == 0 && slices.Contains(r.Facets, FacetRegion) {
		r.Facets = slices.DeleteFunc(slices.Clone(r.Facets), func(f string) bool { return f == FacetRegion })
		r.regionDeferred = true
	}
}

// filterQuery builds the filter conjunction, leaving out the facet named
// skip (for disjunctive counts).
func filterQuery(r *Request, skip string) []query.Query {
	var qs []query.Query
	for _, name := range AllFacets {
		vals := r.Filters[name]
		if name == skip || len(vals) == 0 {
			continue
		}
		ff := facetField[name]
		var alts []query.Query
		for _, v := range vals {
			tq := bleve.NewTermQuery(v)
			tq.SetField(ff.field)
			tq.SetBoost(0)
			alts = append(alts, tq)
		}
		if len(alts) == 1 {
			qs = append(qs, alts[0])
		} else {
			qs = append(qs, bleve.NewDisjunctionQuery(alts...))
		}
	}
	if (r.YearFrom > 0 || r.YearTo > 0) && skip != FacetYear {
		var lo, hi *float64
		inc := true
		if r.YearFrom > 0 {
			v := float64(r.YearFrom)
			lo = &v
		}
		if r.YearTo > 0 {
			v := float64(r.YearTo)
			hi = &v
		}
		nq := bleve.NewNumericRangeInclusiveQuery(lo, hi, &inc, &inc)
		nq.SetField(fieldYearNum)
		nq.SetBoost(0)
		qs = append(qs, nq)
	}
	return qs
}

func combine(text query.Query, filters []query.Query) query.Query {
	if len(filters) == 0 {
		return text
	}
	// The filters join the text query's own required clauses rather than
	// wrapping it: a Boolean query driven by a conjunction (advanced, not
	// iterated) can miss its optional clauses, and with them the title
	// and summary part of the score.
	if bq, ok := text.(*query.BooleanQuery); ok && bq.Must != nil {
		nb := bleve.NewBooleanQuery()
		nb.AddMust(bq.Must)
		nb.AddMust(filters...)
		nb.Should, nb.MustNot = bq.Should, bq.MustNot
		return nb
	}
	return bleve.NewConjunctionQuery(append([]query.Query{text}, filters...)...)
}

// Search runs a request against the live index.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	start := time.Now()
	r.Normalize()
	version := ix.Version()
	key := ""
	if !r.NoCache {
		key = r.cacheKey()
		if cached, ok := ix.results.get(version, key); ok {
			res := *cached
			res.Took = time.Since(start)
			return &res, nil
		}
	}
	res, err := ix.search(ctx, r)
	if err != nil {
		return nil, err
	}
	res.Took = time.Since(start)
	if !r.NoCache {
		ix.results.put(version, key, res)
	}
	return res, nil
}

func (ix *Index) search(ctx context.Context, r Request) (*Result, error) {
	g := ix.acquire()
	defer g.release()

	var applied []AppliedFilter
	if r.Understand {
		var rest string
		rest, applied = ix.understand(&r)
		if len(applied) > 0 {
			r.Query = rest
			f := Filters{}
			for k, v := range r.Filters {
				f[k] = v
			}
			for _, a := range applied {
				f[a.Facet] = append(f[a.Facet], a.Values...)
			}
			r.Filters = f
		}
	}
	p := parseQuery(r.Query)
	res := &Result{Page: r.Page, Size: r.Size, Terms: p.terms, Applied: applied}

	var text query.Query
	switch {
	case p.empty() && len(p.mustNot) == 0:
		text = bleve.NewMatchAllQuery()
	case p.empty():
		bq := bleve.NewBooleanQuery()
		bq.AddMust(bleve.NewMatchAllQuery())
		for _, a := range p.mustNot {
			bq.AddMustNot(altQuery(a, false))
		}
		text = bq
	default:
		text = p.textQuery(false, false)
	}

	var sr *bleve.SearchResult
	var fq *facetQuery
	var err error
	direct := false
	if plan, ok := planDirect(&r, &p); ok && !ix.cfg.BleveSearch {
		if sr, fq, direct, err = ix.directSearch(ctx, g, &r, plan); err != nil {
			return nil, err
		}
	}
	if !direct {
		if sr, fq, err = ix.runFaceted(ctx, g, &r, text, true); err != nil {
			return nil, err
		}
	}
	// Few or no documents have every word: first allow typos (every word
	// still required, exact matches ranked above fuzzy ones), then relax to
	// partial matches. A fallback is kept only if it finds more; otherwise
	// the strict query stands, and so do its (disjunctive) facet counts.
	if sr.Total < fewResults && !p.empty() {
		multi := len(p.must) > 1
		// Probes count facets only once one is chosen: most are discarded.
		changed := false
		try := func(q query.Query) (bool, error) {
			alt, err := ix.run(ctx, g, &r, q, false)
			if err != nil {
				return false, err
			}
			if alt.Total <= sr.Total {
				return false, nil
			}
			sr, text, changed = alt, q, true
			return true, nil
		}
		if p.fuzzable() {
			ok, err := try(p.textQuery(false, true))
			if err != nil {
				return nil, err
			}
			res.Fuzzy = ok
		}
		if sr.Total == 0 && multi {
			ok, err := try(p.textQuery(true, false))
			if err != nil {
				return nil, err
			}
			res.Relaxed = ok
			if !ok && p.fuzzable() {
				ok, err = try(p.textQuery(true, true))
				if err != nil {
					return nil, err
				}
				res.Relaxed, res.Fuzzy = ok, ok
			}
		}
		if changed && len(r.Facets) > 0 {
			if sr, fq, err = ix.runFaceted(ctx, g, &r, text, true); err != nil {
				return nil, err
			}
		}
	}
	res.Total = sr.Total
	res.Query = r.Query
	if (res.Total < 3 || res.Fuzzy || res.Relaxed) && !p.empty() {
		res.DidYouMean = ix.didYouMean(g, r.Query)
	}
	if err := ix.fillHits(res, sr, &r, p); err != nil {
		return nil, err
	}
	if len(r.Facets) > 0 {
		res.Facets, err = ix.facets(ctx, g, &r, text, sr, fq)
		if err != nil {
			return nil, err
		}
		if r.regionDeferred {
			res.Facets[FacetRegion] = []FacetValue{}
		}
	}
	return res, nil
}

// sortOrder returns Bleve sort keys; every order ends with the id so that
// cursors are stable.
func sortOrder(s string) search.SortOrder {
	switch s {
	case SortNewest:
		return search.SortOrder{&search.SortField{Field: fieldPublished, Desc: true, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast},
			&search.SortDocID{}}
	case SortYear:
		return search.SortOrder{&search.SortField{Field: fieldYearNum, Desc: true, Type: search.SortFieldAsNumber, Missing: search.SortFieldMissingLast},
			&search.SortScore{Desc: true}, &search.SortDocID{}}
	}
	return search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}}
}

func (ix *Index) run(ctx context.Context, g *generation, r *Request, text query.Query, withFacets bool) (*bleve.SearchResult, error) {
	sr, _, err := ix.runFaceted(ctx, g, r, text, withFacets)
	return sr, err
}

// runFaceted runs the search; with facets wanted, the filtering and the
// (disjunctive) counting happen in one pass over the text matches (see
// facetQuery), and the returned facetQuery holds the counts. Where the
// index cannot provide facet columns, Bleve's own facets are used.
func (ix *Index) runFaceted(ctx context.Context, g *generation, r *Request, text query.Query, withFacets bool) (*bleve.SearchResult, *facetQuery, error) {
	newRequest := func(q query.Query) (*bleve.SearchRequest, error) {
		req := bleve.NewSearchRequestOptions(q, r.Size, (r.Page-1)*r.Size, false)
		req.SortByCustom(sortOrder(r.Sort))
		if r.Cursor != "" {
			after, err := decodeCursor(r.Cursor)
			if err != nil {
				return nil, err
			}
			if len(after) != len(req.Sort) {
				return nil, fmt.Errorf("cursor does not match sort %q: %w", r.Sort, content.ErrInvalid)
			}
			req.From = 0
			req.SetSearchAfter(after)
		}
		return req, nil
	}
	if withFacets && len(r.Facets) > 0 && !ix.cfg.BleveFacets {
		fq := &facetQuery{ix: ix, inner: text, r: r, want: r.Facets}
		req, err := newRequest(fq)
		if err != nil {
			return nil, nil, err
		}
		sr, err := g.idx.SearchInContext(ctx, req)
		if err == nil {
			return sr, fq, nil
		}
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("search: %w", err)
		}
		ix.cfg.Logger.Warn("facet columns unavailable; using Bleve facets", "err", err)
	}
	req, err := newRequest(combine(text, filterQuery(r, "")))
	if err != nil {
		return nil, nil, err
	}
	if withFacets {
		// Facets whose own filter is not set are counted on the main search.
		for _, name := range r.Facets {
			if len(r.Filters[name]) == 0 && !(name == FacetYear && (r.YearFrom > 0 || r.YearTo > 0)) {
				ff := facetField[name]
				req.AddFacet(name, bleve.NewFacetRequest(ff.field, ff.size))
			}
		}
	}
	sr, err := g.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	return sr, nil, nil
}

// facets computes the counts. A facet with a selection is counted without
// its own filter (disjunctive faceting), so that a user sees what choosing
// another value would add.
func (ix *Index) facets(ctx context.Context, g *generation, r *Request, text query.Query, main *bleve.SearchResult, fq *facetQuery) (map[string][]FacetValue, error) {
	out := map[string][]FacetValue{}
	for _, name := range r.Facets {
		ff, ok := facetField[name]
		if !ok {
			continue
		}
		if fq != nil {
			out[name] = ix.facetValues(name, fq.countsOf(name), ff.size, r)
			continue
		}
		var fr *search.FacetResult
		if f, ok := main.Facets[name]; ok {
			fr = f
		} else {
			q := combine(text, filterQuery(r, name))
			req := bleve.NewSearchRequestOptions(q, 0, 0, false)
			req.Score = "none" // only counts are wanted
			req.AddFacet(name, bleve.NewFacetRequest(ff.field, ff.size))
			sr, err := g.idx.SearchInContext(ctx, req)
			if err != nil {
				return nil, fmt.Errorf("facet %s: %w", name, err)
			}
			fr = sr.Facets[name]
		}
		counts := map[string]int{}
		if fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				counts[t.Term] = t.Count
			}
		}
		out[name] = ix.facetValues(name, counts, ff.size, r)
	}
	return out, nil
}

func (ix *Index) facetValues(name string, counts map[string]int, size int, r *Request) []FacetValue {
	selected := r.Filters[name]
	var vals []FacetValue
	for v, n := range counts {
		vals = append(vals, FacetValue{Value: v, Count: n, Label: ix.label(name, v), Selected: slices.Contains(selected, v)})
	}
	// The most frequent values, as many as the facet shows.
	if len(vals) > size {
		sort.Slice(vals, func(i, j int) bool {
			if vals[i].Count != vals[j].Count {
				return vals[i].Count > vals[j].Count
			}
			return vals[i].Value < vals[j].Value
		})
		vals = vals[:size]
	}
	// Hierarchy: with provinces selected, show only their regencies.
	if name == FacetRegion && len(r.Filters[FacetProvince]) > 0 {
		provs := r.Filters[FacetProvince]
		vals = slices.DeleteFunc(vals, func(v FacetValue) bool {
			p, ok := ix.regions.ProvinceOf(v.Value)
			return !ok || !slices.Contains(provs, p.Code)
		})
	}
	// A selected value with no matches still shows, so it can be removed.
	for _, s := range selected {
		if !slices.ContainsFunc(vals, func(v FacetValue) bool { return v.Value == s }) {
			vals = append(vals, FacetValue{Value: s, Label: ix.label(name, s), Selected: true})
		}
	}
	switch name {
	case FacetYear:
		sort.SliceStable(vals, func(i, j int) bool { return vals[i].Value > vals[j].Value })
	default:
		sort.SliceStable(vals, func(i, j int) bool {
			if vals[i].Count != vals[j].Count {
				return vals[i].Count > vals[j].Count
			}
			return vals[i].Value < vals[j].Value
		})
	}
	if vals == nil {
		vals = []FacetValue{}
	}
	return vals
}

// label is the Indonesian display text of a facet value.
func (ix *Index) label(facet, v string) string {
	switch facet {
	case FacetType:
		return content.LabelOf(content.Types, v)
	case FacetProvince, FacetRegion:
		if r, ok := ix.regions.Lookup(v); ok {
			return r.Name
		}
	case FacetSector:
		if s, ok := refdata.SectorBySlug(v); ok {
			return s.Name
		}
	case FacetSource:
		return content.LabelOf(content.Sources, v)
	case FacetStage:
		return content.LabelOf(content.Stages, v)
	case FacetStatus:
		return content.LabelOf(content.Statuses, v)
	}
	return v
}

func (ix *Index) fillHits(res *Result, sr *bleve.SearchResult, r *Request, p parsedQuery) error {
	byID, ids, err := ix.hitDocs(sr.Hits)
	if err != nil {
		return err
	}
	texts, err := ix.store.Texts(ids)
	if err != nil {
		return err
	}
	hl := newHighlighter(p.terms)
	for _, h := range sr.Hits {
		d, ok := byID[h.ID]
		if !ok {
			// Deleted after the search ran; the next catch-up drops it.
			continue
		}
		hit := Hit{Doc: d, Score: h.Score, Highlights: map[string]string{}}
		if len(p.terms) > 0 {
			if s, n := hl.snippet(d.Title, 0); n > 0 {
				hit.Highlights["title"] = s
			}
			if s, n := hl.snippet(d.Summary, 240); n > 0 {
				hit.Highlights["summary"] = s
			}
			body := texts[d.ID]
			if s, n, off := hl.bestPassage(body, 200); n > 0 {
				hit.Highlights["body"] = s
				if d.Type != content.TypeInnovation {
					hit.Section = ix.sectionAt(d.Body, off)
				}
			}
		}
		res.Hits = append(res.Hits, hit)
	}
	if len(sr.Hits) > 0 && len(sr.Hits) == r.Size {
		// search_after takes the decoded sort values (dates and numbers as
		// text), not the prefix-coded ones.
		// Bleve writes "_score" where the sort is by score: the cursor
		// carries the score itself.
		last := sr.Hits[len(sr.Hits)-1]
		after := slices.Clone(last.Sort)
		if len(last.DecodedSort) == len(last.Sort) {
			after = slices.Clone(last.DecodedSort)
		}
		for i, v := range after {
			if v == "_score" {
				after[i] = strconv.FormatFloat(last.Score, 'g', -1, 64)
			}
		}
		res.NextCursor = encodeCursor(after)
	}
	return nil
}

// SectionFinder maps a byte offset in the plain text of a Markdown body to
// the section that holds it.
type SectionFinder func(markdown string, offset int) *SectionRef

func (ix *Index) sectionAt(markdown string, off int) *SectionRef {
	if ix.cfg.Sections == nil {
		return nil
	}
	return ix.cfg.Sections(markdown, off)
}

func encodeCursor(sort []string) string {
	b, _ := json.Marshal(sort)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(c string) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	var out []string
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		return nil, fmt.Errorf("malformed cursor: %w", content.ErrInvalid)
	}
	return out, nil
}

// Count returns the number of documents matching filters only, used by
// statistics pages.
func (ix *Index) Count(ctx context.Context, f Filters) (uint64, error) {
	r := Request{Filters: f, Size: 1, NoFacets: true}
	r.Normalize()
	g := ix.acquire()
	defer g.release()
	sr, err := ix.run(ctx, g, &r, bleve.NewMatchAllQuery(), false)
	if err != nil {
		return 0, err
	}
	return sr.Total, nil
}

// FacetCounts returns counts of one facet over documents matching filters.
func (ix *Index) FacetCounts(ctx context.Context, f Filters, facet string) ([]FacetValue, error) {
	res, err := ix.Search(ctx, Request{Filters: f, Size: 1, Facets: []string{facet}})
	if err != nil {
		return nil, err
	}
	return res.Facets[facet], nil
}

// hitDocs loads the stored documents of search hits, by id. A hit whose
// document was deleted after the search ran is simply absent.
func (ix *Index) hitDocs(hits search.DocumentMatchCollection) (map[string]content.Document, []string, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	docs, err := ix.store.GetMany(ids)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]content.Document, len(docs))
	for _, d := range docs {
		byID[d.ID] = d
	}
	return byID, ids, nil
}
