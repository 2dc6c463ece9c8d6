package index_test

import (
	"testing"

	"jippnas/index"
	"jippnas/index/indextest"
)

// TestSizedTextNearBleve: the constant-time size of a text field stays
// close to what Bleve's walk over its tokens computes, for every text
// field of every demo document, and every text field gets it.
func TestSizedTextNearBleve(t *testing.T) {
	st := indextest.DemoStore(t, "")
	docs, texts := indextest.Docs(t, st)
	var sumBleve, sumOurs int
	for _, d := range docs {
		names, bleveSize, ours, err := index.FieldSizes(d, st.Regions(), texts[d.ID])
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		for i, name := range names {
			sumBleve += bleveSize[i]
			sumOurs += ours[i]
			if r := float64(ours[i]) / float64(bleveSize[i]); r < 0.6 || r > 1.6 {
				t.Errorf("%s, field %s: size %d, Bleve's %d", d.ID, name, ours[i], bleveSize[i])
			}
		}
	}
	if r := float64(sumOurs) / float64(sumBleve); r < 0.9 || r > 1.1 {
		t.Errorf("all demo documents: size %d, Bleve's %d (%.2f)", sumOurs, sumBleve, r)
	}
	t.Logf("all demo documents: size %d, Bleve's %d (%.3f)", sumOurs, sumBleve, float64(sumOurs)/float64(sumBleve))
}
