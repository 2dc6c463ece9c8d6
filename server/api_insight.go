package server

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"

	"jippnas/content"
	"jippnas/content/hub"
)

// canSeeInsight is the one check in front of search insight: national
// figures, for those who may see the national overview (admins and
// verifiers), signed in on the website or with an API token.
func (s *Server) canSeeInsight(r *http.Request) error {
	if u := s.currentUser(r); u != nil {
		return hub.Authorize(u.actor, hub.ActOverview, hub.Target{})
	}
	a, err := s.apiActor(r)
	if err != nil {
		return err
	}
	return hub.Authorize(a, hub.ActOverview, hub.Target{})
}

// insightParams reads period, date and limit.
func (s *Server) insightParams(q url.Values) (string, time.Time, int, error) {
	period := q.Get("period")
	switch period {
	case "":
		period = "week"
	case "day", "week":
	default:
		return "", time.Time{}, 0, badParam("period", "must be day or week")
	}
	date := s.cfg.Now().In(wib)
	if v := q.Get("date"); v != "" {
		d, err := time.ParseInLocation(time.DateOnly, v, wib)
		if err != nil {
			return "", time.Time{}, 0, badParam("date", "must be a date in YYYY-MM-DD form")
		}
		date = d
	}
	limit, err := intParam(q, "limit", 20, 1, 100)
	return period, date, limit, err
}

func (s *Server) apiInsight(w http.ResponseWriter, r *http.Request) {
	if err := s.canSeeInsight(r); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	period, date, limit, err := s.insightParams(r.URL.Query())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	rep, err := s.insight.report(period, date, limit)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, rep, false)
}

// apiInsightClick is the beacon a results page sends when a visitor opens
// a result: the query only, nothing about the visitor. It always answers
// 204, so that it does not tell whether a query was searched.
func (s *Server) apiInsightClick(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4<<10))
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var q string
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var v struct {
			Q string `json:"q"`
		}
		if err := json.Unmarshal(body, &v); err != nil {
			s.writeProblem(w, r, fmt.Errorf("body is not {\"q\": \"…\"}: %w", content.ErrInvalid))
			return
		}
		q = v.Q
	default: // navigator.sendBeacon with URLSearchParams: a simple request, no preflight
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			s.writeProblem(w, r, badParam("q", "body is not form data"))
			return
		}
		q = vals.Get("q")
	}
	if len(q) > 500 {
		s.writeProblem(w, r, badParam("q", "longer than 500 characters"))
		return
	}
	s.insight.click(q)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}
