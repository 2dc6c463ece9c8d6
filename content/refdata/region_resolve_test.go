package refdata

import (
	"slices"
	"strings"
	"testing"
)

// spellings returns the ways people write a regency/city in spreadsheets:
// the official name, upper case, the abbreviated and government forms, and
// messy spacing and punctuation.
func spellings(reg Region) []string {
	typ, short := splitRegencyType(reg.Name)
	out := []string{
		reg.Name,
		strings.ToUpper(reg.Name),
		"  " + strings.ReplaceAll(strings.ToLower(reg.Name), " ", "   ") + " ",
	}
	if typ == "Kabupaten" {
		out = append(out, "Kab. "+short, "Kab."+short, "KAB "+strings.ToUpper(short), "Pemkab "+short, "Pemerintah Kabupaten "+short)
	} else {
		out = append(out, "Kota "+short, "KOTA "+strings.ToUpper(short), "Pemkot "+short, "Pemerintah Kota "+short, "Kota Adm. "+short)
	}
	return out
}

func TestResolveEveryRegencyFiveWays(t *testing.T) {
	t.Parallel()
	r := mustRegions(t)
	n := 0
	for _, reg := range r.All() {
		if reg.IsProvince() {
			continue
		}
		for _, s := range spellings(reg) {
			for _, q := range []RegionQuery{
				{Text: s, Level: LevelRegency},
				{Text: s, Level: LevelRegency, Province: reg.ParentCode},
				{Text: s}, // as free text, e.g. an institution's name
				{Text: "Dinas Kesehatan " + s + " Provinsi " + r.DisplayName(reg.ParentCode)},
			} {
				n++
				got := r.Resolve(q)
				if got.Code != reg.Code || got.Quality != MatchExact {
					t.Errorf("%s: Resolve(%+v) = %+v", reg.Code, q, got)
				}
			}
		}
	}
	if n < 514*5*4 {
		t.Fatalf("only %d queries", n)
	}
}

func TestResolveEveryProvince(t *testing.T) {
	t.Parallel()
	r := mustRegions(t)
	for _, p := range r.Provinces() {
		for _, s := range []string{p.Name, strings.ToUpper(p.Name), "Provinsi " + p.Name, "PEMPROV " + strings.ToUpper(p.ShortName()),
			"Pemerintah Provinsi " + p.ShortName(), "prov. " + strings.ToLower(p.Name)} {
			for _, lvl := range []string{LevelProvince, ""} {
				got := r.Resolve(RegionQuery{Text: s, Level: lvl})
				if got.Code != p.Code || got.Quality != MatchExact {
					t.Errorf("Resolve(%q, %q) = %+v, want %s", s, lvl, got, p.Code)
				}
			}
		}
	}
}

// transpose swaps two neighbouring letters near the middle of s: the most
// common typing slip.
func transpose(s string) (string, bool) {
	rs := []rune(s)
	for i := len(rs) / 2; i+1 < len(rs); i++ {
		if rs[i] != rs[i+1] && rs[i] != ' ' && rs[i+1] != ' ' {
			rs[i], rs[i+1] = rs[i+1], rs[i]
			return string(rs), true
		}
	}
	return s, false
}

// TestResolveMisspellings misspells every regency/city name of six letters or
// more: the result is the right region (approximate) or unresolved, never
// another region, and nearly always the right one.
func TestResolveMisspellings(t *testing.T) {
	t.Parallel()
	r := mustRegions(t)
	known := map[string]bool{}
	for _, n := range r.matcher.names {
		known[n.key] = true
	}
	tried, right := 0, 0
	for _, reg := range r.All() {
		if reg.IsProvince() {
			continue
		}
		typ, short := splitRegencyType(reg.Name)
		bad, ok := transpose(strings.ToLower(short))
		if !ok || len(compactKey(bad)) < 6 || known[compactKey(bad)] {
			continue
		}
		tried++
		got := r.Resolve(RegionQuery{Text: typ + " " + bad, Level: LevelRegency})
		switch {
		case got.Code == reg.Code && got.Quality == MatchApproximate:
			right++
		case got.Quality == MatchUnresolved:
		default:
			t.Errorf("%q (%s): got %+v", typ+" "+bad, reg.Code, got)
		}
	}
	if tried < 400 || right < tried*95/100 {
		t.Errorf("misspellings: %d of %d resolved", right, tried)
	}
}

func TestResolveCases(t *testing.T) {
	t.Parallel()
	r := mustRegions(t)
	cases := []struct {
		q          RegionQuery
		code       string
		quality    MatchQuality
		candidates []string
	}{
		// Ambiguous: never a guess.
		{RegionQuery{Text: "Bogor", Level: LevelRegency}, "", MatchUnresolved, []string{"32.01", "32.71"}},
		{RegionQuery{Text: "BOGOR", Level: LevelRegency, Province: "32"}, "", MatchUnresolved, []string{"32.01", "32.71"}},
		{RegionQuery{Text: "Kota Bogor", Level: LevelRegency}, "32.71", MatchExact, nil},
		{RegionQuery{Text: "Bengkulu", Level: LevelRegency}, "", MatchUnresolved, []string{"17", "17.71"}},
		{RegionQuery{Text: "Bengkulu", Level: LevelProvince}, "17", MatchExact, nil},
		{RegionQuery{Text: "Kota Bengkulu", Level: LevelRegency}, "17.71", MatchExact, nil},
		{RegionQuery{Text: "RSUD Madiun"}, "", MatchUnresolved, []string{"35.19", "35.77"}},
		{RegionQuery{Text: "RSUD Kota Madiun"}, "35.77", MatchExact, nil},
		// A province in a regency column: a provincial institution.
		{RegionQuery{Text: "Provinsi Jawa Timur", Level: LevelRegency}, "35", MatchExact, nil},
		{RegionQuery{Text: "Kota Surabaya", Level: LevelProvince}, "", MatchUnresolved, []string{"35.78"}},
		// Contradictions with the row's province.
		{RegionQuery{Text: "Kota Batu", Level: LevelRegency, Province: "33"}, "", MatchUnresolved, []string{"35.79"}},
		{RegionQuery{Text: "Dinas Pendidikan Kota Batu", Province: "33"}, "", MatchUnresolved, []string{"35.79"}},
		// The province narrows an otherwise ambiguous name.
		{RegionQuery{Text: "Kabupaten Kupang, NTT", Level: LevelRegency}, "53.01", MatchExact, nil},
		{RegionQuery{Text: "Kab. Sleman DIY", Level: LevelRegency}, "34.04", MatchExact, nil},
		// Wrong type word, left-over words, misspellings, spacing.
		{RegionQuery{Text: "Kota Sleman", Level: LevelRegency}, "34.04", MatchApproximate, nil},
		{RegionQuery{Text: "Kabupaten Sleman Barat", Level: LevelRegency}, "34.04", MatchApproximate, nil},
		{RegionQuery{Text: "Kab. Banyuwagi", Level: LevelRegency}, "35.10", MatchApproximate, nil},
		{RegionQuery{Text: "Pemerintah Kabupaten Slemen"}, "34.04", MatchApproximate, nil},
		{RegionQuery{Text: "Kabupaten Tulung Agung", Level: LevelRegency}, "35.04", MatchExact, nil},
		{RegionQuery{Text: "Kota Pematangsiantar", Level: LevelRegency}, "12.72", MatchExact, nil},
		{RegionQuery{Text: "Jawa Timr", Level: LevelProvince}, "35", MatchApproximate, nil},
		// Old names.
		{RegionQuery{Text: "Kabupaten Pasir", Level: LevelRegency}, "64.01", MatchExact, nil},
		{RegionQuery{Text: "Kabupaten Toba Samosir", Level: LevelRegency}, "12.12", MatchExact, nil},
		{RegionQuery{Text: "Kab. Mamuju Utara", Level: LevelRegency}, "76.01", MatchExact, nil},
		{RegionQuery{Text: "Kabupaten Sawahlunto Sijunjung", Level: LevelRegency}, "13.03", MatchExact, nil},
		// Free text.
		{RegionQuery{Text: "Dinas Kesehatan Kabupaten Banyuwangi"}, "35.10", MatchExact, nil},
		{RegionQuery{Text: "Bappeda Surabaya"}, "35.78", MatchApproximate, nil},
		{RegionQuery{Text: "Kementerian Kesehatan"}, "", MatchUnresolved, nil},
		{RegionQuery{Text: "Dinas Kesehatan Kota Batu dan Kabupaten Malang"}, "", MatchUnresolved, []string{"35.79", "35.07"}},
		// Not regions at all.
		{RegionQuery{Text: "padang pasir", Level: LevelRegency}, "", MatchUnresolved, nil},
		{RegionQuery{Text: "", Level: LevelRegency}, "", MatchUnresolved, nil},
		{RegionQuery{Text: "Kab.", Level: LevelRegency}, "", MatchUnresolved, nil},
		{RegionQuery{Text: "Kota Antah Berantah", Level: LevelRegency}, "", MatchUnresolved, nil},
		{RegionQuery{Text: "Sleman", Level: LevelRegency, Province: "99"}, "", MatchUnresolved, nil},
	}
	for _, c := range cases {
		got := r.Resolve(c.q)
		if got.Code != c.code || got.Quality != c.quality {
			t.Errorf("Resolve(%+v) = %+v, want %q %s", c.q, got, c.code, c.quality)
			continue
		}
		if c.candidates != nil && !sameSet(got.Candidates, c.candidates) {
			t.Errorf("Resolve(%+v) candidates = %v, want %v", c.q, got.Candidates, c.candidates)
		}
		if got.Quality != MatchExact && got.Note == "" {
			t.Errorf("Resolve(%+v): %s without a note", c.q, got.Quality)
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestResolveBPSCode(t *testing.T) {
	t.Parallel()
	r := mustRegions(t)
	cases := []struct {
		in      string
		code    string
		quality MatchQuality
	}{
		{"3404", "34.04", MatchApproximate},
		{"34.04", "34.04", MatchApproximate},
		{"3404.0", "34.04", MatchApproximate},
		{" 35 ", "35", MatchApproximate},
		{"9471", "", MatchUnresolved}, // BPS Jayapura: Papua codes differ
		{"94", "", MatchUnresolved},
		{"91", "", MatchUnresolved},
		{"3499", "", MatchUnresolved},
		{"340", "", MatchUnresolved},
		{"34a4", "", MatchUnresolved},
		{"", "", MatchUnresolved},
	}
	for _, c := range cases {
		got := r.ResolveBPSCode(c.in)
		if got.Code != c.code || got.Quality != c.quality || got.Note == "" {
			t.Errorf("ResolveBPSCode(%q) = %+v, want %q %s", c.in, got, c.code, c.quality)
		}
	}
	// Every Kemendagri code outside Papua is read, and only approximately.
	for _, reg := range r.All() {
		bps := strings.ReplaceAll(reg.Code, ".", "")
		got := r.ResolveBPSCode(bps)
		if reg.Code >= bpsPapuaFirst {
			if got.Quality != MatchUnresolved {
				t.Errorf("%s: %+v", bps, got)
			}
			continue
		}
		if got.Code != reg.Code || got.Quality != MatchApproximate {
			t.Errorf("%s: %+v", bps, got)
		}
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	cases := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"sleman", "sleman", 3, 0},
		{"slemen", "sleman", 3, 1},
		{"selman", "sleman", 3, 1}, // a swap is one edit
		{"banyuwagi", "banyuwangi", 3, 1},
		{"abc", "xyz", 3, 3},
		{"abc", "abcdefgh", 2, 2}, // cut off at the limit
		{"", "ab", 5, 2},
	}
	for _, c := range cases {
		if got := editDistance(c.a, c.b, c.limit); got != c.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}
