package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/hub"
	"jippnas/content/importer"
	"jippnas/content/refdata"
	"jippnas/content/store"
)

// documentJSON is a stored document plus the resolved labels a client
// would otherwise have to look up.
type documentJSON struct {
	content.Document
	RegionInfo   *regionJSON   `json:"region,omitempty"`
	SectorInfo   *sectorJSON   `json:"sector_info,omitempty"`
	Link         string        `json:"link"`
	Verification *publicRecord `json:"verification,omitempty"`
}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if !content.ValidID(id) {
		s.writeProblem(w, r, badParam("id", "malformed document id"))
		return
	}
	d, err := s.store.Get(id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSONTagged(w, r, http.StatusOK, s.documentJSON(d), true, s.writeTag(d))
}

// writeTag is the version an update of a document is made from: its hub
// record's version for an innovation, its revision for a page.
func (s *Server) writeTag(d content.Document) string {
	if d.Type == content.TypeInnovation && s.hub != nil {
		if rec, ok := s.hub.Record(d.ID); ok {
			return versionTag(rec.Version)
		}
	}
	return revisionTag(d.Revision)
}

func (s *Server) documentJSON(d content.Document) documentJSON {
	dj := documentJSON{Document: d, RegionInfo: s.regionJSON(d.RegionCode), Link: d.Path(), Verification: s.verificationJSON(d)}
	if sec, ok := refdata.SectorBySlug(d.Sector); ok {
		dj.SectorInfo = &sectorJSON{Slug: sec.Slug, Name: sec.Name}
	}
	return dj
}

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if !content.ValidID(id) {
		s.writeProblem(w, r, badParam("id", "malformed document id"))
		return
	}
	cur, err := s.store.Get(id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	hist, err := s.store.History(id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if hist == nil {
		hist = []content.Document{}
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"current": cur, "previous": hist}, false)
}

// apiPutDocument creates or replaces a document through the hub: 201
// with Location when it is new, 200 when it replaced one. Either way it
// is on disk.
func (s *Server) apiPutDocument(w http.ResponseWriter, r *http.Request) {
	a, err := s.apiActor(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	id := mux.Vars(r)["id"]
	if !content.ValidID(id) {
		s.writeProblem(w, r, badParam("id", "malformed document id"))
		return
	}
	var d content.Document
	if err := decodeJSON(r, &d); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if d.ID == "" {
		d.ID = id
	}
	if d.ID != id {
		s.writeProblem(w, r, fmt.Errorf("id in body %q differs from id in path %q: %w", d.ID, id, content.ErrInvalid))
		return
	}
	if d.Type != "" && d.Type != content.TypeInnovation {
		s.putPage(w, r, a, d)
		return
	}
	rec, exists, err := s.recordFor(a, id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	base, err := ifMatchBase(r, 'v', exists, rec.Version)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	// An admin's write is published at once; anyone else's is a draft
	// that a verifier publishes.
	var res hub.SaveResult
	if a.Account.Role == hub.RoleAdmin {
		res, err = s.hub.Publish(a, d, base)
	} else {
		res, err = s.hub.Save(a, d, base)
	}
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.catchUp(id)
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/documents/"+url.PathEscape(id))
	}
	rj := s.recordJSON(res.Record)
	s.writeJSONTagged(w, r, status, writeResultJSON{Document: res.Doc, Record: &rj}, false, versionTag(res.Record.Version))
}

// writeResultJSON answers a write: the document as stored (for an
// innovation, the working copy) and the workflow record.
type writeResultJSON struct {
	Document content.Document `json:"document"`
	Record   *recordJSON      `json:"record,omitempty"`
}

// recordFor returns the record an API write would change, as the actor
// may see it: someone else's unpublished draft does not exist for them.
func (s *Server) recordFor(a hub.Actor, id string) (hub.Record, bool, error) {
	rec, _, err := s.hub.Get(a, id)
	switch {
	case errors.Is(err, content.ErrNotFound):
		return hub.Record{}, false, nil
	case errors.Is(err, hub.ErrForbidden):
		// Public, but not the actor's: the write is refused by the hub.
		rec, _ = s.hub.Record(id)
		return rec, true, nil
	case err != nil:
		return rec, false, err
	}
	return rec, rec.State != hub.StateDeleted, nil
}

// putPage writes a guide or news document (not a hub record; admins only).
func (s *Server) putPage(w http.ResponseWriter, r *http.Request, a hub.Actor, d content.Document) {
	cur, err := s.store.Get(d.ID)
	exists := err == nil
	if err != nil && !errors.Is(err, content.ErrNotFound) {
		s.writeProblem(w, r, err)
		return
	}
	base, err := ifMatchBase(r, 'r', exists, cur.Revision)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	stored, created, err := s.hub.WritePage(a, d, base)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.catchUp(d.ID)
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/documents/"+url.PathEscape(d.ID))
	}
	s.writeJSONTagged(w, r, status, writeResultJSON{Document: stored}, false, revisionTag(stored.Revision))
}

// catchUp indexes a committed write. Committed is committed: an index
// failure is logged and the next catch-up indexes it.
func (s *Server) catchUp(id string) {
	if err := s.index.CatchUp(); err != nil {
		s.log.Error("index after write", "id", id, "err", err)
	}
}

func (s *Server) apiDeleteDocument(w http.ResponseWriter, r *http.Request) {
	a, err := s.apiActor(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	id := mux.Vars(r)["id"]
	if !content.ValidID(id) {
		s.writeProblem(w, r, badParam("id", "malformed document id"))
		return
	}
	rec, exists, err := s.recordFor(a, id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if exists {
		base, err := ifMatchBase(r, 'v', true, rec.Version)
		if err == nil {
			_, err = s.hub.Delete(a, id, base)
		}
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
	} else {
		cur, err := s.store.Get(id)
		if err == nil && cur.Type == content.TypeInnovation {
			err = fmt.Errorf("document %q: %w", id, content.ErrNotFound)
		}
		var base hub.Base
		if err == nil {
			base, err = ifMatchBase(r, 'r', true, cur.Revision)
		}
		if err == nil {
			err = s.hub.DeletePage(a, id, base)
		}
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
	}
	s.catchUp(id)
	w.WriteHeader(http.StatusNoContent)
}

// apiBulk takes JSON Lines (admins only). The body is spooled to a file
// (never held in memory), every line is checked, and with errors nothing
// is stored and every bad line is named. Innovations are published through
// the workflow as verified by the admin; documents are committed in
// batches, each synced to disk and indexed before the next; the answer
// comes after the last.
func (s *Server) apiBulk(w http.ResponseWriter, r *http.Request) {
	a, err := s.apiActor(r)
	if err == nil {
		err = hub.Authorize(a, hub.ActImport, hub.Target{})
	}
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	spool, err := os.CreateTemp(s.cfg.SpoolDir, "jippnas-bulk-*.jsonl")
	if err != nil {
		s.writeProblem(w, r, fmt.Errorf("spool request body: %w", err))
		return
	}
	defer os.Remove(spool.Name())
	defer spool.Close()
	if _, err := io.Copy(spool, r.Body); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			err = fmt.Errorf("request body is over the limit of %d bytes for a bulk import: %w", mbe.Limit, errTooLarge)
		}
		s.writeProblem(w, r, err)
		return
	}
	open := func() (io.ReadCloser, error) {
		if _, err := spool.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		return io.NopCloser(spool), nil
	}
	s.metrics.importing.Inc()
	defer s.metrics.importing.Dec()
	run, err := s.hub.StartImport(a, hub.BatchInput{File: "POST /api/v1/documents", Format: "jsonl"})
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	written := 0
	res, err := s.store.Import(open, "body", importer.FormatJSONL, s.hub.ImportOptions(a, run, store.ImportOptions{
		SkipInvalid: r.URL.Query().Get("skip_invalid") == "true",
		AfterBatch:  s.index.CatchUp,
		Progress: func(done int) {
			s.metrics.importDocs.Add(float64(done - written))
			written = done
		},
	}))
	batch, ferr := run.Finish(res, err)
	if err == nil {
		err = ferr
	}
	if err != nil {
		if errors.Is(err, content.ErrInvalid) && len(res.Errors) > 0 {
			w.Header().Set("Content-Type", "application/problem+json")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(problem{Type: "about:blank", Title: "Bad Request", Status: 400,
				Detail: err.Error(), Instance: r.URL.Path, Lines: res.Errors})
			return
		}
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, bulkResultJSON{ImportResult: res, Batch: batch}, false)
}

// bulkResultJSON answers a bulk import: the store's counts and the batch
// as the hub recorded it (created, updated, unchanged, held back for
// review).
type bulkResultJSON struct {
	store.ImportResult
	Batch hub.Batch `json:"batch"`
}

// Version tags of ETags: a hub record's version ("v12"), a page's revision
// ("r3").
func versionTag(v uint64) string  { return "v" + strconv.FormatUint(v, 10) }
func revisionTag(r uint64) string { return "r" + strconv.FormatUint(r, 10) }

// ifMatchBase reads the precondition of a write to a resource that exists
// or not, whose current version is cur (kind 'v' for records, 'r' for
// pages): If-None-Match: * creates; If-Match with an ETag this server gave
// names the version the change was made from; an update without If-Match
// is refused (428), a creation may go without.
func ifMatchBase(r *http.Request, kind byte, exists bool, cur uint64) (hub.Base, error) {
	if strings.TrimSpace(r.Header.Get("If-None-Match")) == "*" {
		return hub.Base{New: true}, nil
	}
	im := strings.TrimSpace(r.Header.Get("If-Match"))
	switch {
	case im == "" && exists:
		return hub.Base{}, fmt.Errorf("the document exists: an update needs If-Match with the ETag of the version it was made from (GET it first): %w", errPreconditionRequired)
	case im == "":
		return hub.Base{New: true}, nil
	case !exists:
		return hub.Base{}, fmt.Errorf("If-Match names a version, but the document does not exist: %w", hub.ErrStale)
	case im == "*":
		return hub.Base{Version: cur}, nil
	}
	var first uint64
	found := false
	for _, t := range strings.Split(im, ",") {
		t = strings.Trim(strings.TrimPrefix(strings.TrimSpace(t), "W/"), `"`)
		tag, _, _ := strings.Cut(t, "-")
		if len(tag) < 2 || tag[0] != kind {
			continue
		}
		n, err := strconv.ParseUint(tag[1:], 10, 64)
		if err != nil {
			continue
		}
		if n == cur {
			return hub.Base{Version: n}, nil
		}
		if !found {
			first, found = n, true
		}
	}
	if !found {
		return hub.Base{}, fmt.Errorf("If-Match %s is not an ETag of this document: %w", im, hub.ErrStale)
	}
	return hub.Base{Version: first}, nil
}

func (s *Server) apiRegions(w http.ResponseWriter, r *http.Request) {
	type province struct {
		refdata.Region
		Regencies []refdata.Region `json:"regencies"`
	}
	var out []province
	for _, p := range s.regions.Provinces() {
		out = append(out, province{Region: p, Regencies: s.regions.RegenciesOf(p.Code)})
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"provinces": out,
		"attribution": "Indonesian area data © fityannugroho/idn-area-data, ODbL 1.0"}, true)
}

func (s *Server) apiSectors(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, map[string]any{"sectors": refdata.Sectors()}, true)
}
