package search

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"jippnas/analyzers"
	"jippnas/content"
	"jippnas/index"
)

// A question often says what kind of answer it wants: "kapan …" and
// "tahun berapa …" a time, "berapa …" a quantity. Among a question's best
// documents, those whose text holds that kind of thing (a year or a month
// for a time, a number for a quantity) are raised: of two passages about
// the subject, the one that gives a date answers "kapan" better. The
// words nothing else searches for (they are interrogatives), so the first
// pass cannot see this; it is read from the stored text of the few
// documents that could rise into the first pages. Measured on the qa-dev
// questions (TestQADev): +0.006 MRR@10 (+0.005 to +0.007 on each half of
// the set), recall@10 not lower; keyword queries are not touched.

// Kinds of answer a question asks for.
const (
	answerTime       = "time"
	answerQuantity   = "quantity"
	answerDefinition = "definition"
)

// answerKind reads the kind of answer a question asks for from its words;
// "" when it says none this ranking uses.
func answerKind(q string) string {
	words := strings.FieldsFunc(analyzers.Normalize(q), notWordRune)
	if asksDefinition(words) {
		return answerDefinition
	}
	for i, w := range words {
		switch w {
		case "kapan", "kapankah", "kapantah", "bilamana", "bilamanakah", "bilakah":
			return answerTime
		case "berapa", "berapakah", "berapatah", "keberapa", "keberapakah":
			if i > 0 && (words[i-1] == "tahun" || words[i-1] == "tanggal") {
				return answerTime
			}
			return answerQuantity
		}
	}
	return ""
}

// answerTimeWords are the words that give a time: the months and "abad"
// (century, as in "abad ke-19").
var answerTimeWords = map[string]bool{
	"januari": true, "februari": true, "maret": true, "april": true, "mei": true, "juni": true, "juli": true,
	"agustus": true, "september": true, "oktober": true, "november": true, "desember": true, "abad": true,
}

// holdsAnswer reports whether a text holds an answer of the kind: for a
// time, a year from 1000 to 2099 written as a number of its own, a month
// or a century; for a quantity, any digit; for a definition, an opening
// that says what one of the subject terms is (answer_definition.go).
func holdsAnswer(kind, text string, subject map[string]bool) bool {
	switch kind {
	case answerTime:
		for _, w := range strings.FieldsFunc(text, notLetterOrDigit) {
			if len(w) == 4 && (w[0] == '1' || w[:2] == "20") && allDigits(w) ||
				len(w) >= 3 && len(w) <= 9 && answerTimeWords[strings.ToLower(w)] {
				return true
			}
		}
	case answerQuantity:
		return strings.ContainsAny(text, "0123456789")
	case answerDefinition:
		return defines(text, subject)
	}
	return false
}

func notLetterOrDigit(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// executeAnswer runs a question plan whose kind of answer is known. Its
// AnswerDepth best documents by score are raised by the factor
// 1 + Params.Answer when their text holds such an answer; scores only
// grow, so every one of them stays above every other document and the
// order (score, then id) is one total order that pages and cursors
// follow. Totals and facet counts are the executor's.
func (s *Searcher) executeAnswer(ctx context.Context, v index.View, sn *snapshot, p *Plan) (*outcome, error) {
	run := func(q *Plan) (*outcome, error) { return s.execute(ctx, v, sn, q) }
	depth := p.Rank.Params.AnswerDepth
	if p.Cursor == "" {
		q := *p
		q.Page, q.Size = 1, max(depth, p.Page*p.Size)
		out, err := run(&q)
		if err != nil {
			return nil, err
		}
		if err := s.raiseAnswers(p.Rank, out.hits[:min(depth, len(out.hits))]); err != nil {
			return nil, err
		}
		sortHits(out.hits)
		out.hits = out.hits[min((p.Page-1)*p.Size, len(out.hits)):]
		out.hits = out.hits[:min(p.Size, len(out.hits))]
		return out, nil
	}
	// After a cursor: the raised documents are those of the first pass,
	// which a cursor's run does not know; they replace their unraised
	// selves among the documents after the cursor.
	after, err := relevanceCursor(p.Cursor)
	if err != nil {
		return nil, err
	}
	top := *p
	top.Page, top.Size, top.Cursor, top.Facets = 1, depth, "", nil
	first, err := run(&top)
	if err != nil {
		return nil, err
	}
	if err := s.raiseAnswers(p.Rank, first.hits); err != nil {
		return nil, err
	}
	q := *p
	q.Size = p.Size + len(first.hits)
	out, err := run(&q)
	if err != nil {
		return nil, err
	}
	inFirst := map[string]bool{}
	for _, h := range first.hits {
		inFirst[h.id] = true
	}
	out.hits = slices.DeleteFunc(out.hits, func(h hit) bool { return inFirst[h.id] })
	for _, h := range first.hits {
		if h.score < after.score || (h.score == after.score && h.id > after.id) {
			out.hits = append(out.hits, h)
		}
	}
	sortHits(out.hits)
	out.hits = out.hits[:min(p.Size, len(out.hits))]
	return out, nil
}

// raiseAnswers raises the hits whose stored text holds an answer of the
// kind the ranking's question asks for.
func (s *Searcher) raiseAnswers(rk *Ranking, hits []hit) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	var subject map[string]bool
	if rk.Answer == answerDefinition {
		subject = subjectTerms(rk)
	}
	texts, err := s.ix.Store().Texts(ids)
	if err != nil {
		return fmt.Errorf("search: texts of the best hits: %w", err)
	}
	for i := range hits {
		h := &hits[i]
		if holdsAnswer(rk.Answer, texts[h.id], subject) {
			h.score *= 1 + rk.Params.Answer
			h.sort = []string{strconv.FormatFloat(h.score, 'g', -1, 64), h.id}
		}
	}
	return nil
}

// sortHits orders hits by score, then id, as both executors rank.
func sortHits(hits []hit) {
	slices.SortStableFunc(hits, func(a, b hit) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return strings.Compare(a.id, b.id)
	})
}

// relevanceCursor decodes a cursor of the relevance order: score, id.
func relevanceCursor(c string) (topHit, error) {
	vals, err := decodeCursor(c)
	if err != nil {
		return topHit{}, err
	}
	if len(vals) != 2 {
		return topHit{}, fmt.Errorf("cursor does not match sort %q: %w", SortRelevance, content.ErrInvalid)
	}
	score, err := strconv.ParseFloat(vals[0], 64)
	if err != nil {
		return topHit{}, fmt.Errorf("malformed cursor: %w", content.ErrInvalid)
	}
	return topHit{score: score, id: vals[1]}, nil
}
