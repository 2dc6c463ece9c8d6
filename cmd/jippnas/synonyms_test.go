package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer collects a process's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeSynonymFile: serve --synonyms refuses a bad table with its line,
// applies a good one, keeps it (and says why) when the file turns bad,
// and takes an edited table without a restart.
func TestServeSynonymFile(t *testing.T) {
	dir := t.TempDir()
	data, table := filepath.Join(dir, "data"), filepath.Join(dir, "sinonim.txt")
	docs := filepath.Join(dir, "docs.jsonl")
	os.WriteFile(docs, []byte(
		`{"id":"syn-1","type":"news","title":"Posko zqkucing dibuka","published":"2024-01-05"}`+"\n"+
			`{"id":"syn-2","type":"news","title":"Balai warga zqharimau dibuka","published":"2024-01-06"}`+"\n"), 0o644)
	if out, errs, code := runCLI(t, "", "import", "--data", data, docs); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	write := func(s string) {
		t.Helper()
		// A new modification time even within the file system's resolution.
		os.Remove(table)
		if err := os.WriteFile(table, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	write("source: uji\nzqkucing, zqharimau\nweight: dua\n")
	_, errs, code := runCLI(t, "", "serve", "--data", data, "--no-demo", "--addr", freeAddr(t), "--synonyms", table)
	if code == 0 || !strings.Contains(errs, table+":3: weight must be a number") {
		t.Fatalf("bad table at start: exit %d, %s", code, errs)
	}

	write("source: uji\nzqkucing, zqharimau\n")
	addr := freeAddr(t)
	var logs syncBuffer
	cmd := exec.Command(binary, "serve", "--data", data, "--addr", addr, "--no-demo", "--synonyms", table)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	total := func(q string) int {
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			resp, err := http.Get("http://" + addr + "/api/v1/search?facets=none&q=" + url.QueryEscape(q))
			if err != nil {
				if time.Now().After(deadline) {
					t.Fatalf("server did not answer: %v\n%s", err, logs.String())
				}
				continue
			}
			var res struct{ Total int }
			err = json.NewDecoder(resp.Body).Decode(&res)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			return res.Total
		}
	}
	if n := total("zqkucing"); n != 2 {
		t.Fatalf("zqkucing finds %d with the table, want both documents", n)
	}
	write("source: uji\nzqkucing, zqharimau\nzqkucing\n")
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s not seen within 10 s:\n%s", what, logs.String())
			}
		}
	}
	waitFor("the bad table's error", func() bool {
		return strings.Contains(logs.String(), table+":3: a group needs at least two expressions")
	})
	if !strings.Contains(logs.String(), "previous one stays in use") {
		t.Errorf("log does not say the previous table stays:\n%s", logs.String())
	}
	if n := total("zqkucing"); n != 2 {
		t.Fatalf("after a bad edit zqkucing finds %d, want the last good table's 2", n)
	}
	write("source: uji\nzqkucing, zqsinga\n")
	waitFor("the edited table", func() bool { return total("zqkucing") == 1 })
	if !strings.Contains(logs.String(), "synonym table reloaded") {
		t.Errorf("reload not logged:\n%s", logs.String())
	}
}
