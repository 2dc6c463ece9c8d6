package index

import (
	"math"

	"jippnas/analyzers"
)

// Analyse runs one of the project's analyzers over text; an unknown
// analyzer gives no tokens.
func Analyse(analyzer, text string) []analyzers.Token {
	toks, err := analyzers.Analyze(analyzer, text)
	if err != nil {
		return nil
	}
	return toks
}

// IDF is the inverse document frequency of BM25 as Bleve computes it, for
// a term in df of n documents.
func IDF(n, df uint64) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}
