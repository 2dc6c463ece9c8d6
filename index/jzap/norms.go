package jzap

import (
	"encoding/binary"
	"fmt"
	"io"
)

// jippnas: the second change of format from zap v17 (see README.md). Zap
// writes a posting's norm, the length of its field in its document, beside
// its frequency in every posting, though it is the same for every term of
// the document's field: two bytes more a posting for a body of a few
// hundred words. jzap writes the frequency alone and keeps the norms of a
// field once, in a column by document number: one byte giving the width of
// its values (1, 2 or 4), then each document's value, little-endian. The
// field's section records where the column starts, after the dictionary's
// address (0: no column).

// normsColumn is a field's norms, read from a segment.
type normsColumn struct {
	width int
	data  []byte
}

// at is the norm bits of document doc (0 if out of the column).
func (c normsColumn) at(doc uint64) uint64 {
	i := int(doc) * c.width
	if c.width == 0 || i+c.width > len(c.data) {
		return 0
	}
	switch c.width {
	case 1:
		return uint64(c.data[i])
	case 2:
		return uint64(binary.LittleEndian.Uint16(c.data[i:]))
	}
	return uint64(binary.LittleEndian.Uint32(c.data[i:]))
}

// loadNorms reads the column of numDocs documents at offset at of mem.
func loadNorms(mem []byte, at, numDocs uint64) (normsColumn, error) {
	if at >= uint64(len(mem)) {
		return normsColumn{}, fmt.Errorf("norms at %d: beyond the segment's %d bytes", at, len(mem))
	}
	width := int(mem[at])
	end := at + 1 + numDocs*uint64(width)
	if (width != 1 && width != 2 && width != 4) || end > uint64(len(mem)) {
		return normsColumn{}, fmt.Errorf("norms at %d: width %d for %d documents in %d bytes", at, width, numDocs, len(mem))
	}
	return normsColumn{width: width, data: mem[at+1 : end]}, nil
}

// writeNorms writes a column of the norms bits of every document.
func writeNorms(w io.Writer, norms []uint32) error {
	var most uint32
	for _, n := range norms {
		most = max(most, n)
	}
	width := 4
	switch {
	case most <= 0xff:
		width = 1
	case most <= 0xffff:
		width = 2
	}
	buf := make([]byte, 1+len(norms)*width)
	buf[0] = byte(width)
	for i, n := range norms {
		switch width {
		case 1:
			buf[1+i] = byte(n)
		case 2:
			binary.LittleEndian.PutUint16(buf[1+2*i:], uint16(n))
		default:
			binary.LittleEndian.PutUint32(buf[1+4*i:], n)
		}
	}
	_, err := w.Write(buf)
	return err
}

// setNorm records the norm bits of document doc in field fid.
func (io *invertedIndexOpaque) setNorm(fid int, doc uint32, bits uint32) {
	for len(io.norms) <= fid {
		io.norms = append(io.norms, nil)
	}
	if io.norms[fid] == nil {
		io.norms[fid] = make([]uint32, len(io.results))
	}
	io.norms[fid][doc] = bits
}

// mergedNorms is the norms column of a merged segment's field: each
// document's norm from the segment it comes from (dicts and newDocNums
// by segment); nil if no segment has one.
func mergedNorms(dicts []*Dictionary, newDocNums [][]uint64, numDocs uint64) []uint32 {
	var out []uint32
	for i, d := range dicts {
		if d.norms.width == 0 {
			continue
		}
		if out == nil {
			out = make([]uint32, numDocs)
		}
		for old, nd := range newDocNums[i] {
			if nd != docDropped && nd < numDocs {
				out[nd] = uint32(d.norms.at(uint64(old)))
			}
		}
	}
	return out
}
