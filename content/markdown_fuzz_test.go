package content

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds adds the test inputs and the demo pages as seeds.
func fuzzSeeds(f *testing.F, extra ...string) {
	for _, s := range extra {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob("demo/pages/*/*.md")
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
		p, errs := ParsePage("panduan/halaman-uji.md", data, PageGuide)
		norm := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
		lines := strings.Count(norm, "\n") + 1
		for _, e := range errs {
			if e.File != "panduan/halaman-uji.md" || e.Line < 0 || e.Line > lines || e.Message == "" {
				t.Fatalf("bad error %+v (file has %d lines)", e, lines)
			}
		}
		if len(errs) == 0 {
			if p.Title == "" || !ValidPageSlug(p.Slug) || pageCheckDate(p.Published) != "" || p.BodyLine < 2 || p.BodyLine > lines+1 {
				t.Fatalf("page accepted with invalid content: %+v", p)
			}
			if p.Sector != "" {
				if _, ok := SectorBySlug(p.Sector); !ok {
					t.Fatalf("unknown sector accepted: %q", p.Sector)
				}
			}
		}
	})
}

func FuzzRender(f *testing.F) {
	fuzzSeeds(f,
		benchPage(),
		"# A\n\n## B\n\ntext [x](inovasi:inov-1) [y](panduan:none#a)\n\n### C\n",
		"[x](javascript:alert(1)) ![y](data:image/png;base64,xx) <javascript:alert(1)>",
		"<script>alert(1)</script><img src=x onerror=alert(1)>",
		"| a |\n|---|\n| [b](berita:kipp-2019) |\n\n- [ ] t\n\nf[^1]\n\n[^1]: n\n",
		"## \n\n##\n\n## ---\n\n> ## q\n",
		"[x](java&#x09;script:1) [z](<java\tscript:1>)",
		"[0](0!)0",
	)
	headingIDRe := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	r := NewRenderer(testResolver)
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := r.Render(src)
		if err != nil {
			t.Fatal(err)
		}
		assertInert(t, string(src), out.HTML)
		lines := strings.Count(string(src), "\n") + 1
		for _, b := range append(out.Broken, out.Blocked...) {
			if b.Line < 1 || b.Line > lines {
				t.Fatalf("link line %d outside 1..%d", b.Line, lines)
			}
		}
		seen := map[string]bool{}
		for _, h := range out.TOC {
			if !headingIDRe.MatchString(h.ID) || seen[h.ID] {
				t.Fatalf("bad or duplicate heading id %q", h.ID)
			}
			seen[h.ID] = true
		}

		text, sections := r.PlainText(src)
		prevEnd := 0
		for i, s := range sections {
			if s.Start < prevEnd || s.Start > s.End || s.End > len(text) {
				t.Fatalf("section %d %+v out of bounds (text %d bytes, previous end %d)", i, s, len(text), prevEnd)
			}
			if s.Anchor != "" && !seen[s.Anchor] {
				t.Fatalf("section anchor %q not a rendered heading id", s.Anchor)
			}
			prevEnd = s.End
		}
		if utf8.Valid(src) && !utf8.ValidString(text) {
			t.Fatalf("plain text of valid UTF-8 is invalid: %q", text)
		}
	})
}
