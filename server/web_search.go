package server

import (
	"html/template"
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

type searchView struct {
	Query         string        // as the visitor typed it
	QueryInput    string        // the words left after understood filters, for the form
	Applied       []appliedView // filters read from the words
	Boosts        []appliedView // read from the words, ranking only
	BoostsNone    []appliedView // the same, where no result has the value
	LiteralURL    string        // the same search without query understanding
	Total         uint64
	From, To      int
	Hits          []hitView
	Groups        []facetGroup
	YearFrom      string
	YearTo        string
	Sort          string
	SortOptions   []option
	Hidden        []option // parameters the form has no control for
	Chips         []chip
	ClearURL      string
	Relaxed       bool
	Fuzzy         bool
	DidYouMean    string
	DidYouMeanURL string
	Pages         []pageLink
	PastEnd       *pastEnd // a page number beyond the last page
	PrevURL       string
	NextURL       string
	TookMS        string
}

// pastEnd tells a visitor who asked for a page beyond the results where
// they end.
type pastEnd struct {
	Page, Last int
	LastURL    string
}

// appliedView is a filter read from the query words.
type appliedView struct {
	Words string
	Label string
}

type hitView struct {
	URL         string
	Type        string
	TypeLabel   string
	Title       template.HTML // highlighted and escaped by the index, or escaped here
	Snippet     template.HTML
	Institution string
	Region      string
	Year        int
	Sector      string
	Awards      []string
	Section     string
	Published   string
}

type facetGroup struct {
	Name   string
	Legend string
	Shown  []facetOption
	More   []facetOption
}

type facetOption struct {
	ID       string
	Name     string // the parameter
	Value    string
	Label    string
	Count    int
	Selected bool
}

type option struct {
	Value    string
	Label    string
	Selected bool
}

type chip struct {
	Label     string
	RemoveURL string
}

type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// facetLegends are the sidebar groups in display order.
var facetLegends = []struct{ name, legend string }{
	{facet.Type, "Jenis"},
	{facet.Province, "Provinsi"},
	{facet.Region, "Kabupaten/Kota"},
	{facet.Sector, "Bidang"},
	{facet.Source, "Sumber"},
	{facet.Award, "Penghargaan"},
	{facet.Stage, "Tahap"},
	{facet.Status, "Status"},
	{facet.Year, "Tahun"},
}

// facetShown is how many values a group lists before "show all".
const facetShown = 8

var sortOptions = []option{{Value: search.SortRelevance, Label: "Paling relevan"},
	{Value: search.SortNewest, Label: "Terbaru"}, {Value: search.SortYear, Label: "Tahun inovasi"}}

func (s *Server) webSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req, err := s.parseSearch(q)
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	if req.Cursor != "" {
		// The website pages by number; a cursor is an API affair.
		req.Cursor = ""
	}
	if req.Sort == "" && req.Query == "" {
		req.Sort = search.SortNewest // nothing to rank by: show the newest first
	}
	req.Facets, req.NoFacets = nil, false
	res, ok := s.searchPage(w, r, req)
	if !ok {
		return
	}
	v := s.searchView(q, req, res)
	status := http.StatusOK
	if v.PastEnd != nil {
		status = http.StatusNotFound // no such page: not a page to keep or index
	}
	title := "Cari inovasi"
	desc := "Cari inovasi pelayanan publik, panduan, dan berita JIPPNAS dengan filter provinsi, bidang, tahun, dan sumber."
	if req.Query != "" {
		title = "Hasil pencarian untuk “" + req.Query + "”"
		desc = numID(res.Total) + " hasil untuk “" + req.Query + "” di JIPPNAS."
	}
	// Result pages are not for search engines; the documents are in the sitemap.
	s.render(w, r, status, "search", page{Title: title, Description: desc, Nav: "cari", Query: req.Query,
		NoIndex: true, Canonical: s.baseURL() + searchURL(canonicalSearch(q)), Data: v,
		Feeds: []feedLink{innovationFeedLink(q, s.filterLabel(req))}})
}

// canonicalSearch drops empty parameters and the page number 1.
func canonicalSearch(q url.Values) url.Values {
	out := url.Values{}
	for k, vs := range q {
		for _, v := range vs {
			if v = strings.TrimSpace(v); v != "" && !(k == "page" && v == "1") && k != "cursor" {
				out.Add(k, v)
			}
		}
	}
	return out
}

func (s *Server) searchView(q url.Values, req search.Request, res *search.Result) searchView {
	base := canonicalSearch(q)
	base.Del("page")
	v := searchView{Query: req.Query, QueryInput: req.Query, Total: res.Total, Relaxed: res.Relaxed, Fuzzy: res.Fuzzy,
		DidYouMean: res.DidYouMean,
		Sort:       req.Sort, TookMS: strconv.FormatFloat(float64(res.Took.Microseconds())/1000, 'f', 1, 64)}
	if v.Sort == "" {
		v.Sort = search.SortRelevance
	}
	for _, o := range sortOptions {
		o.Selected = o.Value == v.Sort
		v.SortOptions = append(v.SortOptions, o)
	}
	if req.YearFrom > 0 {
		v.YearFrom = strconv.Itoa(req.YearFrom)
	}
	if req.YearTo > 0 {
		v.YearTo = strconv.Itoa(req.YearTo)
	}
	if sz := q.Get("size"); sz != "" {
		v.Hidden = append(v.Hidden, option{Value: strconv.Itoa(res.Size), Label: "size"})
	}
	if res.DidYouMean != "" {
		u := cloneValues(base)
		u.Set("q", res.DidYouMean)
		v.DidYouMeanURL = searchURL(u)
	}
	for _, name := range []string{"understand", "no_understand"} {
		for _, val := range base[name] {
			v.Hidden = append(v.Hidden, option{Value: val, Label: name})
		}
	}
	if len(res.Applied)+len(res.Boosts) > 0 {
		// "Search the words only": the same search without what was read
		// from the words, filters and boosts alike.
		literal := cloneValues(base)
		for _, a := range append(slices.Clone(res.Applied), res.Boosts...) {
			if !slices.Contains(literal["no_understand"], a.Facet) {
				literal.Add("no_understand", a.Facet)
			}
		}
		v.LiteralURL = searchURL(literal)
	}
	for _, b := range res.Boosts {
		a := appliedView{Words: b.Words, Label: facetLegend(b.Facet) + ": " + b.Label}
		// A place or year no result has ("akta kelahiran bali" where Bali
		// has none) is said so, rather than claimed to rank first.
		if counts, ok := res.Facets[b.Facet]; ok && !slices.ContainsFunc(counts, func(c facet.Value) bool {
			return c.Count > 0 && slices.Contains(b.Values, c.Value)
		}) {
			v.BoostsNone = append(v.BoostsNone, a)
			continue
		}
		v.Boosts = append(v.Boosts, a)
	}
	if len(res.Applied) > 0 {
		// Understood words become explicit filters in every link and in the
		// form, so that unticking one really removes it.
		for _, a := range res.Applied {
			v.Applied = append(v.Applied, appliedView{Words: a.Words, Label: facetLegend(a.Facet) + ": " + a.Label})
			base[a.Facet] = append(base[a.Facet], a.Values...)
		}
		v.QueryInput = res.Query
		if v.QueryInput == "" {
			base.Del("q")
		} else {
			base.Set("q", v.QueryInput)
		}
	}
	for _, h := range res.Hits {
		v.Hits = append(v.Hits, s.hitView(h))
	}
	if len(res.Hits) > 0 {
		v.From = (res.Page-1)*res.Size + 1
		v.To = v.From + len(res.Hits) - 1
	} else if res.Total > 0 && res.Page > 1 {
		last := max(1, min(int((res.Total+uint64(res.Size)-1)/uint64(res.Size)), s.cfg.Limits.PageDepth/res.Size, s.cfg.Limits.MaxPage))
		u := cloneValues(base)
		if last > 1 {
			u.Set("page", strconv.Itoa(last))
		}
		v.PastEnd = &pastEnd{Page: res.Page, Last: last, LastURL: searchURL(u)}
	}

	// Facet groups; regencies only under selected provinces (or when one
	// is selected already), so the list stays short.
	for _, fl := range facetLegends {
		vals := res.Facets[fl.name]
		switch fl.name {
		case facet.Region:
			if len(req.Filters[facet.Province]) == 0 {
				vals = selectedOnly(vals)
			}
		case facet.Year:
			vals = selectedOnly(vals) // the year range inputs replace the list
		}
		if len(vals) == 0 {
			continue
		}
		g := facetGroup{Name: fl.name, Legend: fl.legend}
		for i, fv := range vals {
			label := fv.Label
			if label == "" {
				label = fv.Value
			}
			if fl.name == facet.Region {
				label = s.regions.DisplayName(fv.Value)
			} else if fl.name == facet.Province {
				if reg, ok := s.regions.Lookup(fv.Value); ok {
					label = reg.ShortName()
				}
			}
			opt := facetOption{ID: "f-" + fl.name + "-" + strconv.Itoa(i), Name: fl.name, Value: fv.Value, Label: label,
				Count: fv.Count, Selected: fv.Selected}
			// Selected values always stay visible, so they can be unticked.
			if len(g.Shown) < facetShown || opt.Selected {
				g.Shown = append(g.Shown, opt)
			} else {
				g.More = append(g.More, opt)
			}
			if opt.Selected {
				v.Chips = append(v.Chips, chip{Label: fl.legend + ": " + label, RemoveURL: searchURL(without(base, fl.name, fv.Value))})
			}
		}
		v.Groups = append(v.Groups, g)
	}
	if v.YearFrom != "" {
		v.Chips = append(v.Chips, chip{Label: "Dari tahun " + v.YearFrom, RemoveURL: searchURL(without(base, "year_from", ""))})
	}
	if v.YearTo != "" {
		v.Chips = append(v.Chips, chip{Label: "Sampai tahun " + v.YearTo, RemoveURL: searchURL(without(base, "year_to", ""))})
	}
	if len(v.Chips) > 0 {
		clear := url.Values{}
		if v.QueryInput != "" {
			clear.Set("q", v.QueryInput)
		}
		v.ClearURL = searchURL(clear)
	}

	// Pagination: as deep as the limits allow.
	last := int((res.Total + uint64(res.Size) - 1) / uint64(res.Size))
	last = min(last, s.cfg.Limits.PageDepth/res.Size, s.cfg.Limits.MaxPage)
	if last > 1 {
		link := func(n int) string {
			p := cloneValues(base)
			if n > 1 {
				p.Set("page", strconv.Itoa(n))
			}
			return searchURL(p)
		}
		if res.Page > 1 {
			v.PrevURL = link(res.Page - 1)
		}
		if res.Page < last {
			v.NextURL = link(res.Page + 1)
		}
		prevGap := false
		for n := 1; n <= last; n++ {
			if n == 1 || n == last || (n >= res.Page-2 && n <= res.Page+2) {
				v.Pages = append(v.Pages, pageLink{N: n, URL: link(n), Current: n == res.Page})
				prevGap = false
			} else if !prevGap {
				v.Pages = append(v.Pages, pageLink{Gap: true})
				prevGap = true
			}
		}
	}
	return v
}

func facetLegend(name string) string {
	for _, fl := range facetLegends {
		if fl.name == name {
			return fl.legend
		}
	}
	return name
}

func selectedOnly(vals []facet.Value) []facet.Value {
	var out []facet.Value
	for _, v := range vals {
		if v.Selected {
			out = append(out, v)
		}
	}
	return out
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

// without removes one value of a parameter (all of it when value is "");
// comma lists, which the API accepts, are split first.
func without(q url.Values, name, value string) url.Values {
	out := cloneValues(q)
	if value == "" {
		out.Del(name)
		return out
	}
	var keep []string
	for _, v := range out[name] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" && part != value {
				keep = append(keep, part)
			}
		}
	}
	out[name] = keep
	if len(keep) == 0 {
		out.Del(name)
	}
	return out
}

func (s *Server) hitView(h search.Hit) hitView {
	d := h.Doc
	hv := hitView{URL: d.Path(), Type: d.Type, TypeLabel: content.LabelOf(content.Types, d.Type),
		Institution: d.Institution, Year: d.Year, Awards: d.Awards, Published: d.Published}
	if d.Type == content.TypeInnovation {
		hv.Region = s.regionLabel(d.RegionCode)
	}
	if sec, ok := refdata.SectorBySlug(d.Sector); ok {
		hv.Sector = sec.Name
	}
	// Highlights are HTML built by the index from escaped text plus <mark>;
	// they are the only strings here trusted as HTML.
	if t := h.Highlights["title"]; t != "" {
		hv.Title = template.HTML(t)
	} else {
		hv.Title = template.HTML(template.HTMLEscapeString(d.Title))
	}
	switch {
	case h.Highlights["summary"] != "":
		hv.Snippet = template.HTML(h.Highlights["summary"])
	case h.Highlights["body"] != "":
		hv.Snippet = template.HTML(h.Highlights["body"])
	default:
		hv.Snippet = template.HTML(template.HTMLEscapeString(truncate(d.Summary, 240)))
	}
	if h.Section != nil && h.Section.Anchor != "" {
		hv.URL += "#" + url.PathEscape(h.Section.Anchor)
		hv.Section = h.Section.Heading
	}
	return hv
}

// truncate cuts s to at most n bytes at a word boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[:n]
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + " …"
}
