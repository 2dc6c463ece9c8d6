package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// serveCmd starts the real binary with serve and extra flags, waits for it
// to answer, and returns it with its log.
func serveCmd(t *testing.T, args ...string) (*exec.Cmd, *syncLog) {
	t.Helper()
	var logs syncLog
	cmd := exec.Command(binary, append([]string{"serve", "--rate-limit", "0", "--admin-token", "tok"}, args...)...)
	cmd.Stdout, cmd.Stderr = io.Discard, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, &logs
}

func waitHealthy(t *testing.T, addr string, logs *syncLog) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("server at %s did not start:\n%s", addr, logs.String())
}

func total(t *testing.T, addr, query string) int {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/api/v1/search?facets=none&size=0&" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct{ Total int }
	json.NewDecoder(resp.Body).Decode(&res)
	return res.Total
}

// TestKillDuringFirstStart (issue 16, finding 7): the server is killed at
// moments spread over its first start, while the demo data loads; the next
// start has the whole demo.
func TestKillDuringFirstStart(t *testing.T) {
	t.Parallel()
	for i, delay := range []time.Duration{300 * time.Millisecond, 1000 * time.Millisecond, 2000 * time.Millisecond} {
		data := filepath.Join(t.TempDir(), fmt.Sprint("data", i))
		addr := freeAddr(t)
		first, _ := serveCmd(t, "--data", data, "--addr", addr)
		time.Sleep(delay)
		first.Process.Signal(syscall.SIGKILL)
		first.Wait()
		again, logs := serveCmd(t, "--data", data, "--addr", addr)
		waitHealthy(t, addr, logs)
		inn, guides, news := total(t, addr, "type=innovation"), total(t, addr, "type=guide"), total(t, addr, "type=news")
		if inn != 165 || guides != 15 || news != 25 {
			t.Errorf("killed %s into the first start: after restart %d innovations, %d guides, %d news; want 165, 15, 25\n%s",
				delay, inn, guides, news, logs.String())
		}
		again.Process.Signal(syscall.SIGTERM)
		again.Wait()
	}
}

// TestHostileContentFolder (finding 4): links out of the folder, a link to
// /dev/zero and a FIFO neither hang serve nor get published; check names
// each.
func TestHostileContentFolder(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	secret := filepath.Join(base, "rahasia.md")
	os.WriteFile(secret, []byte("---\ntitle: Dokumen Rahasia Luar\npublished: 2025-01-01\n---\nRahasia.\n"), 0o644)
	guides := filepath.Join(base, "konten", "panduan")
	os.MkdirAll(guides, 0o755)
	os.WriteFile(filepath.Join(guides, "panduan-sah.md"), []byte("---\ntitle: Panduan Sah\npublished: 2025-01-01\n---\nIsi panduan.\n"), 0o644)
	for _, err := range []error{
		os.Symlink(secret, filepath.Join(guides, "keluar.md")),
		os.Symlink("/dev/zero", filepath.Join(guides, "nol.md")),
		syscall.Mkfifo(filepath.Join(guides, "pipa.md"), 0o644),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	contentDir := filepath.Join(base, "konten")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, binary, "check", "--data", filepath.Join(base, "check-data"), "--content", contentDir).CombinedOutput()
	if ctx.Err() != nil {
		t.Fatal("check hung on the content folder")
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("check: %v\n%s", err, out)
	}
	for _, want := range []string{"keluar.md: tautan simbolik dilewati", "nol.md: tautan simbolik dilewati", "pipa.md: bukan berkas biasa (FIFO)"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	addr := freeAddr(t)
	srv, logs := serveCmd(t, "--data", filepath.Join(base, "data"), "--addr", addr, "--no-demo", "--content", contentDir)
	waitHealthy(t, addr, logs)
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get("/panduan/panduan-sah"); code != 200 {
		t.Errorf("the good page: %d", code)
	}
	for _, p := range []string{"/panduan/keluar", "/panduan/nol", "/panduan/pipa"} {
		if code, _ := get(p); code != 404 {
			t.Errorf("%s published: %d", p, code)
		}
	}
	if _, sitemap := get("/sitemap.xml"); strings.Contains(sitemap, "keluar") {
		t.Error("a page from outside the folder is in the sitemap")
	}
	if code, body := get("/api/v1/search?q=rahasia+luar&facets=none"); code != 200 || strings.Contains(body, "Dokumen Rahasia Luar") {
		t.Errorf("the outside file is searchable: %d", code)
	}
	srv.Process.Signal(syscall.SIGTERM)
	srv.Wait()
}

// TestScheduledBackupAndRestore (finding 9): serve --backup-dir writes
// backups on schedule and keeps the newest N; the newest restores into an
// empty data directory with every document and an index that finds them.
func TestScheduledBackupAndRestore(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	backups := filepath.Join(base, "backups")
	addr := freeAddr(t)
	srv, logs := serveCmd(t, "--data", filepath.Join(base, "data"), "--addr", addr, "--no-demo",
		"--backup-dir", backups, "--backup-every", "1s", "--backup-keep", "2")
	waitHealthy(t, addr, logs)
	ids := []string{"cadangan-1", "cadangan-2", "cadangan-3"}
	for _, id := range ids {
		body := fmt.Sprintf(`{"type":"innovation","title":"Inovasi cadangan %s","institution":"Dinas Arsip","region_code":"35.78"}`, id)
		req, _ := http.NewRequest("PUT", "http://"+addr+"/api/v1/documents/"+id, strings.NewReader(body))
		adminAuth(req)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("PUT %s: %d", id, resp.StatusCode)
		}
	}
	written := time.Now()
	var newest string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		names, _ := filepath.Glob(filepath.Join(backups, "jippnas-*.backup"))
		if len(names) > 0 {
			if st, err := os.Stat(names[len(names)-1]); err == nil && st.ModTime().After(written.Add(time.Second)) {
				newest = names[len(names)-1]
				break
			}
		}
	}
	if newest == "" {
		t.Fatalf("no backup after the writes:\n%s", logs.String())
	}
	time.Sleep(2500 * time.Millisecond) // a few more rounds: old ones must go
	srv.Process.Signal(syscall.SIGTERM)
	srv.Wait()
	names, _ := filepath.Glob(filepath.Join(backups, "jippnas-*.backup"))
	if len(names) == 0 || len(names) > 2 {
		t.Errorf("%d backups kept, want 1 or 2 (--backup-keep 2)", len(names))
	}
	if partial, _ := filepath.Glob(filepath.Join(backups, "*.partial")); len(partial) > 0 {
		t.Errorf("partial backups left: %v", partial)
	}
	for _, want := range []string{"backup written", "old backup removed", "shutting down", "HTTP server stopped", "index and store closed"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
	// The drill: restore the newest into an empty data directory.
	restored := filepath.Join(base, "restored")
	if out, errs, code := runCLI(t, "", "restore", "--data", restored, names[len(names)-1]); code != 0 {
		t.Fatalf("restore: %d %s %s", code, out, errs)
	}
	out, errs, code := runCLI(t, "", "stats", "--data", restored, "--json")
	if code != 0 {
		t.Fatalf("stats: %s", errs)
	}
	var st struct {
		StoreDocuments int `json:"store_documents"`
		Index          struct{ Documents int }
	}
	json.Unmarshal([]byte(out), &st)
	if st.StoreDocuments != 43 || st.Index.Documents != 43 { // 3 innovations + 40 embedded pages
		t.Errorf("restored store %d, index %d documents; want 43", st.StoreDocuments, st.Index.Documents)
	}
	exported, _, _ := runCLI(t, "", "export", "--data", restored)
	for _, id := range ids {
		if !strings.Contains(exported, `"id":"`+id+`"`) {
			t.Errorf("%s missing from the restored store", id)
		}
	}
	addr2 := freeAddr(t)
	again, logs2 := serveCmd(t, "--data", restored, "--addr", addr2, "--no-demo")
	waitHealthy(t, addr2, logs2)
	if n := total(t, addr2, "type=innovation&q=cadangan"); n != 3 {
		t.Errorf("restored server finds %d of 3 documents", n)
	}
	again.Process.Signal(syscall.SIGTERM)
	again.Wait()
}

// syncLog collects a child process's log while tests read it.
type syncLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncLog) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncLog) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
