package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"jippnas/content"
	"jippnas/content/hub"
)

// admin lets a request through only from a national admin (the bootstrap
// admin token or an admin account's token). It runs before any expensive
// wrapper, so that anonymous requests cannot hold a slot or a place in a
// queue.
func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, err := s.apiActor(r)
		if err == nil {
			err = hub.Authorize(a, hub.ActManage, hub.Target{})
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		h(w, r)
	}
}

// authenticated lets a request through only with a valid API token (what
// the token may do is the handler's affair), before any expensive wrapper.
func (s *Server) authenticated(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := s.apiActor(r); err != nil {
			s.fail(w, r, err)
			return
		}
		h(w, r)
	}
}

// apiReindex starts a rebuild of the index beside the live one (searches go
// on meanwhile) and answers 202 at once; GET /healthz and the metrics show
// when the new generation is live. A rebuild already running is a 409.
func (s *Server) apiReindex(w http.ResponseWriter, r *http.Request) {
	started := s.bg.start("index rebuild", func(ctx context.Context) {
		start := time.Now()
		err := s.index.Rebuild(ctx)
		switch {
		case errors.Is(err, context.Canceled):
			s.log.Info("index rebuild stopped by shutdown; the live index is unchanged")
		case err != nil:
			s.log.Error("index rebuild failed; the live index is unchanged", "err", err)
		default:
			s.log.Info("index rebuilt through the API", "took", time.Since(start).Round(time.Millisecond))
		}
	})
	if !started {
		s.writeProblem(w, r, fmt.Errorf("an index rebuild is already running: %w", content.ErrConflict))
		return
	}
	s.writeJSON(w, r, http.StatusAccepted, map[string]string{"status": "rebuilding"}, false)
}

// metricsWithToken serves the metrics to requests with the metrics token.
func (s *Server) metricsWithToken() http.Handler {
	h := s.MetricsHandler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || !constantTimeEqual(tok, s.cfg.MetricsToken) {
			s.writeProblem(w, r, fmt.Errorf("metrics need the metrics bearer token: %w", hub.ErrUnauthenticated))
			return
		}
		h.ServeHTTP(w, r)
	})
}
