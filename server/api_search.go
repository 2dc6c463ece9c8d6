package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"jippnas/content"
	"jippnas/content/refdata"
	"jippnas/index/facet"
	"jippnas/index/search"
)

// searchResponse is the public JSON shape of /api/v1/search.
type searchResponse struct {
	Query      string                   `json:"query"`
	Total      uint64                   `json:"total"`
	TookMS     float64                  `json:"took_ms"`
	Page       int                      `json:"page"`
	Size       int                      `json:"size"`
	Applied    []search.AppliedFilter   `json:"applied_filters"`
	Boosts     []search.AppliedFilter   `json:"boosts"`
	Relaxed    bool                     `json:"relaxed"`
	Fuzzy      bool                     `json:"fuzzy"`
	DidYouMean string                   `json:"did_you_mean,omitempty"`
	NextCursor string                   `json:"next_cursor,omitempty"`
	Hits       []hitJSON                `json:"hits"`
	Facets     map[string][]facet.Value `json:"facets"`

	basis string // the index version and the request: all the answer depends on
}

func (r searchResponse) etagBasis() string { return r.basis }

type regionJSON struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	ProvinceCode string `json:"province_code"`
	ProvinceName string `json:"province_name"`
}

type sectorJSON struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type hitJSON struct {
	ID          string             `json:"id"`
	Type        string             `json:"type"`
	Title       string             `json:"title"`
	Summary     string             `json:"summary,omitempty"`
	Institution string             `json:"institution,omitempty"`
	Region      *regionJSON        `json:"region,omitempty"`
	Sector      *sectorJSON        `json:"sector,omitempty"`
	Year        int                `json:"year,omitempty"`
	Source      string             `json:"source,omitempty"`
	Awards      []string           `json:"awards,omitempty"`
	URL         string             `json:"url"`
	Score       float64            `json:"score"`
	Highlights  map[string]string  `json:"highlights"`
	Section     *search.SectionRef `json:"section,omitempty"`
}

// filterParams are the repeatable filter parameters, named as the facets.
var filterParams = []string{facet.Type, facet.Province, facet.Region, facet.Sector,
	facet.Year, facet.Source, facet.Award, facet.Stage, facet.Status}

// parseSearch reads and checks the search parameters. Every bad parameter
// is a 400 that names it.
func (s *Server) parseSearch(q url.Values) (search.Request, error) {
	lim := s.cfg.Limits
	req := search.Request{Query: strings.TrimSpace(q.Get("q")), Filters: facet.Filters{}}
	if utf8.RuneCountInString(req.Query) > lim.QueryLen {
		return req, badParam("q", fmt.Sprintf("longer than %d characters", lim.QueryLen))
	}
	for _, name := range filterParams {
		var vals []string
		for _, v := range q[name] {
			// Both repeated parameters and comma lists are accepted.
			for _, part := range strings.Split(v, ",") {
				if part = strings.TrimSpace(part); part != "" && !slices.Contains(vals, part) {
					vals = append(vals, part)
				}
			}
		}
		if len(vals) > 50 {
			return req, badParam(name, "at most 50 values")
		}
		for _, v := range vals {
			if err := s.checkFilterValue(name, v); err != nil {
				return req, err
			}
		}
		if len(vals) > 0 {
			req.Filters[name] = vals
		}
	}
	var err error
	if req.YearFrom, err = intParam(q, "year_from", 0, 1900, 2200); err != nil {
		return req, err
	}
	if req.YearTo, err = intParam(q, "year_to", 0, 1900, 2200); err != nil {
		return req, err
	}
	if req.YearFrom > 0 && req.YearTo > 0 && req.YearFrom > req.YearTo {
		return req, badParam("year_from", "is after year_to")
	}
	if req.Page, err = intParam(q, "page", 1, 1, lim.MaxPage); err != nil {
		return req, err
	}
	if req.Size, err = intParam(q, "size", 10, 0, lim.PageSize); err != nil {
		return req, err
	}
	if req.Page*req.Size > lim.PageDepth {
		return req, badParam("page", fmt.Sprintf("too deep: page × size may not exceed %d; use cursor to go further", lim.PageDepth))
	}
	switch sort := q.Get("sort"); sort {
	case "", search.SortRelevance, search.SortNewest, search.SortYear:
		req.Sort = sort
	default:
		return req, badParam("sort", "must be relevance, newest or year")
	}
	req.Cursor = q.Get("cursor")
	if req.Understand, err = boolParam(q, "understand", true); err != nil {
		return req, err
	}
	highlight, err := boolParam(q, "highlight", true)
	if err != nil {
		return req, err
	}
	req.NoHighlight = !highlight
	relax, err := boolParam(q, "relax", true)
	if err != nil {
		return req, err
	}
	req.NoRelax = !relax
	switch q.Get("facet_counts") {
	case "", "disjunctive":
	case "hits":
		req.FacetsOfHits = true
	default:
		return req, badParam("facet_counts", "must be disjunctive or hits")
	}
	for _, v := range q["no_understand"] {
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				if !slices.Contains(facet.All, name) {
					return req, badParam("no_understand", "unknown facet "+strconv.Quote(name))
				}
				req.SkipUnderstand = append(req.SkipUnderstand, name)
			}
		}
	}
	if f := q.Get("facets"); f != "" {
		req.Facets = []string{}
		if f != "none" {
			for _, name := range strings.Split(f, ",") {
				if !slices.Contains(facet.All, name) {
					return req, badParam("facets", "unknown facet "+strconv.Quote(name))
				}
				req.Facets = append(req.Facets, name)
			}
		}
		req.NoFacets = len(req.Facets) == 0
	}
	return req, nil
}

func (s *Server) checkFilterValue(name, v string) error {
	ok := true
	switch name {
	case facet.Type:
		ok = slices.ContainsFunc(content.Types, func(l content.Label) bool { return l.Value == v })
	case facet.Province:
		r, found := s.regions.Lookup(v)
		ok = found && r.Level == "province"
	case facet.Region:
		r, found := s.regions.Lookup(v)
		ok = found && r.Level != "province"
	case facet.Sector:
		_, ok = refdata.SectorBySlug(v)
	case facet.Year:
		y, err := strconv.Atoi(v)
		ok = err == nil && y >= 1900 && y <= 2200
	case facet.Source:
		ok = slices.ContainsFunc(content.Sources, func(l content.Label) bool { return l.Value == v })
	case facet.Stage:
		ok = slices.ContainsFunc(content.Stages, func(l content.Label) bool { return l.Value == v })
	case facet.Status:
		ok = slices.ContainsFunc(content.Statuses, func(l content.Label) bool { return l.Value == v })
	case facet.Award:
		ok = len(v) <= content.MaxItemLen
	}
	if !ok {
		return badParam(name, "unknown value "+strconv.Quote(v))
	}
	return nil
}

// boolParam reads a true/false parameter (also 1/0); absent is def.
func boolParam(q url.Values, name string, def bool) (bool, error) {
	switch q.Get(name) {
	case "":
		return def, nil
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, badParam(name, "must be true or false")
}

func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, badParam(name, "must be a whole number")
	}
	if n < lo || n > hi {
		return 0, badParam(name, "must be between "+strconv.Itoa(lo)+" and "+strconv.Itoa(hi))
	}
	return n, nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	req, err := s.parseSearch(r.URL.Query())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	version := s.index.Version() // before the search: the answer is at least this new
	res, err := s.search.Search(ctx, req)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if req.Page <= 1 && req.Cursor == "" {
		s.insight.search(req.Query, res.Total)
	}
	resp := searchResponse{
		basis: strconv.FormatUint(version, 10) + "?" + r.URL.Query().Encode(),
		Query: req.Query, Total: res.Total, TookMS: float64(res.Took.Microseconds()) / 1000,
		Page: res.Page, Size: res.Size, Applied: res.Applied, Boosts: res.Boosts, Relaxed: res.Relaxed, Fuzzy: res.Fuzzy, DidYouMean: res.DidYouMean, NextCursor: res.NextCursor,
		Hits: make([]hitJSON, 0, len(res.Hits)), Facets: res.Facets,
	}
	if resp.Facets == nil {
		resp.Facets = map[string][]facet.Value{}
	}
	for _, h := range res.Hits {
		hj := s.hitJSON(h.Doc)
		hj.Score, hj.Highlights, hj.Section = h.Score, h.Highlights, h.Section
		resp.Hits = append(resp.Hits, hj)
	}
	s.writeJSON(w, r, http.StatusOK, resp, true)
}

func (s *Server) hitJSON(d content.Document) hitJSON {
	h := hitJSON{ID: d.ID, Type: d.Type, Title: d.Title, Summary: d.Summary, Institution: d.Institution,
		Year: d.Year, Source: d.Source, Awards: d.Awards, URL: d.Path(), Highlights: map[string]string{}}
	h.Region = s.regionJSON(d.RegionCode)
	if sec, ok := refdata.SectorBySlug(d.Sector); ok {
		h.Sector = &sectorJSON{Slug: sec.Slug, Name: sec.Name}
	}
	return h
}

func (s *Server) regionJSON(code string) *regionJSON {
	if code == "" {
		return nil
	}
	rj := &regionJSON{Code: code}
	if reg, ok := s.regions.Lookup(code); ok {
		rj.Name = reg.Name
	}
	if p, ok := s.regions.ProvinceOf(code); ok {
		rj.ProvinceCode, rj.ProvinceName = p.Code, p.Name
	}
	return rj
}
