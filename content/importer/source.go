package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"jippnas/content"
	"os"
	"path/filepath"
	"strings"
)

// InputFormat is the format of a file a mapped import reads.
type InputFormat string

const (
	InputXLSX  InputFormat = "xlsx"
	InputCSV   InputFormat = "csv"
	InputJSONL InputFormat = "jsonl"
)

// sourceRow is one row of an input file, before mapping.
type sourceRow struct {
	Line  int      // row number in the sheet, or line in the file
	Cells []string // by column (XLSX/CSV), or by key (JSONL)
	Keys  []string // JSONL: the key of each cell; nil for XLSX/CSV
	// XLSX only: columns (0-based) whose formula has no cached value, and
	// columns filled from a merged range.
	NoValue []int
	Merged  []int
	// Bad is set when the row could not be split into cells (broken CSV
	// quoting, invalid JSON): the row is an error, the file goes on.
	Bad string
}

// rowSource streams the rows of one file.
type rowSource interface {
	next() (sourceRow, error) // io.EOF at the end
	sheet() string            // the sheet read ("" outside XLSX)
	notices() []Issue         // what the reader noticed about the file (merged ranges, …)
	date1904() bool
	// progress is how far the read is: rows of the sheet (XLSX), or bytes
	// of the file.
	progress() (done, total int64)
	close() error
}

// FileError is a problem with a whole input file (wrong format, missing
// columns, no header): nothing of it can be imported.
type FileError struct {
	File    string
	Sheet   string
	Row     int
	Message string
}

func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, " sheet %q", e.Sheet)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, " row %d", e.Row)
	}
	b.WriteString(": ")
	b.WriteString(e.Message)
	return b.String()
}

func (e *FileError) Is(target error) bool { return target == content.ErrInvalid }

// DetectFormat reads the start of a file and says what it is, whatever its
// name: a file of another format renamed .xlsx (an old .xls, a CSV, an HTML
// table some systems save as "xls", a PDF) gets a message saying so.
func DetectFormat(path string) (InputFormat, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 8192)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("%s: read: %w", path, err)
	}
	head = head[:n]
	name := filepath.Base(path)
	ext := strings.ToLower(filepath.Ext(path))
	got, what := sniff(head)
	want := InputFormat("")
	switch ext {
	case ".xlsx", ".xlsm":
		want = InputXLSX
	case ".csv", ".tsv", ".txt":
		want = InputCSV
	case ".jsonl", ".ndjson", ".json":
		want = InputJSONL
	}
	if got == "" {
		return "", &FileError{File: name, Message: what}
	}
	if want != "" && got != want {
		return "", &FileError{File: name, Message: fmt.Sprintf("named %s but it is %s; save or rename it as what it is", ext, what)}
	}
	return got, nil
}

// sniff recognises a format by its first bytes; for a format the importer
// cannot read it returns "" and what the file is.
func sniff(head []byte) (InputFormat, string) {
	switch {
	case len(head) == 0:
		return "", "the file is empty"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		if bytes.Contains(head, []byte("mimetypeapplication/vnd.oasis.opendocument.spreadsheet")) {
			return "", "an OpenDocument spreadsheet (.ods): save it as .xlsx"
		}
		if bytes.Contains(head, []byte("word/")) {
			return "", "a Word document (.docx), not a spreadsheet"
		}
		return InputXLSX, "an Excel workbook (.xlsx)"
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return "", "an Excel 97-2003 workbook (.xls) or a password-protected workbook: open it in Excel and save it as .xlsx without a password"
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "", "a PDF document, not a spreadsheet"
	case bytes.HasPrefix(head, []byte("\xFF\xFE")) || bytes.HasPrefix(head, []byte("\xFE\xFF")):
		return InputCSV, "a UTF-16 text file (CSV/TSV)"
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	lower := bytes.ToLower(text[:min(len(text), 512)])
	switch {
	case bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) ||
		bytes.HasPrefix(lower, []byte("<table")) || bytes.Contains(lower, []byte("urn:schemas-microsoft-com:office:excel")):
		return "", "an HTML page or table (some systems save these with an .xls name): open it in Excel and save it as .xlsx"
	case bytes.HasPrefix(lower, []byte("<?xml")):
		return "", "an XML file (an Excel 2003 XML spreadsheet?): open it in Excel and save it as .xlsx"
	case bytes.IndexByte(head, 0) >= 0:
		return "", "a binary file of an unknown kind, not a spreadsheet"
	case bytes.HasPrefix(text, []byte("{")):
		return InputJSONL, "a JSON Lines file"
	case bytes.HasPrefix(text, []byte("[")):
		return "", "a JSON array: write one JSON object per line (JSON Lines)"
	}
	return InputCSV, "a text file (CSV)"
}

// openSource opens a file of a known format.
func openSource(path string, format InputFormat, sheet string, opt ReadOptions) (rowSource, error) {
	switch format {
	case InputXLSX:
		return openXLSX(path, sheet, opt)
	case InputCSV:
		return openCSV(path, opt)
	case InputJSONL:
		return openJSONL(path, opt)
	}
	return nil, fmt.Errorf("unknown input format %q", format)
}
