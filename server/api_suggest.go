package server

import (
	"context"
	"net/http"
	"strings"
	"unicode/utf8"

	"jippnas/index/suggest"
)

// suggestResponse is the public JSON shape of /api/v1/suggest.
type suggestResponse struct {
	Query       string               `json:"query"`
	Suggestions []suggest.Suggestion `json:"suggestions"`
}

// apiSuggest answers type-ahead: GET /api/v1/suggest?q=pusk&size=8.
func (s *Server) apiSuggest(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	text := strings.TrimSpace(q.Get("q"))
	if n := utf8.RuneCountInString(text); n < 1 || n > 100 {
		s.writeProblem(w, r, badParam("q", "required, 1 to 100 characters"))
		return
	}
	size, err := intParam(q, "size", 8, 1, s.cfg.Limits.SuggestSize)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	// The raw text matters: a trailing space means the last word is finished.
	raw := q.Get("q")
	if len(raw) > len(text) && strings.HasSuffix(raw, " ") {
		text += " "
	}
	sugg, err := s.suggest.Suggest(ctx, text, size)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if sugg == nil {
		sugg = []suggest.Suggestion{}
	}
	s.writeJSON(w, r, http.StatusOK, suggestResponse{Query: strings.TrimSpace(text), Suggestions: sugg}, true)
}
