package server

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/mux"
	"github.com/xuri/excelize/v2"

	"jippnas/content"
	"jippnas/content/refdata"
)

// Open data: the public directory of innovations as CSV, JSON Lines and
// XLSX, with its licence, data dictionary and a DCAT catalogue. The three
// files are written together from one snapshot of the store into the
// open-data folder and served from there (streamed, with ranges and
// validators). They are rebuilt when the store has changed, at most once
// per OpenDataRefresh, so that a busy hour of edits does not rebuild them
// on every download; a request waits for a rebuild only when no earlier
// files exist or they are older than that.

const (
	dataLicenseName = "Creative Commons Atribusi 4.0 Internasional (CC BY 4.0)"
	dataLicenseURL  = "https://creativecommons.org/licenses/by/4.0/"
	xlsxCellMax     = 32767 // characters in one Excel cell
	dataBaseName    = "jippnas-inovasi"
)

// dataFormat is one of the download formats.
type dataFormat struct {
	Ext   string
	Name  string // shown on /data
	MIME  string
	IANA  string // media type URI for DCAT
	About string
}

var dataFormats = []dataFormat{
	{"csv", "CSV", "text/csv; charset=utf-8", "https://www.iana.org/assignments/media-types/text/csv",
		"Satu baris per inovasi, UTF-8 dengan BOM, daftar dipisah “|”. Dapat diimpor kembali dengan jippnas import."},
	{"jsonl", "JSON Lines", "application/jsonl; charset=utf-8", "https://www.iana.org/assignments/media-types/application/jsonl",
		"Satu objek JSON per baris, sama dengan format impor dan API JIPPNAS."},
	{"xlsx", "XLSX (Excel)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"https://www.iana.org/assignments/media-types/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"Lembar “Inovasi” (tanpa uraian lengkap) dengan kolom nama wilayah dan bidang yang mudah dibaca, lembar “Kamus Data”, “Bidang”, dan “Lisensi”."},
}

// dataFile is one generated file.
type dataFile struct {
	Format dataFormat
	path   string
	Size   int64
	SHA256 string
}

// dataset is one generation of the files.
type dataset struct {
	Seq      uint64 // the store sequence the snapshot includes
	Built    time.Time
	Took     time.Duration
	Rows     int
	Modified string // the newest updated_at in the data
	Files    []*dataFile
}

func (d *dataset) file(ext string) *dataFile {
	for _, f := range d.Files {
		if f.Format.Ext == ext {
			return f
		}
	}
	return nil
}

// openData owns the open-data folder and the current dataset.
type openData struct {
	s        *Server
	mu       sync.Mutex
	dir      string
	ownDir   bool // a temporary folder made here, removed by close
	cur      *dataset
	building chan struct{} // closed when the running build ends
	lastErr  error
}

func newOpenData(s *Server) *openData {
	return &openData{s: s, dir: s.cfg.OpenDataDir}
}

// current returns an up-to-date dataset, building one if needed; a
// request that gives up waiting gets the previous files, if any.
func (od *openData) current(ctx context.Context) (*dataset, error) {
	od.mu.Lock()
	cur := od.cur
	if cur != nil && (cur.Seq == od.s.store.LastSeq() || time.Since(cur.Built) < od.s.cfg.OpenDataRefresh) {
		od.mu.Unlock()
		return cur, nil
	}
	if od.building == nil {
		od.building = make(chan struct{})
		// The build outlives the request that started it: others wait for it.
		go od.build(od.building)
	}
	ch := od.building
	od.mu.Unlock()
	select {
	case <-ch:
	case <-ctx.Done():
		if cur != nil {
			return cur, nil
		}
		return nil, ctx.Err()
	}
	od.mu.Lock()
	defer od.mu.Unlock()
	if od.cur == nil {
		return nil, od.lastErr
	}
	return od.cur, nil
}

func (od *openData) build(done chan struct{}) {
	ds, err := od.generate(context.Background())
	od.mu.Lock()
	old := od.cur
	if err == nil {
		od.cur = ds
	} else {
		od.s.log.Error("open data", "err", err)
	}
	od.lastErr = err
	od.building = nil
	od.mu.Unlock()
	close(done)
	// Downloads in progress keep their open files: unlinking is safe.
	if err == nil && old != nil {
		for _, f := range old.Files {
			os.Remove(f.path)
		}
	}
}

func (od *openData) folder() (string, error) {
	od.mu.Lock()
	defer od.mu.Unlock()
	if od.dir == "" {
		d, err := os.MkdirTemp("", "jippnas-data-")
		if err != nil {
			return "", err
		}
		od.dir, od.ownDir = d, true
	}
	if err := os.MkdirAll(od.dir, 0o755); err != nil {
		return "", err
	}
	if od.cur == nil {
		// Files of an earlier process (or an interrupted build) are stale.
		old, _ := filepath.Glob(filepath.Join(od.dir, dataBaseName+"-*"))
		tmp, _ := filepath.Glob(filepath.Join(od.dir, ".build-*"))
		for _, f := range append(old, tmp...) {
			os.Remove(f)
		}
	}
	return od.dir, nil
}

// close removes a temporary folder.
func (od *openData) close() {
	od.mu.Lock()
	defer od.mu.Unlock()
	if od.ownDir {
		os.RemoveAll(od.dir)
	}
}

// hashedFile writes a file and hashes what it writes.
type hashedFile struct {
	f    *os.File
	h    hash.Hash
	bw   *bufio.Writer
	path string
}

func createHashed(path string) (*hashedFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	hf := &hashedFile{f: f, h: sha256.New(), path: path}
	hf.bw = bufio.NewWriterSize(io.MultiWriter(f, hf.h), 256<<10)
	return hf, nil
}

func (hf *hashedFile) Write(p []byte) (int, error) { return hf.bw.Write(p) }

// finish flushes and closes the file and returns its size and hash. No
// fsync: the files are derived, and a new process builds them anew.
func (hf *hashedFile) finish() (int64, string, error) {
	err := hf.bw.Flush()
	st, serr := hf.f.Stat()
	if cerr := hf.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = serr
	}
	if err != nil {
		return 0, "", err
	}
	return st.Size(), hex.EncodeToString(hf.h.Sum(nil)), nil
}

func (hf *hashedFile) abort() {
	hf.f.Close()
	os.Remove(hf.path)
}

// generate writes the three files from one snapshot of the store.
func (od *openData) generate(ctx context.Context) (ds *dataset, err error) {
	start := time.Now()
	dir, err := od.folder()
	if err != nil {
		return nil, err
	}
	tmp := filepath.Join(dir, fmt.Sprintf(".build-%d", start.UnixNano()))
	csvF, err := createHashed(tmp + ".csv")
	if err != nil {
		return nil, err
	}
	jsonlF, err := createHashed(tmp + ".jsonl")
	if err != nil {
		csvF.abort()
		return nil, err
	}
	xlsxF, err := createHashed(tmp + ".xlsx")
	if err != nil {
		csvF.abort()
		jsonlF.abort()
		return nil, err
	}
	defer func() {
		if err != nil {
			csvF.abort()
			jsonlF.abort()
			xlsxF.abort()
		}
	}()

	csvF.Write([]byte("\xef\xbb\xbf")) // Excel reads UTF-8 only with a BOM; the importer skips it
	cw := csv.NewWriter(csvF)
	if err := cw.Write(contractColumns); err != nil {
		return nil, err
	}
	je := json.NewEncoder(jsonlF)
	je.SetEscapeHTML(false)
	x, err := newDataWorkbook(dir)
	if err != nil {
		return nil, err
	}
	defer x.f.Close()

	ds = &dataset{}
	ds.Seq, err = od.s.store.Each(ctx, func(d content.Document) error {
		if d.Type != content.TypeInnovation {
			return nil
		}
		ds.Rows++
		if d.UpdatedAt > ds.Modified {
			ds.Modified = d.UpdatedAt
		}
		if err := je.Encode(d); err != nil {
			return err
		}
		if err := cw.Write(contractRow(d)); err != nil {
			return err
		}
		return x.add(od.s, d)
	})
	if err != nil {
		return nil, err
	}
	if cw.Flush(); cw.Error() != nil {
		return nil, cw.Error()
	}
	if err := x.finish(xlsxF); err != nil {
		return nil, err
	}
	ds.Built = time.Now()
	for _, hf := range []*hashedFile{csvF, jsonlF, xlsxF} {
		size, sum, err := hf.finish()
		if err != nil {
			return nil, err
		}
		ext := strings.TrimPrefix(filepath.Ext(hf.path), ".")
		final := filepath.Join(dir, fmt.Sprintf("%s-%d-%d.%s", dataBaseName, ds.Seq, start.UnixNano(), ext))
		if err := os.Rename(hf.path, final); err != nil {
			return nil, err
		}
		for _, f := range dataFormats {
			if f.Ext == ext {
				ds.Files = append(ds.Files, &dataFile{Format: f, path: final, Size: size, SHA256: sum})
			}
		}
	}
	ds.Took = time.Since(start)
	od.s.log.Info("open data generated", "rows", ds.Rows, "seq", ds.Seq, "took", ds.Took.Round(time.Millisecond))
	return ds, nil
}

// contractRow is a document as a CSV row in contractColumns order.
func contractRow(d content.Document) []string {
	year, rev := "", ""
	if d.Year != 0 {
		year = strconv.Itoa(d.Year)
	}
	if d.Revision != 0 {
		rev = strconv.FormatUint(d.Revision, 10)
	}
	return []string{d.ID, d.Type, d.Title, d.Summary, d.Body, d.Institution, d.InstitutionCode, d.RegionCode, d.Sector, year,
		d.Published, d.Source, d.Stage, strings.Join(d.Awards, "|"), strings.Join(d.Tags, "|"), d.Status, d.URL,
		d.ValidationStatus, strconv.FormatBool(d.Digital), rev, d.UpdatedAt}
}

// dataWorkbook streams the rows of the XLSX; the small sheets are added at
// the end.
type dataWorkbook struct {
	f   *excelize.File
	sw  *excelize.StreamWriter
	row int
}

const sheetData = "Inovasi"

func newDataWorkbook(tmpDir string) (*dataWorkbook, error) {
	f := excelize.NewFile(excelize.Options{TmpDir: tmpDir})
	if err := f.SetSheetName("Sheet1", sheetData); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheetData)
	if err != nil {
		return nil, err
	}
	x := &dataWorkbook{f: f, sw: sw, row: 1}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	var header []any
	for _, c := range xlsxColumns {
		header = append(header, excelize.Cell{Value: c, StyleID: bold})
	}
	return x, sw.SetRow("A1", header)
}

func (x *dataWorkbook) add(s *Server, d content.Document) error {
	x.row++
	cells := contractRow(d)
	row := make([]any, 0, len(dataDictionary))
	for i, v := range cells {
		switch contractColumns[i] {
		case "body":
			continue
		case "year", "revision":
			if n, err := strconv.Atoi(v); err == nil {
				row = append(row, n)
				continue
			}
		case "digital":
			row = append(row, d.Digital)
			continue
		}
		row = append(row, cellText(v))
	}
	region, province, sector := "Nasional", "", ""
	if d.RegionCode != "" {
		region = s.regions.DisplayName(d.RegionCode)
		if p, ok := s.regions.ProvinceOf(d.RegionCode); ok {
			province = p.Name
		}
	}
	if sec, ok := refdata.SectorBySlug(d.Sector); ok {
		sector = sec.Name
	}
	row = append(row, region, province, sector, s.linkURL(d.Path()), cellText(reportedBy(d)))
	return x.sw.SetRow("A"+strconv.Itoa(x.row), row)
}

// xlsxColumns are the columns of the XLSX: the contract's without the
// Markdown body (long text a spreadsheet shows badly, and most of the
// file's size and build time; it is in the CSV and JSON Lines), then the
// readable names.
var xlsxColumns = func() []string {
	var out []string
	for _, f := range dataDictionary {
		if !f.NotInXLSX && !f.JSONLOnly {
			out = append(out, f.Name)
		}
	}
	return out
}()

// cellText cuts text to what one Excel cell holds.
func cellText(v string) string {
	if utf8.RuneCountInString(v) <= xlsxCellMax {
		return v
	}
	r := []rune(v)
	return string(r[:xlsxCellMax-1]) + "…"
}

func (x *dataWorkbook) finish(w io.Writer) error {
	if err := x.sw.Flush(); err != nil {
		return err
	}
	dict := [][]any{{"Kolom", "Nama", "Keterangan", "Nilai", "Sumber"}}
	for _, c := range dataDictionary {
		dict = append(dict, []any{c.Name, c.Label, c.Description, c.Values, c.Source})
	}
	sectors := [][]any{{"sector", "Kode", "Nama bidang", "Kelompok"}}
	for _, sec := range refdata.Sectors() {
		sectors = append(sectors, []any{sec.Slug, sec.Code, sec.Name, sec.Group})
	}
	license := [][]any{
		{"Data Terbuka JIPPNAS — Jaringan Inovasi Pelayanan Publik Nasional, Kementerian PANRB"},
		{"Lisensi: " + dataLicenseName + " — " + dataLicenseURL},
		{"Cantumkan sumber: “Data JIPPNAS, Kementerian PANRB”."},
		{"Kolom region_name dan province_name: Indonesian area data © fityannugroho/idn-area-data, ODbL 1.0."},
	}
	for _, sh := range []struct {
		name string
		rows [][]any
	}{{"Kamus Data", dict}, {"Bidang", sectors}, {"Lisensi", license}} {
		if _, err := x.f.NewSheet(sh.name); err != nil {
			return err
		}
		for i, r := range sh.rows {
			if err := x.f.SetSheetRow(sh.name, "A"+strconv.Itoa(i+1), &r); err != nil {
				return err
			}
		}
	}
	_, err := x.f.WriteTo(w)
	return err
}

// ---- HTTP ----

// downloadName is the stable public name of a file; its content changes
// with the data, and its ETag with it.
func downloadName(ext string) string { return dataBaseName + "." + ext }

func (s *Server) dataDownload(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	ext, ok := strings.CutPrefix(name, dataBaseName+".")
	if !ok {
		s.webError(w, r, http.StatusNotFound, "")
		return
	}
	var ds *dataset
	var f *dataFile
	var err error
	if ds, err = s.openData.current(r.Context()); err == nil {
		if f = ds.file(ext); f == nil {
			s.webError(w, r, http.StatusNotFound, "")
			return
		}
	}
	var fh *os.File
	if err == nil {
		fh, err = os.Open(f.path)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return
		}
		s.webFail(w, r, err)
		return
	}
	defer fh.Close()
	h := w.Header()
	h.Set("Content-Type", f.Format.MIME)
	h.Set("ETag", `"`+f.SHA256[:24]+`"`)
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.%s"`, dataBaseName, ds.Built.UTC().Format("20060102"), ext))
	h.Set("Access-Control-Allow-Origin", "*") // public data: any site may fetch it
	http.ServeContent(w, r, "", ds.Built, fh)
}
