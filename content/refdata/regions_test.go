package refdata

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func mustRegions(t testing.TB) *Regions {
	t.Helper()
	r, err := LoadRegions()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRegionCounts(t *testing.T) {
	r := mustRegions(t)
	var kab, kota int
	for _, reg := range r.All() {
		if reg.IsProvince() {
			continue
		}
		if reg.IsCity() {
			kota++
		} else {
			kab++
		}
	}
	if n := len(r.Provinces()); n != 38 {
		t.Errorf("provinces = %d, want 38", n)
	}
	if kab != 416 || kota != 98 {
		t.Errorf("kabupaten/kota = %d/%d, want 416/98", kab, kota)
	}
	if n := len(r.All()); n != 38+514 {
		t.Errorf("all = %d, want 552", n)
	}
}

func TestRegionTree(t *testing.T) {
	r := mustRegions(t)
	provs := r.Provinces()
	if !slices.IsSortedFunc(provs, func(a, b Region) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("provinces not sorted by code")
	}
	sum := 0
	for _, p := range provs {
		if p.Level != LevelProvince || p.ParentCode != "" || len(p.Code) != 2 {
			t.Errorf("bad province %+v", p)
		}
		kids := r.RegenciesOf(p.Code)
		if len(kids) == 0 {
			t.Errorf("province %s has no regencies", p.Code)
		}
		sum += len(kids)
		for _, k := range kids {
			if k.ParentCode != p.Code || !strings.HasPrefix(k.Code, p.Code+".") || k.Level != LevelRegency {
				t.Errorf("regency %+v under %s", k, p.Code)
			}
		}
	}
	if sum != 514 {
		t.Errorf("regencies under provinces = %d, want 514", sum)
	}
	for _, reg := range r.All() {
		if reg.IsProvince() {
			continue
		}
		parent, ok := r.Lookup(reg.ParentCode)
		if !ok || !parent.IsProvince() {
			t.Errorf("%s: parent %q missing", reg.Code, reg.ParentCode)
		}
		if !strings.HasPrefix(reg.Code, parent.Code+".") {
			t.Errorf("%s: code prefix is not parent %s", reg.Code, parent.Code)
		}
		if !strings.HasPrefix(reg.Name, "Kabupaten ") && !strings.HasPrefix(reg.Name, "Kota ") {
			t.Errorf("%s: name %q", reg.Code, reg.Name)
		}
	}
	if r.RegenciesOf("99") != nil || r.RegenciesOf("35.78") != nil {
		t.Error("RegenciesOf unknown province should be nil")
	}
}

func TestRegionLookup(t *testing.T) {
	r := mustRegions(t)
	for _, c := range []struct {
		code, name, display, short, province string
	}{
		{"35", "Jawa Timur", "Jawa Timur", "Jawa Timur", "35"},
		{"35.78", "Kota Surabaya", "Kota Surabaya", "Surabaya", "35"},
		{"35.10", "Kabupaten Banyuwangi", "Kabupaten Banyuwangi", "Banyuwangi", "35"},
		{"31", "Daerah Khusus Ibukota Jakarta", "DKI Jakarta", "DKI Jakarta", "31"},
		{"31.71", "Kota Administrasi Jakarta Pusat", "Kota Jakarta Pusat", "Jakarta Pusat", "31"},
		{"31.01", "Kabupaten Administrasi Kepulauan Seribu", "Kabupaten Kepulauan Seribu", "Kepulauan Seribu", "31"},
		{"34", "Daerah Istimewa Yogyakarta", "DI Yogyakarta", "DI Yogyakarta", "34"},
		{"96.71", "Kota Sorong", "Kota Sorong", "Sorong", "96"},
		{"11.01", "Kabupaten Aceh Selatan", "Kabupaten Aceh Selatan", "Aceh Selatan", "11"},
	} {
		reg, ok := r.Lookup(c.code)
		if !ok || reg.Name != c.name {
			t.Errorf("Lookup(%s) = %+v, %v; want %q", c.code, reg, ok, c.name)
			continue
		}
		if got := r.DisplayName(c.code); got != c.display {
			t.Errorf("DisplayName(%s) = %q, want %q", c.code, got, c.display)
		}
		if got := reg.ShortName(); got != c.short {
			t.Errorf("ShortName(%s) = %q, want %q", c.code, got, c.short)
		}
		p, ok := r.ProvinceOf(c.code)
		if !ok || p.Code != c.province || !p.IsProvince() {
			t.Errorf("ProvinceOf(%s) = %+v, %v", c.code, p, ok)
		}
		if !ValidRegionCode(c.code) || !r.Valid(c.code) {
			t.Errorf("ValidRegionCode(%s) = false", c.code)
		}
	}
	for _, bad := range []string{"", "3", "35.", "35.99", "35.7", "99", "35.78.01", " 35", "jatim"} {
		if _, ok := r.Lookup(bad); ok {
			t.Errorf("Lookup(%q) found", bad)
		}
		if _, ok := r.ProvinceOf(bad); ok {
			t.Errorf("ProvinceOf(%q) found", bad)
		}
		if ValidRegionCode(bad) {
			t.Errorf("ValidRegionCode(%q) = true", bad)
		}
		if r.DisplayName(bad) != "" {
			t.Errorf("DisplayName(%q) not empty", bad)
		}
	}
}

func TestRegionsReturnCopies(t *testing.T) {
	r := DefaultRegions()
	r.Provinces()[0].Name = "x"
	r.All()[0].Name = "x"
	r.RegenciesOf("35")[0].Name = "x"
	if p, _ := r.Lookup("11"); p.Name != "Aceh" {
		t.Fatal("Provinces/All leaked internal state")
	}
	if k, _ := r.Lookup("35.01"); k.Name != "Kabupaten Pacitan" {
		t.Fatal("RegenciesOf leaked internal state")
	}
	if DefaultRegions() != r {
		t.Fatal("DefaultRegions not shared")
	}
}

func TestParseRegionsRejectsBadData(t *testing.T) {
	const head = "# c\ncode,name,level,parent_code\n"
	for name, body := range map[string]string{
		"header":       "code,name,level\n",
		"orphan":       head + "35.01,Kabupaten X,regency,35\n",
		"duplicate":    head + "35,A,province,\n35,B,province,\n",
		"prefix":       head + "35,A,province,\n36,B,province,\n35.01,Kabupaten X,regency,36\n",
		"level":        head + "35,A,country,\n",
		"type":         head + "35,A,province,\n35.01,Desa X,regency,35\n",
		"no provinces": head,
	} {
		if _, err := parseRegions(strings.NewReader(body)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestRegionsAgreeWithSharedData cross-checks the generated table with the
// reference file in /work/shared (beside the repo; CI has a copy too).
func TestRegionsAgreeWithSharedData(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "shared", "data", "regions.csv"))
	if err != nil {
		t.Skip("shared reference data not available:", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	r := mustRegions(t)
	seen := 0
	for _, row := range rows[1:] {
		code, name, level, parent := row[0], row[1], row[2], row[3]
		reg, ok := r.Lookup(code)
		switch {
		case !ok:
			t.Errorf("%s missing", code)
		case code == "31": // DKI's naming may differ; the code is what counts
		case reg.Name != name || reg.Level != level || reg.ParentCode != parent:
			t.Errorf("%s: got %+v, shared has %v", code, reg, row[:4])
		}
		seen++
	}
	if seen != len(r.All()) {
		t.Errorf("shared has %d rows, table %d", seen, len(r.All()))
	}
}

type matchWant struct {
	start, end int
	codes      string // comma-separated
}

func TestMatch(t *testing.T) {
	r := mustRegions(t)
	cases := []struct {
		q    string
		want []matchWant
	}{
		{"inovasi kesehatan jawa timur 2022", []matchWant{{2, 4, "35"}}},
		{"jatim", []matchWant{{0, 1, "35"}}},
		{"jateng jabar", []matchWant{{0, 1, "33"}, {1, 2, "32"}}},
		{"diy", []matchWant{{0, 1, "34"}}},
		{"jogja", []matchWant{{0, 1, "34"}}},
		{"yogya", []matchWant{{0, 1, "34"}}},
		{"yogyakarta", []matchWant{{0, 1, "34"}}},
		{"D.I. Yogyakarta", []matchWant{{1, 2, "34"}}},
		{"daerah istimewa yogyakarta", []matchWant{{0, 3, "34"}}},
		{"dki", []matchWant{{0, 1, "31"}}},
		{"jakarta", []matchWant{{0, 1, "31"}}},
		{"pemerintah provinsi dki jakarta", []matchWant{{0, 4, "31"}}},
		{"sulsel sulut sulteng sultra sulbar", []matchWant{{0, 1, "73"}, {1, 2, "71"}, {2, 3, "72"}, {3, 4, "74"}, {4, 5, "76"}}},
		{"sumut sumbar sumsel", []matchWant{{0, 1, "12"}, {1, 2, "13"}, {2, 3, "16"}}},
		{"kalbar kalteng kalsel kaltim kaltara", []matchWant{{0, 1, "61"}, {1, 2, "62"}, {2, 3, "63"}, {3, 4, "64"}, {4, 5, "65"}}},
		{"ntb ntt babel kepri malut", []matchWant{{0, 1, "52"}, {1, 2, "53"}, {2, 3, "19"}, {3, 4, "21"}, {4, 5, "82"}}},
		{"nusa tenggara barat", []matchWant{{0, 3, "52"}}},
		{"kepulauan bangka belitung", []matchWant{{0, 3, "19"}}},
		{"papua barat daya", []matchWant{{0, 3, "96"}}},
		{"papua barat", []matchWant{{0, 2, "92"}}},
		{"papua", []matchWant{{0, 1, "91"}}},
		{"provinsi jawa barat", []matchWant{{0, 3, "32"}}},
		{"sumatra utara", []matchWant{{0, 2, "12"}}},
		{"surabaya", []matchWant{{0, 1, "35.78"}}},
		{"kota surabaya", []matchWant{{0, 2, "35.78"}}},
		{"kabupaten banyuwangi", []matchWant{{0, 2, "35.10"}}},
		{"kab banyuwangi", []matchWant{{0, 2, "35.10"}}},
		{"Kab. Banyuwangi", []matchWant{{0, 2, "35.10"}}},
		{"dinas kesehatan kabupaten banyuwangi jawa timur", []matchWant{{2, 4, "35.10"}, {4, 6, "35"}}},
		{"pemkab banyuwangi", []matchWant{{0, 2, "35.10"}}},
		{"bogor", []matchWant{{0, 1, "32.01,32.71"}}},
		{"kota bogor", []matchWant{{0, 2, "32.71"}}},
		{"kabupaten bogor", []matchWant{{0, 2, "32.01"}}},
		{"malang", []matchWant{{0, 1, "35.07,35.73"}}},
		{"bandung barat", []matchWant{{0, 2, "32.17"}}},
		{"tangerang selatan", []matchWant{{0, 2, "36.74"}}},
		{"tangsel", []matchWant{{0, 1, "36.74"}}},
		{"solok kupang bima", []matchWant{{0, 1, "13.02,13.72"}, {1, 2, "53.01,53.71"}, {2, 3, "52.06,52.72"}}},
		{"toraja", []matchWant{{0, 1, "73.18,73.26"}}},
		{"batu bata", nil},
		{"timur tengah", nil},
		{"kota tua", nil},
		{"batu", nil},
		{"kota", nil},
		{"jawa", nil},
		{"", nil},
		{"kota batu", []matchWant{{0, 2, "35.79"}}},
		{"layanan kota batu dan malang", []matchWant{{1, 3, "35.79"}, {4, 5, "35.07,35.73"}}},
		{"lebak", nil},
		{"kabupaten lebak", []matchWant{{0, 2, "36.02"}}},
		{"bone", nil},
		{"kab. bone", []matchWant{{0, 2, "73.08"}}},
		{"bone bolango", []matchWant{{0, 2, "75.03"}}},
		{"batu bara", nil},
		{"kabupaten batu bara", []matchWant{{0, 3, "12.19"}}},
		{"metro", nil},
		{"kota metro", []matchWant{{0, 2, "18.72"}}},
		{"banjar", nil},
		{"kota banjar", []matchWant{{0, 2, "32.79"}}},
		{"kabupaten banjar", []matchWant{{0, 2, "63.03"}}},
		{"jambi", []matchWant{{0, 1, "15"}}},
		{"kota jambi", []matchWant{{0, 2, "15.71"}}},
		{"muaro jambi", []matchWant{{0, 2, "15.05"}}},
		{"kota yogyakarta", []matchWant{{0, 2, "34.71"}}},
		{"kota jogja", []matchWant{{0, 2, "34.71"}}},
		{"gorontalo", []matchWant{{0, 1, "75"}}},
		{"kabupaten gorontalo", []matchWant{{0, 2, "75.01"}}},
		{"jayapura", []matchWant{{0, 1, "91.03,91.71"}}},
		{"toli-toli", []matchWant{{0, 1, "72.04"}}},
		{"toli toli", []matchWant{{0, 2, "72.04"}}},
		{"baubau bau-bau", []matchWant{{0, 1, "74.72"}, {1, 2, "74.72"}}},
		{"padang", []matchWant{{0, 1, "13.71"}}},
		{"padang rumput hijau", nil},
		{"kota padang panjang", []matchWant{{0, 3, "13.74"}}},
		{"medan magnet", nil},
		{"aceh besar", []matchWant{{0, 2, "11.06"}}},
		{"banda aceh", []matchWant{{0, 2, "11.71"}}},
		{"aceh", []matchWant{{0, 1, "11"}}},
		{"lima puluh kota", []matchWant{{0, 3, "13.07"}}},
		{"kabupaten administrasi kepulauan seribu", []matchWant{{0, 4, "31.01"}}},
		{"jakarta selatan", []matchWant{{0, 2, "31.74"}}},
		{"solo", []matchWant{{0, 1, "33.72"}}},
		{"kukar", []matchWant{{0, 1, "64.02"}}},
		{"kep. selayar", []matchWant{{0, 2, "73.01"}}},
		{"(Jawa Timur),", []matchWant{{0, 2, "35"}}},
	}
	for _, c := range cases {
		tokens, got := r.MatchQuery(c.q)
		if len(got) != len(c.want) {
			t.Errorf("%q: got %+v, want %v", c.q, got, c.want)
			continue
		}
		for i, w := range c.want {
			g := got[i]
			if g.Start != w.start || g.End != w.end || strings.Join(g.Codes, ",") != w.codes {
				t.Errorf("%q: match %d = %+v, want %v", c.q, i, g, w)
			}
			if g.Ambiguous != (len(g.Codes) > 1) || g.Label == "" {
				t.Errorf("%q: match %d = %+v: bad label/ambiguity", c.q, i, g)
			}
		}
		checkMatches(t, r, tokens, got)
	}
	_, got := r.MatchQuery("bogor")
	if got[0].Label != "Kabupaten Bogor / Kota Bogor" {
		t.Errorf("ambiguous label = %q", got[0].Label)
	}
}

// A bare name shared by a Kabupaten and a Kota gives both codes.
func TestMatchSharedNames(t *testing.T) {
	r := mustRegions(t)
	for _, name := range []string{
		"bogor", "malang", "bandung", "kediri", "blitar", "madiun", "probolinggo", "pasuruan",
		"mojokerto", "magelang", "pekalongan", "tegal", "semarang", "cirebon", "sukabumi",
		"tasikmalaya", "bekasi", "tangerang", "serang", "solok", "kupang", "bima", "jayapura", "sorong",
	} {
		got := r.Match([]string{name})
		if len(got) != 1 || len(got[0].Codes) != 2 || !got[0].Ambiguous {
			t.Errorf("%q: got %+v", name, got)
			continue
		}
		kab, _ := r.Lookup(got[0].Codes[0])
		kota, _ := r.Lookup(got[0].Codes[1])
		if kab.IsCity() || !kota.IsCity() || kab.ShortName() != kota.ShortName() {
			t.Errorf("%q: %v and %v", name, kab, kota)
		}
	}
}

// Every official name, with or without its type word, finds its own code.
func TestMatchEveryRegion(t *testing.T) {
	r := mustRegions(t)
	blocked := blockedBareNames()
	for _, reg := range r.All() {
		full := strings.Fields(strings.ToLower(reg.Name))
		got := r.Match(full)
		if len(got) != 1 || got[0].Start != 0 || got[0].End != len(full) || !slices.Equal(got[0].Codes, []string{reg.Code}) {
			t.Errorf("%s %q: got %+v", reg.Code, reg.Name, got)
		}
		if reg.IsProvince() {
			continue
		}
		short := strings.ToLower(reg.ShortName())
		got = r.Match(strings.Fields(short))
		switch {
		case blocked[short] != "":
			if len(got) != 0 {
				t.Errorf("blocked %q matched %+v", short, got)
			}
		case len(got) == 1 && slices.Equal(got[0].Codes, []string{reg.ParentCode}):
			// A province form wins ("jambi", "bengkulu", "gorontalo", "yogyakarta").
		default:
			if len(got) != 1 || got[0].End != len(strings.Fields(short)) || !slices.Contains(got[0].Codes, reg.Code) {
				t.Errorf("bare %q (%s): got %+v", short, reg.Code, got)
			}
		}
	}
}

func TestRegionAliasTables(t *testing.T) {
	r := mustRegions(t)
	pa := provinceAliases()
	for _, p := range r.Provinces() {
		if _, ok := pa[p.Code]; !ok {
			t.Errorf("province %s missing from provinceAliases", p.Code)
		}
		for _, a := range pa[p.Code] {
			got := r.Match(strings.Fields(a))
			if len(got) != 1 || !slices.Equal(got[0].Codes, []string{p.Code}) {
				t.Errorf("alias %q of %s: %+v", a, p.Code, got)
			}
		}
	}
	for code, aliases := range regencyAliases() {
		reg, _ := r.Lookup(code)
		typ, _ := splitRegencyType(reg.Name)
		for _, a := range aliases {
			// Bare, the alias names the regency, or its province where a
			// province form wins ("jogja").
			got := r.Match(strings.Fields(a))
			if blockedBareNames()[a] != "" {
				// An old name that is also a word ("pasir") only matches typed.
				if len(got) != 0 {
					t.Errorf("blocked alias %q of %s: %+v", a, code, got)
				}
			} else if len(got) != 1 || !slices.Contains(got[0].Codes, code) && !slices.Equal(got[0].Codes, []string{reg.ParentCode}) {
				t.Errorf("alias %q of %s: %+v", a, code, got)
			}
			typed := strings.Fields(strings.ToLower(typ) + " " + a)
			got = r.Match(typed)
			if len(got) != 1 || got[0].End != len(typed) || !slices.Contains(got[0].Codes, code) {
				t.Errorf("alias %q of %s: %+v", typed, code, got)
			}
		}
	}
	for name, reason := range blockedBareNames() {
		if reason == "" {
			t.Errorf("blocked %q has no reason", name)
		}
		if got := r.Match(strings.Fields(name)); len(got) != 0 {
			t.Errorf("blocked %q matched %+v", name, got)
		}
	}
}

func checkMatches(t testing.TB, r *Regions, tokens []string, ms []RegionMatch) {
	t.Helper()
	prev := 0
	for _, m := range ms {
		if m.Start < prev || m.End <= m.Start || m.End > len(tokens) {
			t.Fatalf("tokens %q: bad span %+v after %d", tokens, m, prev)
		}
		if len(m.Codes) == 0 || m.Ambiguous != (len(m.Codes) > 1) || m.Label == "" {
			t.Fatalf("tokens %q: bad match %+v", tokens, m)
		}
		for _, c := range m.Codes {
			if !r.Valid(c) {
				t.Fatalf("tokens %q: unknown code %q", tokens, c)
			}
		}
		prev = m.End
	}
}

func FuzzMatch(f *testing.F) {
	for _, s := range []string{
		"inovasi kesehatan jawa timur 2022", "kota batu batu bata", "kab. banyuwangi (jatim)",
		"papua barat daya papua barat papua", "d.i. yogyakarta", "toli-toli --- .. kota",
		"pemerintah provinsi dki jakarta kota administrasi jakarta pusat", "\u00a0KOTA\tSURABAYA\n",
	} {
		f.Add(s)
	}
	r := mustRegions(f)
	f.Fuzz(func(t *testing.T, s string) {
		tokens := strings.Fields(s)
		checkMatches(t, r, tokens, r.Match(tokens))
		tokens, ms := r.MatchQuery(s)
		checkMatches(t, r, tokens, ms)
	})
}
