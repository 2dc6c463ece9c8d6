package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"jippnas/content"
	"jippnas/content/importer"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

func testStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(Config{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func innovation(id string) content.Document {
	return content.Document{ID: id, Type: content.TypeInnovation, Title: "Inovasi " + id, Institution: "Dinas Kesehatan Kota Surabaya",
		RegionCode: "35.78", Sector: "kesehatan", Year: 2021, Source: content.SourcePANRB}
}

func TestStorePutRevisionsAndHistory(t *testing.T) {
	s := testStore(t)
	d, err := s.Put(innovation("a-1"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Revision != 1 || d.UpdatedAt == "" {
		t.Fatalf("first put: revision %d updated_at %q", d.Revision, d.UpdatedAt)
	}
	// The same content again is not a new revision.
	d2, err := s.Put(innovation("a-1"))
	if err != nil || d2.Revision != 1 {
		t.Fatalf("unchanged put: revision %d err %v", d2.Revision, err)
	}
	changed := innovation("a-1")
	changed.Title = "Judul baru"
	d3, err := s.Put(changed)
	if err != nil || d3.Revision != 2 {
		t.Fatalf("changed put: revision %d err %v", d3.Revision, err)
	}
	hist, err := s.History("a-1")
	if err != nil || len(hist) != 1 || hist[0].Title != "Inovasi a-1" {
		t.Fatalf("history %+v err %v", hist, err)
	}
	if s.LastSeq() != 2 {
		t.Fatalf("seq %d, want 2", s.LastSeq())
	}
	if err := s.Delete("a-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("a-1"); !errors.Is(err, content.ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
	if err := s.Delete("a-1"); !errors.Is(err, content.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	var changes []Change
	last, err := s.Changes(0, 100, func(c Change) error { changes = append(changes, c); return nil })
	if err != nil || last != 3 || len(changes) != 3 || !changes[2].Deleted {
		t.Fatalf("changes %+v last %d err %v", changes, last, err)
	}
}

func TestStoreBatchIsAllOrNothing(t *testing.T) {
	s := testStore(t)
	bad := innovation("b-2")
	bad.RegionCode = "99.99"
	_, err := s.PutBatch([]content.Document{innovation("b-1"), bad})
	var ve *content.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, content.ErrInvalid) {
		t.Fatalf("want validation error, got %v", err)
	}
	if n, _ := s.Count(); n != 0 {
		t.Fatalf("%d documents stored after a failed batch", n)
	}
}

func TestBackupRestore(t *testing.T) {
	s := testStore(t)
	for _, id := range []string{"x-1", "x-2", "x-3"} {
		if _, err := s.Put(innovation(id)); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := s.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	if err := s.Restore(bytes.NewReader(buf.Bytes())); !errors.Is(err, content.ErrConflict) {
		t.Fatalf("restore over data: %v", err)
	}
	s2 := testStore(t)
	if err := s2.Restore(&buf); err != nil {
		t.Fatal(err)
	}
	if n, _ := s2.Count(); n != 3 || s2.LastSeq() != 3 {
		t.Fatalf("restored %d docs, seq %d", n, s2.LastSeq())
	}
}

func opener(s string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(s)), nil }
}

func TestImportRejectsBadFileWhole(t *testing.T) {
	s := testStore(t)
	if _, err := s.Put(innovation("keep")); err != nil {
		t.Fatal(err)
	}
	file := strings.Join([]string{
		`{"id":"ok-1","type":"innovation","title":"Baik","institution":"Pemkot Surabaya","region_code":"35.78"}`,
		`{"id":"bad-json","type":"innovation",`,
		`{"id":"bad-region","type":"innovation","title":"T","institution":"I","region_code":"35.999"}`,
		`{"id":"no-title","type":"innovation","institution":"I"}`,
		`{"id":"ok-1","type":"innovation","title":"Lagi","institution":"I"}`,
		`{"id":"typo","type":"innovation","title":"T","institution":"I","sektor":"kesehatan"}`,
		`{"id":"keep","type":"innovation","title":"Ganti","institution":"I","year":"2020"}`,
	}, "\n")
	res, err := s.Import(opener(file), "f.jsonl", importer.FormatJSONL, ImportOptions{})
	if !errors.Is(err, content.ErrInvalid) {
		t.Fatalf("want content.ErrInvalid, got %v", err)
	}
	want := []string{
		"f.jsonl:2: invalid JSON: unexpected end of line",
		`f.jsonl:3: region_code: unknown Kemendagri region code "35.999"`,
		"f.jsonl:4: title: required",
		`f.jsonl:5: id: duplicate id "ok-1" (first on line 1)`,
		"f.jsonl:6: sektor: unknown field",
		"f.jsonl:7: year: expected int, got JSON string",
	}
	var got []string
	for _, e := range res.Errors {
		got = append(got, e.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n, _ := s.Count(); n != 1 {
		t.Fatalf("store changed: %d documents", n)
	}
	if d, _ := s.Get("keep"); d.Title != "Inovasi keep" {
		t.Fatalf("stored document changed: %q", d.Title)
	}
	// With SkipInvalid the good line goes in.
	res, err = s.Import(opener(file), "f.jsonl", importer.FormatJSONL, ImportOptions{SkipInvalid: true})
	if err != nil || res.Written != 1 {
		t.Fatalf("skip-invalid: written %d err %v", res.Written, err)
	}
}

func TestImportCSV(t *testing.T) {
	s := testStore(t)
	file := "id,type,title,institution,region_code,sector,year,tags,digital\n" +
		"c-1,innovation,\"Layanan \"\"Jemput Bola\"\"\",Disdukcapil Kab. Sleman,34.04,kependudukan,2019,akta|ktp,ya\n" +
		"c-2,innovation,Kedua,Dinas Sosial,34,sosial,dua ribu,,\n"
	res, err := s.Import(opener(file), "f.csv", importer.FormatCSV, ImportOptions{})
	if !errors.Is(err, content.ErrInvalid) || len(res.Errors) != 1 || res.Errors[0].Error() != `f.csv:3: year: "dua ribu" is not a whole number` {
		t.Fatalf("errors %v err %v", res.Errors, err)
	}
	file = strings.Replace(file, "dua ribu", "2020", 1)
	if _, err := s.Import(opener(file), "f.csv", importer.FormatCSV, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	d, err := s.Get("c-1")
	if err != nil || d.Title != `Layanan "Jemput Bola"` || !d.Digital || len(d.Tags) != 2 || d.Year != 2019 {
		t.Fatalf("got %+v err %v", d, err)
	}
	_, err = s.Import(opener("id,judul\nx,y\n"), "g.csv", importer.FormatCSV, ImportOptions{})
	if err == nil {
		t.Fatal("unknown column accepted")
	}
}

// TestImportHooks: Check adds line errors in the first pass (nothing is
// written), Write replaces PutBatch and is split when Badger finds the
// transaction too big.
func TestImportHooks(t *testing.T) {
	s := testStore(t)
	file := `{"id":"h-1","type":"innovation","title":"Satu","institution":"Dinas A"}
{"id":"h-2","type":"innovation","title":"Dua","institution":"Dinas B"}
{"id":"h-3","type":"innovation","title":"Tiga","institution":"Dinas A"}
`
	check := func(d content.Document) []content.FieldError {
		if d.Institution == "Dinas B" {
			return []content.FieldError{{Field: "institution", Message: "unknown institution"}}
		}
		return nil
	}
	res, err := s.Import(opener(file), "h.jsonl", importer.FormatJSONL, ImportOptions{Check: check})
	if !errors.Is(err, content.ErrInvalid) || len(res.Errors) != 1 || res.Errors[0].Line != 2 || res.Errors[0].Field != "institution" {
		t.Fatalf("check: %v %+v", err, res.Errors)
	}
	if n, _ := s.Count(); n != 0 {
		t.Fatalf("%d documents written by a failed import", n)
	}
	var sizes []int
	write := func(b []content.Document) error {
		sizes = append(sizes, len(b))
		if len(b) > 1 {
			return fmt.Errorf("wrapped: %w", badger.ErrTxnTooBig)
		}
		_, err := s.PutBatch(b)
		return err
	}
	res, err = s.Import(opener(file), "h.jsonl", importer.FormatJSONL, ImportOptions{Write: write, BatchSize: 3})
	if err != nil || res.Written != 3 {
		t.Fatalf("write: %v %+v", err, res)
	}
	if fmt.Sprint(sizes) != "[3 1 2 1 1]" {
		t.Fatalf("batch sizes %v", sizes)
	}
	if n, _ := s.Count(); n != 3 {
		t.Fatalf("%d documents", n)
	}
}
