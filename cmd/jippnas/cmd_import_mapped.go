package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"time"

	"jippnas/content"
	"jippnas/content/importer"
	"jippnas/content/store"
	"jippnas/index/similar"
)

type mappedOptions struct {
	dryRun      bool
	skipInvalid bool
	batch       int
	duplicates  bool
	reportJSON  string
}

// maxDuplicatesShown bounds the duplicates listed in a report.
const maxDuplicatesShown = 500

// importMapped imports files through a mapping: a checking pass that builds
// the report (nothing is written), then, unless it is a dry run, the store's
// own two-pass import, all-or-nothing unless skipInvalid.
func importMapped(ctx context.Context, a *app, m *importer.Mapping, files []string, opt mappedOptions, stdout, stderr io.Writer) error {
	ropt := importer.ReadOptions{Regions: a.store.Regions()}
	var reports []*importer.Report
	failed := 0
	for _, path := range files {
		rep, err := mappedReport(ctx, a, m, path, ropt, opt, stderr)
		if err != nil {
			var fe *importer.FileError
			if errors.As(err, &fe) {
				fmt.Fprintf(stderr, "%v\n", err)
				failed++
				continue
			}
			return err
		}
		reports = append(reports, rep)
		if err := rep.WriteText(stdout); err != nil {
			return err
		}
		switch {
		case opt.dryRun:
			fmt.Fprintf(stdout, "\nDry run: nothing written.\n\n")
			continue
		case rep.Invalid > 0 && !opt.skipInvalid:
			fmt.Fprintf(stdout, "\n%s: %d invalid rows, nothing imported (fix them, or use --skip-invalid to import the %d valid rows)\n\n", path, rep.Invalid, rep.Valid)
			failed++
			continue
		}
		if err := writeMapped(ctx, a, m, path, ropt, opt, stdout, stderr); err != nil {
			if errors.Is(err, content.ErrInvalid) {
				fmt.Fprintf(stderr, "%v\n", err)
				failed++
				continue
			}
			return err
		}
	}
	if opt.reportJSON != "" {
		b, err := json.MarshalIndent(reports, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(opt.reportJSON, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d file(s) had errors and were not imported", failed)
	}
	return nil
}

// mappedReport reads a file through the mapping and says what importing it
// would do.
func mappedReport(ctx context.Context, a *app, m *importer.Mapping, path string, ropt importer.ReadOptions, opt mappedOptions, stderr io.Writer) (*importer.Report, error) {
	r, err := importer.OpenMapped(path, m, ropt)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	rep := importer.NewReport(r, m)
	sim := similar.New(a.index)
	loc := r.Location()
	seen := map[string]int{}
	prog := newProgress(stderr, path+": checking")
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := r.NextMapped()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		var verrs []*content.LineError
		if len(rec.Errors) == 0 {
			verrs = rec.Check(loc, a.store.Regions())
			if first, dup := seen[rec.Doc.ID]; dup && rec.Doc.ID != "" {
				verrs = append(verrs, &content.LineError{File: loc, Line: rec.Line, Field: "id", Message: fmt.Sprintf("duplicate id %q (first on row %d)", rec.Doc.ID, first)})
			} else if rec.Doc.ID != "" {
				seen[rec.Doc.ID] = rec.Line
			}
		}
		rep.Add(rec, verrs)
		if len(rec.Errors) == 0 && len(verrs) == 0 {
			if err := classify(ctx, a, sim, rep, rec, opt.duplicates); err != nil {
				return nil, err
			}
		}
		done, total := r.Progress()
		prog.tick(rep.Rows, done, total)
	}
	prog.finish(rep.Rows)
	rep.Empty = r.Empty()
	rep.Notices = r.Notices()
	return rep, nil
}

// classify counts a valid row as a create, an update or unchanged, and looks
// for stored records a new row may duplicate.
func classify(ctx context.Context, a *app, sim *similar.Finder, rep *importer.Report, rec importer.MappedRecord, dups bool) error {
	d := rec.Doc
	d.Normalize()
	old, err := a.store.Get(d.ID)
	switch {
	case err == nil:
		if sameDocument(old, d) {
			rep.Unchanged++
		} else {
			rep.Update++
		}
		return nil
	case !errors.Is(err, content.ErrNotFound):
		return err
	}
	rep.Create++
	if !dups || d.Type != content.TypeInnovation || len(rep.Duplicates) >= maxDuplicatesShown {
		return nil
	}
	hits, err := sim.PossibleDuplicates(ctx, d.Title, d.Body, similar.SimilarOptions{RegionCode: d.RegionCode, Sector: d.Sector})
	if err != nil {
		return err
	}
	for _, h := range hits {
		if h.Doc.ID == d.ID {
			continue
		}
		rep.Duplicates = append(rep.Duplicates, importer.Duplicate{Row: rec.Line, ID: d.ID, Title: d.Title,
			Existing: h.Doc.ID, ExTitle: h.Doc.Title, Score: float64(int(h.Score*100+0.5)) / 100})
		break
	}
	return nil
}

// sameDocument compares a stored document with an imported one, ignoring
// what the store sets.
func sameDocument(stored, imported content.Document) bool {
	stored.Revision, stored.UpdatedAt = 0, ""
	return reflect.DeepEqual(stored, imported)
}

// writeMapped runs the store's import over the mapped rows.
func writeMapped(ctx context.Context, a *app, m *importer.Mapping, path string, ropt importer.ReadOptions, opt mappedOptions, stdout, stderr io.Writer) error {
	start := time.Now()
	var cur *importer.MappedReader
	prog := newProgress(stderr, path+": writing")
	follow := a.index.Follow()
	res, err := a.store.ImportRecords(func() (store.RecordReader, error) {
		r, err := importer.OpenMapped(path, m, ropt)
		cur = r
		return r, err
	}, path, store.ImportOptions{
		SkipInvalid: opt.skipInvalid,
		BatchSize:   opt.batch,
		AfterBatch:  follow.Kick,
		Progress: func(written int) {
			if cur != nil {
				done, total := cur.Progress()
				prog.tick(written, done, total)
			}
		},
	})
	if ferr := follow.Close(); ferr != nil && err == nil {
		err = ferr
	}
	prog.finish(res.Written)
	if err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Fprintf(stdout, "\n%s: %d rows, %d written, %d skipped in %s (%.0f rows/s)\n\n",
		path, res.Lines, res.Written, res.Skipped, el.Round(time.Millisecond), float64(res.Lines)/el.Seconds())
	return nil
}

// progress prints how far a long pass is, at most every two seconds: rows,
// rows per second and, when the reader knows its total, the share done and
// the time left.
type progress struct {
	w     io.Writer
	label string
	start time.Time
	last  time.Time
	shown bool
}

func newProgress(w io.Writer, label string) *progress {
	now := time.Now()
	return &progress{w: w, label: label, start: now, last: now}
}

func (p *progress) tick(rows int, done, total int64) {
	now := time.Now()
	if now.Sub(p.last) < 2*time.Second {
		return
	}
	p.last = now
	p.shown = true
	el := now.Sub(p.start)
	rate := float64(rows) / el.Seconds()
	line := fmt.Sprintf("%s: %d rows (%.0f rows/s)", p.label, rows, rate)
	if total > 0 && done > 0 && done <= total {
		frac := float64(done) / float64(total)
		eta := time.Duration(float64(el) * (1 - frac) / frac)
		line += fmt.Sprintf(", %.0f%%, about %s left", frac*100, eta.Round(time.Second))
	}
	fmt.Fprintln(p.w, line)
}

func (p *progress) finish(rows int) {
	if p.shown {
		el := time.Since(p.start)
		fmt.Fprintf(p.w, "%s: %d rows in %s (%.0f rows/s)\n", p.label, rows, el.Round(time.Millisecond), float64(rows)/el.Seconds())
	}
}
