// Package importer reads import files into documents — JSON Lines and CSV
// in the document contract, and the programmes' XLSX/CSV/JSONL exports
// through a column mapping — reporting every bad line with its file, sheet,
// row and column.
package importer

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"jippnas/content"
	"jippnas/content/refdata"
	"path/filepath"
	"strconv"
	"strings"
)

// Format of an import file.
type Format int

const (
	FormatJSONL Format = iota
	FormatCSV
)

// FormatOf picks the format from a file name: .csv is CSV, anything else
// (.jsonl, .ndjson, .json) is JSON Lines.
func FormatOf(name string) Format {
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		return FormatCSV
	}
	return FormatJSONL
}

// Record is one decoded line.
type Record struct {
	Line int
	Doc  content.Document
}

// maxLine bounds one JSONL line: a body is at most MaxBodyLen bytes, and
// JSON escaping can double it.
const maxLine = 4*content.MaxBodyLen + 64<<10

// Reader streams documents from an import file. Next returns a *LineError
// for a line that cannot be decoded and then continues with the next line,
// so that a whole file can be checked in one pass.
type Reader struct {
	name   string
	format Format
	br     *bufio.Reader
	cr     *csv.Reader
	header []string
	line   int
	failed bool // the CSV header was bad: nothing after it can be read
	// JSON Lines are read and decoded a batch ahead (read_ahead.go).
	ahead   []aheadLine
	aheadAt int   // the next of ahead to return
	end     error // io.EOF or the read error met after the lines in ahead
	arena   []byte
}

// NewReader reads r in the given format; name is used in error messages.
func NewReader(r io.Reader, name string, format Format) *Reader {
	rd := &Reader{name: name, format: format, br: bufio.NewReaderSize(r, 256<<10)}
	if format == FormatCSV {
		rd.cr = csv.NewReader(rd.br)
		rd.cr.FieldsPerRecord = -1
		rd.cr.ReuseRecord = false
	}
	return rd
}

// Next returns the next record, io.EOF at the end, a *LineError for a bad
// line, or another error when reading fails.
func (r *Reader) Next() (Record, error) {
	if r.format == FormatCSV {
		return r.nextCSV()
	}
	return r.nextJSONL()
}

func (r *Reader) lineErr(line int, field, format string, args ...any) *content.LineError {
	return &content.LineError{File: r.name, Line: line, Field: field, Message: fmt.Sprintf(format, args...)}
}

func (r *Reader) nextJSONL() (Record, error) {
	if r.aheadAt == len(r.ahead) {
		if err := r.readAhead(); err != nil {
			return Record{}, err
		}
	}
	a := r.ahead[r.aheadAt]
	r.ahead[r.aheadAt] = aheadLine{} // the record is the caller's now
	r.aheadAt++
	if a.err != nil {
		return Record{}, a.err
	}
	return Record{Line: a.n, Doc: a.doc}, nil
}

// csvColumns are the accepted CSV header names: the JSON field names. List
// fields use "|" between items.
var csvColumns = map[string]bool{
	"id": true, "type": true, "title": true, "summary": true, "body": true, "institution": true,
	"region_code": true, "sector": true, "year": true, "published": true, "source": true, "stage": true,
	"awards": true, "tags": true, "status": true, "url": true, "validation_status": true, "digital": true,
	"slug": true, "authors": true, "related": true, "updated": true, "revision": true, "updated_at": true,
	"institution_code": true, "contact": true,
}

func (r *Reader) nextCSV() (Record, error) {
	if r.failed {
		return Record{}, io.EOF
	}
	if r.header == nil {
		rec, err := r.cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return Record{}, io.EOF
			}
			return Record{}, r.csvErr(err)
		}
		line, _ := r.cr.FieldPos(0)
		for i, h := range rec {
			h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\xef\xbb\xbf")))
			if !csvColumns[h] {
				r.failed = true
				return Record{}, &content.LineError{File: r.name, Line: line, Field: h, Message: fmt.Sprintf("unknown column %d in header", i+1)}
			}
			rec[i] = h
		}
		r.header = rec
	}
	rec, err := r.cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return Record{}, io.EOF
		}
		return Record{}, r.csvErr(err)
	}
	line, _ := r.cr.FieldPos(0)
	r.line = line
	if len(rec) != len(r.header) {
		return Record{}, r.lineErr(line, "", "%d fields, the header has %d", len(rec), len(r.header))
	}
	var d content.Document
	for i, h := range r.header {
		v := rec[i]
		if setText(&d, h, v) {
			continue
		}
		switch h {
		case "id":
			d.ID = v
		case "type":
			d.Type = v
		case "title":
			d.Title = v
		case "summary":
			d.Summary = v
		case "body":
			d.Body = v
		case "institution":
			d.Institution = v
		case "institution_code":
			d.InstitutionCode = v
		case "contact":
			d.Contact = v
		case "region_code":
			d.RegionCode = v
		case "sector":
			d.Sector = v
		case "year":
			if strings.TrimSpace(v) != "" {
				y, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil {
					return Record{}, r.lineErr(line, "year", "%q is not a whole number", v)
				}
				d.Year = y
			}
		case "awards", "tags", "authors", "related":
			setList(&d, h, splitList(v))
		case "digital":
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "", "false", "0", "tidak", "no":
			case "true", "1", "ya", "yes":
				d.Digital = true
			default:
				return Record{}, r.lineErr(line, "digital", "%q is not true or false", v)
			}
		}
	}
	return Record{Line: line, Doc: d}, nil
}

func (r *Reader) csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		r.line = pe.Line
		return r.lineErr(pe.Line, "", "invalid CSV: %v", pe.Err)
	}
	return fmt.Errorf("%s: read: %w", r.name, err)
}

func splitList(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	return strings.Split(v, "|")
}

// Check decodes and validates a record the way the store will, and returns
// its problems as line errors.
func (rec Record) Check(name string, regions *refdata.Regions) []*content.LineError {
	d := rec.Doc
	d.Normalize()
	err := d.Validate(regions)
	if err == nil {
		return nil
	}
	var ve *content.ValidationError
	if !errors.As(err, &ve) {
		return []*content.LineError{{File: name, Line: rec.Line, Message: err.Error()}}
	}
	out := make([]*content.LineError, len(ve.Fields))
	for i, f := range ve.Fields {
		out[i] = &content.LineError{File: name, Line: rec.Line, Field: f.Field, Message: f.Message}
	}
	return out
}
