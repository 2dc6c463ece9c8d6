package search

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"jippnas/content/refdata"
	"jippnas/index/facet"
)

// AppliedFilter is a region, sector or year that query understanding read
// from the words of the query, applied as a filter (Result.Applied) or as
// a boost (Result.Boosts: documents with it rank higher, none is left
// out). A client shows it and lets the user undo it (by sending the same
// facet name in `no_understand`).
type AppliedFilter struct {
	Facet  string   `json:"facet"`
	Values []string `json:"values"`
	Label  string   `json:"label"`
	Words  string   `json:"words"`
}

// sectorWords are query phrases that name a sector unambiguously. Only
// names a user types as the subject of a search are listed; a word that is
// also ordinary vocabulary ("sosial", "pangan") is left to full-text search.
var sectorWords = map[string]string{
	"kesehatan":                   "kesehatan",
	"pendidikan":                  "pendidikan",
	"pariwisata":                  "pariwisata",
	"pertanian":                   "pertanian",
	"perhubungan":                 "perhubungan",
	"kependudukan":                "kependudukan",
	"adminduk":                    "kependudukan",
	"administrasi kependudukan":   "kependudukan",
	"dukcapil":                    "kependudukan",
	"kelautan":                    "kelautan-perikanan",
	"perikanan":                   "kelautan-perikanan",
	"kelautan dan perikanan":      "kelautan-perikanan",
	"lingkungan hidup":            "lingkungan-hidup",
	"ketenagakerjaan":             "tenaga-kerja",
	"kehutanan":                   "kehutanan",
	"perpustakaan":                "perpustakaan",
	"kearsipan":                   "kearsipan",
	"kepegawaian":                 "kepegawaian",
	"perdagangan":                 "perdagangan",
	"perindustrian":               "perindustrian",
	"transmigrasi":                "transmigrasi",
	"kebudayaan":                  "kebudayaan",
	"statistik":                   "statistik",
	"persandian":                  "persandian",
	"penanaman modal":             "penanaman-modal",
	"perizinan":                   "penanaman-modal",
	"umkm":                        "koperasi-umkm",
	"koperasi":                    "koperasi-umkm",
	"kominfo":                     "kominfo",
	"pekerjaan umum":              "pekerjaan-umum",
	"keluarga berencana":          "keluarga-berencana",
	"pemberdayaan desa":           "pemberdayaan-desa",
	"pemberdayaan masyarakat":     "pemberdayaan-desa",
	"pemberdayaan perempuan":      "pemberdayaan-perempuan-anak",
	"perlindungan anak":           "pemberdayaan-perempuan-anak",
	"kepemudaan":                  "kepemudaan-olahraga",
	"olahraga":                    "kepemudaan-olahraga",
	"energi":                      "energi-sdm",
	"pertanahan":                  "pertanahan",
	"perumahan":                   "perumahan",
	"ketertiban umum":             "ketertiban-umum",
	"komunikasi dan informatika":  "kominfo",
	"pengendalian penduduk":       "keluarga-berencana",
	"perencanaan pembangunan":     "perencanaan",
	"kesatuan bangsa dan politik": "kesbangpol",
}

// genericWords say "innovation" without narrowing anything; once a query
// has been understood they are dropped, so that "inovasi kesehatan jatim"
// does not require the literal word "inovasi".
var genericWords = map[string]bool{"inovasi": true, "inovasi-inovasi": true, "di": true, "tahun": true, "provinsi": true}

// understanding is what query understanding read from the words of a
// query: regions, sectors and years, in the order they are given up when
// they would empty the result (a year first, then a sector, then a
// region: the last one kept is the most specific).
type understanding struct {
	words []string // the query's words
	lower []string // lowercased, trimmed of punctuation
	items []understood
}

type understood struct {
	AppliedFilter
	at []int // the word indices it was read from
}

// understand reads regions, sectors and years from the query words.
// Facets the request already filters, or asks not to understand, are left
// alone; so are queries with phrases or OR.
func understand(regions *refdata.Regions, r *Request) *understanding {
	q := r.Query
	u := &understanding{}
	if q == "" || strings.ContainsAny(q, `"“”`) || strings.Contains(q, " OR ") {
		return u
	}
	allowed := func(name string) bool {
		return len(r.Filters[name]) == 0 && !slices.Contains(r.SkipUnderstand, name)
	}
	words := strings.Fields(q)
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(strings.Trim(w, ".,;:!?()"))
	}
	u.words, u.lower = words, lower
	used := make([]bool, len(words))
	span := func(from, to int) []int {
		var at []int
		for i := from; i < to; i++ {
			used[i] = true
			at = append(at, i)
		}
		return at
	}
	// Regions: the longest names first (the matcher scans that way).
	if allowed(facet.Province) && allowed(facet.Region) {
		for _, m := range regions.Match(lower) {
			if m.Start > 0 && strings.HasPrefix(words[m.Start-1], "-") {
				continue
			}
			name := facet.Region
			if r0, ok := regions.Lookup(m.Codes[0]); ok && r0.Level == "province" {
				name = facet.Province
			}
			u.items = append(u.items, understood{AppliedFilter{Facet: name, Values: m.Codes, Label: m.Label,
				Words: strings.Join(words[m.Start:m.End], " ")}, span(m.Start, m.End)})
		}
	}
	// Sectors: two- and three-word names before single words.
	if allowed(facet.Sector) {
	scan:
		for n := 4; n >= 1; n-- {
			for i := 0; i+n <= len(lower); i++ {
				if slices.Contains(used[i:i+n], true) {
					continue
				}
				slug, ok := sectorWords[strings.Join(lower[i:i+n], " ")]
				if !ok {
					continue
				}
				s, _ := refdata.SectorBySlug(slug)
				u.items = append(u.items, understood{AppliedFilter{Facet: facet.Sector, Values: []string{slug}, Label: s.Name,
					Words: strings.Join(words[i:i+n], " ")}, span(i, i+n)})
				break scan // one sector per query: two would rarely both hold
			}
		}
	}
	// Years.
	if allowed(facet.Year) && r.YearFrom == 0 && r.YearTo == 0 {
		maxYear := time.Now().Year() + 1
		for i, w := range lower {
			if used[i] || len(w) != 4 {
				continue
			}
			if y, err := strconv.Atoi(w); err == nil && y >= 2000 && y <= maxYear {
				u.items = append(u.items, understood{AppliedFilter{Facet: facet.Year, Values: []string{w}, Label: w, Words: words[i]},
					span(i, i+1)})
			}
		}
	}
	return u
}

// filtersMeant is how many of the items (from the first) are meant as
// filters in a keyword query: all of them, except that a sector alone
// ("kesehatan", "pelayanan kesehatan") is the subject of a text search —
// guides, news and records of other sectors on the subject count too — and
// becomes a filter only beside a region or a year.
func (u *understanding) filtersMeant() int {
	for _, it := range u.items {
		if it.Facet != facet.Sector {
			return len(u.items)
		}
	}
	return 0
}

// split returns the first n items as filters and the others as boosts,
// and the words left to search: those not read as a filter, without the
// generic words once any filter applies.
func (u *understanding) split(n int) (filters, boosts []AppliedFilter, rest string) {
	used := make([]bool, len(u.words))
	for k, it := range u.items {
		if k < n {
			filters = append(filters, it.AppliedFilter)
			for _, i := range it.at {
				used[i] = true
			}
		} else {
			boosts = append(boosts, it.AppliedFilter)
		}
	}
	if n == 0 {
		return nil, boosts, strings.Join(u.words, " ")
	}
	var words []string
	for i, w := range u.words {
		if !used[i] && !genericWords[u.lower[i]] {
			words = append(words, w)
		}
	}
	return filters, boosts, strings.Join(words, " ")
}
