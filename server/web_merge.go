package server

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/hub"
)

// The merge queue on the website (/hub/gabung): pairs the duplicate
// detector proposes across programmes, import rows held back because the
// hub changed their record, and the merges made. Admins and verifiers
// (within their scope) compare two records side by side, choose field by
// field, merge or mark "bukan duplikat", and undo a merge. Every form
// carries the session's CSRF token and the versions it was made from.

func (s *Server) mergeWebRoutes(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	post := http.MethodPost
	r.HandleFunc("/hub/gabung", s.hubPage(s.webMergeQueue)).Methods(get...)
	r.HandleFunc("/hub/gabung/pindai", s.hubPage(s.webScan)).Methods(post)
	r.HandleFunc("/hub/gabung/bandingkan", s.hubPage(s.webCompare)).Methods(get...)
	r.HandleFunc("/hub/gabung/gabungkan", s.hubPage(s.webMerge)).Methods(post)
	r.HandleFunc("/hub/gabung/bukan-duplikat", s.hubPage(s.webNotDuplicate)).Methods(post)
	r.HandleFunc("/hub/gabung/riwayat/{id}", s.hubPage(s.webMergeRecord)).Methods(get...)
	r.HandleFunc("/hub/gabung/riwayat/{id}/batalkan", s.hubPage(s.webUnmerge)).Methods(post)
	r.HandleFunc("/hub/gabung/konflik/{id}", s.hubPage(s.webConflict)).Methods(get...)
	r.HandleFunc("/hub/gabung/konflik/{id}/{aksi}", s.hubPage(s.webSettleConflict)).Methods(post)
}

// mergeFlashes are the messages after a merge queue action.
var mergeFlashes = map[string]string{
	"digabung":        "Data digabung. Inovasi utama kini memuat pilihan Anda dan sumber keduanya; data kedua tidak lagi tampil di situs publik, tetapi seluruh riwayatnya tetap tersimpan.",
	"dibatalkan":      "Penggabungan dibatalkan. Kedua inovasi kembali seperti sebelum digabung.",
	"bukan-duplikat":  "Pasangan ditandai bukan duplikat dan tidak akan diusulkan lagi.",
	"dipindai":        "Pemindaian data ganda dimulai. Daftar usulan diperbarui setelah selesai.",
	"konflik-selesai": "Konflik impor diselesaikan: pilihan Anda diterbitkan sebagai revisi baru.",
	"konflik-abaikan": "Data impor diabaikan; isi di hub dipertahankan.",
}

// provView is one provenance entry as pages show it.
type provView struct {
	Label  string
	Fields string // the fields it gave, after a merge
	Record string
	Batch  string
	At     string
	Hub    bool
}

// provenanceViews lists where a document came from.
func provenanceViews(d content.Document) []provView {
	var out []provView
	for _, p := range d.ProvenanceOrDefault() {
		v := provView{Label: p.Label(), Record: p.Record, Batch: p.Batch, At: dateID(p.At), Hub: p.Source == content.SourceJIPPNAS && p.Batch == ""}
		labels := make([]string, len(p.Fields))
		for i, f := range p.Fields {
			labels[i] = strings.ToLower(hub.FieldLabel(f))
		}
		v.Fields = strings.Join(labels, ", ")
		out = append(out, v)
	}
	return out
}

// reportedBy is the profile's line "Kementerian PANRB — KIPP 2019;
// Kemendagri — IGA 2020".
func reportedBy(d content.Document) string {
	var parts []string
	for _, p := range d.ProvenanceOrDefault() {
		if l := p.Label(); !slices.Contains(parts, l) {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, "; ")
}

// ---- the queue ----

type proposalRow struct {
	hub.Proposal
	Percent      int
	FirstSource  string
	SecondSource string
	Institution  string
	URL          string
}

type conflictRow struct {
	hub.ConflictView
	Reason string
	At     string
	URL    string
}

type mergeRow struct {
	hub.MergeRecord
	CanonicalTitle string
	SecondaryTitle string
	At             string
	URL            string
}

type mergeQueueView struct {
	hubView
	Pairs      []proposalRow
	Total      int
	Pages      []pageLink
	Conflicts  []conflictRow
	Merges     []mergeRow
	Scanning   bool
	ScanAt     string
	ScanFailed bool
}

// mergeActor lets only admins and verifiers into the queue's pages.
func (s *Server) mergeActor(w http.ResponseWriter, r *http.Request, u *webUser) bool {
	if err := canMerge(u.actor); err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return false
	}
	return true
}

func (s *Server) webMergeQueue(w http.ResponseWriter, r *http.Request, u *webUser) {
	if !s.mergeActor(w, r, u) {
		return
	}
	s.ensureScanned()
	props, err := s.hub.Proposals(u.actor)
	if err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return
	}
	v := mergeQueueView{hubView: s.hubView(u, "gabung"), Total: len(props), Scanning: s.bg.isRunning(taskDupScan), ScanAt: dateTimeID(s.hub.DuplicateScanAt()),
		ScanFailed: s.scanFailed.Load()}
	v.Flash = mergeFlashes[r.URL.Query().Get("pesan")]
	pg, size := webPage(r), 30
	for _, p := range pageOf(props, pg, size) {
		row := proposalRow{Proposal: p, Percent: int(p.Score*100 + 0.5), FirstSource: content.LabelOf(content.Sources, p.First.Source),
			SecondSource: content.LabelOf(content.Sources, p.Second.Source), URL: comparePath(p.First.ID, p.Second.ID)}
		if in, ok := s.hub.Registry().Lookup(p.First.Institution); ok {
			row.Institution = in.ShortName
		}
		v.Pairs = append(v.Pairs, row)
	}
	v.Pages = pager(url.Values{}, "/hub/gabung", pg, size, len(props))
	conflicts, err := s.hub.Conflicts(u.actor)
	if err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return
	}
	for _, c := range conflicts {
		v.Conflicts = append(v.Conflicts, conflictRow{ConflictView: c, Reason: content.LabelOf(hub.ConflictReasons, c.Reason), At: dateTimeID(c.At), URL: conflictPath(c.Record)})
	}
	merges, err := s.hub.Merges(u.actor, "", 20)
	if err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return
	}
	for _, m := range merges {
		v.Merges = append(v.Merges, s.mergeRow(m))
	}
	p := page{Title: "Gabung data ganda", NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v}
	if v.Scanning {
		p.Refresh = 3
	}
	s.render(w, r, http.StatusOK, "hub_merge_queue", p)
}

func (s *Server) mergeRow(m hub.MergeRecord) mergeRow {
	row := mergeRow{MergeRecord: m, At: dateTimeID(m.At), URL: mergePath(m.ID)}
	if rec, ok := s.hub.Record(m.Canonical); ok {
		row.CanonicalTitle = rec.Title
	}
	if rec, ok := s.hub.Record(m.Secondary); ok {
		row.SecondaryTitle = rec.Title
	}
	return row
}

func (s *Server) webScan(w http.ResponseWriter, r *http.Request, u *webUser) {
	if !s.mergeActor(w, r, u) {
		return
	}
	s.startScan()
	http.Redirect(w, r, "/hub/gabung?pesan=dipindai", http.StatusSeeOther)
}

// ---- side by side ----

// compareSide is one of the two records on the compare page.
type compareSide struct {
	Rec        hub.Record
	Doc        content.Document
	Source     string
	Owner      string
	Provenance []provView
	PublicURL  string
}

// compareRow is one field of the compare and conflict pages.
type compareRow struct {
	Field  string
	Label  string
	A, B   string
	Same   bool
	List   bool
	Choice string // the radio checked by default
}

// compareRows lists the merge fields of two documents, with the value to
// keep by default: a's, b's where a has none, both lists where both differ.
func compareRows(a, b content.Document) []compareRow {
	var out []compareRow
	for _, f := range hub.MergeFields() {
		row := compareRow{Field: f.Name, Label: f.Label, A: hub.FieldValue(f.Name, a), B: hub.FieldValue(f.Name, b), List: f.List}
		row.Same = row.A == row.B
		switch {
		case row.Same || row.B == "":
			row.Choice = hub.ChooseCanonical
		case row.A == "":
			row.Choice = hub.ChooseSecondary
		case f.List:
			row.Choice = hub.ChooseBoth
		default:
			row.Choice = hub.ChooseCanonical
		}
		out = append(out, row)
	}
	return out
}

type compareView struct {
	hubView
	A, B    compareSide
	Rows    []compareRow
	Blocked string
	SwapURL string
	NotDup  bool
	Percent int
}

func (s *Server) compareSide(rec hub.Record, d content.Document) compareSide {
	cs := compareSide{Rec: rec, Doc: d, Source: content.LabelOf(content.Sources, d.Source), Provenance: provenanceViews(d)}
	if in, ok := s.hub.Registry().Lookup(rec.Institution); ok {
		cs.Owner = in.Name
	}
	if rec.PublishedRevision > 0 && !rec.State.Gone() {
		cs.PublicURL = d.Path()
	}
	return cs
}

// blockedReason says why a record cannot be merged now ("" if it can).
func blockedReason(rec hub.Record) string {
	switch {
	case rec.State.Gone():
		return rec.ID + " sudah " + strings.ToLower(content.LabelOf(hub.States, string(rec.State))) + "."
	case rec.State != hub.StateVerified || rec.Revision != rec.PublishedRevision:
		return rec.ID + " memiliki perubahan yang belum diverifikasi (" + content.LabelOf(hub.States, string(rec.State)) + "). Selesaikan verifikasinya lebih dulu."
	}
	return ""
}

func (s *Server) webCompare(w http.ResponseWriter, r *http.Request, u *webUser) {
	if !s.mergeActor(w, r, u) {
		return
	}
	q := r.URL.Query()
	a, b := q.Get("utama"), q.Get("kedua")
	if !content.ValidID(a) || !content.ValidID(b) || a == b {
		s.hubMessage(w, r, u, http.StatusBadRequest, "Pasangan tidak lengkap", "Pilih dua inovasi yang berbeda dari daftar usulan.", "/hub/gabung")
		return
	}
	ra, da, err := s.hub.Get(u.actor, a)
	if err == nil {
		err = hub.Authorize(u.actor, hub.ActMerge, ra.Target())
	}
	if err != nil {
		s.hubFail(w, r, u, err, "/hub/gabung")
		return
	}
	rb, db, err := s.hub.Get(u.actor, b)
	if err == nil {
		err = hub.Authorize(u.actor, hub.ActMerge, rb.Target())
	}
	if err != nil {
		s.hubFail(w, r, u, err, "/hub/gabung")
		return
	}
	v := compareView{hubView: s.hubView(u, "gabung"), A: s.compareSide(ra, da), B: s.compareSide(rb, db), Rows: compareRows(da, db),
		SwapURL: comparePath(b, a), NotDup: s.hub.IsNotDuplicate(a, b)}
	v.Blocked = blockedReason(ra) + blockedReason(rb)
	if props, err := s.hub.Proposals(u.actor); err == nil {
		for _, p := range props {
			if p.A == min(a, b) && p.B == max(a, b) {
				v.Percent = int(p.Score*100 + 0.5)
			}
		}
	}
	s.render(w, r, http.StatusOK, "hub_merge_compare", page{Title: "Bandingkan: " + da.Title, NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

// formChoices reads the per-field choices of a merge or conflict form
// (pilih_FIELD).
func formChoices(r *http.Request) map[string]string {
	out := map[string]string{}
	for _, f := range hub.MergeFields() {
		if v := r.PostFormValue("pilih_" + f.Name); v != "" {
			out[f.Name] = v
		}
	}
	return out
}

func formVersion(r *http.Request, name string) uint64 {
	n, _ := strconv.ParseUint(r.PostFormValue(name), 10, 64)
	return n
}

func (s *Server) webMerge(w http.ResponseWriter, r *http.Request, u *webUser) {
	if !s.mergeActor(w, r, u) {
		return
	}
	req := hub.MergeRequest{Canonical: r.PostFormValue("utama"), CanonicalVersion: formVersion(r, "versi_utama"),
		Secondary: r.PostFormValue("kedua"), SecondaryVersion: formVersion(r, "versi_kedua"), Fields: formChoices(r), Comment: r.PostFormValue("catatan")}
	back := comparePath(req.Canonical, req.Secondary)
	m, err := s.hub.Merge(u.actor, req)
	if err != nil {
		s.mergeFail(w, r, u, err, back)
		return
	}
	s.afterMerge(m)
	http.Redirect(w, r, mergePath(m.ID)+"?pesan=digabung", http.StatusSeeOther)
}

// mergeFail explains a refused merge queue action.
func (s *Server) mergeFail(w http.ResponseWriter, r *http.Request, u *webUser, err error, back string) {
	switch {
	case errors.Is(err, hub.ErrStale):
		s.hubMessage(w, r, u, http.StatusConflict, "Data telah berubah",
			"Salah satu inovasi telah diubah sejak halaman perbandingan dibuka, sehingga tidak ada yang digabung atau diubah. Buka kembali perbandingannya untuk melihat versi terbaru.", back)
	case errors.Is(err, content.ErrConflict):
		s.hubMessage(w, r, u, http.StatusConflict, "Langkah tidak dapat dijalankan",
			"Inovasi dalam keadaan yang tidak memungkinkan langkah ini (misalnya ada perubahan yang belum diverifikasi, sudah digabung, atau penggabungan sudah dibatalkan). Tidak ada yang diubah.", back)
	default:
		s.hubFail(w, r, u, err, back)
	}
}

func (s *Server) webNotDuplicate(w http.ResponseWriter, r *http.Request, u *webUser) {
	if !s.mergeActor(w, r, u) {
		return
	}
	a, b := r.PostFormValue("a"), r.PostFormValue("b")
	if _, err := s.hub.MarkNotDuplicate(u.actor, a, b, r.PostFormValue("catatan")); err != nil {
		s.mergeFail(w, r, u, err, comparePath(a, b))
		return
	}
	http.Redirect(w, r, "/hub/gabung?pesan=bukan-duplikat", http.StatusSeeOther)
}

// ---- one merge ----

type mergeChoiceRow struct {
	Label string
	From  string
}

type mergeView struct {
	hubView
	M          hub.MergeRecord
	Canonical  hub.Record
	Secondary  hub.Record
	Rows       []mergeChoiceRow
	At         string
	UndoneAt   string
	Provenance []provView
	PublicURL  string
	CanUndo    bool
}

func (s *Server) webMergeRecord(w http.ResponseWriter, r *http.Request, u *webUser) {
	if !s.mergeActor(w, r, u) {
		return
	}
	m, err := s.hub.MergeOf(u.actor, mux.Vars(r)["id"])
	if err != nil {
		s.hubFail(w, r, u, err, "/hub/gabung")
		return
	}
	v := mergeView{hubView: s.hubView(u, "gabung"), M: m, At: dateTimeID(m.At), UndoneAt: dateTimeID(m.UndoneAt)}
	v.Flash = mergeFlashes[r.URL.Query().Get("pesan")]
	var cdoc content.Document
	if v.Canonical, cdoc, err = s.hub.Get(u.actor, m.Canonical); err != nil {
		s.hubFail(w, r, u, err, "/hub/gabung")
		return
	}
	v.Secondary, _ = s.hub.Record(m.Secondary)
	for _, f := range hub.MergeFields() {
		from := "Data utama (" + m.Canonical + ")"
		switch m.Fields[f.Name] {
		case hub.ChooseSecondary:
			from = "Data kedua (" + m.Secondary + ")"
		case hub.ChooseBoth:
			from = "Keduanya"
		}
		v.Rows = append(v.Rows, mergeChoiceRow{Label: f.Label, From: from})
	}
	v.Provenance = provenanceViews(cdoc)
	if v.Canonical.PublishedRevision > 0 && !v.Canonical.State.Gone() {
		v.PublicURL = cdoc.Path()
	}
	v.CanUndo = !m.Undone() && v.Secondary.State == hub.StateMerged && v.Secondary.MergedInto == m.Canonical &&
		hub.Can(u.actor, hub.ActMerge, v.Canonical.Target()) && hub.Can(u.actor, hub.ActMerge, v.Secondary.Target())
	s.render(w, r, http.StatusOK, "hub_merge", page{Title: "Penggabungan " + m.ID, NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

func (s *Server) webUnmerge(w http.ResponseWriter, r *http.Request, u *webUser) {
	if !s.mergeActor(w, r, u) {
		return
	}
	id := mux.Vars(r)["id"]
	m, err := s.hub.Unmerge(u.actor, id, r.PostFormValue("catatan"))
	if err != nil {
		s.mergeFail(w, r, u, err, mergePath(id))
		return
	}
	s.afterMerge(m)
	http.Redirect(w, r, mergePath(m.ID)+"?pesan=dibatalkan", http.StatusSeeOther)
}

// ---- import conflicts ----

type importConflictView struct {
	hubView
	C        hub.ConflictView
	Reason   string
	Rows     []compareRow
	At       string
	Incoming string
	Current  []provView
}

func (s *Server) webConflict(w http.ResponseWriter, r *http.Request, u *webUser) {
	if !s.mergeActor(w, r, u) {
		return
	}
	c, err := s.hub.ConflictOf(u.actor, mux.Vars(r)["id"])
	if err != nil {
		s.hubFail(w, r, u, err, "/hub/gabung")
		return
	}
	v := importConflictView{hubView: s.hubView(u, "gabung"), C: c, Reason: content.LabelOf(hub.ConflictReasons, c.Reason), At: dateTimeID(c.At),
		Incoming: reportedBy(c.Incoming), Current: provenanceViews(c.Current)}
	for _, row := range compareRows(c.Current, c.Incoming) {
		row.Choice = hub.KeepCurrent
		v.Rows = append(v.Rows, row)
	}
	s.render(w, r, http.StatusOK, "hub_merge_conflict", page{Title: "Konflik impor: " + c.Current.Title, NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

func (s *Server) webSettleConflict(w http.ResponseWriter, r *http.Request, u *webUser) {
	if !s.mergeActor(w, r, u) {
		return
	}
	id := mux.Vars(r)["id"]
	back := conflictPath(id)
	version := formVersion(r, "versi")
	if version == 0 {
		s.hubMessage(w, r, u, http.StatusBadRequest, "Formulir tidak lengkap", "Formulir ini tidak membawa versi inovasi yang Anda lihat. Muat ulang halaman, lalu coba lagi.", back)
		return
	}
	var err error
	var msg string
	switch mux.Vars(r)["aksi"] {
	case "selesaikan":
		var res hub.SaveResult
		res, err = s.hub.ResolveConflict(u.actor, id, version, formChoices(r), r.PostFormValue("catatan"))
		if err == nil {
			s.catchUp(res.Record.ID)
		}
		msg = "konflik-selesai"
	case "abaikan":
		err = s.hub.DismissConflict(u.actor, id, version, r.PostFormValue("catatan"))
		msg = "konflik-abaikan"
	default:
		err = content.ErrNotFound
	}
	if err != nil {
		s.mergeFail(w, r, u, err, back)
		return
	}
	http.Redirect(w, r, "/hub/gabung?pesan="+msg, http.StatusSeeOther)
}
