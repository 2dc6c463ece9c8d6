package server

import (
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jippnas/content/refdata"
)

// svgLink is one <a> of the map with its title, as parsed back from the SVG.
type svgLink struct {
	Href  string `xml:"href,attr"`
	Label string `xml:"aria-label,attr"`
	Title string `xml:"title"`
	Paths []struct {
		D    string `xml:"d,attr"`
		Fill string `xml:"fill,attr"`
	} `xml:"path"`
	Circles []struct {
		Fill string `xml:"fill,attr"`
	} `xml:"circle"`
}

type svgDoc struct {
	XMLName xml.Name  `xml:"svg"`
	ViewBox string    `xml:"viewBox,attr"`
	Links   []svgLink `xml:"a"`
}

func TestProvinceMapEveryProvince(t *testing.T) {
	f := sharedFixture(t)
	m, err := f.server.innovationMap(nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(m.SVG); n >= 300<<10 {
		t.Errorf("map SVG is %d bytes, want < 300 KB", n)
	} else {
		t.Logf("map SVG: %d bytes", n)
	}
	var doc svgDoc
	if err := xml.Unmarshal([]byte(m.SVG), &doc); err != nil {
		t.Fatalf("map is not well-formed SVG: %v", err)
	}
	byHref := map[string]svgLink{}
	for _, l := range doc.Links {
		byHref[l.Href] = l
	}
	provs := f.server.regions.Provinces()
	if len(doc.Links) != len(provs) {
		t.Errorf("%d links for %d provinces", len(doc.Links), len(provs))
	}
	for _, p := range provs {
		l, ok := byHref["/cari?province="+p.Code+"&type=innovation"]
		if !ok {
			t.Errorf("province %s %s has no link", p.Code, p.Name)
			continue
		}
		if len(l.Paths) == 0 && len(l.Circles) == 0 {
			t.Errorf("province %s has no shape", p.Code)
		}
		for _, pth := range l.Paths {
			if !strings.HasPrefix(pth.D, "M") || !strings.HasSuffix(pth.D, "z") {
				t.Errorf("province %s: odd path %.40q", p.Code, pth.D)
			}
		}
		if !strings.HasPrefix(l.Title, p.ShortName()+" — Jumlah inovasi: ") || l.Label != l.Title {
			t.Errorf("province %s: title %q, label %q", p.Code, l.Title, l.Label)
		}
	}
	// Every province is in the table too, with its link.
	if len(m.Rows) != len(provs) {
		t.Errorf("%d table rows", len(m.Rows))
	}
	// The small provinces get a marker so that they can be tapped.
	for _, code := range []string{"31", "34"} {
		if l := byHref["/cari?province="+code+"&type=innovation"]; len(l.Circles) == 0 {
			t.Errorf("province %s has no marker", code)
		}
	}
}

func TestProvinceMapClasses(t *testing.T) {
	f := sharedFixture(t)
	values := map[string]int{"35": 120, "33": 60, "32": 30, "11": 10, "12": 5, "13": 0}
	m, err := f.server.provinceMap(values, "Kelengkapan data (%)", func(code string) string {
		if code == "35" {
			return ""
		}
		return "/hub/provinsi/" + code
	})
	if err != nil {
		t.Fatal(err)
	}
	svg := string(m.SVG)
	fills := map[string]string{}
	re := regexp.MustCompile(`<title>([^<]+) — Kelengkapan data \(%\): ([^<]+)</title><(?:path|circle)[^>]* fill="(#[0-9a-f]{6})"`)
	for _, mm := range re.FindAllStringSubmatch(svg, -1) {
		fills[mm[1]+"="+mm[2]] = mm[3]
	}
	for want, fill := range map[string]string{
		"Jawa Timur=120":              mapPalette[4],
		"Jawa Tengah=60":              mapPalette[3],
		"Aceh=10":                     mapPalette[1],
		"Sumatera Utara=5":            mapPalette[0],
		"Sumatera Barat=0":            mapZeroFill,
		"Bali=tidak ada data":         mapNoDataFill,
		"Papua Tengah=tidak ada data": mapNoDataFill,
	} {
		if fills[want] != fill {
			t.Errorf("%s: fill %q, want %q", want, fills[want], fill)
		}
	}
	// A province without a link is drawn without <a>.
	if strings.Contains(svg, `href="/hub/provinsi/35"`) || !strings.Contains(svg, `href="/hub/provinsi/33"`) {
		t.Error("links do not follow the link builder")
	}
	var labels []string
	for _, c := range m.Classes {
		labels = append(labels, c.Label)
	}
	if want := []string{"Tidak ada data", "0", "1–5", "6–10", "11–30", "31–60", "61–120"}; !slices.Equal(labels, want) {
		t.Errorf("legend %q, want %q", labels, want)
	}
	if m.Rows[0].Name != "Jawa Timur" || m.Rows[len(m.Rows)-1].HasValue {
		t.Errorf("table order: first %+v, last %+v", m.Rows[0], m.Rows[len(m.Rows)-1])
	}
	if m.Attribution != refdata.ProvinceShapesAttribution {
		t.Error("no attribution")
	}
}

func TestMapBreaks(t *testing.T) {
	for _, c := range []struct {
		values map[string]int
		want   []int
	}{
		{map[string]int{}, nil},
		{map[string]int{"a": 0}, nil},
		{map[string]int{"a": 7}, []int{7}},
		{map[string]int{"a": 1, "b": 1, "c": 2}, []int{1, 2}},
		{map[string]int{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10}, []int{2, 4, 6, 8, 10}},
	} {
		if got := mapBreaks(c.values); !slices.Equal(got, c.want) {
			t.Errorf("mapBreaks(%v) = %v, want %v", c.values, got, c.want)
		}
	}
}

// TestMapOnPages: the map, its table and the licence credit are on the
// statistics page and the home page.
func TestMapOnPages(t *testing.T) {
	f := sharedFixture(t)
	for _, p := range []string{"/", "/statistik"} {
		resp, err := http.Get(f.http.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(body)
		for _, want := range []string{`<svg class="province-map"`, html.EscapeString(refdata.ProvinceShapesAttribution), `class="map-legend"`, `<td><a href="/cari?province=35&amp;type=innovation">Jawa Timur</a></td>`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", p, want)
			}
		}
	}
}

func TestBrowserProvinceMap(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	b := newBrowser(t, f, 1280, 900)
	b.do("statistics", chromedp.Navigate(b.base+"/statistik"), chromedp.WaitVisible(chromedp.CSS("svg.province-map")))
	if n := b.count("svg.province-map a"); n != 38 {
		t.Fatalf("%d province links on the map", n)
	}
	b.do("scroll", chromedp.ScrollIntoView(chromedp.CSS("svg.province-map")))
	b.viewportShot("peta-provinsi")
	// The table says how many innovations East Java has; its shape leads
	// to the same number of results.
	want := get(b, "table value", chromedp.Evaluate[string](
		`document.querySelector('.map-table a[href*="province=35&"]').closest('tr').cells[1].textContent.trim()`))
	b.do("click Jawa Timur", chromedp.Click(chromedp.CSS(`svg.province-map a[href*="province=35&"] path`)),
		chromedp.WaitVisible(chromedp.CSS(".results-count")))
	if u := b.location(); !strings.Contains(u, "province=35") {
		t.Fatalf("map link went to %s", u)
	}
	if got := b.state().Total; strings.ReplaceAll(want, ".", "") != itoa(got) {
		t.Errorf("map table says %s, search found %d", want, got)
	}

	// On a phone the map fits the screen and the page does not scroll sideways.
	m := b
	m.do("home on a phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(m.base+"/"), chromedp.WaitVisible(chromedp.CSS("svg.province-map")))
	if get(m, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
		t.Error("home page with the map scrolls sideways on a phone")
	}
	if w := get(m, "map width", chromedp.Evaluate[float64](`document.querySelector('svg.province-map').getBoundingClientRect().width`)); w < 300 || w > 390 {
		t.Errorf("map is %.0f px wide on a 390 px screen", w)
	}
	m.do("scroll", chromedp.ScrollIntoView(chromedp.CSS("svg.province-map")))
	m.viewportShot("peta-provinsi-mobile")
	b.noErrors()
}
