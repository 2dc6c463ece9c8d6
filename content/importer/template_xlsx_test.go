package importer

import (
	"bytes"
	"fmt"
	"jippnas/content/refdata"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The template is written, filled in as an editor would (choosing from the
// lists), and imported with the jippnas mapping.
func TestTemplateRoundTrip(t *testing.T) {
	t.Parallel()
	regions := refdata.DefaultRegions()
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, regions); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := WriteTemplate(&again, regions); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two runs gave different bytes")
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Data", "Daftar", "Petunjuk"}) {
		t.Errorf("sheets %v", got)
	}
	if v, _ := f.GetSheetVisible("Daftar"); v {
		t.Error("the list sheet is visible")
	}
	m := mustMapping(t, "jippnas")
	header, _ := f.GetRows("Data")
	if len(header) != 1 || len(header[0]) != len(m.Columns) || header[0][1] != "Judul inovasi *" || header[0][5] != "Kabupaten/Kota" {
		t.Fatalf("header %v", header)
	}
	comments, _ := f.GetComments("Data")
	if len(comments) != len(m.Columns) || !strings.Contains(comments[1].Paragraph[0].Text, "Nama inovasi") {
		t.Errorf("%d comments", len(comments))
	}
	dvs, _ := f.GetDataValidations("Data")
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[strings.SplitN(dv.Sqref, ":", 2)[0]] = dv.Formula1
	}
	// Sector F? Columns: ID A, Judul B, Ringkasan C, Instansi D, Provinsi E,
	// Kabupaten/Kota F, Sektor G, Tahun H, Tahap I, Status J, Digital K.
	for cell, want := range map[string]string{"E2": "Daftar!$B$2:$B$39", "F2": `IF($E2="",Daftar!$C$2:$C$515,INDIRECT(SUBSTITUTE($E2," ","_")))`, "G2": "Daftar!$A$2:$A$49",
		"I2": "Daftar!$D$2:$D$4", "J2": "Daftar!$E$2:$E$3", "K2": "Daftar!$F$2:$F$3"} {
		if !strings.Contains(lists[cell], want) {
			t.Errorf("validation of %s = %q, want %s", cell, lists[cell], want)
		}
	}
	guide, _ := f.GetRows("Petunjuk")
	explained := 0
	for _, row := range guide {
		if len(row) >= 3 && slices.ContainsFunc(m.Columns, func(c ColumnDoc) bool { return c.Name == row[0] && c.Note == row[2] }) {
			explained++
		}
	}
	if explained != len(m.Columns) {
		t.Errorf("the guide explains %d of %d columns", explained, len(m.Columns))
	}
	// Every province names its block of regencies/cities.
	defined := map[string]string{}
	for _, n := range f.GetDefinedName() {
		defined[n.Name] = n.RefersTo
	}
	regs, _ := f.GetRows("Daftar")
	if len(defined) != 38 {
		t.Errorf("%d defined names", len(defined))
	}
	for _, p := range regions.Provinces() {
		var first, last int
		if _, err := fmt.Sscanf(defined[strings.ReplaceAll(p.Name, " ", "_")], "Daftar!$C$%d:$C$%d", &first, &last); err != nil {
			t.Errorf("%s: %v", p.Name, err)
			continue
		}
		var got, want []string
		for r := first; r <= last; r++ {
			got = append(got, regs[r-1][2])
		}
		for _, r := range regions.RegenciesOf(p.Code) {
			want = append(want, r.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: the named block holds %v", p.Name, got)
		}
	}
	if len(regs) != 515 || regs[1][2] != "Kabupaten Aceh Selatan" {
		t.Errorf("regency list: %d rows", len(regs))
	}

	// Fill it in with values from the lists.
	rows := [][]any{
		{"", "Layanan Adminduk Keliling", "Perekaman KTP-el di desa.", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Banyuwangi",
			"Jawa Timur", "Kabupaten Banyuwangi", "Administrasi Kependudukan dan Pencatatan Sipil", "2021", "Penerapan", "Berlanjut", "Ya",
			"Top 45 KIPP 2021", "adminduk; Jemput Bola", "https://banyuwangikab.go.id", "Antrean panjang di kota.", "Petugas datang ke desa.\n\n- KTP-el\n- KK", "", "1.000 KTP-el"},
		{"jippnas-lama-1", "Inovasi Provinsi", "", "Dinas Kesehatan Provinsi Jawa Tengah", "Jawa Tengah", "", "Kesehatan", "2019", "Uji coba", "Berhenti", "Tidak"},
		{"", "Sektor Salah", "", "Pemerintah Kota Surabaya", "Jawa Timur", "Kota Surabaya", "Olahraga Air", "2020", "Selesai"},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow("Data", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "isi.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	_, recs := readAll(t, path, m, ReadOptions{})
	if len(recs) != 3 {
		t.Fatalf("%d records", len(recs))
	}
	a := recs[0]
	d := a.Doc
	if !strings.HasPrefix(d.ID, "jippnas-") || d.Title != "Layanan Adminduk Keliling" || d.Summary != "Perekaman KTP-el di desa." ||
		d.RegionCode != "35.10" || d.Sector != "kependudukan" || d.Year != 2021 || d.Stage != "penerapan" || d.Status != "berlanjut" ||
		!d.Digital || !slices.Equal(d.Awards, []string{"Top 45 KIPP 2021"}) || !slices.Equal(d.Tags, []string{"adminduk", "Jemput Bola"}) ||
		d.URL != "https://banyuwangikab.go.id" || d.Source != "jippnas" || len(a.Issues)+len(a.Errors) != 0 ||
		d.Body != "## Latar belakang\n\nAntrean panjang di kota.\n\n## Deskripsi inovasi\n\nPetugas datang ke desa.\n\n- KTP-el\n- KK\n\n## Hasil\n\n1.000 KTP-el" {
		t.Errorf("row 2: %s", describe(a))
	}
	b := recs[1]
	if b.Doc.ID != "jippnas-lama-1" || b.SourceID != "jippnas-lama-1" || b.Doc.RegionCode != "33" || b.Doc.Stage != "uji-coba" || b.Doc.Status != "berhenti" || b.Doc.Digital {
		t.Errorf("row 3: %s", describe(b))
	}
	// The template's lists are enforced by Excel; a file filled elsewhere
	// can still hold other values: the jippnas mapping rejects them.
	c := recs[2]
	if _, ok := issueAt(c, "sector", QualityError); !ok {
		t.Errorf("row 4 sector: %s", describe(c))
	}
	if is, ok := issueAt(c, "stage", QualityError); !ok || is.Cell != "I4" || is.Value != "Selesai" {
		t.Errorf("row 4 stage: %s", describe(c))
	}
}
