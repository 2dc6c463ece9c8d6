package refdata

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// RegionMatch is a span of query tokens that names a region. Start and End
// are token indexes (End exclusive). Codes holds one code, or several when
// the words name more than one region (bare "bogor" is both Kabupaten Bogor
// and Kota Bogor): Ambiguous is then true and a caller should OR the codes.
type RegionMatch struct {
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Codes     []string `json:"codes"`
	Label     string   `json:"label"`
	Ambiguous bool     `json:"ambiguous"`
}

// Match finds the regions named in a query split into words, e.g.
// ["inovasi", "kesehatan", "jawa", "timur", "2022"] gives one match, tokens
// [2,4) → "35". Scanning left to right, it takes at each position the
// longest phrase that names a region, so "papua barat daya" is 96, not 91 +
// "barat daya", and "kota batu" is 35.79 while "batu bata" is nothing.
// Matches never overlap and come in token order. Tokens are compared
// case-insensitively with surrounding punctuation ignored ("Kab." = "kab").
//
// What matches: province names and their customary short forms (jatim, diy,
// jogja, dki, sulsel, ntb, babel, kepri, …), always; regency/city names with
// a type word (kabupaten, kab, pemkab, kota, pemkot, provinsi, pemprov, …);
// bare regency/city names, except the few in blockedBareNames that are
// ordinary words; common regency abbreviations (kukar, madina, tangsel, …).
// Where a bare name is both a province and a city ("bengkulu", "jambi",
// "gorontalo", "yogyakarta") the province wins: "kota jambi" names the city.
func (r *Regions) Match(tokens []string) []RegionMatch {
	m := r.matcher
	norm := make([]string, len(tokens))
	for i, t := range tokens {
		norm[i] = normRegionToken(t)
	}
	var out []RegionMatch
	for i := 0; i < len(norm); {
		n, codes := m.longest(norm, i)
		switch {
		case n == 0:
			i++
			continue
		case codes == nil: // a phrase known not to be a region: skip it whole
			i += n
			continue
		}
		labels := make([]string, len(codes))
		for j, c := range codes {
			labels[j] = r.DisplayName(c)
		}
		out = append(out, RegionMatch{
			Start:     i,
			End:       i + n,
			Codes:     slices.Clone(codes),
			Label:     strings.Join(labels, " / "),
			Ambiguous: len(codes) > 1,
		})
		i += n
	}
	return out
}

// MatchQuery lowercases q, splits it on white space and matches the words;
// it returns the words so that the spans can be mapped back.
func (r *Regions) MatchQuery(q string) ([]string, []RegionMatch) {
	tokens := strings.Fields(strings.ToLower(q))
	return tokens, r.Match(tokens)
}

// normRegionToken lowercases a token and strips the punctuation around it
// ("Kab." → "kab", "(jatim)" → "jatim"); dotted initials lose their dots
// ("d.i." → "di", "d.k.i" → "dki"). Inner hyphens stay ("toli-toli").
func normRegionToken(t string) string {
	t = strings.ToLower(t)
	t = strings.TrimFunc(t, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
	if strings.Contains(t, ".") {
		parts := strings.Split(t, ".")
		initials := true
		for _, p := range parts {
			if len([]rune(p)) != 1 {
				initials = false
				break
			}
		}
		if initials {
			t = strings.Join(parts, "")
		}
	}
	return t
}

// regionMatcher maps normalized phrases (tokens joined by one space) to
// region codes. A nil code list marks a phrase that is not a region.
type regionMatcher struct {
	phrases map[string][]string
	maxLen  int
	// names are the bare name keys (official names, variants and aliases,
	// without a type word) for near-miss spelling in Resolve.
	names []regionName
}

// regionName is one bare name key of a region, spaces and hyphens removed
// ("tanjungpinang"), for edit-distance comparison.
type regionName struct {
	key  string
	code string
}

// longest returns the token count and codes of the longest phrase at i, or 0.
func (m *regionMatcher) longest(norm []string, i int) (int, []string) {
	if norm[i] == "" {
		return 0, nil
	}
	n := min(m.maxLen, len(norm)-i)
	// Phrases contain no empty token: stop the span before one.
	for k := i; k < i+n; k++ {
		if norm[k] == "" {
			n = k - i
			break
		}
	}
	for ; n > 0; n-- {
		if codes, ok := m.phrases[strings.Join(norm[i:i+n], " ")]; ok {
			return n, codes
		}
	}
	return 0, nil
}

// Type words that may precede a name. A regency phrase with one of these
// matches even where the bare name is blocked ("kota batu", "kab. lebak").
func kabupatenPrefixes() []string {
	return []string{"kabupaten", "kab", "kabupaten administrasi", "kab adm", "pemkab", "pemerintah kabupaten"}
}

func kotaPrefixes() []string {
	return []string{"kota", "kota administrasi", "kota adm", "pemkot", "pemerintah kota"}
}

func provinsiPrefixes() []string {
	return []string{"provinsi", "propinsi", "prov", "pemprov", "pemerintah provinsi"}
}

// provinceAliases are the customary short and alternative forms of each
// province, beyond its official name (which always matches, also with
// "sumatra" for "sumatera" and "kep" for "kepulauan"). Every province code
// appears, even where its name is its only form.
func provinceAliases() map[string][]string {
	return map[string][]string{
		"11": {"nad", "nanggroe aceh darussalam"},
		"12": {"sumut"},
		"13": {"sumbar"},
		"14": {},
		"15": {},
		"16": {"sumsel"},
		"17": {},
		"18": {},
		"19": {"babel", "bangka belitung"},
		"21": {"kepri"},
		// DKI: the package still uses the pre-2024 name; "daerah khusus
		// jakarta" (DKJ) is the name under UU 2/2024.
		"31": {"dki", "jakarta", "dki jakarta", "daerah khusus ibu kota jakarta", "daerah khusus jakarta", "dkj"},
		"32": {"jabar"},
		"33": {"jateng"},
		"34": {"diy", "jogja", "yogya", "yogyakarta", "jogjakarta", "daerah istimewa jogja"},
		"35": {"jatim"},
		"36": {},
		"51": {},
		"52": {"ntb"},
		"53": {"ntt"},
		"61": {"kalbar"},
		"62": {"kalteng"},
		"63": {"kalsel"},
		"64": {"kaltim"},
		"65": {"kaltara"},
		"71": {"sulut"},
		"72": {"sulteng"},
		"73": {"sulsel"},
		"74": {"sultra"},
		"75": {},
		"76": {"sulbar"},
		"81": {},
		"82": {"malut"},
		"91": {},
		"92": {"pabar"},
		"93": {},
		"94": {},
		"95": {},
		"96": {"pbd"},
	}
}

// regencyAliases are abbreviations, spelling variants and former names of
// regencies/cities in common use, by code. They match bare and after a type
// word of the right kind ("kota jogja" is 34.71; bare "jogja" stays DIY
// because province forms win). Abbreviations that are ordinary words are left
// out on purpose: mitra (Minahasa Tenggara), balut (Banggai Laut), tuba
// (Tulang Bawang), mabar (Manggarai Barat), tts (Timor Tengah Selatan), palas
// (Padang Lawas), mura (Musi Rawas), lombok (four regencies; also "chili").
func regencyAliases() map[string][]string {
	return map[string][]string{
		"12.01": {"tapteng"},
		"12.02": {"taput"},
		"12.03": {"tapsel"},
		"12.10": {"labuhan batu"},
		"12.12": {"toba samosir", "tobasa"},
		"12.13": {"madina"},
		"12.16": {"humbahas"},
		"12.18": {"sergai"},
		"12.20": {"paluta"},
		"12.22": {"labusel", "labuhan batu selatan"},
		"12.23": {"labura", "labuhan batu utara"},
		"12.72": {"pematang siantar", "siantar"},
		"12.74": {"tanjung balai"},
		"12.77": {"padang sidimpuan", "padang sidempuan", "padangsidempuan"},
		"12.78": {"gunung sitoli"},
		"13.01": {"pessel"},
		"13.03": {"sawahlunto sijunjung"}, // its name until 2008
		"13.07": {"limapuluh kota", "lima puluh koto", "50 kota"},
		"13.11": {"solsel"},
		"13.12": {"pasbar"},
		"13.73": {"sawah lunto"},
		"13.75": {"bukit tinggi"},
		"14.02": {"inhu"},
		"14.04": {"inhil"},
		"14.06": {"rohul"},
		"14.07": {"rohil"},
		"14.09": {"kuansing"},
		"14.10": {"meranti"},
		"15.04": {"batang hari"},
		"15.06": {"tanjabbar"},
		"15.07": {"tanjabtim"},
		"16.01": {"oku"},
		"16.02": {"oki"},
		"16.06": {"muba"},
		"16.08": {"oku timur"},
		"16.09": {"oku selatan"},
		"16.13": {"muratara"},
		"17.06": {"muko muko", "muko-muko"},
		"18.12": {"tubaba"},
		"21.05": {"anambas"},
		"31.71": {"jakpus"},
		"31.72": {"jakut"},
		"31.73": {"jakbar"},
		"31.74": {"jaksel"},
		"31.75": {"jaktim"},
		"33.72": {"solo"},
		"34.03": {"gunung kidul"},
		"34.71": {"jogja", "yogya", "jogjakarta"},
		"36.74": {"tangsel"},
		"52.01": {"lobar"},
		"52.02": {"loteng"},
		"52.03": {"lotim"},
		"53.06": {"flotim"},
		"53.14": {"rote"},
		"53.19": {"matim"},
		"62.01": {"kobar"},
		"62.02": {"kotim"},
		"62.04": {"barsel"},
		"62.05": {"barut"},
		"62.11": {"pulpis"},
		"62.13": {"bartim"},
		"62.71": {"palangka raya"},
		"63.04": {"batola"},
		"63.06": {"hss"},
		"63.07": {"hst"},
		"63.08": {"hsu"},
		"63.10": {"tanbu"},
		"63.72": {"banjar baru"},
		"64.01": {"pasir"}, // its name until 2007
		"64.02": {"kukar"},
		"64.07": {"kubar"},
		"64.08": {"kutim"},
		"64.09": {"ppu"},
		"64.11": {"mahulu"},
		"71.01": {"bolmong"},
		"71.03": {"sangihe"},
		"71.04": {"talaud"},
		"71.05": {"minsel"},
		"71.06": {"minut"},
		"71.08": {"bolmut"},
		"71.09": {"sitaro", "siau tagulandang biaro"},
		"71.10": {"boltim"},
		"71.11": {"bolsel"},
		"72.07": {"bangkep"},
		"72.08": {"parimo"},
		"72.09": {"touna", "tojo una-una"},
		"72.12": {"morut"},
		"73.01": {"selayar"},
		"73.10": {"pangkep", "pangkajene kepulauan"},
		"73.14": {"sidrap"},
		"73.18": {"tator", "toraja"},
		"73.22": {"lutra"},
		"73.24": {"lutim"},
		"73.26": {"torut", "toraja"},
		"73.72": {"pare pare", "pare-pare"},
		"74.05": {"konsel"},
		"74.08": {"kolut"},
		"74.09": {"konut"},
		"74.10": {"butur"},
		"74.11": {"koltim"},
		"74.12": {"konkep"},
		"74.13": {"mubar"},
		"74.14": {"buteng"},
		"74.15": {"busel"},
		"74.72": {"bau-bau"},
		"75.05": {"gorut"},
		"76.01": {"mamuju utara"}, // its name until 2017
		"76.04": {"polman"},
		"76.06": {"mateng"},
		"81.02": {"malra"},
		"81.03": {"tanimbar", "maluku tenggara barat"}, // renamed in 2019
		"82.01": {"halbar"},
		"82.02": {"halteng"},
		"82.03": {"halut"},
		"82.04": {"halsel"},
		"82.05": {"sula"},
		"82.06": {"haltim"},
		"82.07": {"morotai"},
		"82.08": {"taliabu"},
		"82.72": {"tidore"},
		"91.05": {"yapen", "yapen waropen"}, // Yapen Waropen until 2002
		"91.06": {"biak"},
		"92.03": {"fak-fak"},
		"92.06": {"bintuni"},
		"92.07": {"wondama"},
		"92.11": {"mansel"},
		"92.12": {"pegaf"},
		"93.02": {"boven digul"},
	}
}

// blockedBareNames are regency/city names (or name variants) that are also
// ordinary words or other places, so they do not match alone; they still
// match after a type word ("kota batu", "kabupaten bone", "kab. pati").
func blockedBareNames() map[string]string {
	return map[string]string{
		"batu":      "35.79 Kota Batu; 'stone': batu bata, batu ginjal, batu akik",
		"batu bara": "12.19 Kabupaten Batu Bara; 'coal'",
		"batubara":  "12.19 Kabupaten Batu Bara (joined spelling); 'coal'",
		"metro":     "18.72 Kota Metro; metro/metropolitan, Polda Metro Jaya",
		"batang":    "33.25 Kabupaten Batang; 'stem, trunk', a classifier (sebatang)",
		"puncak":    "94.05 Kabupaten Puncak; 'peak, summit', also Puncak in Bogor",
		"lebak":     "36.02 Kabupaten Lebak; 'low swampland' (rawa lebak) in farming",
		"pati":      "33.18 Kabupaten Pati; 'starch' (pati singkong, sari pati)",
		"banjar":    "63.03 Kabupaten Banjar and 32.79 Kota Banjar; 'row', Balinese banjar adat",
		"bone":      "73.08 Kabupaten Bone; English 'bone' (Bone Bolango still matches)",
		"buru":      "81.04 Kabupaten Buru; 'hunt, hurry' (buru-buru, berburu)",
		"toba":      "12.12 Kabupaten Toba; Lake Toba borders seven regencies",
		"malaka":    "53.21 Kabupaten Malaka; Strait of Malacca, Melaka",
		"kapuas":    "62.03 Kabupaten Kapuas; the Kapuas river, Kapuas Hulu (61.06)",
		"pasir":     "64.01 Kabupaten Paser, former name; 'sand' (pasir putih, padang pasir)",
	}
}

// notRegionPhrases start with a bare region name but mean something else; the
// matcher skips them whole.
func notRegionPhrases() []string {
	return []string{
		"padang rumput", "padang pasir", "padang lamun", "padang savana", "padang golf", "padang mahsyar",
		"medan magnet", "medan listrik", "medan perang", "medan tempur", "medan laga", "medan juang", "medan berat",
		"malang melintang", "nasib malang", "roh kudus",
	}
}

// nameKeys returns the phrase keys of a name: lowercased words, with a
// hyphenated word also split and joined ("toli-toli", "toli toli",
// "tolitoli"), all words joined ("tanjungpinang"), "kep" for a leading
// "kepulauan" and "sumatra" for "sumatera".
func nameKeys(name string) []string {
	base := strings.Fields(strings.ToLower(name))
	var keys []string
	add := func(words []string) {
		for _, w := range [][]string{words, splitHyphens(words), joinHyphens(words)} {
			keys = append(keys, strings.Join(w, " "))
		}
		if len(words) > 1 {
			keys = append(keys, strings.Join(joinHyphens(words), ""))
		}
	}
	add(base)
	if base[0] == "kepulauan" && len(base) > 1 {
		add(append([]string{"kep"}, base[1:]...))
	}
	if i := slices.Index(base, "sumatera"); i >= 0 {
		v := slices.Clone(base)
		v[i] = "sumatra"
		add(v)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func splitHyphens(words []string) []string {
	var out []string
	for _, w := range words {
		out = append(out, strings.Split(w, "-")...)
	}
	return out
}

func joinHyphens(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = strings.ReplaceAll(w, "-", "")
	}
	return out
}

func newRegionMatcher(r *Regions) (*regionMatcher, error) {
	type set map[string]bool
	addTo := func(m map[string]set, key, code string) {
		if m[key] == nil {
			m[key] = set{}
		}
		m[key][code] = true
	}
	provs, kabs, kotas := map[string]set{}, map[string]set{}, map[string]set{}

	for _, p := range r.provinces {
		for _, k := range nameKeys(p.Name) {
			addTo(provs, k, p.Code)
		}
	}
	for code, aliases := range provinceAliases() {
		if reg, ok := r.Lookup(code); !ok || !reg.IsProvince() {
			return nil, fmt.Errorf("regions: province alias for unknown province %s", code)
		}
		for _, a := range aliases {
			for _, k := range nameKeys(a) {
				addTo(provs, k, code)
			}
		}
	}
	regencyKind := func(reg Region) map[string]set {
		if reg.IsCity() {
			return kotas
		}
		return kabs
	}
	for _, reg := range r.all {
		if !reg.IsProvince() {
			for _, k := range nameKeys(reg.ShortName()) {
				addTo(regencyKind(reg), k, reg.Code)
			}
		}
	}
	for code, aliases := range regencyAliases() {
		reg, ok := r.Lookup(code)
		if !ok || reg.IsProvince() {
			return nil, fmt.Errorf("regions: regency alias for unknown regency %s", code)
		}
		for _, a := range aliases {
			for _, k := range nameKeys(a) {
				addTo(regencyKind(reg), k, code)
			}
		}
	}

	m := &regionMatcher{phrases: map[string][]string{}}
	put := func(key string, codes set) {
		list := m.phrases[key]
		for c := range codes {
			if !slices.Contains(list, c) {
				list = append(list, c)
			}
		}
		slices.Sort(list)
		m.phrases[key] = list
		m.maxLen = max(m.maxLen, strings.Count(key, " ")+1)
	}
	for _, group := range []struct {
		names    map[string]set
		prefixes []string
	}{{provs, provinsiPrefixes()}, {kabs, kabupatenPrefixes()}, {kotas, kotaPrefixes()}} {
		for k, codes := range group.names {
			for _, p := range group.prefixes {
				put(p+" "+k, codes)
			}
		}
	}
	for _, names := range []map[string]set{provs, kabs, kotas} {
		for k, codes := range names {
			key := compactKey(k)
			for c := range codes {
				m.names = append(m.names, regionName{key: key, code: c})
			}
		}
	}
	slices.SortFunc(m.names, func(a, b regionName) int {
		return strings.Compare(a.key+"\x00"+a.code, b.key+"\x00"+b.code)
	})
	m.names = slices.Compact(m.names)
	blocked := blockedBareNames()
	for k, codes := range provs {
		put(k, codes)
	}
	for _, names := range []map[string]set{kabs, kotas} {
		for k, codes := range names {
			if provs[k] == nil && blocked[k] == "" {
				put(k, codes)
			}
		}
	}
	for _, p := range notRegionPhrases() {
		if _, ok := m.phrases[p]; ok {
			return nil, fmt.Errorf("regions: %q is both a region and a non-region phrase", p)
		}
		m.phrases[p] = nil
	}
	return m, nil
}
