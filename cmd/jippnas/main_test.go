package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "jippnas-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "jippnas")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestImportExportCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	good := filepath.Join(dir, "good.jsonl")
	os.WriteFile(good, []byte(
		`{"id":"cli-1","type":"innovation","title":"Layanan Antar Jemput Akta","institution":"Disdukcapil Kota Kupang","region_code":"53.71","sector":"kependudukan","year":2020}`+"\n"+
			`{"id":"cli-2","type":"news","title":"Berita peluncuran","published":"2024-01-05"}`+"\n"), 0o644)
	if out, errs, code := runCLI(t, "", "import", "--data", data, good); code != 0 {
		t.Fatalf("import good: %d %s %s", code, out, errs)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(
		`{"id":"cli-3","type":"innovation","title":"Tanpa instansi"}`+"\n"+
			`not json`+"\n"+
			`{"id":"cli-4","type":"innovation","title":"Wilayah salah","institution":"X","region_code":"77.01"}`+"\n"+
			`{"id":"cli-1","type":"innovation","title":"","institution":"X"}`+"\n"), 0o644)
	_, errs, code := runCLI(t, "", "import", "--data", data, bad)
	if code != 1 {
		t.Fatalf("bad import exit %d", code)
	}
	for _, want := range []string{
		bad + ":1: institution: required",
		bad + ":2: invalid JSON",
		bad + `:3: region_code: unknown Kemendagri region code "77.01"`,
		bad + ":4: title: required",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	out, _, code := runCLI(t, "", "export", "--data", data)
	if code != 0 || strings.Count(out, "\n") != 2 || !strings.Contains(out, `"title":"Layanan Antar Jemput Akta"`) {
		t.Fatalf("export after failed import (exit %d):\n%s", code, out)
	}
	// Export → import into a new directory round-trips.
	exp := filepath.Join(dir, "export.jsonl")
	os.WriteFile(exp, []byte(out), 0o644)
	data2 := filepath.Join(dir, "data2")
	if _, errs, code := runCLI(t, "", "import", "--data", data2, exp); code != 0 {
		t.Fatalf("re-import: %s", errs)
	}
	out2, _, _ := runCLI(t, "", "export", "--data", data2)
	strip := func(s string) string {
		var lines []string
		for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
			var m map[string]any
			json.Unmarshal([]byte(l), &m)
			delete(m, "updated_at")
			b, _ := json.Marshal(m)
			lines = append(lines, string(b))
		}
		return strings.Join(lines, "\n")
	}
	if strip(out) != strip(out2) {
		t.Fatalf("round trip differs:\n%s\n%s", out, out2)
	}
	// Backup and restore.
	bk := filepath.Join(dir, "store.bak")
	if _, errs, code := runCLI(t, "", "backup", "--data", data, bk); code != 0 {
		t.Fatal(errs)
	}
	data3 := filepath.Join(dir, "data3")
	if _, errs, code := runCLI(t, "", "restore", "--data", data3, bk); code != 0 {
		t.Fatal(errs)
	}
	out3, _, _ := runCLI(t, "", "stats", "--data", data3)
	if !strings.Contains(out3, "store: 2 documents") || !strings.Contains(out3, ", 2 documents") {
		t.Fatalf("stats after restore:\n%s", out3)
	}
	if _, _, code := runCLI(t, "", "restore", "--data", data3, bk); code == 0 {
		t.Fatal("restore over existing data accepted")
	}
	if _, errs, code := runCLI(t, "", "reindex", "--data", data3); code != 0 {
		t.Fatal(errs)
	}
	if _, _, code := runCLI(t, "", "nonsense"); code != 2 {
		t.Fatal("unknown command accepted")
	}
	if _, _, code := runCLI(t, "", "import", "--help"); code != 0 {
		t.Fatal("--help failed")
	}
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func startServer(t *testing.T, data, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(binary, "serve", "--data", data, "--addr", addr, "--no-demo", "--admin-token", "tok", "--rate-limit", "0")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return cmd
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatal("server did not start")
	return nil
}

func word(n int) string {
	// A unique lowercase pseudo-word per document, so each can be searched.
	const letters = "bcdfghjklmnpqrstvwxyz"
	s := "zq"
	for n > 0 || len(s) < 6 {
		s += string(letters[n%len(letters)])
		n /= len(letters)
	}
	return s
}

// TestKillDuringImport kills the server with SIGKILL while a bulk import is
// running, restarts it, and checks that every acknowledged write is stored
// and findable.
func TestKillDuringImport(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	addr := freeAddr(t)
	srv := startServer(t, data, addr)
	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for b := 0; ; b++ {
			select {
			case <-stop:
				return
			default:
			}
			var body bytes.Buffer
			var ids []string
			for i := 0; i < 100; i++ {
				n := b*100 + i
				id := fmt.Sprintf("kill-%d", n)
				ids = append(ids, id)
				fmt.Fprintf(&body, `{"id":%q,"type":"innovation","title":"Inovasi ketahanan %s","institution":"Dinas Uji","body":"Uraian uji ketahanan data nomor %d."}`+"\n", id, word(n), n)
			}
			req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/documents", &body)
			adminAuth(req)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return // the server is gone
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				mu.Lock()
				acked = append(acked, ids...)
				mu.Unlock()
			}
		}
	}()
	time.Sleep(1500 * time.Millisecond)
	srv.Process.Signal(syscall.SIGKILL)
	srv.Wait()
	close(stop)
	<-done
	mu.Lock()
	n := len(acked)
	mu.Unlock()
	if n == 0 {
		t.Fatal("no batch was acknowledged before the kill")
	}
	t.Logf("%d documents acknowledged before SIGKILL", n)

	srv = startServer(t, data, addr)
	defer func() { srv.Process.Kill(); srv.Wait() }()
	// Every acknowledged document is stored...
	for _, id := range acked {
		resp, err := http.Get("http://" + addr + "/api/v1/documents/" + id)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("acknowledged %s missing after restart: %d", id, resp.StatusCode)
		}
	}
	// ...and findable: by its own word, and all together by the shared one.
	for i := 0; i < n; i += 97 {
		var res struct {
			Total int
			Hits  []struct{ ID string }
		}
		resp, err := http.Get("http://" + addr + "/api/v1/search?facets=none&q=" + url.QueryEscape(word(i)))
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		// Typo tolerance adds near words; the exact match ranks first.
		if res.Total == 0 || res.Hits[0].ID != fmt.Sprintf("kill-%d", i) {
			t.Fatalf("document %d (%s) not found first after restart: %+v", i, word(i), res)
		}
	}
	var res struct{ Total int }
	resp, err := http.Get("http://" + addr + "/api/v1/search?facets=none&q=ketahanan")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if res.Total < n {
		t.Fatalf("search finds %d of %d acknowledged documents", res.Total, n)
	}
}

// TestCheckReportsBrokenLinks: jippnas check names every broken internal
// link and bad front matter with file and line.
func TestCheckReportsBrokenLinks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pages := filepath.Join(dir, "pages", "panduan")
	os.MkdirAll(pages, 0o755)
	os.WriteFile(filepath.Join(pages, "uji-tautan.md"), []byte("---\ntitle: Uji tautan\nslug: uji-tautan\npublished: 2025-02-03\n---\n"+
		"Lihat [panduan replikasi](panduan:replikasi-inovasi).\n\nDan [yang hilang](panduan:tidak-ada) serta\n[inovasi fiktif](inovasi:tidak-ada-juga).\n"), 0o644)
	os.WriteFile(filepath.Join(pages, "rusak.md"), []byte("---\ntitle: Rusak\nslug: rusak\npublished: 2025-13-01\n---\nisi\n"), 0o644)
	out, _, code := runCLI(t, "", "check", "--data", filepath.Join(dir, "data"), "--content", filepath.Join(dir, "pages"))
	if code != 1 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, want := range []string{
		filepath.Join(pages, "uji-tautan.md") + ":8:",
		"panduan:tidak-ada",
		filepath.Join(pages, "uji-tautan.md") + ":9:",
		"inovasi:tidak-ada-juga",
		filepath.Join(pages, "rusak.md") + ":4: published",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "replikasi-inovasi") {
		t.Errorf("a valid link was reported:\n%s", out)
	}
}
