package index

import (
	"testing"
)

func TestZZDebugPairs(t *testing.T) {
	ix := simFixture(t)
	g := ix.acquire()
	defer g.release()
	for _, p := range loadPairs(t) {
		a, _ := ix.store.Get(p.a)
		b, _ := ix.store.Get(p.b)
		b.RegionCode = a.RegionCode
		b.Year = a.Year
		fa := ix.dupFeaturesOf(g, a, nil)
		fb := ix.dupFeaturesOf(g, b, nil)
		h, _ := ix.dupScore(g, fa, fb)
		t.Logf("%-9s score=%.2f title=%.2f inst=%.2f text=%.2f", p.kind, h.Score, h.TitleSim, h.InstitutionSim, h.TextSim)
	}
}
