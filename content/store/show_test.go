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
	for _, key := range [][]byte{shownKey("g-2"), textKey("g-2"), cardKey("g-2")} {
		if err := s.db.View(func(txn *badger.Txn) error {
			_, err := txn.Get(key)
			return err
		}); err != badger.ErrKeyNotFound {
			t.Fatalf("%s of a deleted document: %v, want it gone", key, err)
		}
	}
	// legacy rewrites what the store keeps beside document id as an older
	// store did: the text alone (before sections), the text and sections
	// (before cards), or the text and card (before shown/).
	legacy := func(id string, sections, withCard bool) {
		t.Helper()
		sh, err := s.ShowMany([]string{id})
		if err != nil || len(sh) != 1 {
			t.Fatalf("show %s: %v", id, err)
		}
		if err := s.db.Update(func(txn *badger.Txn) error {
			if err := txn.Delete(shownKey(id)); err != nil {
				return err
			}
			if err := txn.Set(textKey(id), []byte(sh[0].Text)); err != nil {
				return err
			}
			if sections {
				if err := setJSON(txn, sectionKey(id), sh[0].Sections); err != nil {
					return err
				}
			}
			if withCard {
				return setJSON(txn, cardKey(id), card{Doc: sh[0].Doc, Sections: sh[0].Sections})
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	legacy("g-1", false, false)
	if _, err := s.Put(guide("g-4", body)); err != nil {
		t.Fatal(err)
	}
	legacy("g-4", true, false)
	if _, err := s.Put(guide("g-3", body)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(guide("g-5", body)); err != nil {
		t.Fatal(err)
	}
	legacy("g-5", false, true)

	shown, err := s.ShowMany([]string{"g-3", "missing", "g-2", "i-1", "g-1", "g-4", "g-5"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, sh := range shown {
		ids = append(ids, sh.Doc.ID)
	}
	if got := strings.Join(ids, ","); got != "g-3,i-1,g-1,g-4,g-5" {
		t.Fatalf("shown %s, want the existing documents in the order asked: g-3,i-1,g-1,g-4,g-5", got)
	}
	wantText := s.PlainText(body)
	for _, sh := range []Shown{shown[0], shown[2], shown[3], shown[4]} { // shown/, derived again, sections kept, card
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
	for _, sh := range []Shown{shown[0], shown[4]} {
		if sh.Doc.Body != "" || sh.Doc.Title != "Panduan "+sh.Doc.ID || sh.Doc.Type != content.TypeGuide || sh.Doc.Revision == 0 || sh.Doc.UpdatedAt == "" {
			t.Errorf("%s from its card: %+v, want every field but the body", sh.Doc.ID, sh.Doc)
		}
	}
	for _, sh := range []Shown{shown[2], shown[3]} {
		if sh.Doc.Body != strings.TrimSpace(body) {
			t.Errorf("%s, written before cards: body %q, want the stored document", sh.Doc.ID, sh.Doc.Body)
		}
	}
	if sh := shown[1]; sh.Text != "" || len(s.SectionsOf(sh)) != 0 {
		t.Errorf("innovation without a body: text %q sections %+v", sh.Text, s.SectionsOf(sh))
	}
	// CardsMany: the same documents and sections, without the text that
	// only passages need.
	cards, err := s.CardsMany([]string{"g-3", "missing", "i-1", "g-5"})
	if err != nil || len(cards) != 3 {
		t.Fatalf("CardsMany: %d cards, %v; want g-3, i-1, g-5", len(cards), err)
	}
	if c := cards[0]; c.Doc.ID != "g-3" || c.Text != "" || c.Doc.Title != shown[0].Doc.Title || len(s.SectionsOf(c)) != 2 {
		t.Errorf("CardsMany g-3: %+v, want the card and sections of ShowMany without the text", c)
	}
	if cards[1].Doc.ID != "i-1" || cards[2].Doc.ID != "g-5" || cards[2].Doc.Title != shown[4].Doc.Title {
		t.Errorf("CardsMany: %s, %s, want i-1, g-5 as ShowMany read them", cards[1].Doc.ID, cards[2].Doc.ID)
	}
	// Rewriting a document an older store kept apart leaves no stale copy.
	if _, err := s.Put(guide("g-5", "Isi baru.")); err != nil {
		t.Fatal(err)
	}
	for _, key := range [][]byte{textKey("g-5"), cardKey("g-5")} {
		if err := s.db.View(func(txn *badger.Txn) error {
			_, err := txn.Get(key)
			return err
		}); err != badger.ErrKeyNotFound {
			t.Fatalf("%s after a rewrite: %v, want it gone", key, err)
		}
	}
	texts, err := s.Texts([]string{"g-5", "g-4"})
	if err != nil || texts["g-5"] != s.PlainText("Isi baru.") || texts["g-4"] != wantText {
		t.Fatalf("Texts after a rewrite: %q, %v", texts, err)
	}
}

func TestSplitShownRejectsDamage(t *testing.T) {
	v, err := encodeShown(card{Doc: guide("g-1", "")}, "teks")
	if err != nil {
		t.Fatal(err)
	}
	if head, text, format, err := splitShown(v); err != nil || string(text) != "teks" || format != shownFormat || !strings.Contains(string(head), "g-1") {
		t.Fatalf("splitShown(encodeShown) = %q, %q, %d, %v", head, text, format, err)
	}
	for _, bad := range [][]byte{nil, {}, {3}, {shownFormat}, {shownFormat, 0x80}, {shownFormat, 50, '{'}, {shownJSON, 50, '{'}} {
		if _, _, _, err := splitShown(bad); err == nil {
			t.Errorf("splitShown(%v): no error", bad)
		}
	}
}

// BenchmarkShowMany reads a page of ten hits, with their texts and
// without, from a store of 2,000 documents with bodies of about 4.6 KB,
// the peers' corpus's size.
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
	for _, v := range []struct {
		name string
		read func([]string) ([]Shown, error)
	}{{"with-text", s.ShowMany}, {"cards", s.CardsMany}} {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				for j := range ids {
					ids[j] = docs[(i*37+j*191)%len(docs)].ID
				}
				if shown, err := v.read(ids); err != nil || len(shown) != len(ids) {
					b.Fatalf("%d shown, %v", len(shown), err)
				}
			}
		})
	}
}

// FuzzSplitShown: any bytes are split without a panic, and whatever
// encodeShown writes splits back to its text.
func FuzzSplitShown(f *testing.F) {
	f.Add([]byte{shownFormat, 2, '{', '}', 'x'}, "teks")
	f.Add([]byte{}, "")
	f.Fuzz(func(t *testing.T, raw []byte, text string) {
		if head, _, _, err := splitShown(raw); err == nil && len(head) > len(raw) {
			t.Fatalf("head longer than the value")
		}
		v, err := encodeShown(card{Doc: guide("g", "")}, text)
		if err != nil {
			t.Fatal(err)
		}
		if _, got, _, err := splitShown(v); err != nil || string(got) != text {
			t.Fatalf("round trip: %q, %v", got, err)
		}
	})
}
