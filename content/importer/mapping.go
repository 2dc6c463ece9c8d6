package importer

import (
	"fmt"
	"jippnas/content"
	"jippnas/content/refdata"
	"slices"
	"strings"
)

// Mapping says how the rows of one programme's export become documents:
// which column gives which field, how values are translated, how the region
// is found and which columns make up the body. It is read from a YAML file
// (see docs/import-mapping.md and LoadMapping); the zero value is not
// usable.
type Mapping struct {
	Name      string // short name: "lan"
	Programme string // the programme the rows come from, for provenance: "LAN — Direktori Inovasi"
	Source    string // content.Source* value given to every document
	Type      string // document type (default innovation)
	Sheet     string // XLSX sheet name ("" = the first sheet)
	HeaderRow int    // 1-based row of the header; 0 = find it in the first rows

	ID       idRule
	Fields   []fieldRule // in contract order
	Region   regionRule
	Body     []bodySection
	Columns  []ColumnDoc // documentation of the expected columns (template, docs)
	values   map[string]map[string]string
	file     string // where the mapping was read from, for messages
	required []string
}

// ColumnDoc documents one column of a mapping's input, for the import
// template and the documentation.
type ColumnDoc struct {
	Name     string // header as written in the file
	Note     string // what to write, in Bahasa Indonesia
	Example  string
	List     string // drop-down list in the template: sectors, provinces, regencies, stages, statuses, yesno
	Required bool
}

// idRule builds the document id: Prefix + the source's own id (Column) or,
// for lists without ids, Prefix + a hash of the Hash columns' values.
type idRule struct {
	Column string
	Prefix string
	Hash   []string
}

// Field parsers.
const (
	kindText = "text"
	kindYear = "year"
	kindDate = "date"
	kindBool = "bool"
	kindList = "list"
	kindURL  = "url"
)

// Behaviour for a value that no value map knows.
const (
	unknownReport = "report" // leave the field empty and list the value in the report
	unknownError  = "error"  // the row is invalid
	unknownKeep   = "keep"   // keep the value as written
)

type fieldRule struct {
	Field     string   // document field (JSON name)
	Columns   []string // tried in order: the first non-empty value is used
	Value     string   // a constant, when Columns is empty
	Parse     string
	HTML      bool
	Maps      []string // value maps tried in order
	Unknown   string
	Split     string
	MaxLength int
	Optional  bool // the columns may be missing from the file
}

type regionRule struct {
	Code        []string // columns with Kemendagri codes
	Regency     []string // regency/city name columns
	Province    []string // province name columns
	Text        []string // free-text columns that may name a region (institution)
	BPSRegency  []string // BPS regency/city code columns
	BPSProvince []string // BPS province code columns
	Required    bool     // an unresolved region makes the row invalid
	Optional    bool     // the columns may be missing from the file
}

func (r regionRule) columns() []string {
	return slices.Concat(r.Code, r.Regency, r.Province, r.Text, r.BPSRegency, r.BPSProvince)
}

type bodySection struct {
	Heading  string
	Columns  []string
	HTML     bool
	Optional bool
}

// documentFields are the fields a mapping may fill, with their default
// parser; the order is the contract's.
var documentFields = []struct{ name, parse string }{
	{"type", kindText}, {"title", kindText}, {"summary", kindText}, {"body", kindText},
	{"institution", kindText}, {"region_code", kindText}, {"sector", kindText}, {"year", kindYear},
	{"published", kindDate}, {"stage", kindText}, {"awards", kindList}, {"tags", kindList},
	{"status", kindText}, {"url", kindURL}, {"validation_status", kindText}, {"digital", kindBool},
	{"updated", kindDate}, {"authors", kindList},
}

// builtinMaps are the value maps every mapping may name; a field with an
// enumerated value uses its own after any the mapping names.
const (
	mapSectors    = "sectors"
	mapStages     = "stages"
	mapStatuses   = "statuses"
	mapValidation = "validation"
)

var fieldDefaultMap = map[string]string{
	"sector": mapSectors, "stage": mapStages, "status": mapStatuses, "validation_status": mapValidation,
}

// builtinValueMaps builds the built-in maps (keys in normValue form).
func builtinValueMaps() map[string]map[string]string {
	sectors := map[string]string{}
	for _, s := range refdata.Sectors() {
		for _, k := range []string{s.Slug, s.Name, s.Code, "urusan " + s.Name, "bidang " + s.Name, "urusan pemerintahan " + s.Name} {
			sectors[normValue(k)] = s.Slug
		}
	}
	// Customary short and older names of government affairs.
	for k, v := range map[string]string{
		"pu": "pekerjaan-umum", "pupr": "pekerjaan-umum", "pekerjaan umum": "pekerjaan-umum", "penataan ruang": "pekerjaan-umum",
		"perumahan": "perumahan", "kawasan permukiman": "perumahan", "trantibum": "ketertiban-umum", "ketertiban umum": "ketertiban-umum",
		"satpol pp": "ketertiban-umum", "linmas": "ketertiban-umum", "perlindungan masyarakat": "ketertiban-umum",
		"tenaga kerja": "tenaga-kerja", "ketenagakerjaan": "tenaga-kerja", "pemberdayaan perempuan": "pemberdayaan-perempuan-anak",
		"perlindungan anak": "pemberdayaan-perempuan-anak", "lingkungan": "lingkungan-hidup", "adminduk": "kependudukan",
		"dukcapil": "kependudukan", "kependudukan": "kependudukan", "catatan sipil": "kependudukan", "pencatatan sipil": "kependudukan",
		"pemberdayaan masyarakat": "pemberdayaan-desa", "desa": "pemberdayaan-desa", "kb": "keluarga-berencana",
		"keluarga berencana": "keluarga-berencana", "transportasi": "perhubungan", "kominfo": "kominfo", "komunikasi": "kominfo",
		"informatika": "kominfo", "teknologi informasi": "kominfo", "koperasi": "koperasi-umkm", "umkm": "koperasi-umkm",
		"ukm": "koperasi-umkm", "investasi": "penanaman-modal", "perizinan": "penanaman-modal", "pemuda": "kepemudaan-olahraga",
		"olahraga": "kepemudaan-olahraga", "kepemudaan": "kepemudaan-olahraga", "budaya": "kebudayaan", "arsip": "kearsipan",
		"kelautan": "kelautan-perikanan", "perikanan": "kelautan-perikanan", "wisata": "pariwisata", "hutan": "kehutanan",
		"energi": "energi-sdm", "esdm": "energi-sdm", "industri": "perindustrian", "setda": "sekretariat-daerah",
		"dprd": "sekretariat-dprd", "bappeda": "perencanaan", "perencanaan": "perencanaan", "keuangan daerah": "keuangan",
		"pengelolaan keuangan": "keuangan", "pendapatan daerah": "keuangan", "bkd": "kepegawaian", "bkpsdm": "kepegawaian",
		"sdm aparatur": "kepegawaian", "aparatur": "kepegawaian", "diklat": "pendidikan-pelatihan", "litbang": "penelitian-pengembangan",
		"penelitian": "penelitian-pengembangan", "riset": "penelitian-pengembangan", "inspektorat": "pengawasan", "pengawasan": "pengawasan",
		"kesbangpol": "kesbangpol", "kesatuan bangsa": "kesbangpol",
	} {
		sectors[normValue(k)] = v
	}
	stages := labelMap(content.Stages, map[string]string{
		"inisiasi": "inisiatif", "ide": "inisiatif", "gagasan": "inisiatif", "perencanaan inovasi": "inisiatif",
		"ujicoba": "uji-coba", "uji coba": "uji-coba", "piloting": "uji-coba", "pilot": "uji-coba", "percontohan": "uji-coba",
		"implementasi": "penerapan", "diterapkan": "penerapan", "sudah diterapkan": "penerapan",
	})
	statuses := labelMap(content.Statuses, map[string]string{
		"aktif": "berlanjut", "berjalan": "berlanjut", "masih berjalan": "berlanjut", "dilanjutkan": "berlanjut",
		"berkelanjutan": "berlanjut", "tidak aktif": "berhenti", "tidak berjalan": "berhenti", "dihentikan": "berhenti", "selesai": "berhenti",
	})
	validation := labelMap(content.ValidationStatuses, map[string]string{
		"sudah divalidasi": "tervalidasi", "valid": "tervalidasi", "terverifikasi": "tervalidasi", "belum divalidasi": "belum",
	})
	return map[string]map[string]string{mapSectors: sectors, mapStages: stages, mapStatuses: statuses, mapValidation: validation}
}

// labelMap maps an enumeration's values and labels, and the synonyms given,
// to its values (keys in normValue form).
func labelMap(labels []content.Label, synonyms map[string]string) map[string]string {
	m := map[string]string{}
	for _, l := range labels {
		m[normValue(l.Value)], m[normValue(l.Label)] = l.Value, l.Value
	}
	for k, v := range synonyms {
		m[normValue(k)] = v
	}
	return m
}

// RequiredColumns lists the columns the file must have (those the mapping
// names and does not mark optional), in mapping order.
func (m *Mapping) RequiredColumns() []string { return slices.Clone(m.required) }

// lookup translates v through the named maps; ok is false when no map has it.
func (m *Mapping) lookup(maps []string, v string) (string, bool) {
	k := normValue(v)
	for _, name := range maps {
		if out, ok := m.values[name][k]; ok {
			return out, true
		}
	}
	return "", false
}

// finish computes what the compiled mapping derives from its rules.
func (m *Mapping) finish() {
	var req []string
	add := func(cols []string, optional bool) {
		if optional {
			return
		}
		for _, c := range cols {
			if !slices.ContainsFunc(req, func(r string) bool { return normValue(r) == normValue(c) }) {
				req = append(req, c)
			}
		}
	}
	if m.ID.Column != "" {
		add([]string{m.ID.Column}, false)
	}
	add(m.ID.Hash, false)
	for _, f := range m.Fields {
		add(f.Columns, f.Optional)
	}
	add(m.Region.columns(), m.Region.Optional)
	for _, b := range m.Body {
		add(b.Columns, b.Optional)
	}
	m.required = req
}

// describeColumn says which rules use a column, for "missing column" errors.
func (m *Mapping) describeColumn(col string) string {
	var uses []string
	has := func(cols []string) bool {
		return slices.ContainsFunc(cols, func(c string) bool { return normValue(c) == normValue(col) })
	}
	if normValue(m.ID.Column) == normValue(col) || has(m.ID.Hash) {
		uses = append(uses, "id")
	}
	for _, f := range m.Fields {
		if has(f.Columns) {
			uses = append(uses, f.Field)
		}
	}
	if has(m.Region.columns()) {
		uses = append(uses, "region")
	}
	for _, b := range m.Body {
		if has(b.Columns) {
			uses = append(uses, fmt.Sprintf("body section %q", b.Heading))
		}
	}
	return strings.Join(uses, ", ")
}
