package server

import (
	"cmp"
	"html/template"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"jippnas/content"
	"jippnas/content/refdata"
	"jippnas/index/facet"
)

// The province map is a choropleth drawn on the server as SVG: no script,
// no tiles from elsewhere, a link and a <title> per province, and the same
// numbers in a table beside it. The geometry is projected and simplified
// once; a call only colours it. Other pages (the hub's national dashboard)
// reuse provinceMap with their own values, legend and links.

// Map geometry: an equirectangular projection is exact enough this close to
// the equator (Indonesia spans 11°S–6°N, where cos(lat) > 0.98).
const (
	mapWidth     = 1000.0
	mapPad       = 6.0
	mapTolerance = 0.6 // Douglas-Peucker tolerance in map units (~3 km)
	mapMinRing   = 1.2 // islands smaller than this (both sides) are dropped
	mapMarkerMax = 20  // provinces smaller than this get a round marker
	mapMarkerR   = 6
)

// mapPalette is ColorBrewer's 5-class YlGnBu sequential scheme (Cynthia
// Brewer, Penn State; Apache 2.0), chosen because its steps differ in
// lightness and stay apart for the common kinds of colour blindness.
var mapPalette = [5]string{"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"}

const (
	mapZeroFill   = "#e8eaed"
	mapNoDataFill = "#ffffff"
	mapStroke     = "#5f6b7a"
)

// provinceMap is what the "provincemap" template draws.
type provinceMap struct {
	Legend      string
	SVG         template.HTML
	Classes     []mapClass
	Rows        []mapRow
	Attribution string
	LicenseURL  string
}

// mapClass is one entry of the legend.
type mapClass struct {
	Fill   string
	Label  string
	Swatch template.HTML // a small SVG square in the class's colour
}

// mapRow is one province in the table under the map.
type mapRow struct {
	Code     string
	Name     string
	Value    int
	HasValue bool
	URL      string
}

// mapShape is a province's projected outline.
type mapShape struct {
	path    string // SVG path data
	marker  bool   // too small to click: draw a circle too
	cx, cy  float64
	maxSide float64
}

type mapGeometry struct {
	width, height float64
	shapes        map[string]mapShape
	err           error
}

var mapGeom = sync.OnceValue(buildMapGeometry)

func buildMapGeometry() *mapGeometry {
	g := &mapGeometry{shapes: map[string]mapShape{}}
	shapes, err := refdata.ProvinceShapes()
	if err != nil {
		g.err = err
		return g
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, s := range shapes {
		for _, p := range s.Polygons {
			for _, pt := range p[0] {
				minX, maxX = min(minX, pt.X), max(maxX, pt.X)
				minY, maxY = min(minY, pt.Y), max(maxY, pt.Y)
			}
		}
	}
	k := (mapWidth - 2*mapPad) / (maxX - minX)
	g.width = mapWidth
	g.height = math.Ceil((maxY-minY)*k + 2*mapPad)
	project := func(pt refdata.Point) [2]float64 {
		return [2]float64{mapPad + (pt.X-minX)*k, mapPad + (maxY-pt.Y)*k}
	}
	for code, s := range shapes {
		var b strings.Builder
		var best float64
		var ms mapShape
		for _, poly := range s.Polygons {
			for ri, ring := range poly {
				pts := make([][2]float64, len(ring))
				for i, pt := range ring {
					pts[i] = project(pt)
				}
				x0, y0, x1, y1 := bounds(pts)
				side := max(x1-x0, y1-y0)
				if ri == 0 && side > best {
					best = side
					ms.cx, ms.cy, ms.maxSide = (x0+x1)/2, (y0+y1)/2, side
				}
				if x1-x0 < mapMinRing && y1-y0 < mapMinRing {
					continue
				}
				writeRing(&b, simplify(pts, mapTolerance))
			}
		}
		if b.Len() == 0 {
			// Every island was tiny: keep the marker only.
			ms.marker = true
		}
		ms.path = b.String()
		ms.marker = ms.marker || ms.maxSide < mapMarkerMax
		g.shapes[code] = ms
	}
	return g
}

func bounds(pts [][2]float64) (x0, y0, x1, y1 float64) {
	x0, y0, x1, y1 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		x0, x1 = min(x0, p[0]), max(x1, p[0])
		y0, y1 = min(y0, p[1]), max(y1, p[1])
	}
	return
}

// simplify is Douglas-Peucker on a closed ring; a ring keeps at least its
// first point and two others.
func simplify(pts [][2]float64, tol float64) [][2]float64 {
	if len(pts) > 1 && pts[0] == pts[len(pts)-1] {
		pts = pts[:len(pts)-1]
	}
	if len(pts) <= 3 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	// Split the ring at the point farthest from the first, so that both
	// halves are open polylines.
	far, farD := 0, -1.0
	for i, p := range pts {
		if d := math.Hypot(p[0]-pts[0][0], p[1]-pts[0][1]); d > farD {
			far, farD = i, d
		}
	}
	keep[far] = true
	var dp func(a, b int)
	dp = func(a, b int) {
		if b <= a+1 {
			return
		}
		idx, dmax := -1, tol
		for i := a + 1; i < b; i++ {
			if d := segDist(pts[i], pts[a], pts[b]); d > dmax {
				idx, dmax = i, d
			}
		}
		if idx >= 0 {
			keep[idx] = true
			dp(a, idx)
			dp(idx, b)
		}
	}
	dp(0, far)
	dp(far, len(pts)-1)
	out := make([][2]float64, 0, len(pts)/2)
	for i, p := range pts {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

// segDist is the distance from p to the segment ab.
func segDist(p, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	if dx == 0 && dy == 0 {
		return math.Hypot(p[0]-a[0], p[1]-a[1])
	}
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / (dx*dx + dy*dy)
	t = max(0, min(1, t))
	return math.Hypot(p[0]-(a[0]+t*dx), p[1]-(a[1]+t*dy))
}

// writeRing appends one closed subpath: an absolute move, then relative
// lines with one decimal, which keeps the SVG small.
func writeRing(b *strings.Builder, pts [][2]float64) {
	if len(pts) < 3 {
		return
	}
	rx, ry := round1(pts[0][0]), round1(pts[0][1])
	b.WriteString("M" + fmt1(rx) + " " + fmt1(ry) + "l")
	for i, p := range pts[1:] {
		x, y := round1(p[0]), round1(p[1])
		dx, dy := x-rx, y-ry
		if dx == 0 && dy == 0 {
			continue
		}
		if i > 0 && dx >= 0 {
			b.WriteByte(' ')
		}
		b.WriteString(fmt1(dx))
		if dy >= 0 {
			b.WriteByte(' ')
		}
		b.WriteString(fmt1(dy))
		rx, ry = x, y
	}
	b.WriteString("z")
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func fmt1(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

// mapBreaks splits the positive values into at most five classes of about
// equal size (quantiles) and returns the upper bound of each.
func mapBreaks(values map[string]int) []int {
	var pos []int
	for _, v := range values {
		if v > 0 {
			pos = append(pos, v)
		}
	}
	if len(pos) == 0 {
		return nil
	}
	slices.Sort(pos)
	var uppers []int
	for i := 1; i <= len(mapPalette); i++ {
		u := pos[(len(pos)*i+len(mapPalette)-1)/len(mapPalette)-1]
		if len(uppers) == 0 || u > uppers[len(uppers)-1] {
			uppers = append(uppers, u)
		}
	}
	return uppers
}

// classFill is the colour of class i of n, spread over the whole palette
// so that two classes are light and dark, not the two lightest.
func classFill(i, n int) string {
	if n <= 1 {
		return mapPalette[len(mapPalette)-1]
	}
	return mapPalette[int(math.Round(float64(i)*float64(len(mapPalette)-1)/float64(n-1)))]
}

func swatch(fill string) template.HTML {
	return template.HTML(`<svg class="map-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="17" height="17" fill="` +
		fill + `" stroke="` + mapStroke + `"/></svg>`)
}

// provinceMap colours the provinces by values (province code → value; a
// province without a value is drawn as "no data"), with legend naming what
// the values are ("Jumlah inovasi", "Kelengkapan data (%)") and href giving
// each province's link ("" for none).
func (s *Server) provinceMap(values map[string]int, legend string, href func(code string) string) (*provinceMap, error) {
	g := mapGeom()
	if g.err != nil {
		return nil, g.err
	}
	m := &provinceMap{Legend: legend, Attribution: refdata.ProvinceShapesAttribution, LicenseURL: refdata.ProvinceShapesLicenseURL}
	breaks := mapBreaks(values)
	fillOf := func(code string) string {
		v, ok := values[code]
		switch {
		case !ok:
			return mapNoDataFill
		case v <= 0:
			return mapZeroFill
		}
		i, _ := slices.BinarySearch(breaks, v)
		return classFill(min(i, len(breaks)-1), len(breaks))
	}
	hasZero, hasMissing := false, false
	for _, p := range s.regions.Provinces() {
		v, ok := values[p.Code]
		row := mapRow{Code: p.Code, Name: p.ShortName(), Value: v, HasValue: ok}
		if href != nil {
			row.URL = href(p.Code)
		}
		hasZero = hasZero || (ok && v <= 0)
		hasMissing = hasMissing || !ok
		m.Rows = append(m.Rows, row)
	}
	slices.SortStableFunc(m.Rows, func(a, b mapRow) int {
		if a.HasValue != b.HasValue {
			if a.HasValue {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.Value, a.Value), strings.Compare(a.Name, b.Name))
	})

	if hasMissing {
		m.Classes = append(m.Classes, mapClass{Fill: mapNoDataFill, Label: "Tidak ada data"})
	}
	if hasZero {
		m.Classes = append(m.Classes, mapClass{Fill: mapZeroFill, Label: "0"})
	}
	lo := 1
	for i, u := range breaks {
		label := numID(lo) + "–" + numID(u)
		if lo == u {
			label = numID(u)
		}
		m.Classes = append(m.Classes, mapClass{Fill: classFill(i, len(breaks)), Label: label})
		lo = u + 1
	}
	for i := range m.Classes {
		m.Classes[i].Swatch = swatch(m.Classes[i].Fill)
	}

	var b strings.Builder
	b.Grow(64 << 10)
	w, h := fmt1(g.width), fmt1(g.height)
	b.WriteString(`<svg class="province-map" viewBox="0 0 ` + w + ` ` + h + `" xmlns="http://www.w3.org/2000/svg" role="group" aria-label="` +
		template.HTMLEscapeString("Peta provinsi: "+legend) + `">`)
	// Large provinces first, so that the markers of small ones stay on top.
	rows := slices.Clone(m.Rows)
	slices.SortFunc(rows, func(a, b mapRow) int { return strings.Compare(a.Code, b.Code) })
	for pass := 0; pass < 2; pass++ {
		for _, row := range rows {
			sh, ok := g.shapes[row.Code]
			if !ok || (pass == 1) != sh.marker {
				continue
			}
			value := "tidak ada data"
			if row.HasValue {
				value = numID(row.Value)
			}
			label := template.HTMLEscapeString(row.Name + " — " + legend + ": " + value)
			fill := fillOf(row.Code)
			if row.URL != "" {
				b.WriteString(`<a href="` + template.HTMLEscapeString(row.URL) + `" aria-label="` + label + `">`)
			} else {
				b.WriteString(`<g>`)
			}
			b.WriteString(`<title>` + label + `</title>`)
			if sh.path != "" {
				b.WriteString(`<path d="` + sh.path + `" fill="` + fill + `" stroke="` + mapStroke + `" stroke-width="0.6" stroke-linejoin="round"/>`)
			}
			if sh.marker {
				b.WriteString(`<circle cx="` + fmt1(round1(sh.cx)) + `" cy="` + fmt1(round1(sh.cy)) + `" r="` + strconv.Itoa(mapMarkerR) +
					`" fill="` + fill + `" stroke="` + mapStroke + `" stroke-width="1.5"/>`)
			}
			if row.URL != "" {
				b.WriteString(`</a>`)
			} else {
				b.WriteString(`</g>`)
			}
		}
	}
	b.WriteString(`</svg>`)
	m.SVG = template.HTML(b.String())
	return m, nil
}

// innovationMap is the map of innovations per province, from the province
// facet of a search over innovations; each province links to its search.
func (s *Server) innovationMap(counts []facet.Value) (*provinceMap, error) {
	values := make(map[string]int, 38)
	for _, p := range s.regions.Provinces() {
		values[p.Code] = 0
	}
	for _, fv := range counts {
		values[fv.Value] = fv.Count
	}
	return s.provinceMap(values, "Jumlah inovasi", func(code string) string {
		return searchURL(url.Values{"type": {content.TypeInnovation}, "province": {code}})
	})
}
