package refdata

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// MatchQuality says how far a resolved reference value can be trusted.
type MatchQuality string

const (
	// MatchExact: the value names the region (official name, a customary
	// form or alias, any case and spacing, with or without a type word).
	MatchExact MatchQuality = "exact"
	// MatchApproximate: a region was chosen, but a person should check it
	// (a misspelling, a type word that does not fit, a code read in another
	// code system, words left over).
	MatchApproximate MatchQuality = "approximate"
	// MatchUnresolved: no region, or more than one that fits equally.
	MatchUnresolved MatchQuality = "unresolved"
)

// RegionQuery is a region as written in an import file.
type RegionQuery struct {
	// Text is the value as written: "Kab. Sleman", "KABUPATEN  SLEMAN",
	// "Pemkot Surabaya", "Dinas Kesehatan Kabupaten Banyuwangi".
	Text string
	// Level is what the value is meant to hold: LevelProvince (a province
	// column), LevelRegency (a regency/city column; a province is accepted,
	// for a provincial institution) or "" (free text such as an
	// institution's name, where a region is looked for inside the text).
	Level string
	// Province, if set, is the code of the province the region must lie in
	// (from a province column of the same row).
	Province string
}

// RegionResolution is the outcome of Resolve. Code is set unless Quality is
// MatchUnresolved; Note says why a result is approximate or unresolved;
// Candidates lists the codes that fit equally well when there are several.
type RegionResolution struct {
	Code       string       `json:"code,omitempty"`
	Quality    MatchQuality `json:"quality"`
	Note       string       `json:"note,omitempty"`
	Candidates []string     `json:"candidates,omitempty"`
}

// Resolve finds the region a value names, as an import needs it: it says
// whether the result is exact, approximate or unresolved, never guessing
// between equally good candidates. It builds on Match, so every spelling a
// search query understands is understood here, and adds near-miss spellings
// (a small edit distance, only when one region is nearest), type words that
// contradict the name, and words left over in a region column.
func (r *Regions) Resolve(q RegionQuery) RegionResolution {
	tokens := resolveTokens(q.Text)
	if len(tokens) == 0 {
		return RegionResolution{Quality: MatchUnresolved, Note: "empty"}
	}
	if q.Province != "" {
		if p, ok := r.Lookup(q.Province); !ok || !p.IsProvince() {
			return RegionResolution{Quality: MatchUnresolved, Note: fmt.Sprintf("unknown province code %q", q.Province)}
		}
	}
	phrase := strings.Join(tokens, " ")
	if codes, ok := r.matcher.phrases[phrase]; ok {
		if codes == nil {
			return RegionResolution{Quality: MatchUnresolved, Note: fmt.Sprintf("%q is not a region name", q.Text)}
		}
		return r.pick(q, codes, phrase)
	}
	inside, ok := r.resolveInside(q, tokens)
	if ok && inside.Quality == MatchExact && !r.isProvinceOnly(q, inside, tokens) {
		return inside
	}
	if ok && q.Level == "" {
		// Free text naming a province and a regency/city that is not
		// understood ("Pemkab Slemen, DIY"): look for the regency within it.
		if inside.Quality != MatchUnresolved && r.isProvinceOnly(q, inside, tokens) {
			near := r.resolveNear(RegionQuery{Text: q.Text, Province: inside.Code}, tokens)
			if near.Code != "" {
				return near
			}
		}
		return inside
	}
	// A whole-value reading of a misspelt name beats a partial one ("Kab.
	// Aceh Sleatan" is not Aceh with a word left over).
	near := r.resolveNear(q, tokens)
	if near.Quality != MatchUnresolved || !ok {
		return near
	}
	return inside
}

// isProvinceOnly reports whether res is a province while the text also has
// a regency/city type word, as in "Pemerintah Kabupaten Slemen, DIY".
func (r *Regions) isProvinceOnly(q RegionQuery, res RegionResolution, tokens []string) bool {
	if q.Level != "" || res.Code == "" || strings.Contains(res.Code, ".") {
		return false
	}
	return slices.ContainsFunc(tokens, func(t string) bool {
		k := typeWords[t]
		return k == "kabupaten" || k == "kota"
	})
}

// pick chooses among the codes a whole value names, honouring the level and
// province of the query.
func (r *Regions) pick(q RegionQuery, codes []string, phrase string) RegionResolution {
	in := r.within(codes, q.Province)
	if len(in) == 0 {
		return RegionResolution{Quality: MatchUnresolved, Candidates: slices.Clone(codes),
			Note: fmt.Sprintf("%s is not in %s", r.labels(codes), r.DisplayName(q.Province))}
	}
	switch q.Level {
	case LevelProvince:
		provs, res, ok := r.provincesOnly(in)
		if !ok {
			return res
		}
		in = provs
	case LevelRegency:
		// A bare name that is both a province and its capital city
		// ("bengkulu", "jambi") is ambiguous in a regency/city column.
		if len(in) == 1 {
			if reg, _ := r.Lookup(in[0]); reg.IsProvince() {
				for _, c := range r.within(r.matcher.phrases["kota "+phrase], q.Province) {
					if city, _ := r.Lookup(c); city.ParentCode == reg.Code && !slices.Contains(in, c) {
						in = append(in, c)
					}
				}
			}
		}
	}
	if len(in) > 1 {
		return RegionResolution{Quality: MatchUnresolved, Candidates: in,
			Note: fmt.Sprintf("names more than one region: %s", r.labels(in))}
	}
	return RegionResolution{Code: in[0], Quality: MatchExact}
}

// provincesOnly keeps the province codes of codes, for a province column;
// when there are none, the result says so.
func (r *Regions) provincesOnly(codes []string) ([]string, RegionResolution, bool) {
	var provs []string
	for _, c := range codes {
		if reg, _ := r.Lookup(c); reg.IsProvince() {
			provs = append(provs, c)
		}
	}
	if len(provs) == 0 {
		return nil, RegionResolution{Quality: MatchUnresolved, Candidates: codes,
			Note: fmt.Sprintf("%s is a regency/city, not a province", r.labels(codes))}, false
	}
	return provs, RegionResolution{}, true
}

// within keeps the codes that lie in province ("" keeps all).
func (r *Regions) within(codes []string, province string) []string {
	if province == "" {
		return slices.Clone(codes)
	}
	var out []string
	for _, c := range codes {
		if p, ok := r.ProvinceOf(c); ok && p.Code == province {
			out = append(out, c)
		}
	}
	return out
}

func (r *Regions) labels(codes []string) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%s (%s)", r.DisplayName(c), c)
	}
	return strings.Join(parts, " / ")
}

// resolveInside looks for regions named inside a longer value ("Dinas
// Kesehatan Kabupaten Banyuwangi", "Kab. Sleman, DIY"). It reports false
// when no region is named at all.
func (r *Regions) resolveInside(q RegionQuery, tokens []string) (RegionResolution, bool) {
	ms := r.Match(tokens)
	if len(ms) == 0 {
		return RegionResolution{}, false
	}
	type found struct {
		codes []string
		typed bool // the span starts with a type word or names a province
		words int
	}
	var all []found
	covered := make([]bool, len(tokens))
	for _, m := range ms {
		for i := m.Start; i < m.End; i++ {
			covered[i] = true
		}
		in := r.within(m.Codes, q.Province)
		if len(in) == 0 {
			if q.Province != "" {
				// A region outside the row's province: a contradiction a
				// person must look at, unless it is another province's name
				// mentioned in passing.
				if reg, _ := r.Lookup(m.Codes[0]); len(m.Codes) == 1 && reg.IsProvince() {
					continue
				}
				return RegionResolution{Quality: MatchUnresolved, Candidates: slices.Clone(m.Codes),
					Note: fmt.Sprintf("%s is not in %s", r.labels(m.Codes), r.DisplayName(q.Province))}, true
			}
			continue
		}
		typed := isTypeWord(tokens[m.Start])
		if reg, _ := r.Lookup(in[0]); len(in) == 1 && reg.IsProvince() {
			typed = true
		}
		all = append(all, found{codes: in, typed: typed, words: m.End - m.Start})
	}
	if len(all) == 0 {
		return RegionResolution{}, false
	}
	// A province named beside one of its regencies adds nothing.
	var kept []found
	for _, f := range all {
		if len(f.codes) == 1 {
			if reg, _ := r.Lookup(f.codes[0]); reg.IsProvince() && slices.ContainsFunc(all, func(o found) bool {
				return slices.ContainsFunc(o.codes, func(c string) bool {
					p, _ := r.Lookup(c)
					return p.ParentCode == reg.Code
				})
			}) {
				continue
			}
		}
		kept = append(kept, f)
	}
	var codes []string
	for _, f := range kept {
		for _, c := range f.codes {
			if !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
	}
	if q.Level == LevelProvince {
		provs, res, ok := r.provincesOnly(codes)
		if !ok {
			return res, true
		}
		codes = provs
	}
	if len(codes) > 1 {
		return RegionResolution{Quality: MatchUnresolved, Candidates: codes,
			Note: fmt.Sprintf("names more than one region: %s", r.labels(codes))}, true
	}
	res := RegionResolution{Code: codes[0], Quality: MatchExact}
	f := kept[0]
	if q.Level == "" && !f.typed && f.words == 1 {
		res.Quality = MatchApproximate
		res.Note = fmt.Sprintf("found the bare name of %s inside the text", r.labels(codes))
	}
	if q.Level != "" {
		var left []string
		for i, t := range tokens {
			if !covered[i] && !fillerWords[t] && !isTypeWord(t) && t != "administrasi" && t != "adm" {
				left = append(left, t)
			}
		}
		if len(left) > 0 {
			res.Quality = MatchApproximate
			res.Note = fmt.Sprintf("read as %s; words not understood: %s", r.labels(codes), strings.Join(left, " "))
		}
		// A type word the name does not take ("Kota Sleman").
		reg, _ := r.Lookup(codes[0])
		for i, t := range tokens {
			if k := typeWords[t]; k != "" && !covered[i] && !r.fitsKind(reg, k, RegionQuery{}) {
				res.Quality = MatchApproximate
				res.Note = fmt.Sprintf("written as %s, but the name is %s", k, r.labels(codes))
				break
			}
		}
	}
	return res, true
}

// fillerWords may stand beside a region name in a region column without
// making the value doubtful.
var fillerWords = map[string]bool{"dan": true, "di": true, "pemerintah": true, "daerah": true, "-": true}

// resolveNear tries near-miss spellings: a misspelt name, a name run
// together or split differently, or a name with the wrong type word.
func (r *Regions) resolveNear(q RegionQuery, tokens []string) RegionResolution {
	kind, rest := cutTypeWords(tokens)
	if q.Level == "" {
		// In free text only the words after a type word may be a name.
		i := slices.IndexFunc(tokens, isTypeWord)
		if i < 0 {
			return RegionResolution{Quality: MatchUnresolved, Note: "no region named"}
		}
		kind, rest = cutTypeWords(tokens[i:])
		rest = rest[:min(len(rest), 3)]
	}
	if len(rest) == 0 {
		return RegionResolution{Quality: MatchUnresolved, Note: "no region named"}
	}
	// In free text, try the longest run of words after the type word first.
	for n := len(rest); n >= 1; n-- {
		if q.Level != "" && n < len(rest) {
			break
		}
		key := compactKey(strings.Join(rest[:n], " "))
		if res, ok := r.nearest(q, key, kind); ok {
			return res
		}
	}
	return RegionResolution{Quality: MatchUnresolved, Note: fmt.Sprintf("no region named %q", strings.Join(rest, " "))}
}

// nearest finds the one region whose name is nearest to key within the
// allowed edit distance, first among regions of the written kind, then of
// any kind.
func (r *Regions) nearest(q RegionQuery, key, kind string) (RegionResolution, bool) {
	if len([]rune(key)) < 4 {
		return RegionResolution{}, false
	}
	maxD := 1
	if len([]rune(key)) >= 9 {
		maxD = 2
	}
	if len([]rune(key)) < 5 {
		maxD = 0
	}
	kinds := []string{kind}
	if kind != "" {
		kinds = append(kinds, "")
	}
	for _, k := range kinds {
		best, codes := maxD+1, []string(nil)
		for _, n := range r.matcher.names {
			reg, _ := r.Lookup(n.code)
			if !r.fitsKind(reg, k, q) {
				continue
			}
			d := editDistance(key, n.key, maxD+1)
			switch {
			case d > maxD:
			case d < best:
				best, codes = d, []string{n.code}
			case d == best && !slices.Contains(codes, n.code):
				codes = append(codes, n.code)
			}
		}
		if len(codes) == 0 {
			continue
		}
		if len(codes) > 1 {
			return RegionResolution{Quality: MatchUnresolved, Candidates: codes,
				Note: fmt.Sprintf("%q is as near to %s", key, r.labels(codes))}, true
		}
		res := RegionResolution{Code: codes[0], Quality: MatchApproximate}
		switch {
		case k != kind:
			res.Note = fmt.Sprintf("written as %s, but the nearest name is %s", kind, r.labels(codes))
			if best > 0 {
				res.Note += fmt.Sprintf(" (%d letters differ)", best)
			}
		case best == 0:
			// Only spacing or hyphens differ ("tulung agung"): exact.
			res.Quality = MatchExact
		default:
			res.Note = fmt.Sprintf("spelling: %q read as %s (%d letters differ)", q.Text, r.labels(codes), best)
		}
		return res, true
	}
	return RegionResolution{}, false
}

// fitsKind reports whether reg may be the region of a value written with
// the type word kind ("kabupaten", "kota", "provinsi", or "" for any) under
// the query's level and province.
func (r *Regions) fitsKind(reg Region, kind string, q RegionQuery) bool {
	if q.Province != "" {
		if p, ok := r.ProvinceOf(reg.Code); !ok || p.Code != q.Province {
			return false
		}
	}
	if q.Level == LevelProvince && !reg.IsProvince() {
		return false
	}
	switch kind {
	case "kabupaten":
		return !reg.IsProvince() && !reg.IsCity()
	case "kota":
		return reg.IsCity()
	case "provinsi":
		return reg.IsProvince()
	}
	return true
}

// typeWords maps the words that may precede a name to the kind they name.
var typeWords = func() map[string]string {
	m := map[string]string{}
	for kind, list := range map[string][]string{"kabupaten": kabupatenPrefixes(), "kota": kotaPrefixes(), "provinsi": provinsiPrefixes()} {
		for _, p := range list {
			for _, w := range strings.Fields(p) {
				if w != "pemerintah" && w != "administrasi" && w != "adm" {
					m[w] = kind
				}
			}
		}
	}
	return m
}()

func isTypeWord(t string) bool { return typeWords[t] != "" }

// cutTypeWords strips the type words at the start of tokens ("pemerintah
// kabupaten", "kota administrasi") and returns the kind they name.
func cutTypeWords(tokens []string) (kind string, rest []string) {
	i := 0
	for ; i < len(tokens); i++ {
		t := tokens[i]
		if k := typeWords[t]; k != "" {
			kind = k
			continue
		}
		if t == "pemerintah" || t == "administrasi" || t == "adm" {
			continue
		}
		break
	}
	return kind, tokens[i:]
}

// resolveTokens lowercases a value and splits it into words at anything but
// letters, digits, hyphens and apostrophes, so that "Kab.Sleman" and
// "KABUPATEN  SLEMAN," give the same words; dotted initials are joined
// ("D.I. Yogyakarta" → "di yogyakarta").
func resolveTokens(s string) []string {
	s = strings.ToLower(s)
	var out []string
	for _, w := range strings.FieldsFunc(s, func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '-' && c != '\'' && c != '.'
	}) {
		if t := normRegionToken(w); t != "" {
			if strings.Contains(t, ".") {
				for _, p := range strings.Split(t, ".") {
					if p = normRegionToken(p); p != "" {
						out = append(out, p)
					}
				}
				continue
			}
			out = append(out, t)
		}
	}
	return out
}

// compactKey removes spaces, hyphens and apostrophes, so that names differing
// only in those compare equal ("tulung agung", "tulungagung").
func compactKey(s string) string {
	return strings.Map(func(c rune) rune {
		if c == ' ' || c == '-' || c == '\'' {
			return -1
		}
		return c
	}, s)
}

// editDistance is the optimal-string-alignment distance (insertions,
// deletions, substitutions and swaps of neighbours) between a and b, or
// limit when it is at least limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit)
}
