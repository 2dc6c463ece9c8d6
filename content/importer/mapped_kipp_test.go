package importer

import (
	"errors"
	"io"
	"jippnas/content/refdata"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

var kippHeader = []any{"No", "Nama Inovasi", "Instansi", "Provinsi", "Kabupaten/Kota", "Kategori/Bidang", "Tahun", "Penghargaan"}

// A KIPP list as PANRB's spreadsheets have it: the institution and its
// region merged over the rows of its innovations, upper-case and
// abbreviated region names, categories that are and are not sectors.
func TestKIPPXLSXMergedCells(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rows := [][]any{
		kippHeader,
		{1, "Smart Kampung", "Pemerintah Kabupaten Banyuwangi", "JAWA TIMUR", "Kab. Banyuwangi", "Tata Kelola Pemerintahan", 2019, "Top 45 KIPP 2019"},
		{2, "Lahir Procot Pulang Bawa Akta", "", "", "", "Kependudukan", 2019, "Top 99 KIPP 2019; Top 45 KIPP 2019"},
		{3, "Si Cantik", "Pemkot Bogor", "Jawa Barat", "BOGOR", "Kesehatan", "2019", ""},
		{4, "Jemput Bola", "Pemkab Slemen", "DIY", "Kab Slemen", "Urusan Kesehatan Hewan", 2019.0, "Top 99"},
		{5, "Inovasi Provinsi", "Pemerintah Provinsi Jawa Tengah", "Jawa Tengah", "", "Pendidikan", 2020, ""},
		{6, "Sehat Bersama", "Dinas Kesehatan", "Jawa Barat", "Bogor", "Kesehatan", 2020, ""},
	}
	path := writeXLSX(t, dir, "kipp 2019.xlsx", "Top 99", rows, nil, [][2]string{{"C2", "C3"}, {"D2", "D3"}, {"E2", "E3"}})
	r, recs := readAll(t, path, mustMapping(t, "kipp"), ReadOptions{})
	if len(recs) != 6 {
		t.Fatalf("%d records", len(recs))
	}
	a, b := recs[0], recs[1]
	if a.Doc.Institution != "Pemerintah Kabupaten Banyuwangi" || a.Doc.RegionCode != "35.10" || a.Doc.Sector != "" ||
		a.Doc.Year != 2019 || !slices.Equal(a.Doc.Awards, []string{"Top 45 KIPP 2019"}) || a.Doc.Stage != "penerapan" ||
		a.Doc.Source != "panrb" || !strings.HasPrefix(a.Doc.ID, "panrb-kipp-") || len(a.Issues) != 0 {
		t.Errorf("row 2: %s", describe(a))
	}
	// Filled from the merged range.
	if b.Doc.Institution != "Pemerintah Kabupaten Banyuwangi" || b.Doc.RegionCode != "35.10" || b.Doc.Sector != "kependudukan" ||
		!slices.Equal(b.Doc.Awards, []string{"Top 99 KIPP 2019", "Top 45 KIPP 2019"}) || a.Doc.ID == b.Doc.ID {
		t.Errorf("row 3: %s", describe(b))
	}
	notes := r.Notices()
	if !slices.ContainsFunc(notes, func(n Issue) bool {
		return n.Cell == "C2:C3" && n.Sheet == "Top 99" && strings.Contains(n.Message, "merged")
	}) {
		t.Errorf("no notice of the merged range: %+v", notes)
	}
	// "BOGOR" is both Kabupaten and Kota Bogor: the institution decides.
	c := recs[2]
	if c.Doc.RegionCode != "32.71" || c.Doc.Year != 2019 || c.Doc.Sector != "kesehatan" {
		t.Errorf("row 4: %s", describe(c))
	}
	// A misspelt regency and an unknown category: read and reported.
	d := recs[3]
	is, ok := issueAt(d, "region_code", QualityApproximate)
	if d.Doc.RegionCode != "34.04" || !ok || is.Cell != "E5" || is.Value != "Kab Slemen" || is.Result != "34.04 Kabupaten Sleman" {
		t.Errorf("row 5 region: %s", describe(d))
	}
	is, ok = issueAt(d, "sector", QualityUnresolved)
	if d.Doc.Sector != "" || !ok || is.Cell != "F5" || is.Value != "Urusan Kesehatan Hewan" {
		t.Errorf("row 5 sector: %s", describe(d))
	}
	e := recs[4]
	if e.Doc.RegionCode != "33" || e.Region.Quality != refdata.MatchExact {
		t.Errorf("row 6: %s", describe(e))
	}
	// "Bogor" alone, and an institution without a region: the province,
	// reported with the candidates.
	g := recs[5]
	is, ok = issueAt(g, "region_code", QualityApproximate)
	if g.Doc.RegionCode != "32" || !ok || !strings.Contains(is.Message, "Kabupaten Bogor (32.01) / Kota Bogor (32.71)") {
		t.Errorf("row 7: %s", describe(g))
	}
	// The same list read again gives the same ids (re-imports update).
	_, again := readAll(t, path, mustMapping(t, "kipp"), ReadOptions{})
	for i := range recs {
		if again[i].Doc.ID != recs[i].Doc.ID {
			t.Errorf("row %d: id %s then %s", recs[i].Line, recs[i].Doc.ID, again[i].Doc.ID)
		}
	}
}

// The KIPP list as Excel on Indonesian Windows saves "CSV": semicolons and
// Windows-1252.
func TestKIPPCSVWindows1252Semicolons(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	text := "Nama Inovasi;Instansi;Provinsi;Kabupaten/Kota;Kategori/Bidang;Tahun;Penghargaan\r\n" +
		"Café Literasi – Desa;Pemerintah Kabupaten Gunungkidul;DI Yogyakarta;Kabupaten Gunung Kidul;Pendidikan;2021;\"Top 45; Terpuji\"\r\n" +
		"\r\n" +
		"Layanan \"Jemput\" Akta;Disdukcapil Kota Kupang;NTT;Kota Kupang;Kependudukan;2020;\r\n"
	enc, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, dir, "kipp.csv", []byte(enc))
	r, recs := readAll(t, path, mustMapping(t, "kipp"), ReadOptions{})
	if r.Format() != InputCSV || len(recs) != 2 {
		t.Fatalf("%s, %d records", r.Format(), len(recs))
	}
	a := recs[0]
	if a.Doc.Title != "Café Literasi – Desa" || a.Doc.RegionCode != "34.03" || !slices.Equal(a.Doc.Awards, []string{"Top 45", "Terpuji"}) || a.Line != 2 {
		t.Errorf("line 2: %s", describe(a))
	}
	b := recs[1]
	if b.Doc.Title != `Layanan "Jemput" Akta` || b.Doc.RegionCode != "53.71" || b.Line != 4 {
		t.Errorf("line 4: %s", describe(b))
	}
}

func TestSniffDelimiter(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want rune
	}{
		{"a,b,c\n1,2,3\n", ','},
		{"a;b;c\n1;2,5;3\n", ';'},
		{"a\tb\tc\n1\t2\t3\n", '\t'},
		{"a|b\n1|2\n", '|'},
		{"\"x;y\",b,c\n\"1;2\",2,3\n", ','},
		{"nama;instansi\n\"Budi, S.E.\";Dinas\n", ';'},
		{"one column\nvalue\n", ','},
		{"", ','},
	}
	for _, c := range cases {
		if got := SniffDelimiter([]byte(c.in)); got != c.want {
			t.Errorf("SniffDelimiter(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzSniffDelimiter(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"))
	f.Add([]byte("a;b;\"c\nd\";e\n"))
	f.Add([]byte("\"unterminated;a|b\tc"))
	f.Add([]byte{0xff, 0xfe, 'a', 0, ';', 0})
	f.Fuzz(func(t *testing.T, sample []byte) {
		switch d := SniffDelimiter(sample); d {
		case ',', ';', '\t', '|':
		default:
			t.Fatalf("delimiter %q", d)
		}
		if _, enc := decodeText(strings.NewReader(""), sample); enc == "" {
			t.Fatal("no encoding")
		}
	})
}

// FuzzMappedText reads arbitrary text files through the kipp and lan
// mappings: the reader must end, never panic, and give either a file error
// or rows with line numbers that go forward.
func FuzzMappedText(f *testing.F) {
	f.Add([]byte("Nama Inovasi;Instansi;Provinsi;Kabupaten/Kota;Kategori/Bidang;Tahun;Penghargaan\na;Pemkot Bogor;Jabar;Bogor;x;2019;\n"), false)
	f.Add([]byte("\"Nama Inovasi\",Instansi,Provinsi,Kabupaten/Kota,Kategori/Bidang,Tahun,Penghargaan\n\"a\"b,c,,,,dua ribu,\n\"open"), false)
	f.Add([]byte(`{"id":1,"nama_inovasi":"<b>x</b>","nama_instansi":"Kab. Sleman","kabkota_id":9471}`+"\n{\"id\":[1,[2]]}\n"), true)
	f.Add([]byte("\xff\xfeN\x00a\x00"), false)
	f.Fuzz(func(t *testing.T, data []byte, jsonl bool) {
		name, mapping := "f.csv", "kipp"
		if jsonl {
			name, mapping = "f.jsonl", "lan"
		}
		p := writeFile(t, t.TempDir(), name, data)
		r, err := OpenMapped(p, mustMapping(t, mapping), ReadOptions{})
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		defer r.Close()
		prev := 0
		for range 100_000 {
			rec, err := r.NextMapped()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				t.Fatalf("NextMapped: %v", err)
			}
			if rec.Line < prev {
				t.Fatalf("line %d after %d", rec.Line, prev)
			}
			prev = rec.Line
			_ = rec.Check("f", refdata.DefaultRegions())
		}
		t.Fatal("the reader did not end")
	})
}
