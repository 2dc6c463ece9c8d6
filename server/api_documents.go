package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/importer"
	"jippnas/content/refdata"
	"jippnas/content/store"
)

// documentJSON is a stored document plus the resolved labels a client
// would otherwise have to look up.
type documentJSON struct {
	content.Document
	RegionInfo *regionJSON `json:"region,omitempty"`
	SectorInfo *sectorJSON `json:"sector_info,omitempty"`
	Link       string      `json:"link"`
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
	s.writeJSON(w, r, http.StatusOK, s.documentJSON(d), true)
}

func (s *Server) documentJSON(d content.Document) documentJSON {
	dj := documentJSON{Document: d, RegionInfo: s.regionJSON(d.RegionCode), Link: d.Path()}
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

// apiPutDocument creates or replaces a document: 201 with Location when it
// is new, 200 when it replaced one. Either way it is on disk.
func (s *Server) apiPutDocument(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
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
	var stored content.Document
	created := false
	err := s.store.Update(func(tx *store.Tx) error {
		_, err := tx.Document(id)
		created = errors.Is(err, content.ErrNotFound)
		if err != nil && !created {
			return err
		}
		stored, err = tx.PutDocument(d)
		return err
	})
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if err := s.index.CatchUp(); err != nil {
		// Committed: the next catch-up indexes it. Say so, do not fail.
		s.log.Error("index after write", "id", id, "err", err)
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/documents/"+url.PathEscape(stored.ID))
	}
	s.writeJSON(w, r, status, stored, false)
}

func (s *Server) apiDeleteDocument(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if err := s.store.Delete(id); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if err := s.index.CatchUp(); err != nil {
		s.log.Error("index after delete", "id", id, "err", err)
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiBulk takes JSON Lines. The body is spooled to a file (never held in
// memory), every line is checked, and with errors nothing is stored and
// every bad line is named. Documents are committed in batches, each synced
// to disk and indexed before the next; the answer comes after the last.
func (s *Server) apiBulk(w http.ResponseWriter, r *http.Request) {
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
	written := 0
	res, err := s.store.Import(open, "body", importer.FormatJSONL, store.ImportOptions{
		SkipInvalid: r.URL.Query().Get("skip_invalid") == "true",
		AfterBatch:  s.index.CatchUp,
		Progress: func(done int) {
			s.metrics.importDocs.Add(float64(done - written))
			written = done
		},
	})
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
	s.writeJSON(w, r, http.StatusOK, res, false)
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
