package importer

import (
	"fmt"
	"io"
	"jippnas/content"
	"strings"
)

// Report is what a dry run (and an import) tells the operator: counts,
// every row that cannot be imported with its errors, and every value that
// was read only approximately or not at all, grouped by value with the rows
// it appears on. The caller fills the store-dependent counts (Create,
// Update, Unchanged) and the possible duplicates.
type Report struct {
	File      string      `json:"file"`
	Format    InputFormat `json:"format"`
	Sheet     string      `json:"sheet,omitempty"`
	HeaderRow int         `json:"header_row,omitempty"`
	Mapping   string      `json:"mapping"`
	Programme string      `json:"programme"`

	Rows      int `json:"rows"`       // non-empty data rows
	Empty     int `json:"empty_rows"` // empty rows skipped
	Valid     int `json:"valid"`
	Invalid   int `json:"invalid"`
	Create    int `json:"create"`
	Update    int `json:"update"`
	Unchanged int `json:"unchanged"`
	// Conflict counts rows for records changed on the hub since their last
	// import: they are not written but queued for review.
	Conflict int `json:"conflict"`

	Errors          []Issue       `json:"errors,omitempty"` // capped at MaxErrors
	ErrorsTruncated bool          `json:"errors_truncated,omitempty"`
	Values          []ValueReport `json:"values,omitempty"` // approximate and unresolved values
	Notices         []Issue       `json:"notices,omitempty"`
	Duplicates      []Duplicate   `json:"possible_duplicates,omitempty"`
	Conflicts       []ConflictRow `json:"conflicts,omitempty"` // capped at MaxErrors

	groups  map[string]int
	columns map[string]string // document field → the column it comes from
}

// ValueReport is one distinct value read approximately or not at all, with
// every row it is on (the list of rows is capped; Count is not).
type ValueReport struct {
	Field   string   `json:"field"`
	Column  string   `json:"column,omitempty"`
	Value   string   `json:"value"`
	Quality Quality  `json:"quality"`
	Result  string   `json:"result,omitempty"`
	Message string   `json:"message"`
	Cells   []string `json:"cells"` // "C7" in a sheet, "line 7" elsewhere
	Count   int      `json:"count"`
}

// Duplicate is a row that may describe an innovation already stored.
type Duplicate struct {
	Row      int     `json:"row"`
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	Existing string  `json:"existing_id"`
	ExTitle  string  `json:"existing_title"`
	Score    float64 `json:"score"`
}

// ConflictRow is a row an import would not write: the hub changed its
// record since the last import (Reason: edited, merged or deleted).
type ConflictRow struct {
	Row    int    `json:"row"`
	ID     string `json:"id"`
	Title  string `json:"title"`
	Reason string `json:"reason"`
}

// Report limits: a wholly wrong file must not produce a report of millions
// of lines.
const (
	MaxErrors      = 1000
	maxValueGroups = 5000
	maxCellsShown  = 50
)

// NewReport starts the report of a mapped read.
func NewReport(r *MappedReader, m *Mapping) *Report {
	cols := map[string]string{}
	for _, f := range m.Fields {
		if len(f.Columns) > 0 {
			cols[f.Field] = f.Columns[0]
		}
	}
	if rc := m.Region.columns(); len(rc) > 0 {
		cols["region_code"] = rc[0]
	}
	if len(m.Body) > 0 {
		cols["body"] = m.Body[0].Columns[0]
	}
	if m.ID.Column != "" {
		cols["id"] = m.ID.Column
	}
	return &Report{File: r.name, Format: r.format, Sheet: r.Sheet(), HeaderRow: r.HeaderRow(), Mapping: m.Name,
		Programme: m.Programme, groups: map[string]int{}, columns: cols}
}

// NewFileReport starts the report of a file read without a mapping (the
// contract's JSON Lines or CSV).
func NewFileReport(file string, format InputFormat) *Report {
	return &Report{File: file, Format: format, groups: map[string]int{}, columns: map[string]string{}}
}

// AddConflict lists a row the import would hold back for review.
func (rep *Report) AddConflict(c ConflictRow) {
	rep.Conflict++
	if len(rep.Conflicts) < MaxErrors {
		rep.Conflicts = append(rep.Conflicts, c)
	}
}

// Add counts a row: its own errors and issues, and the validation errors of
// its document.
func (rep *Report) Add(rec MappedRecord, validation []*content.LineError) {
	rep.Rows++
	errs := rec.Errors
	for _, v := range validation {
		errs = append(errs, Issue{Sheet: rec.Sheet, Row: rec.Line, Field: v.Field, Column: rep.columns[v.Field], Quality: QualityError, Message: v.Message})
	}
	if len(errs) > 0 {
		rep.Invalid++
		for _, e := range errs {
			if len(rep.Errors) < MaxErrors {
				rep.Errors = append(rep.Errors, e)
			} else {
				rep.ErrorsTruncated = true
			}
		}
	} else {
		rep.Valid++
	}
	for _, is := range rec.Issues {
		rep.addValue(is)
	}
}

// AddError records an error found outside the row's own mapping (a
// duplicate id within the file, say).
func (rep *Report) AddError(is Issue) {
	if len(rep.Errors) < MaxErrors {
		rep.Errors = append(rep.Errors, is)
	} else {
		rep.ErrorsTruncated = true
	}
}

func (rep *Report) addValue(is Issue) {
	key := strings.Join([]string{is.Field, is.Column, is.Value, string(is.Quality), is.Result, is.Message}, "\x00")
	where := is.Cell
	if where == "" {
		where = fmt.Sprintf("line %d", is.Row)
	}
	i, ok := rep.groups[key]
	if !ok {
		if len(rep.Values) >= maxValueGroups {
			return
		}
		i = len(rep.Values)
		rep.groups[key] = i
		rep.Values = append(rep.Values, ValueReport{Field: is.Field, Column: is.Column, Value: is.Value, Quality: is.Quality,
			Result: is.Result, Message: is.Message})
	}
	g := &rep.Values[i]
	g.Count++
	if len(g.Cells) < maxCellsShown {
		g.Cells = append(g.Cells, where)
	}
}

// WriteText writes the report for a terminal.
func (rep *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	loc := rep.File
	if rep.Sheet != "" {
		loc += fmt.Sprintf(" (sheet %q, header on row %d)", rep.Sheet, rep.HeaderRow)
	}
	fmt.Fprintf(&b, "%s — mapping %q (%s), %s\n", loc, rep.Mapping, rep.Programme, rep.Format)
	fmt.Fprintf(&b, "  rows: %d (%d empty rows skipped)\n", rep.Rows, rep.Empty)
	fmt.Fprintf(&b, "  would create %d, update %d, leave %d unchanged; skip %d invalid\n", rep.Create, rep.Update, rep.Unchanged, rep.Invalid)
	if rep.Conflict > 0 {
		fmt.Fprintf(&b, "  %d rows are for records changed on the hub since their last import: not written, queued for review\n", rep.Conflict)
	}
	approx, unres := 0, 0
	for _, v := range rep.Values {
		switch v.Quality {
		case QualityApproximate:
			approx += v.Count
		case QualityUnresolved:
			unres += v.Count
		}
	}
	fmt.Fprintf(&b, "  values read approximately: %d, not resolved: %d; possible duplicates: %d\n", approx, unres, len(rep.Duplicates))
	if len(rep.Notices) > 0 {
		b.WriteString("\nNotes:\n")
		for _, n := range rep.Notices {
			fmt.Fprintf(&b, "  %s\n", n.Error())
		}
	}
	if len(rep.Errors) > 0 {
		fmt.Fprintf(&b, "\nErrors (%d invalid rows):\n", rep.Invalid)
		for _, e := range rep.Errors {
			fmt.Fprintf(&b, "  %s\n", e.Error())
		}
		if rep.ErrorsTruncated {
			b.WriteString("  … more errors not shown\n")
		}
	}
	for _, q := range []Quality{QualityUnresolved, QualityApproximate} {
		first := true
		for _, v := range rep.Values {
			if v.Quality != q {
				continue
			}
			if first {
				if q == QualityUnresolved {
					b.WriteString("\nNot resolved (imported without the value):\n")
				} else {
					b.WriteString("\nRead approximately (check these):\n")
				}
				first = false
			}
			col := v.Field
			if v.Column != "" {
				col = fmt.Sprintf("%s [%s]", v.Field, v.Column)
			}
			fmt.Fprintf(&b, "  %s %q", col, v.Value)
			if v.Result != "" {
				fmt.Fprintf(&b, " → %s", v.Result)
			}
			fmt.Fprintf(&b, ": %s\n    %d× at %s", v.Message, v.Count, strings.Join(v.Cells, ", "))
			if v.Count > len(v.Cells) {
				fmt.Fprintf(&b, ", … (%d more)", v.Count-len(v.Cells))
			}
			b.WriteByte('\n')
		}
	}
	if len(rep.Conflicts) > 0 {
		b.WriteString("\nHeld back for review (changed on the hub since the last import):\n")
		for _, c := range rep.Conflicts {
			fmt.Fprintf(&b, "  row %d %s %q: %s\n", c.Row, c.ID, c.Title, c.Reason)
		}
	}
	if len(rep.Duplicates) > 0 {
		b.WriteString("\nPossible duplicates of stored records:\n")
		for _, d := range rep.Duplicates {
			fmt.Fprintf(&b, "  row %d %s %q ≈ %s %q (score %.2f)\n", d.Row, d.ID, d.Title, d.Existing, d.ExTitle, d.Score)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
