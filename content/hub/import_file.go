package hub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"jippnas/content"
	"jippnas/content/importer"
	"jippnas/content/store"
)

// A file import, as the command line and the website's upload run it: a
// dry run that reports what the import would do and writes nothing, then,
// once the admin confirms, the import itself as one batch.

// FileImport is one file to import: a programme's export (XLSX, CSV or
// JSONL) read through a mapping, or, without one, the contract's JSON
// Lines or CSV.
type FileImport struct {
	Path string
	// Name names the file in messages ("bad.jsonl:3: title: required");
	// default Path, as the command line was given it. The website sets
	// the uploaded file's name, not its place in the spool.
	Name    string
	Mapping *importer.Mapping // nil: the contract's format
	// Read are the mapped reader's options; the hub's registry resolves
	// institutions unless Read.Institutions is set.
	Read        importer.ReadOptions
	SkipInvalid bool
	BatchSize   int // documents per transaction (default 500)
	// Duplicates, if set, looks up stored records a new row may describe
	// (the caller has the index).
	Duplicates func(ctx context.Context, d content.Document) ([]PossibleDuplicate, error)
	// Progress, if set, is told how far the work is, after every row.
	Progress func(ImportProgress)
	// AfterBatch, if set, runs after each committed batch (the index
	// catches up there).
	AfterBatch func() error
}

// PossibleDuplicate is a stored record a row may describe, as the index's
// duplicate finder scores it.
type PossibleDuplicate struct {
	Doc            content.Document
	Score          float64
	TitleSim       float64
	InstitutionSim float64
	TextSim        float64
}

// Import phases, in order.
const (
	PhaseCheck  = "check"  // the dry run
	PhaseVerify = "verify" // the import checks the whole file again
	PhaseWrite  = "write"  // and writes it
)

// ImportProgress is how far a dry run or an import is: rows read in this
// phase, and how much of the file (rows of the sheet, or bytes) that is.
type ImportProgress struct {
	Phase   string
	Rows    int
	Done    int64
	Total   int64
	Written int // documents written so far (PhaseWrite)
}

// DryRunResult is what a dry run found: the report, and the pairs of new
// rows and stored records of another programme that may be one innovation
// (proposed to the merge queue once the rows are imported).
type DryRunResult struct {
	Report *importer.Report
	Pairs  []DuplicatePair
}

// Bounds of a dry run's lists.
const (
	maxReportDuplicates = 500
	maxProposedPairs    = 20000
)

// rowSource is a file's rows for a dry run and an import, mapped or not.
type rowSource struct {
	mapped *importer.MappedReader
	plain  store.RecordReader
	f      *countingFile
	loc    string
}

// countingFile counts the bytes read from a file, for progress.
type countingFile struct {
	*os.File
	n     atomic.Int64
	total int64
}

func (c *countingFile) Read(p []byte) (int, error) {
	n, err := c.File.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// name is the file's name in messages.
func (fi FileImport) name() string {
	if fi.Name != "" {
		return fi.Name
	}
	return fi.Path
}

func (h *Hub) openRows(fi FileImport) (*rowSource, error) {
	name := fi.name()
	if fi.Mapping != nil {
		ro := fi.Read
		if ro.Institutions == nil {
			ro.Institutions = h.reg
		}
		if ro.Regions == nil {
			ro.Regions = h.reg.Regions()
		}
		r, err := importer.OpenMapped(fi.Path, fi.Mapping, ro)
		if err != nil {
			return nil, err
		}
		return &rowSource{mapped: r, loc: r.Location()}, nil
	}
	f, err := os.Open(fi.Path)
	if err != nil {
		return nil, err
	}
	cf := &countingFile{File: f}
	if st, err := f.Stat(); err == nil {
		cf.total = st.Size()
	}
	return &rowSource{plain: store.FileRecords(cf, name, importer.FormatOf(name)), f: cf, loc: name}, nil
}

// next returns the next row as a mapped record: a contract line's decoding
// error comes back in its Errors.
func (rs *rowSource) next() (importer.MappedRecord, error) {
	if rs.mapped != nil {
		return rs.mapped.NextMapped()
	}
	rec, err := rs.plain.Next()
	var le *content.LineError
	if errors.As(err, &le) {
		return importer.MappedRecord{Record: importer.Record{Line: le.Line},
			Errors: []importer.Issue{{Row: le.Line, Field: le.Field, Quality: importer.QualityError, Message: le.Message}}}, nil
	}
	return importer.MappedRecord{Record: rec, Source: rec.Doc.Source}, err
}

// Next and Close make a rowSource the store's RecordReader.
func (rs *rowSource) Next() (importer.Record, error) {
	if rs.mapped != nil {
		return rs.mapped.Next()
	}
	return rs.plain.Next()
}

func (rs *rowSource) Close() error {
	if rs.mapped != nil {
		return rs.mapped.Close()
	}
	return rs.plain.Close()
}

func (rs *rowSource) progress() (int64, int64) {
	if rs.mapped != nil {
		return rs.mapped.Progress()
	}
	return rs.f.n.Load(), rs.f.total
}

// report starts the report of a file.
func (rs *rowSource) report(fi FileImport) *importer.Report {
	if rs.mapped != nil {
		return importer.NewReport(rs.mapped, fi.Mapping)
	}
	format := importer.InputJSONL
	if importer.FormatOf(fi.Path) == importer.FormatCSV {
		format = importer.InputCSV
	}
	return importer.NewFileReport(filepath.Base(fi.Path), format)
}

// DryRun reads the whole file and reports what importing it would do now:
// rows created, updated, unchanged, held back as conflicts, invalid ones
// with every error, values read approximately or not at all, possible
// duplicates. Nothing is written. A file that cannot be read at all is an
// *importer.FileError.
func (h *Hub) DryRun(ctx context.Context, a Actor, fi FileImport) (*DryRunResult, error) {
	if err := Authorize(a, ActImport, Target{}); err != nil {
		return nil, err
	}
	rs, err := h.openRows(fi)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	rep := rs.report(fi)
	out := &DryRunResult{Report: rep}
	seen := map[string]int{}
	regions := h.reg.Regions()
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := rs.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		var verrs []*content.LineError
		if len(rec.Errors) == 0 {
			verrs = rec.Check(rs.loc, regions)
			d := rec.Doc
			if len(verrs) == 0 && d.Type == content.TypeInnovation && d.InstitutionCode != "" {
				if _, ok := h.reg.Lookup(d.InstitutionCode); !ok {
					verrs = append(verrs, &content.LineError{File: rs.loc, Line: rec.Line, Field: "institution_code",
						Message: fmt.Sprintf("unknown institution code %q (see /api/v1/institutions)", d.InstitutionCode)})
				}
			}
			if first, dup := seen[d.ID]; dup && d.ID != "" {
				verrs = append(verrs, &content.LineError{File: rs.loc, Line: rec.Line, Field: "id", Message: fmt.Sprintf("duplicate id %q (first on row %d)", d.ID, first)})
			} else if d.ID != "" {
				seen[d.ID] = rec.Line
			}
		}
		rep.Add(rec, verrs)
		if len(rec.Errors) == 0 && len(verrs) == 0 {
			if err := h.classify(ctx, a, fi, rec, out); err != nil {
				return nil, err
			}
		}
		if fi.Progress != nil {
			done, total := rs.progress()
			fi.Progress(ImportProgress{Phase: PhaseCheck, Rows: rep.Rows, Done: done, Total: total})
		}
	}
	if rs.mapped != nil {
		rep.Empty = rs.mapped.Empty()
		rep.Notices = rs.mapped.Notices()
	}
	return out, nil
}

// classify counts a valid row by what the import would do with it, and
// looks for stored records of other programmes a new row may duplicate.
func (h *Hub) classify(ctx context.Context, a Actor, fi FileImport, rec importer.MappedRecord, out *DryRunResult) error {
	rep := out.Report
	d := rec.Doc
	if d.Type != content.TypeInnovation {
		// Guides and news are written as they are.
		if _, err := h.st.Get(d.ID); err == nil {
			rep.Update++
		} else {
			rep.Create++
		}
		return nil
	}
	kind, reason, err := h.PlanImport(a, d)
	if err != nil {
		var ve *content.ValidationError
		if errors.As(err, &ve) {
			for _, f := range ve.Fields {
				rep.AddError(importer.Issue{Sheet: rec.Sheet, Row: rec.Line, Field: f.Field, Quality: importer.QualityError, Message: f.Message})
			}
			rep.Valid--
			rep.Invalid++
			return nil
		}
		return err
	}
	switch kind {
	case ImportUnchanged:
		rep.Unchanged++
	case ImportUpdate:
		rep.Update++
	case ImportConflict:
		rep.AddConflict(importer.ConflictRow{Row: rec.Line, ID: d.ID, Title: d.Title, Reason: reason})
	case ImportCreate:
		rep.Create++
		if fi.Duplicates == nil {
			return nil
		}
		hits, err := fi.Duplicates(ctx, d)
		if err != nil {
			return err
		}
		shown := false
		for _, hit := range hits {
			if hit.Doc.ID == d.ID {
				continue
			}
			if !shown && len(rep.Duplicates) < maxReportDuplicates {
				rep.Duplicates = append(rep.Duplicates, importer.Duplicate{Row: rec.Line, ID: d.ID, Title: d.Title,
					Existing: hit.Doc.ID, ExTitle: hit.Doc.Title, Score: float64(int(hit.Score*100+0.5)) / 100})
				shown = true
			}
			if crossSource(d, hit.Doc) && len(out.Pairs) < maxProposedPairs {
				out.Pairs = append(out.Pairs, DuplicatePair{A: d.ID, B: hit.Doc.ID, Score: hit.Score, TitleSim: hit.TitleSim,
					InstitutionSim: hit.InstitutionSim, TextSim: hit.TextSim})
			}
		}
	}
	return nil
}

// trackedRows is the store's RecordReader over a file that stops when ctx
// is cancelled and reports every row read.
type trackedRows struct {
	*rowSource
	ctx   context.Context
	phase string
	rows  int
	fi    *FileImport
	wrote *atomic.Int64
}

func (t *trackedRows) Next() (importer.Record, error) {
	if err := t.ctx.Err(); err != nil {
		return importer.Record{}, err
	}
	rec, err := t.rowSource.Next()
	if err == nil || !errors.Is(err, io.EOF) {
		t.rows++
		if t.fi.Progress != nil {
			done, total := t.progress()
			t.fi.Progress(ImportProgress{Phase: t.phase, Rows: t.rows, Done: done, Total: total, Written: int(t.wrote.Load())})
		}
	}
	return rec, err
}

// RunImport imports a file as one batch run by a: the store checks the
// whole file again (a file with errors writes nothing unless SkipInvalid),
// then every record goes through the workflow (see ImportOptions). pairs,
// the dry run's, are proposed to the merge queue afterwards. Cancelling
// ctx stops the import between rows: what was committed stays, and the
// batch says it was stopped.
func (h *Hub) RunImport(ctx context.Context, a Actor, fi FileImport, pairs []DuplicatePair) (Batch, store.ImportResult, error) {
	in := BatchInput{File: filepath.Base(fi.Path)}
	if fi.Mapping != nil {
		in.Mapping, in.Programme, in.Source = fi.Mapping.Name, fi.Mapping.Programme, fi.Mapping.Source
		if f, err := importer.DetectFormat(fi.Path); err == nil {
			in.Format = string(f)
		}
	} else {
		in.Format = "jsonl"
		if importer.FormatOf(fi.Path) == importer.FormatCSV {
			in.Format = "csv"
		}
	}
	run, err := h.StartImport(a, in)
	if err != nil {
		return Batch{}, store.ImportResult{}, err
	}
	var wrote atomic.Int64
	pass := 0
	res, err := h.st.ImportRecords(func() (store.RecordReader, error) {
		pass++
		rs, err := h.openRows(fi)
		if err != nil {
			return nil, err
		}
		phase := PhaseVerify
		if pass > 1 {
			phase = PhaseWrite
		}
		return &trackedRows{rowSource: rs, ctx: ctx, phase: phase, fi: &fi, wrote: &wrote}, nil
	}, fi.name(), h.ImportOptions(a, run, store.ImportOptions{
		SkipInvalid: fi.SkipInvalid,
		BatchSize:   fi.BatchSize,
		AfterBatch:  fi.AfterBatch,
		Progress:    func(done int) { wrote.Store(int64(done)) },
	}))
	b, ferr := run.Finish(res, err)
	if err == nil && len(pairs) > 0 {
		_, err = h.ProposeDuplicates(pairs, false)
	}
	return b, res, errors.Join(err, ferr)
}

// Took is how long a batch ran (0 while it runs).
func (b Batch) Took() time.Duration {
	if b.FinishedAt == "" {
		return 0
	}
	return parseTime(b.FinishedAt).Sub(parseTime(b.StartedAt))
}

// ProgrammeLabel names a batch's programme for lists.
func (b Batch) ProgrammeLabel() string {
	if b.Programme != "" {
		return b.Programme
	}
	if b.Mapping == "" {
		return "Format kontrak JIPPNAS (" + strings.ToUpper(b.Format) + ")"
	}
	return b.Mapping
}
