package server

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/hub"
	"jippnas/content/refdata"
	"jippnas/index/similar"
)

// ---- lists ----

// summaryView is a record in a hub list.
type summaryView struct {
	*hub.Summary
	StateLabel  string
	Stale       bool
	Institution string // its name
	Updated     string
}

func (s *Server) summaryViews(list []*hub.Summary) []summaryView {
	now := s.hub.Now()
	out := make([]summaryView, 0, len(list))
	for _, sm := range list {
		v := summaryView{Summary: sm, StateLabel: content.LabelOf(hub.States, string(sm.State)), Stale: s.hub.Stale(sm, now),
			Updated: dateID(sm.Updated().Format("2006-01-02"))}
		if in, ok := s.hub.Registry().Lookup(sm.Institution); ok {
			v.Institution = in.ShortName
		} else {
			v.Institution = "(belum dipetakan)"
		}
		out = append(out, v)
	}
	return out
}

type listView struct {
	hubView
	Records   []summaryView
	Total     int
	States    []content.Label
	State     string
	Stale     bool
	Query     string
	InstCode  string
	ShowInst  bool
	CanCreate bool
	Pages     []pageLink
}

// pager links the pages of a list of total items (the search page's
// pageLink).
func pager(base url.Values, path string, page, size, total int) []pageLink {
	pages := (total + size - 1) / size
	if pages <= 1 {
		return nil
	}
	var out []pageLink
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-3 || n > page+3) {
			if len(out) > 0 && !out[len(out)-1].Gap {
				out = append(out, pageLink{Gap: true})
			}
			continue
		}
		q := url.Values{}
		for k, v := range base {
			q[k] = v
		}
		q.Set("halaman", strconv.Itoa(n))
		out = append(out, pageLink{N: n, URL: path + "?" + q.Encode(), Current: n == page})
	}
	return out
}

// webPage reads the "halaman" parameter (1 by default).
func webPage(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("halaman"))
	if err != nil || n < 1 || n > 100000 {
		return 1
	}
	return n
}

// unmappedParam lists the records without an institution
// (/hub/inovasi?instansi=belum), for an admin to assign.
const unmappedParam = "belum"

func (s *Server) webHubRecords(w http.ResponseWriter, r *http.Request, u *webUser) {
	q := r.URL.Query()
	v := listView{hubView: s.hubView(u, "inovasi"), States: hub.States, State: q.Get("status"), Stale: q.Get("usang") == "1",
		Query: strings.TrimSpace(q.Get("q")), InstCode: q.Get("instansi"), ShowInst: u.actor.Account.Role != hub.RoleEditor,
		CanCreate: canCreate(u.actor)}
	v.Flash = flash(r)
	rq := hub.RecordQuery{Stale: v.Stale, Actor: &u.actor}
	switch {
	case u.actor.Account.Role == hub.RoleEditor:
		rq.Institution = u.actor.Account.Institution
	case v.InstCode == unmappedParam:
		rq.Unmapped = true
	case v.InstCode != "":
		rq.Institution = v.InstCode
	}
	if v.State != "" && content.LabelOf(hub.States, v.State) != v.State {
		rq.States = []hub.State{hub.State(v.State)}
	}
	rq.Text = v.Query
	pg, size := webPage(r), 50
	list, total := s.hub.RecordsPage(rq, (pg-1)*size, size)
	v.Total = total
	v.Records = s.summaryViews(list)
	v.Pages = pager(url.Values{"status": {v.State}, "q": {v.Query}, "instansi": {v.InstCode}, "usang": {q.Get("usang")}}, "/hub/inovasi", pg, size, total)
	s.render(w, r, http.StatusOK, "hub_list", page{Title: "Inovasi", NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

// ---- one record ----

type recordView struct {
	hubView
	Rec          hub.Record
	Doc          content.Document
	StateLabel   string
	Owner        hub.Institution // the record's institution
	Region       string
	Sector       string
	Body         template.HTML
	Completeness hub.Completeness
	Missing      []hub.CheckItem
	Stale        bool
	Changes      []hub.FieldChange
	ComparedTo   uint64 // the published revision the changes are against; 0: a new record
	Duplicates   []content.Document
	Revisions    []revisionView
	Audit        []auditView
	PublicURL    string
	CanEdit      bool
	CanSubmit    bool
	CanReview    bool
	CanConfirm   bool
	CanDelete    bool
	CanRevert    bool
}

type revisionView struct {
	hub.Revision
	Rev       uint64
	At        string
	Published bool
	Current   bool
}

// recordOfPage loads the record a hub page's path names, as the user may
// see it; otherwise it explains why not and returns false.
func (s *Server) recordOfPage(w http.ResponseWriter, r *http.Request, u *webUser) (hub.Record, content.Document, bool) {
	id, ok := recordID(r)
	if !ok {
		s.hubFail(w, r, u, content.ErrNotFound, "/hub/inovasi")
		return hub.Record{}, content.Document{}, false
	}
	rec, doc, err := s.hub.Get(u.actor, id)
	if err != nil {
		s.hubFail(w, r, u, err, "/hub/inovasi")
		return rec, doc, false
	}
	return rec, doc, true
}

func revisionViews(revs []hub.Revision, rec hub.Record) []revisionView {
	out := make([]revisionView, 0, len(revs))
	for _, rv := range revs {
		out = append(out, revisionView{Revision: rv, Rev: rv.Doc.Revision, At: dateTimeID(rv.At),
			Published: rv.Doc.Revision == rec.PublishedRevision, Current: rv.Doc.Revision == rec.Revision})
	}
	return out
}

type auditView struct {
	hub.Entry
	Label  string
	At     string
	Fields string
}

func (s *Server) auditViews(entries []hub.Entry) []auditView {
	out := make([]auditView, 0, len(entries))
	for _, e := range entries {
		labels := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			labels[i] = hub.FieldLabel(f)
		}
		label := hub.AuditLabels[e.Action]
		if label == "" {
			label = e.Action
		}
		out = append(out, auditView{Entry: e, Label: label, At: dateTimeID(e.At), Fields: strings.Join(labels, ", ")})
	}
	return out
}

// dateTimeID formats an RFC 3339 time the Indonesian way, with the time
// of day in UTC.
func dateTimeID(s string) string {
	if len(s) < len("2006-01-02T15:04") {
		return dateID(s)
	}
	return dateID(s) + " " + s[11:16] + " UTC"
}

func (s *Server) webHubRecord(w http.ResponseWriter, r *http.Request, u *webUser) {
	rec, doc, ok := s.recordOfPage(w, r, u)
	if !ok {
		return
	}
	id := rec.ID
	a, t := u.actor, rec.Target()
	v := recordView{hubView: s.hubView(u, "inovasi"), Rec: rec, Doc: doc, StateLabel: content.LabelOf(hub.States, string(rec.State)),
		Completeness: s.hub.Assess(doc), Stale: s.hub.RecordStale(rec), Region: s.regionLabel(doc.RegionCode)}
	v.Flash = flash(r)
	v.Missing = v.Completeness.Missing()
	v.Owner, _ = s.hub.Registry().Lookup(rec.Institution)
	if sec, ok := refdata.SectorBySlug(doc.Sector); ok {
		v.Sector = sec.Name
	}
	live := rec.State != hub.StateDeleted
	v.CanEdit = live && hub.Can(a, hub.ActEdit, t)
	v.CanSubmit = (rec.State == hub.StateDraft || rec.State == hub.StateReturned) && hub.Can(a, hub.ActSubmit, t)
	v.CanReview = rec.State == hub.StateSubmitted && hub.Can(a, hub.ActVerify, t)
	v.CanConfirm = rec.State == hub.StateVerified && hub.Can(a, hub.ActConfirm, t)
	v.CanDelete = live && hub.Can(a, hub.ActDelete, t) && (rec.PublishedRevision == 0 || a.Account.Role == hub.RoleAdmin)
	v.CanRevert = hub.Can(a, hub.ActRevert, t)
	if rec.PublishedRevision > 0 && live {
		v.PublicURL = doc.Path()
	}
	if doc.Body != "" {
		rd, err := s.cfg.Renderer.Render([]byte(doc.Body))
		if err != nil {
			s.hubFail(w, r, u, err, "/hub/inovasi")
			return
		}
		v.Body = template.HTML(rd.HTML) // goldmark with raw HTML off and unsafe links dropped
	}
	if rec.Revision != rec.PublishedRevision && rec.PublishedRevision > 0 {
		old, err := s.hub.RevisionOf(a, id, rec.PublishedRevision)
		if err != nil {
			s.hubFail(w, r, u, err, "/hub/inovasi")
			return
		}
		v.Changes, v.ComparedTo = hub.Diff(old.Doc, doc), rec.PublishedRevision
	}
	if rec.Revision != rec.PublishedRevision && live {
		hits, err := s.similar.PossibleDuplicates(r.Context(), doc.Title, doc.Body, similar.SimilarOptions{RegionCode: doc.RegionCode, Sector: doc.Sector})
		if err != nil {
			s.log.Error("possible duplicates", "id", id, "err", err)
		}
		for _, h := range hits {
			if h.Doc.ID != id && len(v.Duplicates) < 5 {
				v.Duplicates = append(v.Duplicates, h.Doc)
			}
		}
	}
	revs, err := s.hub.Revisions(a, id)
	if err != nil {
		s.hubFail(w, r, u, err, "/hub/inovasi")
		return
	}
	v.Revisions = revisionViews(revs[:min(len(revs), 10)], rec)
	entries, err := s.hub.Audit(hub.AuditQuery{Record: id, Limit: 10})
	if err != nil {
		s.hubFail(w, r, u, err, "/hub/inovasi")
		return
	}
	v.Audit = s.auditViews(entries)
	s.render(w, r, http.StatusOK, "hub_record", page{Title: doc.Title, NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

// webHubStep runs a workflow step posted from the record page.
func (s *Server) webHubStep(w http.ResponseWriter, r *http.Request, u *webUser) {
	id, ok := recordID(r)
	if !ok {
		s.hubFail(w, r, u, content.ErrNotFound, "/hub/inovasi")
		return
	}
	back := hubRecordPath(id)
	version, err := strconv.ParseUint(r.PostFormValue("versi"), 10, 64)
	if err != nil {
		s.hubMessage(w, r, u, http.StatusBadRequest, "Formulir tidak lengkap", "Formulir ini tidak membawa versi inovasi yang Anda lihat. Muat ulang halaman, lalu coba lagi.", back)
		return
	}
	base, comment := hub.Base{Version: version}, r.PostFormValue("catatan")
	var msg string
	switch mux.Vars(r)["aksi"] {
	case "ajukan":
		_, err = s.hub.Submit(u.actor, id, base)
		msg = "diajukan"
	case "verifikasi":
		_, err = s.hub.Verify(u.actor, id, base, comment)
		msg = "diverifikasi"
	case "kembalikan":
		_, err = s.hub.Return(u.actor, id, base, comment)
		msg = "dikembalikan"
	case "konfirmasi":
		_, err = s.hub.Confirm(u.actor, id, base)
		msg = "dikonfirmasi"
	case "hapus":
		_, err = s.hub.Delete(u.actor, id, base)
		msg = "dihapus"
	case "pulihkan":
		rev, perr := strconv.ParseUint(r.PostFormValue("revisi"), 10, 64)
		if perr != nil {
			s.hubMessage(w, r, u, http.StatusBadRequest, "Formulir tidak lengkap", "Revisi yang akan dipulihkan tidak disebutkan.", back)
			return
		}
		_, err = s.hub.Revert(u.actor, id, base, rev)
		msg = "dipulihkan"
	default:
		s.hubFail(w, r, u, content.ErrNotFound, back)
		return
	}
	if err != nil {
		s.hubFail(w, r, u, err, back)
		return
	}
	s.catchUp(id)
	http.Redirect(w, r, back+"?pesan="+msg, http.StatusSeeOther)
}

// ---- revisions, history, conflicts ----

type diffView struct {
	hubView
	Rec      hub.Record
	Title    string
	From, To revisionView
	Changes  []hub.FieldChange
	Options  []uint64
}

// webHubDiff compares two revisions (?dari=&ke=; by default the published
// one, or the one before, against the current).
func (s *Server) webHubDiff(w http.ResponseWriter, r *http.Request, u *webUser) {
	rec, _, ok := s.recordOfPage(w, r, u)
	if !ok {
		return
	}
	id := rec.ID
	q := r.URL.Query()
	to, err := strconv.ParseUint(q.Get("ke"), 10, 64)
	if err != nil || to == 0 || to > rec.Revision {
		to = rec.Revision
	}
	from, err := strconv.ParseUint(q.Get("dari"), 10, 64)
	if err != nil || from == 0 || from > rec.Revision {
		from = rec.PublishedRevision
		if from == 0 || from == to {
			from = max(to-1, 1)
		}
	}
	fromRev, err := s.hub.RevisionOf(u.actor, id, from)
	if err == nil {
		var toRev hub.Revision
		toRev, err = s.hub.RevisionOf(u.actor, id, to)
		if err == nil {
			v := diffView{hubView: s.hubView(u, "inovasi"), Rec: rec, Title: toRev.Doc.Title,
				From:    revisionView{Revision: fromRev, Rev: from, At: dateTimeID(fromRev.At), Published: from == rec.PublishedRevision},
				To:      revisionView{Revision: toRev, Rev: to, At: dateTimeID(toRev.At), Published: to == rec.PublishedRevision},
				Changes: hub.Diff(fromRev.Doc, toRev.Doc)}
			for n := rec.Revision; n >= 1; n-- {
				v.Options = append(v.Options, n)
			}
			s.render(w, r, http.StatusOK, "hub_diff", page{Title: "Perbandingan revisi", NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
			return
		}
	}
	s.hubFail(w, r, u, err, hubRecordPath(id))
}

type historyView struct {
	hubView
	Rec       hub.Record
	Revisions []revisionView
	Audit     []auditView
	CanRevert bool
	Older     string
}

// webHubHistory is a record's full audit log and revisions.
func (s *Server) webHubHistory(w http.ResponseWriter, r *http.Request, u *webUser) {
	rec, _, ok := s.recordOfPage(w, r, u)
	if !ok {
		return
	}
	id := rec.ID
	before, _ := strconv.ParseUint(r.URL.Query().Get("sebelum"), 10, 64)
	entries, err := s.hub.Audit(hub.AuditQuery{Record: id, Before: before, Limit: 100})
	if err != nil {
		s.hubFail(w, r, u, err, hubRecordPath(id))
		return
	}
	revs, err := s.hub.Revisions(u.actor, id)
	if err != nil {
		s.hubFail(w, r, u, err, hubRecordPath(id))
		return
	}
	v := historyView{hubView: s.hubView(u, "inovasi"), Rec: rec, Audit: s.auditViews(entries), CanRevert: hub.Can(u.actor, hub.ActRevert, rec.Target())}
	v.Revisions = revisionViews(revs, rec)
	if len(entries) == 100 {
		v.Older = hubRecordPath(id) + "/riwayat?sebelum=" + strconv.FormatUint(entries[len(entries)-1].Seq, 10)
	}
	s.render(w, r, http.StatusOK, "hub_history", page{Title: "Riwayat " + rec.Title, NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

// conflictView shows a stale save: the latest version beside the user's,
// and the user's version in a form based on the latest.
type conflictView struct {
	formView
	Latest  hub.Record
	By      string
	At      string
	Changes []hub.FieldChange
}

// renderConflict answers a save made from an old version: nothing was
// written; the page shows both versions side by side.
func (s *Server) renderConflict(w http.ResponseWriter, r *http.Request, u *webUser, mine formView) {
	rec, cur, err := s.hub.Get(u.actor, mine.ID)
	if err != nil {
		s.hubFail(w, r, u, err, "/hub/inovasi")
		return
	}
	v := conflictView{formView: mine, Latest: rec, By: rec.UpdatedBy, At: dateTimeID(rec.UpdatedAt), Changes: hub.Diff(cur, mine.Doc)}
	v.Version = rec.Version
	s.render(w, r, http.StatusConflict, "hub_conflict", page{Title: "Konflik perubahan", NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}
