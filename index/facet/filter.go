package facet

import (
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"jippnas/index"
)

// Filters restrict a search. Values within one facet are ORed, facets are
// ANDed.
type Filters map[string][]string

// Selection is what restricts the documents a search counts: facet filters
// and a year range. What a filter means is defined here only: as Bleve
// queries (Queries) and as accepted column ordinals (Counter).
type Selection struct {
	Filters  Filters `json:"filters,omitempty"`
	YearFrom int     `json:"year_from,omitempty"`
	YearTo   int     `json:"year_to,omitempty"`
}

func (s Selection) hasYearRange() bool { return s.YearFrom > 0 || s.YearTo > 0 }

// Restricts reports whether the selection filters facet name (a year range
// counts for the year facet).
func (s Selection) Restricts(name string) bool {
	return len(s.Filters[name]) > 0 || (name == Year && s.hasYearRange())
}

// inYearRange reports whether year y passes the year range.
func (s Selection) inYearRange(y int) bool {
	return (s.YearFrom == 0 || y >= s.YearFrom) && (s.YearTo == 0 || y <= s.YearTo)
}

// Queries returns the filters as Bleve queries (to be ANDed), leaving out
// facet skip (for disjunctive counts). They do not score.
func (s Selection) Queries(skip string) []query.Query {
	var qs []query.Query
	for _, d := range defs {
		vals := s.Filters[d.Name]
		if d.Name == skip || len(vals) == 0 {
			continue
		}
		var alts []query.Query
		for _, v := range vals {
			tq := bleve.NewTermQuery(v)
			tq.SetField(d.Field)
			tq.SetBoost(0)
			alts = append(alts, tq)
		}
		if len(alts) == 1 {
			qs = append(qs, alts[0])
		} else {
			qs = append(qs, bleve.NewDisjunctionQuery(alts...))
		}
	}
	if s.hasYearRange() && skip != Year {
		// Years are indexed as four-digit keywords, so a range of text is
		// the range of numbers once its ends are written the same way.
		lo, hi := "", ""
		if s.YearFrom > 0 {
			lo = yearTerm(s.YearFrom)
		}
		switch {
		case s.YearTo < 0:
			lo = yearTerm(10000) // no year is at most a negative one
		case s.YearTo > 0 && s.YearTo <= 9999:
			hi = yearTerm(s.YearTo)
		}
		inc := true
		rq := bleve.NewTermRangeInclusiveQuery(lo, hi, &inc, &inc)
		rq.SetField(index.FieldYear)
		rq.SetBoost(0)
		qs = append(qs, rq)
	}
	return qs
}

// yearTerm writes a year as the index holds it; a year past 9999 becomes
// a term above every four-digit one.
func yearTerm(y int) string {
	if y > 9999 {
		return ":" // the byte after '9'
	}
	return fmt.Sprintf("%04d", y)
}

// accepted returns, for a filtered facet, which ordinals of its column
// pass: a value listed in the filter (and, for years, inside the range).
func (s Selection) accepted(name string, dict []string, ordOf map[string]uint16) []bool {
	ok := make([]bool, len(dict))
	vals := s.Filters[name]
	for _, v := range vals {
		if o, found := ordOf[v]; found {
			ok[o] = true
		}
	}
	if name == Year && s.hasYearRange() {
		for o, v := range dict {
			y, err := strconv.Atoi(v)
			inRange := err == nil && s.inYearRange(y)
			// Values and range are ANDed, as the queries are.
			if len(vals) == 0 {
				ok[o] = inRange
			} else {
				ok[o] = ok[o] && inRange
			}
		}
	}
	return ok
}
