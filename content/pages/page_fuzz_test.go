package pages

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jippnas/content"
	"jippnas/content/refdata"
)

// fuzzSeeds adds the test inputs and the demo pages as seeds.
func fuzzSeeds(f *testing.F, extra ...string) {
	for _, s := range extra {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob("../demo/pages/*/*.md")
	for i, name := range files {
		if i >= 4 {
			break
		}
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
}

func FuzzParsePage(f *testing.F) {
	fuzzSeeds(f,
		validPage,
		"---\ntitle: [unclosed\n---\n",
		"---\n- a\n---\n",
		"---\na: &x [1]\nb: *x\ntitle: !!binary aGk=\n---\n",
		"---\r\ntitle: x\r\n...\r\n",
		"---\n? [a, b]\n: c\n---\n",
		"---\ntags: {a: [b, {c: d}]}\npublished: 9999-99-99\n---\n",
		"---",
		"",
		"---\n \r\"se|\r\rs-e\t\t|$tit####\xe0\r\"se|\r\r\xffd\n---\n", // lone CRs end YAML lines
	)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, errs := Parse("panduan/halaman-uji.md", data, content.PageGuide)
		norm := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
		lines := strings.Count(norm, "\n") + 1
		for _, e := range errs {
			if e.File != "panduan/halaman-uji.md" || e.Line < 0 || e.Line > lines || e.Message == "" {
				t.Fatalf("bad error %+v (file has %d lines)", e, lines)
			}
		}
		if len(errs) == 0 {
			if p.Title == "" || !content.ValidSlug(p.Slug) || pageCheckDate(p.Published) != "" || p.BodyLine < 2 || p.BodyLine > lines+1 {
				t.Fatalf("page accepted with invalid content: %+v", p)
			}
			if p.Sector != "" {
				if _, ok := refdata.SectorBySlug(p.Sector); !ok {
					t.Fatalf("unknown sector accepted: %q", p.Sector)
				}
			}
		}
	})
}
