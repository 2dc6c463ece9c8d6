package hub

import (
	"strings"
	"unicode"
)

// unitAbbreviations are the abbreviations of unit names in common use, with
// their full form. Written for this project from the nomenclature of
// regional government bodies (perangkat daerah, PP 18/2016) and of ministry
// units; they are facts of public administration.
var unitAbbreviations = map[string]string{
	"disdukcapil":    "Dinas Kependudukan dan Pencatatan Sipil",
	"dispendukcapil": "Dinas Kependudukan dan Pencatatan Sipil",
	"dukcapil":       "Kependudukan dan Pencatatan Sipil",
	"dinkes":         "Dinas Kesehatan",
	"disdik":         "Dinas Pendidikan",
	"dispendik":      "Dinas Pendidikan",
	"disdikbud":      "Dinas Pendidikan dan Kebudayaan",
	"dishub":         "Dinas Perhubungan",
	"dinsos":         "Dinas Sosial",
	"dlh":            "Dinas Lingkungan Hidup",
	"dpmptsp":        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
	"ptsp":           "Pelayanan Terpadu Satu Pintu",
	"diskominfo":     "Dinas Komunikasi dan Informatika",
	"dinkominfo":     "Dinas Komunikasi dan Informatika",
	"kominfo":        "Komunikasi dan Informatika",
	"disnaker":       "Dinas Tenaga Kerja",
	"dpupr":          "Dinas Pekerjaan Umum dan Penataan Ruang",
	"pupr":           "Pekerjaan Umum dan Penataan Ruang",
	"distan":         "Dinas Pertanian",
	"dkp":            "Dinas Kelautan dan Perikanan",
	"dispar":         "Dinas Pariwisata",
	"disparbud":      "Dinas Pariwisata dan Kebudayaan",
	"disbudpar":      "Dinas Kebudayaan dan Pariwisata",
	"disperindag":    "Dinas Perindustrian dan Perdagangan",
	"dispusip":       "Dinas Perpustakaan dan Kearsipan",
	"dinkop":         "Dinas Koperasi",
	"diskop":         "Dinas Koperasi",
	"ukm":            "Usaha Kecil dan Menengah",
	"umkm":           "Usaha Mikro, Kecil, dan Menengah",
	"dp3a":           "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
	"dkp3a":          "Dinas Kependudukan, Pemberdayaan Perempuan dan Perlindungan Anak",
	"dpmd":           "Dinas Pemberdayaan Masyarakat dan Desa",
	"bappeda":        "Badan Perencanaan Pembangunan Daerah",
	"bapenda":        "Badan Pendapatan Daerah",
	"bkd":            "Badan Kepegawaian Daerah",
	"bkpsdm":         "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
	"bpbd":           "Badan Penanggulangan Bencana Daerah",
	"satpol":         "Satuan Polisi",
	"rsud":           "Rumah Sakit Umum Daerah",
	"setda":          "Sekretariat Daerah",
	"ditjen":         "Direktorat Jenderal",
	"dirjen":         "Direktorat Jenderal",
	"djp":            "Direktorat Jenderal Pajak",
	"djbc":           "Direktorat Jenderal Bea dan Cukai",
	"kanwil":         "Kantor Wilayah",
}

// unitJoiners are left out of a unit's key: "Dinas Koperasi dan UKM" and
// "Dinas Koperasi, Usaha Kecil dan Menengah" are one unit.
var unitJoiners = map[string]bool{"dan": true, "serta": true}

// CanonicalUnit is the full form of a unit name: abbreviations written out
// ("Disdukcapil" → "Dinas Kependudukan dan Pencatatan Sipil", "Dinas PUPR"
// → "Dinas Pekerjaan Umum dan Penataan Ruang"), spaces collapsed,
// punctuation around it dropped.
func CanonicalUnit(name string) string {
	fields := strings.Fields(name)
	for i, f := range fields {
		core := strings.TrimFunc(f, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
		if full, ok := unitAbbreviations[strings.ToLower(core)]; ok && core != "" {
			fields[i] = strings.Replace(f, core, full, 1)
		}
	}
	return strings.TrimFunc(strings.Join(fields, " "), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != ')'
	})
}

// UnitKey identifies a unit within its institution whatever the spelling:
// the lowercase words of its full form without joining words.
func UnitKey(name string) string {
	var out []string
	for _, w := range normWords(CanonicalUnit(name)) {
		if !unitJoiners[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, "-")
}
