package importer

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxSource streams the rows of one sheet with excelize's Rows iterator:
// raw cell values (no number formats, so a date stays its serial number and
// the mapping decides how to read it), cached results of formulas. Worksheets
// and shared strings larger than xlsxMemLimit are unpacked to temporary files
// by excelize, so memory stays bounded whatever the sheet's size.
//
// excelize's iterator tells neither merged ranges nor formulas without a
// cached value, so one streaming pass over the sheet's XML (scanSheetXML)
// finds those first.
type xlsxSource struct {
	name    string
	f       *excelize.File
	rows    *excelize.Rows
	sheetNm string
	line    int
	scan    sheetScan
	active  []mergeRange // merged ranges that cover the current or later rows
	notes   []Issue
	noted   map[string]bool
}

// xlsxMemLimit: parts larger than this are unpacked to temporary files.
const xlsxMemLimit = 4 << 20

// Bounds on what the XML pass keeps.
const (
	maxMerges        = 100_000
	maxNoValueCells  = 100_000
	maxXLSXTotalSize = 4 << 30 // unpacked size of all parts: a zip bomb stops here
)

func openXLSX(p string, sheet string, opt ReadOptions) (rowSource, error) {
	name := filepath.Base(p)
	scan, sheetName, err := scanWorkbook(p, sheet)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenFile(p, excelize.Options{RawCellValue: true, UnzipXMLSizeLimit: xlsxMemLimit, UnzipSizeLimit: maxXLSXTotalSize, TmpDir: opt.TempDir})
	if err != nil {
		return nil, &FileError{File: name, Message: fmt.Sprintf("cannot read the workbook: %v", err)}
	}
	rows, err := f.Rows(sheetName)
	if err != nil {
		f.Close()
		return nil, &FileError{File: name, Sheet: sheetName, Message: fmt.Sprintf("cannot read the sheet: %v", err)}
	}
	return &xlsxSource{name: name, f: f, rows: rows, sheetNm: sheetName, scan: scan, noted: map[string]bool{}}, nil
}

func (s *xlsxSource) sheet() string    { return s.sheetNm }
func (s *xlsxSource) date1904() bool   { return s.scan.date1904 }
func (s *xlsxSource) notices() []Issue { return s.notes }

// progress is rows read of the sheet's rows.
func (s *xlsxSource) progress() (int64, int64) { return int64(s.line), int64(s.scan.lastRow) }

func (s *xlsxSource) close() error {
	return errors.Join(s.rows.Close(), s.f.Close())
}

func (s *xlsxSource) next() (sourceRow, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return sourceRow{}, &FileError{File: s.name, Sheet: s.sheetNm, Row: s.line + 1, Message: fmt.Sprintf("cannot read the row: %v", err)}
		}
		return sourceRow{}, io.EOF
	}
	s.line++
	cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return sourceRow{}, &FileError{File: s.name, Sheet: s.sheetNm, Row: s.line, Message: fmt.Sprintf("cannot read the row: %v", err)}
	}
	row := sourceRow{Line: s.line, Cells: cells}
	row.NoValue = s.scan.noValue[s.line]
	s.fillMerged(&row)
	return row, nil
}

// fillMerged gives every cell of a merged range the value of its top-left
// cell, which is what a person reading the sheet sees, and notes the range.
func (s *xlsxSource) fillMerged(row *sourceRow) {
	for len(s.scan.merges) > 0 && s.scan.merges[0].r1 == row.Line {
		m := s.scan.merges[0]
		s.scan.merges = s.scan.merges[1:]
		if m.c1 < len(row.Cells) {
			m.value = row.Cells[m.c1]
		}
		s.active = append(s.active, m)
	}
	kept := s.active[:0]
	for _, m := range s.active {
		if row.Line > m.r2 {
			continue
		}
		kept = append(kept, m)
		if m.value == "" {
			continue
		}
		for c := m.c1; c <= m.c2; c++ {
			if c == m.c1 && row.Line == m.r1 {
				continue
			}
			for len(row.Cells) <= c {
				row.Cells = append(row.Cells, "")
			}
			if row.Cells[c] == "" {
				row.Cells[c] = m.value
				row.Merged = append(row.Merged, c)
			}
		}
		if !s.noted[m.ref] && m.r2 > m.r1 {
			s.noted[m.ref] = true
			s.notes = append(s.notes, Issue{Sheet: s.sheetNm, Row: m.r1, Cell: m.ref, Quality: QualityNotice,
				Message: fmt.Sprintf("merged cells %s: the value of %s is used for every row of the range", m.ref, strings.SplitN(m.ref, ":", 2)[0])})
		}
	}
	s.active = kept
}

// sheetScan is what the XML pass found in a sheet.
type sheetScan struct {
	date1904 bool
	merges   []mergeRange  // sorted by first row
	noValue  map[int][]int // row → 0-based columns of formulas without a cached value
	formulas int           // formula cells seen
	lastRow  int           // the number of the sheet's last row
	sheets   []string
}

type mergeRange struct {
	ref            string
	r1, c1, r2, c2 int // rows 1-based, columns 0-based
	value          string
}

// scanWorkbook finds the sheet (by name, or the first one) and makes the XML
// pass over it.
func scanWorkbook(p string, sheet string) (sheetScan, string, error) {
	name := filepath.Base(p)
	zr, err := zip.OpenReader(p)
	if err != nil {
		return sheetScan{}, "", &FileError{File: name, Message: fmt.Sprintf("not a readable .xlsx (zip) file: %v", err)}
	}
	defer zr.Close()
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))] = f
	}
	wbFile := files["xl/workbook.xml"]
	if wbFile == nil {
		return sheetScan{}, "", &FileError{File: name, Message: "a zip file but not an Excel workbook (no xl/workbook.xml)"}
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodeZipXML(wbFile, &wb); err != nil {
		return sheetScan{}, "", &FileError{File: name, Message: fmt.Sprintf("broken workbook.xml: %v", err)}
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if rf := files["xl/_rels/workbook.xml.rels"]; rf != nil {
		if err := decodeZipXML(rf, &rels); err != nil {
			return sheetScan{}, "", &FileError{File: name, Message: fmt.Sprintf("broken workbook.xml.rels: %v", err)}
		}
	}
	scan := sheetScan{date1904: wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true", noValue: map[int][]int{}}
	for _, s := range wb.Sheets {
		scan.sheets = append(scan.sheets, s.Name)
	}
	if len(wb.Sheets) == 0 {
		return scan, "", &FileError{File: name, Message: "the workbook has no sheets"}
	}
	idx := 0
	if sheet != "" {
		idx = slices.IndexFunc(wb.Sheets, func(s struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		}) bool {
			return strings.EqualFold(strings.TrimSpace(s.Name), strings.TrimSpace(sheet))
		})
		if idx < 0 {
			return scan, "", &FileError{File: name, Message: fmt.Sprintf("no sheet %q; the workbook has: %s", sheet, strings.Join(scan.sheets, ", "))}
		}
	}
	target := ""
	for _, r := range rels.Rels {
		if r.ID == wb.Sheets[idx].RID {
			target = r.Target
		}
	}
	switch {
	case target == "":
		target = fmt.Sprintf("xl/worksheets/sheet%d.xml", idx+1)
	case strings.HasPrefix(target, "/"):
		target = strings.TrimPrefix(target, "/")
	default:
		target = path.Join("xl", target)
	}
	sf := files[strings.ToLower(target)]
	if sf == nil {
		return scan, "", &FileError{File: name, Sheet: wb.Sheets[idx].Name, Message: "the sheet's data is missing from the file"}
	}
	if err := scan.scanSheetXML(sf); err != nil {
		return scan, "", &FileError{File: name, Sheet: wb.Sheets[idx].Name, Message: fmt.Sprintf("broken sheet XML: %v", err)}
	}
	return scan, wb.Sheets[idx].Name, nil
}

func decodeZipXML(f *zip.File, v any) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, 64<<20)).Decode(v)
}

// scanSheetXML streams the sheet once for merged ranges and for formulas
// whose result was never computed (files written by programs, not by Excel).
func (s *sheetScan) scanSheetXML(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var ref string
	var inCell, hasF, hasV bool
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				if n := atoi(attr(t, "r")); n > 0 {
					s.lastRow = n
				} else {
					s.lastRow++
				}
			case "c":
				inCell, hasF, hasV, ref = true, false, false, attr(t, "r")
			case "f":
				hasF = hasF || inCell
			case "v", "is":
				hasV = hasV || inCell
			case "mergeCell":
				if len(s.merges) < maxMerges {
					if m, ok := parseMergeRef(attr(t, "ref")); ok {
						s.merges = append(s.merges, m)
					}
				}
			}
		case xml.EndElement:
			if t.Name.Local == "c" && inCell {
				inCell = false
				if hasF {
					s.formulas++
					if !hasV && len(s.noValue) < maxNoValueCells {
						if c, r, err := excelize.CellNameToCoordinates(ref); err == nil {
							s.noValue[r] = append(s.noValue[r], c-1)
						}
					}
				}
			}
		}
	}
	slices.SortStableFunc(s.merges, func(a, b mergeRange) int { return a.r1 - b.r1 })
	return nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func parseMergeRef(ref string) (mergeRange, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		return mergeRange{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil || r2 < r1 || c2 < c1 {
		return mergeRange{}, false
	}
	return mergeRange{ref: ref, r1: r1, c1: c1 - 1, r2: r2, c2: c2 - 1}, true
}

// columnLetter names a 0-based column as Excel does ("A", "AB").
func columnLetter(c int) string {
	name, err := excelize.ColumnNumberToName(c + 1)
	if err != nil {
		return fmt.Sprint(c + 1)
	}
	return name
}
