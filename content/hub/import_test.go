package hub

import (
	"errors"
	"slices"
	"testing"

	"jippnas/content"
	"jippnas/content/store"
)

// importOne runs an import batch of docs as the test's admin and returns
// what it did.
func (e *env) importOne(docs ...content.Document) Batch {
	e.t.Helper()
	run, err := e.hub.StartImport(e.admin, BatchInput{File: "uji.jsonl", Format: "jsonl"})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.hub.importBatch(e.admin, run, docs); err != nil {
		e.t.Fatal(err)
	}
	b, err := run.Finish(store.ImportResult{Lines: len(docs), Written: len(docs)}, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// working returns a record and its working copy, as an admin sees them.
func (e *env) working(id string) (Record, content.Document) {
	e.t.Helper()
	rec, doc, err := e.hub.Get(e.admin, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return rec, doc
}

func auditCount(t *testing.T, h *Hub, id, action string) int {
	t.Helper()
	entries, err := h.Audit(AuditQuery{Record: id, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, en := range entries {
		if en.Action == action {
			n++
		}
	}
	return n
}

// TestImportNeverOverwritesHubEdits walks the three-way rule: an import
// creates and updates what the hub has not touched, leaves alone what the
// source did not change, and holds back a changed row for a record edited
// on the hub, until someone settles it field by field or dismisses it.
// Provenance follows every step.
func TestImportNeverOverwritesHubEdits(t *testing.T) {
	e := newEnv(t)
	editor := e.account("pengelola@surabaya.go.id", RoleEditor, "35.78")
	d := draft("imp-1")
	d.Source, d.Published = content.SourcePANRB, "2019-05-01"
	d.Provenance = []content.Provenance{{Source: content.SourcePANRB, Programme: "Kementerian PANRB — KIPP", SourceID: "kipp-77", Year: 2019}}

	b := e.importOne(d)
	rec, doc := e.working("imp-1")
	if b.Counts.Created != 1 || b.State != BatchDone || rec.State != StateVerified || rec.ConfirmedAt != "2019-05-01T00:00:00Z" || rec.Institution != "35.78" {
		t.Fatalf("create: batch %+v record %+v", b, rec)
	}
	p := doc.Provenance
	if len(p) != 1 || p[0].SourceID != "kipp-77" || p[0].Batch != b.ID || p[0].Record != "imp-1" || p[0].At == "" || p[0].Label() != "Kementerian PANRB — KIPP 2019" {
		t.Fatalf("provenance %+v", p)
	}
	if pub, _ := e.st.Get("imp-1"); !slices.Equal(pub.Provenance[0].Fields, nil) || pub.Provenance[0].Batch != b.ID {
		t.Fatalf("public provenance %+v", pub.Provenance)
	}

	seq := e.st.LastSeq()
	if b := e.importOne(d); b.Counts.Unchanged != 1 || e.st.LastSeq() != seq {
		t.Fatalf("same row again: %+v, seq %d → %d", b.Counts, seq, e.st.LastSeq())
	}

	d.Summary = "Ringkasan baru dari sumber."
	b3 := e.importOne(d)
	rec, doc = e.working("imp-1")
	if b3.Counts.Updated != 1 || doc.Summary != d.Summary || doc.Provenance[0].Batch != b3.ID || rec.State != StateVerified {
		t.Fatalf("update of an untouched record: %+v %+v", b3.Counts, doc.Provenance)
	}

	// The institution's editor changes the title on the hub: its draft
	// keeps the source's provenance and adds the hub's, owning the title.
	mine := doc
	mine.Title = "Judul dari pengelola"
	mine.Provenance = nil // a client cannot rewrite provenance
	if _, err := e.hub.Save(editor, mine, Base{Version: rec.Version}); err != nil {
		t.Fatal(err)
	}
	rec, doc = e.working("imp-1")
	if len(doc.Provenance) != 2 || doc.Provenance[0].SourceID != "kipp-77" || doc.Provenance[1].Source != content.SourceJIPPNAS ||
		!slices.Equal(doc.Provenance[1].Fields, []string{"title"}) || slices.Contains(doc.Provenance[0].Fields, "title") {
		t.Fatalf("provenance after a hub edit: %+v", doc.Provenance)
	}

	// The source sends what it sent before: nothing happens.
	if b := e.importOne(d); b.Counts.Unchanged != 1 {
		t.Fatalf("unchanged source after a hub edit: %+v", b.Counts)
	}
	if _, after := e.working("imp-1"); after.Title != "Judul dari pengelola" {
		t.Fatalf("the editor's title was overwritten: %q", after.Title)
	}

	// The source changes the body: a conflict, nothing written.
	d.Body = "## Latar Belakang\nData baru dari KIPP.\n\n## Tujuan\nMempercepat."

	if b := e.importOne(d); b.Counts.Conflicts != 1 {
		t.Fatalf("changed source over a hub edit: %+v", b.Counts)
	}
	if r2, d2 := e.working("imp-1"); r2.Version != rec.Version || d2.Body == d.Body {
		t.Fatalf("a conflict changed the record: version %d → %d", rec.Version, r2.Version)
	}
	if n := auditCount(t, e.hub, "imp-1", AuditImportConflict); n != 1 {
		t.Fatalf("%d conflict entries", n)
	}
	e.importOne(d) // the same row again: the queued conflict stays as it is
	if n := auditCount(t, e.hub, "imp-1", AuditImportConflict); n != 1 {
		t.Fatalf("re-queued: %d conflict entries", n)
	}
	cs, err := e.hub.Conflicts(e.admin)
	if err != nil || len(cs) != 1 || cs[0].Reason != ConflictEdited || cs[0].Current.Title != "Judul dari pengelola" || cs[0].Incoming.Body != d.Body {
		t.Fatalf("conflicts %+v: %v", cs, err)
	}
	if others, _ := e.hub.Conflicts(editor); len(others) != 0 {
		t.Fatal("a pengelola sees the merge queue's conflicts")
	}
	if _, err := e.hub.ResolveConflict(editor, "imp-1", rec.Version, nil, ""); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a pengelola settled a conflict: %v", err)
	}
	if _, err := e.hub.ResolveConflict(e.admin, "imp-1", rec.Version-1, nil, ""); !errors.Is(err, ErrStale) {
		t.Fatalf("settled from an old version: %v", err)
	}

	// The admin takes the new body and keeps the editor's title.
	res, err := e.hub.ResolveConflict(e.admin, "imp-1", rec.Version, map[string]string{"body": TakeIncoming}, "isi baru dari KIPP")
	if err != nil {
		t.Fatal(err)
	}
	rec, doc = e.working("imp-1")
	if res.Record.State != StateVerified || doc.Body != d.Body || doc.Title != "Judul dari pengelola" {
		t.Fatalf("resolved: %+v, title %q", res.Record, doc.Title)
	}
	src := doc.Provenance[0]
	if src.Batch == b3.ID || !slices.Contains(src.Fields, "body") || !slices.Contains(doc.Provenance[1].Fields, "title") {
		t.Fatalf("provenance after resolving: %+v", doc.Provenance)
	}
	if cs, _ := e.hub.Conflicts(e.admin); len(cs) != 0 {
		t.Fatalf("%d conflicts left", len(cs))
	}
	if b := e.importOne(d); b.Counts.Unchanged != 1 {
		t.Fatalf("the settled row again: %+v", b.Counts)
	}

	// Another change, dismissed: the hub's content stays, and the row is
	// not queued again.
	d.Stage = "uji-coba"
	if b := e.importOne(d); b.Counts.Conflicts != 1 {
		t.Fatalf("second change: %+v", b.Counts)
	}
	if err := e.hub.DismissConflict(e.admin, "imp-1", rec.Version, "tahap di hub lebih baru"); err != nil {
		t.Fatal(err)
	}
	if _, after := e.working("imp-1"); after.Stage != "penerapan" {
		t.Fatalf("dismissed, but stage %q", after.Stage)
	}
	if b := e.importOne(d); b.Counts.Unchanged != 1 || auditCount(t, e.hub, "imp-1", AuditImportDismiss) != 1 {
		t.Fatalf("dismissed row again: %+v", b.Counts)
	}
	batches, err := e.hub.Batches(e.admin, "", 0)
	if err != nil || len(batches) != 9 || batches[0].ID != "b9" || batches[0].By.Via != ViaCLI {
		t.Fatalf("batches %d: %v", len(batches), err)
	}
	if older, _ := e.hub.Batches(e.admin, "b3", 10); len(older) != 2 || older[0].ID != "b2" {
		t.Fatalf("batches before b3: %+v", older)
	}
	if _, err := e.hub.Batches(editor, "", 0); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a pengelola listed batches: %v", err)
	}
}

// TestImportOverDeletedRecord: a withdrawn record is not brought back by
// an import of changed data; the row waits for review, and settling it
// restores the record.
func TestImportOverDeletedRecord(t *testing.T) {
	e := newEnv(t)
	d := draft("hapus-1")
	d.Source = content.SourceLAN
	e.importOne(d)
	rec, _ := e.working("hapus-1")
	if _, err := e.hub.Delete(e.admin, "hapus-1", Base{Version: rec.Version}); err != nil {
		t.Fatal(err)
	}
	if b := e.importOne(d); b.Counts.Unchanged != 1 {
		t.Fatalf("same row over a deleted record: %+v", b.Counts)
	}
	d.Title = "Judul diperbarui"
	if b := e.importOne(d); b.Counts.Conflicts != 1 {
		t.Fatalf("changed row over a deleted record: %+v", b.Counts)
	}
	if _, err := e.st.Get("hapus-1"); !errors.Is(err, content.ErrNotFound) {
		t.Fatalf("the deleted record is public again: %v", err)
	}
	cs, _ := e.hub.Conflicts(e.admin)
	if len(cs) != 1 || cs[0].Reason != ConflictDeleted {
		t.Fatalf("conflicts %+v", cs)
	}
	if _, err := e.hub.ResolveConflict(e.admin, "hapus-1", 0, map[string]string{"title": TakeIncoming}, ""); err != nil {
		t.Fatal(err)
	}
	if pub, err := e.st.Get("hapus-1"); err != nil || pub.Title != "Judul diperbarui" {
		t.Fatalf("restored: %+v %v", pub, err)
	}
}

// TestInterruptedBatch: a batch a stopped program left running is marked
// so when the hub opens again.
func TestInterruptedBatch(t *testing.T) {
	e := newEnv(t)
	run, err := e.hub.StartImport(e.admin, BatchInput{File: "besar.xlsx", Mapping: "lan"})
	if err != nil {
		t.Fatal(err)
	}
	h2, err := Open(e.st, Config{Registry: testRegistry(t), Now: e.clock.Now, Argon2: testArgon2})
	if err != nil {
		t.Fatal(err)
	}
	b, err := h2.BatchOf(e.admin, run.Batch().ID)
	if err != nil || b.State != BatchInterrupted || b.FinishedAt == "" {
		t.Fatalf("batch %+v: %v", b, err)
	}
}

func TestResolveInstitutionAdapter(t *testing.T) {
	r := testRegistry(t)
	for _, c := range []struct {
		name, region, code string
		exact, ok          bool
	}{
		{"Pemkot Surabaya", "", "35.78", true, true},
		{"PEMERINTAH KOTA SURABAYA", "", "35.78", true, true},
		{"Dinas Kesehatan Kota Surabaya", "", "35.78", true, true},
		{"Puskesmas Tanah Kali Kedinding Surabaya", "", "35.78", false, true},
		{"Dinas Pendidikan Bogor", "", "", false, false},
		{"Dinas Pendidikan Bogor", "32.71", "32.71", false, true},
		{"Kementerian Kesehatan", "", "kemenkes", true, true},
		{"Warung Kopi Pak Darto", "", "", false, false},
	} {
		code, exact, ok := r.ResolveInstitution(c.name, c.region)
		if code != c.code || exact != c.exact || ok != c.ok {
			t.Errorf("%q (%q): %q exact=%v ok=%v, want %q %v %v", c.name, c.region, code, exact, ok, c.code, c.exact, c.ok)
		}
	}
}
