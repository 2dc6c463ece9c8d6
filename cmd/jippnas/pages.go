package main

import (
	"context"
	"io/fs"
	"log/slog"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"jippnas/content/demo"
	"jippnas/content/pages"
)

// pageLoader keeps the page documents in the store equal to the embedded
// pages overlaid with a folder of Markdown files.
type pageLoader struct {
	app  *app
	dir  string
	log  *slog.Logger
	last string // fingerprint of the folder at the last sync
}

// loadPages reads the embedded pages, then the folder's: a folder page
// replaces the embedded one with the same type and slug. Bad pages are
// returned as errors and skipped.
func loadPages(dir string) ([]pages.Page, []pages.PageError) {
	pgs, errs := pages.Load(demo.Pages(), false)
	if dir == "" {
		return pgs, errs
	}
	folder, err := pages.OpenDir(dir)
	if err != nil {
		return pgs, append(errs, pages.PageError{File: dir, Message: err.Error()})
	}
	defer folder.Close()
	own, ownErrs := pages.Load(folder, false)
	for i := range ownErrs {
		ownErrs[i].File = filepath.Join(dir, ownErrs[i].File)
	}
	for i := range own {
		own[i].File = filepath.Join(dir, own[i].File)
	}
	byKey := map[string]int{}
	for i, p := range pgs {
		byKey[string(p.Type)+"/"+p.Slug] = i
	}
	for _, p := range own {
		if i, ok := byKey[string(p.Type)+"/"+p.Slug]; ok {
			pgs[i] = p
		} else {
			pgs = append(pgs, p)
		}
	}
	return pgs, append(errs, ownErrs...)
}

func (l *pageLoader) sync() error {
	pgs, errs := loadPages(l.dir)
	for _, e := range errs {
		l.log.Warn("page skipped", "error", e.Error())
	}
	n, err := pages.Sync(l.app.store, pgs)
	if err != nil {
		return err
	}
	if n > 0 {
		l.log.Info("pages synced", "pages", len(pgs), "changes", n)
	}
	return l.app.index.CatchUp()
}

// watch polls the folder and syncs when a file changes. Polling a folder of
// a few hundred pages every two seconds costs little and needs no
// platform-specific notification API.
func (l *pageLoader) watch(ctx context.Context, every time.Duration) {
	l.last = fingerprint(l.dir)
	poll(ctx, every, func() {
		fp := fingerprint(l.dir)
		if fp == l.last {
			return
		}
		l.last = fp
		if err := l.sync(); err != nil {
			l.log.Error("page reload failed", "err", err)
		}
	})
}

// poll calls check every interval until ctx is done: the page folder and
// the synonym file are watched this way.
func poll(ctx context.Context, every time.Duration, check func()) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			check()
		}
	}
}

func fingerprint(dir string) string {
	var parts []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return nil
		}
		if info, err := d.Info(); err == nil {
			parts = append(parts, path+"|"+strconv.FormatInt(info.Size(), 10)+"|"+strconv.FormatInt(info.ModTime().UnixNano(), 10))
		}
		return nil
	})
	sort.Strings(parts)
	return strings.Join(parts, "\n")
}
