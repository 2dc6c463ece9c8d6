package server

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/hub"
)

// stateCount is one status with its count, for the dashboard cards.
type stateCount struct {
	State string
	Label string
	Count int
	URL   string
}

type dashboardView struct {
	hubView
	Inst      hub.Institution
	KindLabel string
	Stats     hub.InstitutionStats
	States    []stateCount
	Stale     []summaryView
	Returned  []summaryView
	Recent    []summaryView
	Audit     []auditView
	StaleDays int
	CanCreate bool
	Own       bool
}

// institutionDashboard is an institution's dashboard: counts by status,
// the records that need pemutakhiran, those returned with comments.
func (s *Server) institutionDashboard(w http.ResponseWriter, r *http.Request, u *webUser, code string) {
	in, ok := s.hub.Registry().Lookup(code)
	if !ok {
		s.hubFail(w, r, u, content.ErrNotFound, "/hub")
		return
	}
	if err := s.canSeeInstitution(u.actor, in); err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return
	}
	own := u.actor.Account.Institution == code
	section := "dasbor"
	if !own {
		section = "nasional"
	}
	v := dashboardView{hubView: s.hubView(u, section), Inst: in, KindLabel: hub.KindLabel(in.Kind), Stats: s.hub.InstitutionStats(code),
		StaleDays: int(s.hub.StaleAfter().Hours() / 24), Own: own,
		CanCreate: canCreate(u.actor) && (own || u.actor.Account.Role == hub.RoleAdmin)}
	v.Flash = flash(r)
	for _, l := range hub.States {
		if hub.State(l.Value).Gone() {
			continue
		}
		q := url.Values{"status": {l.Value}}
		if !own {
			q.Set("instansi", code)
		}
		v.States = append(v.States, stateCount{State: l.Value, Label: l.Label, Count: v.Stats.ByState[hub.State(l.Value)], URL: "/hub/inovasi?" + q.Encode()})
	}
	v.Stale = s.summaryViews(s.hub.Records(hub.RecordQuery{Institution: code, Stale: true}))
	v.Returned = s.summaryViews(s.hub.Records(hub.RecordQuery{Institution: code, States: []hub.State{hub.StateReturned}}))
	recent := s.hub.Records(hub.RecordQuery{Institution: code})
	v.Recent = s.summaryViews(recent[:min(len(recent), 10)])
	entries, err := s.hub.Audit(hub.AuditQuery{Institution: code, Limit: 10})
	if err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return
	}
	v.Audit = s.auditViews(entries)
	s.render(w, r, http.StatusOK, "hub_dashboard", page{Title: "Dasbor " + in.ShortName, NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

func (s *Server) webHubInstitution(w http.ResponseWriter, r *http.Request, u *webUser) {
	s.institutionDashboard(w, r, u, mux.Vars(r)["kode"])
}

type queueView struct {
	hubView
	Records []summaryView
	Scope   string
}

// webHubQueue is the verifier's queue: submitted records within its scope,
// the longest waiting first.
func (s *Server) webHubQueue(w http.ResponseWriter, r *http.Request, u *webUser) {
	if u.actor.Account.Role == hub.RoleEditor {
		s.hubFail(w, r, u, hub.ErrForbidden, "/hub")
		return
	}
	list := s.hub.Records(hub.RecordQuery{States: []hub.State{hub.StateSubmitted}, Actor: &u.actor, Action: hub.ActVerify})
	slices.Reverse(list)
	v := queueView{hubView: s.hubView(u, "verifikasi"), Records: s.summaryViews(list), Scope: s.scopeLabel(u.actor.Account)}
	v.Flash = flash(r)
	s.render(w, r, http.StatusOK, "hub_queue", page{Title: "Antrean verifikasi", NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

// scopeLabel describes a verifier's scope in Indonesian.
func (s *Server) scopeLabel(a hub.Account) string {
	if a.Role != hub.RoleVerifier {
		return "seluruh Indonesia"
	}
	var parts []string
	if len(a.Sources) > 0 {
		var src []string
		for _, v := range a.Sources {
			src = append(src, content.LabelOf(content.Sources, v))
		}
		parts = append(parts, "sumber "+strings.Join(src, ", "))
	}
	if len(a.Provinces) > 0 {
		var names []string
		for _, p := range a.Provinces {
			if p == hub.ScopeCentral {
				names = append(names, "kementerian dan lembaga")
			} else if reg, ok := s.regions.Lookup(p); ok {
				names = append(names, reg.ShortName())
			}
		}
		parts = append(parts, "wilayah "+strings.Join(names, ", "))
	}
	if len(parts) == 0 {
		return "seluruh Indonesia"
	}
	return strings.Join(parts, "; ")
}

type nationalView struct {
	hubView
	Totals    nationalTotals
	Rows      []hub.InstitutionStats
	Areas     []hub.AreaStats
	Rank      string
	Ranks     []content.Label
	Province  string
	Provinces []regionOption
	Kind      string
	Kinds     []content.Label
	Pages     []pageLink
	StaleDays int
	CSV       string
	// The province map shows one measure of Areas; MapSwitch links to the
	// other one.
	Map                 *provinceMap
	MapTitle, MapSwitch string
	MapSwitchLabel      string
}

type nationalTotals struct {
	Institutions, WithRecords, Records, Published, Stale, Returned, Submitted int
	Unmapped                                                                  int // records without an institution
}

// webHubNational is the national dashboard: institutions ranked by
// completeness and staleness, figures per province, and the list of
// institutions to remind.
func (s *Server) webHubNational(w http.ResponseWriter, r *http.Request, u *webUser) {
	if err := hub.Authorize(u.actor, hub.ActOverview, hub.Target{}); err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return
	}
	q := r.URL.Query()
	rank, err := parseRank(url.Values{"rank": {q.Get("urut")}})
	if err != nil {
		rank = hub.RankStale
	}
	all := s.hub.NationalStats(rank)
	v := nationalView{hubView: s.hubView(u, "nasional"), Areas: s.hub.AreaStats(all), Rank: string(rank),
		Province: q.Get("provinsi"), Kind: q.Get("jenis"), StaleDays: int(s.hub.StaleAfter().Hours() / 24),
		Ranks: []content.Label{{Value: string(hub.RankStale), Label: "Paling perlu pemutakhiran"},
			{Value: string(hub.RankCompleteness), Label: "Paling lengkap"}, {Value: string(hub.RankRecords), Label: "Jumlah inovasi"},
			{Value: string(hub.RankName), Label: "Nama"}},
		Kinds: []content.Label{{Value: string(hub.KindProvince), Label: "Pemerintah provinsi"}, {Value: string(hub.KindRegency), Label: "Pemerintah kabupaten"},
			{Value: string(hub.KindCity), Label: "Pemerintah kota"}, {Value: string(hub.KindMinistry), Label: "Kementerian"}, {Value: string(hub.KindAgency), Label: "Lembaga"}}}
	v.Provinces = append(v.Provinces, regionOption{hub.ScopeCentral, "Kementerian dan lembaga"})
	for _, p := range s.regions.Provinces() {
		v.Provinces = append(v.Provinces, regionOption{p.Code, p.ShortName()})
	}
	rows := all[:0:0]
	for _, st := range all {
		v.Totals.Institutions++
		if st.Records > 0 {
			v.Totals.WithRecords++
		}
		v.Totals.Records += st.Records
		v.Totals.Published += st.Published
		v.Totals.Stale += st.Stale
		v.Totals.Returned += st.ByState[hub.StateReturned]
		v.Totals.Submitted += st.ByState[hub.StateSubmitted]
		in := st.Institution
		switch {
		case v.Kind != "" && string(in.Kind) != v.Kind:
		case v.Province == hub.ScopeCentral && in.Local():
		case v.Province != "" && v.Province != hub.ScopeCentral && in.ProvinceCode != v.Province:
		default:
			rows = append(rows, st)
		}
	}
	v.Totals.Unmapped = len(s.hub.Unmapped())
	if v.Map, err = s.nationalMap(&v, q.Get("peta")); err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return
	}
	pg, size := webPage(r), 50
	v.Rows = pageOf(rows, pg, size)
	filters := url.Values{"urut": {v.Rank}, "provinsi": {v.Province}, "jenis": {v.Kind}}
	v.Pages = pager(filters, "/hub/nasional", pg, size, len(rows))
	if hub.Can(u.actor, hub.ActManage, hub.Target{}) {
		v.CSV = "/hub/nasional/pengingat.csv"
	}
	s.render(w, r, http.StatusOK, "hub_national", page{Title: "Dasbor nasional", NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

// webHubReminderCSV exports the institutions to remind (no record at all,
// records needing pemutakhiran, or records returned) with the e-mail
// addresses of their pengelola. Admins only: it lists people.
func (s *Server) webHubReminderCSV(w http.ResponseWriter, r *http.Request, u *webUser) {
	if err := hub.Authorize(u.actor, hub.ActManage, hub.Target{}); err != nil {
		s.hubFail(w, r, u, err, "/hub/nasional")
		return
	}
	accounts, err := s.hub.Accounts()
	if err != nil {
		s.hubFail(w, r, u, err, "/hub/nasional")
		return
	}
	editors := map[string][]string{}
	for _, a := range accounts {
		if a.Role == hub.RoleEditor && !a.Disabled {
			editors[a.Institution] = append(editors[a.Institution], a.Email)
		}
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="jippnas-instansi-perlu-diingatkan.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	cw.Write([]string{"kode", "instansi", "jenis", "provinsi", "inovasi", "terverifikasi", "perlu_pemutakhiran", "perlu_perbaikan",
		"draf", "diajukan", "kelengkapan_rata2", "pembaruan_terakhir", "email_pengelola"})
	for _, st := range s.hub.NationalStats(hub.RankStale) {
		if !st.NeedsReminder() {
			continue
		}
		in := st.Institution
		province := "Kementerian/lembaga"
		if p, ok := s.regions.Lookup(in.ProvinceCode); ok {
			province = p.ShortName()
		}
		last := ""
		if !st.LastUpdate.IsZero() {
			last = st.LastUpdate.Format("2006-01-02")
		}
		cw.Write([]string{in.Code, in.Name, hub.KindLabel(in.Kind), province, strconv.Itoa(st.Records), strconv.Itoa(st.Published),
			strconv.Itoa(st.Stale), strconv.Itoa(st.ByState[hub.StateReturned]), strconv.Itoa(st.ByState[hub.StateDraft]),
			strconv.Itoa(st.ByState[hub.StateSubmitted]), strconv.Itoa(st.Completeness), last, strings.Join(editors[in.Code], " ")})
	}
	cw.Flush()
}

// nationalMap draws the provinces of the national dashboard by the share
// of their published records that need pemutakhiran (default) or by the
// average completeness of their records ("kelengkapan"). Provinces
// without published records have no value.
func (s *Server) nationalMap(v *nationalView, measure string) (*provinceMap, error) {
	values := map[string]int{}
	legend := "Perlu pemutakhiran (% inovasi terverifikasi)"
	v.MapTitle = "Bagian inovasi yang perlu pemutakhiran di setiap provinsi"
	v.MapSwitch, v.MapSwitchLabel = "/hub/nasional?peta=kelengkapan#per-provinsi", "Tampilkan kelengkapan data"
	if measure == "kelengkapan" {
		legend = "Kelengkapan rata-rata (%)"
		v.MapTitle = "Kelengkapan rata-rata data inovasi di setiap provinsi"
		v.MapSwitch, v.MapSwitchLabel = "/hub/nasional#per-provinsi", "Tampilkan kebutuhan pemutakhiran"
	}
	for _, a := range v.Areas {
		switch {
		case a.Code == hub.ScopeCentral || a.Records == 0:
		case measure == "kelengkapan":
			values[a.Code] = a.Completeness
		case a.Published > 0:
			values[a.Code] = a.StaleShare()
		}
	}
	return s.provinceMap(values, legend, func(code string) string { return "/hub/nasional?provinsi=" + url.QueryEscape(code) })
}
