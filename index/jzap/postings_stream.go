package jzap

import (
	"encoding/binary"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
)

// jippnas: format version 2 keeps a postings list's documents in its
// frequency stream instead of a roaring bitmap beside it. Each posting
// starts with one varint, head:
//
//	head>>2  the document's distance from the previous posting in the
//	         chunk (from the chunk's first document number for the first)
//	head&3   1: frequency 1 and no locations; 2: frequency 1 and one
//	         location; 0: the frequency varint (freq<<2 | locations mode,
//	         locs.go) follows
//
// Zap spends two bytes per posting on the bitmap and one on the
// frequency; most postings here take one byte in all. The chunks the
// stream is cut into (by document number, as zap's) are the skip list:
// Advance jumps to its target's chunk. The list's header holds the
// posting count where zap holds the bitmap. Version 1 segments (the
// bitmap, then a frequency stream) are still read.

const (
	headGeneral  = 0
	headFreq1    = 1
	headFreq1Loc = 2
)

// AddPosting writes a posting's document and frequency (freqHasLocs, as
// encodeFreqHasLocs makes it) to a version 2 frequency stream.
func (c *chunkedIntCoder) AddPosting(docNum, freqHasLocs uint64) error {
	c.startChunk(docNum)
	gap := docNum - c.prev
	c.prev = docNum
	head := gap << 2
	switch freqHasLocs {
	case 1 << 2:
		head |= headFreq1
	case 1<<2 | locsFreq:
		head |= headFreq1Loc
	}
	if len(c.buf) < 2*binary.MaxVarintLen64 {
		c.buf = make([]byte, 2*binary.MaxVarintLen64)
	}
	n := binary.PutUvarint(c.buf, head)
	if head&3 == headGeneral {
		n += binary.PutUvarint(c.buf[n:], freqHasLocs)
	}
	_, err := c.chunkBuf.Write(c.buf[:n])
	return err
}

// readPosting reads the next posting of a version 2 frequency stream:
// its document (prev is the chunk's previous one) and freqHasLocs.
func (d *chunkedIntDecoder) readPosting(prev uint64) (uint64, uint64, error) {
	head, err := d.readUvarint()
	if err != nil {
		return 0, 0, fmt.Errorf("error reading posting: %w", err)
	}
	docNum := prev + head>>2
	switch head & 3 {
	case headFreq1:
		return docNum, 1 << 2, nil
	case headFreq1Loc:
		return docNum, 1<<2 | locsFreq, nil
	case headGeneral:
		fhl, err := d.readUvarint()
		if err != nil {
			return 0, 0, fmt.Errorf("error reading frequency: %w", err)
		}
		return docNum, fhl, nil
	}
	return 0, 0, fmt.Errorf("posting head %d: unknown kind", head)
}

// docs decodes the documents of a version 2 postings list, deleted ones
// included: for the bitmap optimisations Bleve's searchers make.
func (p *PostingsList) docs() (*roaring.Bitmap, error) {
	bm := roaring.New()
	if p.normBits1Hit != 0 {
		bm.Add(uint32(p.docNum1Hit))
		return bm, nil
	}
	if p.count == 0 {
		return bm, nil
	}
	buf := make([]uint32, 0, p.count)
	d := newChunkedIntDecoder(p.sb.mem, p.freqOffset, nil, p.sb.fileReader)
	for c := range d.chunkOffsets {
		if err := d.loadChunk(c); err != nil {
			return nil, err
		}
		prev := uint64(c) * p.chunkSize
		for d.Len() > 0 {
			doc, _, err := d.readPosting(prev)
			if err != nil {
				return nil, err
			}
			buf = append(buf, uint32(doc))
			prev = doc
		}
	}
	bm.AddMany(buf)
	return bm, nil
}

// live counts the documents of a version 2 postings list that are not
// deleted. It reads only the chunks that hold deleted documents, from
// each up to its last deleted one, so that a few deletions cost little
// in a long list; and once per PostingsList, since a query's planning
// asks for a term's count again.
func (p *PostingsList) live() (uint64, error) {
	if p.liveOK {
		return p.liveCount, nil
	}
	d := newChunkedIntDecoder(p.sb.mem, p.freqOffset, nil, p.sb.fileReader)
	nChunks := uint64(len(d.chunkOffsets))
	var removed uint64
	chunk := nChunks // none loaded
	var doc, prev uint64
	have := false // doc is a posting read from the loaded chunk
	it := p.except.Iterator()
	for it.HasNext() {
		x := uint64(it.Next())
		c := x / p.chunkSize
		if c >= nChunks {
			break
		}
		if c != chunk {
			if err := d.loadChunk(int(c)); err != nil {
				return 0, err
			}
			chunk, prev, have = c, c*p.chunkSize, false
		}
		for (!have || doc < x) && d.Len() > 0 {
			var err error
			if doc, _, err = d.readPosting(prev); err != nil {
				return 0, err
			}
			prev, have = doc, true
		}
		if have && doc == x {
			removed++
		}
	}
	p.liveCount, p.liveOK = p.count-removed, true
	return p.liveCount, nil
}

// nextStream finds the next posting at or after atOrAfter in a version 2
// postings list that is not deleted (nor outside the bitmap a Bleve
// optimisation put in its place), and leaves its frequency in i.fhl.
func (i *PostingsIterator) nextStream(atOrAfter uint64) (uint64, bool, error) {
	p := i.postings
	if i.done {
		return 0, false, nil
	}
	if p.chunkSize == 0 {
		return 0, false, ErrChunkSizeZero
	}
	if i.pending {
		// The last posting found: its locations were not asked for.
		i.pending = false
		if err := i.pass(i.fhl); err != nil {
			return 0, false, err
		}
	}
	nChunks := uint64(len(i.freqNormReader.chunkOffsets))
	for {
		if !i.loaded || i.freqNormReader.Len() == 0 || atOrAfter/p.chunkSize > uint64(i.currChunk) {
			// On to the next chunk, or straight to the target's.
			c := uint64(0)
			if i.loaded {
				c = uint64(i.currChunk) + 1
			}
			if t := atOrAfter / p.chunkSize; t > c {
				c = t
			}
			if c >= nChunks {
				i.loaded, i.done = true, true
				i.currChunk = uint32(nChunks)
				return 0, false, nil
			}
			if err := i.loadChunk(int(c)); err != nil {
				return 0, false, fmt.Errorf("error loading chunk: %w", err)
			}
			i.loaded = true
			i.prev = c * p.chunkSize
			i.skip = 0
			continue
		}
		doc, fhl, err := i.freqNormReader.readPosting(i.prev)
		if err != nil {
			return 0, false, err
		}
		i.prev = doc
		if doc < atOrAfter || (p.except != nil && p.except.Contains(uint32(doc))) ||
			(i.ActualBM != nil && i.replaced && !i.ActualBM.Contains(uint32(doc))) {
			if err := i.pass(fhl); err != nil {
				return 0, false, err
			}
			continue
		}
		i.fhl = fhl
		return doc, true, nil
	}
}

// mergedPostings counts the postings a merge writes for a term: zap
// gathers their documents in a bitmap to write it.
type mergedPostings struct {
	n     uint64
	first uint64 // the first posting's document
}

func (m *mergedPostings) add(docNum uint64) {
	if m.n == 0 {
		m.first = docNum
	}
	m.n++
}

// pass notes the locations of a posting passed, of frequency and mode
// fhl, as to skip: they are skipped when a later posting's are read
// (skipPassed), not at all if a jump to another chunk comes first.
func (i *PostingsIterator) pass(fhl uint64) error {
	if !i.includeLocs {
		return nil
	}
	freq, mode := decodeFreqHasLocs(fhl)
	switch mode {
	case locsFreq:
		i.skip += freq
	case locsCounted: // the count is in the stream: skipped now
		if err := i.skipPassed(); err != nil {
			return err
		}
		return i.skipLocs(freq, mode)
	}
	return nil
}

// skipPassed skips the locations of the postings nextStream passed.
func (i *PostingsIterator) skipPassed() error {
	if i.skip == 0 {
		return nil
	}
	n := i.skip
	i.skip = 0
	return i.skipNLocs(n)
}

// skipPlain skips up to n plain locations, one varint each whose low bit
// is clear (locs.go), and returns how many it left: it stops before a
// location of another kind. A varint's first byte holds its low bits.
func (r *memUvarintReader) skipPlain(n uint64) uint64 {
	S, C := r.S, r.C
	for n > 0 && C < len(S) && S[C]&1 == 0 {
		for C < len(S) && S[C] >= 0x80 {
			C++
		}
		C++
		n--
	}
	r.C = min(C, len(S))
	return n
}
