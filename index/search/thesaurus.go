package search

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sync"
)

// The thesaurus gives a question's words their related words as
// alternatives of low weight: people ask with the words they know
// ("kapan Soekarno meninggal?") and the passage that answers says it with
// another ("wafat"). Keyword queries do not get it: their words are chosen
// and a searcher expects them matched. The words come from the Indonesian
// thesaurus of LibreOffice as Debian ships it (thesaurus.txt.gz, made by
// gen/thesaurus.sh; licence in LICENSE.mythes-id), written as one-way
// groups of the synonym table with weight 0.3. Measured on qa-dev
// (docs/search.md): weights 0.15–0.3 help on both halves of the set, 0.5
// no longer; the judged keyword set is not touched.

//go:embed thesaurus.txt.gz
var thesaurusGz []byte

// DefaultThesaurus is the shipped thesaurus. It is parsed once, on first
// use, and shared: a table is immutable.
var DefaultThesaurus = sync.OnceValues(func() (*Synonyms, error) {
	zr, err := gzip.NewReader(bytes.NewReader(thesaurusGz))
	if err != nil {
		return nil, fmt.Errorf("search: thesaurus: %w", err)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("search: thesaurus: %w", err)
	}
	t, err := ParseSynonyms("thesaurus", string(text))
	if err != nil {
		return nil, err
	}
	t.kind = kindRelated
	return t, nil
})
