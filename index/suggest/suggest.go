// Package suggest completes what a user types in the search box: titles
// that start with the typed words, and the most frequent title words that
// complete the last one.
package suggest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"jippnas/analyzers"
	"jippnas/index"
	"jippnas/index/bm25"
)

// Suggester answers type-ahead requests over an index, with a cache per
// index version.
type Suggester struct {
	ix     *index.Index
	cache  suggestCache
	dicts  dictCache
	scorer *bm25.Scorer
}

// Decoded title postings kept for the title query: lists of at least
// postingsMin documents, postingsBudget bytes in all (the title_exact
// postings of 100k documents take about 10 MB).
const (
	postingsBudget = 32 << 20
	postingsMin    = 1024
)

// New returns a suggester over ix.
func New(ix *index.Index) *Suggester {
	return &Suggester{ix: ix, scorer: bm25.NewScorer(postingsBudget, postingsMin)}
}

// Suggestion is one type-ahead completion.
type Suggestion struct {
	Text    string `json:"text"`
	Type    string `json:"type"`               // SuggestTitle or SuggestTerm
	DocType string `json:"doc_type,omitempty"` // for titles: innovation, guide, news
	URL     string `json:"url,omitempty"`      // for titles: the website address
}

// Suggestion types.
const (
	SuggestTitle = "title"
	SuggestTerm  = "term"
)

// MaxSuggest caps the number of suggestions per request.
const MaxSuggest = 20

// minTermLen keeps one- and two-letter words out of term completions: they
// are noise in a type-ahead list.
const minTermLen = 3

// suggestCache memoises answers for one index version: type-ahead repeats
// the same prefixes from many users, and the answers only change when the
// content does.
type suggestCache struct {
	mu      sync.Mutex
	version uint64
	entries map[string][]Suggestion
}

const suggestCacheMax = 8192

func (c *suggestCache) get(version uint64, key string) ([]Suggestion, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil, false
	}
	s, ok := c.entries[key]
	return s, ok
}

func (c *suggestCache) put(version uint64, key string, s []Suggestion) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.entries == nil || len(c.entries) >= suggestCacheMax {
		c.version, c.entries = version, map[string][]Suggestion{}
	}
	c.entries[key] = s
}

// Suggest completes what a user is typing: titles whose words start with
// the typed words (the last one as a prefix), and the most frequent title
// words starting with the last typed word. Matching ignores case and
// diacritics, as the title_exact analysis does.
func (sg *Suggester) Suggest(ctx context.Context, prefix string, size int) ([]Suggestion, error) {
	if size <= 0 {
		size = 8
	}
	size = min(size, MaxSuggest)
	words, last := suggestTokens(prefix)
	if len(words) == 0 && last == "" {
		return []Suggestion{}, nil
	}
	version := sg.ix.Version()
	key := fmt.Sprintf("%d\x00%s\x00%s", size, strings.Join(words, " "), last)
	c := &sg.cache
	if s, ok := c.get(version, key); ok {
		return s, nil
	}
	out, err := sg.suggest(ctx, words, last, size)
	if err != nil {
		return nil, err
	}
	c.put(version, key, out)
	return out, nil
}

// Uncached is Suggest without the answer cache: the work of a prefix
// asked for the first time (benchmarks time it).
func (sg *Suggester) Uncached(ctx context.Context, prefix string, size int) ([]Suggestion, error) {
	if size <= 0 {
		size = 8
	}
	words, last := suggestTokens(prefix)
	if len(words) == 0 && last == "" {
		return []Suggestion{}, nil
	}
	return sg.suggest(ctx, words, last, min(size, MaxSuggest))
}

// suggest computes suggestions without the cache.
func (sg *Suggester) suggest(ctx context.Context, words []string, last string, size int) ([]Suggestion, error) {
	v := sg.ix.Acquire()
	defer v.Release()

	// The title query looks for the most frequent completions; the term
	// suggestions are the most frequent ones worth suggesting.
	var completions, suggestable []dictEntry
	if last != "" {
		d, err := sg.dicts.get(v)
		if err != nil {
			return nil, err
		}
		completions = d.top(last, maxPrefixTerms, nil)
		suggestable = d.top(last, size, worthSuggesting)
	}
	titles, err := sg.suggestTitles(ctx, v, words, last, completions, size)
	if err != nil {
		return nil, err
	}
	terms := suggestTerms(words, suggestable, size)
	// Terms complete the word, titles jump to a document: keep room for
	// both, and let either fill the list when the other runs short.
	nTerms := min(len(terms), size/2)
	nTitles := min(len(titles), size-nTerms)
	nTerms = min(len(terms), size-nTitles)
	out := make([]Suggestion, 0, nTerms+nTitles)
	out = append(out, terms[:nTerms]...)
	out = append(out, titles[:nTitles]...)
	return out, nil
}

// suggestTokens analyses the typed text like title_exact. The last word is
// a prefix unless the text ends with a separator (the user finished it).
func suggestTokens(text string) (words []string, last string) {
	text = strings.TrimLeftFunc(text, unicode.IsSpace)
	if text == "" {
		return nil, ""
	}
	toks, err := analyzers.Analyze(analyzers.ExactAnalyzerName, text)
	if err != nil || len(toks) == 0 {
		return nil, ""
	}
	// Tokens of one source word share a position (e-KTP → ektp, ktp): keep
	// the first of each so the conjunction is not stricter than intended.
	pos := -1
	var all []analyzers.Token
	for _, t := range toks {
		if t.Position != pos {
			all = append(all, t)
			pos = t.Position
		}
	}
	r := []rune(text)
	finished := !unicode.IsLetter(r[len(r)-1]) && !unicode.IsDigit(r[len(r)-1])
	lastTok := all[len(all)-1]
	if finished || lastTok.End < len(text) {
		for _, t := range all {
			words = append(words, t.Term)
		}
		return words, ""
	}
	for _, t := range all[:len(all)-1] {
		words = append(words, t.Term)
	}
	return words, lastTok.Term
}

// maxPrefixTerms bounds how many completions of the last word the title
// query looks for. A prefix query over every completion of one or two
// letters ("k", "pe") is a disjunction of thousands of postings lists; the
// most frequent completions find the titles worth suggesting at a fraction
// of that cost.
const maxPrefixTerms = 64

func (sg *Suggester) suggestTitles(ctx context.Context, v index.View, words []string, last string, completions []dictEntry, size int) ([]Suggestion, error) {
	// Every typed word, and one of the completions of the last: Bleve's
	// conjunction of term queries with a disjunction, scored as Bleve
	// scores it, over the postings directly (a disjunction of 64 frequent
	// words is most of the work of a short prefix).
	var q bm25.Query
	for _, w := range words {
		q.All = append(q.All, bm25.Term{Field: index.FieldTitleExact, Term: w})
	}
	if last != "" {
		if len(completions) == 0 {
			return nil, nil
		}
		for _, e := range completions {
			q.Any = append(q.Any, bm25.Term{Field: index.FieldTitleExact, Term: e.term})
		}
	}
	hits, err := sg.scorer.Top(ctx, v, q, size)
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	docs, err := sg.ix.Store().GetMany(ids)
	if err != nil {
		return nil, err
	}
	out := make([]Suggestion, 0, len(docs))
	for _, d := range docs {
		out = append(out, Suggestion{Text: d.Title, Type: SuggestTitle, DocType: d.Type, URL: d.Path()})
	}
	return out, nil
}

// worthSuggesting leaves stopwords and words too short to be worth
// suggesting out of term completions.
func worthSuggesting(term string) bool {
	return len([]rune(term)) >= minTermLen && !analyzers.IsStopword(term)
}

// suggestTerms turns the completions of the last word into suggestions,
// leaving out stopwords and words too short to be worth suggesting.
func suggestTerms(words []string, completions []dictEntry, size int) []Suggestion {
	lead := strings.Join(words, " ")
	if lead != "" {
		lead += " "
	}
	out := make([]Suggestion, 0, size)
	for _, e := range completions {
		if len(out) == size {
			break
		}
		if !worthSuggesting(e.term) {
			continue
		}
		out = append(out, Suggestion{Text: lead + e.term, Type: SuggestTerm})
	}
	return out
}
