package store

import (
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"jippnas/content"
)

func guide(id, body string) content.Document {
	return content.Document{ID: id, Type: content.TypeGuide, Title: "Panduan " + id, Body: body}
}

func TestShowMany(t *testing.T) {
	s := testStore(t)
	const body = "Pengantar singkat.\n\n## Syarat\n\nKTP asli dan kartu keluarga.\n\n## Biaya\n\nLayanan ini gratis.\n"
	for _, d := range []content.Document{guide("g-1", body), innovation("i-1"), guide("g-2", "Tanpa judul bagian.")} {
		if _, err := s.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Delete("g-2"); err != nil {
		t.Fatal(err)
	}
	if err := s.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get(sectionKey("g-2"))
		return err
	}); err != badger.ErrKeyNotFound {
		t.Fatalf("sections of a deleted document: %v, want them gone", err)
	}
	// A store written before sections were kept: g-1 loses its sections.
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(sectionKey("g-1")) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(guide("g-3", body)); err != nil {
		t.Fatal(err)
	}

	shown, err := s.ShowMany([]string{"g-3", "missing", "g-2", "i-1", "g-1"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, sh := range shown {
		ids = append(ids, sh.Doc.ID)
	}
	if got := strings.Join(ids, ","); got != "g-3,i-1,g-1" {
		t.Fatalf("shown %s, want the existing documents in the order asked: g-3,i-1,g-1", got)
	}
	wantText := s.PlainText(body)
	for _, sh := range []Shown{shown[0], shown[2]} { // kept, and derived again
		if sh.Text != wantText {
			t.Errorf("%s: text %q, want %q", sh.Doc.ID, sh.Text, wantText)
		}
		secs := s.SectionsOf(sh)
		if len(secs) != 2 || secs[0].Heading != "Syarat" || secs[1].Heading != "Biaya" {
			t.Fatalf("%s: sections %+v, want Syarat and Biaya", sh.Doc.ID, secs)
		}
		for _, sec := range secs {
			if sec.Anchor == "" || sec.Start >= sec.End || !strings.Contains(sh.Text[sec.Start:sec.End], sec.Heading) {
				t.Errorf("%s: section %+v does not hold its heading in the text", sh.Doc.ID, sec)
			}
		}
	}
	if sh := shown[1]; sh.Text != "" || len(s.SectionsOf(sh)) != 0 {
		t.Errorf("innovation without a body: text %q sections %+v", sh.Text, s.SectionsOf(sh))
	}
}
