package hub

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"jippnas/content"
)

// twoSources imports one innovation as reported by PANRB (KIPP) and by
// Kemendagri (IGA), and returns both ids.
func (e *env) twoSources() (string, string) {
	e.t.Helper()
	p := draft("kipp-sby-antar-akta")
	p.Source, p.Year, p.Awards = content.SourcePANRB, 2019, []string{"Top 99 KIPP 2019"}
	p.Provenance = []content.Provenance{{Source: content.SourcePANRB, Programme: "Kementerian PANRB — KIPP", SourceID: "K-19-0042"}}
	k := draft("iga-sby-akta-antar")
	k.Source, k.Year, k.Awards = content.SourceKemendagri, 2020, []string{"IGA 2020 Kota Sangat Inovatif"}
	k.Title = "Akta Diantar ke Rumah Warga"
	k.Summary = "Akta kelahiran, KK dan KIA diantar kurir ke rumah."
	e.importOne(p, k)
	return p.ID, k.ID
}

// public is the public document, or the zero one when it is not public.
func (e *env) public(id string) content.Document {
	d, err := e.st.Get(id)
	if err != nil && !errors.Is(err, content.ErrNotFound) {
		e.t.Fatal(err)
	}
	return d
}

// comparable drops what the store sets from a document.
func comparable(d content.Document) content.Document {
	d.Revision, d.UpdatedAt = 0, ""
	return d
}

// TestMergeFieldByFieldAndUndo merges a KIPP and an IGA record of one
// innovation choosing fields from each, checks the canonical record, the
// withdrawn secondary, provenance, audit and the queue, then undoes the
// merge and checks both records are exactly as they were.
func TestMergeFieldByFieldAndUndo(t *testing.T) {
	e := newEnv(t)
	pID, kID := e.twoSources()
	verifier := e.account("verifikator@jatim.go.id", RoleVerifier, "", "35")
	outside := e.account("verifikator@diy.go.id", RoleVerifier, "", "34")
	editor := e.account("pengelola@surabaya.go.id", RoleEditor, "35.78")

	if n, err := e.hub.ProposeDuplicates([]DuplicatePair{{A: kID, B: pID, Score: 0.71}, {A: pID, B: pID}}, true); err != nil || n != 1 {
		t.Fatalf("proposed %d: %v", n, err)
	}
	if e.hub.DuplicateScanAt() == "" {
		t.Fatal("a full scan is not recorded")
	}
	for _, c := range []struct {
		who  Actor
		want int
	}{{e.admin, 1}, {verifier, 1}, {outside, 0}, {editor, 0}} {
		if ps, err := e.hub.Proposals(c.who); err != nil || len(ps) != c.want {
			t.Errorf("%s sees %d proposals (%v), want %d", c.who.Account.Email, len(ps), err, c.want)
		}
	}

	pRec, pDoc := e.working(pID)
	kRec, kDoc := e.working(kID)
	pPub, kPub := e.public(pID), e.public(kID)
	req := MergeRequest{Canonical: pID, CanonicalVersion: pRec.Version, Secondary: kID, SecondaryVersion: kRec.Version,
		Fields: map[string]string{"title": ChooseSecondary, "awards": ChooseBoth}, Comment: "Inovasi yang sama"}
	if _, err := e.hub.Merge(outside, req); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a verifier outside the province merged: %v", err)
	}
	if _, err := e.hub.Merge(editor, req); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a pengelola merged: %v", err)
	}
	stale := req
	stale.SecondaryVersion--
	if _, err := e.hub.Merge(verifier, stale); !errors.Is(err, ErrStale) {
		t.Fatalf("merge from an old version: %v", err)
	}
	bad := req
	bad.Fields = map[string]string{"title": ChooseBoth}
	if _, err := e.hub.Merge(verifier, bad); !errors.Is(err, content.ErrInvalid) {
		t.Fatalf("both titles: %v", err)
	}

	m, err := e.hub.Merge(verifier, req)
	if err != nil {
		t.Fatal(err)
	}
	cRec, cDoc := e.working(pID)
	if cDoc.Title != kDoc.Title || cDoc.Summary != pDoc.Summary || !slices.Equal(cDoc.Awards, []string{"Top 99 KIPP 2019", "IGA 2020 Kota Sangat Inovatif"}) ||
		cRec.State != StateVerified || cRec.VerifiedBy != verifier.Account.Name || cRec.PublishedRevision != m.Revision {
		t.Fatalf("canonical after merge: %+v %+v", cRec, cDoc)
	}
	if pub := e.public(pID); pub.Title != kDoc.Title || len(pub.Provenance) != 2 {
		t.Fatalf("public canonical %+v", pub)
	}
	prov := cDoc.Provenance
	if len(prov) != 2 || prov[0].Source != content.SourcePANRB || prov[1].Source != content.SourceKemendagri ||
		!slices.Contains(prov[1].Fields, "title") || slices.Contains(prov[0].Fields, "title") ||
		!slices.Contains(prov[0].Fields, "awards") || !slices.Contains(prov[1].Fields, "awards") || !slices.Contains(prov[0].Fields, "summary") {
		t.Fatalf("merged provenance %+v", prov)
	}
	if prov[0].Label() != "Kementerian PANRB — KIPP 2019" || prov[1].Label() != "Kemendagri — IGA 2020" {
		t.Fatalf("labels %q, %q", prov[0].Label(), prov[1].Label())
	}
	sRec, _ := e.working(kID)
	if sRec.State != StateMerged || sRec.MergedInto != pID || e.public(kID).ID != "" {
		t.Fatalf("secondary after merge: %+v, public %q", sRec, e.public(kID).ID)
	}
	if revs, _ := e.hub.Revisions(e.admin, kID); len(revs) != int(kRec.Revision) {
		t.Fatalf("the secondary lost revisions: %d", len(revs))
	}
	if ps, _ := e.hub.Proposals(e.admin); len(ps) != 0 {
		t.Fatalf("merged pair still proposed: %+v", ps)
	}
	for _, id := range []string{pID, kID} {
		if auditCount(t, e.hub, id, AuditMerge) != 1 {
			t.Errorf("%s: no merge in the audit log", id)
		}
	}
	if got, _ := e.hub.Merges(e.admin, kID, 0); len(got) != 1 || got[0].ID != m.ID {
		t.Fatalf("merges of the secondary: %+v", got)
	}
	// The secondary is out of the workflow: no edit, no step, no second merge.
	if _, err := e.hub.Save(e.admin, kDoc, Base{Any: true}); !errors.Is(err, content.ErrConflict) {
		t.Fatalf("edit of a merged record: %v", err)
	}
	if _, err := e.hub.Confirm(e.admin, kID, Base{Version: sRec.Version}); !errors.Is(err, content.ErrNotFound) {
		t.Fatalf("step on a merged record: %v", err)
	}
	again := req
	again.CanonicalVersion, again.SecondaryVersion = cRec.Version, sRec.Version
	if _, err := e.hub.Merge(e.admin, again); err == nil {
		t.Fatal("merged a merged record again")
	}
	if st := e.hub.InstitutionStats("35.78"); st.Records != 1 || st.Published != 1 {
		t.Fatalf("merged record counted: %+v", st)
	}

	// Undo: both exactly as they were.
	if _, err := e.hub.Unmerge(outside, m.ID, ""); !errors.Is(err, ErrForbidden) && !errors.Is(err, content.ErrNotFound) {
		t.Fatalf("undone by a verifier outside the province: %v", err)
	}
	if _, err := e.hub.Unmerge(e.admin, m.ID, "ternyata berbeda"); err != nil {
		t.Fatal(err)
	}
	uRec, uDoc := e.working(pID)
	if !reflect.DeepEqual(comparable(uDoc), comparable(pDoc)) || !reflect.DeepEqual(comparable(e.public(pID)), comparable(pPub)) {
		t.Fatalf("canonical not restored:\n%+v\n%+v", uDoc, pDoc)
	}
	if uRec.State != StateVerified || uRec.VerifiedBy != pRec.VerifiedBy || uRec.VerifiedAt != pRec.VerifiedAt || uRec.PublishedRevision != uRec.Revision {
		t.Fatalf("canonical record after undo: %+v", uRec)
	}
	rRec, rDoc := e.working(kID)
	want := kRec
	want.Version = rRec.Version
	if !reflect.DeepEqual(rRec, want) || !reflect.DeepEqual(comparable(rDoc), comparable(kDoc)) || !reflect.DeepEqual(comparable(e.public(kID)), comparable(kPub)) {
		t.Fatalf("secondary not restored:\n%+v\n%+v", rRec, want)
	}
	if rRec.Version <= sRec.Version {
		t.Fatalf("version went back: %d → %d", sRec.Version, rRec.Version)
	}
	if _, err := e.hub.Unmerge(e.admin, m.ID, ""); !errors.Is(err, content.ErrConflict) {
		t.Fatalf("undone twice: %v", err)
	}
	if mm, _ := e.hub.MergeOf(e.admin, m.ID); !mm.Undone() || mm.UndoneBy.Name != e.admin.Account.Name {
		t.Fatalf("merge record after undo: %+v", mm)
	}
	if st := e.hub.InstitutionStats("35.78"); st.Records != 2 || st.Published != 2 {
		t.Fatalf("figures after undo: %+v", st)
	}

	// "Bukan duplikat": never proposed again.
	if _, err := e.hub.MarkNotDuplicate(editor, pID, kID, ""); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a pengelola marked a pair: %v", err)
	}
	if _, err := e.hub.MarkNotDuplicate(verifier, kID, pID, "dua inovasi berbeda"); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.hub.ProposeDuplicates([]DuplicatePair{{A: pID, B: kID, Score: 0.9}}, false); n != 0 || !e.hub.IsNotDuplicate(kID, pID) {
		t.Fatalf("a pair marked not duplicate was proposed again (%d)", n)
	}
	if auditCount(t, e.hub, pID, AuditNotDuplicate) != 1 || auditCount(t, e.hub, kID, AuditUnmerge) != 1 {
		t.Fatal("not-duplicate or unmerge missing from the audit log")
	}
}

// TestMergeRules: a record with changes not yet verified is not merged;
// pairs of one programme are not proposed; an import into a merged record
// is held back and settled on the canonical one.
func TestMergeRules(t *testing.T) {
	e := newEnv(t)
	pID, kID := e.twoSources()
	same := draft("kipp-lain")
	same.Source = content.SourcePANRB
	e.importOne(same)
	if n, _ := e.hub.ProposeDuplicates([]DuplicatePair{{A: pID, B: "kipp-lain"}}, false); n != 0 {
		t.Fatal("a pair of one programme was proposed")
	}
	kRec, kDoc := e.working(kID)
	kDoc.Summary = "Draf yang belum diverifikasi."
	open, err := e.hub.Save(e.admin, kDoc, Base{Version: kRec.Version})
	if err != nil {
		t.Fatal(err)
	}
	pRec, _ := e.working(pID)
	req := MergeRequest{Canonical: pID, CanonicalVersion: pRec.Version, Secondary: kID, SecondaryVersion: open.Record.Version}
	if _, err := e.hub.Merge(e.admin, req); !errors.Is(err, content.ErrConflict) {
		t.Fatalf("merged a record with an open draft: %v", err)
	}
	if _, err := e.hub.Revert(e.admin, kID, Base{Version: open.Record.Version}, kRec.Revision); err != nil {
		t.Fatal(err)
	}
	kRec, _ = e.working(kID)
	if _, err := e.hub.Submit(e.admin, kID, Base{Version: kRec.Version}); err != nil {
		t.Fatal(err)
	}
	kRec, _ = e.working(kID)
	if kRec, err = e.hub.Verify(e.admin, kID, Base{Version: kRec.Version}, ""); err != nil {
		t.Fatal(err)
	}
	req.SecondaryVersion = kRec.Version
	if _, err := e.hub.Merge(e.admin, req); err != nil {
		t.Fatal(err)
	}
	// The IGA export again, with a new summary: held back on the canonical.
	k := draft(kID)
	k.Source, k.Year, k.Awards = content.SourceKemendagri, 2020, []string{"IGA 2020 Kota Sangat Inovatif"}
	k.Title = "Akta Diantar ke Rumah Warga"
	k.Summary = "Ringkasan baru dari IGA."
	if b := e.importOne(k); b.Counts.Conflicts != 1 {
		t.Fatalf("import into a merged record: %+v", b.Counts)
	}
	cs, _ := e.hub.Conflicts(e.admin)
	if len(cs) != 1 || cs[0].Reason != ConflictMerged || cs[0].Target != pID {
		t.Fatalf("conflicts %+v", cs)
	}
	if _, err := e.hub.ResolveConflict(e.admin, kID, 0, map[string]string{"summary": TakeIncoming}, ""); err != nil {
		t.Fatal(err)
	}
	if pub := e.public(pID); pub.Summary != k.Summary {
		t.Fatalf("canonical summary %q", pub.Summary)
	}
	if e.public(kID).ID != "" {
		t.Fatal("settling a conflict brought the merged record back")
	}
}
