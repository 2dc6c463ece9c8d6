// Package server is the HTTP face of jippnas: the JSON API under /api/v1
// and the public website.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"

	"jippnas/content/hub"
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
	Addr         string        // default ":8080"
	AdminToken   string        // bootstrap bearer token that acts as a national admin; empty: none
	CORSOrigins  []string      // origins allowed to call the API from a browser; "*" for any
	ReadTimeout  time.Duration // default 15s
	WriteTimeout time.Duration // default 60s
	IdleTimeout  time.Duration // default 120s
	// PublicURL is the site's public base URL (https://jippnas.go.id). It
	// is the only source of absolute links (sitemap, canonical, Open
	// Graph); without it links are relative. The Host header is never used.
	PublicURL      string
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
	// Hub is the workflow every write goes through; nil opens one over the
	// store with the default institutions registry.
	Hub *hub.Hub
	// Now is the clock of search insight's days and of the login
	// throttles (default time.Now).
	Now    func() time.Time
	Limits Limits // request sizes, paging, rates and concurrency; zero values take the defaults
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto headers are believed (client address for rate
	// limits and logs; https for HSTS).
	TrustedProxies []netip.Prefix
	// TLSCert and TLSKey, both set, make the server speak HTTPS itself.
	TLSCert, TLSKey string
	// MetricsToken, when set, serves /metrics on the public listener to
	// requests that carry it as a bearer token. (cmd can instead serve
	// MetricsHandler on a listener of its own.)
	MetricsToken    string
	ShutdownTimeout time.Duration // how long shutdown waits for requests in flight; default 10s
	// SpoolDir holds bulk request bodies while they are checked and
	// imported (default: the system's temporary folder).
	SpoolDir string
	// Synonyms is the synonym table searches apply (default: the shipped
	// one); SetSynonyms replaces it while serving.
	Synonyms *search.Synonyms
	// PostingsCacheBytes bounds the decoded postings of frequent terms
	// searches keep (search.Config.PostingsCacheBytes: 0 the default,
	// negative none).
	PostingsCacheBytes int64
	// ShortPostingsCacheBytes bounds the decoded shorter lists searches
	// keep apart (search.Config.ShortPostingsCacheBytes: 0 the default,
	// negative none).
	ShortPostingsCacheBytes int64
	// ShownCacheBytes bounds the documents of result pages kept decoded
	// (search.Config.ShownCacheBytes: 0 the default, negative none).
	ShownCacheBytes int64
}

func (c *Config) defaults() {
	if c.Addr == "" {
		c.Addr = ":8080"
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
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = 10 * time.Second
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
	c.Limits.withDefaults()
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
	hub      *hub.Hub
	// Failed logins per account and per IP, and wrong bearer tokens per IP.
	loginAccount, loginIP, tokenIP *throttle
	limiter                        *rateLimiter // nil when rate limiting is off
	searchGate                     *gate
	similarGate                    *gate
	bulkGate                       *gate
	metrics                        *metrics
	active                         activeRequests
	bg                             background
	scanFailed                     atomic.Bool // the last duplicate scan failed (its error is logged)
	jobs                           importJobs  // the website's import uploads
	templateXLSX                   templateFile
}

// New builds a server over a store and its index.
func New(cfg Config, store *store.Store, ix *index.Index) *Server {
	cfg.defaults()
	if cfg.Renderer == nil {
		cfg.Renderer = store.Markdown()
	}
	s := &Server{cfg: cfg, store: store, index: ix, regions: store.Regions(), log: cfg.Logger, hub: cfg.Hub,
		search: search.New(ix, search.Config{Synonyms: cfg.Synonyms, PostingsCacheBytes: cfg.PostingsCacheBytes, ShortPostingsCacheBytes: cfg.ShortPostingsCacheBytes,
			ShownCacheBytes: cfg.ShownCacheBytes}), similar: similar.New(ix), suggest: suggest.New(ix),
		loginAccount: newThrottle(loginFailsPerAccount, throttleWindow, cfg.Now),
		loginIP:      newThrottle(loginFailsPerIP, throttleWindow, cfg.Now),
		tokenIP:      newThrottle(tokenFailsPerIP, throttleWindow, cfg.Now),
	}
	if s.hub == nil {
		s.hub = openDefaultHub(store, cfg.Logger)
	}
	s.openData = newOpenData(s)
	s.insight = newInsight(store, cfg.InsightRetention, cfg.Now)
	s.insight.start(cfg.InsightFlush, func(err error) { s.log.Error("search insight", "err", err) })
	l := cfg.Limits
	if l.Rate > 0 {
		s.limiter = newRateLimiter(l.Rate, l.RateBurst)
	}
	s.searchGate = newGate("search", l.SearchSlots, l.Queue, l.QueueWait)
	s.similarGate = newGate("similar", l.SimilarSlots, l.Queue, l.QueueWait)
	s.bulkGate = newGate("bulk", l.BulkSlots, l.Queue, l.BulkQueueWait)
	s.bg.init()
	s.metrics = newMetrics(s)
	s.router = s.routes()
	return s
}

// SetSynonyms replaces the synonym table of every search from now on.
func (s *Server) SetSynonyms(t *search.Synonyms) { s.search.SetSynonyms(t) }

// Handler is the root handler with every middleware applied.
func (s *Server) Handler() http.Handler {
	return s.observe(s.securityHeaders(s.rateLimit(s.router)))
}

func (s *Server) routes() *mux.Router {
	r := mux.NewRouter()
	r.StrictSlash(false)
	r.Use(s.nameRoute)
	lim := s.cfg.Limits
	api := r.PathPrefix("/api/v1").Subrouter()
	api.Use(s.cors)
	api.HandleFunc("/search", s.gated(s.searchGate, s.apiSearch)).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/documents/{id}/similar", s.gated(s.similarGate, s.apiSimilar)).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/documents/{id}/duplicates", s.gated(s.similarGate, s.apiDuplicates)).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/similar", s.bodyLimit(lim.SimilarBody, s.gated(s.similarGate, s.apiSimilarText))).Methods(http.MethodPost)
	api.HandleFunc("/documents/{id}", s.apiDocument).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/documents/{id}/history", s.apiHistory).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/documents/{id}", s.bodyLimit(lim.DocumentBody, s.authenticated(s.apiPutDocument))).Methods(http.MethodPut)
	api.HandleFunc("/documents/{id}", s.authenticated(s.apiDeleteDocument)).Methods(http.MethodDelete)
	api.HandleFunc("/documents", s.bodyLimit(lim.BulkBody, s.admin(s.gated(s.bulkGate, s.apiBulk)))).Methods(http.MethodPost)
	api.HandleFunc("/admin/reindex", s.admin(s.apiReindex)).Methods(http.MethodPost)
	api.HandleFunc("/pages", s.apiPages).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/pages/{slug}", s.apiPage).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/regions", s.apiRegions).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/sectors", s.apiSectors).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/suggest", s.apiSuggest).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/openapi.json", s.apiOpenAPI).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/insight", s.apiInsight).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/insight/click", s.apiInsightClick).Methods(http.MethodPost)
	s.hubAPIRoutes(api)
	api.PathPrefix("/").HandlerFunc(s.apiPreflightOrNotFound)
	s.hubWebRoutes(r)
	if s.cfg.MetricsToken != "" {
		r.Handle("/metrics", s.metricsWithToken()).Methods(http.MethodGet, http.MethodHead)
	}
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

// nameRoute records the matched route's path template for the log and the
// metrics.
func (s *Server) nameRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt := mux.CurrentRoute(r); rt != nil {
			if tpl, err := rt.GetPathTemplate(); err == nil {
				infoOf(r).route = tpl
			}
		}
		next.ServeHTTP(w, r)
	})
}

// ListenAndServe serves until ctx is cancelled, then shuts down gracefully:
// no new connections, requests in flight get ShutdownTimeout to finish,
// background work (an index rebuild) is stopped. It logs what it waited
// for.
func (s *Server) ListenAndServe(ctx context.Context) error {
	srv := &http.Server{
		Addr:              s.cfg.Addr,
		Handler:           s.Handler(),
		ReadTimeout:       s.cfg.ReadTimeout,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() {
		if s.cfg.TLSCert != "" {
			errc <- srv.ListenAndServeTLS(s.cfg.TLSCert, s.cfg.TLSKey)
		} else {
			errc <- srv.ListenAndServe()
		}
	}()
	select {
	case err := <-errc:
		s.bg.stop(s.log)
		return err
	case <-ctx.Done():
	}
	start := time.Now()
	inFlight := s.active.list()
	s.log.Info("shutting down: not accepting connections, waiting for requests in flight",
		"requests", len(inFlight), "in_flight", inFlight, "timeout", s.cfg.ShutdownTimeout)
	shut, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shut)
	if errors.Is(err, context.DeadlineExceeded) {
		left := s.active.list()
		s.log.Warn("shutdown timeout: closing connections of unfinished requests", "requests", len(left), "in_flight", left)
		err = srv.Close()
	}
	s.log.Info("HTTP server stopped", "waited", time.Since(start).Round(time.Millisecond), "requests_waited_for", len(inFlight))
	s.bg.stop(s.log)
	return err
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
