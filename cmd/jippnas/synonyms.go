package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"jippnas/index/search"
)

// synonymFile is the operator's synonym table (serve --synonyms): read at
// start, where a mistake stops the server with its line, and read again
// whenever the file changes, where a mistake is logged with its line and
// the last good table stays in use.
type synonymFile struct {
	path  string
	log   *slog.Logger
	apply func(*search.Synonyms)
	last  string // fingerprint of the file at the last read
}

// load reads and parses the file.
func (f *synonymFile) load() (*search.Synonyms, error) {
	f.last = fileFingerprint(f.path)
	b, err := os.ReadFile(f.path)
	if err != nil {
		return nil, fmt.Errorf("synonyms: %w", err)
	}
	return search.ParseSynonyms(f.path, string(b))
}

// watch polls the file and applies it again when it changes.
func (f *synonymFile) watch(ctx context.Context, every time.Duration) {
	poll(ctx, every, f.reload)
}

// reload applies the file if it changed since the last read.
func (f *synonymFile) reload() {
	if fileFingerprint(f.path) == f.last {
		return
	}
	t, err := f.load()
	if err != nil {
		f.log.Error("synonym table not reloaded; the previous one stays in use", "err", err)
		return
	}
	f.apply(t)
	f.log.Info("synonym table reloaded", "file", f.path, "groups", t.Groups())
}

// fileFingerprint changes when a file is written or replaced.
func fileFingerprint(path string) string {
	info, err := os.Stat(path)
	if err != nil {
		return "missing"
	}
	return strconv.FormatInt(info.Size(), 10) + "|" + strconv.FormatInt(info.ModTime().UnixNano(), 10)
}
