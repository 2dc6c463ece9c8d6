package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"jippnas/content"
	"jippnas/content/hub"
	"jippnas/content/importer"
	"jippnas/index/similar"
	"jippnas/server"
)

type importFlags struct {
	dryRun      bool
	skipInvalid bool
	batch       int
	duplicates  bool
	reportJSON  string
}

// importFiles imports files through the hub, each as one batch run by the
// command line acting as an admin. A mapped file (or any file with
// --dry-run) is read whole first for the report (nothing is written);
// then, unless it is a dry run, the import itself, all-or-nothing unless
// skipInvalid. Records changed on the hub since their last import are not
// overwritten but queued for review in the merge queue.
func importFiles(ctx context.Context, a *app, m *importer.Mapping, files []string, opt importFlags, stdout, stderr io.Writer) error {
	var reports []*importer.Report
	failed := 0
	finder := similar.New(a.index)
	for _, path := range files {
		fi := hub.FileImport{Path: path, Mapping: m, SkipInvalid: opt.skipInvalid, BatchSize: opt.batch}
		var pairs []hub.DuplicatePair
		if m != nil || opt.dryRun {
			if opt.duplicates {
				fi.Duplicates = server.DuplicateLookup(finder)
			}
			prog := newProgress(stderr, path+": checking")
			fi.Progress = func(p hub.ImportProgress) { prog.tick(p.Rows, p.Done, p.Total) }
			dr, err := a.hub.DryRun(ctx, cliActor(), fi)
			if err != nil {
				var fe *importer.FileError
				if errors.As(err, &fe) {
					fmt.Fprintf(stderr, "%v\n", err)
					failed++
					continue
				}
				return err
			}
			rep := dr.Report
			prog.finish(rep.Rows)
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
			pairs = dr.Pairs
			fi.Duplicates = nil
		}
		if err := writeFile(ctx, a, fi, pairs, stdout, stderr); err != nil {
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

// writeFile runs the import of one file, the index following each batch.
func writeFile(ctx context.Context, a *app, fi hub.FileImport, pairs []hub.DuplicatePair, stdout, stderr io.Writer) error {
	start := time.Now()
	prog := newProgress(stderr, fi.Path+": writing")
	fi.Progress = func(p hub.ImportProgress) {
		if p.Phase == hub.PhaseWrite {
			prog.tick(p.Rows, p.Done, p.Total)
		}
	}
	follow := a.index.Follow()
	fi.AfterBatch = follow.Kick
	b, res, err := a.hub.RunImport(ctx, cliActor(), fi, pairs)
	if ferr := follow.Close(); ferr != nil && err == nil {
		err = ferr
	}
	prog.finish(res.Written)
	for _, e := range res.Errors {
		fmt.Fprintln(stderr, e.Error())
	}
	if res.Truncate {
		fmt.Fprintf(stderr, "%s: more errors not shown\n", fi.Path)
	}
	if err != nil {
		return err
	}
	el := time.Since(start)
	c := b.Counts
	fmt.Fprintf(stdout, "\n%s: %d rows, %d written, %d skipped in %s (%.0f rows/s)\n", fi.Path, res.Lines, res.Written, res.Skipped,
		el.Round(time.Millisecond), float64(res.Lines)/el.Seconds())
	fmt.Fprintf(stdout, "  batch %s: %d created, %d updated, %d unchanged, %d held back for review (changed on the hub)", b.ID, c.Created, c.Updated, c.Unchanged, c.Conflicts)
	if c.Pages > 0 {
		fmt.Fprintf(stdout, ", %d guides and news", c.Pages)
	}
	fmt.Fprintln(stdout)
	if c.Conflicts > 0 {
		fmt.Fprintf(stdout, "  review them in the hub's merge queue: /hub/gabung\n")
	}
	fmt.Fprintln(stdout)
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
