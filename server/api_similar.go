package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/refdata"
	"jippnas/index/similar"
)

// Similar innovations ("inovasi serupa"), duplicates across sources and
// related pages: reads, so no authentication.

// similarHitJSON is a search hit plus the explanation of the similarity.
type similarHitJSON struct {
	hitJSON
	SharedTerms []string `json:"shared_terms"`
	SameSector  bool     `json:"same_sector"`
	Reason      string   `json:"reason"`
}

// duplicateHitJSON is a record taken to report the same innovation.
type duplicateHitJSON struct {
	hitJSON
	TitleSimilarity       float64 `json:"title_similarity"`
	InstitutionSimilarity float64 `json:"institution_similarity"`
	TextSimilarity        float64 `json:"text_similarity"`
}

type similarResponse struct {
	ID           string           `json:"id"`
	Similar      []similarHitJSON `json:"similar"`
	Duplicates   []string         `json:"duplicates"`
	RelatedPages []similarHitJSON `json:"related_pages"`
}

type duplicatesResponse struct {
	ID         string             `json:"id"`
	Duplicates []duplicateHitJSON `json:"duplicates"`
}

type similarTextRequest struct {
	Title      string `json:"title"`
	Body       string `json:"body"`
	Sector     string `json:"sector"`
	RegionCode string `json:"region_code"`
}

type similarTextResponse struct {
	Similar            []similarHitJSON   `json:"similar"`
	PossibleDuplicates []duplicateHitJSON `json:"possible_duplicates"`
}

const (
	similarRelated   = 3
	similarTextLimit = 20000 // bytes of title+body analysed; a profile needs no more
)

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }

func (s *Server) similarJSON(hits []similar.SimilarHit) []similarHitJSON {
	out := make([]similarHitJSON, 0, len(hits))
	for _, h := range hits {
		sj := similarHitJSON{hitJSON: s.hitJSON(h.Doc), SharedTerms: h.SharedTerms, SameSector: h.SameSector, Reason: h.Reason}
		sj.Score = round3(h.Score)
		if sj.SharedTerms == nil {
			sj.SharedTerms = []string{}
		}
		out = append(out, sj)
	}
	return out
}

func (s *Server) duplicatesJSON(hits []similar.DuplicateHit) []duplicateHitJSON {
	out := make([]duplicateHitJSON, 0, len(hits))
	for _, h := range hits {
		dj := duplicateHitJSON{hitJSON: s.hitJSON(h.Doc), TitleSimilarity: round3(h.TitleSim),
			InstitutionSimilarity: round3(h.InstitutionSim), TextSimilarity: round3(h.TextSim)}
		dj.Score = round3(h.Score)
		out = append(out, dj)
	}
	return out
}

// similarOptions reads size (1–20, default 5) and the search filters.
func (s *Server) similarOptions(r *http.Request) (similar.SimilarOptions, error) {
	q := r.URL.Query()
	size, err := intParam(q, "size", 5, 1, s.cfg.Limits.SimilarSize)
	if err != nil {
		return similar.SimilarOptions{}, err
	}
	q.Del("size") // checked here, with its own bounds
	req, err := s.parseSearch(q)
	if err != nil {
		return similar.SimilarOptions{}, err
	}
	return similar.SimilarOptions{Size: size, Filters: req.Filters, YearFrom: req.YearFrom, YearTo: req.YearTo}, nil
}

func (s *Server) docFromPath(r *http.Request) (content.Document, error) {
	id := mux.Vars(r)["id"]
	if !content.ValidID(id) {
		return content.Document{}, badParam("id", "malformed document id")
	}
	return s.store.Get(id)
}

// apiSimilar serves GET /api/v1/documents/{id}/similar.
func (s *Server) apiSimilar(w http.ResponseWriter, r *http.Request) {
	d, err := s.docFromPath(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	opt, err := s.similarOptions(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	hits, err := s.similar.Similar(ctx, d.ID, opt)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	resp := similarResponse{ID: d.ID, Similar: s.similarJSON(hits), Duplicates: []string{}, RelatedPages: []similarHitJSON{}}
	if d.Type == content.TypeInnovation {
		dups, err := s.similar.Duplicates(ctx, d.ID)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		for _, h := range dups {
			resp.Duplicates = append(resp.Duplicates, h.Doc.ID)
		}
		related, err := s.similar.Related(ctx, d.ID, nil, similarRelated)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		resp.RelatedPages = s.similarJSON(related)
	}
	s.writeJSON(w, r, http.StatusOK, resp, true)
}

// apiDuplicates serves GET /api/v1/documents/{id}/duplicates.
func (s *Server) apiDuplicates(w http.ResponseWriter, r *http.Request) {
	d, err := s.docFromPath(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	resp := duplicatesResponse{ID: d.ID, Duplicates: []duplicateHitJSON{}}
	if d.Type == content.TypeInnovation {
		dups, err := s.similar.Duplicates(ctx, d.ID)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		resp.Duplicates = s.duplicatesJSON(dups)
	}
	s.writeJSON(w, r, http.StatusOK, resp, true)
}

// apiSimilarText serves POST /api/v1/similar: innovations like a new
// submission, and the records it may duplicate ("sudah ada inovasi serupa").
func (s *Server) apiSimilarText(w http.ResponseWriter, r *http.Request) {
	var in similarTextRequest
	if err := decodeJSON(r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	in.Title, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body)
	in.Sector, in.RegionCode = strings.TrimSpace(in.Sector), strings.TrimSpace(in.RegionCode)
	if in.Title == "" && in.Body == "" {
		s.writeProblem(w, r, badParam("title", "title or body is required"))
		return
	}
	if len(in.Title) > content.MaxTitleLen {
		s.writeProblem(w, r, badParam("title", fmt.Sprintf("longer than %d bytes", content.MaxTitleLen)))
		return
	}
	if in.Sector != "" {
		if _, ok := refdata.SectorBySlug(in.Sector); !ok {
			s.writeProblem(w, r, badParam("sector", "unknown sector "+fmt.Sprintf("%q", in.Sector)))
			return
		}
	}
	if in.RegionCode != "" && !s.regions.Valid(in.RegionCode) {
		s.writeProblem(w, r, badParam("region_code", "unknown Kemendagri region code "+fmt.Sprintf("%q", in.RegionCode)))
		return
	}
	body := in.Body
	if len(body) > similarTextLimit {
		body = body[:similarTextLimit]
	}
	opt, err := s.similarOptions(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	opt.Sector, opt.RegionCode = in.Sector, in.RegionCode
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	hits, err := s.similar.SimilarToText(ctx, in.Title, body, opt)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	dups, err := s.similar.PossibleDuplicates(ctx, in.Title, body, opt)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, similarTextResponse{Similar: s.similarJSON(hits), PossibleDuplicates: s.duplicatesJSON(dups)}, false)
}
