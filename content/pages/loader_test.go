package pages

import (
	"jippnas/content"
	"jippnas/content/markdown"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

func pageSrc(title, published string, extra ...string) string {
	return "---\ntitle: " + title + "\npublished: " + published + "\n" + strings.Join(extra, "\n") + "\n---\n\nIsi " + title + ".\n"
}

func TestLoadPages(t *testing.T) {
	fsys := fstest.MapFS{
		"panduan/replikasi.md":         {Data: []byte(pageSrc("Replikasi", "2024-06-04"))},
		"panduan/abc.md":               {Data: []byte(pageSrc("ABC", "2024-01-01", "sector: kesehatan"))},
		"panduan/2025/tahap-lanjut.md": {Data: []byte(pageSrc("Lanjut", "2025-01-01"))},
		"panduan/rusak.md":             {Data: []byte("---\ntitle: Rusak\npublished: 2024-01-01\nsector: luar-angkasa\n---\nIsi\n")},
		"panduan/draf.md":              {Data: []byte(pageSrc("Draf", "2024-01-01", "draft: true"))},
		"panduan/2024/replikasi.md":    {Data: []byte(pageSrc("Replikasi lama", "2024-01-01"))},
		"panduan/.replikasi.md.swp.md": {Data: []byte("garbage")},
		"panduan/.git/x.md":            {Data: []byte("garbage")},
		"panduan/catatan.txt":          {Data: []byte("not markdown")},
		"berita/kabar.md":              {Data: []byte(pageSrc("Kabar", "2025-02-01"))},
		"berita/abc.md":                {Data: []byte(pageSrc("ABC berita", "2025-02-02"))}, // same slug as a guide: allowed
		"berita/tanpa-penutup.md":      {Data: []byte("---\ntitle: X\n")},
		"README.md":                    {Data: []byte("# not a page")},
	}
	pages, errs := Load(fsys, false)
	var got []string
	for _, p := range pages {
		got = append(got, string(p.Type)+"/"+p.Slug)
	}
	want := []string{"guide/abc", "guide/replikasi", "guide/tahap-lanjut", "news/abc", "news/kabar"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("pages = %v, want %v", got, want)
	}
	for _, p := range pages {
		if p.Slug == "replikasi" && p.File != "panduan/2024/replikasi.md" {
			t.Errorf("first file in path order should win the slug, got %s", p.File)
		}
	}
	wantErrs := []string{
		"berita/tanpa-penutup.md:1: front matter: front matter tidak ditutup",
		"panduan/replikasi.md:1: slug: slug \"replikasi\" sudah dipakai oleh panduan/2024/replikasi.md",
		"panduan/rusak.md:4: sector: sektor \"luar-angkasa\" tidak dikenal",
	}
	if len(errs) != len(wantErrs) {
		t.Fatalf("got %d errors, want %d:\n%s", len(errs), len(wantErrs), joinErrs(errs))
	}
	for i, w := range wantErrs {
		if !strings.HasPrefix(errs[i].Error(), w) {
			t.Errorf("error %d = %q, want prefix %q", i, errs[i].Error(), w)
		}
	}

	withDrafts, _ := Load(fsys, true)
	if len(withDrafts) != len(pages)+1 {
		t.Fatalf("includeDrafts: got %d pages, want %d", len(withDrafts), len(pages)+1)
	}
	found := false
	for _, p := range withDrafts {
		found = found || (p.Slug == "draf" && p.Draft)
	}
	if !found {
		t.Error("draft page missing with includeDrafts")
	}
}

func TestLoadPagesMissingFolders(t *testing.T) {
	pages, errs := Load(fstest.MapFS{"berita/a.md": {Data: []byte(pageSrc("A", "2024-01-01"))}}, false)
	if len(errs) != 0 || len(pages) != 1 || pages[0].Type != content.PageNews {
		t.Fatalf("pages=%v errs=%v", pages, errs)
	}
	pages, errs = Load(fstest.MapFS{}, true)
	if len(errs) != 0 || len(pages) != 0 {
		t.Fatalf("empty fs: pages=%v errs=%v", pages, errs)
	}
}

func TestLoadPagesTooLarge(t *testing.T) {
	big := pageSrc("Besar", "2024-01-01") + strings.Repeat("kata ", pageMaxSize/5+1)
	pages, errs := Load(fstest.MapFS{
		"panduan/besar.md": {Data: []byte(big)},
		"panduan/kecil.md": {Data: []byte(pageSrc("Kecil", "2024-01-01"))},
	}, false)
	if len(pages) != 1 || len(errs) != 1 || errs[0].File != "panduan/besar.md" || !strings.Contains(errs[0].Message, "terlalu besar") {
		t.Fatalf("pages=%d errs=%v", len(pages), errs)
	}
}

// TestDemoPages checks the shipped demo pages: every page parses, and every
// link between pages resolves (innovation ids are checked by the store).
func TestDemoPages(t *testing.T) {
	fsys := os.DirFS("demo/pages")
	if _, err := os.Stat("demo/pages"); err != nil {
		t.Skip("no demo pages")
	}
	pages, errs := Load(fsys, true)
	for _, e := range errs {
		t.Error(e)
	}
	known := map[string]bool{}
	for _, p := range pages {
		known[p.Type.Folder()+":"+p.Slug] = true
	}
	r := markdown.New(func(kind, target string) (string, bool) {
		if kind == markdown.LinkInnovation {
			return "/inovasi/" + target, true
		}
		return "/" + kind + "/" + target, known[kind+":"+target]
	})
	for _, p := range pages {
		for _, e := range CheckLinks(r, p) {
			t.Error(e)
		}
	}
}
