package search

import (
	"slices"
	"sort"
	"strings"

	"jippnas/index"
)

// Resolution adds the alternatives that depend on what the index holds,
// once per search and before either executor runs, so that both rank the
// same alternatives:
//   - a rare word (in at most rareDocs documents) gets its spelling
//     variants that the index holds in more documents;
//   - a word the index lacks, or that is far rarer than a close word it
//     holds (a typo), gets the most frequent indexed words it begins or
//     nearly is: this alone is typo tolerance, and it is what makes the
//     result say so and propose a correction;
//   - two words the index holds written as one (ibu kota → ibukota) get
//     the joined word, and a rare word the index holds as two gets both.

const (
	rareDocs     = 5   // a word in at most this many documents is rare
	typoRatio    = 20  // a close word this many times more frequent marks a typo
	typoMaxCands = 3   // corrections added per word
	variantMult  = 0.8 // multiplier of a spelling variant
	typoMult     = 0.8 // of a correction
	compoundMult = 0.5 // of a joined or split compound
	minPrefixLen = 5   // a word shorter than this is not completed as a prefix
	// A thesaurus word in more than 1 of relatedMaxShare documents adds
	// little at its weight and costs a long postings list.
	relatedMaxShare = 10
)

// resolution is what resolving found about the query's words.
type resolution struct {
	typos []string // words taken for typos (absent, or far rarer than a close word)
}

// resolve returns a copy of rk with the index's alternatives added.
func resolve(sn *snapshot, rk *Ranking) (*Ranking, resolution, error) {
	var res resolution
	out := *rk
	out.Slots = make([]Slot, len(rk.Slots))
	df := func(term string) (uint64, error) { return sn.df(index.FieldText, term) }
	for i, s := range rk.Slots {
		s.Exprs = slices.Clone(s.Exprs)
		base, err := df(s.Exprs[0].Terms[0])
		if err != nil {
			return nil, res, err
		}
		s.Rare = base <= rareDocs
		if err := pruneRelated(&s, sn.n, df); err != nil {
			return nil, res, err
		}
		if s.Rare {
			if err := addVariants(&s, base, df); err != nil {
				return nil, res, err
			}
			typo, err := addCorrections(sn, &s, base)
			if err != nil {
				return nil, res, err
			}
			if typo {
				res.typos = append(res.typos, s.Word)
			}
		}
		out.Slots[i] = s
	}
	if err := addCompounds(out.Slots, df); err != nil {
		return nil, res, err
	}
	return &out, res, nil
}

// addVariants adds the spelling variants of a rare word that more
// documents hold than the word itself.
func addVariants(s *Slot, base uint64, df func(string) (uint64, error)) error {
	for _, v := range spellingVariants(s.Word) {
		terms := analyseExpr(v)
		if len(terms) != 1 {
			continue
		}
		n, err := df(terms[0])
		if err != nil {
			return err
		}
		if n > base {
			s.addExpr(Expr{Terms: terms, Mult: variantMult, Kind: kindVariant})
		}
	}
	return nil
}

// addCorrections adds corrections for a word taken for a typo: one the
// index lacks (and holds no other form of: a spelling variant or a
// synonym), corrected to the most frequent indexed words it begins or
// nearly is; or a rare one with a close word typoRatio times more
// frequent, corrected to such words. It reports whether the word counts
// as mistyped (also when a spelling variant stands in for it).
func addCorrections(sn *snapshot, s *Slot, base uint64) (bool, error) {
	w := s.Word
	if strings.ContainsAny(w, " -") || !allLetters(w) {
		return false, nil
	}
	if base == 0 {
		for _, e := range s.Exprs[1:] {
			known := true
			for _, t := range e.Terms {
				n, err := sn.df(index.FieldText, t)
				if err != nil {
					return false, err
				}
				known = known && n > 0
			}
			if known {
				// Written another way (a variant: say so), or a synonym.
				return e.Kind == kindVariant, nil
			}
		}
	}
	type cand struct {
		term string
		df   uint64
	}
	var cands []cand
	seen := map[string]bool{}
	var lookupErr error
	consider := func(t string) {
		if seen[t] || lookupErr != nil || t == s.Exprs[0].Terms[0] {
			return
		}
		seen[t] = true
		n, err := sn.df(index.FieldText, t)
		if err != nil {
			lookupErr = err
			return
		}
		if n > 0 && (base == 0 || n >= typoRatio*base) {
			cands = append(cands, cand{t, n})
		}
	}
	if base == 0 && len(w) >= minPrefixLen {
		if err := sn.prefixTerms(index.FieldText, w, consider); err != nil {
			return false, err
		}
	}
	if fz := fuzziness(w); fz > 0 {
		// The text field holds stems, which an affixed word is far from
		// (kesehtan → htan, kesehatan → sehat): the close words of the
		// titles, as written, stand in by their stems.
		err := sn.fuzzyTerms(w, fz, []string{index.FieldText, index.FieldTitleExact}, func(field, t string) {
			if field == index.FieldText {
				consider(t)
			} else if terms := analyseExpr(t); len(terms) == 1 {
				consider(terms[0])
			}
		})
		if err != nil {
			return false, err
		}
	}
	if lookupErr != nil {
		return false, lookupErr
	}
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].df != cands[b].df {
			return cands[a].df > cands[b].df
		}
		return cands[a].term < cands[b].term
	})
	added := false
	for _, c := range cands[:min(len(cands), typoMaxCands)] {
		added = s.addExpr(Expr{Terms: []string{c.term}, Mult: typoMult, Kind: kindTypo}) || added
	}
	return added, nil
}

// addCompounds gives two adjacent words the word they make together when
// the index holds it (ibu kota → ibukota, at both slots, each with half
// the weight), and a rare word the index holds as two words more often
// both of them.
func addCompounds(slots []Slot, df func(string) (uint64, error)) error {
	for i := 0; i+1 < len(slots); i++ {
		a, b := &slots[i], &slots[i+1]
		if strings.Contains(a.Word, " ") || strings.Contains(b.Word, " ") {
			continue
		}
		terms := analyseExpr(a.Word + b.Word)
		if len(terms) != 1 {
			continue
		}
		n, err := df(terms[0])
		if err != nil {
			return err
		}
		if n > 0 {
			e := Expr{Terms: terms, Mult: compoundMult, Kind: kindCompound}
			a.addExpr(e)
			b.addExpr(e)
		}
	}
	for i := range slots {
		s := &slots[i]
		if !s.Rare || !allLetters(s.Word) {
			continue
		}
		base, err := df(s.Exprs[0].Terms[0])
		if err != nil {
			return err
		}
		for cut := 3; cut+3 <= len(s.Word); cut++ {
			l, r := s.Word[:cut], s.Word[cut:]
			tl, tr := analyseExpr(l), analyseExpr(r)
			if len(tl) != 1 || len(tr) != 1 || tl[0] != l || tr[0] != r {
				continue
			}
			nl, err := df(l)
			if err != nil {
				return err
			}
			nr, err := df(r)
			if err != nil {
				return err
			}
			if nl > base && nr > base {
				s.addExpr(Expr{Terms: []string{l, r}, Mult: compoundMult, Kind: kindCompound})
				break
			}
		}
	}
	return nil
}

// pruneRelated drops the thesaurus's alternatives of a slot that no
// document holds, or that so many do that they would only make the
// question slower.
func pruneRelated(s *Slot, n uint64, df func(string) (uint64, error)) error {
	var err error
	s.Exprs = slices.DeleteFunc(s.Exprs, func(e Expr) bool {
		if e.Kind != kindRelated || err != nil {
			return false
		}
		for _, t := range e.Terms {
			var d uint64
			if d, err = df(t); err != nil || d == 0 || d*relatedMaxShare > n {
				return true
			}
		}
		return false
	})
	return err
}
