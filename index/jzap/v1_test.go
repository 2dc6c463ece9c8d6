package jzap_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/index/jzap"
)

// TestReadsVersion1: segments written by jzap version 1 (testdata/v1,
// beside zap v17's of the same documents, written by commit b17aafa) read
// as zap's do, alone and merged with deletions into version 2 segments;
// an index recording version 1 finds its plugin.
func TestReadsVersion1(t *testing.T) {
	if v := scorch.SupportedSegmentTypeVersions(jzap.Type); !slices.Contains(v, 1) || !slices.Contains(v, jzap.Version) {
		t.Fatalf("registered versions of %s: %v", jzap.Type, v)
	}
	open := func(p plugin, name string) segment.Segment {
		t.Helper()
		return openSegment(t, p, filepath.Join("testdata", "v1", name))
	}
	zp, jp := formats[0].p, formats[1].p
	var zs, js []segment.Segment
	for _, k := range []string{"0", "1"} {
		z, j := open(zp, "zap-"+k+".seg"), open(jp, "jzap-"+k+".seg")
		if v := j.(*jzap.Segment).Version(); v != 1 {
			t.Fatalf("jzap-%s.seg is version %d", k, v)
		}
		if a, b := dump(t, z), dump(t, j); a != b {
			t.Fatalf("segment %s reads otherwise:\n%s", k, firstDiff(a, b))
		}
		zs, js = append(zs, z), append(js, j)
	}
	dir := t.TempDir()
	merge := func(p plugin, segs []segment.Segment, drops []*roaring.Bitmap, name string) segment.Segment {
		t.Helper()
		return merged(t, p, segs, drops, filepath.Join(dir, name))
	}
	// One version 1 segment with a version 2 one, as an index being
	// upgraded merges them.
	j1 := merge(jp, js[1:], []*roaring.Bitmap{nil}, "j1.seg")
	if v := j1.(*jzap.Segment).Version(); v != jzap.Version {
		t.Fatalf("merged segment is version %d", v)
	}
	drops := []*roaring.Bitmap{roaring.BitmapOf(0, 5, 6, 30), roaring.BitmapOf(2, 59)}
	zm := merge(zp, zs, drops, "zm.seg")
	jm := merge(jp, []segment.Segment{js[0], j1}, drops, "jm.seg")
	if a, b := dump(t, zm), dump(t, jm); a != b {
		t.Fatalf("merged segments differ:\n%s", firstDiff(a, b))
	}
}
