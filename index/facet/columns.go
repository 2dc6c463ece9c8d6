package facet

import (
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Columns hold, for one index snapshot, the facet values of every
// document as small ordinals in flat arrays indexed by the snapshot's
// document number. Counting facets then costs an array read per match,
// where Bleve decodes the doc-value chunks of every matching document for
// every facet on every search; that decoding was most of a search's time.
// A snapshot is immutable, so its columns never go stale; a new snapshot
// (a write, a merge) gets new columns on the first search that needs
// them, assembled from per-segment columns (see Cache).
type Columns struct {
	snap   any                 // the snapshot they describe (pointer identity)
	single map[string][]uint16 // single-valued facets: ordinal per doc (0: none)
	multi  map[string]*multiColumn
	dict   map[string][]string // ordinal → value (index 0 unused)
	ordOf  map[string]map[string]uint16
	invMu  sync.Mutex
	inv    map[string]*inverted // facet → its inverted column (candidates.go)
	cands  candidateCache       // Candidates by selection (candidates.go)
}

// multiColumn is a compressed-row column for multi-valued facets (award).
type multiColumn struct {
	start []uint32 // doc → offset in vals; start[doc+1]-start[doc] values
	vals  []uint16
}

// singleFacets and multiFacets are the facets kept in columns: every
// facet, by whether a document may have several values.
var (
	singleFacets = namesWhere(func(d Def) bool { return !d.Multi })
	multiFacets  = namesWhere(func(d Def) bool { return d.Multi })
	columnFacets = All
)

func namesWhere(keep func(Def) bool) []string {
	var out []string
	for _, d := range defs {
		if keep(d) {
			out = append(out, d.Name)
		}
	}
	return out
}

// Cache keeps the columns of the latest snapshot, and those of each
// segment: a segment never changes, so a new snapshot (one more small
// segment after a write, or a merge) reads only its new segments' facet
// postings and copies the rest. Ordinals are shared by all snapshots and
// only ever added, so columns of different segments agree.
type Cache struct {
	mu    sync.Mutex
	cols  *Columns
	dict  map[string][]string // facet → ordinal → value (index 0 unused)
	ordOf map[string]map[string]uint16
	segs  map[segment.Segment]*segColumns
}

// segColumns are the facet ordinals of one segment's documents, by local
// document number (deleted documents included: no match ever reaches them).
type segColumns struct {
	n      uint64
	single map[string][]uint16
	multi  map[string]map[uint64][]uint16
}

// snapshotKey is the identity of the snapshot behind a reader: scorch
// hands out the same snapshot object until the index changes.
func snapshotKey(r bindex.IndexReader) any { return r }

func (c *Cache) Get(ctx context.Context, r bindex.IndexReader) (*Columns, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cols != nil && c.cols.snap == snapshotKey(r) {
		return c.cols, nil
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("facet columns: not a scorch index")
	}
	if c.dict == nil {
		c.dict, c.ordOf, c.segs = map[string][]string{}, map[string]map[string]uint16{}, map[segment.Segment]*segColumns{}
		for _, f := range columnFacets {
			c.dict[f] = []string{""}
			c.ordOf[f] = map[string]uint16{}
		}
	}
	live := map[segment.Segment]*segColumns{}
	var parts []*segColumns
	var total uint64
	for _, ss := range snap.Segments() {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		seg := ss.Segment()
		sc := c.segs[seg]
		if sc == nil {
			var err error
			if sc, err = c.readSegment(seg); err != nil {
				return nil, err
			}
		}
		live[seg] = sc
		parts = append(parts, sc)
		total += sc.n
	}
	c.segs = live
	cols := &Columns{snap: snapshotKey(r), single: map[string][]uint16{}, multi: map[string]*multiColumn{},
		dict: map[string][]string{}, ordOf: map[string]map[string]uint16{}}
	for f, d := range c.dict {
		cols.dict[f] = d[:len(d):len(d)]
		cols.ordOf[f] = maps.Clone(c.ordOf[f])
	}
	for _, f := range singleFacets {
		col := make([]uint16, total)
		off := uint64(0)
		for _, sc := range parts {
			copy(col[off:], sc.single[f])
			off += sc.n
		}
		cols.single[f] = col
	}
	for _, f := range multiFacets {
		mc := &multiColumn{start: make([]uint32, total+1)}
		off := uint64(0)
		for _, sc := range parts {
			for d, ords := range sc.multi[f] {
				mc.start[off+d+1] = uint32(len(ords))
			}
			off += sc.n
		}
		for d := uint64(1); d <= total; d++ {
			mc.start[d] += mc.start[d-1]
		}
		mc.vals = make([]uint16, mc.start[total])
		off = 0
		for _, sc := range parts {
			for d, ords := range sc.multi[f] {
				copy(mc.vals[mc.start[off+d]:], ords)
			}
			off += sc.n
		}
		cols.multi[f] = mc
	}
	c.cols = cols
	return cols, nil
}

// DocNum is the snapshot-wide number of a scorch document id.
func DocNum(id bindex.IndexInternalID) (uint64, bool) {
	if len(id) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(id), true
}

// ordinal returns the ordinal of a facet value, adding it if new; 0 when a
// facet has more distinct values than a column holds (left out).
func (c *Cache) ordinal(f, v string) uint16 {
	if o, ok := c.ordOf[f][v]; ok {
		return o
	}
	if len(c.dict[f]) >= 1<<16-1 {
		return 0
	}
	o := uint16(len(c.dict[f]))
	c.dict[f] = append(c.dict[f], v)
	c.ordOf[f][v] = o
	return o
}

// readSegment reads a segment's facet columns from the postings lists of
// the facet fields: one walk over each value's documents.
func (c *Cache) readSegment(seg segment.Segment) (*segColumns, error) {
	sc := &segColumns{n: seg.Count(), single: map[string][]uint16{}, multi: map[string]map[uint64][]uint16{}}
	for _, f := range singleFacets {
		sc.single[f] = make([]uint16, sc.n)
	}
	for _, f := range multiFacets {
		sc.multi[f] = map[uint64][]uint16{}
	}
	for _, f := range columnFacets {
		def, _ := Lookup(f)
		dict, err := seg.Dictionary(def.Field)
		if err != nil {
			return nil, fmt.Errorf("facet columns: %w", err)
		}
		terms := dict.AutomatonIterator(nil, nil, nil)
		for {
			e, err := terms.Next()
			if err != nil {
				return nil, fmt.Errorf("facet columns: %w", err)
			}
			if e == nil {
				break
			}
			ord := c.ordinal(f, e.Term)
			if ord == 0 {
				continue
			}
			pl, err := dict.PostingsList([]byte(e.Term), nil, nil)
			if err != nil {
				return nil, fmt.Errorf("facet columns: %w", err)
			}
			it := pl.Iterator(false, false, false, nil)
			for {
				p, err := it.Next()
				if err != nil {
					return nil, fmt.Errorf("facet columns: %w", err)
				}
				if p == nil {
					break
				}
				d := p.Number()
				if col := sc.single[f]; col != nil {
					if d < uint64(len(col)) {
						col[d] = ord
					}
				} else {
					sc.multi[f][d] = append(sc.multi[f][d], ord)
				}
			}
		}
	}
	return sc, nil
}

// values calls fn with each ordinal of facet f for document d.
func (c *Columns) values(f string, d uint64, fn func(ord uint16)) {
	if col, ok := c.single[f]; ok {
		if d < uint64(len(col)) && col[d] != 0 {
			fn(col[d])
		}
		return
	}
	if mc, ok := c.multi[f]; ok && d+1 < uint64(len(mc.start)) {
		for _, o := range mc.vals[mc.start[d]:mc.start[d+1]] {
			fn(o)
		}
	}
}
