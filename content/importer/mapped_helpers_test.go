package importer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sheetCell is one cell a test writes: a value, or a formula with or
// without a cached value.
type sheetCell struct {
	ref     string
	value   any
	formula string
}

// writeXLSX builds a workbook in dir: rows from row 1 (nil rows stay
// empty), extra cells, merged ranges.
func writeXLSX(t testing.TB, dir, name, sheet string, rows [][]any, extra []sheetCell, merges [][2]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			t.Fatal(err)
		}
	}
	for i, row := range rows {
		if row == nil {
			continue
		}
		for j, v := range row {
			if v == nil || v == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range extra {
		if c.formula != "" {
			if err := f.SetCellFormula(sheet, c.ref, c.formula); err != nil {
				t.Fatal(err)
			}
		}
		if c.value != nil {
			if err := f.SetCellValue(sheet, c.ref, c.value); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range merges {
		if err := f.MergeCell(sheet, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(dir, name)
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustMapping(t testing.TB, name string) *Mapping {
	t.Helper()
	m, err := LoadMapping(name)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// readAll maps every row of a file.
func readAll(t testing.TB, path string, m *Mapping, opt ReadOptions) (*MappedReader, []MappedRecord) {
	t.Helper()
	r, err := OpenMapped(path, m, opt)
	if err != nil {
		t.Fatalf("OpenMapped: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	var out []MappedRecord
	for {
		rec, err := r.NextMapped()
		if errors.Is(err, io.EOF) {
			return r, out
		}
		if err != nil {
			t.Fatalf("NextMapped: %v", err)
		}
		out = append(out, rec)
	}
}

func byRow(recs []MappedRecord, row int) (MappedRecord, bool) {
	for _, r := range recs {
		if r.Line == row {
			return r, true
		}
	}
	return MappedRecord{}, false
}

// issueAt finds the issue of a field on a record.
func issueAt(rec MappedRecord, field string, q Quality) (Issue, bool) {
	list := rec.Issues
	if q == QualityError {
		list = rec.Errors
	}
	for _, is := range list {
		if is.Field == field && is.Quality == q {
			return is, true
		}
	}
	return Issue{}, false
}

func describe(rec MappedRecord) string {
	var b strings.Builder
	fmt.Fprintf(&b, "row %d %+v", rec.Line, rec.Doc)
	for _, e := range rec.Errors {
		fmt.Fprintf(&b, "\n  error: %v", e)
	}
	for _, e := range rec.Issues {
		fmt.Fprintf(&b, "\n  issue: %v", e)
	}
	return b.String()
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
