package markdown

import (
	"os"
	"path/filepath"
	"reflect"
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
	r := New(testResolver)
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

// FuzzPlainProse holds the prose path of PlainText to the parser's text and
// sections, and makes sure it is taken for plain paragraphs.
func FuzzPlainProse(f *testing.F) {
	for _, s := range plainProseCases {
		f.Add([]byte(s.src))
	}
	r := New(testResolver)
	// Random bytes nearly always hold a byte that sends them to the parser;
	// each input is also tried mapped onto the bytes of prose, so that the
	// prose path's own decisions (line starts, dashes, dots, "www.") meet
	// the parser's.
	const alphabet = "aw.W-:/1 \n,;()?%=+9)\xc3\xbc"
	f.Fuzz(func(t *testing.T, src []byte) {
		mapped := make([]byte, len(src))
		for i, c := range src {
			mapped[i] = alphabet[int(c)%len(alphabet)]
		}
		for _, in := range [][]byte{src, mapped} {
			text, secs := r.PlainText(in)
			wantText, wantSecs := r.plainText(in, false)
			if text != wantText || !reflect.DeepEqual(secs, wantSecs) {
				t.Fatalf("PlainText(%q) = %q %v, the parser gives %q %v", in, text, secs, wantText, wantSecs)
			}
		}
	})
}
