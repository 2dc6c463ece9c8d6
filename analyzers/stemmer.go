package analyzers

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// Stemmer reduces an Indonesian word to its root with dictionary-backed confix stripping of the
// Nazief–Adriani / Enhanced Confix Stripping family. Unlike the classic algorithms, which try the rules
// in a fixed order and stop at the first dictionary hit, it generates every parse (any number of
// particles, possessives and one derivational suffix, combined with up to three prefixes in all their
// allomorphs and recodings) and ranks the analyses: a dictionary root first, then the affix
// combination the root accepts according to its hunspell flags, longer roots, fewer affixes. Words
// without any dictionary parse go through a conservative rule-based fallback so that they still
// group. A Stemmer is safe for concurrent use; results are cached per word.
type Stemmer struct {
	cache *stemCache
	// cands lends stemWord its candidates' buffer: made for each word an
	// import's cache misses cost a tenth of its stemming.
	cands sync.Pool
}

// minStemLen is the length in bytes below which a word is its own root.
const minStemLen = 4

// NewStemmer returns a stemmer over the shared embedded dictionary with its own cache. The dictionary
// is parsed once per process, on the first Stem call.
func NewStemmer() *Stemmer {
	return &Stemmer{cache: newStemCache()}
}

// Stem returns the root of one lowercased, normalised word. Words that are not purely alphabetic
// (numbers, codes such as "p3k") and words shorter than four letters are returned unchanged.
func (s *Stemmer) Stem(word string) string {
	if len(word) < minStemLen {
		return word
	}
	var buf [cacheBufLen]byte
	if r, ok := s.cache.appendGet(buf[:0], word); ok {
		if string(r) == word { // its own root: no copy
			return word
		}
		return string(r)
	}
	r := s.stem(word)
	s.cache.put(word, r)
	return r
}

// appendStem appends the root of word to dst: the analyzer's roots go
// into one buffer a text, copied from the cache line the lookup read.
func (s *Stemmer) appendStem(dst []byte, word string) []byte {
	if len(word) < minStemLen {
		return append(dst, word...)
	}
	if out, ok := s.cache.appendGet(dst, word); ok {
		return out
	}
	r := s.stem(word)
	s.cache.put(word, r)
	return append(dst, r...)
}

// stemNoCache is Stem without the cache (benchmarks, tests).
func (s *Stemmer) stemNoCache(word string) string {
	if len(word) < minStemLen {
		return word
	}
	return s.stem(word)
}

func (s *Stemmer) stem(w string) string {
	if strings.IndexByte(w, '-') >= 0 {
		return s.stemHyphenated(w)
	}
	if !isPlainWord(w) {
		return w
	}
	return s.stemWord(w)
}

// isPlainWord reports whether w consists of lowercase letters only (ASCII or not).
func isPlainWord(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			if r < utf8.RuneSelf || !isLetter(r) {
				return false
			}
		}
	}
	return true
}

// stemHyphenated handles reduplication (anak-anak, buku-bukunya, bersama-sama, meniru-nirukan,
// malaikat-malaikat-nya), clitics written with a hyphen (nikmat-ku) and lexicalised echo words
// (kupu-kupu, sayur-mayur), which stay whole.
func (s *Stemmer) stemHyphenated(w string) string {
	if isEchoWord(w) {
		return w
	}
	parts := strings.Split(w, "-")
	// Drop empty parts and trailing clitics (-nya, -ku, -mu, -lah, -kah, -pun).
	kept := parts[:0]
	for i, p := range parts {
		if p == "" {
			continue
		}
		if i > 0 && isClitic(p) {
			continue
		}
		kept = append(kept, p)
	}
	switch len(kept) {
	case 0:
		return w
	case 1:
		return s.Stem(kept[0])
	}
	a, b := kept[0], kept[1]
	if len(kept) > 2 || !isPlainWord(a) || !isPlainWord(b) {
		return w
	}
	if a == b {
		return s.Stem(a)
	}
	sa, sb := s.Stem(a), s.Stem(b)
	if sa == sb || isReduplicationOf(a, b) {
		return sa
	}
	return w
}

// isReduplicationOf tells whether b repeats a (possibly with affixes on either side): buku-bukunya,
// bersama-sama, meniru-nirukan, menyepak-nyepak, sayur-sayuran.
func isReduplicationOf(a, b string) bool {
	if strings.HasPrefix(b, a) || strings.HasSuffix(a, b) {
		return true
	}
	const k = 4
	if len(b) >= k && strings.Contains(a, b[:k]) && len(a) >= k {
		// the shared part must reach the end of a (me-NIRU / NIRU-kan)
		i := strings.LastIndex(a, b[:k])
		tail := a[i:]
		return strings.HasPrefix(b, tail)
	}
	return false
}

var clitics = map[string]bool{"nya": true, "ku": true, "mu": true, "lah": true, "kah": true, "pun": true}

func isClitic(p string) bool { return clitics[p] }

// parse is one way to read a word as prefixes + root + suffixes.
type parse struct {
	root     string
	prefixes [3]string // base forms, outermost first
	nPrefix  int
	recoded  int    // allomorph recodings used (menulis → tulis counts one)
	deriv    string // derivational suffix: i, kan, an or a loan suffix
	nInfl    int    // particles and possessives
	primary  bool   // only primary rules used (eligible for the rule-based fallback)
	menge    bool   // menge-/penge- used
}

func (a *parse) pattern() string {
	var b strings.Builder
	for i := 0; i < a.nPrefix; i++ {
		b.WriteString(a.prefixes[i])
	}
	b.WriteByte('+')
	b.WriteString(a.deriv)
	return b.String()
}

func (a *parse) affixes() int {
	n := a.nPrefix + a.nInfl
	if a.deriv != "" {
		n++
	}
	return n
}

var (
	particles   = []string{"lah", "kah", "tah", "pun"}
	possessives = []string{"ku", "mu", "nya"}
	derivs      = []string{"kan", "an", "i"}
	loanSuffix  = []string{"isasi", "isme", "wati", "wan", "is", "if"}
)

// forbidden prefix–suffix pairs (outermost prefix with the derivational suffix).
var forbiddenConfix = map[string]bool{
	"ber+i": true, "di+an": true, "ke+i": true, "ke+kan": true, "me+an": true,
	"se+i": true, "se+kan": true, "ter+an": true,
}

// forbidden tells whether a combines an outer prefix with a suffix it never takes. ketahui (the
// imperative of mengetahui) is the one ke-...-i word.
func forbidden(a *parse) bool {
	if a.nPrefix == 0 || !forbiddenConfix[a.prefixes[0]+"+"+a.deriv] {
		return false
	}
	return !(a.nPrefix == 1 && a.prefixes[0] == "ke" && a.deriv == "i" && a.root == "tahu")
}

// licensedParse tells whether the root's flags license a's whole affix pattern. A bare -kan counts
// when the root takes me-...-kan (belikan, bawakan: imperatives of membelikan, membawakan).
func licensedParse(d *dictionary, a *parse) bool {
	if d.licensed(a.root, a.pattern()) {
		return true
	}
	return a.nPrefix == 0 && a.deriv == "kan" && d.licensed(a.root, "me+kan")
}

func (s *Stemmer) stemWord(w string) string {
	d := loadDictionary()
	buf, _ := s.cands.Get().(*[]parse)
	if buf == nil {
		buf = &[]parse{}
	}
	cands := (*buf)[:0]
	s.generate(d, w, &cands)
	best, bestScore := -1, -1<<30
	for i := range cands {
		sc := s.score(d, w, &cands[i])
		if sc > bestScore {
			best, bestScore = i, sc
		}
	}
	root := ""
	if best >= 0 && bestScore > 0 {
		root = cands[best].root
	} else {
		root = fallback(w, cands)
	}
	clear(cands) // the pool keeps no word
	*buf = cands[:0]
	s.cands.Put(buf)
	return root
}

// generate appends every parse of w. The dictionary only gates the rare patterns (infixes, the
// repeated first syllable) that would otherwise misread names and unknown words.
func (s *Stemmer) generate(dict *dictionary, w string, out *[]parse) {
	// inflectional suffixes: -lah before a final -kah or -tah (kasihilahkah), at most one other
	// particle, then at most one possessive
	type split struct {
		stem  string
		nInfl int
	}
	splits := make([]split, 0, 8)
	splits = append(splits, split{w, 0})
	for _, p := range particles {
		if strings.HasSuffix(w, p) && len(w)-len(p) >= 3 {
			st := w[:len(w)-len(p)]
			splits = append(splits, split{st, 1})
			if p != "lah" && strings.HasSuffix(st, "lah") && len(st) >= 6 {
				splits = append(splits, split{st[:len(st)-3], 2})
			}
		}
	}
	n := len(splits)
	for i := 0; i < n; i++ {
		sp := splits[i]
		for _, o := range possessives {
			if strings.HasSuffix(sp.stem, o) && len(sp.stem)-len(o) >= 3 {
				splits = append(splits, split{sp.stem[:len(sp.stem)-len(o)], sp.nInfl + 1})
			}
		}
	}
	for _, sp := range splits {
		base := parse{nInfl: sp.nInfl, primary: true}
		s.prefixes(dict, sp.stem, base, out)
		for _, d := range derivs {
			if strings.HasSuffix(sp.stem, d) && len(sp.stem)-len(d) >= 3 {
				a := base
				a.deriv = d
				s.prefixes(dict, sp.stem[:len(sp.stem)-len(d)], a, out)
			}
		}
		for _, d := range loanSuffix {
			if strings.HasSuffix(sp.stem, d) && len(sp.stem)-len(d) >= 4 {
				a := base
				a.deriv = d
				a.primary = false
				s.prefixes(dict, sp.stem[:len(sp.stem)-len(d)], a, out)
			}
		}
	}
}

// prefixes appends a (with root rest) and every parse that strips further prefixes from rest.
func (s *Stemmer) prefixes(d *dictionary, rest string, a parse, out *[]parse) {
	a.root = rest
	*out = append(*out, a)
	if a.nPrefix == 3 || len(rest) < 5 {
		return
	}
	if a.nPrefix == 0 {
		bare(d, rest, a, out)
	}
	for _, o := range prefixOptions(rest, a.nPrefix == 0) {
		if len(o.rest) < 2 || !allowedChain(&a, o.base) {
			continue
		}
		b := a
		b.prefixes[b.nPrefix] = o.base
		b.nPrefix++
		if o.recoded {
			b.recoded++
		}
		if !o.primary {
			b.primary = false
		}
		if o.menge {
			b.menge = true
		}
		s.prefixes(d, o.rest, b, out)
	}
}

// bare appends the parses of a word without prefixes that no prefix may precede: the repeated first
// syllable of collectives (dedaunan, rerumputan, lelembut → lembut) and the infixes -el-, -em-, -er-,
// -in- (telunjuk, gemetar, gerigi, kinerja). Both are unproductive and shaped like many roots and
// names (bebas, tetap, Temanggung), so the first applies only to -an collectives, words outside
// the dictionary and flagless entries (see markDerived), the second only to entries marked infixed
// in roots_extra.txt.
func bare(d *dictionary, rest string, a parse, out *[]parse) {
	a.nPrefix = 1
	a.primary = false
	ri := d.roots[rest]
	if rest[1] == 'e' && rest[0] == rest[2] && !isVowel(rest[0]) && (a.deriv == "an" || ri == nil || ri.patterns == nil) {
		b := a
		b.prefixes[0] = "redup"
		b.root = rest[2:]
		*out = append(*out, b)
	}
	if ri != nil && ri.infixed {
		for _, in := range [...]string{"el", "em", "er", "in"} {
			if rest[1:3] == in {
				b := a
				b.prefixes[0] = "infix"
				b.root = rest[:1] + rest[3:]
				*out = append(*out, b)
			}
		}
	}
}

// allowedChain tells whether prefix base may follow the prefixes already stripped from a.
func allowedChain(a *parse, base string) bool {
	if a.nPrefix == 0 {
		return true
	}
	for i := 0; i < a.nPrefix; i++ {
		if a.prefixes[i] == base {
			return false
		}
	}
	prev := a.prefixes[a.nPrefix-1]
	switch base {
	case "per", "ber", "pe", "ke", "se":
	case "ter":
		// keterbukaan; ber-ter- does not exist (berteriak is ber- + teriak)
		return prev == "ke"
	case "me":
		// pemerataan: pe-...-an on merata
		return prev == "pe"
	default:
		return false
	}
	if prev == "redup" || prev == "infix" {
		return false
	}
	if prev == "se" && base != "per" || prev == "ter" && base != "per" && base != "ke" {
		// se- takes only per- (sepertiga, kesepersepuluhnya)
		return false
	}
	return true
}

type prefixOption struct {
	menge   bool
	base    string
	rest    string
	recoded bool
	primary bool
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// prefixOptions lists every way to strip one prefix from s, with the allomorph rules of ECS.
func prefixOptions(s string, outer bool) []prefixOption {
	var o []prefixOption
	add := func(base, rest string, recoded, primary bool) {
		if strings.HasPrefix(rest, "\x00") {
			o = append(o, prefixOption{menge: true, base: base, rest: rest[1:], recoded: recoded, primary: primary})
			return
		}
		o = append(o, prefixOption{base: base, rest: rest, recoded: recoded, primary: primary})
	}
	at := func(i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	hasP := func(p string) bool { return strings.HasPrefix(s, p) && len(s) > len(p)+1 }
	cer := func(x string) bool { // C1erC2: bekerja, beternak, pekerja, peserta
		return len(x) > 4 && !isVowel(x[0]) && x[1] == 'e' && x[2] == 'r' && !isVowel(x[3])
	}
	switch s[0] {
	case 'd':
		if hasP("di") {
			add("di", s[2:], false, true)
		}
	case 'k':
		if hasP("ke") {
			add("ke", s[2:], false, true)
		}
		if outer && hasP("kau") {
			add("ku", s[3:], false, false)
		} else if outer && hasP("ku") {
			add("ku", s[2:], false, false)
		}
	case 's':
		if hasP("se") {
			add("se", s[2:], false, true)
		}
	case 'b':
		if hasP("ber") {
			add("ber", s[3:], false, true)
		}
		if hasP("be") && (at(2) == 'r' || cer(s[2:])) {
			add("ber", s[2:], false, true)
		}
		if s == "belajar" || strings.HasPrefix(s, "belajar") {
			add("ber", s[3:], false, true)
		}
	case 't':
		if hasP("ter") {
			add("ter", s[3:], false, true)
		}
		if hasP("te") && (at(2) == 'r' || cer(s[2:])) {
			add("ter", s[2:], false, true)
		}
		if hasP("tel") {
			add("ter", s[2:], false, false) // telanjur, telantar: ter- loses its r before l
		}
	case 'p':
		if hasP("per") {
			add("per", s[3:], false, true)
		}
		if strings.HasPrefix(s, "pelajar") {
			add("pe", s[3:], false, true)
		}
		peMe(s, "pe", add)
	case 'm':
		peMe(s, "me", add)
	case 'n':
		if outer {
			// colloquial nasal prefixes: ngecek, ngopi, nyapu, nyuci
			if hasP("nge") {
				add("me", "\x00"+s[3:], false, false)
			}
			if hasP("ng") && isVowel(at(2)) {
				add("me", s[2:], false, false)
				add("me", "k"+s[2:], true, false)
			}
			if hasP("ny") && isVowel(at(2)) {
				add("me", "s"+s[2:], true, false)
				add("me", "c"+s[2:], true, false)
			}
		}
	}
	return o
}

// peMe adds the allomorphs of me-/pe- (mem-, men-, meng-, meny-, menge- and their pe- twins).
func peMe(s, p string, add func(base, rest string, recoded, primary bool)) {
	if !strings.HasPrefix(s, p) || len(s) < len(p)+3 {
		return
	}
	x := s[len(p):] // after me/pe
	c := x[0]
	switch {
	case c == 'l' || c == 'r' || c == 'w' || c == 'y':
		add(p, x, false, true)
	case c == 'm' || c == 'n':
		// me+nyanyi, me+nganga, me+minum: the nasal belongs to the root; primary only for
		// the nasal followed by a vowel handled below.
		add(p, x, false, false)
	default:
		if p == "pe" {
			// pedagang, petani, pekerja, peserta: pe- before a consonant (agentive of ber-)
			add(p, x, false, !isVowel(c) && len(x) > 4 && x[1] == 'e' && x[2] == 'r')
		}
	}
	if c != 'm' && c != 'n' {
		return
	}
	if len(x) < 3 {
		return
	}
	y := x[1:] // after mem/men (m or n consumed)
	switch {
	case c == 'm':
		switch y[0] {
		case 'b', 'f', 'v':
			add(p, y, false, true)
		case 'p':
			add(p, y, false, true) // memproses, memperbaiki
		case 'r':
			add(p, "p"+y, true, false) // pemrograman
		default:
			if isVowel(y[0]) {
				add(p, "p"+y, true, true) // memukul
			}
		}
	case strings.HasPrefix(y, "ge") && len(y) > 4 && p+"n" == s[:len(p)+1]:
		// menge-: mengecat, pengeboran (monosyllabic roots)
		add(p, "\x00"+y[2:], false, true)
		fallthrough
	case strings.HasPrefix(y, "g"):
		z := y[1:] // after meng
		if len(z) < 2 {
			return
		}
		switch {
		case isVowel(z[0]):
			add(p, z, false, true)     // menguji, mengalami
			add(p, "k"+z, true, false) // mengerat → kerat
		case z[0] == 'g' || z[0] == 'h' || z[0] == 'k' || z[0] == 'q' || z[0] == 'x':
			add(p, z, false, true)
		default:
			add(p, z, false, false) // penglihatan, pengrajin: irregular but attested
		}
	case strings.HasPrefix(y, "y"):
		z := y[1:] // after meny
		if len(z) >= 2 && isVowel(z[0]) {
			add(p, "s"+z, true, true) // menyapu → sapu
		}
	default: // men
		switch y[0] {
		case 'c', 'd', 'j', 'z', 's', 't':
			add(p, y, false, y[0] != 's' && y[0] != 't') // mencari; mensyukuri, mentaati
		default:
			if isVowel(y[0]) {
				add(p, "t"+y, true, true) // menulis → tulis
			}
		}
	}
}

// score ranks an parse; it is positive only for a dictionary root.
func (s *Stemmer) score(d *dictionary, w string, a *parse) int {
	ri, ok := d.roots[a.root]
	if !ok {
		return -1
	}
	if len(a.root) < 3 {
		return -1
	}
	if forbidden(a) {
		return -1
	}
	sc := 1000
	if ri.demoted || ri.derived {
		sc = 500
	}
	isLoan := a.deriv != "" && a.deriv != "i" && a.deriv != "kan" && a.deriv != "an"
	switch {
	case a.nPrefix == 0 && a.deriv == "":
		sc += 40
		lah := strings.HasSuffix(w, "lah") || strings.HasSuffix(w, "kah") || strings.HasSuffix(w, "tah")
		whole := d.roots[w]
		if a.nInfl > 0 && (whole == nil || !whole.keep) &&
			(len(a.root) >= 4 && !lah || whole == nil && ri.patterns != nil) {
			// particles and possessives attach to any word: stripping them beats a dictionary
			// entry that merely lists the inflected form (kalaupun) and, outside the dictionary,
			// a prefix reading (dialah is dia + -lah, not di- + alah; but menikah is not meni +
			// -kah, a flagless rarity); roots ending in -lah, -kah, -tah (masalah) and our own
			// roots (maluku) stay
			sc += 12 * a.nInfl
		}
	case licensedParse(d, a):
		sc += 40
	case a.nPrefix == 0 && !isLoan:
		// a bare suffix (-an, -kan, -i) is productive: partial licence
		sc += 10
	case a.nPrefix > 0 && (d.takesPrefix(a.root, a.prefixes[0]) ||
		d.licensed(a.root, a.prefixes[a.nPrefix-1]+"+"+a.deriv) ||
		d.takesPrefix(a.root, a.prefixes[a.nPrefix-1])):
		// the root takes the prefix, if with another suffix (terabai: abai has terabaikan)
		sc += 15
	}
	if isLoan {
		sc -= 20
	}
	sc += 2 * utf8.RuneCountInString(a.root)
	sc -= 3 * a.affixes()
	sc -= a.nPrefix
	sc -= 2 * a.recoded
	if a.menge && monosyllabic(a.root) {
		sc += 6 // mengecat, mengebom: menge- marks a monosyllabic root (not pengemudi → kemudi)
	}
	return sc
}

// fallback chooses among the analyses built from primary rules only, when no root is in the
// dictionary: it strips as much as the rules allow while keeping a root of at least four letters,
// so that pelayanan, melayani, dilayani and layanan still meet at one stem.
func fallback(w string, cands []parse) string {
	best, bestScore := w, 0
	for i := range cands {
		a := &cands[i]
		if !a.primary || len(a.root) < 4 || !hasVowel(a.root) {
			continue
		}
		if forbidden(a) {
			continue
		}
		// Without a prefix only -nya goes: suffixes and particles are too often part of the root
		// or name (pantai, tirai, Marwan, Subarkah).
		if a.nPrefix == 0 && (a.deriv != "" || !strings.HasSuffix(w, "nya")) {
			continue
		}
		if a.nPrefix > 2 {
			continue
		}
		sc := 10*a.affixes() - 2*a.recoded
		if sc > bestScore {
			best, bestScore = a.root, sc
		}
	}
	return best
}

// monosyllabic tells whether s has a single syllable (cat, bom, las, sah; not luar, mudi). Only ai,
// au, oi and ei are diphthongs.
func monosyllabic(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isVowel(s[i]) {
			continue
		}
		n++
		if i > 0 && isVowel(s[i-1]) && (s[i] == 'i' || s[i] == 'u') && s[i-1] != 'i' && s[i-1] != 'u' &&
			!(s[i-1] == 'e' && s[i] == 'u') && !(s[i-1] == 'o' && s[i] == 'u') {
			n-- // ai, au, oi, ei close one syllable
		}
	}
	return n == 1
}

func hasVowel(s string) bool {
	for i := 0; i < len(s); i++ {
		if isVowel(s[i]) {
			return true
		}
	}
	return false
}
