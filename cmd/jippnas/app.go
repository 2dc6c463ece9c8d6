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
	"time"

	"jippnas/content"
	"jippnas/content/hub"
	"jippnas/content/markdown"
	"jippnas/content/store"
	"jippnas/index"
)

// appConfig is what every command that opens the data directory shares.
type appConfig struct {
	DataDir string
	Logger  *slog.Logger
	// StaleAfter is how long a verified record may go without update or
	// confirmation (serve --stale-days); 0: the hub's default, a year.
	StaleAfter time.Duration
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

// app is an open data directory: the store, the hub every write of a
// record goes through, the index derived from the store, and the Markdown
// renderer the index uses for page text.
type app struct {
	store    *store.Store
	hub      *hub.Hub
	index    *index.Index
	renderer *markdown.Renderer
	log      *slog.Logger
}

// openHub opens the hub over a store: the institutions registry over the
// store's region table, and the workflow (which takes records written
// before the hub under it).
func openHub(st *store.Store, staleAfter time.Duration) (*hub.Hub, error) {
	reg, err := hub.NewRegistry(st.Regions())
	if err != nil {
		return nil, err
	}
	return hub.Open(st, hub.Config{Registry: reg, StaleAfter: staleAfter})
}

// cliActor is the command line acting as a national admin.
func cliActor() hub.Actor { return hub.SystemActor("Baris perintah (CLI)", hub.ViaCLI) }

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// openStore opens the store of the data directory. md renders Markdown
// bodies for the whole program (nil: a renderer without link resolution).
func openStore(cfg appConfig, md *markdown.Renderer) (*store.Store, error) {
	st, err := store.Open(store.Config{Dir: filepath.Join(cfg.DataDir, "store"), Logger: cfg.Logger, Markdown: md})
	if err != nil && strings.Contains(err.Error(), "Cannot acquire directory lock") {
		return nil, fmt.Errorf("data directory %s is in use by another jippnas process (stop the server, or write through its API): %w", cfg.DataDir, err)
	}
	return st, err
}

// openApp opens the store and the index. An index of another schema
// version is served while it is rebuilt in the background.
func openApp(ctx context.Context, cfg appConfig) (*app, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	a := &app{log: cfg.Logger}
	// The one renderer of the program: internal links resolve against the
	// store it is given to.
	a.renderer = markdown.New(a.resolveLink)
	st, err := openStore(cfg, a.renderer)
	if err != nil {
		return nil, err
	}
	a.store = st
	if a.hub, err = openHub(st, cfg.StaleAfter); err != nil {
		st.Close()
		return nil, err
	}
	ix, err := index.Open(ctx, index.Config{
		Dir:    filepath.Join(cfg.DataDir, "index"),
		Logger: cfg.Logger,
	}, st)
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
	id, path, ok := content.LinkTarget(kind, target)
	if !ok {
		return "", false
	}
	if _, err := a.store.Get(id); err != nil {
		return "", false
	}
	return path, true
}
