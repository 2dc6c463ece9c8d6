package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/refdata"
	"jippnas/index/search"
)

// The website is server-rendered from embedded templates; JavaScript only
// enhances it (type-ahead, results without a full reload).

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

const siteName = "JIPPNAS"

// webRoutes registers the public website. The catch-all at the end gives
// website visitors an HTML 404 while /api/ and /healthz keep their own.
func (s *Server) webRoutes(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	// Pages that search or compute similar documents share the API's slots.
	r.HandleFunc("/", s.gated(s.searchGate, s.webHome)).Methods(get...)
	r.HandleFunc("/cari", s.gated(s.searchGate, s.webSearch)).Methods(get...)
	r.HandleFunc("/inovasi/{id}", s.gated(s.similarGate, s.webInnovation)).Methods(get...)
	r.HandleFunc("/panduan", s.webGuides).Methods(get...)
	r.HandleFunc("/panduan/{slug}", s.webGuide).Methods(get...)
	r.HandleFunc("/berita", s.webNewsList).Methods(get...)
	r.HandleFunc("/berita/{slug}", s.webNews).Methods(get...)
	r.HandleFunc("/statistik", s.gated(s.searchGate, s.webStats)).Methods(get...)
	r.HandleFunc("/api", s.webAPI).Methods(get...)
	r.HandleFunc("/sitemap.xml", s.webSitemap).Methods(get...)
	r.HandleFunc("/robots.txt", s.webRobots).Methods(get...)
	r.HandleFunc("/opensearch.xml", s.webOpenSearch).Methods(get...)
	r.HandleFunc(feedPathInnovations, s.feedInnovations).Methods(get...)
	r.HandleFunc(feedPathNews, s.feedNews).Methods(get...)
	r.HandleFunc(embedPath, s.webEmbed).Methods(get...)
	r.HandleFunc(embedFramePath, s.webEmbedFrame).Methods(get...)
	r.HandleFunc(embedThemePath, s.embedTheme).Methods(get...)
	r.HandleFunc("/sematkan/widget.js", s.widgetAsset("widget.js")).Methods(get...)
	r.HandleFunc("/sematkan/widget.css", s.widgetAsset("widget.css")).Methods(get...)
	r.HandleFunc("/wawasan", s.webInsight).Methods(get...)
	r.HandleFunc("/privasi", s.webPrivacy).Methods(get...)
	r.HandleFunc("/data", s.webData).Methods(get...)
	r.HandleFunc("/data/katalog.jsonld", s.dataCatalog).Methods(get...)
	r.HandleFunc("/data/kamus-data.csv", s.dataDictionaryCSV).Methods(get...)
	r.HandleFunc("/data/{name}", s.dataDownload).Methods(get...)
	r.HandleFunc("/favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, assets.url("favicon.svg"), http.StatusMovedPermanently)
	}).Methods(get...)
	r.PathPrefix("/static/").HandlerFunc(serveStatic).Methods(get...)
	r.MatcherFunc(func(r *http.Request, _ *mux.RouteMatch) bool {
		p := r.URL.Path
		return p != "/healthz" && p != "/api/v1" && !strings.HasPrefix(p, "/api/v1/") &&
			(r.Method == http.MethodGet || r.Method == http.MethodHead)
	}).HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.webError(w, r, http.StatusNotFound, "")
	})
}

// page is what every template gets: the head metadata plus the page's own
// data in Data.
type page struct {
	Title       string // without the site name
	Description string
	Canonical   string // absolute URL with a public URL configured, else the path
	OGType      string
	Nav         string // active navigation item
	Query       string // shown in the header search box
	NoIndex     bool
	Base        string     // public site URL without trailing slash, "" when not configured
	Feeds       []feedLink // Atom feeds about this page (<link rel="alternate">)
	JSONLD      any        // schema.org description, encoded as JSON-LD
	Scripts     []string   // page-specific static scripts, after site.js
	Hub         bool       // a hub or institution page: loads hub.css
	Private     bool       // a signed-in page: never cached or stored
	Refresh     int        // reload the page after this many seconds (progress pages; works without script)
	Data        any
}

// ---- templates ----

var (
	tmplOnce sync.Once
	tmpls    map[string]*template.Template
	tmplErr  error
)

var monthsID = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
	"September", "Oktober", "November", "Desember"}

// dateID formats an RFC 3339 timestamp or a YYYY-MM-DD date the Indonesian
// way ("2 Januari 2025"); anything else is shown as it is.
func dateID(s string) string {
	var t time.Time
	var err error
	if len(s) == len(time.DateOnly) {
		t, err = time.Parse(time.DateOnly, s)
	} else {
		t, err = time.Parse(time.RFC3339, s)
	}
	if err != nil {
		return s
	}
	return strconv.Itoa(t.Day()) + " " + monthsID[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// numID groups thousands with dots, as Indonesian does.
func numID(n any) string {
	var v int64
	switch x := n.(type) {
	case int:
		v = int64(x)
	case uint64:
		v = int64(x)
	case int64:
		v = x
	default:
		return fmt.Sprint(n)
	}
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

var tmplFuncs = template.FuncMap{
	"asset":  func(name string) string { return assets.url(name) },
	"date":   dateID,
	"num":    numID,
	"docURL": content.Document.Path,
	"typeLabel": func(t string) string {
		return content.LabelOf(content.Types, t)
	},
	"sectorName": func(slug string) string {
		if sec, ok := refdata.SectorBySlug(slug); ok {
			return sec.Name
		}
		return slug
	},
	"sourceLabel": func(v string) string { return content.LabelOf(content.Sources, v) },
	"add":         func(a, b int) int { return a + b },
	"list":        func(v ...any) []any { return v },
	"trunc":       truncate,
	"crumb":       func(label, url string) crumb { return crumb{Label: label, URL: url} },
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, errors.New("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, errors.New("dict: key is not a string")
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
	"sub": func(a, b int) int { return a - b },
}

func loadTemplates() (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(tmplFuncs).Funcs(hubTmplFuncs).ParseFS(templateFS, "templates/layout.html", "templates/partials*.html", "templates/*_partials.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" || strings.HasPrefix(name, "partials") || strings.HasSuffix(name, "partials") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

func templates() (map[string]*template.Template, error) {
	tmplOnce.Do(func() { tmpls, tmplErr = loadTemplates() })
	return tmpls, tmplErr
}

// baseURL is the site's public URL without a trailing slash, or "" when
// none is configured: links are then relative. It never comes from the
// request (Host, X-Forwarded-Host): a forged header would otherwise end up
// in pages that caches keep and serve to everyone.
func (s *Server) baseURL() string {
	return strings.TrimRight(s.cfg.PublicURL, "/")
}

// render executes a page template into a buffer first, so that a template
// error becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	ts, err := templates()
	if err != nil {
		s.log.Error("templates", "err", err)
		http.Error(w, "Terjadi kesalahan pada server.", http.StatusInternalServerError)
		return
	}
	t, ok := ts[name]
	if !ok {
		s.log.Error("missing template", "name", name)
		http.Error(w, "Terjadi kesalahan pada server.", http.StatusInternalServerError)
		return
	}
	p.Base = s.baseURL()
	if p.Canonical == "" {
		p.Canonical = p.Base + r.URL.Path
	}
	if p.OGType == "" {
		p.OGType = "website"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render", "template", name, "err", err)
		if name != "error" {
			s.webError(w, r, http.StatusInternalServerError, "")
			return
		}
		http.Error(w, "Terjadi kesalahan pada server.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if p.Private {
		h.Set("Cache-Control", "no-store")
	} else if status == http.StatusOK {
		sum := sha256.Sum256(buf.Bytes())
		etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
		h.Set("ETag", etag)
		h.Set("Cache-Control", "no-cache")
		if matchETag(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else {
		h.Set("Cache-Control", "no-store")
	}
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// crumb is one step of a breadcrumb trail; the last has no URL.
type crumb struct{ Label, URL string }

// errorView is the data of the error page.
type errorView struct {
	Status  int
	Heading string
	Message string
	Query   string
}

// webError shows a friendly error page in Indonesian. msg, when given, is
// shown as the explanation (it is escaped like any text).
func (s *Server) webError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	v := errorView{Status: status}
	switch status {
	case http.StatusNotFound:
		v.Heading = "Halaman tidak ditemukan"
		if msg == "" {
			msg = "Halaman yang Anda cari tidak ada atau sudah dipindahkan. Coba cari inovasi atau panduan yang Anda perlukan."
		}
	case http.StatusBadRequest:
		v.Heading = "Permintaan tidak dapat diproses"
		if msg == "" {
			msg = "Alamat halaman berisi parameter yang tidak dapat kami pahami."
		}
	case http.StatusRequestEntityTooLarge:
		v.Heading = "Permintaan terlalu besar"
		msg = "Data yang dikirim melebihi batas yang diizinkan."
	case http.StatusTooManyRequests:
		v.Heading = "Terlalu banyak permintaan"
		msg = "Anda mengirim terlalu banyak permintaan dalam waktu singkat. Silakan tunggu sebentar, lalu coba lagi."
	case http.StatusServiceUnavailable:
		v.Heading = "Server sedang sibuk"
		msg = "Server sedang melayani banyak permintaan. Silakan coba lagi dalam beberapa detik."
	default:
		status = http.StatusInternalServerError
		v.Status = status
		v.Heading = "Terjadi kesalahan pada server"
		msg = "Maaf, halaman ini tidak dapat ditampilkan sekarang. Silakan coba beberapa saat lagi."
	}
	v.Message = msg
	s.render(w, r, status, "error", page{Title: v.Heading, Description: v.Message, NoIndex: true, Data: v})
}

// webFail answers an error with an error page; the status comes from
// statusOf, as for the API.
func (s *Server) webFail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	s.logFailure(r, status, err)
	if status == statusClientClosed {
		w.WriteHeader(status) // nobody is listening: no page
		return
	}
	if secs, ok := retryAfterSeconds(err); ok {
		w.Header().Set("Retry-After", secs)
	} else if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	msg := ""
	var pe *paramError
	if errors.As(err, &pe) {
		msg = s.paramMessage(pe)
	}
	s.webError(w, r, status, msg)
}

// paramNames are the Indonesian names of the search parameters.
var paramNames = map[string]string{
	"q": "kata kunci", "type": "jenis", "province": "provinsi", "region": "kabupaten/kota",
	"sector": "bidang", "year": "tahun", "source": "sumber", "award": "penghargaan", "stage": "tahap",
	"status": "status", "year_from": "tahun awal", "year_to": "tahun akhir", "page": "halaman",
	"size": "jumlah per halaman", "sort": "urutan", "cursor": "kursor", "facets": "facet",
	"understand": "pemahaman kata kunci", "no_understand": "pengecualian pemahaman kata kunci",
	"highlight": "penanda kata",
}

// paramMessage explains a bad search parameter in Indonesian.
func (s *Server) paramMessage(pe *paramError) string {
	name := paramNames[pe.param]
	if name == "" {
		name = pe.param
	}
	name = "“" + name + "”"
	switch {
	case pe.param == "q":
		return fmt.Sprintf("Kata kunci terlalu panjang (paling banyak %d karakter).", s.cfg.Limits.QueryLen)
	case pe.param == "year_from" && strings.Contains(pe.msg, "after"):
		return "Tahun awal tidak boleh lebih besar dari tahun akhir."
	case strings.Contains(pe.msg, "whole number"):
		return "Nilai " + name + " harus berupa angka."
	case strings.Contains(pe.msg, "between"):
		return "Nilai " + name + " di luar rentang yang diizinkan."
	case strings.Contains(pe.msg, "too deep"):
		return "Halaman yang diminta terlalu jauh. Persempit pencarian Anda dengan filter."
	case strings.Contains(pe.msg, "unknown value"):
		return "Nilai " + name + " tidak dikenal."
	}
	return "Nilai " + name + " tidak valid."
}

// searchURL builds a /cari link from parameters in a stable order.
func searchURL(q url.Values) string {
	if len(q) == 0 {
		return "/cari"
	}
	return "/cari?" + q.Encode()
}

// searchIn runs a search with the configured timeout.
func (s *Server) searchIn(ctx context.Context, req search.Request) (*search.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
	defer cancel()
	return s.search.Search(ctx, req)
}

// searchPage runs a website search and counts a first page in search
// insight (not the refinements of a query just counted); on error it has
// answered the request.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request, req search.Request) (*search.Result, bool) {
	res, err := s.searchIn(r.Context(), req)
	if err != nil {
		s.webFail(w, r, err)
		return nil, false
	}
	if req.Page <= 1 && !isRefinement(r.Referer(), req.Query) {
		s.insight.search(req.Query, res.Total)
	}
	return res, true
}

// regionLabel is "Kabupaten Banyuwangi, Jawa Timur" for a regency,
// "Jawa Timur" for a province and "Nasional" for a national agency.
func (s *Server) regionLabel(code string) string {
	if code == "" {
		return "Nasional"
	}
	reg, ok := s.regions.Lookup(code)
	if !ok {
		return code
	}
	if reg.IsProvince() {
		return "Provinsi " + reg.ShortName()
	}
	name := s.regions.DisplayName(code)
	if p, ok := s.regions.ProvinceOf(code); ok {
		name += ", " + p.ShortName()
	}
	return name
}
