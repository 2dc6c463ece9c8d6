package hub

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"jippnas/content"
	"jippnas/content/store"
)

// clock is a fake clock tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testArgon2 keeps hashing cheap in tests; the format and the checks are
// the same.
var testArgon2 = Argon2Params{Memory: 64, Time: 1, Threads: 1}

type env struct {
	t     *testing.T
	st    *store.Store
	hub   *Hub
	clock *clock
	admin Actor
}

func newEnv(t *testing.T) *env {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	st, err := store.Open(store.Config{InMemory: true, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h, err := Open(st, Config{Registry: testRegistry(t), Now: c.Now, Argon2: testArgon2})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, st: st, hub: h, clock: c, admin: SystemActor("Uji", ViaCLI)}
}

// account creates an account and returns it as a session actor.
func (e *env) account(email string, role Role, inst string, provinces ...string) Actor {
	e.t.Helper()
	acct, err := e.hub.CreateAccount(e.admin, AccountInput{Email: email, Role: role, Institution: inst, Provinces: provinces, Password: "uji-kata-sandi-panjang"})
	if err != nil {
		e.t.Fatal(err)
	}
	return Actor{Account: acct, Via: ViaSession}
}

func draft(id string) content.Document {
	return content.Document{ID: id, Type: content.TypeInnovation, Title: "Layanan Antar Akta " + id,
		Summary: "Akta kelahiran diantar ke rumah.", Body: "## Latar Belakang\nAntrean panjang.\n\n## Tujuan\nMempercepat.",
		Institution: "Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya", RegionCode: "35.78", Sector: "kependudukan",
		Year: 2025, Stage: "penerapan"}
}

func TestWorkflowLifecycle(t *testing.T) {
	e := newEnv(t)
	editor := e.account("pengelola@surabaya.go.id", RoleEditor, "35.78")
	verifier := e.account("verifikator@menpan.go.id", RoleVerifier, "", "35")

	res, err := e.hub.Save(editor, draft("sby-akta"), Base{New: true})
	if err != nil {
		t.Fatal(err)
	}
	rec := res.Record
	if !res.Created || rec.State != StateDraft || rec.Revision != 1 || rec.Institution != "35.78" ||
		rec.Unit != "Dinas Kependudukan dan Pencatatan Sipil" || res.Doc.Source != content.SourceJIPPNAS {
		t.Fatalf("created %+v %+v", rec, res.Doc)
	}
	// A draft is never public.
	if _, err := e.st.Get("sby-akta"); !errors.Is(err, content.ErrNotFound) {
		t.Fatalf("draft is public: %v", err)
	}
	// Creating it again is a stale write.
	if _, err := e.hub.Save(editor, draft("sby-akta"), Base{New: true}); !errors.Is(err, ErrStale) {
		t.Fatalf("second create: %v", err)
	}
	// Saving the same content changes nothing.
	same, err := e.hub.Save(editor, draft("sby-akta"), Base{Version: rec.Version})
	if err != nil || same.Changed || same.Record.Version != rec.Version {
		t.Fatalf("unchanged save: %+v %v", same, err)
	}
	rec, err = e.hub.Submit(editor, "sby-akta", Base{Version: rec.Version})
	if err != nil || rec.State != StateSubmitted {
		t.Fatalf("submit: %+v %v", rec, err)
	}
	// The verifier's return needs a comment, and the current version.
	if _, err := e.hub.Return(verifier, "sby-akta", Base{Version: rec.Version}, " "); !errors.Is(err, content.ErrInvalid) {
		t.Fatalf("return without comment: %v", err)
	}
	if _, err := e.hub.Return(verifier, "sby-akta", Base{Version: rec.Version - 1}, "x"); !errors.Is(err, ErrStale) {
		t.Fatalf("return on a stale version: %v", err)
	}
	rec, err = e.hub.Return(verifier, "sby-akta", Base{Version: rec.Version}, "Lengkapi bagian Manfaat dan Dampak.")
	if err != nil || rec.State != StateReturned || rec.ReturnComment == "" {
		t.Fatalf("return: %+v %v", rec, err)
	}
	fixed := draft("sby-akta")
	fixed.Body += "\n\n## Manfaat\nWarga tidak antre.\n\n## Dampak\nWaktu layanan turun dari 14 hari menjadi 1 hari."
	res, err = e.hub.Save(editor, fixed, Base{Version: rec.Version})
	if err != nil || res.Record.State != StateDraft || res.Record.Revision != 2 {
		t.Fatalf("fix: %+v %v", res.Record, err)
	}
	rec, err = e.hub.Submit(editor, "sby-akta", Base{Version: res.Record.Version})
	if err != nil {
		t.Fatal(err)
	}
	// Verifying a returned-then-fixed record needs its current version.
	rec, err = e.hub.Verify(verifier, "sby-akta", Base{Version: rec.Version}, "")
	if err != nil || rec.State != StateVerified || rec.PublishedRevision != 2 || rec.VerifiedBy == "" {
		t.Fatalf("verify: %+v %v", rec, err)
	}
	pub, err := e.st.Get("sby-akta")
	if err != nil || pub.Revision != 2 || !strings.Contains(pub.Body, "Dampak") || pub.InstitutionCode != "35.78" {
		t.Fatalf("published %+v %v", pub, err)
	}
	// An edit of a verified record leaves the public version alone until
	// it is verified.
	edit := fixed
	edit.Title = "Antar Akta ke Rumah"
	res, err = e.hub.Save(editor, edit, Base{Version: rec.Version})
	if err != nil || res.Record.State != StateDraft || res.Record.PublishedRevision != 2 {
		t.Fatalf("edit: %+v %v", res.Record, err)
	}
	if pub, _ := e.st.Get("sby-akta"); pub.Title != fixed.Title {
		t.Fatalf("the public version changed before verification: %q", pub.Title)
	}
	// The audit log tells the story, newest first.
	entries, err := e.hub.Audit(AuditQuery{Record: "sby-akta"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, en := range entries {
		actions = append(actions, en.Action)
	}
	if got := strings.Join(actions, ","); got != "save,verify,submit,save,return,submit,save" {
		t.Fatalf("audit %s", got)
	}
	if entries[0].Actor.Via != ViaSession || entries[0].Actor.ID != editor.Account.ID || strings.Join(entries[0].Fields, ",") != "title" {
		t.Fatalf("last entry %+v", entries[0])
	}
	// Revert to revision 1 is a new revision 4 with revision 1's content.
	cur, _, _ := e.hub.Get(editor, "sby-akta")
	rv, err := e.hub.Revert(editor, "sby-akta", Base{Version: cur.Version}, 1)
	if err != nil || rv.Doc.Revision != 4 || rv.Doc.Body != draft("sby-akta").Body {
		t.Fatalf("revert: %+v %v", rv, err)
	}
	if revs, _ := e.hub.Revisions(editor, "sby-akta"); len(revs) != 4 {
		t.Fatalf("%d revisions", len(revs))
	}
}

func TestSubmitNeedsRequiredFields(t *testing.T) {
	e := newEnv(t)
	editor := e.account("pengelola@sleman.go.id", RoleEditor, "34.04")
	d := content.Document{ID: "sleman-baru", Title: "Inovasi baru", Institution: "Dinas Kesehatan Kabupaten Sleman", RegionCode: "34.04"}
	res, err := e.hub.Save(editor, d, Base{New: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.hub.Submit(editor, "sleman-baru", Base{Version: res.Record.Version})
	var ve *content.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("submit of an incomplete record: %v", err)
	}
	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	if got := strings.Join(fields, ","); got != "summary,sector,year,stage,body" {
		t.Fatalf("missing %s", got)
	}
	if res.Record.Completeness >= 50 {
		t.Errorf("completeness %d for a title and an institution", res.Record.Completeness)
	}
}

func TestStaleAndConfirm(t *testing.T) {
	e := newEnv(t)
	editor := e.account("pengelola@surabaya.go.id", RoleEditor, "35.78")
	res, err := e.hub.Publish(e.admin, draft("sby-lama"), Base{New: true})
	if err != nil || res.Record.State != StateVerified {
		t.Fatalf("publish: %+v %v", res.Record, err)
	}
	stale := func() int { return len(e.hub.Records(RecordQuery{Institution: "35.78", Stale: true})) }
	if stale() != 0 {
		t.Fatal("fresh record is stale")
	}
	e.clock.Add(366 * 24 * time.Hour)
	if stale() != 1 || e.hub.InstitutionStats("35.78").Stale != 1 {
		t.Fatal("a year-old record is not stale")
	}
	rec, err := e.hub.Confirm(editor, "sby-lama", Base{Version: res.Record.Version})
	if err != nil || stale() != 0 {
		t.Fatalf("confirm: %+v %v, stale %d", rec, err, stale())
	}
	// Confirming is for verified records without open changes.
	d := draft("sby-lama")
	d.Title = "Judul baru"
	if _, err := e.hub.Save(editor, d, Base{Version: rec.Version}); err != nil {
		t.Fatal(err)
	}
	cur, _, _ := e.hub.Get(editor, "sby-lama")
	if _, err := e.hub.Confirm(editor, "sby-lama", Base{Version: cur.Version}); !errors.Is(err, content.ErrConflict) {
		t.Fatalf("confirm with an open draft: %v", err)
	}
}

func TestMigrateOldStore(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	st, err := store.Open(store.Config{InMemory: true, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	old := []content.Document{draft("old-1"), draft("old-2"), {ID: "berita:x", Type: content.TypeNews, Title: "Berita"}}
	old[1].Institution, old[1].RegionCode = "Dinas Pendidikan Bogor", ""
	if _, err := st.PutBatch(old); err != nil {
		t.Fatal(err)
	}
	h, err := Open(st, Config{Registry: testRegistry(t), Now: c.Now, Argon2: testArgon2})
	if err != nil {
		t.Fatal(err)
	}
	r1, _ := h.Record("old-1")
	d1, _ := st.Get("old-1")
	if r1.State != StateVerified || r1.Institution != "35.78" || d1.InstitutionCode != "35.78" || d1.Revision != 2 || r1.PublishedRevision != 2 {
		t.Fatalf("migrated %+v, doc rev %d code %q", r1, d1.Revision, d1.InstitutionCode)
	}
	// Ambiguous names stay unmapped, for an admin.
	if r2, _ := h.Record("old-2"); r2.Institution != "" || len(h.Unmapped()) != 1 {
		t.Fatalf("ambiguous record mapped: %+v", r2)
	}
	if _, ok := h.Record("berita:x"); ok {
		t.Fatal("a news item became a hub record")
	}
	seq := st.LastSeq()
	if _, err := Open(st, Config{Registry: testRegistry(t), Now: c.Now}); err != nil || st.LastSeq() != seq {
		t.Fatalf("second open migrated again: %v", err)
	}
}

func TestDiff(t *testing.T) {
	a := draft("d")
	b := a
	b.Title = "Baru"
	b.Body = strings.Replace(a.Body, "Antrean panjang.", "Antrean sangat panjang.", 1)
	ch := Diff(a, b)
	if len(ch) != 2 || ch[0].Field != "title" || ch[1].Field != "body" {
		t.Fatalf("diff %+v", ch)
	}
	var ops []string
	for _, l := range ch[1].Lines {
		ops = append(ops, l.Op)
	}
	if got := strings.Join(ops, ","); got != "same,removed,added,same,same,same" {
		t.Fatalf("line diff ops %s: %+v", got, ch[1].Lines)
	}
	long := strings.Repeat("baris\n", 50)
	lines := lineDiff(long+"akhir", long+"ujung", 2)
	if lines[0].Op != "skip" || lines[0].Text != "48" || len(lines) != 5 {
		t.Fatalf("folded diff %+v", lines)
	}
}
