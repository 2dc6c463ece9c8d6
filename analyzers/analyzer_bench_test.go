package analyzers

import (
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
)

// BenchmarkAnalyzerLargeVocabulary analyses documents of 700 words drawn
// from the whole root dictionary with Zipf frequencies, 30% of them affixed,
// as the peers' corpus is built. Unlike prose.txt, whose few hundred words
// stay in the processor's caches, its hundreds of thousands of distinct
// forms make the stem cache's misses in memory show.
func BenchmarkAnalyzerLargeVocabulary(b *testing.B) {
	docs := largeVocabularyDocs()
	a := builtin[AnalyzerName]
	for _, d := range docs { // the steady state of a long import: the cache is full
		a.analyze(nil, d)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.analyze(nil, docs[i%len(docs)])
	}
	b.ReportMetric(700*float64(b.N)/b.Elapsed().Seconds(), "words/s")
}

// BenchmarkAnalyzerLargeVocabularyParallel is the same on every processor
// at once, as an import's analysis workers run: what the goroutines share
// (the stem cache) shows in the time per document.
func BenchmarkAnalyzerLargeVocabularyParallel(b *testing.B) {
	docs := largeVocabularyDocs()
	a := builtin[AnalyzerName]
	for _, d := range docs {
		a.analyze(nil, d)
	}
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			a.analyze(nil, docs[int(next.Add(1))%len(docs)])
		}
	})
	b.ReportMetric(700*float64(b.N)/b.Elapsed().Seconds(), "words/s")
}

func largeVocabularyDocs() []string {
	roots := Roots()
	rng := rand.New(rand.NewPCG(42, 7))
	rng.Shuffle(len(roots), func(i, j int) { roots[i], roots[j] = roots[j], roots[i] })
	zipf := rand.NewZipf(rng, 1.07, 2, uint64(len(roots)-1))
	prefixes := []string{"me", "di", "ber", "ter", "pe", "ke", "se", "memper"}
	suffixes := []string{"", "kan", "an", "i", "nya", "lah"}
	docs := make([]string, 2000)
	for i := range docs {
		var sb strings.Builder
		for w := 0; w < 700; w++ {
			word := roots[zipf.Uint64()]
			if rng.IntN(10) < 3 {
				word = prefixes[rng.IntN(len(prefixes))] + word + suffixes[rng.IntN(len(suffixes))]
			}
			sb.WriteString(word)
			sb.WriteByte(' ')
		}
		docs[i] = sb.String()
	}
	return docs
}
