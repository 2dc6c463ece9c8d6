package jzap_test

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
	zap "github.com/blevesearch/zapx/v17"

	"jippnas/index/jzap"
)

// plugin is what both formats offer the tests.
type plugin interface {
	New(results []index.Document) (segment.Segment, uint64, error)
	Open(path string) (segment.Segment, error)
	Merge(segments []segment.Segment, drops []*roaring.Bitmap, path string,
		closeCh chan struct{}, s segment.StatsReporter) ([][]uint64, uint64, error)
}

var formats = []struct {
	name string
	p    plugin
}{{"zap", &zap.ZapPlugin{}}, {"jzap", &jzap.ZapPlugin{}}}

// wordAnalyzer splits on spaces; each token keeps its offsets unless
// noOffsets, and its position is its number among the words, except that
// a word written "=w" shares the previous word's position (a synonym).
type wordAnalyzer struct{ noOffsets bool }

func (a wordAnalyzer) Analyze(text []byte) analysis.TokenStream {
	var ts analysis.TokenStream
	pos, at := 0, 0
	for _, w := range strings.Split(string(text), " ") {
		start := at
		at += len(w) + 1
		if w == "" {
			continue
		}
		if !strings.HasPrefix(w, "=") || pos == 0 {
			pos++
		}
		tok := &analysis.Token{Term: []byte(strings.TrimPrefix(w, "=")), Position: pos, Start: start, End: start + len(w)}
		if a.noOffsets {
			tok.Start, tok.End = 0, 0
		}
		ts = append(ts, tok)
	}
	return ts
}

// randomDocs makes n analysed documents whose locations are of every kind
// the formats write: plain (positions only, in the posting's own field),
// with offsets, with array positions (a multi-valued field, whose
// positions start again at each value), sharing a position, and in a field
// without frequencies. Fields
// come and go between documents, and the field without is left out of all,
// so that merged segments differ in their fields (zap's slower merge path,
// which reads locations back and writes them anew) or not (its copying
// path).
func randomDocs(rng *rand.Rand, prefix string, n int, optional bool, without string) []index.Document {
	words := make([]string, 60)
	for i := range words {
		words[i] = fmt.Sprintf("w%d", i)
	}
	text := func(max int) string {
		var b []string
		for k := 1 + rng.Intn(max); k > 0; k-- {
			w := words[int(float64(len(words))*rng.Float64()*rng.Float64())] // frequent words first
			if rng.Intn(15) == 0 {
				w = "=" + w
			}
			b = append(b, w)
		}
		return strings.Join(b, " ")
	}
	var out []index.Document
	for i := 0; i < n; i++ {
		d := document.NewDocument(fmt.Sprintf("%s-%04d", prefix, i))
		vectors := index.IndexField | index.IncludeTermVectors
		d.AddField(document.NewTextFieldCustom("body", nil, []byte(text(300)), vectors, wordAnalyzer{noOffsets: true}))
		if without != "title" && (!optional || rng.Intn(3) > 0) {
			d.AddField(document.NewTextFieldCustom("title", nil, []byte(text(8)), vectors, wordAnalyzer{}))
		}
		for v := rng.Intn(4); v > 0; v-- {
			d.AddField(document.NewTextFieldCustom("tags", []uint64{uint64(v)}, []byte(text(3)), vectors, wordAnalyzer{noOffsets: true}))
		}
		d.AddField(document.NewTextFieldCustom("summary", nil, []byte(text(20)), index.IndexField, wordAnalyzer{}))
		// Locations without a frequency: as many locations as the
		// frequency is not the rule everywhere.
		d.AddField(document.NewTextFieldCustom("marks", nil, []byte(text(4)), vectors|index.SkipFreqNorm, wordAnalyzer{noOffsets: true}))
		d.AddField(document.NewTextFieldCustom("kind", nil, []byte(words[rng.Intn(5)]), index.IndexField|index.DocValues, wordAnalyzer{}))
		if without != "flags" && (!optional || rng.Intn(2) == 0) {
			d.AddField(document.NewTextFieldCustom("flags", nil, []byte(text(2)), index.IndexField|index.SkipFreqNorm, wordAnalyzer{}))
		}
		d.AddIDField()
		d.VisitFields(func(f index.Field) { f.Analyze() })
		out = append(out, d)
	}
	return out
}

// dump writes out everything a search reads from a segment's postings:
// for every field and term, every posting's number, frequency, norm and
// locations.
func dump(t *testing.T, s segment.Segment) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "docs %d fields %v\n", s.Count(), s.Fields())
	// The doc values, which a segment builds from its postings.
	dv := s.(segment.DocValueVisitable)
	dvFields, err := dv.VisitableDocValueFields()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "doc values %v\n", dvFields)
	for d := uint64(0); d < s.Count(); d++ {
		if _, err := dv.VisitDocValues(d, dvFields, func(field string, term []byte) {
			fmt.Fprintf(&b, " %d %s=%s", d, field, term)
		}, nil); err != nil {
			t.Fatal(err)
		}
	}
	b.WriteByte('\n')
	for _, field := range s.Fields() {
		dict, err := s.Dictionary(field)
		if err != nil {
			t.Fatal(err)
		}
		it := dict.AutomatonIterator(&vellum.AlwaysMatch{}, nil, nil)
		for e, err := it.Next(); e != nil || err != nil; e, err = it.Next() {
			if err != nil {
				t.Fatal(err)
			}
			pl, err := dict.PostingsList([]byte(e.Term), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s:%s %d\n", field, e.Term, pl.Count())
			pit := pl.Iterator(true, true, true, nil)
			for p, err := pit.Next(); p != nil || err != nil; p, err = pit.Next() {
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "  %d f%d n%g", p.Number(), p.Frequency(), p.Norm())
				for _, l := range p.Locations() {
					fmt.Fprintf(&b, " %s@%d[%d-%d]%v", l.Field(), l.Pos(), l.Start(), l.End(), l.ArrayPositions())
				}
				b.WriteByte('\n')
			}
			dumpSkips(t, &b, dict, e.Term, s.Count())
			// Advance must land where Next does.
			if n := pl.Count(); n > 2 {
				pit = pl.Iterator(true, true, true, nil)
				// A posting is read before the iterator moves on: jzap
				// reads its locations only when asked for.
				var want uint64
				var wantLocs int
				for p, err := pit.Next(); p != nil && err == nil; p, err = pit.Next() {
					want, wantLocs = p.Number(), len(p.Locations())
				}
				pit = pl.Iterator(true, true, true, nil)
				p, err := pit.Advance(want)
				if err != nil || p == nil || p.Number() != want || len(p.Locations()) != wantLocs {
					t.Fatalf("%s:%s: Advance(%d) gave %v, %v", field, e.Term, want, p, err)
				}
			}
		}
	}
	return b.String()
}

// dumpSkips writes out what Advance finds from a run of targets, and what
// a search reads with every third document deleted: the count, the
// documents, the bitmap Bleve's optimisations take and, once Bleve has
// narrowed that bitmap to even documents, the postings still found.
func dumpSkips(t *testing.T, b *strings.Builder, dict segment.TermDictionary, term string, docs uint64) {
	t.Helper()
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	step := 1 + docs/7
	pit := pl.Iterator(true, true, true, nil)
	b.WriteString("  advance")
	for target := uint64(1); target < docs+step; target += step {
		p, err := pit.Advance(target)
		if err != nil {
			t.Fatal(err)
		}
		if p == nil {
			b.WriteString(" end")
			break
		}
		fmt.Fprintf(b, " %d>%d:f%d,%d", target, p.Number(), p.Frequency(), len(p.Locations()))
	}
	b.WriteByte('\n')
	// Locations asked for of some postings only: jzap skips the others'.
	b.WriteString("  some locations")
	pit = pl.Iterator(true, true, true, nil)
	for p, err := pit.Next(); p != nil || err != nil; p, err = pit.Next() {
		if err != nil {
			t.Fatal(err)
		}
		if p.Number()%3 == 1 {
			fmt.Fprintf(b, " %d:", p.Number())
			for _, l := range p.Locations() {
				fmt.Fprintf(b, "%d,", l.Pos())
			}
		}
	}
	b.WriteByte('\n')
	except := roaring.New()
	for d := uint64(0); d < docs; d += 3 {
		except.Add(uint32(d))
	}
	pl, err = dict.PostingsList([]byte(term), except, nil)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(b, "  except: %d,", pl.Count())
	if docs > 2 { // a few deletions, far apart
		few, err := dict.PostingsList([]byte(term), roaring.BitmapOf(1, uint32(docs/2), uint32(docs-1)), nil)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(b, " few deleted: %d,", few.Count())
	}
	for _, narrow := range []bool{false, true} {
		pit = pl.Iterator(true, true, true, nil)
		if o, ok := pit.(segment.OptimizablePostingsIterator); ok {
			if bm := o.ActualBitmap(); bm != nil {
				fmt.Fprintf(b, " actual %v", bm.ToArray())
				if narrow {
					even := roaring.New()
					for d := uint64(0); d < docs; d += 2 {
						even.Add(uint32(d))
					}
					o.ReplaceActual(roaring.And(bm, even))
				}
			}
		}
		for p, err := pit.Next(); p != nil || err != nil; p, err = pit.Next() {
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(b, " %d:f%d,%d", p.Number(), p.Frequency(), len(p.Locations()))
		}
		b.WriteString(";")
	}
	b.WriteByte('\n')
}

// TestSameAsZap: segments built from the same documents hold the same
// postings in zap v17 and in jzap, in memory, on disk, and merged with
// random deletions; and jzap's are smaller where locations are plain.
func TestSameAsZap(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for round := 0; round < 6; round++ {
		sameAsZap(t, rng.Int63(), round%2 == 1, rng.Int63())
	}
	// Chunks of 8 documents: the postings of the test's small segments
	// span many, which Advance skips over.
	defer setChunkMode(zap.DefaultChunkMode, jzap.DefaultChunkMode)
	setChunkMode(8, 8)
	for round := 0; round < 4; round++ {
		sameAsZap(t, rng.Int63(), round%2 == 1, rng.Int63())
	}
}

func setChunkMode(z, j uint32) {
	zap.DefaultChunkMode, jzap.DefaultChunkMode = z, j
}

// FuzzSameAsZap runs the comparison of TestSameAsZap on documents, fields
// and deletions from any seeds.
func FuzzSameAsZap(f *testing.F) {
	f.Add(int64(1), false, int64(2))
	f.Add(int64(3), true, int64(4))
	f.Fuzz(func(t *testing.T, seed int64, optional bool, dropSeed int64) {
		sameAsZap(t, seed, optional, dropSeed)
	})
}

// sameAsZap builds three segments of random documents (from seed; fields
// that come and go if optional) in both formats, persists, merges with
// random deletions (from dropSeed) and merges again, and requires both
// formats to read the same at every step.
func sameAsZap(t *testing.T, seed int64, optional bool, dropSeed int64) {
	t.Helper()
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(dropSeed))
	// Each format gets documents of its own, the same ones: building a
	// segment merges the token frequencies of a field's values into
	// the first value's.
	batches := func() [][]index.Document {
		r := rand.New(rand.NewSource(seed))
		var out [][]index.Document
		for k, without := range []string{"", "title", "flags"} {
			if !optional {
				without = ""
			}
			out = append(out, randomDocs(r, fmt.Sprintf("s%d-b%d", seed, k), 20+r.Intn(120), optional, without))
		}
		return out
	}
	drops := make([]*roaring.Bitmap, 3)
	for k, docs := range batches() {
		if rng.Intn(3) > 0 {
			drops[k] = roaring.New()
			for i := range docs {
				if rng.Intn(4) == 0 {
					drops[k].Add(uint32(i))
				}
			}
		}
	}
	var dumps, mergedDumps []string
	var sizes []int64
	for _, f := range formats {
		var segs []segment.Segment
		for k, docs := range batches() {
			s, _, err := f.p.New(docs)
			if err != nil {
				t.Fatalf("%s: new: %v", f.name, err)
			}
			if k == 0 {
				dumps = append(dumps, dump(t, s)) // in memory
			}
			ps := persisted(t, f.p, s, filepath.Join(dir, fmt.Sprintf("%s-%d.seg", f.name, k)))
			if k == 0 && dump(t, ps) != dumps[len(dumps)-1] {
				t.Fatalf("%s seed %d: the segment reads otherwise once on disk", f.name, seed)
			}
			segs = append(segs, ps)
		}
		path := filepath.Join(dir, fmt.Sprintf("%s-merged.seg", f.name))
		ms := merged(t, f.p, segs, drops, path)
		mergedDumps = append(mergedDumps, dump(t, ms))
		// A merged segment merged again with another: the merge path
		// that reads locations back from this format's own bytes.
		ms2 := merged(t, f.p, []segment.Segment{ms, segs[0]}, []*roaring.Bitmap{nil, drops[0]},
			filepath.Join(dir, fmt.Sprintf("%s-merged2.seg", f.name)))
		mergedDumps = append(mergedDumps, dump(t, ms2))
		sizes = append(sizes, fileSize(t, path))
	}
	if dumps[0] != dumps[1] {
		t.Fatalf("seed %d: new segments differ:\n%s", seed, firstDiff(dumps[0], dumps[1]))
	}
	if mergedDumps[0] != mergedDumps[2] || mergedDumps[1] != mergedDumps[3] {
		t.Fatalf("seed %d: merged segments differ:\n%s%s", seed, firstDiff(mergedDumps[0], mergedDumps[2]), firstDiff(mergedDumps[1], mergedDumps[3]))
	}
	if !strings.Contains(dumps[0], "[1]") || !strings.Contains(dumps[0], "title@") {
		t.Fatalf("seed %d: no array positions or offsets to compare", seed)
	}
	if sizes[1] >= sizes[0] {
		t.Errorf("seed %d: jzap's merged segment %d bytes, zap's %d", seed, sizes[1], sizes[0])
	}
}

// openSegment opens the segment at path, closed when the test ends.
func openSegment(tb testing.TB, p plugin, path string) segment.Segment {
	tb.Helper()
	s, err := p.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// persisted writes a new segment to path and opens it from there.
func persisted(tb testing.TB, p plugin, s segment.Segment, path string) segment.Segment {
	tb.Helper()
	if err := s.(segment.UnpersistedSegment).Persist(path); err != nil {
		tb.Fatal(err)
	}
	return openSegment(tb, p, path)
}

// merged merges segs, without the drops, into path and opens the result.
func merged(tb testing.TB, p plugin, segs []segment.Segment, drops []*roaring.Bitmap, path string) segment.Segment {
	tb.Helper()
	if _, _, err := p.Merge(segs, drops, path, nil, nil); err != nil {
		tb.Fatalf("merge into %s: %v", path, err)
	}
	return openSegment(tb, p, path)
}

func fileSize(t testing.TB, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n zap:  %s\n jzap: %s\n", i, al[i], bl[i])
		}
	}
	if len(al) != len(bl) {
		return fmt.Sprintf("%d lines against %d\n", len(al), len(bl))
	}
	return ""
}
