package server

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"jippnas/content"
	"jippnas/index/facet"
	"jippnas/index/search"
)

// staticPages are the fixed pages listed in the sitemap.
var staticPages = []string{"/", "/cari", "/panduan", "/berita", "/statistik", "/api", "/data", "/sematkan", "/privasi", "/instansi"}

// sitemapMax is the sitemap protocol's limit of URLs in one file.
const sitemapMax = 50000

// webSitemap lists every page. Its locations are absolute only with a
// public URL configured (search engines need that); without one they are
// paths, valid for nothing but a look.
func (s *Server) webSitemap(w http.ResponseWriter, r *http.Request) {
	base := s.baseURL()
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	if r.Method == http.MethodHead {
		return
	}
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	bw.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	entry := func(loc, lastmod string) {
		bw.WriteString("<url><loc>")
		xml.EscapeText(bw, []byte(base+loc))
		bw.WriteString("</loc>")
		if len(lastmod) >= 10 {
			bw.WriteString("<lastmod>" + lastmod[:10] + "</lastmod>")
		}
		bw.WriteString("</url>\n")
	}
	for _, p := range staticPages {
		entry(p, "")
	}
	n := len(staticPages)
	if s.hub != nil {
		// The institutions with verified innovations.
		published := s.hub.PublishedByInstitution()
		for _, in := range s.hub.Registry().All() {
			if published[in.Code] > 0 && n < sitemapMax {
				n++
				entry(institutionPath(in.Code), "")
			}
		}
	}
	_, err := s.store.Each(r.Context(), func(d content.Document) error {
		if n >= sitemapMax {
			return errSitemapFull
		}
		n++
		entry(d.Path(), d.UpdatedAt)
		return nil
	})
	if err != nil && err != errSitemapFull {
		// Headers are sent; end the document so it stays well-formed.
		s.log.Error("sitemap", "err", err)
	}
	bw.WriteString("</urlset>\n")
}

type sitemapFull struct{}

func (sitemapFull) Error() string { return "sitemap full" }

var errSitemapFull error = sitemapFull{}

func (s *Server) webRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	if r.Method == http.MethodHead {
		return
	}
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	// Result pages are endless combinations of filters; documents are in the sitemap.
	b.WriteString("Disallow: /cari\nDisallow: /api/v1/\n")
	if base := s.baseURL(); base != "" {
		// The directive needs an absolute URL.
		b.WriteString("Sitemap: " + base + "/sitemap.xml\n")
	}
	w.Write([]byte(b.String()))
}

type apiDocView struct {
	Base    string
	Example string
	Params  []apiParam
}

type apiParam struct {
	Name, Desc, Example string
}

var apiParams = []apiParam{
	{"q", "Kata kunci. Semua kata wajib ada; gunakan \"frasa persis\", -kata untuk mengecualikan, dan OR untuk alternatif.", "puskesmas keliling"},
	{"type", "Jenis dokumen: innovation, guide, news. Dapat diulang atau dipisah koma.", "innovation"},
	{"province", "Kode provinsi Kemendagri (lihat /api/v1/regions).", "35"},
	{"region", "Kode kabupaten/kota Kemendagri.", "35.10"},
	{"sector", "Slug bidang urusan (lihat /api/v1/sectors).", "kesehatan"},
	{"year", "Tahun inovasi (nilai persis).", "2019"},
	{"year_from, year_to", "Rentang tahun inovasi, inklusif.", "2018, 2022"},
	{"source", "Sumber data: panrb, kemendagri, lan, jippnas.", "panrb"},
	{"award", "Nama penghargaan persis.", "Top 45 KIPP 2019"},
	{"stage", "Tahap: inisiatif, uji-coba, penerapan.", "penerapan"},
	{"status", "Status: berlanjut, berhenti.", "berlanjut"},
	{"sort", "Urutan: relevance (bawaan), newest, year.", "newest"},
	{"page, size", "", "2, 20"}, // described from the limits in webAPI
	{"cursor", "Lanjutan setelah hasil terakhir (dari next_cursor), untuk menelusuri lebih dalam.", ""},
	{"facets", "Facet yang dihitung, dipisah koma, atau none.", "province,sector"},
	{"understand", "Membaca wilayah, bidang, dan tahun dari kata kunci sebagai filter (bawaan true); daftarnya ada di applied_filters.", "false"},
	{"no_understand", "Facet yang tidak dibaca dari kata kunci, misalnya agar “kesehatan” tetap dicari sebagai kata.", "sector"},
	{"highlight", "Cuplikan dengan kata yang cocok ditandai (bawaan true); false mengembalikan hasil tanpa highlights, lebih cepat bagi portal yang hanya memerlukan daftar.", "false"},
}

func (s *Server) webAPI(w http.ResponseWriter, r *http.Request) {
	base := s.baseURL()
	if base == "" {
		base = "https://ALAMAT-JIPPNAS" // no public URL configured: a placeholder, never the Host header
	}
	lim := s.cfg.Limits
	params := slices.Clone(apiParams)
	for i, p := range params {
		if p.Name == "page, size" {
			params[i].Desc = fmt.Sprintf("Halaman (mulai 1, maks. %d) dan jumlah hasil per halaman (maks. %d; page × size ≤ %d). Nilai di luar batas ditolak (400).",
				lim.MaxPage, lim.PageSize, lim.PageDepth)
		}
	}
	v := apiDocView{Base: base, Params: params}
	// The example is a real answer of this server, so it never drifts from
	// the API.
	res, err := s.searchIn(r.Context(), search.Request{Filters: facet.Filters{facet.Type: {content.TypeInnovation}},
		Sort: search.SortNewest, Size: 1, Facets: []string{facet.Source}})
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	resp := searchResponse{Total: res.Total, Page: res.Page, Size: res.Size, Hits: []hitJSON{}, Facets: res.Facets,
		NextCursor: res.NextCursor}
	for _, h := range res.Hits {
		hj := s.hitJSON(h.Doc)
		hj.Score, hj.Highlights = h.Score, h.Highlights
		resp.Hits = append(resp.Hits, hj)
	}
	b, _ := json.MarshalIndent(resp, "", "  ")
	v.Example = string(b)
	s.render(w, r, http.StatusOK, "api", page{Title: "API pencarian untuk portal lain",
		Description: "Cara portal pemerintah lain memakai API pencarian JIPPNAS: parameter, contoh curl, dan contoh jawaban JSON.",
		Nav:         "api", Data: v})
}
