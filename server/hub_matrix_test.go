package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jippnas/content"
	"jippnas/content/hub"
)

// matrixActions are the write actions of the authorization matrix.
var matrixActions = []string{"create", "edit", "submit", "verify", "return", "confirm", "revert", "delete"}

// matrixActors are the fixture accounts with the institution that is
// theirs (a pengelola's own, a verifier's in scope) and one that is not.
var matrixActors = []struct{ name, own, other string }{
	{"admin", "63.71", "34.04"},
	{"editor", "63.71", "34.04"},
	{"editor2", "34.04", "63.71"},
	{"verifier", "63.71", "34.04"},
	{"verifier2", "34.04", "63.71"},
}

// matrixAllowed is what the policy grants: an admin everything; a
// pengelola create, edit, submit, confirm, revert and delete on its own
// institution; a verifier verify and return within its scope.
func matrixAllowed(actor, action string, own bool) bool {
	switch {
	case actor == "admin":
		return true
	case strings.HasPrefix(actor, "editor"):
		return own && slices.Contains([]string{"create", "edit", "submit", "confirm", "revert", "delete"}, action)
	}
	return own && (action == "verify" || action == "return")
}

// prepare makes the record an action needs, as an admin would, in the
// state the action applies to. It returns the record's version.
func prepareRecord(t *testing.T, f *fixture, id, inst, action string) uint64 {
	t.Helper()
	admin := hub.SystemActor("Persiapan uji", hub.ViaCLI)
	d := completeDraft(id, inst, inst)
	d.Source = content.SourcePANRB
	var rec hub.Record
	var err error
	switch action {
	case "create":
		return 0
	case "confirm":
		var res hub.SaveResult
		res, err = f.hub.Publish(admin, d, hub.Base{New: true})
		rec = res.Record
	case "revert":
		var res hub.SaveResult
		if res, err = f.hub.Publish(admin, d, hub.Base{New: true}); err == nil {
			d.Title += " (revisi kedua)"
			res, err = f.hub.Save(admin, d, hub.Base{Version: res.Record.Version})
		}
		rec = res.Record
	default:
		var res hub.SaveResult
		res, err = f.hub.Save(admin, d, hub.Base{New: true})
		rec = res.Record
		if err == nil && (action == "verify" || action == "return") {
			rec, err = f.hub.Submit(admin, id, hub.Base{Version: rec.Version})
		}
	}
	if err != nil {
		t.Fatalf("prepare %s for %s: %v", id, action, err)
	}
	return rec.Version
}

// TestAuthorizationMatrix runs every write action of every role, on its
// own institution and another's, through a website session and through
// an API token, and checks each against the policy by what was written:
// no pengelola writes another institution's record, no verifier writes
// outside its scope.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	f := writableFixture(t)
	sessions := map[string]*webClient{}
	for _, a := range matrixActors {
		sessions[a.name] = loggedIn(t, f, a.name)
	}
	crossWrites, scopeWrites, cases := 0, 0, 0
	for _, a := range matrixActors {
		for _, action := range matrixActions {
			for _, own := range []bool{true, false} {
				for _, channel := range []string{"session", "token"} {
					inst := a.own
					if !own {
						inst = a.other
					}
					id := fmt.Sprintf("m-%s-%s-%t-%s", a.name, action, own, channel)
					before := prepareRecord(t, f, id, inst, action)
					var status int
					if channel == "session" {
						status = matrixWeb(t, f, sessions[a.name], id, inst, action, before)
					} else {
						status = matrixAPI(t, f, a.name, id, inst, action, before)
					}
					wrote, where := matrixWrote(t, f, id, inst, action, before)
					want := matrixAllowed(a.name, action, own)
					cases++
					if wrote != want {
						t.Errorf("%s %s on %s (%s): wrote=%v, want %v (status %d)", a.name, action, inst, channel, wrote, want, status)
					}
					if want && (status >= 400) || !want && status < 400 && !(action == "create" && channel == "session" && strings.HasPrefix(a.name, "editor")) {
						t.Errorf("%s %s on %s (%s): status %d, allowed=%v", a.name, action, inst, channel, status, want)
					}
					if wrote && where != "" {
						acct := f.accounts[a.name]
						if acct.Role == hub.RoleEditor && where != acct.Institution {
							crossWrites++
						}
						if acct.Role == hub.RoleVerifier && !hub.Can(f.actor(a.name), hub.ActVerify, hub.Target{Institution: where, Source: content.SourcePANRB, Province: where[:2]}) {
							scopeWrites++
						}
					}
				}
			}
		}
	}
	t.Logf("%d cases: %d cross-institution writes, %d writes by a verifier outside its scope", cases, crossWrites, scopeWrites)
	if crossWrites != 0 || scopeWrites != 0 || cases != len(matrixActors)*len(matrixActions)*4 {
		t.Fatalf("%d cases: %d cross-institution writes, %d out-of-scope verifier writes", cases, crossWrites, scopeWrites)
	}
}

// matrixWeb performs an action through the website's forms.
func matrixWeb(t *testing.T, f *fixture, w *webClient, id, inst, action string, version uint64) int {
	t.Helper()
	v := fmt.Sprint(version)
	switch action {
	case "create":
		// The form names the institution; a pengelola's is always its own.
		return w.post("/hub/inovasi/baru", url.Values{"title": {"Matriks " + id}, "summary": {"Uji."}, "institution_code": {inst},
			"region_code": {inst}, "aksi": {"simpan"}}).status
	case "edit":
		return w.post("/hub/inovasi/"+id+"/ubah", url.Values{"title": {"Diubah " + id}, "summary": {"Uji."}, "region_code": {inst},
			"versi": {v}, "aksi": {"simpan"}}).status
	}
	step := map[string]string{"submit": "ajukan", "verify": "verifikasi", "return": "kembalikan", "confirm": "konfirmasi",
		"revert": "pulihkan", "delete": "hapus"}[action]
	return w.post("/hub/inovasi/"+id+"/"+step, url.Values{"versi": {v}, "catatan": {"Lengkapi data dukung."}, "revisi": {"1"}}).status
}

// matrixAPI performs an action through the API with the account's token.
func matrixAPI(t *testing.T, f *fixture, name, id, inst, action string, version uint64) int {
	t.Helper()
	tok := f.tokens[name]
	etag := fmt.Sprintf(`"v%d"`, version)
	switch action {
	case "create":
		d := completeDraft(id, inst, inst)
		status, _, _ := apiCall(t, f, "PUT", "/documents/"+id, tok, docJSON(t, d), "If-None-Match", "*")
		return status
	case "edit":
		d := completeDraft(id, inst, inst)
		d.Title = "Diubah " + id
		status, _, _ := apiCall(t, f, "PUT", "/documents/"+id, tok, docJSON(t, d), "If-Match", etag)
		return status
	case "delete":
		status, _, _ := apiCall(t, f, "DELETE", "/documents/"+id, tok, "", "If-Match", etag)
		return status
	}
	status, _, _ := apiCall(t, f, "POST", "/hub/records/"+id+"/"+action, tok, `{"comment":"Lengkapi data dukung.","revision":1}`, "If-Match", etag)
	return status
}

// matrixWrote reports whether the action changed anything, and the
// institution of what it wrote.
func matrixWrote(t *testing.T, f *fixture, id, inst, action string, before uint64) (bool, string) {
	t.Helper()
	if action == "create" {
		if rec, ok := f.hub.Record(id); ok {
			return true, rec.Institution
		}
		// Created on the website under a generated id: look for its title.
		for _, sm := range f.hub.Records(hub.RecordQuery{}) {
			if sm.Title == "Matriks "+id {
				return sm.Institution == inst, sm.Institution
			}
		}
		return false, ""
	}
	rec, ok := f.hub.Record(id)
	if !ok {
		t.Fatalf("%s vanished", id)
	}
	return rec.Version != before, rec.Institution
}

// TestConcurrentEdits: N clients edit the same record from the same
// version, round after round. Exactly one wins each round; the others get
// 412 and write nothing; every winner's content is kept as a revision.
func TestConcurrentEdits(t *testing.T) {
	t.Parallel()
	f := writableFixture(t)
	const id, clients, rounds = "serentak-banjarmasin", 8, 10
	res, err := f.hub.Save(f.actor("editor"), completeDraft(id, "63.71", "63.71"), hub.Base{New: true})
	if err != nil {
		t.Fatal(err)
	}
	var winners []string
	for round := range rounds {
		status, hdr, _ := apiCall(t, f, "GET", "/hub/records/"+id, f.tokens["editor"], "")
		etag := hdr.Get("ETag")
		if status != 200 || !strings.HasPrefix(etag, `"v`) {
			t.Fatalf("round %d: GET %d %q", round, status, etag)
		}
		var ok, stale atomic.Int32
		var mu sync.Mutex
		var winner string
		start := make(chan struct{})
		var wg sync.WaitGroup
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := completeDraft(id, "63.71", "63.71")
				d.Title = fmt.Sprintf("Putaran %d, klien %d", round, c)
				body := docJSON(t, d)
				<-start
				status, _, _ := apiCall(t, f, "PUT", "/documents/"+id, f.tokens["editor"], body, "If-Match", etag)
				switch status {
				case http.StatusOK:
					ok.Add(1)
					mu.Lock()
					winner = d.Title
					mu.Unlock()
				case http.StatusPreconditionFailed:
					stale.Add(1)
				default:
					t.Errorf("round %d client %d: status %d", round, c, status)
				}
			}()
		}
		close(start)
		wg.Wait()
		if ok.Load() != 1 || stale.Load() != clients-1 {
			t.Fatalf("round %d: %d won, %d got 412", round, ok.Load(), stale.Load())
		}
		winners = append(winners, winner)
	}
	rec, doc, err := f.hub.Get(f.actor("editor"), id)
	if err != nil || rec.Revision != res.Record.Revision+rounds || doc.Title != winners[rounds-1] {
		t.Fatalf("after %d rounds: revision %d, title %q: %v", rounds, rec.Revision, doc.Title, err)
	}
	revs, _ := f.hub.Revisions(f.actor("editor"), id)
	for i, w := range winners {
		if revs[rounds-1-i].Doc.Title != w {
			t.Errorf("round %d's winner %q lost: revision has %q", i, w, revs[rounds-1-i].Doc.Title)
		}
	}
}

// TestSessionExpiry: with a fake clock, an idle session ends after two
// hours and any session after twelve; the hub then sends the browser to
// the login page, and a form posted with the dead session writes nothing.
func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	c := newFakeClock(time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC))
	f := buildFixtureWith(t, func(cfg *Config) { cfg.Now = c.Now })
	w := loggedIn(t, f, "editor")
	for range 7 {
		c.Add(100 * time.Minute)
		if r := w.get("/hub/inovasi"); r.status != 200 {
			t.Fatalf("active session refused after %s: %d", c.Now().Sub(time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)), r.status)
		}
	}
	c.Add(100 * time.Minute) // 13h20m after sign-in
	if r := w.get("/hub/inovasi"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/masuk") {
		t.Fatalf("session past 12 hours: %d", r.status)
	}
	w = loggedIn(t, f, "editor")
	res, err := f.hub.Save(f.actor("editor"), completeDraft("sesi-uji", "63.71", "63.71"), hub.Base{New: true})
	if err != nil {
		t.Fatal(err)
	}
	c.Add(2*time.Hour + time.Minute)
	r := w.post("/hub/inovasi/sesi-uji/ajukan", url.Values{"versi": {fmt.Sprint(res.Record.Version)}})
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "Sesi Anda telah berakhir") {
		t.Fatalf("post with an idle session: %d", r.status)
	}
	if rec, _ := f.hub.Record("sesi-uji"); rec.State != hub.StateDraft {
		t.Fatalf("a dead session submitted the record: %s", rec.State)
	}
}

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock(t time.Time) *fakeClock {
	c := &fakeClock{}
	c.ns.Store(t.UnixNano())
	return c
}

func (c *fakeClock) Now() time.Time { return time.Unix(0, c.ns.Load()).UTC() }

func (c *fakeClock) Add(d time.Duration) { c.ns.Add(int64(d)) }
