package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func writeKIPP(t *testing.T, path string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	all := append([][]any{{"Daftar Top Inovasi"}, {}, {"Nama Inovasi", "Instansi", "Provinsi", "Kabupaten/Kota", "Kategori/Bidang", "Tahun", "Penghargaan"}}, rows...)
	for i, row := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestMappedImportCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	good := filepath.Join(dir, "kipp.xlsx")
	writeKIPP(t, good, [][]any{
		{"Smart Kampung", "Pemerintah Kabupaten Banyuwangi", "Jawa Timur", "Kab. Banyuwangi", "Tata Kelola Pemerintahan", 2019, "Top 45 KIPP 2019"},
		{"Si Cantik", "Pemkot Bogor", "Jawa Barat", "Kota Bogor", "Kesehatan", 2020, ""},
		{"Jemput Bola", "Dinas Pertanian dan Pangan", "DIY", "Kab Slemen", "Urusan Kesehatan Hewan", 2021, ""},
	})

	// Dry run: the report, nothing written.
	out, errOut, code := runCLI(t, "", "import", "--data", data, "--mapping", "kipp", "--dry-run", "--report-json", filepath.Join(dir, "r.json"), good)
	if code != 0 {
		t.Fatalf("dry run: code %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		`kipp.xlsx (sheet "Sheet1", header on row 3) — mapping "kipp"`,
		"rows: 3 (0 empty rows skipped)",
		"would create 3, update 0, leave 0 unchanged; skip 0 invalid",
		"header found on row 3",
		`region_code [Kabupaten/Kota] "Kab Slemen" → 34.04 Kabupaten Sleman`,
		"1× at D6",
		"1× at E6",
		`sector [Kategori/Bidang] "Urusan Kesehatan Hewan": "Urusan Kesehatan Hewan" is not a known sector: left empty`,
		"Dry run: nothing written.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run report lacks %q:\n%s", want, out)
		}
	}
	var reps []map[string]any
	if b, err := os.ReadFile(filepath.Join(dir, "r.json")); err != nil || json.Unmarshal(b, &reps) != nil || len(reps) != 1 || reps[0]["create"] != 3.0 {
		t.Errorf("JSON report: %v %v", reps, err)
	}
	out, _, _ = runCLI(t, "", "export", "--data", data)
	if strings.TrimSpace(out) != "" {
		t.Fatalf("the dry run wrote: %s", out)
	}

	// The import itself, then a dry run of the same file: all unchanged.
	out, errOut, code = runCLI(t, "", "import", "--data", data, "--mapping", "kipp", good)
	if code != 0 || !strings.Contains(out, "3 rows, 3 written, 0 skipped") {
		t.Fatalf("import: code %d\n%s\n%s", code, out, errOut)
	}
	out, _, code = runCLI(t, "", "import", "--data", data, "--mapping", "kipp", "--dry-run", good)
	if code != 0 || !strings.Contains(out, "would create 0, update 0, leave 3 unchanged") {
		t.Errorf("second dry run:\n%s", out)
	}
	out, _, _ = runCLI(t, "", "export", "--data", data)
	if n := strings.Count(out, "\n"); n != 3 || !strings.Contains(out, `"region_code":"32.71"`) || !strings.Contains(out, `"source":"panrb"`) {
		t.Errorf("exported %d documents:\n%s", n, out)
	}

	// A file with a bad row: nothing written unless --skip-invalid.
	bad := filepath.Join(dir, "bad.xlsx")
	writeKIPP(t, bad, [][]any{
		{"Baru Satu", "Pemerintah Kota Malang", "Jawa Timur", "Kota Malang", "Pendidikan", 2022, ""},
		{"Tahun Rusak", "Pemerintah Kota Batu", "Jawa Timur", "Kota Batu", "Pendidikan", "dua ribu", ""},
	})
	out, errOut, code = runCLI(t, "", "import", "--data", data, "--mapping", "kipp", bad)
	if code != 1 || !strings.Contains(out, `sheet "Sheet1" row 5 cell F5 column "Tahun": year: "dua ribu" is not a year`) ||
		!strings.Contains(out, "1 invalid rows, nothing imported") {
		t.Errorf("bad file: code %d\n%s\n%s", code, out, errOut)
	}
	out, _, _ = runCLI(t, "", "export", "--data", data)
	if strings.Contains(out, "Baru Satu") {
		t.Fatal("a file with errors was partly imported")
	}
	out, errOut, code = runCLI(t, "", "import", "--data", data, "--mapping", "kipp", "--skip-invalid", bad)
	if code != 0 || !strings.Contains(out, "2 rows, 1 written, 1 skipped") {
		t.Errorf("skip invalid: code %d\n%s\n%s", code, out, errOut)
	}

	// A file of another format, a mapping file by path, a bad mapping.
	fake := filepath.Join(dir, "fake.xlsx")
	os.WriteFile(fake, []byte("Nama Inovasi;Instansi\n"), 0o644)
	_, errOut, code = runCLI(t, "", "import", "--data", data, "--mapping", "kipp", "--dry-run", fake)
	if code != 1 || !strings.Contains(errOut, "fake.xlsx: named .xlsx but it is a text file (CSV)") {
		t.Errorf("renamed file: code %d\n%s", code, errOut)
	}
	mp := filepath.Join(dir, "my.yaml")
	os.WriteFile(mp, []byte("version: 1\nname: x\nprogramme: X\nsource: lan\nid: {column: a, prefix: \"x-\"}\nfields:\n  titel: {column: b}\n"), 0o644)
	_, errOut, code = runCLI(t, "", "import", "--data", data, "--mapping", mp, "--dry-run", good)
	if code != 1 || !strings.Contains(errOut, `my.yaml:7:3: unknown field "titel"`) {
		t.Errorf("bad mapping: code %d\n%s", code, errOut)
	}
	// Without a mapping, a dry run reads the contract's JSON Lines.
	jl := filepath.Join(dir, "kontrak.jsonl")
	out, _, _ = runCLI(t, "", "export", "--data", data)
	os.WriteFile(jl, []byte(out), 0o644)
	out, errOut, code = runCLI(t, "", "import", "--data", data, "--dry-run", jl)
	if code != 0 || !strings.Contains(out, "would create 0, update 0, leave 4 unchanged; skip 0 invalid") {
		t.Errorf("dry run without mapping: code %d\n%s\n%s", code, out, errOut)
	}
}

func TestTemplateCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "jippnas-impor.xlsx")
	_, errOut, code := runCLI(t, "", "template", "--out", out)
	if code != 0 {
		t.Fatalf("code %d: %s", code, errOut)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Data")
	if len(rows) != 1 || rows[0][1] != "Judul inovasi *" {
		t.Fatalf("header %v", rows)
	}
	// Filled in and imported with the jippnas mapping.
	row := []any{"", "Layanan Adminduk Keliling", "", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Banyuwangi", "Jawa Timur", "Kabupaten Banyuwangi",
		"Administrasi Kependudukan dan Pencatatan Sipil", "2021", "Penerapan", "Berlanjut", "Ya"}
	if err := f.SetSheetRow("Data", "A2", &row); err != nil {
		t.Fatal(err)
	}
	filled := filepath.Join(dir, "isi.xlsx")
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	o, errOut, code := runCLI(t, "", "import", "--data", data, "--mapping", "jippnas", filled)
	if code != 0 || !strings.Contains(o, "1 rows, 1 written") {
		t.Fatalf("import of the filled template: code %d\n%s\n%s", code, o, errOut)
	}
	o, _, _ = runCLI(t, "", "export", "--data", data)
	if !strings.Contains(o, `"region_code":"35.10"`) || !strings.Contains(o, `"sector":"kependudukan"`) || !strings.Contains(o, `"stage":"penerapan"`) {
		t.Errorf("exported: %s", o)
	}
}
