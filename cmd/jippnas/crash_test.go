package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// adminAuth is how the crash tests authenticate writes: the one place to
// change when the write API's authentication changes.
func adminAuth(req *http.Request) { req.Header.Set("Authorization", "Bearer tok") }

// crashKills is how many times TestCrashCampaign kills the server:
// JIPPNAS_CRASH_KILLS for a long run (docs/operations.md has the figures of
// one), 10 in CI.
func crashKills(t *testing.T) int {
	if v := os.Getenv("JIPPNAS_CRASH_KILLS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("JIPPNAS_CRASH_KILLS=%q", v)
		}
		return n
	}
	return 10
}

// docState is what a client knows of one document: the title it last
// stored (acknowledged), or that it deleted it.
type docState struct {
	title   string // "" when absent
	present bool
}

// crashModel is the clients' knowledge: per document the acknowledged
// state, and the states of writes sent without a definite answer (the kill
// came first), any of which may have landed.
type crashModel struct {
	mu    sync.Mutex
	acked map[string]docState
	maybe map[string][]docState
	// figures
	ackedWrites, unanswered, serverErrors, rebuilds, startupKills int
}

func (m *crashModel) send(id string, s docState) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.maybe[id] = append(m.maybe[id], s)
}

// answer records the outcome of a write sent with send: acknowledged, or
// refused (it changed nothing), or unknown (no answer: it stays a maybe).
func (m *crashModel) answer(id string, s docState, status int, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case err != nil:
		m.unanswered++
		return
	case status >= 500:
		m.serverErrors++
	case status < 300:
		m.acked[id] = s
		m.ackedWrites++
	}
	// Answered: no longer in doubt.
	m.maybe[id] = slices.DeleteFunc(m.maybe[id], func(x docState) bool { return x == s })
}

// TestCrashCampaign kills the real server with SIGKILL at random moments
// while clients write single documents, delete, import in bulk and rebuild
// the index; sometimes it kills during start-up (recovery, catch-up). After
// every restart, every acknowledged write must be there (or a later write
// whose answer the kill swallowed), and the index must hold exactly what
// the store holds.
func TestCrashCampaign(t *testing.T) {
	t.Parallel()
	kills := crashKills(t)
	data := filepath.Join(t.TempDir(), "data")
	addr := freeAddr(t)
	base := "http://" + addr
	m := &crashModel{acked: map[string]docState{}, maybe: map[string][]docState{}}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 16))
	client := &http.Client{Timeout: 20 * time.Second}
	version := 0
	var versionMu sync.Mutex
	nextTitle := func(id string) string {
		versionMu.Lock()
		defer versionMu.Unlock()
		version++
		return fmt.Sprintf("Inovasi uji ketahanan %s versi %d", id, version)
	}
	doc := func(id, title string) string {
		b, _ := json.Marshal(map[string]any{"id": id, "type": "innovation", "title": title, "institution": "Dinas Uji Ketahanan",
			"region_code": "35.78", "sector": "kesehatan", "year": 2024, "body": "Uraian " + title + "."})
		return string(b)
	}
	do := func(method, path, body string) (int, error) {
		req, _ := http.NewRequest(method, base+path, bytes.NewBufferString(body))
		adminAuth(req)
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	const writers, pool = 4, 40
	idOf := func(w, n int) string { return fmt.Sprintf("crash-w%d-%02d", w, n) }
	// writer runs one client until stop: its own ids, one request at a
	// time, so that its acknowledged states are exact.
	writer := func(w int, seed uint64, stop <-chan struct{}) {
		r := rand.New(rand.NewPCG(seed, uint64(w)))
		for {
			select {
			case <-stop:
				return
			default:
			}
			switch p := r.IntN(100); {
			case p < 60: // one document
				id := idOf(w, r.IntN(pool))
				s := docState{title: nextTitle(id), present: true}
				m.send(id, s)
				status, err := do("PUT", "/api/v1/documents/"+id, doc(id, s.title))
				m.answer(id, s, status, err)
				if err != nil {
					return
				}
			case p < 75: // delete
				id := idOf(w, r.IntN(pool))
				m.mu.Lock()
				present := m.acked[id].present
				m.mu.Unlock()
				if !present {
					continue
				}
				s := docState{}
				m.send(id, s)
				status, err := do("DELETE", "/api/v1/documents/"+id, "")
				m.answer(id, s, status, err)
				if err != nil {
					return
				}
			default: // bulk
				var body bytes.Buffer
				var ids []string
				var states []docState
				for _, n := range r.Perm(pool)[:15] {
					id := idOf(w, n)
					s := docState{title: nextTitle(id), present: true}
					ids, states = append(ids, id), append(states, s)
					body.WriteString(doc(id, s.title) + "\n")
					m.send(id, s)
				}
				status, err := do("POST", "/api/v1/documents", body.String())
				for i, id := range ids {
					m.answer(id, states[i], status, err)
				}
				if err != nil {
					return
				}
			}
		}
	}
	reindexer := func(seed uint64, stop <-chan struct{}) {
		r := rand.New(rand.NewPCG(seed, 99))
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Duration(100+r.IntN(400)) * time.Millisecond):
			}
			status, err := do("POST", "/api/v1/admin/reindex", "")
			if err != nil {
				return
			}
			if status == http.StatusAccepted {
				m.mu.Lock()
				m.rebuilds++
				m.mu.Unlock()
			}
		}
	}
	var lost, indexMismatch int
	start := time.Now()
	srv := startCrashServer(t, data, addr)
	for k := 0; k < kills; k++ {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(seed uint64) { defer wg.Done(); writer(w, seed, stop) }(rng.Uint64())
		}
		wg.Add(1)
		go func(seed uint64) { defer wg.Done(); reindexer(seed, stop) }(rng.Uint64())
		time.Sleep(time.Duration(200+rng.IntN(1300)) * time.Millisecond)
		srv.Process.Signal(syscall.SIGKILL)
		srv.Wait()
		close(stop)
		wg.Wait()
		if k%4 == 3 {
			// Kill once more during start-up: store recovery, index
			// catch-up or a rebuild of a generation the kill left behind.
			early := exec.Command(binary, crashServeArgs(data, addr)...)
			if err := early.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(rng.IntN(600)) * time.Millisecond)
			early.Process.Signal(syscall.SIGKILL)
			early.Wait()
			m.startupKills++
		}
		srv = startCrashServer(t, data, addr)
		waitIndexed(t, base)
		l, mis := verifyCrashState(t, base, m)
		lost += l
		indexMismatch += mis
		if l > 0 || mis > 0 {
			t.Errorf("after kill %d: %d acknowledged writes lost, %d index/store differences", k+1, l, mis)
		}
	}
	srv.Process.Signal(syscall.SIGTERM)
	srv.Wait()
	m.mu.Lock()
	defer m.mu.Unlock()
	t.Logf("crash campaign: %d kills under load and %d during start-up in %s; %d writes acknowledged, %d lost; %d writes unanswered at a kill; %d index rebuilds started; %d 5xx; index = store after every restart: %v",
		kills, m.startupKills, time.Since(start).Round(time.Second), m.ackedWrites, lost, m.unanswered, m.rebuilds, m.serverErrors, indexMismatch == 0)
	if m.ackedWrites < kills {
		t.Errorf("only %d writes acknowledged over %d kills: the campaign did not write", m.ackedWrites, kills)
	}
	if m.serverErrors > 0 {
		t.Errorf("%d answers were 5xx", m.serverErrors)
	}
}

func crashServeArgs(data, addr string) []string {
	return []string{"serve", "--data", data, "--addr", addr, "--no-demo", "--admin-token", "tok", "--rate-limit", "0"}
}

func startCrashServer(t *testing.T, data, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(binary, crashServeArgs(data, addr)...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return cmd
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	t.Fatalf("server did not start:\n%s", logs.String())
	return nil
}

// waitIndexed waits until the index has applied every change of the store.
func waitIndexed(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var h struct{ Status string }
		if resp, err := http.Get(base + "/healthz"); err == nil {
			json.NewDecoder(resp.Body).Decode(&h)
			resp.Body.Close()
			if h.Status == "ok" {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("index did not catch up with the store")
}

// verifyCrashState checks every document the clients wrote against what
// they know, then the index against the store. It settles the model on
// what it found.
func verifyCrashState(t *testing.T, base string, m *crashModel) (lost, mismatches int) {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	stored := map[string]string{}
	ids := make([]string, 0, len(m.acked)+len(m.maybe))
	for id := range m.acked {
		ids = append(ids, id)
	}
	for id := range m.maybe {
		if _, ok := m.acked[id]; !ok {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		var got docState
		resp, err := http.Get(base + "/api/v1/documents/" + id)
		if err != nil {
			t.Fatal(err)
		}
		switch resp.StatusCode {
		case 200:
			var d struct{ Title string }
			json.NewDecoder(resp.Body).Decode(&d)
			got = docState{title: d.Title, present: true}
			stored[id] = d.Title
		case 404:
		default:
			t.Fatalf("GET %s: %d", id, resp.StatusCode)
		}
		resp.Body.Close()
		if got != m.acked[id] && !slices.Contains(m.maybe[id], got) {
			lost++
			t.Errorf("%s: found %+v, acknowledged %+v (in doubt: %+v)", id, got, m.acked[id], m.maybe[id])
		}
		m.acked[id] = got
		delete(m.maybe, id)
	}
	// The index: every innovation, paged by cursor, with its title.
	indexed := map[string]string{}
	cursor := ""
	for {
		q := url.Values{"type": {"innovation"}, "facets": {"none"}, "sort": {"newest"}, "size": {"100"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var res struct {
			Hits []struct {
				ID, Title string
			}
			NextCursor string `json:"next_cursor"`
		}
		resp, err := http.Get(base + "/api/v1/search?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		for _, h := range res.Hits {
			indexed[h.ID] = h.Title
		}
		if res.NextCursor == "" || len(res.Hits) == 0 {
			break
		}
		cursor = res.NextCursor
	}
	for id, title := range stored {
		if indexed[id] != title {
			mismatches++
			t.Errorf("%s: store has %q, index has %q", id, title, indexed[id])
		}
	}
	for id := range indexed {
		if _, ok := stored[id]; !ok {
			mismatches++
			t.Errorf("%s: in the index, not in the store", id)
		}
	}
	return lost, mismatches
}
