// Package content is the document model of jippnas and its rules: the fields
// of an innovation, guide or news item, their validation, ids, public paths
// and the errors every layer shares. Its sub-packages hold the reference data
// (refdata), the durable store (store), import readers (importer), Markdown
// rendering (markdown), the guide and news pages (pages), the demo data
// (demo) and the hub (hub).
package content

import (
	"jippnas/content/refdata"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Document types.
const (
	TypeInnovation = "innovation"
	TypeGuide      = "guide"
	TypeNews       = "news"
)

// Innovation sources: the feeder programmes plus direct submissions.
const (
	SourcePANRB      = "panrb"      // KIPP competition, Kementerian PANRB
	SourceKemendagri = "kemendagri" // regional innovation index and IGA award
	SourceLAN        = "lan"        // Lembaga Administrasi Negara
	SourceJIPPNAS    = "jippnas"    // submitted directly on the hub
)

// Enumerations, with their Indonesian labels for facets and pages.
var (
	Types = []Label{{TypeInnovation, "Inovasi"}, {TypeGuide, "Panduan"}, {TypeNews, "Berita"}}

	Sources = []Label{
		{SourcePANRB, "Kementerian PANRB (KIPP)"},
		{SourceKemendagri, "Kemendagri (Indeks Inovasi Daerah)"},
		{SourceLAN, "LAN (Laboratorium Inovasi)"},
		{SourceJIPPNAS, "JIPPNAS"},
	}
	Stages = []Label{{"inisiatif", "Inisiatif"}, {"uji-coba", "Uji coba"}, {"penerapan", "Penerapan"}}

	Statuses = []Label{{"berlanjut", "Berlanjut"}, {"berhenti", "Berhenti"}}

	ValidationStatuses = []Label{{"tervalidasi", "Tervalidasi"}, {"belum", "Belum divalidasi"}}
)

// Label pairs a stable value with its Indonesian display text.
type Label struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// LabelOf returns the display text of value in labels, or value itself.
func LabelOf(labels []Label, value string) string {
	for _, l := range labels {
		if l.Value == value {
			return l.Label
		}
	}
	return value
}

func hasLabel(labels []Label, value string) bool {
	return slices.ContainsFunc(labels, func(l Label) bool { return l.Value == value })
}

// Document is the public contract shared by import, export, the store and the
// API. Revision and UpdatedAt are set by the store, never by clients.
type Document struct {
	ID               string   `json:"id"`
	Type             string   `json:"type"`
	Title            string   `json:"title"`
	Summary          string   `json:"summary,omitempty"`
	Body             string   `json:"body,omitempty"`
	Institution      string   `json:"institution,omitempty"`
	InstitutionCode  string   `json:"institution_code,omitempty"`
	RegionCode       string   `json:"region_code,omitempty"`
	Sector           string   `json:"sector,omitempty"`
	Year             int      `json:"year,omitempty"`
	Published        string   `json:"published,omitempty"`
	Source           string   `json:"source,omitempty"`
	Stage            string   `json:"stage,omitempty"`
	Awards           []string `json:"awards,omitempty"`
	Tags             []string `json:"tags,omitempty"`
	Status           string   `json:"status,omitempty"`
	URL              string   `json:"url,omitempty"`
	ValidationStatus string   `json:"validation_status,omitempty"`
	Digital          bool     `json:"digital,omitempty"`
	Contact          string   `json:"contact,omitempty"`

	// Page fields (guides and news).
	Slug    string   `json:"slug,omitempty"`
	Authors []string `json:"authors,omitempty"`
	Related []string `json:"related,omitempty"`
	Updated string   `json:"updated,omitempty"`

	// Provenance says where an innovation's content came from (see
	// Provenance); the program sets it.
	Provenance []Provenance `json:"provenance,omitempty"`

	Revision  uint64 `json:"revision,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
}

// Field limits: generous for real records, small enough that one bad record
// cannot exhaust memory.
const (
	MaxTitleLen   = 300
	MaxSummaryLen = 2000
	MaxBodyLen    = 200_000
	MaxListLen    = 50
	MaxItemLen    = 200
)

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9._:-]{0,127}$`)
	slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)
	// An institution code is a Kemendagri region code (a local
	// government) or the lowercase code of a ministry or agency.
	institutionCodePattern = regexp.MustCompile(`^([0-9]{2}(\.[0-9]{2})?|[a-z][a-z0-9-]{1,31})$`)
)

// ValidInstitutionCode reports whether code has the form of an institution
// code ("35", "35.78", "kemenkes"); whether it names one is the hub's
// business.
func ValidInstitutionCode(code string) bool { return institutionCodePattern.MatchString(code) }

// ValidID reports whether id is a well-formed document id.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// ValidSlug reports whether s is a well-formed page slug (the file name of
// a guide or news page, and the last part of its URL).
func ValidSlug(s string) bool { return slugPattern.MatchString(s) }

// Normalize trims whitespace in place so that stored values are canonical.
func (d *Document) Normalize() {
	for _, p := range []*string{&d.ID, &d.Type, &d.Title, &d.Summary, &d.Institution, &d.InstitutionCode, &d.RegionCode,
		&d.Sector, &d.Published, &d.Source, &d.Stage, &d.Status, &d.URL, &d.ValidationStatus, &d.Slug, &d.Updated, &d.Contact} {
		*p = strings.TrimSpace(*p)
	}
	d.Body = strings.TrimSpace(d.Body)
	d.Awards = cleanList(d.Awards, false)
	d.Tags = cleanList(d.Tags, true)
	d.Authors = cleanList(d.Authors, false)
	d.Related = cleanList(d.Related, false)
	if len(d.Provenance) == 0 {
		d.Provenance = nil
	}
}

func cleanList(in []string, lower bool) []string {
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)
		if lower {
			s = strings.ToLower(s)
		}
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Validate checks every field and returns all problems at once as a
// *ValidationError (which matches ErrInvalid), or nil.
func (d *Document) Validate(regions *refdata.Regions) error {
	e := &ValidationError{ID: d.ID}
	switch {
	case d.ID == "":
		e.add("id", "required")
	case !ValidID(d.ID):
		e.add("id", "must match [a-z0-9][a-z0-9._:-]{0,127} (lowercase letters, digits, '.', '_', ':', '-')")
	}
	switch d.Type {
	case TypeInnovation, TypeGuide, TypeNews:
	case "":
		e.add("type", "required (innovation, guide or news)")
	default:
		e.add("type", "unknown type %q (want innovation, guide or news)", d.Type)
	}
	checkText(e, "title", d.Title, MaxTitleLen, true)
	checkText(e, "summary", d.Summary, MaxSummaryLen, false)
	checkText(e, "body", d.Body, MaxBodyLen, false)
	checkText(e, "institution", d.Institution, MaxItemLen, d.Type == TypeInnovation)
	if d.InstitutionCode != "" && !ValidInstitutionCode(d.InstitutionCode) {
		e.add("institution_code", "%q is not an institution code (a Kemendagri region code such as 35.78, or a ministry or agency code such as kemenkes)", d.InstitutionCode)
	}
	checkText(e, "contact", d.Contact, MaxItemLen, false)
	if d.RegionCode != "" && (regions == nil || !regions.Valid(d.RegionCode)) {
		e.add("region_code", "unknown Kemendagri region code %q", d.RegionCode)
	}
	if d.Sector != "" {
		if _, ok := refdata.SectorBySlug(d.Sector); !ok {
			e.add("sector", "unknown sector %q (see /api/v1/sectors)", d.Sector)
		}
	}
	if d.Year != 0 && (d.Year < 1945 || d.Year > time.Now().Year()+1) {
		e.add("year", "%d is out of range (1945-%d)", d.Year, time.Now().Year()+1)
	}
	checkDate(e, "published", d.Published)
	checkDate(e, "updated", d.Updated)
	if d.Source != "" && !hasLabel(Sources, d.Source) {
		e.add("source", "unknown source %q (want panrb, kemendagri, lan or jippnas)", d.Source)
	}
	if d.Stage != "" && !hasLabel(Stages, d.Stage) {
		e.add("stage", "unknown stage %q (want inisiatif, uji-coba or penerapan)", d.Stage)
	}
	if d.Status != "" && !hasLabel(Statuses, d.Status) {
		e.add("status", "unknown status %q (want berlanjut or berhenti)", d.Status)
	}
	if d.ValidationStatus != "" && !hasLabel(ValidationStatuses, d.ValidationStatus) {
		e.add("validation_status", "unknown validation status %q (want tervalidasi or belum)", d.ValidationStatus)
	}
	if d.URL != "" && !strings.HasPrefix(d.URL, "https://") && !strings.HasPrefix(d.URL, "http://") {
		e.add("url", "must start with http:// or https://")
	}
	if d.Slug != "" && !ValidSlug(d.Slug) {
		e.add("slug", "must match [a-z0-9][a-z0-9-]{0,99}")
	}
	for name, list := range map[string][]string{"awards": d.Awards, "tags": d.Tags, "authors": d.Authors, "related": d.Related} {
		if len(list) > MaxListLen {
			e.add(name, "at most %d items", MaxListLen)
		}
		for _, s := range list {
			if len(s) > MaxItemLen {
				e.add(name, "item longer than %d bytes", MaxItemLen)
				break
			}
			if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
				e.add(name, "item is not valid UTF-8 text or contains a NUL character")
				break
			}
		}
	}
	checkProvenance(e, d.Provenance)
	if len(e.Fields) == 0 {
		return nil
	}
	slices.SortStableFunc(e.Fields, func(a, b FieldError) int { return strings.Compare(fieldOrder(a.Field), fieldOrder(b.Field)) })
	return e
}

// fieldOrder keeps error lists in contract order, so output is stable.
func fieldOrder(f string) string {
	order := []string{"id", "type", "title", "summary", "body", "institution", "institution_code", "region_code", "sector", "year",
		"published", "updated", "source", "stage", "awards", "tags", "status", "url", "validation_status", "contact", "slug", "authors", "related", "provenance"}
	if i := slices.Index(order, f); i >= 0 {
		return string(rune('A' + i))
	}
	return "~" + f
}

func checkText(e *ValidationError, field, v string, max int, required bool) {
	switch {
	case v == "" && required:
		e.add(field, "required")
	case len(v) > max:
		e.add(field, "longer than %d bytes", max)
	case !utf8.ValidString(v):
		e.add(field, "not valid UTF-8")
	case strings.IndexByte(v, 0) >= 0:
		e.add(field, "contains a NUL character")
	}
}

func checkDate(e *ValidationError, field, v string) {
	if v == "" {
		return
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		e.add(field, "%q is not a date in YYYY-MM-DD form", v)
	}
}

// ProvinceCode returns the province part of the region code ("35" for "35.78").
func (d *Document) ProvinceCode() string {
	code, _, _ := strings.Cut(d.RegionCode, ".")
	return code
}
