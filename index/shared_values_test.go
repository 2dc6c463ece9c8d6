package index_test

import (
	"testing"

	"jippnas/index"
	"jippnas/index/indextest"
)

// TestSharedValuesAsAlone: a document whose title and summary take their
// tokens from the text field's analysis (or give them to it) indexes the
// same terms and lengths in every field as with each field analysed on its
// own, whichever of the fields is analysed first; and the sharing happens.
func TestSharedValuesAsAlone(t *testing.T) {
	st := indextest.DemoStore(t, "")
	docs, texts := indextest.Docs(t, st)
	for _, reverse := range []bool{false, true} {
		total, withSummary := 0, 0
		for _, d := range docs {
			n, err := index.SharedAnalysis(d, st.Regions(), texts[d.ID], reverse)
			if err != nil {
				t.Fatalf("%s (reverse %v): %v", d.ID, reverse, err)
			}
			total += n
			if d.Summary != "" {
				withSummary++
			}
			if d.Title != "" && n == 0 {
				t.Errorf("%s (reverse %v): the title's tokens were not shared", d.ID, reverse)
			}
		}
		if total < len(docs)+withSummary {
			t.Errorf("reverse %v: %d fields shared, want at least %d (titles and summaries)", reverse, total, len(docs)+withSummary)
		}
	}
}
