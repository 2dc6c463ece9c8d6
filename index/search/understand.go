package search

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"jippnas/content/refdata"
	"jippnas/index/facet"
)

// AppliedFilter is a filter that query understanding read from the words
// of the query. A client shows it and lets the user remove it (by sending
// the same facet name in `no_understand`).
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
var genericWords = map[string]bool{"inovasi": true, "inovasi-inovasi": true, "program": false, "di": true, "tahun": true, "provinsi": true}

// understand reads regions, sectors and years from the query words and
// turns them into filters. It returns the remaining text and the filters it
// applied; facets the request already filters, or asks not to understand,
// are left alone.
func understand(regions *refdata.Regions, r *Request) (string, []AppliedFilter) {
	q := r.Query
	if q == "" || strings.ContainsAny(q, `"“”`) || strings.Contains(q, " OR ") {
		return q, nil
	}
	allowed := func(name string) bool {
		return len(r.Filters[name]) == 0 && !slices.Contains(r.SkipUnderstand, name)
	}
	words := strings.Fields(q)
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(strings.Trim(w, ".,;:!?()"))
	}
	used := make([]bool, len(words))
	var applied []AppliedFilter
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
			for i := m.Start; i < m.End; i++ {
				used[i] = true
			}
			applied = append(applied, AppliedFilter{Facet: name, Values: m.Codes, Label: m.Label,
				Words: strings.Join(words[m.Start:m.End], " ")})
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
				for k := i; k < i+n; k++ {
					used[k] = true
				}
				s, _ := refdata.SectorBySlug(slug)
				applied = append(applied, AppliedFilter{Facet: facet.Sector, Values: []string{slug}, Label: s.Name,
					Words: strings.Join(words[i:i+n], " ")})
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
				used[i] = true
				applied = append(applied, AppliedFilter{Facet: facet.Year, Values: []string{w}, Label: w, Words: words[i]})
			}
		}
	}
	if len(applied) == 0 {
		return q, nil
	}
	var rest []string
	for i, w := range words {
		if !used[i] && !genericWords[lower[i]] {
			rest = append(rest, w)
		}
	}
	if len(applied) == 1 && applied[0].Facet == facet.Sector {
		// A sector word alone ("kesehatan", "pelayanan kesehatan") is the
		// subject of a text search: guides, news and records of other sectors
		// on the subject count too. It becomes a filter only beside a region
		// or a year ("inovasi kesehatan jatim 2022").
		return q, nil
	}
	return strings.Join(rest, " "), applied
}
