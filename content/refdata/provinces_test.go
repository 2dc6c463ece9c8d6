package refdata

import (
	"strings"
	"testing"
)

func TestProvinceShapesCoverRegionTable(t *testing.T) {
	shapes, err := ProvinceShapes()
	if err != nil {
		t.Fatal(err)
	}
	provs := mustRegions(t).Provinces()
	if len(shapes) != len(provs) {
		t.Errorf("%d shapes for %d provinces", len(shapes), len(provs))
	}
	for _, p := range provs {
		s, ok := shapes[p.Code]
		if !ok {
			t.Errorf("province %s %s has no shape", p.Code, p.Name)
			continue
		}
		if len(s.Polygons) == 0 {
			t.Errorf("province %s has no polygon", p.Code)
		}
		// Indonesia lies within these bounds; a swapped axis would not.
		for _, poly := range s.Polygons {
			for _, pt := range poly[0] {
				if pt.X < 94 || pt.X > 142 || pt.Y < -12 || pt.Y > 7 {
					t.Fatalf("province %s: point %v outside Indonesia", p.Code, pt)
				}
			}
		}
	}
}

func TestParseProvinceShapesRejectsBadData(t *testing.T) {
	for name, src := range map[string]string{
		"not json":     `{`,
		"wrong type":   `{"type":"Feature"}`,
		"bad code":     `{"type":"FeatureCollection","features":[{"properties":{"kode_kemendagri":"3"},"geometry":{"type":"Polygon","coordinates":[[[1,1],[2,2],[3,1]]]}}]}`,
		"duplicate":    `{"type":"FeatureCollection","features":[{"properties":{"kode_kemendagri":"35"},"geometry":{"type":"Polygon","coordinates":[[[1,1],[2,2],[3,1]]]}},{"properties":{"kode_kemendagri":"35"},"geometry":{"type":"Polygon","coordinates":[[[1,1],[2,2],[3,1]]]}}]}`,
		"short ring":   `{"type":"FeatureCollection","features":[{"properties":{"kode_kemendagri":"35"},"geometry":{"type":"Polygon","coordinates":[[[1,1],[2,2]]]}}]}`,
		"point":        `{"type":"FeatureCollection","features":[{"properties":{"kode_kemendagri":"35"},"geometry":{"type":"Point","coordinates":[1,1]}}]}`,
		"out of range": `{"type":"FeatureCollection","features":[{"properties":{"kode_kemendagri":"35"},"geometry":{"type":"Polygon","coordinates":[[[1,1],[2,200],[3,1]]]}}]}`,
	} {
		if _, err := parseProvinceShapes([]byte(src)); err == nil || !strings.Contains(err.Error(), "province shapes") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
