package similar

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jippnas/content"
)

type labelledPair struct {
	kind string // duplicate | similar (a hard negative)
	a, b string
}

func loadPairs(t *testing.T) []labelledPair {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "duplicate_pairs.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelledPair
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 || (parts[0] != "duplicate" && parts[0] != "similar") {
			t.Fatalf("bad pair line %q", line)
		}
		out = append(out, labelledPair{parts[0], parts[1], parts[2]})
	}
	return out
}

// Floors for CI, a little under what the detector reaches.
const (
	dupPrecisionFloor = 0.9
	dupRecallFloor    = 0.9
)

// TestDuplicatePairs measures detection on the labelled pairs, in both
// directions (a→b and b→a).
func TestDuplicatePairs(t *testing.T) {
	ix := simFixture(t)
	ctx := context.Background()
	var tp, fp, fn, tn int
	for _, p := range loadPairs(t) {
		for _, dir := range [][2]string{{p.a, p.b}, {p.b, p.a}} {
			hits, err := ix.Duplicates(ctx, dir[0])
			if err != nil {
				t.Fatalf("%s: %v", dir[0], err)
			}
			found := false
			for _, h := range hits {
				if h.Doc.ID == dir[1] {
					found = true
				}
			}
			switch {
			case found && p.kind == "duplicate":
				tp++
			case found:
				fp++
				t.Logf("false duplicate %s → %s", dir[0], dir[1])
			case p.kind == "duplicate":
				fn++
				t.Logf("missed duplicate %s → %s", dir[0], dir[1])
			default:
				tn++
			}
		}
	}
	prec := float64(tp) / float64(max(1, tp+fp))
	rec := float64(tp) / float64(max(1, tp+fn))
	t.Logf("duplicates on labelled pairs: precision %.3f recall %.3f (tp %d fp %d fn %d tn %d)", prec, rec, tp, fp, fn, tn)
	if prec < dupPrecisionFloor || rec < dupRecallFloor {
		t.Errorf("precision %.2f / recall %.2f below floors %.2f / %.2f", prec, rec, dupPrecisionFloor, dupRecallFloor)
	}
}

// TestDuplicateReport checks the whole-collection report: every labelled
// duplicate pair is grouped, and any other pair reported counts against
// precision (the demo data has no unlabelled duplicates).
func TestDuplicateReport(t *testing.T) {
	ix := simFixture(t)
	groups, err := ix.DuplicateReport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	group := map[string]int{}
	reported := 0
	for i, g := range groups {
		if len(g.Docs) < 2 {
			t.Errorf("group %d has %d records", i, len(g.Docs))
		}
		for _, d := range g.Docs {
			group[d.ID] = i + 1
			if d.Type != content.TypeInnovation {
				t.Errorf("%s in a duplicate group", d.ID)
			}
		}
		reported += len(g.Docs) * (len(g.Docs) - 1) / 2
		if testing.Verbose() {
			var ids []string
			for _, d := range g.Docs {
				ids = append(ids, d.ID)
			}
			t.Logf("group %.2f %v", g.Score, ids)
		}
	}
	labelled, correct := 0, 0
	for _, p := range loadPairs(t) {
		if p.kind != "duplicate" {
			if group[p.a] != 0 && group[p.a] == group[p.b] {
				t.Errorf("hard negative grouped: %s %s", p.a, p.b)
			}
			continue
		}
		labelled++
		if group[p.a] != 0 && group[p.a] == group[p.b] {
			correct++
		}
	}
	prec := float64(correct) / float64(max(1, reported))
	rec := float64(correct) / float64(max(1, labelled))
	t.Logf("duplicate report: %d groups, pair precision %.3f recall %.3f", len(groups), prec, rec)
	if prec < dupPrecisionFloor || rec < dupRecallFloor {
		t.Errorf("report precision %.2f / recall %.2f below floors", prec, rec)
	}
}

func TestInstitutionNormalisation(t *testing.T) {
	cases := []struct {
		a, b string
		same bool
	}{
		{"Disdukcapil Kab. Sleman", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sleman", true},
		{"DPMPTSP Kota Semarang", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Semarang", true},
		{"Dinsos Provinsi Jawa Barat", "Dinas Sosial Provinsi Jawa Barat", true},
		{"Dinas Kesehatan Kabupaten Sleman", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sleman", false},
	}
	for _, c := range cases {
		a := content.Document{Institution: c.a, RegionCode: "34.04"}
		b := content.Document{Institution: c.b, RegionCode: "34.04"}
		if got := sameInstitution(a, b); got != c.same {
			t.Errorf("sameInstitution(%q, %q) = %v (terms %v / %v)", c.a, c.b, got,
				institutionTerms(c.a, nil), institutionTerms(c.b, nil))
		}
	}
}
