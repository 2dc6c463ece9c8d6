package server

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/hub"
)

// The public institution pages: every institution of the registry with
// its published innovations and its status counts.

type institutionRow struct {
	Inst      hub.Institution
	KindLabel string
	Province  string
	Published int
	URL       string
}

type institutionsView struct {
	Rows      []institutionRow
	Total     int
	Query     string
	Province  string
	Provinces []regionOption
	Kind      string
	Kinds     []content.Label
	OnlyWith  bool
	Pages     []pageLink
	Counted   int // institutions with a published innovation
}

func (s *Server) provinceName(code string) string {
	if p, ok := s.regions.Lookup(code); ok {
		return p.ShortName()
	}
	return "Nasional"
}

func (s *Server) webInstitutions(w http.ResponseWriter, r *http.Request) {
	if s.hub == nil {
		s.webError(w, r, http.StatusNotFound, "")
		return
	}
	q := r.URL.Query()
	v := institutionsView{Query: q.Get("q"), Province: q.Get("province"), Kind: q.Get("kind"), OnlyWith: q.Get("ada") == "1",
		Kinds: []content.Label{{Value: string(hub.KindProvince), Label: "Pemerintah provinsi"}, {Value: string(hub.KindRegency), Label: "Pemerintah kabupaten"},
			{Value: string(hub.KindCity), Label: "Pemerintah kota"}, {Value: string(hub.KindMinistry), Label: "Kementerian"}, {Value: string(hub.KindAgency), Label: "Lembaga"}}}
	v.Provinces = append(v.Provinces, regionOption{hub.ScopeCentral, "Kementerian dan lembaga"})
	for _, p := range s.regions.Provinces() {
		v.Provinces = append(v.Provinces, regionOption{p.Code, p.ShortName()})
	}
	published := s.hub.PublishedByInstitution()
	list, err := s.filterInstitutions(q, published)
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	for _, n := range published {
		if n > 0 {
			v.Counted++
		}
	}
	pg, size := webPage(r), 100
	v.Total = len(list)
	for _, in := range pageOf(list, pg, size) {
		v.Rows = append(v.Rows, institutionRow{Inst: in, KindLabel: hub.KindLabel(in.Kind), Province: s.provinceName(in.ProvinceCode),
			Published: published[in.Code], URL: institutionPath(in.Code)})
	}
	filters := url.Values{"q": {v.Query}, "province": {v.Province}, "kind": {v.Kind}}
	if v.OnlyWith {
		filters.Set("ada", "1")
	}
	v.Pages = pager(filters, "/instansi", pg, size, len(list))
	s.render(w, r, http.StatusOK, "institutions", page{Title: "Instansi",
		Description: "Daftar " + strconv.Itoa(s.hub.Registry().Len()) + " instansi — pemerintah daerah, kementerian, dan lembaga — beserta inovasi pelayanan publiknya.",
		Nav:         "instansi", Hub: true, Data: v})
}

type institutionView struct {
	Inst        hub.Institution
	KindLabel   string
	Province    string
	Stats       hub.InstitutionStats
	Docs        []content.Document
	Total       int
	Pages       []pageLink
	StaleDays   int
	Open        int // records being drafted, submitted or returned
	FormerNames string
}

func (s *Server) webInstitution(w http.ResponseWriter, r *http.Request) {
	code := mux.Vars(r)["kode"]
	in, ok := hub.Institution{}, false
	if s.hub != nil {
		in, ok = s.hub.Registry().Lookup(code)
	}
	if !ok {
		s.webError(w, r, http.StatusNotFound, "Instansi dengan kode itu tidak ada dalam daftar. Lihat daftar semua instansi.")
		return
	}
	v := institutionView{Inst: in, KindLabel: hub.KindLabel(in.Kind), Province: s.provinceName(in.ProvinceCode),
		Stats: s.hub.InstitutionStats(code), StaleDays: int(s.hub.StaleAfter().Hours() / 24)}
	v.Open = v.Stats.ByState[hub.StateDraft] + v.Stats.ByState[hub.StateSubmitted] + v.Stats.ByState[hub.StateReturned]
	for i, n := range in.FormerNames {
		if i > 0 {
			v.FormerNames += "; "
		}
		v.FormerNames += n
	}
	pub := s.publishedRecords(code)
	pg, size := webPage(r), 30
	ids := make([]string, 0, size)
	for _, sm := range pageOf(pub, pg, size) {
		ids = append(ids, sm.ID)
	}
	docs, err := s.store.GetMany(ids)
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v.Docs, v.Total = docs, len(pub)
	v.Pages = pager(url.Values{}, institutionPath(code), pg, size, len(pub))
	s.render(w, r, http.StatusOK, "institution", page{Title: in.Name,
		Description: in.Name + ": " + strconv.Itoa(v.Stats.Published) + " inovasi pelayanan publik terverifikasi di JIPPNAS.",
		Nav:         "instansi", Hub: true, Data: v})
}
