package importer_test

import (
	"errors"
	"jippnas/content"
	"jippnas/content/importer"
	"jippnas/content/store"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

func kippFile(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	all := append([][]any{{"Nama Inovasi", "Instansi", "Provinsi", "Kabupaten/Kota", "Kategori/Bidang", "Tahun", "Penghargaan"}}, rows...)
	for i, row := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "kipp.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// A mapped file goes through the store's import: all or nothing, unless
// the operator skips the bad rows.
func TestMappedImportIntoStore(t *testing.T) {
	t.Parallel()
	st, err := store.Open(store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m, err := importer.LoadMapping("kipp")
	if err != nil {
		t.Fatal(err)
	}
	path := kippFile(t, [][]any{
		{"Smart Kampung", "Pemerintah Kabupaten Banyuwangi", "Jawa Timur", "Kabupaten Banyuwangi", "Kesehatan", 2019, "Top 45 KIPP 2019"},
		{"Tahun Rusak", "Pemerintah Kota Surabaya", "Jawa Timur", "Kota Surabaya", "Kesehatan", "kemarin", ""},
		{"Si Cantik", "Pemkot Bogor", "Jawa Barat", "Kota Bogor", "Pendidikan", 2020, ""},
	})
	open := func() (store.RecordReader, error) { return importer.OpenMapped(path, m, importer.ReadOptions{}) }
	res, err := st.ImportRecords(open, path, store.ImportOptions{})
	if !errors.Is(err, content.ErrInvalid) || res.Written != 0 || len(res.Errors) != 1 || res.Errors[0].Line != 3 || res.Errors[0].Field != "year" {
		t.Fatalf("all or nothing: %+v, %v", res, err)
	}
	if n, _ := st.Count(); n != 0 {
		t.Fatalf("%d documents written by a failed import", n)
	}
	res, err = st.ImportRecords(open, path, store.ImportOptions{SkipInvalid: true})
	if err != nil || res.Written != 2 || res.Skipped != 1 {
		t.Fatalf("skip invalid: %+v, %v", res, err)
	}
	r, err := importer.OpenMapped(path, m, importer.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rec, err := r.NextMapped()
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Get(rec.Doc.ID)
	if err != nil || got.Title != "Smart Kampung" || got.RegionCode != "35.10" || got.Sector != "kesehatan" || got.Source != "panrb" || got.Revision != 1 {
		t.Fatalf("stored %+v, %v", got, err)
	}
	// Importing the same file again changes nothing.
	res, err = st.ImportRecords(open, path, store.ImportOptions{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := st.Get(rec.Doc.ID); again.Revision != 1 {
		t.Errorf("re-import made revision %d", again.Revision)
	}
}
