package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/hub"
)

// The hub's API: the records an account works on, the workflow steps,
// dashboards, audit and API tokens. Every endpoint needs a bearer token
// (an account's, or the bootstrap admin token) and asks the hub's one
// policy.

// recordJSON is a workflow record with its labels and links.
type recordJSON struct {
	hub.Record
	StateLabel string `json:"state_label"`
	Stale      bool   `json:"stale"`
	HubLink    string `json:"hub_link"`
	PublicLink string `json:"public_link,omitempty"`
}

func (s *Server) recordJSON(rec hub.Record) recordJSON {
	rj := recordJSON{Record: rec, StateLabel: content.LabelOf(hub.States, string(rec.State)),
		Stale: s.hub.RecordStale(rec), HubLink: hubRecordPath(rec.ID)}
	if rec.PublishedRevision > 0 && rec.State != hub.StateDeleted {
		rj.PublicLink = content.Document{ID: rec.ID, Type: content.TypeInnovation}.Path()
	}
	return rj
}

// hubRecordPath is the website page of a record in the hub.
func hubRecordPath(id string) string { return "/hub/inovasi/" + url.PathEscape(id) }

// summaryJSON is a record in a list.
type summaryJSON struct {
	ID                string `json:"id"`
	Title             string `json:"title"`
	Institution       string `json:"institution_code,omitempty"`
	Unit              string `json:"unit,omitempty"`
	State             string `json:"state"`
	StateLabel        string `json:"state_label"`
	Version           uint64 `json:"version"`
	Revision          uint64 `json:"revision"`
	PublishedRevision uint64 `json:"published_revision,omitempty"`
	Completeness      int    `json:"completeness"`
	UpdatedAt         string `json:"updated_at"`
	ConfirmedAt       string `json:"confirmed_at,omitempty"`
	Stale             bool   `json:"stale"`
	ReturnComment     string `json:"return_comment,omitempty"`
	HubLink           string `json:"hub_link"`
}

func (s *Server) summaryJSON(sm *hub.Summary, now time.Time) summaryJSON {
	out := summaryJSON{ID: sm.ID, Title: sm.Title, Institution: sm.Institution, Unit: sm.Unit, State: string(sm.State),
		StateLabel: content.LabelOf(hub.States, string(sm.State)), Version: sm.Version, Revision: sm.Revision,
		PublishedRevision: sm.PublishedRevision, Completeness: int(sm.Completeness), UpdatedAt: sm.Updated().Format(time.RFC3339),
		Stale: s.hub.Stale(sm, now), ReturnComment: sm.ReturnComment, HubLink: hubRecordPath(sm.ID)}
	if sm.ConfirmedAt != 0 {
		out.ConfirmedAt = sm.Confirmed().Format(time.RFC3339)
	}
	return out
}

// pageParams reads page and size (default 1 and 50, size at most 200).
func pageParams(q url.Values) (page, size int, err error) {
	page, size = 1, 50
	if v := q.Get("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > 100000 {
			return 0, 0, badParam("page", "must be a whole number between 1 and 100000")
		}
	}
	if v := q.Get("size"); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > 200 {
			return 0, 0, badParam("size", "must be a whole number between 1 and 200")
		}
	}
	return page, size, nil
}

func pageOf[T any](all []T, page, size int) []T {
	start := min((page-1)*size, len(all))
	return all[start:min(start+size, len(all))]
}

// ---- institutions (public) ----

type institutionJSON struct {
	hub.Institution
	KindLabel string `json:"kind_label"`
	Published int    `json:"published"`
	Link      string `json:"link"`
}

func (s *Server) institutionJSON(in hub.Institution, published int) institutionJSON {
	return institutionJSON{Institution: in, KindLabel: hub.KindLabel(in.Kind), Published: published, Link: institutionPath(in.Code)}
}

func institutionPath(code string) string { return "/instansi/" + url.PathEscape(code) }

// filterInstitutions applies the q, province, kind and with_records
// parameters of the institution lists.
func (s *Server) filterInstitutions(q url.Values, published map[string]int) ([]hub.Institution, error) {
	kind := hub.Kind(q.Get("kind"))
	switch kind {
	case "", hub.KindProvince, hub.KindRegency, hub.KindCity, hub.KindMinistry, hub.KindAgency:
	default:
		return nil, badParam("kind", "unknown value (provinsi, kabupaten, kota, kementerian or lembaga)")
	}
	province := q.Get("province")
	if province != "" && province != hub.ScopeCentral {
		if reg, ok := s.regions.Lookup(province); !ok || !reg.IsProvince() {
			return nil, badParam("province", "unknown value (a province code, or pusat)")
		}
	}
	words := strings.Fields(strings.ToLower(q.Get("q")))
	withRecords := q.Get("with_records") == "true" || q.Get("ada") == "1"
	var out []hub.Institution
	for _, in := range s.hub.Registry().All() {
		switch {
		case kind != "" && in.Kind != kind:
			continue
		case province == hub.ScopeCentral && in.Local(), province != "" && province != hub.ScopeCentral && in.ProvinceCode != province:
			continue
		case withRecords && published[in.Code] == 0:
			continue
		}
		hay := strings.ToLower(in.Name + " " + in.ShortName + " " + in.Code + " " + strings.Join(in.FormerNames, " "))
		match := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				match = false
				break
			}
		}
		if match {
			out = append(out, in)
		}
	}
	return out, nil
}

func (s *Server) apiInstitutions(w http.ResponseWriter, r *http.Request) {
	if s.hub == nil {
		s.writeProblem(w, r, errNoHub)
		return
	}
	q := r.URL.Query()
	page, size, err := pageParams(q)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	published := s.hub.PublishedByInstitution()
	list, err := s.filterInstitutions(q, published)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := []institutionJSON{}
	for _, in := range pageOf(list, page, size) {
		out = append(out, s.institutionJSON(in, published[in.Code]))
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"total": len(list), "page": page, "size": size, "institutions": out}, true)
}

func (s *Server) apiInstitution(w http.ResponseWriter, r *http.Request) {
	if s.hub == nil {
		s.writeProblem(w, r, errNoHub)
		return
	}
	code := mux.Vars(r)["code"]
	in, ok := s.hub.Registry().Lookup(code)
	if !ok {
		s.writeProblem(w, r, fmt.Errorf("institution %q: %w", code, content.ErrNotFound))
		return
	}
	page, size, err := pageParams(r.URL.Query())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	st := s.hub.InstitutionStats(code)
	pub := s.publishedRecords(code)
	type item struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Link  string `json:"link"`
	}
	items := []item{}
	for _, sm := range pageOf(pub, page, size) {
		items = append(items, item{ID: sm.ID, Title: sm.Title, Link: content.Document{ID: sm.ID, Type: content.TypeInnovation}.Path()})
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{
		"institution": s.institutionJSON(in, st.Published),
		"counts":      countsJSON(st),
		"total":       len(pub), "page": page, "size": size, "innovations": items,
	}, true)
}

// publishedRecords lists an institution's published records by title.
func (s *Server) publishedRecords(code string) []*hub.Summary {
	var out []*hub.Summary
	for _, sm := range s.hub.Records(hub.RecordQuery{Institution: code}) {
		if sm.PublishedRevision > 0 {
			out = append(out, sm)
		}
	}
	sortByTitle(out)
	return out
}

// countsJSON are an institution's status counts, as the public sees them.
func countsJSON(st hub.InstitutionStats) map[string]int {
	out := map[string]int{"records": st.Records, "published": st.Published, "stale": st.Stale, "completeness": st.Completeness}
	for _, l := range hub.States {
		if !hub.State(l.Value).Gone() {
			out[l.Value] = st.ByState[hub.State(l.Value)]
		}
	}
	return out
}

func (s *Server) apiResolveInstitution(w http.ResponseWriter, r *http.Request) {
	if s.hub == nil {
		s.writeProblem(w, r, errNoHub)
		return
	}
	q := r.URL.Query()
	name := strings.TrimSpace(q.Get("name"))
	switch {
	case name == "":
		s.writeProblem(w, r, badParam("name", "required: the institution name as records write it"))
		return
	case len(name) > content.MaxItemLen:
		s.writeProblem(w, r, badParam("name", fmt.Sprintf("longer than %d bytes", content.MaxItemLen)))
		return
	}
	region := q.Get("region_code")
	if region != "" && !s.regions.Valid(region) {
		s.writeProblem(w, r, badParam("region_code", "unknown Kemendagri region code"))
		return
	}
	res := s.hub.Registry().Resolve(name, region)
	out := map[string]any{"name": name, "resolution": res, "confident": res.Confident()}
	if in, ok := s.hub.Registry().Lookup(res.Code); ok {
		out["institution"] = s.institutionJSON(in, s.hub.InstitutionStats(in.Code).Published)
	}
	s.writeJSON(w, r, http.StatusOK, out, true)
}

// ---- the signed-in account ----

// apiHub wraps an API endpoint of the hub: it needs a bearer token.
func (s *Server) apiHub(fn func(w http.ResponseWriter, r *http.Request, a hub.Actor)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, err := s.apiActor(r)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		fn(w, r, a)
	}
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	out := map[string]any{"account": a.Account, "via": a.Via, "role_label": content.LabelOf(hub.Roles, string(a.Account.Role))}
	if in, ok := s.hub.Registry().Lookup(a.Account.Institution); ok {
		out["institution"] = s.institutionJSON(in, s.hub.InstitutionStats(in.Code).Published)
	}
	s.writeJSON(w, r, http.StatusOK, out, false)
}

// ---- records ----

func parseStates(q url.Values) ([]hub.State, error) {
	var out []hub.State
	for _, v := range q["state"] {
		for _, st := range strings.Split(v, ",") {
			if content.LabelOf(hub.States, st) == st {
				return nil, badParam("state", "unknown value (draf, diajukan, perlu-perbaikan, terverifikasi or dihapus)")
			}
			out = append(out, hub.State(st))
		}
	}
	return out, nil
}

func (s *Server) apiRecords(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	q := r.URL.Query()
	page, size, err := pageParams(q)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	states, err := parseStates(q)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	inst := q.Get("institution")
	if _, ok := s.hub.Registry().Lookup(inst); inst != "" && !ok {
		s.writeProblem(w, r, badParam("institution", "unknown institution code"))
		return
	}
	s.writeSummaries(w, r, hub.RecordQuery{Institution: inst, States: states, Stale: q.Get("stale") == "true", Actor: &a}, page, size)
}

// writeSummaries answers one page of the records a query selects.
func (s *Server) writeSummaries(w http.ResponseWriter, r *http.Request, q hub.RecordQuery, page, size int) {
	list, total := s.hub.RecordsPage(q, (page-1)*size, size)
	now := s.hub.Now()
	out := []summaryJSON{}
	for _, sm := range list {
		out = append(out, s.summaryJSON(sm, now))
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"total": total, "page": page, "size": size, "records": out}, false)
}

// recordDetailJSON is a record with its working copy.
type recordDetailJSON struct {
	Record       recordJSON       `json:"record"`
	Document     content.Document `json:"document"`
	Completeness hub.Completeness `json:"completeness"`
}

func (s *Server) apiRecord(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	rec, doc, err := s.hub.Get(a, mux.Vars(r)["id"])
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSONTagged(w, r, http.StatusOK, recordDetailJSON{Record: s.recordJSON(rec), Document: doc, Completeness: s.hub.Assess(doc)},
		false, versionTag(rec.Version))
}

func (s *Server) apiRevisions(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	revs, err := s.hub.Revisions(a, mux.Vars(r)["id"])
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	type revJSON struct {
		Revision uint64 `json:"revision"`
		At       string `json:"at"`
		By       string `json:"by"`
		Action   string `json:"action"`
		Title    string `json:"title"`
	}
	out := []revJSON{}
	for _, rv := range revs {
		out = append(out, revJSON{Revision: rv.Doc.Revision, At: rv.At, By: rv.By, Action: rv.Action, Title: rv.Doc.Title})
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"revisions": out}, false)
}

func parseRev(v, param string) (uint64, error) {
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil || n == 0 {
		return 0, badParam(param, "must be a revision number (1 or more)")
	}
	return n, nil
}

func (s *Server) apiRevision(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	rev, err := parseRev(mux.Vars(r)["rev"], "rev")
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	rv, err := s.hub.RevisionOf(a, mux.Vars(r)["id"], rev)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"revision": rv.Doc.Revision, "at": rv.At, "by": rv.By, "action": rv.Action, "document": rv.Doc}, false)
}

func (s *Server) apiDiff(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	id := mux.Vars(r)["id"]
	q := r.URL.Query()
	from, err := parseRev(q.Get("from"), "from")
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	to, err := parseRev(q.Get("to"), "to")
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	a1, err := s.hub.RevisionOf(a, id, from)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	a2, err := s.hub.RevisionOf(a, id, to)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	changes := hub.Diff(a1.Doc, a2.Doc)
	if changes == nil {
		changes = []hub.FieldChange{}
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"from": from, "to": to, "changes": changes}, false)
}

func (s *Server) apiRecordAudit(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	id := mux.Vars(r)["id"]
	if _, _, err := s.hub.Get(a, id); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeAudit(w, r, hub.AuditQuery{Record: id})
}

func (s *Server) writeAudit(w http.ResponseWriter, r *http.Request, q hub.AuditQuery) {
	if v := r.URL.Query().Get("before"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			s.writeProblem(w, r, badParam("before", "must be an audit sequence number"))
			return
		}
		q.Before = n
	}
	entries, err := s.hub.Audit(q)
	writeList(s, w, r, "entries", entries, err)
}

// stepRequest is the body of a workflow step.
type stepRequest struct {
	Comment  string `json:"comment"`
	Revision uint64 `json:"revision"` // revert: the revision to restore
}

// apiStep runs a workflow step: submit, verify, return, confirm, revert
// or delete. It needs If-Match with the record's ETag.
func (s *Server) apiStep(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	id, action := mux.Vars(r)["id"], mux.Vars(r)["action"]
	var req stepRequest
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if len(strings.TrimSpace(string(body))) > 0 {
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			s.writeProblem(w, r, fmt.Errorf("request body: %v: %w", err, content.ErrInvalid))
			return
		}
	}
	rec, exists, err := s.recordFor(a, id)
	if err == nil && !exists {
		err = fmt.Errorf("record %s: %w", id, content.ErrNotFound)
	}
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	base, err := ifMatchBase(r, 'v', true, rec.Version)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	switch action {
	case "submit":
		rec, err = s.hub.Submit(a, id, base)
	case "verify":
		rec, err = s.hub.Verify(a, id, base, req.Comment)
	case "return":
		rec, err = s.hub.Return(a, id, base, req.Comment)
	case "confirm":
		rec, err = s.hub.Confirm(a, id, base)
	case "revert":
		if req.Revision == 0 {
			err = fmt.Errorf("revision: required, the revision to restore: %w", content.ErrInvalid)
			break
		}
		var res hub.SaveResult
		res, err = s.hub.Revert(a, id, base, req.Revision)
		rec = res.Record
	default:
		err = badParam("action", "unknown step (submit, verify, return, confirm or revert)")
	}
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.catchUp(id)
	s.writeJSONTagged(w, r, http.StatusOK, s.recordJSON(rec), false, versionTag(rec.Version))
}

func (s *Server) apiQueue(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	page, size, err := pageParams(r.URL.Query())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeSummaries(w, r, hub.RecordQuery{States: []hub.State{hub.StateSubmitted}, Actor: &a, Action: hub.ActVerify}, page, size)
}

// statsJSON are an institution's figures.
type statsJSON struct {
	Institution  institutionJSON `json:"institution"`
	Counts       map[string]int  `json:"counts"`
	StaleShare   int             `json:"stale_share"`
	LastUpdate   string          `json:"last_update,omitempty"`
	NeedReminder bool            `json:"needs_reminder"`
}

func (s *Server) statsJSON(st hub.InstitutionStats) statsJSON {
	out := statsJSON{Institution: s.institutionJSON(st.Institution, st.Published), Counts: countsJSON(st),
		StaleShare: st.StaleShare(), NeedReminder: st.NeedsReminder()}
	if !st.LastUpdate.IsZero() {
		out.LastUpdate = st.LastUpdate.Format(time.RFC3339)
	}
	return out
}

func (s *Server) apiDashboard(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	code := r.URL.Query().Get("institution")
	if code == "" {
		code = a.Account.Institution
	}
	in, ok := s.hub.Registry().Lookup(code)
	if !ok {
		s.writeProblem(w, r, badParam("institution", "an institution code is required (a pengelola's own is the default)"))
		return
	}
	if err := s.canSeeInstitution(a, in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	now := s.hub.Now()
	list := func(q hub.RecordQuery) []summaryJSON {
		out := []summaryJSON{}
		for _, sm := range s.hub.Records(q) {
			out = append(out, s.summaryJSON(sm, now))
		}
		return out
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{
		"stats":    s.statsJSON(s.hub.InstitutionStats(code)),
		"stale":    list(hub.RecordQuery{Institution: code, Stale: true}),
		"returned": list(hub.RecordQuery{Institution: code, States: []hub.State{hub.StateReturned}}),
	}, false)
}

// canSeeInstitution: a pengelola sees its own institution's dashboard;
// admins and verifiers see any.
func (s *Server) canSeeInstitution(a hub.Actor, in hub.Institution) error {
	if hub.Can(a, hub.ActOverview, hub.Target{}) {
		return nil
	}
	return hub.Authorize(a, hub.ActView, hub.Target{Institution: in.Code})
}

func parseRank(q url.Values) (hub.Ranking, error) {
	switch rank := hub.Ranking(q.Get("rank")); rank {
	case "":
		return hub.RankStale, nil
	case hub.RankCompleteness, hub.RankStale, hub.RankRecords, hub.RankName:
		return rank, nil
	}
	return "", badParam("rank", "unknown value (kelengkapan, pemutakhiran, jumlah or nama)")
}

func (s *Server) apiNational(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	if err := hub.Authorize(a, hub.ActOverview, hub.Target{}); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	q := r.URL.Query()
	rank, err := parseRank(q)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	page, size, err := pageParams(q)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	all := s.hub.NationalStats(rank)
	out := []statsJSON{}
	for _, st := range pageOf(all, page, size) {
		out = append(out, s.statsJSON(st))
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"total": len(all), "page": page, "size": size, "rank": rank,
		"institutions": out, "areas": s.hub.AreaStats(all)}, false)
}

func (s *Server) apiAuditLog(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	code := r.URL.Query().Get("institution")
	if code == "" {
		if err := hub.Authorize(a, hub.ActManage, hub.Target{}); err != nil {
			s.writeProblem(w, r, fmt.Errorf("the whole audit log is for admins; name an institution: %w", err))
			return
		}
		s.writeAudit(w, r, hub.AuditQuery{})
		return
	}
	in, ok := s.hub.Registry().Lookup(code)
	if !ok {
		s.writeProblem(w, r, badParam("institution", "unknown institution code"))
		return
	}
	if err := s.canSeeInstitution(a, in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeAudit(w, r, hub.AuditQuery{Institution: code})
}

// ---- tokens ----

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	if a.Account.ID == "" {
		s.writeProblem(w, r, fmt.Errorf("the bootstrap admin token has no tokens of its own: %w", content.ErrInvalid))
		return
	}
	list, err := s.hub.Tokens(a.Account.ID)
	writeList(s, w, r, "tokens", list, err)
}

// writeList answers {key: list} ([] rather than null), or the error.
func writeList[T any](s *Server, w http.ResponseWriter, r *http.Request, key string, list []T, err error) {
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if list == nil {
		list = []T{}
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{key: list}, false)
}

// writeListOf is writeList of the list's items as conv shows them.
func writeListOf[T, U any](s *Server, w http.ResponseWriter, r *http.Request, key string, list []T, err error, conv func(T) U) {
	out := make([]U, len(list))
	for i, x := range list {
		out[i] = conv(x)
	}
	writeList(s, w, r, key, out, err)
}

func (s *Server) apiIssueToken(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	if a.Account.ID == "" {
		s.writeProblem(w, r, fmt.Errorf("the bootstrap admin token cannot issue tokens; use jippnas tokens issue: %w", content.ErrInvalid))
		return
	}
	var req struct {
		Name string `json:"name"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil && !errors.Is(err, io.EOF) {
		s.writeProblem(w, r, fmt.Errorf("request body: %v: %w", err, content.ErrInvalid))
		return
	}
	secret, tok, err := s.hub.IssueToken(a, a.Account.ID, req.Name)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusCreated, map[string]any{"token": tok, "secret": secret}, false)
}

func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	tok, err := s.hub.RevokeToken(a, mux.Vars(r)["id"])
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"token": tok}, false)
}

// ---- accounts (admins; the bootstrap admin token creates the first) ----

// accountRequest is a new account.
type accountRequest struct {
	Email       string   `json:"email"`
	Name        string   `json:"name"`
	Role        hub.Role `json:"role"`
	Institution string   `json:"institution"`
	Sources     []string `json:"sources"`
	Provinces   []string `json:"provinces"`
	Password    string   `json:"password"` // empty: one is generated and answered once
}

func (s *Server) apiAccounts(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	if err := hub.Authorize(a, hub.ActManage, hub.Target{}); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	list, err := s.hub.Accounts()
	writeList(s, w, r, "accounts", list, err)
}

func (s *Server) apiCreateAccount(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	if err := hub.Authorize(a, hub.ActManage, hub.Target{}); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var req accountRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		s.writeProblem(w, r, fmt.Errorf("request body is not an account: %v: %w", err, content.ErrInvalid))
		return
	}
	generated := ""
	if req.Password == "" {
		pw, err := hub.GeneratePassword()
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		req.Password, generated = pw, pw
	}
	acct, err := s.hub.CreateAccount(a, hub.AccountInput{Email: req.Email, Name: req.Name, Role: req.Role, Institution: req.Institution,
		Sources: req.Sources, Provinces: req.Provinces, Password: req.Password})
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := map[string]any{"account": acct}
	if generated != "" {
		out["password"] = generated
	}
	s.writeJSON(w, r, http.StatusCreated, out, false)
}
