package pages

import (
	"jippnas/content"
	"reflect"
	"strings"
	"testing"
)

const validPage = `---
title: "Tahap Penciptaan Inovasi"
summary: >
  Panduan menemukan masalah
  dan merumuskan gagasan.
slug: tahap-penciptaan-inovasi
sector: kesehatan
tags: [Penciptaan, tahapan-inovasi, penciptaan]
published: 2024-03-12
updated: 2025-01-20
authors:
  - Tim JIPPNAS
related: [panrb-2019-abc, kemendagri.2022:xyz]
draft: false
---

Isi halaman.
`

func TestParsePageValid(t *testing.T) {
	p, errs := Parse("panduan/tahap-penciptaan-inovasi.md", []byte(validPage), content.PageGuide)
	if len(errs) > 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	want := Page{
		Type:      content.PageGuide,
		Slug:      "tahap-penciptaan-inovasi",
		Title:     "Tahap Penciptaan Inovasi",
		Summary:   "Panduan menemukan masalah dan merumuskan gagasan.",
		Sector:    "kesehatan",
		Tags:      []string{"penciptaan", "tahapan-inovasi"},
		Published: "2024-03-12",
		Updated:   "2025-01-20",
		Authors:   []string{"Tim JIPPNAS"},
		Related:   []string{"panrb-2019-abc", "kemendagri.2022:xyz"},
		Body:      "\nIsi halaman.\n",
		File:      "panduan/tahap-penciptaan-inovasi.md",
		BodyLine:  16,
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}
	// BodyLine is the file line of the body's first line.
	lines := strings.Split(validPage, "\n")
	if got := lines[p.BodyLine-1+1]; got != "Isi halaman." {
		t.Errorf("line %d of file = %q, want body text", p.BodyLine+1, got)
	}
}

func TestParsePageVariants(t *testing.T) {
	tests := []struct {
		name, file, src string
		check           func(t *testing.T, p Page)
	}{
		{"crlf and bom", "berita/a.md", "\xef\xbb\xbf---\r\ntitle: A\r\npublished: 2024-01-02\r\n---\r\nbody\r\n", func(t *testing.T, p Page) {
			if p.Title != "A" || p.Body != "body\n" || p.BodyLine != 5 {
				t.Errorf("got %+v", p)
			}
		}},
		{"slug from file name, no body", "berita/b-2.md", "---\ntitle: B\npublished: 2024-01-02\ndraft: true\n---", func(t *testing.T, p Page) {
			if p.Slug != "b-2" || !p.Draft || p.Body != "" || p.BodyLine != 6 {
				t.Errorf("got %+v", p)
			}
		}},
		{"dots end the front matter, null values", "berita/c.md", "---\ntitle: C\npublished: 2024-01-02\nsummary:\ntags:\nsector: \"\"\n...\nx", func(t *testing.T, p Page) {
			if p.Summary != "" || p.Tags != nil || p.Sector != "" || p.Body != "x" || p.BodyLine != 8 {
				t.Errorf("got %+v", p)
			}
		}},
		{"explicit string tag and comments", "panduan/d.md", "---\n# komentar\ntitle: !!str 2024\npublished: 2024-02-29 # kabisat\n---\n", func(t *testing.T, p Page) {
			if p.Title != "2024" || p.Published != "2024-02-29" {
				t.Errorf("got %+v", p)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ := content.PageNews
			if strings.HasPrefix(tt.file, "panduan/") {
				typ = content.PageGuide
			}
			p, errs := Parse(tt.file, []byte(tt.src), typ)
			if len(errs) > 0 {
				t.Fatalf("unexpected errors: %v", errs)
			}
			tt.check(t, p)
		})
	}
}

type wantErr struct {
	line  int
	field string
	msg   string // substring of the message
}

func TestParsePageErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		src  string
		want []wantErr
	}{
		{"no front matter", "panduan/a.md", "# Judul\n\nIsi.\n", []wantErr{
			{1, FieldFrontMatter, "tidak ditemukan"},
		}},
		{"empty file", "panduan/a.md", "", []wantErr{
			{1, FieldFrontMatter, "tidak ditemukan"},
		}},
		{"unterminated front matter", "panduan/a.md", "---\ntitle: A\npublished: 2024-01-01\n\n# Isi\n", []wantErr{
			{1, FieldFrontMatter, "tidak ditutup"},
		}},
		{"invalid yaml reports its line", "panduan/a.md", "---\ntitle: A\npublished: 2024-01-01\ntags: [a, b\nsector: kesehatan\n---\n", []wantErr{
			{5, FieldFrontMatter, "YAML tidak valid"},
		}},
		{"invalid yaml: bad indentation", "panduan/a.md", "---\ntitle: A\n  published: 2024-01-01\n---\n", []wantErr{
			{2, FieldFrontMatter, "YAML tidak valid"},
		}},
		{"duplicate key", "panduan/a.md", "---\ntitle: A\npublished: 2024-01-01\ntitle: B\n---\n", []wantErr{
			{4, FieldFrontMatter, "already defined"},
		}},
		{"not a mapping", "panduan/a.md", "---\n- a\n- b\n---\n", []wantErr{
			{2, FieldFrontMatter, "kunci: nilai"},
		}},
		{"empty front matter", "panduan/a.md", "---\n---\nIsi\n", []wantErr{
			{1, "title", "wajib"},
			{1, "published", "wajib"},
		}},
		{"unknown key", "panduan/a.md", "---\ntitle: A\npublished: 2024-01-01\ncategory: x\n---\n", []wantErr{
			{4, "category", "kunci tidak dikenal"},
		}},
		{"wrong types", "panduan/a.md", "---\ntitle: [A]\npublished: 2024-01-01\ntags: inovasi\ndraft: \"ya\"\nauthors:\n  - Tim\n  - 12\nsummary: 3\n---\n", []wantErr{
			{2, "title", "teks"},
			{4, "tags", "daftar"},
			{5, "draft", "true atau false"},
			{8, "authors", "teks"},
			{9, "summary", "teks"},
		}},
		{"bad dates", "berita/a.md", "---\ntitle: A\npublished: 12-03-2024\nupdated: 2024-02-30\n---\n", []wantErr{
			{3, "published", "YYYY-MM-DD"},
			{4, "updated", "yang ada"},
		}},
		{"date as number", "berita/a.md", "---\ntitle: A\npublished: 2024\n---\n", []wantErr{
			{3, "published", "YYYY-MM-DD"},
		}},
		{"updated before published", "berita/a.md", "---\ntitle: A\npublished: 2024-05-01\nupdated: 2024-04-01\n---\n", []wantErr{
			{4, "updated", "lebih awal"},
		}},
		{"unknown sector", "panduan/a.md", "---\ntitle: A\npublished: 2024-01-01\nsector: kesehatan-hewan\n---\n", []wantErr{
			{4, "sector", "tidak dikenal"},
		}},
		{"slug mismatch", "panduan/a.md", "---\ntitle: A\nslug: b\npublished: 2024-01-01\n---\n", []wantErr{
			{3, "slug", "harus sama"},
		}},
		{"invalid slug in front matter", "panduan/a.md", "---\ntitle: A\nslug: Bukan Slug\npublished: 2024-01-01\n---\n", []wantErr{
			{3, "slug", "bukan slug"},
		}},
		{"invalid file name", "panduan/Panduan Baru.md", "---\ntitle: A\npublished: 2024-01-01\n---\n", []wantErr{
			{0, "slug", "nama berkas"},
		}},
		{"missing title and published", "panduan/a.md", "---\nsummary: S\n---\n", []wantErr{
			{1, "title", "wajib"},
			{1, "published", "wajib"},
		}},
		{"empty title and published", "panduan/a.md", "---\ntitle: \"  \"\npublished:\n---\n", []wantErr{
			{2, "title", "wajib"},
			{3, "published", "wajib"},
		}},
		{"bad related id and empty tag", "panduan/a.md", "---\ntitle: A\npublished: 2024-01-01\nrelated:\n  - ok-id\n  - Bukan ID\ntags: [a, \"\"]\n---\n", []wantErr{
			{6, "related", "bukan id inovasi"},
			{7, "tags", "kosong"},
		}},
		{"too long", "panduan/a.md", "---\ntitle: " + strings.Repeat("a", 301) + "\npublished: 2024-01-01\ntags: [" + strings.Repeat("t,", 51) + "]\nauthors: [" + strings.Repeat("b", 201) + "]\n---\n", []wantErr{
			{2, "title", "terlalu panjang"},
			{4, "tags", "terlalu banyak"},
			{5, "authors", "terlalu panjang"},
		}},
		{"all errors at once", "berita/kabar.md", strings.Join([]string{
			"---",                   // 1
			"title: \"\"",           // 2
			"slug: kabar-lain",      // 3
			"sector: antariksa",     // 4
			"published: 2024/01/01", // 5
			"updated: kemarin",      // 6
			"penulis: [Tim]",        // 7
			"draft: nanti",          // 8
			"tags: {a: b}",          // 9
			"---",                   // 10
			"Isi.",                  // 11
		}, "\n"), []wantErr{
			{2, "title", "wajib"},
			{3, "slug", "harus sama"},
			{4, "sector", "tidak dikenal"},
			{5, "published", "YYYY-MM-DD"},
			{6, "updated", "YYYY-MM-DD"},
			{7, "penulis", "kunci tidak dikenal"},
			{8, "draft", "true atau false"},
			{9, "tags", "daftar"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ := content.PageGuide
			if strings.HasPrefix(tt.file, "berita/") {
				typ = content.PageNews
			}
			_, errs := Parse(tt.file, []byte(tt.src), typ)
			if len(errs) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(errs), len(tt.want), joinErrs(errs))
			}
			for i, w := range tt.want {
				e := errs[i]
				if e.File != tt.file || e.Line != w.line || e.Field != w.field || !strings.Contains(e.Message, w.msg) {
					t.Errorf("error %d = %q (line %d, field %q), want line %d field %q containing %q",
						i, e.Error(), e.Line, e.Field, w.line, w.field, w.msg)
				}
			}
		})
	}
}

func joinErrs(errs []PageError) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString("  " + e.Error() + "\n")
	}
	return b.String()
}

func TestPageErrorString(t *testing.T) {
	tests := []struct {
		e    PageError
		want string
	}{
		{PageError{"panduan/a.md", 4, "sector", "sektor \"x\" tidak dikenal"}, `panduan/a.md:4: sector: sektor "x" tidak dikenal`},
		{PageError{"panduan/a.md", 0, "", "tidak dapat dibaca"}, `panduan/a.md: tidak dapat dibaca`},
		{PageError{"b.md", 1, FieldFrontMatter, "x"}, `b.md:1: front matter: x`},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestPageTypeFolder(t *testing.T) {
	for _, typ := range []content.PageType{content.PageGuide, content.PageNews} {
		got, ok := content.PageTypeForFolder(typ.Folder())
		if !ok || got != typ {
			t.Errorf("PageTypeForFolder(%q) = %q, %v", typ.Folder(), got, ok)
		}
	}
	if _, ok := content.PageTypeForFolder("inovasi"); ok {
		t.Error("inovasi is not a page folder")
	}
}
