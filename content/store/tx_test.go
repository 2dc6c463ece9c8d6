package store

import (
	"errors"
	"strings"
	"testing"

	"jippnas/content"
)

// TestTxDocumentsAndRecordsTogether: a failing transaction leaves neither
// its documents nor its records behind; a committed one keeps both and
// logs the document change.
func TestTxDocumentsAndRecordsTogether(t *testing.T) {
	s := testStore(t)
	boom := errors.New("boom")
	err := s.Update(func(tx *Tx) error {
		if _, err := tx.PutDocument(innovation("t-1")); err != nil {
			return err
		}
		if err := tx.Set("hub/audit/1", []byte("a")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if _, err := s.Get("t-1"); !errors.Is(err, content.ErrNotFound) || s.LastSeq() != 0 {
		t.Fatalf("rolled-back document visible: %v, seq %d", err, s.LastSeq())
	}
	if err := s.View(func(tx *Tx) error { _, err := tx.Get("hub/audit/1"); return err }); !errors.Is(err, content.ErrNotFound) {
		t.Fatalf("rolled-back record visible: %v", err)
	}
	err = s.Update(func(tx *Tx) error {
		if _, err := tx.PutDocument(innovation("t-1")); err != nil {
			return err
		}
		for _, k := range []string{"hub/audit/1", "hub/audit/2", "hub/audit/3", "hubx/1"} {
			if err := tx.Set(k, []byte(k)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || s.LastSeq() != 1 {
		t.Fatalf("commit: %v, seq %d", err, s.LastSeq())
	}
	var fwd, rev []string
	err = s.View(func(tx *Tx) error {
		if err := tx.Each("hub/audit/", func(k string, v []byte) error { fwd = append(fwd, k+"="+string(v)); return nil }); err != nil {
			return err
		}
		return tx.EachReverse("hub/audit/", func(k string, v []byte) error { rev = append(rev, k); return nil })
	})
	if err != nil || strings.Join(fwd, ",") != "hub/audit/1=hub/audit/1,hub/audit/2=hub/audit/2,hub/audit/3=hub/audit/3" ||
		strings.Join(rev, ",") != "hub/audit/3,hub/audit/2,hub/audit/1" {
		t.Fatalf("iteration: %v %v %v", err, fwd, rev)
	}
	// Record keys never reach documents, their history or the change log.
	if n, _ := s.Count(); n != 1 {
		t.Fatalf("%d documents, want 1", n)
	}
	if err := s.Update(func(tx *Tx) error { return tx.Set("", []byte("x")) }); !errors.Is(err, content.ErrInvalid) {
		t.Fatalf("empty key: %v", err)
	}
	if err := s.View(func(tx *Tx) error { return tx.Set("a", nil) }); err == nil {
		t.Fatal("write in a read-only transaction accepted")
	}
}

// TestPutDocumentRevision: a caller-numbered revision is stored as given,
// also with unchanged content, and never at or below the stored one.
func TestPutDocumentRevision(t *testing.T) {
	s := testStore(t)
	put := func(d content.Document, rev uint64) (content.Document, error) {
		var out content.Document
		err := s.Update(func(tx *Tx) error {
			var err error
			out, err = tx.PutDocumentRevision(d, rev)
			return err
		})
		return out, err
	}
	d, err := put(innovation("r-1"), 4)
	if err != nil || d.Revision != 4 {
		t.Fatalf("first: %d %v", d.Revision, err)
	}
	if d, err = put(innovation("r-1"), 6); err != nil || d.Revision != 6 {
		t.Fatalf("same content, new revision: %d %v", d.Revision, err)
	}
	for _, rev := range []uint64{6, 5, 0} {
		if _, err := put(innovation("r-1"), rev); err == nil {
			t.Errorf("revision %d accepted over 6", rev)
		}
	}
	hist, _ := s.History("r-1")
	if len(hist) != 1 || hist[0].Revision != 4 {
		t.Fatalf("history %+v", hist)
	}
	bad := innovation("r-1")
	bad.Title = ""
	if _, err := put(bad, 9); !errors.Is(err, content.ErrInvalid) {
		t.Fatalf("invalid document: %v", err)
	}
	if got, _ := s.Get("r-1"); got.Revision != 6 || s.LastSeq() != 2 {
		t.Fatalf("after refusals: revision %d seq %d", got.Revision, s.LastSeq())
	}
}
