package pages

import (
	"strings"
	"testing"

	"jippnas/content"
	"jippnas/content/markdown"
)

func TestCheckLinks(t *testing.T) {
	src := "---\ntitle: A\npublished: 2024-01-01\n---\n\nParagraf [baik](inovasi:inov-1).\n\n## Bagian\n\nLihat [rusak](panduan:hilang) dan [jahat](javascript:alert(1)).\n"
	p, errs := Parse("panduan/a.md", []byte(src), content.PageGuide)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	got := CheckLinks(markdown.New(func(kind, target string) (string, bool) { return "/" + kind + "/" + target, target != "hilang" }), p)
	want := []string{
		`panduan/a.md:10: body: tautan internal "panduan:hilang" tidak ditemukan`,
		`panduan/a.md:10: body: tautan "javascript:alert(1)" diblokir`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%s", len(got), len(want), joinErrs(got))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i].Error(), w) {
			t.Errorf("error %d = %q, want prefix %q", i, got[i].Error(), w)
		}
	}
	// The line really is the one in the file.
	if line := strings.Split(src, "\n")[got[0].Line-1]; !strings.Contains(line, "panduan:hilang") {
		t.Errorf("line %d is %q", got[0].Line, line)
	}
}
