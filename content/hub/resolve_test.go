package hub

import (
	"errors"
	"io"
	"slices"
	"testing"

	"jippnas/content/demo"
	"jippnas/content/importer"
	"jippnas/content/refdata"
)

func testRegistry(t testing.TB) *Registry {
	t.Helper()
	r, err := NewRegistry(refdata.DefaultRegions())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRegistryCoversRegionsAndBodies(t *testing.T) {
	r := testRegistry(t)
	regions := refdata.DefaultRegions()
	if got, want := r.Len(), len(regions.All())+len(klTable()); got != want {
		t.Fatalf("%d institutions, want %d", got, want)
	}
	for code, want := range map[string]string{
		"35":       "Pemerintah Provinsi Jawa Timur",
		"35.78":    "Pemerintah Kota Surabaya",
		"34.04":    "Pemerintah Kabupaten Sleman",
		"11":       "Pemerintah Aceh",
		"kemenkes": "Kementerian Kesehatan",
		"bps":      "Badan Pusat Statistik",
	} {
		in, ok := r.Lookup(code)
		if !ok || in.Name != want {
			t.Errorf("%s: %+v", code, in)
		}
	}
	if in, _ := r.Lookup("35.78"); in.Kind != KindCity || in.ProvinceCode != "35" || !in.Local() {
		t.Errorf("Surabaya: %+v", in)
	}
	if in, _ := r.Lookup("kemenpanrb"); in.Kind != KindMinistry || in.Local() || in.Abbreviation != "Kementerian PANRB" {
		t.Errorf("PANRB: %+v", in)
	}
	ministries := 0
	for _, in := range r.All() {
		if in.Kind == KindMinistry {
			ministries++
		}
	}
	// Kabinet Merah Putih: 7 coordinating ministries and 41 ministries.
	if ministries != 48 {
		t.Errorf("%d ministries, want 48", ministries)
	}
}

func TestResolve(t *testing.T) {
	r := testRegistry(t)
	for _, c := range []struct {
		name, region string
		code, unit   string
		method       Method
		confident    bool
	}{
		{"Dinas Kesehatan Kota Surabaya", "35.78", "35.78", "Dinas Kesehatan", MethodRegion, true},
		{"Dinas Kesehatan Kota Surabaya", "", "35.78", "Dinas Kesehatan", MethodRegion, true},
		{"Pemerintah Kota Surabaya", "", "35.78", "", MethodExact, true},
		{"Kota Surabaya", "", "35.78", "", MethodExact, true},
		{"Pemerintah Provinsi Jawa Timur", "", "35", "", MethodExact, true},
		{"Dinas Pendidikan Provinsi Jawa Timur", "35", "35", "Dinas Pendidikan", MethodRegion, true},
		{"Disdukcapil Kab. Sleman", "34.04", "34.04", "Dinas Kependudukan dan Pencatatan Sipil", MethodRegion, true},
		{"Dinas PUPR Kota Jambi", "15.71", "15.71", "Dinas Pekerjaan Umum dan Penataan Ruang", MethodRegion, true},
		{"DKP3A Provinsi Kalimantan Timur", "64", "64", "Dinas Kependudukan, Pemberdayaan Perempuan dan Perlindungan Anak", MethodRegion, true},
		{"Dinas Pertanian dan Ketahanan Pangan Daerah Istimewa Yogyakarta", "34", "34", "Dinas Pertanian dan Ketahanan Pangan", MethodRegion, true},
		{"Dinas Pemberdayaan Perempuan dan Perlindungan Anak Aceh", "11", "11", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", MethodRegion, true},
		{"Suku Dinas Perhubungan Kabupaten Administrasi Kepulauan Seribu", "31.01", "31.01", "Suku Dinas Perhubungan", MethodRegion, true},
		{"Kecamatan Coblong Kota Bandung", "32.73", "32.73", "Kecamatan Coblong", MethodRegion, true},
		// A provincial unit working in one of its regencies.
		{"UPT Samsat Provinsi Jawa Timur", "35.78", "35", "UPT Samsat", MethodRegion, true},
		// Without a type word a regency name is less certain, and a name
		// that fits two regions needs the record's region code.
		{"Puskesmas Kedungdoro Surabaya", "", "35.78", "Puskesmas Kedungdoro", MethodRegionBare, true},
		{"Dinas Pendidikan Bogor", "", "", "Dinas Pendidikan", MethodAmbiguous, false},
		{"Dinas Pendidikan Bogor", "32.71", "32.71", "Dinas Pendidikan", MethodRegionBare, true},
		// Name and region code disagree: a person decides.
		{"Dinas Kesehatan Kota Surabaya", "11.71", "35.78", "Dinas Kesehatan", MethodRegion, false},
		// Ministries and agencies, their units and regional offices.
		{"Kementerian Kesehatan", "", "kemenkes", "", MethodExact, true},
		{"Kemenkes", "", "kemenkes", "", MethodExact, true},
		{"BPS", "", "bps", "", MethodExact, true},
		{"Direktorat Jenderal Pajak, Kementerian Keuangan", "", "kemenkeu", "Direktorat Jenderal Pajak", MethodBody, true},
		{"DJP Kementerian Keuangan", "", "kemenkeu", "Direktorat Jenderal Pajak", MethodBody, true},
		{"Direktorat Jenderal Imigrasi", "", "kemenimipas", "Direktorat Jenderal Imigrasi", MethodBody, true},
		{"Kantor Imigrasi Kelas I Khusus TPI Surabaya", "35.78", "kemenimipas", "Kantor Imigrasi Kelas I Khusus TPI Surabaya", MethodBody, true},
		{"Direktorat Jenderal Imigrasi, Kementerian Hukum dan HAM", "", "kemenimipas", "Direktorat Jenderal Imigrasi", MethodBody, true},
		{"Kementerian Hukum dan Hak Asasi Manusia", "", "kemenkum", "", MethodBody, true},
		{"BPS Kabupaten Sleman", "34.04", "bps", "BPS Kabupaten Sleman", MethodBody, true},
		{"Badan Pusat Statistik Kabupaten Sleman", "34.04", "bps", "Badan Pusat Statistik Kabupaten Sleman", MethodBody, true},
		{"Polres Sleman", "34.04", "polri", "Polres Sleman", MethodBody, true},
		{"Pengadilan Agama Surabaya", "35.78", "ma", "Pengadilan Agama Surabaya", MethodBody, true},
		{"Kantor Pertanahan Kota Surabaya", "35.78", "atr-bpn", "Kantor Pertanahan Kota Surabaya", MethodBody, true},
		{"Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi", "", "kemendes-pdt", "", MethodBody, true},
		{"Kementerian Komunikasi dan Informatika", "", "komdigi", "", MethodBody, true},
		{"LIPI", "", "brin", "", MethodBody, true},
		{"Kementerian PAN-RB", "", "kemenpanrb", "", MethodBody, true},
		// Local units whose names contain a ministry's short form stay local.
		{"Dinas Kominfo Kota Ambon", "81.71", "81.71", "Dinas Komunikasi dan Informatika", MethodRegion, true},
		{"Dinas PU Kabupaten Bandung", "32.04", "32.04", "Dinas PU", MethodRegion, true},
		{"Badan Kepegawaian Daerah Provinsi Jawa Timur", "35", "35", "Badan Kepegawaian Daerah", MethodRegion, true},
		{"Satuan Polisi Pamong Praja Kota Yogyakarta", "34.71", "34.71", "Satuan Polisi Pamong Praja", MethodRegion, true},
		// Nothing in the name: the record's region code, with low confidence.
		{"Dinas Uji", "53.71", "53.71", "Dinas Uji", MethodRegionCode, false},
		{"Dinas Uji", "", "", "", MethodNone, false},
		{"", "35", "", "", MethodNone, false},
	} {
		res := r.Resolve(c.name, c.region)
		if res.Code != c.code || res.Unit != c.unit || res.Method != c.method || res.Confident() != c.confident {
			t.Errorf("Resolve(%q, %q) = %+v, want %s %q %s confident=%v", c.name, c.region, res, c.code, c.unit, c.method, c.confident)
		}
	}
	if res := r.Resolve("Dinas Pendidikan Bogor", ""); !slices.Equal(res.Candidates, []string{"32.01", "32.71"}) {
		t.Errorf("candidates %v", res.Candidates)
	}
}

func TestUnitKey(t *testing.T) {
	same := [][]string{
		{"Dinas Koperasi dan UKM", "Dinas Koperasi dan Usaha Kecil Menengah", "Dinas Koperasi, Usaha Kecil dan Menengah"},
		{"Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "dinas kependudukan & pencatatan sipil"},
		{"DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"},
	}
	for _, group := range same {
		for _, u := range group[1:] {
			if UnitKey(u) != UnitKey(group[0]) {
				t.Errorf("UnitKey(%q) = %q, UnitKey(%q) = %q", u, UnitKey(u), group[0], UnitKey(group[0]))
			}
		}
	}
	if UnitKey("Dinas Kesehatan") == UnitKey("Dinas Kesehatan Hewan") {
		t.Error("different units share a key")
	}
}

func TestDisplayName(t *testing.T) {
	r := testRegistry(t)
	for _, c := range []struct{ code, unit, want string }{
		{"35.78", "Dinas Kesehatan", "Dinas Kesehatan Kota Surabaya"},
		{"34.04", "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sleman"},
		{"35", "Dinas Pendidikan", "Dinas Pendidikan Provinsi Jawa Timur"},
		{"35", "", "Pemerintah Provinsi Jawa Timur"},
		{"kemenkeu", "Direktorat Jenderal Pajak", "Direktorat Jenderal Pajak, Kementerian Keuangan"},
		{"bps", "", "Badan Pusat Statistik"},
	} {
		got := r.DisplayName(c.code, c.unit)
		if got != c.want {
			t.Errorf("DisplayName(%s, %q) = %q", c.code, c.unit, got)
		}
		// What the hub writes, the resolver reads back.
		if res := r.Resolve(got, ""); res.Code != c.code || res.Unit != c.unit {
			t.Errorf("Resolve(%q) = %+v, want %s %q", got, res, c.code, c.unit)
		}
	}
}

// TestDemoInstitutionCodes: every demo innovation carries the code of its
// institution, and the resolver agrees with it confidently.
func TestDemoInstitutionCodes(t *testing.T) {
	r := testRegistry(t)
	n := 0
	for _, name := range demo.Files() {
		f, err := demo.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		rd := importer.NewReader(f, name, importer.FormatJSONL)
		for {
			rec, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			d := rec.Doc
			n++
			if _, ok := r.Lookup(d.InstitutionCode); !ok {
				t.Errorf("%s: unknown institution code %q", d.ID, d.InstitutionCode)
			}
			if res := r.Resolve(d.Institution, d.RegionCode); res.Code != d.InstitutionCode || !res.Confident() {
				t.Errorf("%s: %q resolves to %+v, record says %s", d.ID, d.Institution, res, d.InstitutionCode)
			}
		}
		f.Close()
	}
	if n < 100 {
		t.Fatalf("only %d demo innovations", n)
	}
}
