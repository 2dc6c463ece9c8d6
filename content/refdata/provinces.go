package refdata

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

// provincesGeoJSON holds the boundaries of the 38 provinces, for the
// choropleth maps of the website. It is
// GeoJSON/indonesia-38-provinces.geojson of "Indonesia GeoJSON & TopoJSON
// Maps (38 Provinces)" by Deny Herianto and contributors (commit 80aa4a90,
// 2025-12), CC BY 4.0 (see indonesia-38-provinces.LICENSE.md). Modified: a
// property kode_kemendagri was added (the file's own KODE_PROV uses 91/92
// with ids 91-A..D and 92-A..B for the new Papua provinces) and the file was
// re-serialised compactly. Pages that show a map built from it carry
// ProvinceShapesAttribution.
//
//go:embed indonesia-38-provinces.geojson
var provincesGeoJSON []byte

// ProvinceShapesAttribution is the credit line the licence asks for, to be
// shown wherever a map drawn from the shapes appears.
const ProvinceShapesAttribution = "Indonesia GeoJSON & TopoJSON Maps (38 Provinces), Deny Herianto contributors, CC BY 4.0, modified"

// ProvinceShapesLicenseURL is the licence of the shapes.
const ProvinceShapesLicenseURL = "https://creativecommons.org/licenses/by/4.0/"

// Point is a position in degrees: X is the longitude, Y the latitude.
type Point struct{ X, Y float64 }

// Ring is a closed line of points (the last point may repeat the first).
type Ring []Point

// Polygon is an outer ring followed by its holes.
type Polygon []Ring

// ProvinceShape is the boundary of one province: one polygon per island or
// part.
type ProvinceShape struct {
	Code     string // Kemendagri province code ("35")
	Name     string // name as the source file writes it
	Polygons []Polygon
}

var provinceShapes = sync.OnceValues(func() (map[string]ProvinceShape, error) {
	return parseProvinceShapes(provincesGeoJSON)
})

// ProvinceShapes returns the embedded province boundaries keyed by
// Kemendagri code. The map is shared: callers must not change it.
func ProvinceShapes() (map[string]ProvinceShape, error) { return provinceShapes() }

type geoFeatureCollection struct {
	Type     string `json:"type"`
	Features []struct {
		Properties struct {
			Code string `json:"kode_kemendagri"`
			Name string `json:"PROVINSI"`
		} `json:"properties"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// parseProvinceShapes reads a GeoJSON FeatureCollection of Polygon and
// MultiPolygon features that carry a kode_kemendagri property.
func parseProvinceShapes(data []byte) (map[string]ProvinceShape, error) {
	var fc geoFeatureCollection
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&fc); err != nil {
		return nil, fmt.Errorf("province shapes: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("province shapes: type %q, want FeatureCollection", fc.Type)
	}
	out := make(map[string]ProvinceShape, len(fc.Features))
	for i, f := range fc.Features {
		code := f.Properties.Code
		if len(code) != 2 {
			return nil, fmt.Errorf("province shapes: feature %d: kode_kemendagri %q is not a province code", i, code)
		}
		if _, dup := out[code]; dup {
			return nil, fmt.Errorf("province shapes: feature %d: province %s appears twice", i, code)
		}
		var polys []Polygon
		switch f.Geometry.Type {
		case "Polygon":
			var rings [][][]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &rings); err != nil {
				return nil, fmt.Errorf("province shapes: %s: %w", code, err)
			}
			p, err := toPolygon(rings)
			if err != nil {
				return nil, fmt.Errorf("province shapes: %s: %w", code, err)
			}
			polys = []Polygon{p}
		case "MultiPolygon":
			var parts [][][][]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &parts); err != nil {
				return nil, fmt.Errorf("province shapes: %s: %w", code, err)
			}
			for _, rings := range parts {
				p, err := toPolygon(rings)
				if err != nil {
					return nil, fmt.Errorf("province shapes: %s: %w", code, err)
				}
				polys = append(polys, p)
			}
		default:
			return nil, fmt.Errorf("province shapes: %s: geometry %q, want Polygon or MultiPolygon", code, f.Geometry.Type)
		}
		out[code] = ProvinceShape{Code: code, Name: f.Properties.Name, Polygons: polys}
	}
	return out, nil
}

var errShortRing = errors.New("a ring needs at least 3 positions")

func toPolygon(rings [][][]float64) (Polygon, error) {
	if len(rings) == 0 {
		return nil, errShortRing
	}
	p := make(Polygon, 0, len(rings))
	for _, r := range rings {
		if len(r) < 3 {
			return nil, errShortRing
		}
		ring := make(Ring, len(r))
		for i, pos := range r {
			if len(pos) < 2 {
				return nil, fmt.Errorf("position with %d coordinates", len(pos))
			}
			if pos[0] < -180 || pos[0] > 180 || pos[1] < -90 || pos[1] > 90 {
				return nil, fmt.Errorf("position %v out of range", pos)
			}
			ring[i] = Point{X: pos[0], Y: pos[1]}
		}
		p = append(p, ring)
	}
	return p, nil
}
