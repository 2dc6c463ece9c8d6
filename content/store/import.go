package store

import (
	"errors"
	"fmt"
	"io"
	"jippnas/content"
	"jippnas/content/importer"

	"github.com/dgraph-io/badger/v4"
)

// ImportOptions controls Store.Import.
type ImportOptions struct {
	// SkipInvalid imports the valid lines of a file with errors; otherwise a
	// file with any error imports nothing.
	SkipInvalid bool
	// BatchSize is the number of documents committed per transaction.
	BatchSize int
	// MaxErrors stops collecting errors after this many (default 1000): a
	// wholly wrong file need not list a million lines.
	MaxErrors int
	// Progress, if set, is called after each committed batch.
	Progress func(done int)
	// AfterBatch, if set, runs after each committed batch (the index catches
	// up there, so that acknowledged writes become searchable as they land).
	AfterBatch func() error
	// Check, if set, adds the caller's own checks of a valid document to the
	// first pass (the hub checks institution codes there).
	Check func(content.Document) []content.FieldError
	// Write, if set, commits a batch instead of PutBatch (the hub writes
	// records through its workflow). A batch that fails with
	// badger.ErrTxnTooBig (wrapped) is split in halves and retried.
	Write func([]content.Document) error
}

// ImportResult reports what an import did.
type ImportResult struct {
	Lines    int                  `json:"lines"`
	Written  int                  `json:"written"`
	Skipped  int                  `json:"skipped"`
	Errors   []*content.LineError `json:"errors,omitempty"`
	Truncate bool                 `json:"errors_truncated,omitempty"`
}

// Import reads a file twice: the first pass checks every line (decoding,
// validation, duplicate ids) and keeps only ids in memory; the second pass
// streams valid documents into the store in batches. A file with errors
// changes nothing unless SkipInvalid is set. open must return the file
// from its start each time.
func (s *Store) Import(open func() (io.ReadCloser, error), name string, format importer.Format, opt ImportOptions) (ImportResult, error) {
	return s.ImportRecords(func() (RecordReader, error) {
		f, err := open()
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", name, err)
		}
		return FileRecords(f, name, format), nil
	}, name, opt)
}

// FileRecords reads the contract's JSON Lines or CSV from f, which Close
// closes.
func FileRecords(f io.ReadCloser, name string, format importer.Format) RecordReader {
	return fileRecords{importer.NewReader(f, name, format), f}
}

// RecordReader is what ImportRecords reads: importer.Reader over a file, or
// an importer.MappedReader. Next returns io.EOF at the end and a
// *content.LineError (possibly joined with others) for a bad record.
type RecordReader interface {
	Next() (importer.Record, error)
	Close() error
}

type fileRecords struct {
	*importer.Reader
	io.Closer
}

// ImportRecords is Import over any RecordReader; open must start from the
// first record each time (the records are read twice).
func (s *Store) ImportRecords(open func() (RecordReader, error), name string, opt ImportOptions) (ImportResult, error) {
	if opt.BatchSize <= 0 {
		opt.BatchSize = 500
	}
	if opt.MaxErrors <= 0 {
		opt.MaxErrors = 1000
	}
	var res ImportResult
	bad := map[int]bool{}
	addErr := func(e *content.LineError) {
		bad[e.Line] = true
		if len(res.Errors) < opt.MaxErrors {
			res.Errors = append(res.Errors, e)
		} else {
			res.Truncate = true
		}
	}
	// Pass 1: check.
	seen := map[string]int{}
	err := s.scan(open, func(rec importer.Record, lerr *content.LineError) error {
		res.Lines++
		if lerr != nil {
			addErr(lerr)
			return nil
		}
		errs := rec.Check(name, s.cfg.Regions)
		for _, e := range errs {
			addErr(e)
		}
		if len(errs) == 0 && opt.Check != nil {
			d := rec.Doc
			d.Normalize()
			for _, f := range opt.Check(d) {
				addErr(&content.LineError{File: name, Line: rec.Line, Field: f.Field, Message: f.Message})
			}
		}
		if rec.Doc.ID != "" {
			if first, dup := seen[rec.Doc.ID]; dup {
				addErr(&content.LineError{File: name, Line: rec.Line, Field: "id", Message: fmt.Sprintf("duplicate id %q (first on line %d)", rec.Doc.ID, first)})
			} else {
				seen[rec.Doc.ID] = rec.Line
			}
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	seen = nil
	if len(bad) > 0 && !opt.SkipInvalid {
		return res, fmt.Errorf("%s: %d invalid lines, nothing imported: %w", name, len(bad), content.ErrInvalid)
	}
	// Pass 2: write.
	batch := make([]content.Document, 0, opt.BatchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		write := opt.Write
		if write == nil {
			write = func(b []content.Document) error { _, err := s.PutBatch(b); return err }
		}
		if err := writeSplitting(batch, write); err != nil {
			return err
		}
		res.Written += len(batch)
		batch = batch[:0]
		if opt.AfterBatch != nil {
			if err := opt.AfterBatch(); err != nil {
				return err
			}
		}
		if opt.Progress != nil {
			opt.Progress(res.Written)
		}
		return nil
	}
	err = s.scan(open, func(rec importer.Record, lerr *content.LineError) error {
		if lerr != nil || bad[rec.Line] {
			res.Skipped++
			return nil
		}
		batch = append(batch, rec.Doc)
		if len(batch) >= opt.BatchSize {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return res, err
}

func (s *Store) scan(open func() (RecordReader, error), fn func(importer.Record, *content.LineError) error) error {
	r, err := open()
	if err != nil {
		return err
	}
	defer r.Close()
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var le *content.LineError
		if errors.As(err, &le) {
			rec.Line = le.Line
			if err := fn(rec, le); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(rec, nil); err != nil {
			return err
		}
	}
}

// putSplitting writes a batch with PutBatch; see writeSplitting.
func (s *Store) putSplitting(batch []content.Document) error {
	return writeSplitting(batch, func(b []content.Document) error { _, err := s.PutBatch(b); return err })
}

// writeSplitting writes a batch, halving it while Badger finds the
// transaction too big: an import batch is a unit of throughput, not of
// atomicity (the whole file was checked before the first write).
func writeSplitting(batch []content.Document, write func([]content.Document) error) error {
	err := write(batch)
	if errors.Is(err, badger.ErrTxnTooBig) && len(batch) > 1 {
		mid := len(batch) / 2
		if err := writeSplitting(batch[:mid], write); err != nil {
			return err
		}
		return writeSplitting(batch[mid:], write)
	}
	return err
}
