package search

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// The synonym table: groups of expressions that answer for each other at
// query time. Applied to the query, never to the index, so an operator can
// change it without a rebuild (serve --synonyms FILE, reloaded when the
// file changes). The format (synonyms.txt, the shipped defaults, is an
// example):
//
//	# a comment; blank lines are ignored
//	source: where the groups below come from (required before the first group)
//	weight: 0.5          multiplier of the groups below (0 < w ≤ 1; default 1)
//	online, daring       a group: each expression answers for the others
//	hp => ponsel         one way: hp also finds ponsel, not the other way
//	e-*, * elektronik    a pattern: * is one word (or, as p-*, the rest of a
//	                     hyphenated word), the same in every expression
//
// An expression is one or more words. A table word matches a query word
// typed the same way or one whose stem it is (cipta matches diciptakan);
// the alternatives added are analysed as the query is (an expression of
// stopwords only is taken as stems: diri, of didirikan). A document
// matches an alternative of several words when it holds all of them.

//go:embed synonyms.txt
var defaultSynonyms string

// Synonyms is a parsed synonym table. It is immutable.
type Synonyms struct {
	Name   string // the file it was read from, or "built-in"
	groups []synGroup
	// byWord indexes the groups by the first word of an expression that
	// can start a match; patterns starting with a capture are listed apart.
	byWord   map[string][]synRef
	captured []synRef
	kind     string // of the alternatives it adds: kindSynonym, or kindRelated for a thesaurus
}

type synGroup struct {
	exprs  [][]string // the words of each expression, lowercase
	terms  [][]string // analysed expressions (nil for patterns)
	oneWay bool       // only exprs[0] is expanded, to the others
	weight float64
	source string
	line   int
}

type synRef struct{ group, expr int }

// SynonymError is a mistake in a synonym table, with its line.
type SynonymError struct {
	File string
	Line int
	Msg  string
}

func (e *SynonymError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// DefaultSynonyms is the shipped table (synonyms.txt).
func DefaultSynonyms() *Synonyms {
	t, err := ParseSynonyms("built-in", defaultSynonyms)
	if err != nil {
		panic(err) // the shipped table is tested; a bad one is a build mistake
	}
	return t
}

// Groups is the number of groups in the table.
func (t *Synonyms) Groups() int { return len(t.groups) }

// maxSynonymExprs bounds the expressions of one group (and so the
// alternatives one query word can get).
const maxSynonymExprs = 32

// ParseSynonyms reads a table; name is used in error messages. Every
// mistake is reported with its line; nothing of a bad table is used.
func ParseSynonyms(name, text string) (*Synonyms, error) {
	t := &Synonyms{Name: name, byWord: map[string][]synRef{}, kind: kindSynonym}
	source, weight := "", 1.0
	intern := map[string]string{} // one copy of each term
	fail := func(line int, format string, args ...any) (*Synonyms, error) {
		return nil, &SynonymError{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	for i, raw := range strings.Split(text, "\n") {
		line := i + 1
		if k := strings.Index(raw, "#"); k >= 0 {
			raw = raw[:k]
		}
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		if key, val, ok := strings.Cut(raw, ":"); ok {
			val = strings.TrimSpace(val)
			switch strings.ToLower(strings.TrimSpace(key)) {
			case "source":
				if val == "" {
					return fail(line, "source: says nothing")
				}
				source = val
			case "weight":
				w, err := strconv.ParseFloat(val, 64)
				if err != nil || !(w > 0 && w <= 1) {
					return fail(line, "weight must be a number above 0 and at most 1, not %q", val)
				}
				weight = w
			default:
				return fail(line, "unknown setting %q (source: or weight:)", strings.TrimSpace(key))
			}
			continue
		}
		if source == "" {
			return fail(line, "a group before any source: line (say where the groups come from)")
		}
		g := synGroup{weight: weight, source: source, line: line}
		lists := []string{raw}
		if l, r, ok := strings.Cut(raw, "=>"); ok {
			if strings.Contains(r, "=>") {
				return fail(line, "more than one =>")
			}
			g.oneWay = true
			lists = []string{l, r}
		}
		for li, list := range lists {
			parts := strings.Split(list, ",")
			if g.oneWay && li == 0 && len(parts) != 1 {
				return fail(line, "one expression before =>")
			}
			for _, p := range parts {
				words := strings.Fields(strings.ToLower(p))
				if len(words) == 0 {
					return fail(line, "empty expression")
				}
				for _, w := range words {
					if msg := checkSynonymWord(w); msg != "" {
						return fail(line, "%q: %s", w, msg)
					}
				}
				g.exprs = append(g.exprs, words)
			}
		}
		if len(g.exprs) < 2 {
			return fail(line, "a group needs at least two expressions, separated by commas")
		}
		if len(g.exprs) > maxSynonymExprs {
			return fail(line, "more than %d expressions in one group", maxSynonymExprs)
		}
		captures := -1
		for _, e := range g.exprs {
			n := 0
			for _, w := range e {
				if isCapture(w) {
					n++
				}
			}
			if n > 1 {
				return fail(line, "more than one * in %q", strings.Join(e, " "))
			}
			if captures >= 0 && n != captures {
				return fail(line, "either every expression has a * or none")
			}
			captures = n
		}
		if captures == 0 {
			for ei, e := range g.exprs {
				terms := analyseExpr(strings.Join(e, " "))
				if len(terms) == 0 {
					// Words the analyzer drops as stopwords are taken as
					// stems: "diri" is the stem of didirikan.
					terms = e
				}
				for k, term := range terms {
					if v, ok := intern[term]; ok {
						terms[k] = v
					} else {
						intern[term] = term
					}
				}
				g.terms = append(g.terms, terms)
				if g.oneWay && ei > 0 {
					// Never matched, only added (as terms): no need to
					// keep its words.
					g.exprs[ei] = nil
				}
			}
		}
		gi := len(t.groups)
		t.groups = append(t.groups, g)
		for ei, e := range g.exprs {
			if g.oneWay && ei > 0 {
				break
			}
			if isCapture(e[0]) {
				t.captured = append(t.captured, synRef{gi, ei})
			} else {
				t.byWord[e[0]] = append(t.byWord[e[0]], synRef{gi, ei})
			}
		}
	}
	return t, nil
}

func isCapture(w string) bool { return w == "*" || strings.HasSuffix(w, "-*") }

// checkSynonymWord says what is wrong with a word of an expression.
func checkSynonymWord(w string) string {
	if w == "=>" {
		return "=> between two expressions only"
	}
	if isCapture(w) {
		if strings.Count(w, "*") == 1 && (w == "*" || len(w) > 2) {
			return ""
		}
	}
	if strings.Contains(w, "*") {
		return "* stands for a whole word (*) or the rest of a hyphenated word (e-*)"
	}
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return ""
		}
	}
	return "not a word"
}

// apply adds to the slots the alternatives of every expression found in
// the query. An expression of n words found over n slots gives each of
// them the other expressions with 1/n of the group's weight, so that a
// document holding one of them scores like one word.
func (t *Synonyms) apply(slots []Slot) {
	for i := range slots {
		var refs []synRef
		refs = append(refs, t.byWord[slots[i].Word]...)
		// A thesaurus entry of the word as typed is the word's meaning; its
		// stem's may be another word's (meninggal "died", tinggal "live").
		exact := t.kind == kindRelated && len(refs) > 0
		for _, e := range slots[i].Exprs {
			if !exact && e.Kind == kindWord && e.Terms[0] != slots[i].Word {
				refs = append(refs, t.byWord[e.Terms[0]]...)
			}
		}
		refs = append(refs, t.captured...)
		for _, ref := range refs {
			g := &t.groups[ref.group]
			n, captured, ok := matchExpr(g.exprs[ref.expr], slots[i:])
			if !ok {
				continue
			}
			for oi, other := range g.exprs {
				if oi == ref.expr || (g.oneWay && ref.expr != 0) {
					continue
				}
				var terms []string
				if g.terms != nil {
					terms = g.terms[oi]
				} else {
					terms = analyseExpr(substitute(other, captured))
				}
				for k := i; k < i+n; k++ {
					slots[k].addExpr(Expr{Terms: terms, Mult: g.weight / float64(n), Kind: t.kind})
				}
			}
		}
	}
}

// matchExpr matches the words of an expression against the slots from
// the first on: a word matches a slot typed the same way or as one of its
// terms (the table may give stems); a slot the query analyzer made of
// several words (an acronym's expansion) matches the whole expression.
// It returns the number of slots matched and the captured word.
func matchExpr(words []string, slots []Slot) (int, string, bool) {
	if len(words) > 1 && len(slots) > 0 && slots[0].Word == strings.Join(words, " ") {
		return 1, "", true
	}
	if len(words) > len(slots) {
		return 0, "", false
	}
	captured := ""
	for k, w := range words {
		s := &slots[k]
		switch {
		case w == "*":
			captured = s.Word
		case strings.HasSuffix(w, "-*"):
			prefix := strings.TrimSuffix(w, "*")
			if !strings.HasPrefix(s.Word, prefix) || len(s.Word) == len(prefix) {
				return 0, "", false
			}
			captured = s.Word[len(prefix):]
		case s.Word != w && !s.hasWordTerm(w):
			return 0, "", false
		}
	}
	return len(words), captured, true
}

// substitute puts the captured word in place of the expression's *.
func substitute(words []string, captured string) string {
	out := make([]string, len(words))
	for i, w := range words {
		switch {
		case w == "*":
			out[i] = captured
		case strings.HasSuffix(w, "-*"):
			out[i] = strings.TrimSuffix(w, "*") + captured
		default:
			out[i] = w
		}
	}
	return strings.Join(out, " ")
}
