package analyzers

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"sort"
	"strings"
	"sync"
)

// The root dictionary is Debian's hunspell-id word list (LGPL-3, see data/LICENSE.hunspell-id) plus our
// own additions and removals (data/roots_extra.txt). It is parsed once, on first use.

//go:embed data/roots.tsv.gz
var rootsGz []byte

//go:embed data/roots_extra.txt
var rootsExtra string

// dictionary maps a root to the set of affix patterns the hunspell flags license for it.
type dictionary struct {
	roots map[string]*rootInfo
	list  []string
}

// rootInfo holds the affix patterns a root accepts, e.g. "me+kan", "pe+an", "ber+", "+an".
type rootInfo struct {
	patterns map[string]struct{}
	prefixes map[string]struct{} // the prefix chains of patterns ("ter" for "ter+kan")
	// demoted entries are lexicalised derivations (belajar, pelajar); they are kept as words but an
	// analysis to their own root (ajar) is preferred.
	demoted bool
	// keep protects a root that looks derived (mereka, beruang) from markDerived ("=word" in
	// roots_extra.txt).
	keep bool
	// infixed entries ("~word") are demoted forms with an infix (telunjuk: tunjuk + -el-).
	infixed bool
	// derived entries are regular derivations that hunspell-id lists whole (see markDerived); they
	// rank like demoted ones.
	derived bool
}

var (
	dictOnce sync.Once
	dictData *dictionary
)

// loadDictionary parses the embedded data once; a corrupt embed yields an empty dictionary (the
// stemmer then works by rules only) rather than a panic.
func loadDictionary() *dictionary {
	dictOnce.Do(func() {
		d := &dictionary{roots: make(map[string]*rootInfo, 32000)}
		if zr, err := gzip.NewReader(bytes.NewReader(rootsGz)); err == nil {
			if raw, err := io.ReadAll(zr); err == nil {
				d.parseRoots(string(raw))
			}
		}
		d.parseExtra(rootsExtra)
		d.markDerived()
		d.list = make([]string, 0, len(d.roots))
		for w := range d.roots {
			d.list = append(d.list, w)
		}
		sort.Strings(d.list)
		dictData = d
	})
	return dictData
}

func (d *dictionary) parseRoots(raw string) {
	sc := bufio.NewScanner(strings.NewReader(raw))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		word, flags, _ := strings.Cut(line, "\t")
		d.add(word, flags)
	}
}

// parseExtra reads roots_extra.txt: "word" or "word<TAB>flags" adds a root, "-word" removes one,
// "!word" demotes a lexicalised derivation, "~word" demotes a form with an infix, "=word" keeps a root that looks derived, "#" starts a
// comment.
func (d *dictionary) parseExtra(raw string) {
	for _, line := range strings.Split(raw, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		switch line[0] {
		case '-':
			delete(d.roots, strings.TrimSpace(line[1:]))
		case '=':
			w := strings.TrimSpace(line[1:])
			if ri, ok := d.roots[w]; ok {
				ri.keep = true
			} else {
				d.roots[w] = &rootInfo{keep: true}
			}
		case '~':
			w := strings.TrimSpace(line[1:])
			if ri, ok := d.roots[w]; ok {
				ri.demoted, ri.infixed = true, true
			} else {
				d.roots[w] = &rootInfo{demoted: true, infixed: true}
			}
		case '!':
			w := strings.TrimSpace(line[1:])
			if ri, ok := d.roots[w]; ok {
				ri.demoted = true
			} else {
				d.roots[w] = &rootInfo{demoted: true}
			}
		default:
			// our own additions are deliberate roots: never demote them as derived
			word, flags, _ := strings.Cut(line, "\t")
			word = strings.TrimSpace(word)
			d.add(word, strings.TrimSpace(flags))
			if ri := d.roots[word]; ri != nil {
				ri.keep = true
			}
		}
	}
}

// markDerived demotes entries that hunspell-id lists whole although they are regular derivations of
// another root: belikan, setinggi, pelari, bicarakan, apakah. An entry is derived when one of its
// parses reaches a different root through an affix pattern that root's flags license, a particle
// on a flagless entry, a loan suffix (nasionalisme) or a repeated first syllable (dedaunan). Our own
// roots and those marked "=word" are exempt. Only the explicit demotions are consulted,
// so the result does not depend on map order.
func (d *dictionary) markDerived() {
	var st Stemmer
	cands := make([]parse, 0, 64)
	for w, ri := range d.roots {
		if ri.keep || ri.demoted || len(w) < 5 || strings.IndexByte(w, '-') >= 0 {
			continue
		}
		cands = cands[:0]
		st.generate(d, w, &cands)
		for i := range cands {
			if d.derives(w, ri, &cands[i]) {
				ri.derived = true
				break
			}
		}
	}
}

// derives tells whether parse a shows entry w (with info ri) to be a derivation of a.root.
func (d *dictionary) derives(w string, ri *rootInfo, a *parse) bool {
	if a.root == w || len(a.root) < 3 {
		return false
	}
	r := d.roots[a.root]
	if r == nil || r.demoted {
		return false
	}
	if a.nPrefix == 0 && a.nInfl == 0 && len(a.root) >= 5 && !isVowel(a.root[len(a.root)-1]) &&
		(a.deriv == "isme" || a.deriv == "isasi" || a.deriv == "is" && strings.HasSuffix(a.root, "al")) {
		// loan words on a root that ends in a consonant: nasionalisme, modernisasi, kaderisasi;
		// -is only after -al (kapitalis, idealis), as analisis, protesis, gerimis are no such words
		return true
	}
	if a.nPrefix == 1 && a.prefixes[0] == "redup" && (a.deriv == "an" || ri.patterns == nil && r.patterns != nil) {
		return true // dedaunan, rerumputan; flagless rerata, lelembut on a root with flags
	}
	// otherwise only the standard rules count: colloquial nasals (nyamuk, ngeri), pe- before a
	// consonant (pegawai) and loan suffixes would demote real roots
	if !a.primary || r.patterns == nil {
		return false
	}
	if a.nPrefix == 0 && a.deriv == "" {
		// particles only: apakah, adapun; an entry with flags of its own (masalah) is a real root
		return ri.patterns == nil && a.nInfl > 0
	}
	if a.nInfl > 0 || forbidden(a) {
		return false
	}
	return licensedParse(d, a)
}

func (d *dictionary) add(word, flags string) {
	if word == "" {
		return
	}
	ri := d.roots[word]
	if ri == nil {
		ri = &rootInfo{}
		d.roots[word] = ri
	}
	for i := 0; i+1 < len(flags); i += 2 {
		if flags[i:i+2] == "A2" {
			// NEEDAFFIX: a bound form (ketahu, lajar) that never stands alone
			ri.demoted = true
		}
		for _, p := range flagPatterns(flags[i : i+2]) {
			if ri.patterns == nil {
				ri.patterns = make(map[string]struct{}, 8)
				ri.prefixes = make(map[string]struct{}, 4)
			}
			ri.patterns[p] = struct{}{}
			ri.prefixes[p[:strings.IndexByte(p, '+')]] = struct{}{}
		}
	}
}

func (d *dictionary) has(w string) bool {
	_, ok := d.roots[w]
	return ok
}

// takesPrefix tells whether the root accepts the prefix chain p with any suffix or none.
func (d *dictionary) takesPrefix(root, p string) bool {
	ri := d.roots[root]
	if ri == nil {
		return false
	}
	_, ok := ri.prefixes[p]
	return ok
}

// licensed tells whether the root accepts the affix pattern (prefix chain + "+" + suffix).
func (d *dictionary) licensed(root, pattern string) bool {
	ri := d.roots[root]
	if ri == nil || ri.patterns == nil {
		return false
	}
	_, ok := ri.patterns[pattern]
	return ok
}

// hunspell flag → affix patterns. Prefix chains use base forms: me (mem/men/meng/meny/menge), pe
// (pem/pen/peng/peny/penge/pel), ber (be/bel), ter (te), per, di, ke, se, ku (kau). The passive di- is
// licensed wherever me- is and vice versa, as hunspell-id lists them inconsistently.
var flagTable = map[string][]string{
	"B0": {"ber+"}, "B1": {"ber+"}, "BE": {"ber+"}, "B3": {"ber+"},
	"Ba": {"ber+an"}, "Bf": {"ber+an"}, "Bk": {"ber+kan"}, "Bg": {"ber+kan"},
	"BK": {"berke+"}, "B4": {"berke+"}, "Bl": {"berke+an"},
	"BP": {"berpe+"}, "B5": {"berpe+"}, "Bq": {"berpe+an"},
	"BS": {"berse+"}, "B6": {"berse+"}, "Bt": {"berse+an"},
	"D0": {"di+", "me+"}, "D1": {"di+", "me+"}, "Di": {"di+i", "me+i"}, "Dk": {"di+kan", "me+kan"},
	"DK": {"dike+"}, "Dm": {"dike+i", "dike+an"}, "Dn": {"dike+kan"},
	"DR": {"diper+", "meper+"}, "D3": {"diper+", "meper+"}, "Dt": {"diper+i", "meper+i"}, "Du": {"diper+kan", "meper+kan"},
	"DS": {"dise+"}, "Dv": {"dise+kan"},
	"K0": {"ke+"}, "K1": {"ke+"}, "Ka": {"ke+an"}, "Kc": {"ke+an"}, "Ki": {"ke+i"},
	"KB": {"keber+"}, "KM": {"keme+"}, "Ko": {"keme+an"}, "KP": {"kepe+"}, "Kq": {"kepe+an"},
	"KS": {"kese+"}, "Kt": {"kese+an"}, "KT": {"keter+"}, "Ku": {"keter+an"},
	"M0": {"me+", "di+"}, "M1": {"me+", "di+"}, "MG": {"me+", "di+"}, "M3": {"me+", "di+"},
	"MM": {"me+", "di+"}, "M5": {"me+", "di+"}, "MS": {"me+", "di+"}, "M7": {"me+", "di+"},
	"Mi": {"me+i", "di+i"}, "Mg": {"me+i", "di+i"}, "Mm": {"me+i", "di+i"}, "Mw": {"me+i", "di+i"},
	"Mk": {"me+kan", "di+kan"}, "Mh": {"me+kan", "di+kan"}, "Mo": {"me+kan", "di+kan"}, "Mx": {"me+kan", "di+kan"},
	"MB": {"meber+"}, "MP": {"meper+"}, "M4": {"meper+"}, "Mn": {"meper+an"},
	"Mp": {"meper+i", "diper+i"}, "Mq": {"meper+kan", "diper+kan"},
	"MR": {"meper+", "diper+"}, "M6": {"meper+", "diper+"}, "Mt": {"meper+i", "diper+i"}, "Mu": {"meper+kan", "diper+kan"},
	"O0": {"ku+"}, "O1": {"ku+"}, "Oi": {"ku+i"}, "Ok": {"ku+kan"},
	"P0": {"pe+"}, "P1": {"pe+"}, "PE": {"pe+"}, "P3": {"pe+"}, "PG": {"pe+"}, "P4": {"pe+"},
	"PK": {"pe+"}, "P5": {"pe+"}, "PM": {"pe+"}, "P6": {"pe+"}, "PN": {"pe+"}, "P7": {"pe+"},
	"PS": {"pe+"}, "P9": {"pe+"},
	"Pa": {"pe+an"}, "Pf": {"pe+an"}, "Pg": {"pe+an"}, "Pl": {"pe+an"}, "Pn": {"pe+an"}, "Po": {"pe+an"}, "Pv": {"pe+an"},
	"PB": {"peber+"}, "Pc": {"peber+an"}, "PR": {"peper+"}, "P8": {"peper+"}, "Ps": {"peper+an"},
	"R0": {"per+"}, "R1": {"per+"}, "Ra": {"per+an"}, "Ri": {"per+i"}, "Rk": {"per+kan"},
	"RP": {"perpe+"}, "Rq": {"perpe+an"}, "RS": {"perse+"}, "R4": {"perse+"}, "Rt": {"perse+an"},
	"S0": {"se+"}, "S1": {"se+"}, "Sa": {"se+an"}, "Sn": {"se+"}, "Sb": {"se+"},
	"SB": {"seber+"}, "S3": {"seber+"}, "SK": {"seke+"}, "S4": {"seke+"}, "Sl": {"seke+an"},
	"SP": {"sepe+"}, "S5": {"sepe+"}, "Sq": {"sepe+an"}, "SR": {"seper+"}, "S6": {"seper+"}, "Ss": {"seper+an"},
	"ST": {"seter+"},
	"T0": {"ter+"}, "T1": {"ter+"}, "TE": {"ter+"}, "T3": {"ter+"},
	"Ta": {"ter+an"}, "Tf": {"ter+an"}, "Ti": {"ter+i"}, "Tg": {"ter+i"}, "Tk": {"ter+kan"}, "Tn": {"ter+kan"}, "Th": {"ter+kan"},
	"TB": {"terbe+"}, "TK": {"terke+"}, "TR": {"terper+"},
	"a0": {"+an"}, "i0": {"+i"}, "k0": {"+kan"},
}

func flagPatterns(flag string) []string { return flagTable[flag] }

// IsRoot reports whether word (lowercase, normalised) is in the root dictionary.
func IsRoot(word string) bool { return loadDictionary().has(word) }

// Roots returns all roots of the dictionary, sorted. The slice is a copy.
func Roots() []string {
	d := loadDictionary()
	out := make([]string, len(d.list))
	copy(out, d.list)
	return out
}
