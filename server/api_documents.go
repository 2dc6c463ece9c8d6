package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

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

// authorize checks the bearer token of a write request.
func (s *Server) authorize(r *http.Request) error {
	if s.cfg.AdminToken == "" {
		return fmt.Errorf("the write API is disabled on this server (no admin token configured): %w", errUnauthorized)
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || !constantTimeEqual(tok, s.cfg.AdminToken) {
		return fmt.Errorf("missing or wrong bearer token: %w", errUnauthorized)
	}
	return nil
}

func (s *Server) apiPutDocument(w http.ResponseWriter, r *http.Request) {
	if err := s.authorize(r); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	id := mux.Vars(r)["id"]
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	var d content.Document
	if err := dec.Decode(&d); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.writeProblem(w, r, err)
			return
		}
		s.writeProblem(w, r, fmt.Errorf("request body is not a valid document: %v: %w", err, content.ErrInvalid))
		return
	}
	if d.ID == "" {
		d.ID = id
	}
	if d.ID != id {
		s.writeProblem(w, r, fmt.Errorf("id in body %q differs from id in path %q: %w", d.ID, id, content.ErrInvalid))
		return
	}
	stored, err := s.store.Put(d)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if err := s.index.CatchUp(); err != nil {
		// Committed: the next catch-up indexes it. Say so, do not fail.
		s.log.Error("index after write", "id", id, "err", err)
	}
	s.writeJSON(w, r, http.StatusOK, stored, false)
}

func (s *Server) apiDeleteDocument(w http.ResponseWriter, r *http.Request) {
	if err := s.authorize(r); err != nil {
		s.writeProblem(w, r, err)
		return
	}
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

// apiBulk takes JSON Lines. The whole body is checked first; with errors,
// nothing is stored and every bad line is named. Documents are committed in
// batches and each batch is indexed before the response ends.
func (s *Server) apiBulk(w http.ResponseWriter, r *http.Request) {
	if err := s.authorize(r); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes*64))
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	open := func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(string(body))), nil }
	res, err := s.store.Import(open, "body", importer.FormatJSONL, store.ImportOptions{
		SkipInvalid: r.URL.Query().Get("skip_invalid") == "true",
		AfterBatch:  s.index.CatchUp,
	})
	if err != nil {
		if errors.Is(err, content.ErrInvalid) && len(res.Errors) > 0 {
			w.Header().Set("Content-Type", "application/problem+json")
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
