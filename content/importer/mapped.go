package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"jippnas/content"
	"jippnas/content/refdata"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// InstitutionResolver finds the registry code of an institution from its
// name as written in a file (the hub keeps the registry). exact is false
// when the name only nearly matched; ok is false when nothing matched.
type InstitutionResolver interface {
	ResolveInstitution(name, regionCode string) (code string, exact bool, ok bool)
}

// ReadOptions configure a mapped read.
type ReadOptions struct {
	Regions      *refdata.Regions    // default refdata.DefaultRegions()
	Institutions InstitutionResolver // nil: institutions are not resolved
	TempDir      string              // for unpacking large workbooks ("" = the system's)
	// HeaderSearchRows is how many rows are searched for the header when
	// the mapping does not fix its row (default 30).
	HeaderSearchRows int
}

// Quality of a value in the report.
type Quality string

const (
	QualityApproximate Quality = "approximate" // read, but a person should check it
	QualityUnresolved  Quality = "unresolved"  // not understood: the field is left empty
	QualityError       Quality = "error"       // the row cannot be imported
	QualityNotice      Quality = "notice"      // about the file, not a value
)

// Issue is one value or fact an operator should see, with where it is.
type Issue struct {
	Sheet   string  `json:"sheet,omitempty"`
	Row     int     `json:"row,omitempty"`
	Cell    string  `json:"cell,omitempty"`   // "C7", or a range
	Column  string  `json:"column,omitempty"` // the header of the column
	Field   string  `json:"field,omitempty"`  // the document field
	Value   string  `json:"value,omitempty"`  // as written
	Result  string  `json:"result,omitempty"` // what it was read as
	Quality Quality `json:"quality"`
	Message string  `json:"message"`
}

func (i Issue) Error() string {
	var b strings.Builder
	if i.Sheet != "" {
		fmt.Fprintf(&b, "sheet %q ", i.Sheet)
	}
	if i.Row > 0 {
		fmt.Fprintf(&b, "row %d", i.Row)
	}
	if i.Cell != "" {
		fmt.Fprintf(&b, " cell %s", i.Cell)
	}
	if i.Column != "" {
		fmt.Fprintf(&b, " column %q", i.Column)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if i.Field != "" {
		b.WriteString(i.Field)
		b.WriteString(": ")
	}
	b.WriteString(i.Message)
	return b.String()
}

// MappedRecord is one row turned into a document, with what the row says
// about its origin (for provenance) and what an operator should check.
type MappedRecord struct {
	Record
	Sheet     string
	Programme string // the mapping's programme
	Source    string // content.Source* value
	// SourceID is the record's id in the source programme ("" when the
	// source has none and the id was derived from the row's values).
	SourceID string
	// InstitutionCode is the registry code of the institution, when an
	// InstitutionResolver found it.
	InstitutionCode string
	Region          refdata.RegionResolution
	Issues          []Issue // approximate and unresolved values: the row is still imported
	Errors          []Issue // problems that make the row invalid
}

// MappedReader turns the rows of an XLSX, CSV or JSONL file into documents
// under a Mapping, streaming: memory does not grow with the file. It finds
// the header row, checks that every column the mapping names is there, and
// reports every value it could read only approximately or not at all.
type MappedReader struct {
	m         *Mapping
	opt       ReadOptions
	name      string
	format    InputFormat
	src       rowSource
	html      *htmlConverter
	header    map[string]int // normValue(header) → column
	headers   []string       // as written
	headerRow int
	pending   []sourceRow
	notices   []Issue
	interest  []string       // columns the mapping reads
	colIndex  map[string]int // mapping column name → column of the file (-1: absent)
	rows      int
	empty     int
}

// OpenMapped opens a file for a mapped import. A *FileError says why the
// file cannot be read at all: wrong format, sheet or header not found,
// columns missing.
func OpenMapped(path string, m *Mapping, opt ReadOptions) (*MappedReader, error) {
	if opt.Regions == nil {
		opt.Regions = refdata.DefaultRegions()
	}
	if opt.HeaderSearchRows <= 0 {
		opt.HeaderSearchRows = 30
	}
	format, err := DetectFormat(path)
	if err != nil {
		return nil, err
	}
	src, err := openSource(path, format, m.Sheet, opt)
	if err != nil {
		return nil, err
	}
	r := &MappedReader{m: m, opt: opt, name: filepath.Base(path), format: format, src: src, html: newHTMLConverter()}
	if format != InputJSONL {
		if err := r.findHeader(); err != nil {
			src.close()
			return nil, err
		}
	}
	return r, nil
}

// Format is the detected format of the file.
func (r *MappedReader) Format() InputFormat { return r.format }

// Sheet is the sheet read ("" outside XLSX) and HeaderRow the row of its
// header (0 for JSONL).
func (r *MappedReader) Sheet() string  { return r.src.sheet() }
func (r *MappedReader) HeaderRow() int { return r.headerRow }

// Notices are facts about the file an operator should know (where the
// header was found, merged ranges that were filled, duplicate headers).
func (r *MappedReader) Notices() []Issue {
	return append(slices.Clone(r.notices), r.src.notices()...)
}

// Close releases the file and any temporary files.
func (r *MappedReader) Close() error { return r.src.close() }

// Progress says how far the read is: rows of the sheet for XLSX when the
// total is known, else bytes of the file.
func (r *MappedReader) Progress() (done, total int64) { return r.src.progress() }

// columnsOfInterest are every column the mapping reads (computed once).
func (r *MappedReader) columnsOfInterest() []string {
	if r.interest == nil {
		r.interest = r.m.readColumns()
	}
	return r.interest
}

// readColumns are every column the mapping reads, required or optional.
func (m *Mapping) readColumns() []string {
	cols := slices.Clone(m.required)
	add := func(cs []string) {
		for _, c := range cs {
			if !slices.ContainsFunc(cols, func(x string) bool { return normValue(x) == normValue(c) }) {
				cols = append(cols, c)
			}
		}
	}
	for _, f := range m.Fields {
		add(f.Columns)
	}
	add(m.Region.columns())
	for _, b := range m.Body {
		add(b.Columns)
	}
	return cols
}

// findHeader reads the first rows, picks the one naming most of the
// mapping's columns, and checks that none is missing.
func (r *MappedReader) findHeader() error {
	want := map[string]bool{}
	for _, c := range r.columnsOfInterest() {
		want[normValue(c)] = true
	}
	var buf []sourceRow
	bestRow, bestScore := -1, 0
	for len(buf) < r.opt.HeaderSearchRows {
		row, err := r.src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *rowError
		if errors.As(err, &re) {
			buf = append(buf, sourceRow{Line: re.line, Bad: re.msg})
			continue
		}
		if err != nil {
			return err
		}
		buf = append(buf, row)
		if r.m.HeaderRow > 0 {
			if row.Line == r.m.HeaderRow {
				bestRow = len(buf) - 1
				break
			}
			continue
		}
		score := 0
		seen := map[string]bool{}
		for _, c := range row.Cells {
			k := normValue(c)
			if want[k] && !seen[k] {
				seen[k] = true
				score++
			}
		}
		if score > bestScore {
			bestRow, bestScore = len(buf)-1, score
		}
	}
	if bestRow < 0 {
		if r.m.HeaderRow > 0 {
			return &FileError{File: r.name, Sheet: r.src.sheet(), Message: fmt.Sprintf("the mapping puts the header on row %d, but the sheet has fewer rows", r.m.HeaderRow)}
		}
		if len(buf) == 0 {
			return &FileError{File: r.name, Sheet: r.src.sheet(), Message: "the sheet is empty"}
		}
		return &FileError{File: r.name, Sheet: r.src.sheet(), Message: fmt.Sprintf("no header row in the first %d rows: mapping %q expects columns such as %s",
			len(buf), r.m.Name, quoteList(firstN(r.m.required, 5)))}
	}
	hdr := buf[bestRow]
	r.headerRow = hdr.Line
	r.header = map[string]int{}
	r.colIndex = map[string]int{}
	r.headers = hdr.Cells
	for i, c := range hdr.Cells {
		k := normValue(c)
		if k == "" {
			continue
		}
		if first, dup := r.header[k]; dup {
			if want[k] {
				r.notices = append(r.notices, Issue{Sheet: r.src.sheet(), Row: hdr.Line, Cell: cellRef(i, hdr.Line, r.format), Column: c, Quality: QualityNotice,
					Message: fmt.Sprintf("column %q appears twice; the first (%s) is used", c, colName(first, r.format))})
			}
			continue
		}
		r.header[k] = i
	}
	var missing []string
	for _, c := range r.m.required {
		if _, ok := r.header[normValue(c)]; !ok {
			missing = append(missing, fmt.Sprintf("%q (for %s)", c, r.m.describeColumn(c)))
		}
	}
	if len(missing) > 0 {
		return &FileError{File: r.name, Sheet: r.src.sheet(), Row: hdr.Line, Message: fmt.Sprintf("the header lacks %d column(s) mapping %q needs: %s; the file's columns are: %s",
			len(missing), r.m.Name, strings.Join(missing, ", "), quoteList(firstN(nonEmpty(hdr.Cells), 40)))}
	}
	if hdr.Line > 1 && r.format == InputXLSX || hdr.Line > 1 && r.format == InputCSV {
		r.notices = append(r.notices, Issue{Sheet: r.src.sheet(), Row: hdr.Line, Quality: QualityNotice,
			Message: fmt.Sprintf("header found on row %d; the rows above it are skipped", hdr.Line)})
	}
	r.pending = buf[bestRow+1:]
	return nil
}

func firstN(s []string, n int) []string { return s[:min(n, len(s))] }

func nonEmpty(s []string) []string {
	var out []string
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// colName names a column for messages: a letter in a sheet, a number in CSV.
func colName(c int, f InputFormat) string {
	if f == InputXLSX {
		return columnLetter(c)
	}
	return fmt.Sprintf("field %d", c+1)
}

func cellRef(c, row int, f InputFormat) string {
	if f == InputXLSX {
		return fmt.Sprintf("%s%d", columnLetter(c), row)
	}
	return ""
}

// Next returns the next row as a Record for the store's importer: a row with
// errors comes with them as *content.LineError values (joined).
func (r *MappedReader) Next() (Record, error) {
	rec, err := r.NextMapped()
	if err != nil {
		return rec.Record, err
	}
	if len(rec.Errors) > 0 {
		return rec.Record, r.lineErrors(rec)
	}
	return rec.Record, nil
}

// lineErrors turns a row's errors into line errors ("file!Sheet:row: field:
// column C "x": message").
func (r *MappedReader) lineErrors(rec MappedRecord) error {
	errs := make([]error, len(rec.Errors))
	for i, e := range rec.Errors {
		errs[i] = r.lineError(e)
	}
	return errors.Join(errs...)
}

func (r *MappedReader) lineError(e Issue) *content.LineError {
	file := r.name
	if e.Sheet != "" {
		file += "!" + e.Sheet
	}
	msg := e.Message
	if e.Column != "" {
		where := fmt.Sprintf("column %q", e.Column)
		if e.Cell != "" {
			where = fmt.Sprintf("cell %s (column %q)", e.Cell, e.Column)
		}
		msg = where + ": " + msg
	}
	return &content.LineError{File: file, Line: e.Row, Field: e.Field, Message: msg}
}

// Location names where a row is, for messages: "file.xlsx!Sheet1".
func (r *MappedReader) Location() string {
	if s := r.src.sheet(); s != "" {
		return r.name + "!" + s
	}
	return r.name
}

// NextMapped returns the next non-empty row mapped to a document, or io.EOF.
// A row the reader could not split (bad CSV quoting, bad JSON) comes back
// with Errors set, not as an error: the rest of the file is still read.
func (r *MappedReader) NextMapped() (MappedRecord, error) {
	for {
		var row sourceRow
		if len(r.pending) > 0 {
			row, r.pending = r.pending[0], r.pending[1:]
		} else {
			var err error
			row, err = r.src.next()
			if errors.Is(err, io.EOF) {
				return MappedRecord{}, io.EOF
			}
			var re *rowError
			if errors.As(err, &re) {
				row = sourceRow{Line: re.line, Bad: re.msg}
			} else if err != nil {
				return MappedRecord{}, err
			}
		}
		if row.Bad != "" {
			r.rows++
			rec := MappedRecord{Record: Record{Line: row.Line}, Sheet: r.src.sheet(), Programme: r.m.Programme, Source: r.m.Source}
			rec.Errors = append(rec.Errors, Issue{Sheet: r.src.sheet(), Row: row.Line, Quality: QualityError, Message: row.Bad})
			return rec, nil
		}
		rec, empty := r.convert(row)
		if empty {
			r.empty++
			continue
		}
		r.rows++
		return rec, nil
	}
}

// Rows is the number of non-empty data rows read so far; Empty the number
// of empty rows skipped.
func (r *MappedReader) Rows() int  { return r.rows }
func (r *MappedReader) Empty() int { return r.empty }

// cell is one value of a row with where it came from.
type cell struct {
	value  string
	column string // header as written
	ref    string // "C7" in a sheet
	col    int
}

// rowView looks up a row's cells by the mapping's column names.
type rowView struct {
	r   *MappedReader
	row sourceRow
}

func (v rowView) get(col string) (cell, bool) {
	if v.row.Keys != nil {
		k := normValue(col)
		for i, key := range v.row.Keys {
			if normValue(key) == k {
				return cell{value: strings.TrimSpace(v.row.Cells[i]), column: key, col: i}, true
			}
		}
		return cell{column: col}, false
	}
	i, ok := v.r.colIndex[col]
	if !ok {
		i, ok = v.r.header[normValue(col)]
		if !ok {
			i = -1
		}
		v.r.colIndex[col] = i
	}
	if i < 0 {
		return cell{column: col}, false
	}
	c := cell{column: v.r.headers[i], ref: cellRef(i, v.row.Line, v.r.format), col: i}
	if i < len(v.row.Cells) {
		c.value = strings.TrimSpace(v.row.Cells[i])
	}
	return c, true
}

// first returns the first non-empty value among cols (or the first column's
// empty cell).
func (v rowView) first(cols []string) cell {
	var out cell
	for i, c := range cols {
		got, _ := v.get(c)
		if i == 0 {
			out = got
		}
		if got.value != "" {
			return got
		}
	}
	return out
}

func (v rowView) noValue(c cell) bool {
	return c.ref != "" && slices.Contains(v.row.NoValue, c.col)
}

// convert maps one row; empty is true when none of the mapped columns has a
// value (blank separator rows, trailing rows Excel keeps).
func (r *MappedReader) convert(row sourceRow) (rec MappedRecord, empty bool) {
	v := rowView{r: r, row: row}
	empty = true
	for _, c := range r.columnsOfInterest() {
		if got, _ := v.get(c); got.value != "" || v.noValue(got) {
			empty = false
			break
		}
	}
	if empty {
		return MappedRecord{}, true
	}
	m := r.m
	sheet := r.src.sheet()
	rec = MappedRecord{Record: Record{Line: row.Line}, Sheet: sheet, Programme: m.Programme, Source: m.Source}
	d := &rec.Doc
	d.Type, d.Source = m.Type, m.Source
	issue := func(q Quality, field string, c cell, result, format string, args ...any) {
		is := Issue{Sheet: sheet, Row: row.Line, Cell: c.ref, Column: c.column, Field: field, Value: c.value, Result: result,
			Quality: q, Message: fmt.Sprintf(format, args...)}
		if q == QualityError {
			rec.Errors = append(rec.Errors, is)
		} else {
			rec.Issues = append(rec.Issues, is)
		}
	}
	// Formulas without a computed value are errors wherever the mapping
	// reads them: the value the author meant is unknown.
	for _, c := range r.columnsOfInterest() {
		if got, ok := v.get(c); ok && v.noValue(got) {
			issue(QualityError, "", got, "", "formula without a computed value: open the file in Excel and save it (or paste the values) before importing")
		}
	}
	for _, col := range r.columnsOfInterest() {
		got, _ := v.get(col)
		if len(got.value) > content.MaxBodyLen {
			issue(QualityError, "", got, "", "longer than %d bytes", content.MaxBodyLen)
		} else if !utf8.ValidString(got.value) {
			issue(QualityError, "", got, "", "not valid text (the file mixes encodings?)")
		}
		if len(got.value) > content.MaxBodyLen || !utf8.ValidString(got.value) {
			// Keep the rest of the mapping away from the bad value.
			v.row.Cells[got.col] = ""
		}
	}

	r.mapID(v, &rec, issue)
	for _, f := range m.Fields {
		r.mapField(v, f, d, issue)
	}
	if len(m.Body) > 0 {
		d.Body = r.mapBody(v, issue)
	}
	r.mapRegion(v, &rec, issue)
	r.mapInstitution(&rec, v, issue)
	// Where the row came from; the hub dates it with the import batch.
	d.Provenance = []content.Provenance{{Source: m.Source, Programme: m.Programme, SourceID: rec.SourceID, Year: d.Year}}
	return rec, false
}

type issueFunc func(q Quality, field string, c cell, result, format string, args ...any)

// mapID sets the document id and the source id.
func (r *MappedReader) mapID(v rowView, rec *MappedRecord, issue issueFunc) {
	id := r.m.ID
	if id.Column != "" {
		c, _ := v.get(id.Column)
		raw := cleanNumber(c.value)
		switch {
		case raw != "":
			rec.SourceID = raw
			rec.Doc.ID = makeID(id.Prefix, raw)
			return
		case len(id.Hash) == 0:
			issue(QualityError, "id", c, "", "no id: the record's id in the source is required")
			return
		}
	}
	h := sha256.New()
	anyValue := false
	for _, col := range id.Hash {
		c, _ := v.get(col)
		if c.value != "" {
			anyValue = true
		}
		h.Write([]byte(normValue(cleanNumber(c.value))))
		h.Write([]byte{0x1f})
	}
	if !anyValue {
		c, _ := v.get(id.Hash[0])
		issue(QualityError, "id", c, "", "the columns that identify a row (%s) are all empty", strings.Join(id.Hash, ", "))
		return
	}
	rec.Doc.ID = id.Prefix + hex.EncodeToString(h.Sum(nil))[:16]
}

// makeID builds a valid document id from a prefix and a source id; a
// source id that does not fit the id pattern is hashed.
func makeID(prefix, raw string) string {
	if strings.HasPrefix(raw, prefix) && content.ValidID(raw) {
		return raw // already a document id (a re-imported export)
	}
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(raw) {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':'
		if ok {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimRight(b.String(), "-")
	id := prefix + s
	if s == "" || !content.ValidID(id) {
		sum := sha256.Sum256([]byte(raw))
		id = prefix + hex.EncodeToString(sum[:])[:16]
	}
	return id
}

// oneLineFields are collapsed to one line of plain text.
var oneLineFields = map[string]bool{"title": true, "institution": true, "type": true, "sector": true, "stage": true, "status": true, "url": true, "validation_status": true}

func (r *MappedReader) mapField(v rowView, f fieldRule, d *content.Document, issue issueFunc) {
	c := cell{value: f.Value}
	if len(f.Columns) > 0 {
		c = v.first(f.Columns)
	}
	raw := c.value
	if raw == "" {
		return
	}
	if f.HTML {
		if f.Field == "body" {
			md, err := r.html.Markdown(raw)
			if err != nil {
				issue(QualityError, f.Field, c, "", "cannot convert the HTML: %v", err)
				return
			}
			raw = md
		} else {
			raw = PlainText(raw)
		}
	}
	if oneLineFields[f.Field] {
		raw = strings.Join(strings.Fields(raw), " ")
	}
	mapValue := func(s string) (string, bool) {
		if len(f.Maps) == 0 {
			return s, true
		}
		if out, ok := r.m.lookup(f.Maps, s); ok {
			return out, true
		}
		switch f.Unknown {
		case unknownKeep:
			return s, true
		case unknownError:
			issue(QualityError, f.Field, c, "", "%q is not a known %s (map it under values: in the mapping)", s, f.Field)
		default:
			issue(QualityUnresolved, f.Field, c, "", "%q is not a known %s: left empty", s, f.Field)
		}
		return "", false
	}
	switch f.Parse {
	case kindYear:
		y, note, err := parseYear(raw, r.src.date1904())
		if err != nil {
			issue(QualityError, f.Field, c, "", "%v", err)
			return
		}
		if note != "" {
			issue(QualityApproximate, f.Field, c, fmt.Sprint(y), "%s", note)
		}
		d.Year = y
	case kindDate:
		t, note, err := parseDate(raw, r.src.date1904())
		if err != nil {
			issue(QualityError, f.Field, c, "", "%v", err)
			return
		}
		s := t.Format("2006-01-02")
		if note != "" {
			issue(QualityApproximate, f.Field, c, s, "%s", note)
		}
		setText(d, f.Field, s)
	case kindBool:
		if len(f.Maps) > 0 {
			mv, ok := mapValue(raw)
			if !ok {
				return
			}
			raw = mv
		}
		b, err := parseBool(raw)
		if err != nil {
			issue(QualityError, f.Field, c, "", "%v", err)
			return
		}
		d.Digital = b
	case kindList:
		var items []string
		for _, it := range splitListValue(raw, f.Split) {
			if mv, ok := mapValue(it); ok && mv != "" {
				items = append(items, mv)
			}
		}
		setList(d, f.Field, items)
	case kindURL:
		u, ok := normalizeURL(raw)
		if !ok {
			issue(QualityUnresolved, f.Field, c, "", "%q is not a web address: left empty", raw)
			return
		}
		if u != raw {
			issue(QualityApproximate, f.Field, c, u, "read as %s", u)
		}
		setText(d, f.Field, u)
	default:
		mv, ok := mapValue(raw)
		if !ok {
			return
		}
		if f.MaxLength > 0 {
			mv = truncateText(mv, f.MaxLength)
		}
		setText(d, f.Field, mv)
	}
}

// normalizeURL keeps http(s) addresses and completes "www.…" ones.
func normalizeURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	switch {
	case strings.ContainsAny(s, " \t\n"):
		return "", false
	case strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://"):
		return s, true
	case strings.HasPrefix(low, "www.") && strings.Contains(s[4:], "."):
		return "https://" + s, true
	}
	return "", false
}

// truncateText cuts s to at most n bytes at a word boundary, with "…".
func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[:max(0, n-len("…"))]
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	if i := strings.LastIndexAny(cut, " \n"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.\n") + "…"
}

// setText sets a text field of d by its JSON name; it reports false for a
// field that is not text.
func setText(d *content.Document, field, v string) bool {
	p := map[string]*string{
		"id": &d.ID, "type": &d.Type, "title": &d.Title, "summary": &d.Summary, "body": &d.Body,
		"institution": &d.Institution, "region_code": &d.RegionCode, "sector": &d.Sector, "published": &d.Published,
		"source": &d.Source, "stage": &d.Stage, "status": &d.Status, "url": &d.URL, "validation_status": &d.ValidationStatus,
		"slug": &d.Slug, "updated": &d.Updated,
	}[field]
	if p == nil {
		return false
	}
	*p = v
	return true
}

// setList sets a list field of d by its JSON name.
func setList(d *content.Document, field string, items []string) {
	switch field {
	case "awards":
		d.Awards = items
	case "tags":
		d.Tags = items
	case "authors":
		d.Authors = items
	case "related":
		d.Related = items
	}
}

// mapBody joins the body sections, each under its heading, skipping empty
// ones.
func (r *MappedReader) mapBody(v rowView, issue issueFunc) string {
	var parts []string
	for _, s := range r.m.Body {
		c := v.first(s.Columns)
		text := c.value
		if text == "" {
			continue
		}
		if s.HTML {
			md, err := r.html.Markdown(text)
			if err != nil {
				issue(QualityError, "body", c, "", "cannot convert the HTML: %v", err)
				continue
			}
			text = md
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		if s.Heading != "" {
			parts = append(parts, "## "+s.Heading+"\n\n"+text)
		} else {
			parts = append(parts, text)
		}
	}
	return strings.Join(parts, "\n\n")
}

// mapRegion resolves the region: a Kemendagri code column first, then names
// (regency/city column within the row's province, then free text such as
// the institution's name), then the province alone, and BPS codes last.
func (r *MappedReader) mapRegion(v rowView, rec *MappedRecord, issue issueFunc) {
	rr := r.m.Region
	regions := r.opt.Regions
	type attempt = regionAttempt
	var tried []attempt
	var best *attempt
	consider := func(a attempt) {
		tried = append(tried, a)
		if a.res.Quality == refdata.MatchExact && (best == nil || best.res.Quality != refdata.MatchExact) {
			best = &tried[len(tried)-1]
		}
	}
	for _, col := range rr.Code {
		c, _ := v.get(col)
		if c.value == "" {
			continue
		}
		code := kemendagriCode(c.value)
		if regions.Valid(code) {
			consider(attempt{c, refdata.RegionResolution{Code: code, Quality: refdata.MatchExact}})
		} else {
			consider(attempt{c, refdata.RegionResolution{Quality: refdata.MatchUnresolved, Note: fmt.Sprintf("%q is not a Kemendagri region code", c.value)}})
		}
	}
	province := attempt{}
	for _, col := range rr.Province {
		c, _ := v.get(col)
		if c.value == "" {
			continue
		}
		province = attempt{c, regions.Resolve(refdata.RegionQuery{Text: c.value, Level: refdata.LevelProvince})}
		break
	}
	provCode := ""
	if province.res.Code != "" {
		provCode = province.res.Code
	}
	names := []struct {
		cols  []string
		level string
	}{{rr.Regency, refdata.LevelRegency}, {rr.Text, ""}}
	for _, n := range names {
		if best != nil {
			break
		}
		for _, col := range n.cols {
			c, _ := v.get(col)
			if c.value == "" {
				continue
			}
			res := regions.Resolve(refdata.RegionQuery{Text: c.value, Level: n.level, Province: provCode})
			if n.level == "" && res.Quality == refdata.MatchUnresolved && len(res.Candidates) == 0 {
				// Free text without any region in it says nothing.
				continue
			}
			consider(attempt{c, res})
			if best != nil {
				break
			}
		}
	}
	if province.c.value != "" {
		if province.res.Quality == refdata.MatchUnresolved || best == nil && !slices.ContainsFunc(tried, func(a attempt) bool { return a.res.Code != "" }) {
			consider(province)
		}
	}
	// The first usable result, exact before approximate; BPS codes only
	// when no name gave a region.
	pick := best
	if pick == nil {
		for i := range tried {
			if tried[i].res.Code != "" {
				pick = &tried[i]
				break
			}
		}
	}
	if pick == nil {
		for _, cols := range [][]string{rr.BPSRegency, rr.BPSProvince} {
			for _, col := range cols {
				c, _ := v.get(col)
				if c.value == "" {
					continue
				}
				res := regions.ResolveBPSCode(c.value)
				if provCode != "" && res.Code != "" && !strings.HasPrefix(res.Code+".", provCode+".") && !strings.HasPrefix(res.Code, provCode+".") {
					res = refdata.RegionResolution{Quality: refdata.MatchUnresolved,
						Note: fmt.Sprintf("BPS code %s is not in the province %s", c.value, regions.DisplayName(provCode))}
				}
				tried = append(tried, attempt{c, res})
				if res.Code != "" && pick == nil {
					pick = &tried[len(tried)-1]
				}
			}
			if pick != nil {
				break
			}
		}
	}
	if pick != nil {
		rec.Region = pick.res
		rec.Doc.RegionCode = pick.res.Code
		if !strings.Contains(pick.res.Code, ".") && failedNotes(tried, pick) != "" {
			// A regency/city was named but not understood: the province
			// alone is right, but less than the row says.
			rec.Region.Quality = refdata.MatchApproximate
			issue(QualityApproximate, "region_code", pick.c, regionLabel(regions, pick.res.Code), "only the province is used; %s", failedNotes(tried, pick))
			return
		}
		if pick.res.Quality != refdata.MatchExact {
			note := pick.res.Note
			if others := failedNotes(tried, pick); others != "" {
				note += "; " + others
			}
			issue(QualityApproximate, "region_code", pick.c, regionLabel(regions, pick.res.Code), "%s", note)
		}
		return
	}
	if len(tried) == 0 {
		if rr.Required {
			c := cell{}
			if cols := rr.columns(); len(cols) > 0 {
				c, _ = v.get(cols[0])
			}
			issue(QualityError, "region_code", c, "", "no region given")
		}
		return
	}
	rec.Region = refdata.RegionResolution{Quality: refdata.MatchUnresolved}
	q := QualityUnresolved
	if rr.Required {
		q = QualityError
	}
	var cands []string
	for _, a := range tried {
		for _, cd := range a.res.Candidates {
			if !slices.Contains(cands, cd) {
				cands = append(cands, cd)
			}
		}
	}
	rec.Region.Candidates = cands
	issue(q, "region_code", tried[0].c, "", "region not resolved: %s", failedNotes(tried, nil))
}

// regionAttempt is one value tried for the region and what it gave.
type regionAttempt struct {
	c   cell
	res refdata.RegionResolution
}

// failedNotes summarises the attempts other than skip.
func failedNotes(tried []regionAttempt, skip *regionAttempt) string {
	var parts []string
	for i := range tried {
		a := &tried[i]
		if a == skip || a.res.Quality != refdata.MatchUnresolved {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %q: %s", a.c.column, a.c.value, a.res.Note))
	}
	return strings.Join(parts, "; ")
}

func regionLabel(regions *refdata.Regions, code string) string {
	if code == "" {
		return ""
	}
	return code + " " + regions.DisplayName(code)
}

// kemendagriCode accepts "35.78", "3578" and "3578.0".
func kemendagriCode(s string) string {
	s = cleanNumber(s)
	if len(s) == 4 && isDigits(s) {
		return s[:2] + "." + s[2:]
	}
	return s
}

// mapInstitution looks the institution up in the registry.
func (r *MappedReader) mapInstitution(rec *MappedRecord, v rowView, issue issueFunc) {
	if r.opt.Institutions == nil || rec.Doc.Institution == "" {
		return
	}
	c := cell{value: rec.Doc.Institution, column: "institution"}
	for _, f := range r.m.Fields {
		if f.Field == "institution" && len(f.Columns) > 0 {
			c = v.first(f.Columns)
		}
	}
	code, exact, ok := r.opt.Institutions.ResolveInstitution(rec.Doc.Institution, rec.Doc.RegionCode)
	switch {
	case !ok:
		issue(QualityUnresolved, "institution", c, "", "institution %q matches no single institution of the registry: the record stays unmapped until an admin assigns it", rec.Doc.Institution)
		return
	case !exact:
		issue(QualityApproximate, "institution", c, code, "institution %q matched the registry's %s only approximately", rec.Doc.Institution, code)
	}
	rec.InstitutionCode = code
	if rec.Doc.InstitutionCode == "" {
		rec.Doc.InstitutionCode = code
	}
}
