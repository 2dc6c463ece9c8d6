package hub

import (
	"slices"
	"strings"
	"unicode"
)

// Method says how Resolve found an institution.
type Method string

// Resolution methods, from the most to the least certain.
const (
	MethodExact      Method = "exact"       // the whole name is the institution's name or abbreviation
	MethodBody       Method = "ministry"    // a ministry's or agency's name, or one of its offices
	MethodRegion     Method = "region"      // a region named with its type word: "Dinas Kesehatan Kota Surabaya"
	MethodRegionBare Method = "region-bare" // a region named without one: "Puskesmas Tanah Kali Kedinding Surabaya"
	MethodRegionCode Method = "region-code" // nothing in the name; the record's own region code
	MethodAmbiguous  Method = "ambiguous"   // several institutions fit; see Candidates
	MethodNone       Method = "none"
)

// AutoConfidence is the confidence at and above which a resolution is
// applied without a person checking it (migration, imports).
const AutoConfidence = 0.7

// Resolution is what Resolve makes of an institution name.
type Resolution struct {
	Code       string   `json:"code,omitempty"`
	Unit       string   `json:"unit,omitempty"` // the unit pengampu, in its full form
	Confidence float64  `json:"confidence"`     // 0 to 1
	Method     Method   `json:"method"`
	Candidates []string `json:"candidates,omitempty"` // other institutions the name may mean
}

// Confident reports whether the resolution may be applied automatically.
func (r Resolution) Confident() bool { return r.Code != "" && r.Confidence >= AutoConfidence }

// Resolve maps a free-text institution name, as records carry it, onto an
// institution code and the unit part of the name:
//
//	"Dinas Kesehatan Kota Surabaya"                    → 35.78, "Dinas Kesehatan"
//	"Disdukcapil Kab. Sleman"                          → 34.04, "Dinas Kependudukan dan Pencatatan Sipil"
//	"Direktorat Jenderal Pajak, Kementerian Keuangan" → kemenkeu, "Direktorat Jenderal Pajak"
//	"Kantor Imigrasi Kelas I Surabaya"                 → kemenimipas (a vertical office, not the city)
//
// Ministries and agencies are looked for first: their regional offices
// carry the name of a region ("BPS Kabupaten Sleman" belongs to BPS). Then
// the last region named: the unit comes before it. regionCode, the record's
// own region code if any, settles names that fit several regions ("Dinas
// Pendidikan Bandung") and is the fallback when the name holds no region;
// a name that contradicts it lowers the confidence.
func (r *Registry) Resolve(name, regionCode string) Resolution {
	words := normWords(name)
	if len(words) == 0 {
		return Resolution{Method: MethodNone}
	}
	if code, ok := r.exact[strings.Join(words, " ")]; ok {
		return Resolution{Code: code, Confidence: 1, Method: MethodExact}
	}
	if res, ok := r.resolveBody(name); ok {
		return res
	}
	if res, ok := r.resolveRegion(name, regionCode); ok {
		return res
	}
	if in, ok := r.Lookup(regionCode); ok && in.Local() {
		return Resolution{Code: regionCode, Unit: CanonicalUnit(name), Confidence: 0.5, Method: MethodRegionCode}
	}
	return Resolution{Method: MethodNone}
}

// ResolveInstitution is Resolve as the importer asks it
// (importer.InstitutionResolver): the code of the institution when the
// resolver is confident enough to apply it (AutoConfidence, as imports
// and the migration do); exact when the name says it plainly (0.9 and up:
// the institution's own name or abbreviation, a ministry's office, a
// region with its type word), approximate below that.
func (r *Registry) ResolveInstitution(name, regionCode string) (code string, exact, ok bool) {
	res := r.Resolve(name, regionCode)
	if !res.Confident() {
		return "", false, false
	}
	return res.Code, res.Confidence >= 0.9, true
}

// span is a word of a name with its byte offsets.
type span struct {
	start, end int
	word       string // lowercased
}

// wordSpans splits s like normWords, keeping where each word is.
func wordSpans(s string) []span {
	var out []span
	start := -1
	for i, c := range s {
		word := unicode.IsLetter(c) || unicode.IsDigit(c)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, span{start, i, strings.ToLower(s[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(s), strings.ToLower(s[start:])})
	}
	return out
}

type bodyMatch struct {
	from, to int // word indexes, to exclusive
	klPhrase
}

func (r *Registry) resolveBody(name string) (Resolution, bool) {
	ws := wordSpans(name)
	var found []bodyMatch
	for i := 0; i < len(ws); {
		n := min(r.maxPhrase, len(ws)-i)
		matched := false
		for ; n > 0; n-- {
			parts := make([]string, n)
			for k := range n {
				parts[k] = ws[i+k].word
			}
			if p, ok := r.phrases[strings.Join(parts, " ")]; ok {
				found = append(found, bodyMatch{i, i + n, p})
				i += n
				matched = true
				break
			}
		}
		if !matched {
			i++
		}
	}
	if len(found) == 0 {
		return Resolution{}, false
	}
	// An office names the body more precisely than a (former) parent name:
	// "Direktorat Jenderal Imigrasi, Kementerian Hukum dan HAM" is
	// Kemenimipas today.
	var codes []string
	for _, pass := range []bool{false, true} {
		for _, m := range found {
			if m.body == pass && !slices.Contains(codes, m.code) {
				codes = append(codes, m.code)
			}
		}
		if len(codes) > 0 {
			break
		}
	}
	res := Resolution{Code: codes[0], Confidence: 0.95, Method: MethodBody}
	if len(codes) > 1 {
		res.Confidence, res.Candidates = 0.5, codes[1:]
	}
	// A trailing body name is the parent of the unit before it; a leading
	// one names a regional office, which is the unit as written.
	unit := name
	if last := found[len(found)-1]; last.body && last.to == len(ws) {
		unit = name[:ws[last.from].start]
	}
	res.Unit = CanonicalUnit(unit)
	return res, true
}

// typeWords start a region phrase that names its type.
var typeWords = []string{"kabupaten", "kab", "kota", "provinsi", "propinsi", "prov", "pemkab", "pemkot", "pemprov", "pemerintah"}

func (r *Registry) resolveRegion(name, hint string) (Resolution, bool) {
	tokens := strings.Fields(name)
	lower := make([]string, len(tokens))
	for i, t := range tokens {
		lower[i] = strings.ToLower(t)
	}
	matches := r.regions.Match(lower)
	if len(matches) == 0 {
		return Resolution{}, false
	}
	m := matches[len(matches)-1]
	res := Resolution{Unit: CanonicalUnit(strings.Join(tokens[:m.Start], " ")), Method: MethodRegionBare, Confidence: 0.7}
	first := strings.TrimFunc(lower[m.Start], func(c rune) bool { return !unicode.IsLetter(c) })
	if slices.Contains(typeWords, first) {
		res.Method, res.Confidence = MethodRegion, 0.9
	}
	codes := m.Codes
	if len(codes) > 1 {
		if !slices.Contains(codes, hint) {
			res.Method, res.Confidence, res.Candidates = MethodAmbiguous, 0.3, codes
			return res, true
		}
		codes, res.Confidence = []string{hint}, 0.8
	}
	res.Code = codes[0]
	if reg, ok := r.regions.Lookup(res.Code); ok && reg.IsProvince() {
		res.Confidence = max(res.Confidence, 0.9)
		if res.Method == MethodRegionBare {
			res.Method = MethodRegion
		}
	}
	if m.Start == 0 && m.End == len(tokens) && res.Method == MethodRegion {
		res.Method, res.Confidence = MethodExact, 1
	}
	if hint != "" && hint != res.Code && !r.sameArea(res.Code, hint) {
		// The name and the record's region code disagree: a person decides.
		res.Confidence = min(res.Confidence, 0.5)
		res.Candidates = append(res.Candidates, hint)
	}
	return res, true
}

// sameArea reports whether a record of institution code may carry region
// code hint: its own region, or a regency of its province.
func (r *Registry) sameArea(code, hint string) bool {
	reg, ok := r.regions.Lookup(code)
	if !ok || !reg.IsProvince() {
		return false
	}
	p, ok := r.regions.ProvinceOf(hint)
	return ok && p.Code == code
}
