package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"jippnas/content"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrongFormats(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte("<w:document/>"))
	zw.Close()
	var ods bytes.Buffer
	zw = zip.NewWriter(&ods)
	w, _ = zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	zw.Close()
	var nobook bytes.Buffer
	zw = zip.NewWriter(&nobook)
	w, _ = zw.Create("readme.txt")
	w.Write([]byte("hello"))
	zw.Close()
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"csv.xlsx", []byte("Nama Inovasi,Instansi\na,b\n"), "named .xlsx but it is a text file (CSV)"},
		{"old.xlsx", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 600)...), "Excel 97-2003 workbook (.xls)"},
		{"page.xlsx", []byte("<html><body><table><tr><td>x</td></tr></table></body></html>"), "HTML page or table"},
		{"doc.xlsx", []byte("%PDF-1.7\n..."), "a PDF document"},
		{"empty.xlsx", nil, "the file is empty"},
		{"word.xlsx", docx.Bytes(), "a Word document"},
		{"calc.xlsx", ods.Bytes(), "OpenDocument spreadsheet"},
		{"zip.xlsx", nobook.Bytes(), "not an Excel workbook"},
		{"bin.csv", []byte{1, 2, 0, 3, 0, 0, 4}, "binary file"},
		{"array.jsonl", []byte(`[{"id":1}]`), "JSON array"},
		{"sheet.jsonl", []byte("a,b\n1,2\n"), "named .jsonl but it is a text file (CSV)"},
	}
	m := mustMapping(t, "kipp")
	for _, c := range cases {
		p := writeFile(t, dir, c.name, c.data)
		_, err := OpenMapped(p, m, ReadOptions{})
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), c.name) {
			t.Errorf("%s: %v, want a file error with %q", c.name, err, c.want)
		}
		if !errors.Is(err, content.ErrInvalid) {
			t.Errorf("%s: not ErrInvalid", c.name)
		}
	}
}

func TestMissingColumnAndHeader(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// LAN's export without deskripsi and tahun_inisiasi.
	var hdr []any
	for _, c := range lanHeader() {
		if c != "deskripsi" && c != "tahun_inisiasi" {
			hdr = append(hdr, c)
		}
	}
	p := writeXLSX(t, dir, "lan.xlsx", "Sheet1", [][]any{nil, hdr, {"1"}}, nil, nil)
	_, err := OpenMapped(p, mustMapping(t, "lan"), ReadOptions{})
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	for _, want := range []string{`lan.xlsx sheet "Sheet1" row 2:`, `lacks 2 column(s)`, `"deskripsi" (for summary, body section "Deskripsi")`, `"tahun_inisiasi" (for year)`} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing columns: %v; want %q", err, want)
		}
	}
	// No header at all.
	p = writeXLSX(t, dir, "other.xlsx", "Data", [][]any{{"a", "b"}, {"1", "2"}}, nil, nil)
	_, err = OpenMapped(p, mustMapping(t, "kipp"), ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), `other.xlsx sheet "Data": no header row in the first 2 rows`) {
		t.Errorf("no header: %v", err)
	}
	// An empty sheet.
	p = writeXLSX(t, dir, "empty.xlsx", "Data", nil, nil, nil)
	if _, err = OpenMapped(p, mustMapping(t, "kipp"), ReadOptions{}); err == nil || !strings.Contains(err.Error(), "the sheet is empty") {
		t.Errorf("empty sheet: %v", err)
	}
	// A sheet the mapping names but the workbook lacks.
	src, _ := shippedMappings.ReadFile("mappings/kipp.yaml")
	m, err := ParseMapping(bytes.Replace(src, []byte("name: kipp\n"), []byte("name: kipp\nsheet: Rekap\n"), 1), "kipp-rekap.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err = OpenMapped(p, m, ReadOptions{}); err == nil || !strings.Contains(err.Error(), `no sheet "Rekap"; the workbook has: Data`) {
		t.Errorf("missing sheet: %v", err)
	}
}

// A 50 MB workbook (the size comes from an embedded picture, as in LAN's
// exports with illustrations) reads like a small one.
func TestLargeWorkbook(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	small := writeXLSX(t, dir, "small.xlsx", "Sheet1", [][]any{kippHeader, kippSurabaya, kippMalang}, nil, nil)
	zr, err := zip.OpenReader(small)
	if err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.xlsx")
	out, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		w, err := zw.CreateRaw(&f.FileHeader)
		if err != nil {
			t.Fatal(err)
		}
		rc, _ := f.OpenRaw()
		io.Copy(w, rc)
	}
	zr.Close()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/media/image1.png", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	// Random bytes: a picture does not compress.
	rng := rand.NewChaCha8([32]byte{1})
	chunk := make([]byte, 1<<20)
	for range 50 {
		rng.Read(chunk)
		w.Write(chunk)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	if st, _ := os.Stat(big); st.Size() < 50<<20 {
		t.Fatalf("fixture is only %d bytes", st.Size())
	}
	_, recs := readAll(t, big, mustMapping(t, "kipp"), ReadOptions{})
	if len(recs) != 2 || recs[0].Doc.RegionCode != "35.78" || recs[1].Doc.RegionCode != "35.73" {
		t.Fatalf("%d records: %+v", len(recs), recs)
	}
}

// A mapping may fix the header row; then it is not searched for.
func TestHeaderRowFixed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := writeXLSX(t, dir, "k.xlsx", "Sheet1", [][]any{
		{"Nama Inovasi", "Instansi", "Provinsi", "Kabupaten/Kota", "Kategori/Bidang", "Tahun", "Penghargaan"}, // a decoy
		kippHeader, kippSurabaya,
	}, nil, nil)
	src, _ := shippedMappings.ReadFile("mappings/kipp.yaml")
	m, err := ParseMapping(bytes.Replace(src, []byte("name: kipp\n"), []byte("name: kipp\nheader_row: 2\n"), 1), "kipp2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, recs := readAll(t, p, m, ReadOptions{})
	if r.HeaderRow() != 2 || len(recs) != 1 || recs[0].Doc.Title != "Satu" {
		t.Fatalf("header %d, %d records", r.HeaderRow(), len(recs))
	}
}

// Two rows of a KIPP list.
var (
	kippSurabaya = []any{1, "Satu", "Pemerintah Kota Surabaya", "Jawa Timur", "Kota Surabaya", "Kesehatan", 2020, ""}
	kippMalang   = []any{2, "Dua", "Pemerintah Kota Malang", "Jawa Timur", "Kota Malang", "Pendidikan", 2021, ""}
)

// fakeInstitutions is a test double for the hub's registry.
type fakeInstitutions map[string]string

func (f fakeInstitutions) ResolveInstitution(name, region string) (string, bool, bool) {
	if code, ok := f[strings.ToLower(name)]; ok {
		return code, true, true
	}
	if strings.HasPrefix(strings.ToLower(name), "pemkot ") {
		if code, ok := f["pemerintah kota "+strings.ToLower(name[7:])]; ok {
			return code, false, true
		}
	}
	return "", false, false
}

func TestInstitutionResolver(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := writeXLSX(t, dir, "k.xlsx", "Sheet1", [][]any{kippHeader, kippSurabaya,
		{2, "Dua", "Pemkot Surabaya", "Jawa Timur", "Kota Surabaya", "Kesehatan", 2020, ""},
		{3, "Tiga", "Dinas Entah", "Jawa Timur", "Kota Surabaya", "Kesehatan", 2020, ""},
	}, nil, nil)
	reg := fakeInstitutions{"pemerintah kota surabaya": "3578-pemkot"}
	_, recs := readAll(t, p, mustMapping(t, "kipp"), ReadOptions{Institutions: reg})
	if recs[0].InstitutionCode != "3578-pemkot" || len(recs[0].Issues) != 0 {
		t.Errorf("exact: %s", describe(recs[0]))
	}
	if is, ok := issueAt(recs[1], "institution", QualityApproximate); recs[1].InstitutionCode != "3578-pemkot" || !ok || is.Cell != "C3" {
		t.Errorf("approximate: %s", describe(recs[1]))
	}
	if is, ok := issueAt(recs[2], "institution", QualityUnresolved); recs[2].InstitutionCode != "" || !ok || is.Value != "Dinas Entah" {
		t.Errorf("unresolved: %s", describe(recs[2]))
	}
}

// A cell too long for any field is an error at its column; the rest of the
// row is still read.
func TestOverlongCell(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("panjang ", 30_000)
	csv := "Nama Inovasi,Instansi,Provinsi,Kabupaten/Kota,Kategori/Bidang,Tahun,Penghargaan\n" +
		long + ",Pemerintah Kota Surabaya,Jawa Timur,Kota Surabaya,Kesehatan,2020,\n"
	p := writeFile(t, t.TempDir(), "long.csv", []byte(csv))
	_, recs := readAll(t, p, mustMapping(t, "kipp"), ReadOptions{})
	if len(recs) != 1 || len(recs[0].Errors) != 1 || recs[0].Errors[0].Column != "Nama Inovasi" ||
		!strings.Contains(recs[0].Errors[0].Message, "longer than 200000 bytes") || recs[0].Doc.RegionCode != "35.78" || recs[0].Doc.Title != "" {
		t.Fatalf("%s", describe(recs[0]))
	}
}
