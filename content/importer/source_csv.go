package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// csvSource streams a delimited text file: the delimiter (comma, semicolon,
// tab or bar) and the encoding (UTF-8, UTF-16 with a byte-order mark, or
// Windows-1252, which is what Excel on Indonesian Windows writes) are
// sniffed from the start of the file.
type csvSource struct {
	name     string
	f        *os.File
	counter  *countingReader
	cr       *csv.Reader
	encoding string
	delim    rune
}

// sniffSize is how much of a file the sniffers look at.
const sniffSize = 64 << 10

func openCSV(p string, opt ReadOptions) (rowSource, error) {
	f, counter, err := openCounted(p)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(counter, sniffSize)
	head, _ := br.Peek(sniffSize)
	r, enc := decodeText(br, head)
	// Sniff the delimiter on decoded text.
	sample := head
	if enc != "utf-8" {
		sample, _, _ = transform.Bytes(textDecoder(enc), head)
	}
	delim := SniffDelimiter(sample)
	cr := csv.NewReader(r)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	// Exports put quotes inside unquoted fields (Layanan "Jemput" Akta):
	// read them as text rather than reject the row.
	cr.LazyQuotes = true
	return &csvSource{name: filepath.Base(p), f: f, counter: counter, cr: cr, encoding: enc, delim: delim}, nil
}

func (s *csvSource) sheet() string    { return "" }
func (s *csvSource) date1904() bool   { return false }
func (s *csvSource) notices() []Issue { return nil }
func (s *csvSource) close() error     { return s.f.Close() }

func (s *csvSource) progress() (int64, int64) { return s.counter.n, s.counter.size }

// openCounted opens a file for reading with a count of the bytes read.
func openCounted(p string) (*os.File, *countingReader, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, &countingReader{r: f, size: st.Size()}, nil
}

// countingReader counts the bytes read from a file, for progress.
type countingReader struct {
	r    io.Reader
	n    int64
	size int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (s *csvSource) next() (sourceRow, error) {
	rec, err := s.cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return sourceRow{}, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return sourceRow{Line: pe.StartLine}, &rowError{line: pe.StartLine, msg: fmt.Sprintf("invalid CSV (line %d, column %d): %v", pe.Line, pe.Column, pe.Err)}
		}
		return sourceRow{}, fmt.Errorf("%s: read: %w", s.name, err)
	}
	line, _ := s.cr.FieldPos(0)
	if line == 1 && len(rec) > 0 {
		rec[0] = trimBOM(rec[0])
	}
	return sourceRow{Line: line, Cells: rec}, nil
}

// rowError is a row the reader could not split into cells.
type rowError struct {
	line int
	msg  string
}

func (e *rowError) Error() string { return e.msg }

func trimBOM(s string) string {
	if len(s) >= 3 && s[:3] == "\xef\xbb\xbf" {
		return s[3:]
	}
	return s
}

// decodeText picks the encoding from a byte-order mark or from whether the
// start is valid UTF-8, and returns a reader of UTF-8 text.
func decodeText(r io.Reader, head []byte) (io.Reader, string) {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return transform.NewReader(r, textDecoder("utf-16le")), "utf-16le"
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return transform.NewReader(r, textDecoder("utf-16be")), "utf-16be"
	case validUTF8Prefix(head):
		return r, "utf-8"
	}
	return transform.NewReader(r, textDecoder("windows-1252")), "windows-1252"
}

func textDecoder(enc string) transform.Transformer {
	switch enc {
	case "utf-16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
	case "utf-16be":
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
	case "windows-1252":
		return charmap.Windows1252.NewDecoder()
	}
	return transform.Nop
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing a rune cut off
// at the end of the sample.
func validUTF8Prefix(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	for cut := 1; cut <= 3 && cut < len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) && !utf8.FullRune(b[len(b)-cut:]) {
			return true
		}
	}
	return false
}

// SniffDelimiter picks the delimiter of a CSV sample: the candidate that
// splits the first lines (quotes respected) into the same number of fields,
// more than one, most consistently; ties go to the larger field count, then
// to the comma. A sample without any candidate gives the comma.
func SniffDelimiter(sample []byte) rune {
	candidates := []rune{',', ';', '\t', '|'}
	best, bestScore := ',', -1
	for _, d := range candidates {
		counts := fieldCounts(sample, d, 30)
		if len(counts) == 0 {
			continue
		}
		freq := map[int]int{}
		for _, c := range counts {
			freq[c]++
		}
		mode, modeN := 0, 0
		for c, n := range freq {
			if n > modeN || n == modeN && c > mode {
				mode, modeN = c, n
			}
		}
		if mode < 2 {
			continue
		}
		// Consistency first, then width.
		score := modeN*1000/len(counts)*100 + min(mode, 99)
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

// fieldCounts counts the fields of up to max lines of sample split at d,
// honouring double quotes; the last line is dropped when the sample ends
// inside it.
func fieldCounts(sample []byte, d rune, max int) []int {
	var counts []int
	n, inQuote, atStart := 1, false, true
	complete := false
	for _, c := range string(sample) {
		complete = false
		switch {
		case c == '"' && (atStart || inQuote):
			inQuote = !inQuote
			atStart = false
			continue
		case inQuote:
			continue
		case c == d:
			n++
			atStart = true
			continue
		case c == '\n':
			counts = append(counts, n)
			if len(counts) >= max {
				return counts
			}
			n, atStart, complete = 1, true, true
			continue
		case c == '\r':
			continue
		}
		atStart = false
	}
	if !complete && n > 1 && len(sample) < sniffSize {
		counts = append(counts, n)
	}
	return counts
}
