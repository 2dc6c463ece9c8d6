package importer

import (
	"encoding/json"
	"jippnas/content/refdata"
	"strings"
	"testing"
)

// lanColumns are the columns of LAN's directory export, as published.
var lanColumns = strings.Split("id, kategori_id, jenis_inovasi_id, provinsi_id, kabkota_id, nama_inovasi, produk_inovasi, penggagas, kelompok_inovator_id, deskripsi, nama_instansi, unit_instansi, tahun_inisiasi, tahun_implementasi, faktor_pendorong, faktor_penghambat, tahapan_proses, output, outcome, manfaat, prasyarat_replikasi, kontak, sumber, teknik_validasi_id, status_inovasi_id, gambar_ilustrasi, jumlah_dilihat, jumlah_diunduh, tanggal_inovasi, member_id, waktu_dibuat, waktu_diterbitkan, waktu_diubah", ", ")

// lanRow builds a row from column → value.
func lanRow(vals map[string]any) []any {
	row := make([]any, len(lanColumns))
	for i, c := range lanColumns {
		if v, ok := vals[c]; ok {
			row[i] = v
		} else {
			row[i] = ""
		}
	}
	return row
}

func lanHeader() []any {
	h := make([]any, len(lanColumns))
	for i, c := range lanColumns {
		h[i] = c
	}
	return h
}

// lanFixture is a LAN export with a title above the header (the header on
// row 3), an empty row, HTML text, BPS codes, dates as numbers, formulas with
// and without cached values.
func lanFixture(t testing.TB, dir string) string {
	rows := [][]any{
		{"Direktori Inovasi Administrasi Negara — ekspor"},
		nil,
		lanHeader(),
		lanRow(map[string]any{
			"id": 101, "provinsi_id": "34", "kabkota_id": "3404",
			"nama_inovasi":  "<p>Sleman <b>Smart</b> Health &amp; Care</p>",
			"deskripsi":     "<p>Layanan kesehatan terpadu.</p><ul><li>Satu</li><li>Dua</li></ul>",
			"nama_instansi": "Pemerintah Kabupaten Sleman", "unit_instansi": "Dinas Kesehatan",
			"tahun_inisiasi": 2018, "tahun_implementasi": 2019, "tanggal_inovasi": 43831,
			"manfaat": "<h2>Dampak</h2><p>Antrean <i>berkurang</i>.</p><img src=\"/up/a.png\">",
			"kontak":  "0812-3456-7890 budi@example.go.id", "sumber": "<a href=\"https://jippnas.menpan.go.id/x\">laman</a>",
			"gambar_ilustrasi": "/uploads/x.png", "jumlah_dilihat": 120,
		}),
		lanRow(map[string]any{
			// BPS 7410 is Konawe Utara; Kemendagri 74.10 is Buton Utara.
			// The name decides.
			"id": "102", "provinsi_id": "74", "kabkota_id": "7410",
			"nama_inovasi": "Konut Sehat", "nama_instansi": "Pemerintah Kabupaten Konawe Utara",
			"tahun_inisiasi": "2017", "waktu_diterbitkan": "2021-03-04 10:11:12",
		}),
		nil,
		lanRow(map[string]any{
			"id": 103.0, "kabkota_id": 3578.0, "nama_inovasi": "e-Pajak", "nama_instansi": "Badan Pengelola Keuangan dan Aset",
			"tahun_implementasi": "2020",
		}),
		lanRow(map[string]any{
			"id": 104, "kabkota_id": "9471", "nama_inovasi": "Sekolah Pintar", "nama_instansi": "Dinas Pendidikan",
			"tahun_implementasi": "2021",
		}),
		lanRow(map[string]any{
			"id": 105, "nama_inovasi": "Tahun Salah", "nama_instansi": "Pemerintah Kota Surabaya", "tahun_implementasi": "dua ribu",
		}),
		lanRow(map[string]any{
			"id": 106, "nama_instansi": "Pemerintah Kota Malang", "tahun_implementasi": 2022,
		}),
	}
	extra := []sheetCell{
		{ref: "G4", formula: `"Aplikasi "&"SISEHAT"`, value: "Aplikasi SISEHAT"},
		{ref: "F10", formula: `UPPER("lupa")`}, // no cached value
	}
	return writeXLSX(t, dir, "lan.xlsx", "Inovasi", rows, extra, [][2]string{{"A1", "F1"}})
}

func TestLANXLSX(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := lanFixture(t, dir)
	r, recs := readAll(t, path, mustMapping(t, "lan"), ReadOptions{})
	if r.Format() != InputXLSX || r.Sheet() != "Inovasi" || r.HeaderRow() != 3 {
		t.Fatalf("format %s sheet %q header %d", r.Format(), r.Sheet(), r.HeaderRow())
	}
	if len(recs) != 6 || r.Empty() != 1 {
		t.Fatalf("%d records, %d empty", len(recs), r.Empty())
	}
	if !strings.Contains(r.Notices()[0].Message, "header found on row 3") {
		t.Errorf("notices: %+v", r.Notices())
	}

	a, _ := byRow(recs, 4)
	d := a.Doc
	want := map[string]string{
		"id": "lan-101", "type": "innovation", "source": "lan", "title": "Sleman Smart Health & Care",
		"institution": "Pemerintah Kabupaten Sleman", "region": "34.04", "published": "2020-01-01",
		"summary": "Layanan kesehatan terpadu. Satu Dua",
	}
	got := map[string]string{"id": d.ID, "type": d.Type, "source": d.Source, "title": d.Title, "institution": d.Institution,
		"region": d.RegionCode, "published": d.Published, "summary": d.Summary}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("row 4 %s = %q, want %q", k, got[k], v)
		}
	}
	if d.Year != 2019 || a.SourceID != "101" || a.Programme != "LAN — Direktori Inovasi Administrasi Negara" || a.Region.Quality != refdata.MatchExact {
		t.Errorf("row 4: %s", describe(a))
	}
	for _, part := range []string{
		"## Deskripsi\n\nLayanan kesehatan terpadu.\n\n- Satu\n- Dua",
		"## Produk inovasi\n\nAplikasi SISEHAT", // a formula's cached value
		"## Unit pelaksana\n\nDinas Kesehatan",
		"## Manfaat\n\n### Dampak\n\nAntrean *berkurang*.",
		"## Sumber\n\n[laman](https://jippnas.menpan.go.id/x)",
	} {
		if !strings.Contains(d.Body, part) {
			t.Errorf("row 4 body lacks %q:\n%s", part, d.Body)
		}
	}
	for _, never := range []string{"0812", "budi@", "uploads", "a.png", "<p>", "120"} {
		if strings.Contains(d.Body, never) || strings.Contains(d.Summary, never) {
			t.Errorf("row 4 body or summary contains %q", never)
		}
	}
	if len(a.Errors) != 0 || len(a.Issues) != 0 {
		t.Errorf("row 4: %s", describe(a))
	}

	// Name first: BPS 7410 would give Buton Utara.
	b, _ := byRow(recs, 5)
	if b.Doc.RegionCode != "74.09" || b.Region.Quality != refdata.MatchExact || b.Doc.Year != 2017 || b.Doc.Published != "2021-03-04" || b.Doc.ID != "lan-102" {
		t.Errorf("row 5: %s", describe(b))
	}

	// No region in the name: the BPS code, approximately, and reported.
	c, _ := byRow(recs, 7)
	is, ok := issueAt(c, "region_code", QualityApproximate)
	if c.Doc.RegionCode != "35.78" || c.Doc.ID != "lan-103" || !ok || is.Cell != "E7" || is.Column != "kabkota_id" || !strings.Contains(is.Message, "BPS") {
		t.Errorf("row 7: %s", describe(c))
	}

	// A Papua BPS code is not read: unresolved, reported, still importable.
	e, _ := byRow(recs, 8)
	is, ok = issueAt(e, "region_code", QualityUnresolved)
	if e.Doc.RegionCode != "" || !ok || len(e.Errors) != 0 || !strings.Contains(is.Message, "Papua") {
		t.Errorf("row 8: %s", describe(e))
	}

	f, _ := byRow(recs, 9)
	is, ok = issueAt(f, "year", QualityError)
	if !ok || is.Cell != "N9" || is.Column != "tahun_implementasi" || !strings.Contains(is.Message, `"dua ribu" is not a year`) {
		t.Errorf("row 9: %s", describe(f))
	}
	if f.Doc.RegionCode != "35.78" {
		t.Errorf("row 9 region %q", f.Doc.RegionCode)
	}

	g, _ := byRow(recs, 10)
	if len(g.Errors) == 0 || g.Errors[0].Cell != "F10" || !strings.Contains(g.Errors[0].Message, "formula without a computed value") {
		t.Errorf("row 10: %s", describe(g))
	}
	// The line error the store sees names the file, sheet, row and cell.
	if err := r.lineErrors(g); !strings.Contains(err.Error(), `lan.xlsx!Inovasi:10: cell F10 (column "nama_inovasi"): formula`) {
		t.Errorf("line error: %v", err)
	}
}

// The same export as JSON Lines (LAN's API gives objects with these keys).
func TestLANJSONL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var lines []string
	for _, obj := range []map[string]any{
		{"id": 201, "nama_inovasi": "<b>Bank Sampah</b> Digital", "nama_instansi": "Dinas Lingkungan Hidup Kota Bandung", "provinsi_id": 32, "kabkota_id": 3273,
			"deskripsi": "<p>Tabungan sampah.</p>", "tahun_implementasi": 2020, "tanggal_inovasi": "17 Agustus 2020", "kontak": "x@y"},
		{"id": "202", "nama_inovasi": "Tanpa Daerah", "nama_instansi": "Kementerian Kesehatan", "tahun_inisiasi": "Tahun 2016"},
	} {
		b, _ := json.Marshal(obj)
		lines = append(lines, string(b))
	}
	path := writeFile(t, dir, "lan.jsonl", []byte(strings.Join(lines, "\n")+"\n{broken\n"))
	r, recs := readAll(t, path, mustMapping(t, "lan"), ReadOptions{})
	if r.Format() != InputJSONL || len(recs) != 3 {
		t.Fatalf("%s %d records", r.Format(), len(recs))
	}
	a := recs[0].Doc
	if a.ID != "lan-201" || a.Title != "Bank Sampah Digital" || a.RegionCode != "32.73" || a.Year != 2020 || a.Published != "2020-08-17" ||
		a.Body != "## Deskripsi\n\nTabungan sampah." || a.Summary != "Tabungan sampah." {
		t.Errorf("line 1: %s", describe(recs[0]))
	}
	b := recs[1]
	if b.Doc.RegionCode != "" || b.Doc.Year != 2016 || len(b.Issues) != 0 || len(b.Errors) != 0 {
		t.Errorf("line 2 (a national institution: no region, no issue): %s", describe(b))
	}
	if recs[2].Line != 3 || len(recs[2].Errors) != 1 || !strings.Contains(recs[2].Errors[0].Message, "invalid JSON") {
		t.Errorf("line 3: %s", describe(recs[2]))
	}
}
