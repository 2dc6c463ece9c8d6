package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"

	"jippnas/content"
	"jippnas/content/importer"
	"jippnas/content/store"
)

func testStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(store.Config{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func opener(s string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(s)), nil }
}

// sameContent compares two versions ignoring the fields the store sets.
func sameContent(a, b content.Document) bool {
	a.Revision, b.Revision, a.UpdatedAt, b.UpdatedAt = 0, 0, "", ""
	return reflect.DeepEqual(a, b)
}

func TestExportImportRoundTrip(t *testing.T) {
	s := testStore(t)
	if n, err := Load(s, nil); err != nil || n < 1 {
		t.Fatalf("demo: %d %v", n, err)
	}
	var buf bytes.Buffer
	if _, err := s.Each(context.Background(), func(d content.Document) error {
		b, _ := json.Marshal(d)
		b = append(b, '\n')
		buf.Write(b)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	s2 := testStore(t)
	res, err := s2.Import(opener(buf.String()), "export.jsonl", importer.FormatJSONL, store.ImportOptions{})
	if err != nil {
		t.Fatalf("%v %v", err, res.Errors)
	}
	n1, _ := s.Count()
	n2, _ := s2.Count()
	if n1 != n2 {
		t.Fatalf("round trip: %d vs %d", n1, n2)
	}
	_, err = s.Each(context.Background(), func(d content.Document) error {
		d2, err := s2.Get(d.ID)
		if err != nil || !sameContent(d, d2) {
			t.Errorf("%s differs after round trip", d.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
