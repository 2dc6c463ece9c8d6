package analyzers

import (
	_ "embed"
	"strings"
)

// Stopwords: stopwords-iso 1.1.0 "id" (MIT) minus the words this domain searches for; see
// data/stopwords.txt, data/stopwords_domain_removed.txt and gen/stopwords.sh.

//go:embed data/stopwords.txt
var stopwordsTxt string

// stopwords is filled by init in analyzer.go and never changed afterwards.
var stopwords map[string]struct{}

func parseStopwords(raw string) map[string]struct{} {
	m := make(map[string]struct{}, 800)
	for _, line := range strings.Split(raw, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		m[line] = struct{}{}
	}
	return m
}

// IsStopword reports whether word (lowercase, normalised) is an Indonesian stopword.
func IsStopword(word string) bool {
	_, ok := stopwords[word]
	return ok
}
