package server

import (
	"net/http"
	"net/url"
	"unicode/utf8"

	"jippnas/content"
	"jippnas/index/facet"
	"jippnas/index/search"
)

// Bar charts are drawn on the server as SVG: no script, readable by
// screen readers (role, titles) and with a table for each chart.

const (
	chartWidth    = 760
	chartLabelW   = 300
	chartBarMaxW  = 400
	chartRowH     = 26
	chartBarH     = 18
	chartTopPad   = 4
	chartLabelMax = 36 // runes; the full label is in the bar's <title>
)

type statsView struct {
	Total  uint64
	Map    *provinceMap
	Charts []chart
}

type chart struct {
	ID     string
	Title  string
	Note   string
	Height int
	Width  int
	Bars   []bar
}

type bar struct {
	Label     string
	Short     string
	Count     int
	URL       string
	Y         int // top of the row
	TextY     int
	BarY      int
	X         int
	W         int
	CountX    int
	LabelEndX int
}

func (s *Server) webStats(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	inn := facet.Filters{facet.Type: {content.TypeInnovation}}
	res, err := s.searchIn(ctx, search.Request{Filters: inn, Size: 0,
		Facets: []string{facet.Province, facet.Sector, facet.Year, facet.Source}})
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v := statsView{Total: res.Total}
	if v.Map, err = s.innovationMap(res.Facets[facet.Province]); err != nil {
		s.webFail(w, r, err)
		return
	}
	link := func(param, value string) string {
		q := url.Values{"type": {content.TypeInnovation}}
		if param == "year" {
			q.Set("year_from", value)
			q.Set("year_to", value)
		} else {
			q.Set(param, value)
		}
		return searchURL(q)
	}
	label := func(name string, fv facet.Value) string {
		switch name {
		case facet.Province:
			if reg, ok := s.regions.Lookup(fv.Value); ok {
				return reg.ShortName()
			}
		}
		if fv.Label != "" {
			return fv.Label
		}
		return fv.Value
	}
	specs := []struct{ facet, id, title, note string }{
		{facet.Province, "grafik-provinsi", "Inovasi per provinsi", "Inovasi kementerian dan lembaga pusat tidak termasuk dalam grafik ini."},
		{facet.Sector, "grafik-bidang", "Inovasi per bidang urusan", ""},
		{facet.Year, "grafik-tahun", "Inovasi per tahun", ""},
		{facet.Source, "grafik-sumber", "Inovasi per sumber data", ""},
	}
	for _, sp := range specs {
		vals := res.Facets[sp.facet]
		if sp.facet == facet.Year {
			// Chronological reads better than by count.
			vals = append([]facet.Value(nil), vals...)
			for i, j := 0, len(vals)-1; i < j; i, j = i+1, j-1 {
				vals[i], vals[j] = vals[j], vals[i]
			}
		}
		c := chart{ID: sp.id, Title: sp.title, Note: sp.note, Width: chartWidth}
		maxCount := 1
		for _, fv := range vals {
			maxCount = max(maxCount, fv.Count)
		}
		for i, fv := range vals {
			if fv.Count == 0 {
				continue
			}
			l := label(sp.facet, fv)
			b := bar{Label: l, Short: shorten(l, chartLabelMax), Count: fv.Count, URL: link(sp.facet, fv.Value),
				Y: chartTopPad + i*chartRowH, X: chartLabelW, LabelEndX: chartLabelW - 8}
			b.W = max(2, fv.Count*chartBarMaxW/maxCount)
			b.BarY = b.Y + (chartRowH-chartBarH)/2
			b.TextY = b.Y + chartRowH/2 + 5
			b.CountX = b.X + b.W + 6
			c.Bars = append(c.Bars, b)
		}
		c.Height = chartTopPad*2 + len(c.Bars)*chartRowH
		v.Charts = append(v.Charts, c)
	}
	s.render(w, r, http.StatusOK, "stats", page{Title: "Statistik inovasi",
		Description: "Jumlah inovasi pelayanan publik per provinsi, bidang, tahun, dan sumber data (" + numID(res.Total) + " inovasi).",
		Nav:         "statistik", Feeds: []feedLink{innovationFeedLink(nil, "")}, Data: v})
}

// shorten cuts a label to n runes with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Chart geometry for the template.
func (statsView) ChartWidth() int { return chartWidth }
func (statsView) RowH() int       { return chartRowH }
func (statsView) BarH() int       { return chartBarH }
