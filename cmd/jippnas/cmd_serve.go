package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"jippnas/index/search"
	"jippnas/server"
)

func cmdServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [--addr :8080] [--data ./data] [--content DIR] [--public-url URL] [--synonyms FILE] [flags]\n\nLimits, metrics, backups and running behind a proxy: docs/operations.md.", stderr)
	var cfg appConfig
	cfg.register(fs)
	addr := fs.String("addr", envOr("JIPPNAS_ADDR", ":8080"), "listen address; env JIPPNAS_ADDR")
	contentDir := fs.String("content", "", "folder of Markdown pages (panduan/, berita/) loaded over the embedded set and watched for changes")
	noDemo := fs.Bool("no-demo", false, "do not load the embedded demo data into an empty store")
	token := fs.String("admin-token", envOr("JIPPNAS_ADMIN_TOKEN", ""), "bootstrap bearer token that acts as a national admin on the API (accounts have their own tokens: jippnas tokens); env JIPPNAS_ADMIN_TOKEN")
	cors := fs.String("cors", envOr("JIPPNAS_CORS", ""), "comma-separated origins allowed to call the API from browsers (* for any); env JIPPNAS_CORS")
	publicURL := fs.String("public-url", envOr("JIPPNAS_PUBLIC_URL", ""), "public base URL, the only source of absolute links (sitemap, canonical, Open Graph); env JIPPNAS_PUBLIC_URL")
	proxies := fs.String("trusted-proxies", envOr("JIPPNAS_TRUSTED_PROXIES", ""), "addresses or CIDR prefixes of reverse proxies whose X-Forwarded-For/-Proto are believed; env JIPPNAS_TRUSTED_PROXIES")
	tlsCert := fs.String("tls-cert", "", "certificate file: serve HTTPS directly (with --tls-key)")
	tlsKey := fs.String("tls-key", "", "private key file for --tls-cert")
	metricsAddr := fs.String("metrics-addr", envOr("JIPPNAS_METRICS_ADDR", ""), "serve Prometheus metrics at /metrics on this separate address (e.g. 127.0.0.1:9464); env JIPPNAS_METRICS_ADDR")
	metricsToken := fs.String("metrics-token", envOr("JIPPNAS_METRICS_TOKEN", ""), "serve /metrics on the public address to requests with this bearer token; env JIPPNAS_METRICS_TOKEN")
	shutdown := fs.Duration("shutdown-timeout", 10*time.Second, "how long a shutdown waits for requests in flight")
	backupDir := fs.String("backup-dir", envOr("JIPPNAS_BACKUP_DIR", ""), "write scheduled backups of the store into this folder; env JIPPNAS_BACKUP_DIR")
	backupEvery := fs.Duration("backup-every", 24*time.Hour, "time between scheduled backups")
	backupKeep := fs.Int("backup-keep", 7, "scheduled backups kept (older ones are removed)")
	insightDays := fs.Int("insight-days", 180, "days search insight keeps its daily aggregates")
	staleDays := fs.Int("stale-days", 365, "days a verified innovation may go without update or confirmation before it needs pemutakhiran")
	var limits server.Limits
	registerLimits(fs, &limits)
	synonyms := fs.String("synonyms", envOr("JIPPNAS_SYNONYMS", ""), "synonym table applied to queries instead of the shipped one (index/search/synonyms.txt shows the format), reloaded when it changes; env JIPPNAS_SYNONYMS")
	postingsMB := fs.Int64("postings-cache-mb", 0, "MiB of decoded postings lists of frequent terms kept for searches (0: the default, 384; negative: none)")
	shownMB := fs.Int64("shown-cache-mb", 0, "MiB of documents of result pages kept decoded until the index changes (0: the default, 32; negative: none)")
	shortPostingsMB := fs.Int64("short-postings-cache-mb", 0, "MiB of decoded shorter postings lists (64 postings up to the frequent ones) kept apart for searches (0: the default, 32; negative: none)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *insightDays < 1 {
		return fmt.Errorf("serve: --insight-days must be at least 1, not %d", *insightDays)
	}
	if *staleDays < 1 {
		return fmt.Errorf("serve: --stale-days must be at least 1, not %d", *staleDays)
	}
	cfg.StaleAfter = time.Duration(*staleDays) * 24 * time.Hour
	if err := finishLimits(&limits); err != nil {
		return fmt.Errorf("limits: %w", err)
	}
	trusted, err := server.ParseTrustedProxies(*proxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	if (*tlsCert == "") != (*tlsKey == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	if *publicURL != "" && !strings.HasPrefix(*publicURL, "https://") && !strings.HasPrefix(*publicURL, "http://") {
		return fmt.Errorf("--public-url %q: must start with https:// or http://", *publicURL)
	}
	log := newLogger(stderr)
	cfg.Logger = log
	spool, err := spoolDir(cfg.DataDir)
	if err != nil {
		return err
	}
	var syn *synonymFile
	var table *search.Synonyms
	if *synonyms != "" {
		syn = &synonymFile{path: *synonyms, log: log}
		if table, err = syn.load(); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		log.Info("synonym table loaded", "file", *synonyms, "groups", table.Groups())
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		start := time.Now()
		if err := a.close(); err != nil {
			log.Error("closing the index and store", "err", err)
			return
		}
		log.Info("index and store closed", "took", time.Since(start).Round(time.Millisecond))
	}()

	if n, err := a.store.Count(); err != nil {
		return err
	} else if n == 0 && !*noDemo {
		start := time.Now()
		written, err := loadDemo(a, a.index.CatchUp, stdout, loginURL(*publicURL, *addr))
		if err != nil {
			return err
		}
		log.Info("demo data loaded", "documents", written, "took", time.Since(start).Round(time.Millisecond))
	}
	pl := &pageLoader{app: a, dir: *contentDir, log: log}
	if err := pl.sync(); err != nil {
		return err
	}
	if err := a.index.CatchUp(); err != nil {
		return err
	}
	var origins []string
	for _, o := range strings.Split(*cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	if *publicURL == "" {
		log.Warn("no --public-url: pages carry relative links and the sitemap has no absolute locations; set it in production")
	}
	srv := server.New(server.Config{
		Addr: *addr, AdminToken: *token, CORSOrigins: origins, PublicURL: *publicURL, Logger: log,
		Renderer: a.renderer, OpenDataDir: filepath.Join(cfg.DataDir, "opendata"),
		InsightRetention: time.Duration(*insightDays) * 24 * time.Hour, Hub: a.hub,
		Limits: limits, TrustedProxies: trusted, TLSCert: *tlsCert, TLSKey: *tlsKey,
		MetricsToken: *metricsToken, ShutdownTimeout: *shutdown, SpoolDir: spool, Synonyms: table,
		PostingsCacheBytes: *postingsMB << 20, ShortPostingsCacheBytes: *shortPostingsMB << 20,
		ShownCacheBytes: *shownMB << 20,
	}, a.store, a.index)

	// Background work of the command, waited for on shutdown.
	var bg sync.WaitGroup
	bgCtx, stopBG := context.WithCancel(context.Background())
	defer func() {
		stopBG()
		start := time.Now()
		bg.Wait()
		if took := time.Since(start); took > 10*time.Millisecond {
			log.Info("waited for background work (page watcher, backup, metrics listener)", "took", took.Round(time.Millisecond))
		}
	}()
	if *contentDir != "" {
		bg.Add(1)
		go func() { defer bg.Done(); pl.watch(bgCtx, 2*time.Second) }()
	}
	if *backupDir != "" {
		sched, err := newBackupSchedule(*backupDir, *backupEvery, *backupKeep, a.store, log)
		if err != nil {
			return err
		}
		if err := srv.RegisterMetrics(sched.collectors()...); err != nil {
			return err
		}
		bg.Add(1)
		go func() { defer bg.Done(); sched.run(bgCtx) }()
		log.Info("scheduled backups", "dir", *backupDir, "every", *backupEvery, "keep", *backupKeep)
	}
	if *metricsAddr != "" {
		if err := serveMetrics(bgCtx, &bg, *metricsAddr, srv.MetricsHandler(), log); err != nil {
			return err
		}
	}
	if syn != nil {
		syn.apply = srv.SetSynonyms
		bg.Add(1)
		go func() { defer bg.Done(); syn.watch(bgCtx, 2*time.Second) }()
	}
	// The thesaurus of questions is read on the first question; a server
	// reads it now, beside serving, so that no visitor waits for it.
	go func() { _, _ = search.DefaultThesaurus() }()
	st := a.index.Stats()
	log.Info("jippnas serving", "addr", *addr, "documents", st.Documents, "data", cfg.DataDir, "tls", *tlsCert != "")
	fmt.Fprintf(stdout, "jippnas: listening on %s\n", *addr)
	err = srv.ListenAndServe(ctx)
	// After the last request, before the store closes: search insight
	// still in memory goes to the store.
	if cerr := srv.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return err
}

// loginURL is where the demo accounts sign in.
func loginURL(public, addr string) string {
	if public != "" {
		return strings.TrimRight(public, "/") + "/masuk"
	}
	host := addr
	if strings.HasPrefix(host, ":") {
		host = "localhost" + host
	}
	return "http://" + host + "/masuk"
}

// spoolDir is the folder for bulk bodies being imported, inside the data
// directory (same disk, same permissions); leftovers of a crash are removed.
func spoolDir(dataDir string) (string, error) {
	dir := filepath.Join(dataDir, "tmp")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("spool folder: %w", err)
	}
	// Bodies and uploads of a server that stopped: their requests and
	// import jobs ended with it.
	for _, pattern := range []string{"jippnas-bulk-*", "jippnas-impor-*"} {
		old, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, f := range old {
			os.RemoveAll(f)
		}
	}
	return dir, nil
}

// serveMetrics serves /metrics on its own listener until ctx ends, and the
// Go profiler under /debug/pprof/ beside it: the listener is the private
// one, and a heap or CPU profile of the live server is what answers "why
// does it use that much".
func serveMetrics(ctx context.Context, wg *sync.WaitGroup, addr string, h http.Handler, log *slog.Logger) error {
	mux := http.NewServeMux()
	mux.Handle("/metrics", h)
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--metrics-addr: %w", err)
	}
	log.Info("metrics", "addr", ln.Addr().String(), "path", "/metrics")
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener", "err", err)
		}
	}()
	go func() {
		defer wg.Done()
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	return nil
}
