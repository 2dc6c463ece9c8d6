package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"

	bindex "github.com/blevesearch/bleve_index_api"
)

// facetColumns hold, for one index snapshot, the facet values of every
// document as small ordinals in flat arrays indexed by the snapshot's
// document number. Counting facets then costs an array read per match,
// where Bleve decodes the doc-value chunks of every matching document for
// every facet on every search; that decoding was most of a search's time.
// A snapshot is immutable, so its columns never go stale; a new snapshot
// (a write, a merge) gets new columns, built on the first search that
// needs them.
type facetColumns struct {
	snap   any                 // the snapshot they describe (pointer identity)
	single map[string][]uint16 // single-valued facets: ordinal per doc (0: none)
	multi  map[string]*multiColumn
	dict   map[string][]string // ordinal → value (index 0 unused)
	ordOf  map[string]map[string]uint16
}

// multiColumn is a compressed-row column for multi-valued facets (award).
type multiColumn struct {
	start []uint32 // doc → offset in vals; start[doc+1]-start[doc] values
	vals  []uint16
}

// singleFacets and multiFacets are the facets kept in columns.
var (
	singleFacets = []string{FacetType, FacetProvince, FacetRegion, FacetSector, FacetYear, FacetSource, FacetStage, FacetStatus}
	multiFacets  = []string{FacetAward}
)

// columnsCache keeps the columns of the latest snapshot.
type columnsCache struct {
	mu   sync.Mutex
	cols *facetColumns
}

// snapshotKey is the identity of the snapshot behind a reader: scorch
// hands out the same snapshot object until the index changes.
func snapshotKey(r bindex.IndexReader) any { return r }

func (c *columnsCache) get(ctx context.Context, r bindex.IndexReader) (*facetColumns, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cols != nil && c.cols.snap == snapshotKey(r) {
		return c.cols, nil
	}
	cols, err := buildColumns(ctx, r)
	if err != nil {
		return nil, err
	}
	c.cols = cols
	return cols, nil
}

// docNum is the snapshot-wide number of a scorch document id.
func docNum(id bindex.IndexInternalID) (uint64, bool) {
	if len(id) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(id), true
}

func buildColumns(ctx context.Context, r bindex.IndexReader) (*facetColumns, error) {
	cols := &facetColumns{snap: snapshotKey(r), single: map[string][]uint16{}, multi: map[string]*multiColumn{},
		dict: map[string][]string{}, ordOf: map[string]map[string]uint16{}}
	fields := make([]string, 0, len(singleFacets)+len(multiFacets))
	byField := map[string]string{}
	for _, f := range append(append([]string{}, singleFacets...), multiFacets...) {
		ff := facetField[f]
		fields = append(fields, ff.field)
		byField[ff.field] = f
		cols.dict[f] = []string{""}
		cols.ordOf[f] = map[string]uint16{}
	}
	dvr, err := r.DocValueReader(fields)
	if err != nil {
		return nil, err
	}
	ids, err := r.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer ids.Close()
	multiVals := map[string]map[uint64][]uint16{}
	for _, f := range multiFacets {
		multiVals[f] = map[uint64][]uint16{}
	}
	var maxDoc uint64
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		id, err := ids.Next()
		if err != nil {
			return nil, err
		}
		if id == nil {
			break
		}
		num, ok := docNum(id)
		if !ok {
			return nil, fmt.Errorf("facet columns: unexpected document id of %d bytes", len(id))
		}
		maxDoc = max(maxDoc, num)
		err = dvr.VisitDocValues(id, func(field string, term []byte) {
			f := byField[field]
			ord, ok := cols.ordOf[f][string(term)]
			if !ok {
				if len(cols.dict[f]) >= 1<<16-1 {
					return // more distinct values than a column holds: left out
				}
				ord = uint16(len(cols.dict[f]))
				cols.dict[f] = append(cols.dict[f], string(term))
				cols.ordOf[f][string(term)] = ord
			}
			if mv, ok := multiVals[f]; ok {
				mv[num] = append(mv[num], ord)
				return
			}
			col := cols.single[f]
			for uint64(len(col)) <= num {
				col = append(col, make([]uint16, max(1024, len(col)))...)
			}
			col[num] = ord
			cols.single[f] = col
		})
		if err != nil {
			return nil, err
		}
	}
	for _, f := range singleFacets {
		col := cols.single[f]
		if uint64(len(col)) <= maxDoc {
			col = append(col, make([]uint16, maxDoc+1-uint64(len(col)))...)
		}
		cols.single[f] = col[:maxDoc+1]
	}
	for f, mv := range multiVals {
		mc := &multiColumn{start: make([]uint32, maxDoc+2)}
		for d := uint64(0); d <= maxDoc; d++ {
			mc.start[d] = uint32(len(mc.vals))
			mc.vals = append(mc.vals, mv[d]...)
		}
		mc.start[maxDoc+1] = uint32(len(mc.vals))
		cols.multi[f] = mc
	}
	return cols, nil
}

// values calls fn with each ordinal of facet f for document d.
func (c *facetColumns) values(f string, d uint64, fn func(ord uint16)) {
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
