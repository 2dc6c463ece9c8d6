package server

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEExamplesAnswer: every GET example of the README (curl lines
// without a method, an ID placeholder or a body) answers 200 on the demo
// data, so that a newcomer's first commands work.
func TestREADMEExamplesAnswer(t *testing.T) {
	f := sharedFixture(t)
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	url := regexp.MustCompile(`'localhost:8080(/[^']*)'`)
	n := 0
	for _, line := range strings.Split(string(readme), "\n") {
		if !strings.Contains(line, "curl ") || strings.Contains(line, "-X ") || strings.Contains(line, "-d ") ||
			strings.Contains(line, "Authorization") {
			continue
		}
		for _, m := range url.FindAllStringSubmatch(line, -1) {
			path := m[1]
			if strings.Contains(path, "/ID") {
				continue
			}
			n++
			resp, err := http.Get(f.http.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("README example %s: status %d: %.200s", path, resp.StatusCode, body)
			}
		}
	}
	if n < 8 {
		t.Fatalf("only %d README examples found", n)
	}
}

// TestSearchETagStable: identical searches get the same ETag (the body's
// took_ms varies), so a conditional request gets 304.
func TestSearchETagStable(t *testing.T) {
	f := sharedFixture(t)
	get := func(etag string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, f.http.URL+"/api/v1/search?q=akta+kelahiran&size=5", nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	a, b := get(""), get("")
	if a.Header.Get("ETag") == "" || a.Header.Get("ETag") != b.Header.Get("ETag") {
		t.Fatalf("ETags differ: %q %q", a.Header.Get("ETag"), b.Header.Get("ETag"))
	}
	if c := get(a.Header.Get("ETag")); c.StatusCode != http.StatusNotModified {
		t.Fatalf("conditional request: status %d, want 304", c.StatusCode)
	}
}

// TestSearchPagePastTheEnd: a page number beyond the results says so and
// links to the last page, instead of "0–0 of 22" and "nothing matches".
func TestSearchPagePastTheEnd(t *testing.T) {
	f := sharedFixture(t)
	resp, err := http.Get(f.http.URL + "/cari?q=akta&page=50")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("status %d, want 404", resp.StatusCode)
	}
	for _, want := range []string{"Halaman 50 tidak ada", "Ke halaman terakhir"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"Menampilkan 0", "Tidak ada inovasi, panduan, atau berita yang cocok"} {
		if strings.Contains(page, bad) {
			t.Errorf("page says %q", bad)
		}
	}
}

func TestLoggedQueryHidesSearchWords(t *testing.T) {
	for _, c := range []struct{ raw, want string }{
		{"", ""},
		{"province=35&page=2", "province=35&page=2"},
		{"q=akta+3578012345678901&province=35", "province=35&q=%5B21+karakter%5D"},
	} {
		u := &url.URL{Path: "/cari", RawQuery: c.raw}
		if got := loggedQuery(u); got != c.want {
			t.Errorf("loggedQuery(%q) = %q, want %q", c.raw, got, c.want)
		}
	}
}
