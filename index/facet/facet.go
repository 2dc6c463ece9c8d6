// Package facet defines the facets and filters of a search once — the
// field each reads, how many values it shows, how a value is labelled and
// what a filter on it means — and counts them over an index snapshot from
// per-segment columns.
package facet

import (
	"cmp"
	"slices"
	"strings"

	"jippnas/content"
	"jippnas/content/refdata"
	"jippnas/index"
)

// Facet names, also the filter parameter names of the API.
const (
	Type     = "type"
	Province = "province"
	Region   = "region"
	Sector   = "sector"
	Year     = "year"
	Source   = "source"
	Award    = "award"
	Stage    = "stage"
	Status   = "status"
)

// Def describes one facet.
type Def struct {
	Name  string
	Field string // the indexed keyword field
	Size  int    // at most this many values are shown
	Multi bool   // a document may have several values
}

// defs lists every facet in display order. Adding a facet is adding a line
// here (and its field to the index mapping).
var defs = []Def{
	{Type, index.FieldType, 3, false},
	{Province, index.FieldProvince, 40, false},
	{Region, index.FieldRegion, 600, false},
	{Sector, index.FieldSector, 60, false},
	{Year, index.FieldYear, 100, false},
	{Source, index.FieldSource, 10, false},
	{Award, index.FieldAward, 50, true},
	{Stage, index.FieldStage, 10, false},
	{Status, index.FieldStatus, 5, false},
}

// All lists every facet name in display order.
var All = func() []string {
	out := make([]string, len(defs))
	for i, d := range defs {
		out[i] = d.Name
	}
	return out
}()

// Lookup returns the definition of a facet.
func Lookup(name string) (Def, bool) {
	for _, d := range defs {
		if d.Name == name {
			return d, true
		}
	}
	return Def{}, false
}

// Value is one value of a facet with its count.
type Value struct {
	Value    string `json:"value"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected,omitempty"`
}

// Label is the Indonesian display text of a facet value.
func Label(regions *refdata.Regions, facet, v string) string {
	switch facet {
	case Type:
		return content.LabelOf(content.Types, v)
	case Province, Region:
		if r, ok := regions.Lookup(v); ok {
			return r.Name
		}
	case Sector:
		if s, ok := refdata.SectorBySlug(v); ok {
			return s.Name
		}
	case Source:
		return content.LabelOf(content.Sources, v)
	case Stage:
		return content.LabelOf(content.Stages, v)
	case Status:
		return content.LabelOf(content.Statuses, v)
	}
	return v
}

// Values turns the counts of one facet into the values shown: the most
// frequent ones (as many as the facet shows), regencies only under the
// selected provinces, selected values always present (so that they can be
// removed), years newest first, the rest by count.
func Values(regions *refdata.Regions, name string, counts map[string]int, f Filters) []Value {
	def, _ := Lookup(name)
	selected := f[name]
	vals := make([]Value, 0, len(counts)+len(selected))
	for v, n := range counts {
		vals = append(vals, Value{Value: v, Count: n})
	}
	byCount := func(a, b Value) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Value, b.Value)
	}
	if def.Size > 0 && len(vals) > def.Size {
		slices.SortFunc(vals, byCount)
		vals = vals[:def.Size]
	}
	if name == Region && len(f[Province]) > 0 {
		provs := f[Province]
		vals = slices.DeleteFunc(vals, func(v Value) bool {
			p, ok := regions.ProvinceOf(v.Value)
			return !ok || !slices.Contains(provs, p.Code)
		})
	}
	for _, s := range selected {
		if !slices.ContainsFunc(vals, func(v Value) bool { return v.Value == s }) {
			vals = append(vals, Value{Value: s})
		}
	}
	// Labelled once cut to what is shown: a region's label is a lookup.
	for i := range vals {
		vals[i].Label = Label(regions, name, vals[i].Value)
		vals[i].Selected = slices.Contains(selected, vals[i].Value)
	}
	if name == Year {
		slices.SortStableFunc(vals, func(a, b Value) int { return strings.Compare(b.Value, a.Value) })
	} else {
		slices.SortStableFunc(vals, byCount)
	}
	return vals
}
