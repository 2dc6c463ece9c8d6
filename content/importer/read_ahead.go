package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"

	"jippnas/content"
)

// A JSON Lines file is read a batch of lines ahead of Next, and the batch
// is decoded on two goroutines. An import reads its file twice, checking
// every line before it writes any (store.ImportRecords); while it checks,
// nothing else runs, and decoding was the check's time: 1.3 s of one core
// for the peers' 100k corpus (docs/benchmarks.md, 2026-12-07, sixth
// session). The goroutines end before readAhead returns, and the records
// and errors come out in the order of their lines, as before.

// readAheadLines is how many lines a batch reads.
const readAheadLines = 64

// aheadLine is one line read ahead: its number, and its document or the error
// it gets.
type aheadLine struct {
	n    int
	line []byte
	doc  content.Document
	err  error
}

// readAhead fills r.ahead with the next batch, decoded. It returns the
// end of the file (io.EOF) or a read error only once the lines before it
// have been returned.
func (r *Reader) readAhead() error {
	clear(r.ahead)
	r.ahead, r.aheadAt = r.ahead[:0], 0
	// The batch's lines share one buffer, used again by the next batch:
	// the decoded documents copy what they keep.
	arena := r.arena[:0]
	for len(r.ahead) < readAheadLines && r.end == nil {
		var line []byte
		var start int
		var tooLong bool
		var err error
		arena, start, tooLong, err = appendBoundedLine(arena, r.br, maxLine)
		if err != nil {
			if !errors.Is(err, io.EOF) {
				err = fmt.Errorf("%s: read: %w", r.name, err)
			}
			r.end = err
			break
		}
		line = arena[start:]
		r.line++
		if tooLong {
			r.ahead = append(r.ahead, aheadLine{n: r.line, err: r.lineErr(r.line, "", "line longer than %d bytes", maxLine)})
			continue
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if r.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		r.ahead = append(r.ahead, aheadLine{n: r.line, line: line})
	}
	r.arena = arena
	if len(r.ahead) == 0 {
		return r.end
	}
	half := len(r.ahead) / 2
	var wg sync.WaitGroup
	if half >= 4 { // a few lines decode faster than a goroutine starts
		wg.Go(func() { r.decodeAhead(r.ahead[:half]) })
	} else {
		half = 0
	}
	r.decodeAhead(r.ahead[half:])
	wg.Wait()
	return nil
}

// decodeAhead decodes lines read ahead.
func (r *Reader) decodeAhead(lines []aheadLine) {
	for i := range lines {
		a := &lines[i]
		if a.err != nil {
			continue
		}
		d, lerr := r.decodeDocument(a.line, a.n)
		a.doc, a.line = d, nil
		if lerr != nil {
			a.err = lerr
		}
	}
}
