package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"jippnas/content"
	"jippnas/content/markdown"
)

// fill sets every field of the struct v points to a value that is not
// its zero, different for each field (n counts), recursing into slices of
// structs. A field the card codec forgets then comes back empty.
func fill(t testing.TB, v reflect.Value, n *int) {
	t.Helper()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		*n++
		switch f.Kind() {
		case reflect.String:
			f.SetString(fmt.Sprintf("nilai-%d-é", *n))
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(*n) * -7919)
		case reflect.Uint64:
			f.SetUint(uint64(*n) << 40)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Struct:
			fill(t, f, n)
		case reflect.Slice:
			s := reflect.MakeSlice(f.Type(), 2, 2)
			for k := 0; k < 2; k++ {
				e := s.Index(k)
				switch e.Kind() {
				case reflect.String:
					*n++
					e.SetString(fmt.Sprintf("butir-%d", *n))
				case reflect.Struct:
					fill(t, e, n)
				default:
					t.Fatalf("field %s: slice of %s: teach the test (and the card codec)", v.Type().Field(i).Name, e.Kind())
				}
			}
			f.Set(s)
		default:
			t.Fatalf("field %s of kind %s: teach the test (and the card codec)", v.Type().Field(i).Name, f.Kind())
		}
	}
}

// TestCardCodecCoversEveryField: a card with every field of Document,
// Provenance and Section set decodes to itself, and to what its JSON form
// decodes to; so does a card with every field empty.
func TestCardCodecCoversEveryField(t *testing.T) {
	var full card
	n := 0
	fill(t, reflect.ValueOf(&full).Elem(), &n)
	if len(full.Doc.Provenance) != 2 || len(full.Sections) != 2 || full.Doc.Provenance[1].Fields[1] == "" {
		t.Fatalf("fill left lists empty: %+v", full)
	}
	for _, c := range []card{full, {}, {Doc: content.Document{ID: "x", Year: -1, Digital: true}}} {
		got, err := decodeCard(appendCard(nil, c))
		if err != nil {
			t.Fatal(err)
		}
		js, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var viaJSON card
		if err := json.Unmarshal(js, &viaJSON); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, viaJSON) {
			t.Errorf("binary round trip\n got  %+v\n want %+v", got, viaJSON)
		}
	}
}

// TestCardCodecRejectsDamage: a card cut anywhere, with bytes after it,
// or with a boolean that is neither 0 nor 1 is an error, not a card.
func TestCardCodecRejectsDamage(t *testing.T) {
	var full card
	n := 0
	fill(t, reflect.ValueOf(&full).Elem(), &n)
	v := appendCard(nil, full)
	for cut := 0; cut < len(v); cut++ {
		if _, err := decodeCard(v[:cut]); err == nil {
			t.Fatalf("cut at %d of %d: no error", cut, len(v))
		}
	}
	if _, err := decodeCard(append(bytes.Clone(v), 0)); err == nil {
		t.Error("a byte after the card: no error")
	}
	// An empty card: nine empty strings, the year, three strings, two
	// lists, three strings, then the boolean.
	empty := appendCard(nil, card{})
	empty[9+1+3+2+3] = 2
	if _, err := decodeCard(empty); err == nil {
		t.Error("boolean 2: no error")
	}
	huge := binary.AppendUvarint([]byte{0}, 1<<40) // ID empty, then a type of 2^40 bytes
	if _, err := decodeCard(huge); err == nil {
		t.Error("a string longer than the value: no error")
	}
}

// TestShowReadsJSONCards: a shown/ value a store wrote before cards were
// binary (format 1) still shows; the document's next write rewrites it.
func TestShowReadsJSONCards(t *testing.T) {
	s := testStore(t)
	d, err := s.Put(innovation("i-json"))
	if err != nil {
		t.Fatal(err)
	}
	c := card{Doc: d, Sections: []markdown.Section{{Anchor: "a", Heading: "Syarat", Start: 1, End: 9}}}
	head, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	old := binary.AppendUvarint([]byte{shownJSON}, uint64(len(head)))
	old = append(append(old, head...), "teks lama"...)
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(shownKey(d.ID), old) }); err != nil {
		t.Fatal(err)
	}
	sh, err := s.ShowMany([]string{d.ID})
	if err != nil || len(sh) != 1 || sh[0].Doc.Title != d.Title || sh[0].Text != "teks lama" || len(sh[0].Sections) != 1 {
		t.Fatalf("format 1: %+v, %v", sh, err)
	}
	d.Title = "Judul baru"
	if _, err := s.Put(d); err != nil {
		t.Fatal(err)
	}
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(shownKey(d.ID))
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if v[0] != shownFormat {
				return fmt.Errorf("rewritten in format %d", v[0])
			}
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
}

// FuzzDecodeCard: any bytes decode without a panic, and a card decoded
// encodes to bytes that decode to it again.
func FuzzDecodeCard(f *testing.F) {
	var full card
	n := 0
	fill(f, reflect.ValueOf(&full).Elem(), &n)
	f.Add(appendCard(nil, full))
	f.Add(appendCard(nil, card{}))
	f.Add([]byte{0x80})
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := decodeCard(raw)
		if err != nil {
			return
		}
		again, err := decodeCard(appendCard(nil, c))
		if err != nil || !reflect.DeepEqual(again, c) {
			t.Fatalf("re-encoded card: %+v, %v; was %+v", again, err, c)
		}
	})
}
