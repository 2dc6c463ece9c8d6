package search

// A plan of plain words ranked by relevance (the common search, and every
// question) is matched and scored slot by slot, the same way by both
// executors (rank_model.go holds the arithmetic):
//
//   - one slot per query word (or per multi-word expression the synonym
//     table knows), holding its alternatives: the analysed word, its
//     synonyms, and, once the index is consulted (resolve.go), spelling
//     variants of rare words, corrections of unknown ones and compounds;
//   - a document matches a slot when it holds every term of one of the
//     slot's alternatives in its text; it matches the plan when it matches
//     every slot but the optional ones (All) or any slot;
//   - its score is BM25 as the formula has it (raw term frequency, the true
//     mean field length), per slot the best alternative (each weighed by
//     its multiplier and the slot's weight), summed over the slots, plus a
//     light title term, plus a bonus for slots whose words come early in
//     the text (the lead), plus understood regions, sectors and years as
//     boosts. There is no coordination factor: idf already prefers the
//     documents that hold more of the rare words.
//
// Plans with the query language (phrases, OR, exclusions of phrases),
// sorted by date or year, or without words keep the scoring of scoring.go
// and run through Bleve's searchers.

// Ranking is the slot ranking of a plan.
type Ranking struct {
	Slots    []Slot   `json:"slots"`
	Not      []string `json:"not,omitempty"`      // excluded terms of the text field
	Question bool     `json:"question,omitempty"` // matched by any word, never AND-first
	// All requires every slot but the optional ones. The search sets it for
	// the first run of a keyword query of several words (all words first)
	// and clears it when that does not fill the first page.
	All bool `json:"all,omitempty"`
	// Answer is the kind of answer a question asks for (answer.go): its
	// best documents that hold one are raised.
	Answer string  `json:"answer,omitempty"`
	Boosts []Boost `json:"boosts,omitempty"`
	Params Params  `json:"params"`
}

// Slot is one word (or expression) of the query.
type Slot struct {
	Word   string  `json:"word"`   // as typed
	Weight float64 `json:"weight"` // 1; in a question, frameWeight or properWeight
	Exprs  []Expr  `json:"exprs"`  // the first is the word itself
	// Rare: the word is in few documents, or none (set by resolve); its
	// spelling variants and corrections have been added.
	Rare bool `json:"rare,omitempty"`
	// Optional: a place or year the query names that ranks as a boost; it
	// scores where a document holds it, but All does not require it.
	Optional bool `json:"optional,omitempty"`
}

// Expr is one alternative of a slot: terms of the text field that a
// document must all hold (a multi-word synonym is several terms; no
// positions are required, which keeps matching cheap).
type Expr struct {
	Terms []string `json:"terms"`
	Mult  float64  `json:"mult"`
	Kind  string   `json:"kind"` // one of the kind constants
}

// Kinds of alternatives, and their multipliers where fixed.
const (
	kindWord     = "word"     // the word as analysed (stemmed): 1
	kindSynonym  = "synonym"  // from the synonym table: the table's weight
	kindRelated  = "related"  // from the thesaurus (questions only): its weight
	kindVariant  = "variant"  // a spelling variant of a rare word
	kindTypo     = "typo"     // an indexed word close to one the index lacks
	kindCompound = "compound" // two words written as one, or one as two
)

// Boost raises documents that have one of Terms in Field (a facet value
// read from the words of the query but not applied as a filter); it never
// decides what matches.
type Boost struct {
	Field  string   `json:"field"`
	Terms  []string `json:"terms"`
	Weight float64  `json:"weight"`
}

// Params are the constants of the scoring. The defaults were measured on
// natural-language questions and on the judged demo set (docs/search.md).
type Params struct {
	K1 float64 `json:"k1"`
	B  float64 `json:"b"`
	// Title weighs a term's BM25 in the title field, added to its BM25 in
	// the text field (which holds the title too).
	Title float64 `json:"title"`
	// Lead weighs the bonus of a slot found early in the text:
	// Lead × weight × idf × exp(−(position−1)/LeadTau).
	Lead    float64 `json:"lead"`
	LeadTau float64 `json:"lead_tau"`
	// Answer raises a question's AnswerDepth best documents that hold the
	// kind of answer it asks for: score × (1 + Answer).
	Answer      float64 `json:"answer"`
	AnswerDepth int     `json:"answer_depth"`
}

// Ranking defaults.
const (
	defaultK1            = 0.9
	defaultB             = 0.75
	defaultTitleQuestion = 0.1
	defaultTitleKeywords = 0.1
	defaultLead          = 0.2
	defaultLeadTau       = 5
	defaultBoost         = 1.0
	defaultAnswer        = 0.25
	defaultAnswerDepth   = 15
)

// RankConfig configures the slot ranking; zero values take the defaults.
type RankConfig struct {
	K1, B float64
	// TitleQuestion and TitleKeywords are the title weights for questions
	// and for keyword queries.
	TitleQuestion, TitleKeywords float64
	Lead, LeadTau                float64
	// Boost weighs an understood region, sector or year that is not a
	// filter.
	Boost float64
	// Answer raises, among a question's AnswerDepth best documents, those
	// that hold the kind of answer it asks for (answer.go).
	Answer      float64
	AnswerDepth int
}

func (c *RankConfig) defaults() {
	// Zero takes the default; a negative value turns the term off.
	set := func(v *float64, d float64) {
		switch {
		case *v == 0:
			*v = d
		case *v < 0:
			*v = 0
		}
	}
	set(&c.K1, defaultK1)
	set(&c.B, defaultB)
	set(&c.TitleQuestion, defaultTitleQuestion)
	set(&c.TitleKeywords, defaultTitleKeywords)
	set(&c.Lead, defaultLead)
	set(&c.LeadTau, defaultLeadTau)
	set(&c.Boost, defaultBoost)
	set(&c.Answer, defaultAnswer)
	if c.AnswerDepth <= 0 {
		c.AnswerDepth = defaultAnswerDepth
	}
	if c.LeadTau == 0 {
		c.LeadTau = defaultLeadTau // a scale, never off
	}
}

// params are the scoring constants for a question or a keyword query.
func (c RankConfig) params(question bool) Params {
	p := Params{K1: c.K1, B: c.B, Title: c.TitleKeywords, Lead: c.Lead, LeadTau: c.LeadTau}
	if question {
		p.Title = c.TitleQuestion
		p.Answer, p.AnswerDepth = c.Answer, c.AnswerDepth
	}
	return p
}

// textTerms lists the terms the ranking looks for in the text field, for
// highlighting: all but the thesaurus's related words, which would mark
// words the reader did not ask for.
func (rk *Ranking) textTerms() []string {
	var out []string
	for _, s := range rk.Slots {
		for _, e := range s.Exprs {
			if e.Kind == kindRelated {
				continue
			}
			out = append(out, e.Terms...)
		}
	}
	return out
}
