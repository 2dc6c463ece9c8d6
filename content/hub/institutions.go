package hub

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"jippnas/content"
	"jippnas/content/refdata"
)

// Kind is the kind of an institution.
type Kind string

// Institution kinds.
const (
	KindProvince Kind = "provinsi"
	KindRegency  Kind = "kabupaten"
	KindCity     Kind = "kota"
	KindMinistry Kind = "kementerian"
	KindAgency   Kind = "lembaga"
)

// KindLabel is the Indonesian label of a kind.
func KindLabel(k Kind) string {
	switch k {
	case KindProvince:
		return "Pemerintah provinsi"
	case KindRegency:
		return "Pemerintah kabupaten"
	case KindCity:
		return "Pemerintah kota"
	case KindMinistry:
		return "Kementerian"
	case KindAgency:
		return "Lembaga"
	}
	return string(k)
}

// Institution is a body whose units report innovations: a local government
// (its code is its Kemendagri region code) or a ministry or national agency
// (a lowercase code).
type Institution struct {
	Code         string   `json:"code"`
	Name         string   `json:"name"`       // "Pemerintah Kota Surabaya", "Kementerian Kesehatan"
	ShortName    string   `json:"short_name"` // "Kota Surabaya", "Kemenkes"
	Abbreviation string   `json:"abbreviation,omitempty"`
	Kind         Kind     `json:"kind"`
	RegionCode   string   `json:"region_code,omitempty"`   // local governments
	ProvinceCode string   `json:"province_code,omitempty"` // local governments
	FormerNames  []string `json:"former_names,omitempty"`
}

// Local reports whether the institution is a local government.
func (in Institution) Local() bool { return in.RegionCode != "" }

// Registry is the immutable table of institutions: every province and
// regency/city of the region table and the ministries and agencies of
// institutions_kl.go. It resolves the free-text institution names found in
// records onto codes (Resolve).
type Registry struct {
	regions *refdata.Regions
	list    []Institution
	byCode  map[string]int
	// phrases maps a normalised phrase to the ministry or agency it names.
	phrases   map[string]klPhrase
	maxPhrase int
	// exact maps a whole normalised name to a ministry or agency.
	exact map[string]string
}

type klPhrase struct {
	code string
	body bool // the body's own name (a parent), not one of its offices
}

// NewRegistry builds the registry over a region table.
func NewRegistry(regions *refdata.Regions) (*Registry, error) {
	r := &Registry{regions: regions, byCode: map[string]int{}, phrases: map[string]klPhrase{}, exact: map[string]string{}}
	for _, p := range regions.Provinces() {
		r.add(Institution{Code: p.Code, Name: provinceGovernment(p), ShortName: "Provinsi " + p.ShortName(),
			Kind: KindProvince, RegionCode: p.Code, ProvinceCode: p.Code})
		for _, g := range regions.RegenciesOf(p.Code) {
			kind := KindRegency
			if g.IsCity() {
				kind = KindCity
			}
			r.add(Institution{Code: g.Code, Name: "Pemerintah " + g.Name, ShortName: regions.DisplayName(g.Code),
				Kind: kind, RegionCode: g.Code, ProvinceCode: p.Code})
		}
	}
	for _, b := range klTable() {
		if !content.ValidInstitutionCode(b.code) || strings.ContainsAny(b.code[:1], "0123456789") {
			return nil, fmt.Errorf("institutions: bad ministry/agency code %q", b.code)
		}
		if _, dup := r.byCode[b.code]; dup {
			return nil, fmt.Errorf("institutions: duplicate code %q", b.code)
		}
		r.add(Institution{Code: b.code, Name: b.name, ShortName: b.abbrev, Abbreviation: b.abbrev, Kind: b.kind, FormerNames: b.former})
		bodyNames := append([]string{b.name}, b.former...)
		if len(normWords(b.abbrev)) > 1 || !slices.Contains(b.exact, b.abbrev) {
			bodyNames = append(bodyNames, b.abbrev)
		}
		for _, n := range bodyNames {
			if err := r.addPhrase(n, b.code, true); err != nil {
				return nil, err
			}
		}
		for _, n := range b.names {
			if err := r.addPhrase(n, b.code, true); err != nil {
				return nil, err
			}
		}
		for _, n := range b.offices {
			if err := r.addPhrase(n, b.code, false); err != nil {
				return nil, err
			}
		}
		for _, n := range append([]string{b.abbrev, b.name}, b.exact...) {
			r.exact[strings.Join(normWords(n), " ")] = b.code
		}
	}
	return r, nil
}

// provinceGovernment is the official name of a provincial government: Aceh
// and DIY have their own forms.
func provinceGovernment(p refdata.Region) string {
	switch p.Code {
	case "11":
		return "Pemerintah Aceh"
	case "34":
		return "Pemerintah Daerah Daerah Istimewa Yogyakarta"
	}
	return "Pemerintah Provinsi " + p.ShortName()
}

func (r *Registry) add(in Institution) {
	r.byCode[in.Code] = len(r.list)
	r.list = append(r.list, in)
}

func (r *Registry) addPhrase(name, code string, body bool) error {
	key := strings.Join(normWords(name), " ")
	if key == "" {
		return fmt.Errorf("institutions: empty phrase for %s", code)
	}
	if old, ok := r.phrases[key]; ok && old.code != code {
		return fmt.Errorf("institutions: phrase %q names both %s and %s", key, old.code, code)
	}
	r.phrases[key] = klPhrase{code: code, body: body}
	r.maxPhrase = max(r.maxPhrase, strings.Count(key, " ")+1)
	return nil
}

// Lookup returns the institution with the given code.
func (r *Registry) Lookup(code string) (Institution, bool) {
	i, ok := r.byCode[code]
	if !ok {
		return Institution{}, false
	}
	return r.list[i], true
}

// All returns every institution: each province followed by its regencies
// and cities, then the ministries, then the agencies.
func (r *Registry) All() []Institution { return slices.Clone(r.list) }

// Len is the number of institutions.
func (r *Registry) Len() int { return len(r.list) }

// Regions is the region table the registry was built over.
func (r *Registry) Regions() *refdata.Regions { return r.regions }

// DisplayName is the name a record shows for a unit of an institution:
// "Dinas Kesehatan Kota Surabaya", "Dinas Pendidikan Provinsi Jawa Timur",
// "Direktorat Jenderal Pajak, Kementerian Keuangan", or the institution's
// own name without a unit.
func (r *Registry) DisplayName(code, unit string) string {
	in, ok := r.Lookup(code)
	if !ok {
		return unit
	}
	unit = strings.TrimSpace(unit)
	switch {
	case unit == "":
		return in.Name
	case in.Kind == KindProvince:
		return unit + " " + in.ShortName
	case in.Local():
		reg, _ := r.regions.Lookup(in.RegionCode)
		return unit + " " + reg.Name
	}
	return unit + ", " + in.Name
}

// normWords lowercases s and splits it into words of letters and digits
// ("ATR/BPN" → atr, bpn; "PAN-RB" → pan, rb; "Syar'iyah" → syar, iyah).
func normWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
}
