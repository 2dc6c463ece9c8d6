package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"jippnas/content"
	"jippnas/index"
)

// appConfig is what every command that opens the data directory shares.
type appConfig struct {
	DataDir string
	Logger  *slog.Logger
	// NoCatchUp skips bringing the index up to date at open (restore).
	Quiet bool
}

func (c *appConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data", envOr("JIPPNAS_DATA", "./data"), "data directory (store and index); env JIPPNAS_DATA")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// app is an open data directory: the store, the index derived from it, and
// the Markdown renderer the index uses for page text.
type app struct {
	store    *content.Store
	index    *index.Index
	renderer *content.Renderer
	log      *slog.Logger
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func openStore(cfg appConfig) (*content.Store, error) {
	st, err := content.OpenStore(content.StoreConfig{Dir: filepath.Join(cfg.DataDir, "store"), Logger: cfg.Logger})
	if err != nil && strings.Contains(err.Error(), "Cannot acquire directory lock") {
		return nil, fmt.Errorf("data directory %s is in use by another jippnas process (stop the server, or write through its API): %w", cfg.DataDir, err)
	}
	return st, err
}

// openApp opens the store and the index. rebuildDone, if not nil, receives
// the outcome of a background rebuild started because the schema changed.
func openApp(ctx context.Context, cfg appConfig, rebuildDone chan<- error) (*app, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	st, err := openStore(cfg)
	if err != nil {
		return nil, err
	}
	a := &app{store: st, log: cfg.Logger}
	a.renderer = content.NewRenderer(a.resolveLink)
	ix, err := index.Open(ctx, index.Config{
		Dir:    filepath.Join(cfg.DataDir, "index"),
		Logger: cfg.Logger,
	}, st, rebuildDone)
	if err != nil {
		st.Close()
		return nil, err
	}
	a.index = ix
	return a, nil
}

func (a *app) close() error {
	return errors.Join(a.index.Close(), a.store.Close())
}

// resolveLink resolves internal Markdown links against the store.
func (a *app) resolveLink(kind, target string) (string, bool) {
	var id, url string
	switch kind {
	case "inovasi":
		id, url = target, "/inovasi/"+target
	case "panduan":
		id, url = content.PageID(content.PageGuide, target), "/panduan/"+target
	case "berita":
		id, url = content.PageID(content.PageNews, target), "/berita/"+target
	default:
		return "", false
	}
	if _, err := a.store.Get(id); err != nil {
		return "", false
	}
	return url, true
}
