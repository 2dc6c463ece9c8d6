package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// jsonlSource streams JSON Lines: one object per line, its keys the columns.
// Numbers keep their written form, booleans become true/false, arrays of
// scalars become a list joined with "|".
type jsonlSource struct {
	name    string
	f       *os.File
	counter *countingReader
	br      *bufio.Reader
	line    int
}

func openJSONL(p string, opt ReadOptions) (rowSource, error) {
	f, counter, err := openCounted(p)
	if err != nil {
		return nil, err
	}
	return &jsonlSource{name: filepath.Base(p), f: f, counter: counter, br: bufio.NewReaderSize(counter, 256<<10)}, nil
}

func (s *jsonlSource) sheet() string    { return "" }
func (s *jsonlSource) date1904() bool   { return false }
func (s *jsonlSource) notices() []Issue { return nil }
func (s *jsonlSource) close() error     { return s.f.Close() }

func (s *jsonlSource) progress() (int64, int64) { return s.counter.n, s.counter.size }

func (s *jsonlSource) next() (sourceRow, error) {
	for {
		line, tooLong, err := readBoundedLine(s.br, maxLine)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return sourceRow{}, io.EOF
			}
			return sourceRow{}, fmt.Errorf("%s: read: %w", s.name, err)
		}
		s.line++
		if tooLong {
			return sourceRow{Line: s.line}, &rowError{line: s.line, msg: fmt.Sprintf("line longer than %d bytes", maxLine)}
		}
		if s.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		row, err := decodeJSONObject(line)
		row.Line = s.line
		if err != nil {
			return row, &rowError{line: s.line, msg: err.Error()}
		}
		return row, nil
	}
}

func decodeJSONObject(line []byte) (sourceRow, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return sourceRow{}, fmt.Errorf("invalid JSON: %v", err)
	}
	if dec.More() {
		return sourceRow{}, errors.New("more than one JSON value on the line")
	}
	if obj == nil {
		return sourceRow{}, errors.New("not a JSON object")
	}
	var row sourceRow
	for k, v := range obj {
		s, err := jsonScalar(v)
		if err != nil {
			return sourceRow{}, fmt.Errorf("key %q: %v", k, err)
		}
		row.Keys = append(row.Keys, k)
		row.Cells = append(row.Cells, s)
	}
	return row, nil
}

func jsonScalar(v any) (string, error) {
	switch t := v.(type) {
	case nil:
		return "", nil
	case string:
		return t, nil
	case json.Number:
		return t.String(), nil
	case bool:
		return strconv.FormatBool(t), nil
	case []any:
		parts := make([]string, 0, len(t))
		for _, e := range t {
			s, err := jsonScalar(e)
			if err != nil {
				return "", err
			}
			if _, nested := e.([]any); nested {
				return "", errors.New("nested arrays are not supported")
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, "|"), nil
	}
	return "", errors.New("objects are not supported as values")
}

// readBoundedLine returns one line without its newline; a line longer than
// limit is consumed and reported as too long instead of being buffered.
func readBoundedLine(br *bufio.Reader, limit int) ([]byte, bool, error) {
	out, start, tooLong, err := appendBoundedLine(nil, br, limit)
	if err != nil {
		return nil, false, err
	}
	return out[start:], tooLong, nil
}

// appendBoundedLine is readBoundedLine appending the line to dst, which it
// returns with the line's start in it: lines read ahead share one buffer
// (read_ahead.go). A line too long is not appended.
func appendBoundedLine(dst []byte, br *bufio.Reader, limit int) ([]byte, int, bool, error) {
	start := len(dst)
	buf := dst
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)-start+len(chunk) > limit {
				tooLong, buf = true, dst[:start]
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case err == nil:
			return trimNewline(buf, start), start, tooLong, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(buf) == start && !tooLong {
				return dst[:start], start, false, io.EOF
			}
			return trimNewline(buf, start), start, tooLong, nil
		default:
			return dst[:start], start, false, err
		}
	}
}

// trimNewline drops the line ending of the line that starts at start.
func trimNewline(buf []byte, start int) []byte {
	return buf[:start+len(bytes.TrimRight(buf[start:], "\r\n"))]
}
