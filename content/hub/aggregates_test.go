package hub

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"jippnas/content"
)

// TestAggregatesMatchRecords: after a random run of workflow steps over a
// few institutions, with the clock moving, the running figures equal
// figures counted from the records themselves, and RecordsPage returns
// the pages of Records.
func TestAggregatesMatchRecords(t *testing.T) {
	e := newEnv(t)
	rng := rand.New(rand.NewSource(3))
	insts := []string{"35.78", "34.04", "63.71", "kemenkes"}
	var ids []string
	for step := range 300 {
		e.clock.Add(time.Duration(rng.Intn(72)) * time.Hour * 24 / 10)
		if len(ids) == 0 || rng.Intn(4) == 0 {
			inst := insts[rng.Intn(len(insts))]
			id := fmt.Sprintf("agg-%d", step)
			d := draft(id)
			d.InstitutionCode, d.RegionCode = inst, ""
			if inst != "kemenkes" {
				d.RegionCode = inst
			}
			d.Published = fmt.Sprintf("%d-06-01", 2018+rng.Intn(8))
			var err error
			if rng.Intn(2) == 0 {
				err = e.hub.importBatch(e.admin, nil, []content.Document{d})
			} else {
				_, err = e.hub.Save(e.admin, d, Base{New: true})
			}
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
			continue
		}
		id := ids[rng.Intn(len(ids))]
		rec, doc, err := e.hub.Get(e.admin, id)
		if err != nil {
			t.Fatal(err)
		}
		base := Base{Version: rec.Version}
		switch rng.Intn(6) {
		case 0:
			doc.Title = fmt.Sprintf("Judul %d", step)
			doc.Tags = nil
			_, err = e.hub.Save(e.admin, doc, base)
		case 1:
			_, err = e.hub.Submit(e.admin, id, base)
		case 2:
			_, err = e.hub.Verify(e.admin, id, base, "")
		case 3:
			_, err = e.hub.Confirm(e.admin, id, base)
		case 4:
			_, err = e.hub.Delete(e.admin, id, base)
		case 5:
			doc.InstitutionCode = insts[rng.Intn(len(insts))]
			doc.RegionCode = ""
			if doc.InstitutionCode != "kemenkes" {
				doc.RegionCode = doc.InstitutionCode
			}
			_, err = e.hub.Save(e.admin, doc, base)
		}
		_ = err // steps that do not apply to the state are refused; that is fine
	}
	now := e.hub.Now()
	for _, code := range insts {
		got := e.hub.InstitutionStats(code)
		want := InstitutionStats{ByState: map[State]int{}}
		sum := 0
		for _, s := range e.hub.Records(RecordQuery{Institution: code}) {
			want.Records++
			want.ByState[s.State]++
			if s.PublishedRevision > 0 {
				want.Published++
			}
			if e.hub.Stale(s, now) {
				want.Stale++
			}
			sum += int(s.Completeness)
		}
		if want.Records > 0 {
			want.Completeness = sum / want.Records
		}
		if got.Records != want.Records || got.Published != want.Published || got.Stale != want.Stale ||
			got.Completeness != want.Completeness || fmt.Sprint(got.ByState) != fmt.Sprint(want.ByState) {
			t.Errorf("%s: running %+v, counted %+v", code, got, want)
		}
		if got.Records == 0 {
			t.Errorf("%s: no records: the test exercises nothing", code)
		}
	}
	all := e.hub.Records(RecordQuery{})
	for _, off := range []int{0, 7, 30, len(all) - 3, len(all) + 5} {
		page, total := e.hub.RecordsPage(RecordQuery{}, off, 10)
		want := all[min(off, len(all)):min(off+10, len(all))]
		if total != len(all) || !slices.Equal(page, want) {
			t.Errorf("page at %d: %d of %d records, want %d", off, len(page), total, len(want))
		}
	}
}
