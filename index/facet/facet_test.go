package facet

import (
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"jippnas/content/refdata"
	"jippnas/index"
)

func TestLookupAndAll(t *testing.T) {
	if len(All) != len(defs) || All[0] != Type {
		t.Fatalf("All = %v", All)
	}
	for _, name := range All {
		d, ok := Lookup(name)
		if !ok || d.Field == "" || d.Size <= 0 {
			t.Errorf("%s: %+v %v", name, d, ok)
		}
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("unknown facet found")
	}
	if !reflect.DeepEqual(multiFacets, []string{Award}) || len(singleFacets)+len(multiFacets) != len(All) {
		t.Errorf("single %v multi %v", singleFacets, multiFacets)
	}
}

func TestValues(t *testing.T) {
	regions := refdata.DefaultRegions()
	cases := []struct {
		name   string
		facet  string
		counts map[string]int
		f      Filters
		want   []Value
	}{
		{"by count then value", Sector, map[string]int{"pendidikan": 2, "kesehatan": 5, "agama": 2}, nil,
			[]Value{{"kesehatan", "Kesehatan", 5, false}, {"agama", "Agama", 2, false}, {"pendidikan", "Pendidikan", 2, false}}},
		{"years newest first", Year, map[string]int{"2019": 9, "2023": 1, "2021": 4}, nil,
			[]Value{{"2023", "2023", 1, false}, {"2021", "2021", 4, false}, {"2019", "2019", 9, false}}},
		{"selected value without matches stays", Source, map[string]int{"panrb": 3}, Filters{Source: {"lan"}},
			[]Value{{"panrb", "Kementerian PANRB (KIPP)", 3, false}, {"lan", "LAN (Laboratorium Inovasi)", 0, true}}},
		{"regencies under the selected province only", Region, map[string]int{"35.78": 4, "34.04": 7}, Filters{Province: {"35"}},
			[]Value{{"35.78", "Kota Surabaya", 4, false}}},
		{"no counts", Stage, nil, nil, []Value{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Values(regions, c.facet, c.counts, c.f); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v\nwant %+v", got, c.want)
			}
		})
	}
	// The most frequent values, as many as the facet shows.
	counts := map[string]int{}
	for i := 0; i < 10; i++ {
		counts[string(rune('a'+i))] = i + 1
	}
	if got := Values(regions, Type, counts, nil); len(got) != 3 || got[0].Value != "j" || got[2].Value != "h" {
		t.Errorf("capped: %+v", got)
	}
}

// TestSelectionAccepted: a year range and year values are ANDed, as the
// Bleve queries of the same selection are.
func TestSelectionAccepted(t *testing.T) {
	dict := []string{"", "2018", "2019", "2020", "x"}
	ordOf := map[string]uint16{"2018": 1, "2019": 2, "2020": 3, "x": 4}
	cases := []struct {
		sel  Selection
		want []bool
	}{
		{Selection{Filters: Filters{Year: {"2019", "2020"}}}, []bool{false, false, true, true, false}},
		{Selection{YearFrom: 2019}, []bool{false, false, true, true, false}},
		{Selection{YearTo: 2018}, []bool{false, true, false, false, false}},
		{Selection{Filters: Filters{Year: {"2018", "2020"}}, YearFrom: 2019}, []bool{false, false, false, true, false}},
	}
	for _, c := range cases {
		if got := c.sel.accepted(Year, dict, ordOf); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%+v: got %v want %v", c.sel, got, c.want)
		}
		if !c.sel.Restricts(Year) || c.sel.Restricts(Sector) {
			t.Errorf("%+v: Restricts wrong", c.sel)
		}
	}
	qs := Selection{Filters: Filters{Year: {"2019"}, Sector: {"kesehatan", "pendidikan"}}, YearFrom: 2015}.Queries(Year)
	if len(qs) != 1 {
		t.Errorf("skipping the year facet leaves %d queries, want the sector's only", len(qs))
	}
}

// TestYearRangeQuery: the Bleve query of a year range over four-digit
// keywords matches exactly the years the range holds, open ends and years
// past 9999 included, as the columns' inYearRange does.
func TestYearRangeQuery(t *testing.T) {
	m := bleve.NewIndexMapping()
	kw := bleve.NewKeywordFieldMapping()
	m.DefaultMapping.AddFieldMappingsAt(index.FieldYear, kw)
	ix, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	years := []int{1945, 1999, 2018, 2019, 2020, 2026, 9999}
	for _, y := range years {
		if err := ix.Index(strconv.Itoa(y), map[string]any{index.FieldYear: strconv.Itoa(y)}); err != nil {
			t.Fatal(err)
		}
	}
	cases := []Selection{
		{YearFrom: 2019}, {YearTo: 2019}, {YearFrom: 2018, YearTo: 2020}, {YearFrom: 2020, YearTo: 2018},
		{YearFrom: 50}, {YearTo: 999}, {YearFrom: 1000, YearTo: 1999}, {YearTo: 10000},
		{YearFrom: 10000}, {YearFrom: 2019, YearTo: 2019}, {YearFrom: 9999}, {YearFrom: -3, YearTo: 2018},
		{YearFrom: 2019, YearTo: -1},
	}
	for _, sel := range cases {
		qs := sel.Queries("")
		if len(qs) != 1 {
			t.Fatalf("%+v: %d queries, want 1", sel, len(qs))
		}
		req := bleve.NewSearchRequestOptions(qs[0], 100, 0, false)
		res, err := ix.Search(req)
		if err != nil {
			t.Fatalf("%+v: %v", sel, err)
		}
		var got, want []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		for _, y := range years {
			if sel.inYearRange(y) {
				want = append(want, strconv.Itoa(y))
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%+v: matched %v, want %v", sel, got, want)
		}
	}
}
