// Package server is the HTTP face of jippnas: the JSON API under /api/v1
// and the public website.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"jippnas/content/markdown"
	"jippnas/content/refdata"
	"jippnas/content/store"
	"jippnas/index"
	"jippnas/index/search"
	"jippnas/index/similar"
	"jippnas/index/suggest"
)

// Config configures the server. Zero values take the defaults.
type Config struct {
	Addr           string        // default ":8080"
	AdminToken     string        // bearer token for writes; empty disables the write API
	CORSOrigins    []string      // origins allowed to call the API from a browser; "*" for any
	MaxBodyBytes   int64         // default 1 MiB for a document, ×64 for bulk
	ReadTimeout    time.Duration // default 15s
	WriteTimeout   time.Duration // default 60s
	IdleTimeout    time.Duration // default 120s
	PublicURL      string        // for absolute links (sitemap, Open Graph); default from the request
	Logger         *slog.Logger
	RequestTimeout time.Duration // per search; default 10s
	// Renderer renders Markdown bodies (pages, innovation descriptions).
	Renderer *markdown.Renderer
	// OpenDataDir keeps the generated open-data files (default: a
	// temporary folder, removed by Close).
	OpenDataDir string
	// OpenDataRefresh is how often, at most, the open-data files are
	// rebuilt while the data keeps changing (default 10 minutes).
	OpenDataRefresh time.Duration
	// InsightRetention is how long search insight keeps a day's counts
	// (default 180 days); InsightFlush how often counts go to the store
	// (default 1 minute).
	InsightRetention time.Duration
	InsightFlush     time.Duration
	// Now is the clock of search insight's days (default time.Now).
	Now func() time.Time
	// Synonyms is the synonym table searches apply (default: the shipped
	// one); SetSynonyms replaces it while serving.
	Synonyms *search.Synonyms
}

func (c *Config) defaults() {
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = 15 * time.Second
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = 60 * time.Second
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 120 * time.Second
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = 10 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.OpenDataRefresh == 0 {
		c.OpenDataRefresh = 10 * time.Minute
	}
	if c.InsightRetention == 0 {
		c.InsightRetention = 180 * 24 * time.Hour
	}
	if c.InsightFlush == 0 {
		c.InsightFlush = time.Minute
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Server serves the API and the website.
type Server struct {
	cfg     Config
	store   *store.Store
	index   *index.Index
	search  *search.Searcher
	similar *similar.Finder
	suggest *suggest.Suggester
	regions *refdata.Regions
	log     *slog.Logger
	router  *mux.Router

	openData *openData
	insight  *insight
	closed   sync.Once
}

// New builds a server over a store and its index.
func New(cfg Config, store *store.Store, ix *index.Index) *Server {
	cfg.defaults()
	if cfg.Renderer == nil {
		cfg.Renderer = store.Markdown()
	}
	s := &Server{cfg: cfg, store: store, index: ix, regions: store.Regions(), log: cfg.Logger,
		search:  search.New(ix, search.Config{Markdown: cfg.Renderer, Synonyms: cfg.Synonyms}),
		similar: similar.New(ix), suggest: suggest.New(ix)}
	s.openData = newOpenData(s)
	s.insight = newInsight(store, cfg.InsightRetention, cfg.Now)
	s.insight.start(cfg.InsightFlush, func(err error) { s.log.Error("search insight", "err", err) })
	s.router = s.routes()
	return s
}

// SetSynonyms replaces the synonym table of every search from now on.
func (s *Server) SetSynonyms(t *search.Synonyms) { s.search.SetSynonyms(t) }

// Handler is the root handler with every middleware applied.
func (s *Server) Handler() http.Handler {
	return s.logRequests(s.securityHeaders(s.router))
}

func (s *Server) routes() *mux.Router {
	r := mux.NewRouter()
	r.StrictSlash(false)
	api := r.PathPrefix("/api/v1").Subrouter()
	api.Use(s.cors)
	api.HandleFunc("/search", s.apiSearch).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/documents/{id}/similar", s.apiSimilar).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/documents/{id}/duplicates", s.apiDuplicates).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/similar", s.apiSimilarText).Methods(http.MethodPost)
	api.HandleFunc("/documents/{id}", s.apiDocument).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/documents/{id}/history", s.apiHistory).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/documents/{id}", s.apiPutDocument).Methods(http.MethodPut)
	api.HandleFunc("/documents/{id}", s.apiDeleteDocument).Methods(http.MethodDelete)
	api.HandleFunc("/documents", s.apiBulk).Methods(http.MethodPost)
	api.HandleFunc("/pages", s.apiPages).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/pages/{slug}", s.apiPage).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/regions", s.apiRegions).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/sectors", s.apiSectors).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/suggest", s.apiSuggest).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/openapi.json", s.apiOpenAPI).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/insight", s.apiInsight).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/insight/click", s.apiInsightClick).Methods(http.MethodPost)
	api.PathPrefix("/").HandlerFunc(s.apiPreflightOrNotFound)
	s.webRoutes(r)
	r.HandleFunc("/healthz", s.healthz).Methods(http.MethodGet, http.MethodHead)
	r.NotFoundHandler = http.HandlerFunc(s.notFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(s.methodNotAllowed)
	return r
}

// Close writes what search insight still holds to the store and removes
// temporary open-data files. Call it after the last request, before the
// store closes.
func (s *Server) Close() error {
	var err error
	s.closed.Do(func() {
		err = s.insight.close()
		s.openData.close()
	})
	return err
}

// ListenAndServe serves until ctx is cancelled, then shuts down gracefully.
func (s *Server) ListenAndServe(ctx context.Context) error {
	srv := &http.Server{
		Addr:              s.cfg.Addr,
		Handler:           s.Handler(),
		ReadTimeout:       s.cfg.ReadTimeout,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(shut)
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	st := s.index.Stats()
	status := http.StatusOK
	body := map[string]any{"status": "ok", "index": st}
	if st.HWM < st.StoreSeq {
		body["status"] = "catching_up"
	}
	s.writeJSON(w, r, status, body, false)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.writeProblem(w, r, errNotFoundPath)
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(http.StatusMethodNotAllowed)
	w.Write([]byte(`{"type":"about:blank","title":"Method Not Allowed","status":405}` + "\n"))
}

func (s *Server) apiPreflightOrNotFound(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.notFound(w, r)
}
