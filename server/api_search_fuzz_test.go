package server

import (
	"errors"
	"net/url"
	"slices"
	"testing"
	"unicode/utf8"

	"jippnas/index/facet"
)

// searchParams are the parameters parseSearch reads; an error names one.
var searchParams = append([]string{"q", "year_from", "year_to", "page", "size", "sort", "cursor",
	"understand", "no_understand", "facets", "highlight"}, filterParams...)

// FuzzParseSearch: any query string is parsed without a panic into a
// request within the server's limits, or refused with an error that names
// one of the search parameters.
func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{"q=pelayanan&province=35&sector=kesehatan&year_from=2020",
		"highlight=false&understand=0&facets=none", "page=2&size=100", "page=0", "size=-1",
		"highlight=ya", "no_understand=province,warna", "year_from=2023&year_to=2020", "q=%ff%fe", "type=,,,"} {
		f.Add(s)
	}
	fx := sharedFixture(f)
	lim := fx.server.cfg.Limits
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return // not a query string: the router never gets that far
		}
		req, err := fx.server.parseSearch(q)
		if err != nil {
			var pe *paramError
			if !errors.As(err, &pe) || !slices.Contains(searchParams, pe.param) {
				t.Fatalf("%q: error %v names no search parameter", raw, err)
			}
			return
		}
		if utf8.RuneCountInString(req.Query) > lim.QueryLen || req.Size < 0 || req.Size > lim.PageSize ||
			req.Page < 1 || req.Page > lim.MaxPage || req.Page*req.Size > lim.PageDepth {
			t.Fatalf("%q: request outside the limits: %+v", raw, req)
		}
		for name, vals := range req.Filters {
			if !slices.Contains(filterParams, name) || len(vals) == 0 || len(vals) > 50 {
				t.Fatalf("%q: filter %s = %v", raw, name, vals)
			}
		}
		for _, name := range append(slices.Clone(req.Facets), req.SkipUnderstand...) {
			if !slices.Contains(facet.All, name) {
				t.Fatalf("%q: unknown facet %q accepted", raw, name)
			}
		}
		if h := q.Get("highlight"); (h == "false" || h == "0") != req.NoHighlight {
			t.Fatalf("%q: highlight %q read as NoHighlight %v", raw, h, req.NoHighlight)
		}
	})
}
