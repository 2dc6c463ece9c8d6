package server

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/hub"
	"jippnas/content/markdown"
	"jippnas/content/refdata"
	"jippnas/index/facet"
	"jippnas/index/search"
)

type innovationView struct {
	Doc         content.Document
	Regency     string
	Province    string
	RegionURL   string
	Sector      string
	SectorURL   string
	Stage       string
	Source      string
	SourceURL   string
	Status      string
	Validation  string
	Validated   bool
	Updated     string
	Body        template.HTML
	TOC         []markdown.Heading
	Similar     []similarView
	Guides      []content.Document
	GuidesMatch string // how the guides were chosen, for the heading note
	Hub         publicRecord
	ReportedBy  string     // "Kementerian PANRB — KIPP 2019; Kemendagri — IGA 2020"
	Provenance  []provView // with the fields each source gave, when there are several
}

type similarView struct {
	Doc    content.Document
	Region string
}

func (s *Server) webInnovation(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if !content.ValidID(id) {
		s.webError(w, r, http.StatusNotFound, "Inovasi yang Anda cari tidak ditemukan. Alamatnya mungkin salah ketik atau inovasi itu sudah dihapus.")
		return
	}
	d, err := s.store.Get(id)
	if errors.Is(err, content.ErrNotFound) {
		// A record merged into another: its visitors go to that one. A
		// merge can be undone, so the move is temporary and not cached (a
		// cached 301 kept browsers away from the record after an undo).
		if rec, ok := s.hubRecord(id); ok && rec.State == hub.StateMerged && rec.MergedInto != "" {
			w.Header().Set("Cache-Control", "no-cache")
			http.Redirect(w, r, content.Document{ID: rec.MergedInto, Type: content.TypeInnovation}.Path(), http.StatusFound)
			return
		}
		s.webError(w, r, http.StatusNotFound, "Inovasi yang Anda cari tidak ditemukan. Alamatnya mungkin salah ketik atau inovasi itu sudah dihapus.")
		return
	}
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	if d.Type != content.TypeInnovation {
		// A guide or news id: send the visitor to where it lives.
		http.Redirect(w, r, d.Path(), http.StatusMovedPermanently)
		return
	}
	ctx := r.Context()
	v := innovationView{Doc: d, Updated: dateID(d.UpdatedAt),
		Stage:      content.LabelOf(content.Stages, d.Stage),
		Source:     content.LabelOf(content.Sources, d.Source),
		Status:     content.LabelOf(content.Statuses, d.Status),
		Validation: content.LabelOf(content.ValidationStatuses, d.ValidationStatus),
		Validated:  d.ValidationStatus == "tervalidasi",
	}
	if d.Source != "" {
		v.SourceURL = searchURL(url.Values{"type": {content.TypeInnovation}, "source": {d.Source}})
	}
	v.Hub = s.publicRecord(d)
	v.ReportedBy = reportedBy(d)
	if len(d.Provenance) > 1 {
		v.Provenance = provenanceViews(d)
		for i := range v.Provenance {
			v.Provenance[i].Batch = "" // an internal reference, for the hub's pages
		}
	}
	if d.RegionCode == "" {
		v.Regency = "Nasional (kementerian/lembaga)"
	} else if reg, ok := s.regions.Lookup(d.RegionCode); ok {
		if !reg.IsProvince() {
			v.Regency = s.regions.DisplayName(d.RegionCode)
			v.RegionURL = searchURL(url.Values{"type": {content.TypeInnovation}, "province": {reg.ParentCode}, "region": {reg.Code}})
		} else {
			v.RegionURL = searchURL(url.Values{"type": {content.TypeInnovation}, "province": {reg.Code}})
		}
		if p, ok := s.regions.ProvinceOf(d.RegionCode); ok {
			v.Province = p.ShortName()
		}
	}
	if sec, ok := refdata.SectorBySlug(d.Sector); ok {
		v.Sector = sec.Name
		v.SectorURL = searchURL(url.Values{"type": {content.TypeInnovation}, "sector": {sec.Slug}})
	}
	if d.Body != "" {
		rd, err := s.cfg.Renderer.Render([]byte(d.Body))
		if err != nil {
			s.webFail(w, r, err)
			return
		}
		v.Body = template.HTML(rd.HTML) // goldmark with raw HTML off and unsafe links dropped
		v.TOC = tocOf(rd.TOC)
	}
	sim, err := s.similarFor(ctx, d, 5)
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	for _, sd := range sim {
		v.Similar = append(v.Similar, similarView{Doc: sd, Region: s.regionLabel(sd.RegionCode)})
	}
	if v.Guides, err = s.relatedGuides(ctx, d, 5); err != nil {
		s.webFail(w, r, err)
		return
	}
	desc := d.Summary
	if desc == "" {
		desc = d.Title + " — inovasi " + d.Institution
	}
	s.render(w, r, http.StatusOK, "innovation", page{Title: d.Title, Description: truncate(desc, 300),
		OGType: "article", Nav: "cari", JSONLD: s.ldInnovation(d), Data: v})
}

// tocOf keeps the level-2 and level-3 headings, which is what a reader
// navigates by.
func tocOf(toc []markdown.Heading) []markdown.Heading {
	var out []markdown.Heading
	for _, h := range toc {
		if h.Level == 2 || h.Level == 3 {
			out = append(out, h)
		}
	}
	return out
}

// relatedGuides are the guides that name d in their related list, then
// guides like its text (both from the index); failing that, guides of d's
// sector; failing that, guides that speak of the sector or the title's words.
func (s *Server) relatedGuides(ctx context.Context, d content.Document, n int) ([]content.Document, error) {
	var out []content.Document
	rel, err := s.similar.Related(ctx, d.ID, []string{content.TypeGuide}, n)
	if err != nil && !errors.Is(err, content.ErrNotFound) {
		return nil, err
	}
	for _, h := range rel {
		if h.Doc.Type == content.TypeGuide {
			out = append(out, h.Doc)
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	guides := facet.Filters{facet.Type: {content.TypeGuide}}
	if d.Sector != "" {
		f := facet.Filters{facet.Type: {content.TypeGuide}, facet.Sector: {d.Sector}}
		res, err := s.searchIn(ctx, search.Request{Filters: f, Size: n, NoFacets: true})
		if err != nil {
			return nil, err
		}
		if out = docsOf(res); len(out) > 0 {
			return out, nil
		}
	}
	var words []string
	if sec, ok := refdata.SectorBySlug(d.Sector); ok {
		words = titleWords(sec.Name, 4)
	}
	words = append(words, titleWords(d.Title, 6)...)
	if len(words) == 0 {
		return nil, nil
	}
	res, err := s.searchIn(ctx, search.Request{Query: strings.Join(words, " OR "), Filters: guides, Size: n, NoFacets: true})
	if err != nil {
		return nil, err
	}
	return docsOf(res), nil
}
