package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jippnas/index/search"
)

const guideTemplate = `---
title: "Panduan Uji Muat Ulang"
summary: "Panduan sementara untuk menguji pemuatan ulang."
slug: SLUG
published: 2025-01-02
tags: [uji]
---
## Pendahuluan

Kata unik WORD hanya ada di halaman ini.
`

// TestContentFolderReload: pages in --content are loaded over the embedded
// set, a bad page is reported with its file and line and skipped, and
// edits are picked up while running.
func TestContentFolderReload(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	pages := filepath.Join(dir, "pages")
	os.MkdirAll(filepath.Join(pages, "panduan"), 0o755)
	write := func(slug, word string) {
		body := strings.ReplaceAll(strings.ReplaceAll(guideTemplate, "SLUG", slug), "WORD", word)
		if err := os.WriteFile(filepath.Join(pages, "panduan", slug+".md"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("uji-muat-ulang", "zebrakuda")
	os.WriteFile(filepath.Join(pages, "panduan", "rusak.md"), []byte("---\ntitle: [tidak tertutup\n---\nisi\n"), 0o644)

	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	a, err := openApp(ctx, appConfig{DataDir: filepath.Join(dir, "data"), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	pl := &pageLoader{app: a, dir: pages, log: log}
	if err := pl.sync(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "rusak.md:2") {
		t.Errorf("bad page not reported with file and line:\n%s", logs.String())
	}
	total := func(q string) uint64 {
		res, err := search.New(a.index, search.Config{}).Search(ctx, search.Request{Query: q, NoFacets: true})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if total("zebrakuda") != 1 {
		t.Fatal("page from the content folder not searchable")
	}
	if total("replikasi") == 0 {
		t.Fatal("embedded pages missing")
	}
	go pl.watch(ctx, 200*time.Millisecond)
	time.Sleep(300 * time.Millisecond)
	write("uji-muat-ulang", "jerapahbiru")
	deadline := time.Now().Add(5 * time.Second)
	for total("jerapahbiru") != 1 {
		if time.Now().After(deadline) {
			t.Fatal("edit not picked up within 5 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if total("zebrakuda") != 0 {
		t.Fatal("old text still found after the edit")
	}
	os.Remove(filepath.Join(pages, "panduan", "uji-muat-ulang.md"))
	deadline = time.Now().Add(5 * time.Second)
	for total("jerapahbiru") != 0 {
		if time.Now().After(deadline) {
			t.Fatal("deleted page still found after 5 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
