package server

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"jippnas/content"
	"jippnas/content/refdata"
	"jippnas/index/facet"
	"jippnas/index/search"
)

// JIPPNAS search on other portals, two ways:
//
//   - /sematkan/widget.js, one <script> tag on the host page. It draws into
//     a shadow root with /sematkan/widget.css and calls /api/v1/search, so
//     the host's origin must be in --cors (the API's allow-list).
//   - /sematkan/bingkai, a page for an <iframe>, for sites that cannot add
//     scripts: server-rendered, works without JavaScript. Every other page
//     forbids framing (frame-ancestors 'none', X-Frame-Options DENY); this
//     one allows JIPPNAS itself and the same --cors origins, so that one
//     allow-list says who may embed JIPPNAS. The page only searches and
//     links out (to the top window): no form there changes anything, and
//     no session cookie is sent to a cross-site frame, so being framed
//     cannot be used to trick a visitor into an action.
//
// /sematkan shows both with a live preview and the snippets to copy.

const (
	embedPath       = "/sematkan"
	embedFramePath  = "/sematkan/bingkai"
	embedThemePath  = "/sematkan/tema.css"
	embedMaxSize    = 20
	embedOriginHint = "https://alamat-jippnas" // replaced in the browser when no --public-url is set
)

// embedOptions preset a widget.
type embedOptions struct {
	Province string
	Region   string
	Sector   string
	Size     int
	Primary  string // #rrggbb, "" for the default
}

var hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// parseEmbedOptions reads and checks the presets; a regency sets its
// province.
func (s *Server) parseEmbedOptions(q url.Values) (embedOptions, error) {
	o := embedOptions{Province: strings.TrimSpace(q.Get("province")), Region: strings.TrimSpace(q.Get("region")),
		Sector: strings.TrimSpace(q.Get("sector")), Primary: strings.TrimSpace(q.Get("primary"))}
	if o.Region != "" {
		if err := s.checkFilterValue(facet.Region, o.Region); err != nil {
			return o, err
		}
		reg, _ := s.regions.Lookup(o.Region)
		o.Province = reg.ParentCode
	}
	if o.Province != "" {
		if err := s.checkFilterValue(facet.Province, o.Province); err != nil {
			return o, err
		}
	}
	if o.Sector != "" {
		if err := s.checkFilterValue(facet.Sector, o.Sector); err != nil {
			return o, err
		}
	}
	var err error
	if o.Size, err = intParam(q, "size", 5, 1, embedMaxSize); err != nil {
		return o, err
	}
	if o.Primary != "" && !hexColor.MatchString(o.Primary) {
		return o, badParam("primary", "must be a colour #rrggbb")
	}
	o.Primary = strings.ToLower(o.Primary)
	return o, nil
}

// values are the presets as query parameters (theme and size included).
func (o embedOptions) values(withTheme bool) url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"province": o.Province, "region": o.Region, "sector": o.Sector} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if o.Size != 5 {
		v.Set("size", strconv.Itoa(o.Size))
	}
	if withTheme && o.Primary != "" {
		v.Set("primary", o.Primary)
	}
	return v
}

// scope names the presets in Indonesian: "Kota Surabaya, bidang Kesehatan".
func (s *Server) embedScope(o embedOptions) string {
	var parts []string
	switch {
	case o.Region != "":
		parts = append(parts, s.regions.DisplayName(o.Region))
	case o.Province != "":
		if p, ok := s.regions.Lookup(o.Province); ok {
			parts = append(parts, "Provinsi "+p.ShortName())
		}
	}
	if sec, ok := refdata.SectorBySlug(o.Sector); ok {
		parts = append(parts, "bidang "+sec.Name)
	}
	return strings.Join(parts, ", ")
}

// frameAncestors is the CSP source list of who may frame the iframe page.
func (s *Server) frameAncestors() string {
	if slices.Contains(s.cfg.CORSOrigins, "*") {
		return "*"
	}
	out := []string{"'self'"}
	for _, o := range s.cfg.CORSOrigins {
		// Only well-formed origins: the list goes into a header.
		if originPattern.MatchString(o) {
			out = append(out, o)
		}
	}
	return strings.Join(out, " ")
}

var originPattern = regexp.MustCompile(`^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$`)

// ---- the embed page ----

type embedRegionGroup struct {
	Province  refdata.Region
	Regencies []refdata.Region
}

type embedView struct {
	Options       embedOptions
	Scope         string
	Provinces     []refdata.Region
	RegionGroups  []embedRegionGroup
	Sectors       []refdata.Sector
	NeedsOrigin   bool // no --public-url: the snippets carry embedOriginHint
	ScriptSnippet string
	ThemeSnippet  string
	FrameSnippet  string
	CSPSnippet    string
	FrameURL      string
	ThemeURL      string
	PrimaryValue  string
}

func (s *Server) webEmbed(w http.ResponseWriter, r *http.Request) {
	o, err := s.parseEmbedOptions(r.URL.Query())
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	base := strings.TrimRight(s.cfg.PublicURL, "/")
	v := embedView{Options: o, Scope: s.embedScope(o), Provinces: s.regions.Provinces(), Sectors: refdata.Sectors(),
		NeedsOrigin: base == "", PrimaryValue: cmpOr(o.Primary, "#0b4f8a")}
	if base == "" {
		base = embedOriginHint
	}
	for _, p := range v.Provinces {
		v.RegionGroups = append(v.RegionGroups, embedRegionGroup{Province: p, Regencies: s.regions.RegenciesOf(p.Code)})
	}
	attrs := ""
	for _, kv := range [][2]string{{"province", o.Province}, {"region", o.Region}, {"sector", o.Sector}} {
		if kv[1] != "" {
			attrs += ` data-` + kv[0] + `="` + kv[1] + `"`
		}
	}
	if o.Size != 5 {
		attrs += ` data-size="` + strconv.Itoa(o.Size) + `"`
	}
	v.ScriptSnippet = `<script src="` + base + `/sematkan/widget.js"` + attrs + ` async></script>`
	v.ThemeSnippet = ".jippnas-widget {\n  --jippnas-primary: " + v.PrimaryValue + ";\n  --jippnas-radius: 8px;\n}"
	fv := o.values(true)
	v.FrameURL = embedFramePath
	if len(fv) > 0 {
		v.FrameURL += "?" + fv.Encode()
	}
	v.FrameSnippet = `<iframe src="` + template.HTMLEscapeString(base+v.FrameURL) +
		`" title="Pencarian inovasi JIPPNAS" width="100%" height="640" loading="lazy"></iframe>`
	v.CSPSnippet = "Content-Security-Policy: script-src 'self' " + base + "; style-src 'self' " + base +
		"; connect-src 'self' " + base + "; frame-src " + base
	if o.Primary != "" {
		v.ThemeURL = embedThemePath + "?" + url.Values{"primary": {o.Primary}}.Encode()
	}
	s.render(w, r, http.StatusOK, "embed", page{Title: "Pasang pencarian JIPPNAS di situs Anda",
		Description: "Tampilkan pencarian inovasi JIPPNAS untuk daerah atau bidang Anda di situs pemerintah daerah, cukup dengan satu baris kode.",
		Scripts:     []string{"sematkan.js"}, Data: v})
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// ---- the widget's files ----

// widgetAsset serves widget.js and widget.css under stable names that
// other sites link to: cached for an hour (not for ever, so that fixes
// reach them), and loadable from any origin.
func (s *Server) widgetAsset(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, ok := assets[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.ctype)
		h.Set("ETag", `"`+f.hash+`"`)
		h.Set("Cache-Control", "public, max-age=3600")
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		h.Set("Access-Control-Allow-Origin", "*")
		http.ServeContent(w, r, name, startTime, bytes.NewReader(f.data))
	}
}

// embedTheme is the stylesheet of a themed iframe: colours come as
// checked parameters, never as inline styles, which the CSP forbids.
func (s *Server) embedTheme(w http.ResponseWriter, r *http.Request) {
	o, err := s.parseEmbedOptions(r.URL.Query())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	css := "/* JIPPNAS widget theme */\n"
	if o.Primary != "" {
		css += ".jippnas-widget, .jw-page {\n  --jippnas-primary: " + o.Primary + ";\n}\n"
	}
	s.writeCached(w, r, "text/css; charset=utf-8", []byte(css), 86400)
}

// ---- the iframe page ----

type frameHit struct {
	URL, Title, Meta, Summary string
}

type frameView struct {
	Title     string
	Scope     string
	Label     string
	Query     string
	Hidden    url.Values
	Status    string
	Hits      []frameHit
	PrevURL   string
	NextURL   string
	AllURL    string
	ThemeURL  string
	InputID   string
	EmptyHint bool
}

func (s *Server) webEmbedFrame(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	o, err := s.parseEmbedOptions(q)
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	sq := o.values(false)
	sq.Del("size")
	sq.Set("type", content.TypeInnovation)
	query := strings.TrimSpace(q.Get("q"))
	if query != "" {
		sq.Set("q", query)
	}
	all := cloneValues(sq)
	if n := q.Get("page"); n != "" {
		sq.Set("page", n)
	}
	sq.Set("size", strconv.Itoa(o.Size))
	req, err := s.parseSearch(sq)
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	if req.Query == "" {
		req.Sort = search.SortNewest
	}
	req.NoFacets = true
	res, ok := s.searchPage(w, r, req)
	if !ok {
		return
	}
	scope := s.embedScope(o)
	v := frameView{Title: "Inovasi pelayanan publik", Scope: "Inovasi dari seluruh Indonesia.", Label: "Cari inovasi",
		Query: query, Hidden: o.values(true), InputID: "jw-q"}
	if scope != "" {
		v.Scope, v.Label = "Inovasi dari "+scope+".", "Cari inovasi "+scope
	}
	switch {
	case res.Total == 0 && query != "":
		v.Status = "Tidak ada inovasi yang cocok dengan “" + query + "”."
	case res.Total == 0:
		v.Status = "Belum ada inovasi."
	case query != "":
		v.Status = numID(res.Total) + " inovasi ditemukan untuk “" + query + "”."
	default:
		v.Status = "Inovasi terbaru (" + numID(res.Total) + " inovasi)."
	}
	for _, h := range res.Hits {
		d := h.Doc
		meta := []string{d.Institution, s.regionLabel(d.RegionCode)}
		if d.Year != 0 {
			meta = append(meta, strconv.Itoa(d.Year))
		}
		v.Hits = append(v.Hits, frameHit{URL: d.Path(), Title: d.Title, Meta: strings.Join(meta, " · "), Summary: truncate(d.Summary, 200)})
	}
	link := func(n int) string {
		p := o.values(true)
		if query != "" {
			p.Set("q", query)
		}
		if n > 1 {
			p.Set("page", strconv.Itoa(n))
		}
		return embedFramePath + "?" + p.Encode()
	}
	if res.Page > 1 {
		v.PrevURL = link(res.Page - 1)
	}
	if uint64(res.Page*res.Size) < res.Total && (res.Page+1)*res.Size <= s.cfg.Limits.PageDepth {
		v.NextURL = link(res.Page + 1)
	}
	v.AllURL = searchURL(all)
	if o.Primary != "" {
		v.ThemeURL = embedThemePath + "?" + url.Values{"primary": {o.Primary}}.Encode()
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors "+s.frameAncestors())
	h.Del("X-Frame-Options")
	s.render(w, r, http.StatusOK, "embed_frame", page{Title: "Pencarian inovasi JIPPNAS", NoIndex: true, Data: v})
}
