package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/hub"
)

// The merge queue and import batches on the API: the same actions as the
// website's /hub/gabung and /hub/impor, for admins and (the merge queue,
// within their scope) verifiers.

// mergeAPIRoutes registers the endpoints under /api/v1.
func (s *Server) mergeAPIRoutes(api *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	small := func(fn func(w http.ResponseWriter, r *http.Request, a hub.Actor)) http.HandlerFunc {
		return s.bodyLimit(64<<10, s.apiHub(fn))
	}
	api.HandleFunc("/hub/duplicates", s.apiHub(s.apiProposals)).Methods(get...)
	api.HandleFunc("/hub/duplicates/scan", small(s.apiScan)).Methods(http.MethodPost)
	api.HandleFunc("/hub/merges", s.apiHub(s.apiMerges)).Methods(get...)
	api.HandleFunc("/hub/merges", small(s.apiMerge)).Methods(http.MethodPost)
	api.HandleFunc("/hub/merges/{id}", s.apiHub(s.apiMergeOf)).Methods(get...)
	api.HandleFunc("/hub/merges/{id}/undo", small(s.apiUnmerge)).Methods(http.MethodPost)
	api.HandleFunc("/hub/not-duplicates", small(s.apiNotDuplicate)).Methods(http.MethodPost)
	api.HandleFunc("/hub/conflicts", s.apiHub(s.apiConflicts)).Methods(get...)
	api.HandleFunc("/hub/conflicts/{id}", s.apiHub(s.apiConflict)).Methods(get...)
	api.HandleFunc("/hub/conflicts/{id}/resolve", small(s.apiResolveConflict)).Methods(http.MethodPost)
	api.HandleFunc("/hub/conflicts/{id}/dismiss", small(s.apiDismissConflict)).Methods(http.MethodPost)
	api.HandleFunc("/hub/imports", s.apiHub(s.apiBatches)).Methods(get...)
	api.HandleFunc("/hub/imports/{id}", s.apiHub(s.apiBatch)).Methods(get...)
}

// canMerge: the merge queue is for admins and verifiers (each pair and
// conflict in it is judged again on its records).
func canMerge(a hub.Actor) error { return hub.Authorize(a, hub.ActMerge, hub.Target{}) }

// ---- proposals ----

type pairJSON struct {
	hub.DuplicatePair
	First   summaryJSON `json:"first"`
	Second  summaryJSON `json:"second"`
	Blocked string      `json:"blocked,omitempty"`
	HubLink string      `json:"hub_link"`
}

// comparePath is the website's side-by-side page of a pair, first kept.
func comparePath(first, second string) string {
	return "/hub/gabung/bandingkan?" + url.Values{"utama": {first}, "kedua": {second}}.Encode()
}

func (s *Server) apiProposals(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	if err := canMerge(a); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	page, size, err := pageParams(r.URL.Query())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.ensureScanned()
	list, err := s.hub.Proposals(a)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	now := s.hub.Now()
	out := []pairJSON{}
	for _, p := range pageOf(list, page, size) {
		out = append(out, pairJSON{DuplicatePair: p.DuplicatePair, First: s.summaryJSON(p.First, now), Second: s.summaryJSON(p.Second, now),
			Blocked: p.Blocked, HubLink: comparePath(p.First.ID, p.Second.ID)})
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"total": len(list), "page": page, "size": size, "pairs": out,
		"scanned_at": s.hub.DuplicateScanAt(), "scanning": s.bg.isRunning(taskDupScan), "scan_failed": s.scanFailed.Load()}, false)
}

// taskDupScan is the background task of a scan of every record.
const taskDupScan = "pemindaian duplikat"

// startScan starts a scan of every record unless one runs.
func (s *Server) startScan() bool {
	return s.bg.start(taskDupScan, func(ctx context.Context) {
		// The detector reads the index: bring it up to every write
		// acknowledged before the scan was asked for (an undone merge's
		// record must be found again).
		err := s.index.CatchUp()
		if err == nil {
			_, err = s.scanDuplicates(ctx, nil)
		}
		if err != nil && ctx.Err() == nil {
			s.log.Error("duplicate scan", "err", err)
		}
		// A failed scan leaves the last one's pairs in place: the queue
		// says so, rather than show them as this scan's.
		s.scanFailed.Store(err != nil && ctx.Err() == nil)
	})
}

// ensureScanned starts the first scan of a store that never had one.
func (s *Server) ensureScanned() {
	if s.hub.DuplicateScanAt() == "" {
		s.startScan()
	}
}

func (s *Server) apiScan(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	if err := canMerge(a); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if !s.startScan() {
		s.writeProblem(w, r, fmt.Errorf("a scan for duplicates is already running: %w", content.ErrConflict))
		return
	}
	s.writeJSON(w, r, http.StatusAccepted, map[string]string{"status": "scanning"}, false)
}

// ---- merges ----

// mergeJSON is a merge as the API shows it: without the records as they
// were (the revisions are at /hub/records/{id}/revisions).
type mergeJSON struct {
	hub.Merge
	HubLink string `json:"hub_link"`
}

func toMergeJSON(m hub.MergeRecord) mergeJSON {
	return mergeJSON{Merge: m.Merge, HubLink: mergePath(m.ID)}
}

// mergePath is the website's page of a merge.
func mergePath(id string) string { return "/hub/gabung/riwayat/" + url.PathEscape(id) }

func (s *Server) apiMerges(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	if err := canMerge(a); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	id := r.URL.Query().Get("record")
	if id != "" && !content.ValidID(id) {
		s.writeProblem(w, r, badParam("record", "malformed record id"))
		return
	}
	list, err := s.hub.Merges(a, id, 200)
	writeListOf(s, w, r, "merges", list, err, toMergeJSON)
}

func (s *Server) apiMergeOf(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	m, err := s.hub.MergeOf(a, mux.Vars(r)["id"])
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"merge": toMergeJSON(m)}, false)
}

// afterMerge indexes what a merge or its undo changed.
func (s *Server) afterMerge(m hub.MergeRecord) {
	s.catchUp(m.Canonical)
}

func (s *Server) apiMerge(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	var req hub.MergeRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	m, err := s.hub.Merge(a, req)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.afterMerge(m)
	rec, _ := s.hub.Record(m.Canonical)
	w.Header().Set("Location", "/api/v1/hub/merges/"+url.PathEscape(m.ID))
	s.writeJSON(w, r, http.StatusCreated, map[string]any{"merge": toMergeJSON(m), "record": s.recordJSON(rec)}, false)
}

// commentRequest is the body of an undo or a dismissal.
type commentRequest struct {
	Comment string `json:"comment"`
	Version uint64 `json:"version,omitempty"`
}

func (s *Server) apiUnmerge(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	var req commentRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	m, err := s.hub.Unmerge(a, mux.Vars(r)["id"], req.Comment)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.afterMerge(m)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"merge": toMergeJSON(m)}, false)
}

func (s *Server) apiNotDuplicate(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	var req struct {
		Records []string `json:"records"`
		Comment string   `json:"comment"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if len(req.Records) != 2 {
		s.writeProblem(w, r, badParam("records", "two record ids"))
		return
	}
	nd, err := s.hub.MarkNotDuplicate(a, req.Records[0], req.Records[1], req.Comment)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusCreated, map[string]any{"not_duplicate": nd}, false)
}

// ---- import conflicts ----

// conflictJSON is a queued conflict with what differs.
type conflictJSON struct {
	hub.Conflict
	ReasonLabel string            `json:"reason_label"`
	Target      recordJSON        `json:"target_record"`
	Current     content.Document  `json:"current"`
	Changes     []hub.FieldChange `json:"changes"`
	HubLink     string            `json:"hub_link"`
}

func (s *Server) conflictJSON(c hub.ConflictView) conflictJSON {
	ch := hub.Diff(c.Current, c.Incoming)
	if ch == nil {
		ch = []hub.FieldChange{}
	}
	return conflictJSON{Conflict: c.Conflict, ReasonLabel: content.LabelOf(hub.ConflictReasons, c.Reason), Target: s.recordJSON(c.TargetRecord),
		Current: c.Current, Changes: ch, HubLink: conflictPath(c.Record)}
}

// conflictPath is the website's page of a conflict.
func conflictPath(id string) string { return "/hub/gabung/konflik/" + url.PathEscape(id) }

func (s *Server) apiConflicts(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	if err := canMerge(a); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	list, err := s.hub.Conflicts(a)
	writeListOf(s, w, r, "conflicts", list, err, s.conflictJSON)
}

func (s *Server) apiConflict(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	c, err := s.hub.ConflictOf(a, mux.Vars(r)["id"])
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSONTagged(w, r, http.StatusOK, map[string]any{"conflict": s.conflictJSON(c)}, false, versionTag(c.TargetRecord.Version))
}

func (s *Server) apiResolveConflict(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	var req struct {
		Version uint64            `json:"version"`
		Fields  map[string]string `json:"fields"`
		Comment string            `json:"comment"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if req.Version == 0 {
		s.writeProblem(w, r, badParam("version", "required: the target record's version as you saw it"))
		return
	}
	res, err := s.hub.ResolveConflict(a, mux.Vars(r)["id"], req.Version, req.Fields, req.Comment)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.catchUp(res.Record.ID)
	s.writeJSONTagged(w, r, http.StatusOK, map[string]any{"record": s.recordJSON(res.Record)}, false, versionTag(res.Record.Version))
}

func (s *Server) apiDismissConflict(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	var req commentRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if req.Version == 0 {
		s.writeProblem(w, r, badParam("version", "required: the target record's version as you saw it"))
		return
	}
	if err := s.hub.DismissConflict(a, mux.Vars(r)["id"], req.Version, req.Comment); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// ---- import batches ----

func (s *Server) apiBatches(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	q := r.URL.Query()
	_, size, err := pageParams(q)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	list, err := s.hub.Batches(a, q.Get("before"), size)
	writeList(s, w, r, "batches", list, err)
}

func (s *Server) apiBatch(w http.ResponseWriter, r *http.Request, a hub.Actor) {
	b, err := s.hub.BatchOf(a, mux.Vars(r)["id"])
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"batch": b, "took_seconds": b.Took().Round(time.Second).Seconds()}, false)
}
