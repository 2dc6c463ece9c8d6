package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"jippnas/content/demo"
	"jippnas/index/search"
	"jippnas/server"
)

func cmdServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [--addr :8080] [--data ./data] [--content DIR] [--synonyms FILE]", stderr)
	var cfg appConfig
	cfg.register(fs)
	addr := fs.String("addr", envOr("JIPPNAS_ADDR", ":8080"), "listen address; env JIPPNAS_ADDR")
	contentDir := fs.String("content", "", "folder of Markdown pages (panduan/, berita/) loaded over the embedded set and watched for changes")
	noDemo := fs.Bool("no-demo", false, "do not load the embedded demo data into an empty store")
	token := fs.String("admin-token", envOr("JIPPNAS_ADMIN_TOKEN", ""), "bearer token that enables the write API; env JIPPNAS_ADMIN_TOKEN")
	cors := fs.String("cors", envOr("JIPPNAS_CORS", ""), "comma-separated origins allowed to call the API from browsers (* for any); env JIPPNAS_CORS")
	publicURL := fs.String("public-url", envOr("JIPPNAS_PUBLIC_URL", ""), "public base URL for sitemap and share links; env JIPPNAS_PUBLIC_URL")
	insightDays := fs.Int("insight-days", 180, "days search insight keeps its daily aggregates")
	synonyms := fs.String("synonyms", envOr("JIPPNAS_SYNONYMS", ""), "synonym table applied to queries instead of the shipped one (index/search/synonyms.txt shows the format), reloaded when it changes; env JIPPNAS_SYNONYMS")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *insightDays < 1 {
		return fmt.Errorf("serve: --insight-days must be at least 1, not %d", *insightDays)
	}
	log := newLogger(stderr)
	cfg.Logger = log
	var syn *synonymFile
	var table *search.Synonyms
	if *synonyms != "" {
		syn = &synonymFile{path: *synonyms, log: log}
		var err error
		if table, err = syn.load(); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		log.Info("synonym table loaded", "file", *synonyms, "groups", table.Groups())
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()

	if n, err := a.store.Count(); err != nil {
		return err
	} else if n == 0 && !*noDemo {
		start := time.Now()
		written, err := demo.Load(a.store, a.index.CatchUp)
		if err != nil {
			return err
		}
		log.Info("demo data loaded", "documents", written, "took", time.Since(start).Round(time.Millisecond))
	}
	pl := &pageLoader{app: a, dir: *contentDir, log: log}
	if err := pl.sync(); err != nil {
		return err
	}
	if *contentDir != "" {
		go pl.watch(ctx, 2*time.Second)
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
	srv := server.New(server.Config{
		Addr: *addr, AdminToken: *token, CORSOrigins: origins, PublicURL: *publicURL, Logger: log,
		Renderer: a.renderer, OpenDataDir: filepath.Join(cfg.DataDir, "opendata"),
		InsightRetention: time.Duration(*insightDays) * 24 * time.Hour, Synonyms: table,
	}, a.store, a.index)
	if syn != nil {
		syn.apply = srv.SetSynonyms
		go syn.watch(ctx, 2*time.Second)
	}
	st := a.index.Stats()
	log.Info("jippnas serving", "addr", *addr, "documents", st.Documents, "data", cfg.DataDir)
	fmt.Fprintf(stdout, "jippnas: listening on %s\n", *addr)
	err = srv.ListenAndServe(ctx)
	// After the last request, before the store closes: search insight
	// still in memory goes to the store.
	if cerr := srv.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return err
}
