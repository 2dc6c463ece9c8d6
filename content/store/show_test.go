package store

import (
	"fmt"
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
	for _, key := range [][]byte{textKey("g-2"), cardKey("g-2")} {
		if err := s.db.View(func(txn *badger.Txn) error {
			_, err := txn.Get(key)
			return err
		}); err != badger.ErrKeyNotFound {
			t.Fatalf("%s of a deleted document: %v, want it gone", key, err)
		}
	}
	// A store written before cards and sections were kept: g-1 loses its card.
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(cardKey("g-1")) }); err != nil {
		t.Fatal(err)
	}
	// A store written before cards, with sections kept beside the text.
	if _, err := s.Put(guide("g-4", body)); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(txn *badger.Txn) error {
		if err := setJSON(txn, sectionKey("g-4"), s.derive(body).Sections); err != nil {
			return err
		}
		return txn.Delete(cardKey("g-4"))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(guide("g-3", body)); err != nil {
		t.Fatal(err)
	}

	shown, err := s.ShowMany([]string{"g-3", "missing", "g-2", "i-1", "g-1", "g-4"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, sh := range shown {
		ids = append(ids, sh.Doc.ID)
	}
	if got := strings.Join(ids, ","); got != "g-3,i-1,g-1,g-4" {
		t.Fatalf("shown %s, want the existing documents in the order asked: g-3,i-1,g-1,g-4", got)
	}
	wantText := s.PlainText(body)
	for _, sh := range []Shown{shown[0], shown[2], shown[3]} { // card, derived again, sections kept
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
	// A list of results never shows a body: the card leaves it out, and
	// only documents written before cards decode it.
	if sh := shown[0]; sh.Doc.Body != "" || sh.Doc.Title != "Panduan g-3" || sh.Doc.Type != content.TypeGuide || sh.Doc.Revision == 0 || sh.Doc.UpdatedAt == "" {
		t.Errorf("g-3 from its card: %+v, want every field but the body", sh.Doc)
	}
	for _, sh := range []Shown{shown[2], shown[3]} {
		if sh.Doc.Body != strings.TrimSpace(body) {
			t.Errorf("%s, written before cards: body %q, want the stored document", sh.Doc.ID, sh.Doc.Body)
		}
	}
	if sh := shown[1]; sh.Text != "" || len(s.SectionsOf(sh)) != 0 {
		t.Errorf("innovation without a body: text %q sections %+v", sh.Text, s.SectionsOf(sh))
	}
}

// BenchmarkShowMany reads a page of ten hits from a store of 2,000
// documents with bodies of about 4.6 KB, the peers' corpus's size.
func BenchmarkShowMany(b *testing.B) {
	s, err := Open(Config{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	body := strings.Repeat("Pelayanan administrasi kependudukan dilakukan secara daring oleh dinas terkait. ", 58)
	docs := make([]content.Document, 2000)
	for i := range docs {
		docs[i] = innovation(fmt.Sprintf("i-%d", i))
		docs[i].Body = body
	}
	if _, err := s.PutBatch(docs); err != nil {
		b.Fatal(err)
	}
	ids := make([]string, 10)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range ids {
			ids[j] = docs[(i*37+j*191)%len(docs)].ID
		}
		if shown, err := s.ShowMany(ids); err != nil || len(shown) != len(ids) {
			b.Fatalf("%d shown, %v", len(shown), err)
		}
	}
}
