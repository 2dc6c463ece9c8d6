// Package demo embeds the demo dataset: innovations as JSON Lines and the
// guides and news as Markdown pages.
package demo

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"

	"jippnas/content"
	"jippnas/content/importer"
	"jippnas/content/store"
)

// demoFS is the demo dataset written for this project: innovations as JSON
// Lines and the guides and news as Markdown pages.
//
//go:embed *.jsonl pages
var demoFS embed.FS

// Pages is the embedded set of guides and news (folders panduan/ and
// berita/).
func Pages() fs.FS {
	sub, err := fs.Sub(demoFS, "pages")
	if err != nil {
		return demoFS // unreachable: the folder is embedded
	}
	return sub
}

// Files lists the embedded innovation files.
func Files() []string {
	names, _ := fs.Glob(demoFS, "*.jsonl")
	sort.Strings(names)
	return names
}

// Open opens one of the embedded innovation files.
func Open(name string) (fs.File, error) { return demoFS.Open(name) }

// Load imports the embedded innovations straight into the store, for the
// tests of packages the hub does not reach (the index); the program loads
// them through the hub with LoadWith.
func Load(s *store.Store, afterBatch func() error) (int, error) {
	return LoadWith(s, store.ImportOptions{AfterBatch: afterBatch})
}

// LoadWith imports the embedded innovations into an empty store (first
// start). Every file is read and checked first — decoding, validation,
// opt.Check, ids unique across the files — and nothing is written if the
// demo data has an error. Then every document goes in one transaction,
// through opt.Write when it is set (the hub publishes them through its
// workflow), else PutBatch: a first start killed while loading leaves no
// demo data at all, so the next start (which loads the demo into an empty
// store) loads all of it.
func LoadWith(s *store.Store, opt store.ImportOptions) (int, error) {
	var docs []content.Document
	var problems []error
	seen := map[string]string{}
	for _, name := range Files() {
		f, err := demoFS.Open(name)
		if err != nil {
			return 0, fmt.Errorf("demo data: %w", err)
		}
		file := path.Base(name)
		r := importer.NewReader(f, file, importer.FormatJSONL)
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				problems = append(problems, err)
				continue
			}
			for _, e := range rec.Check(file, s.Regions()) {
				problems = append(problems, e)
			}
			if opt.Check != nil {
				d := rec.Doc
				d.Normalize()
				for _, fe := range opt.Check(d) {
					problems = append(problems, &content.LineError{File: file, Line: rec.Line, Field: fe.Field, Message: fe.Message})
				}
			}
			if prev, dup := seen[rec.Doc.ID]; dup {
				problems = append(problems, fmt.Errorf("%s:%d: id %q already used in %s", file, rec.Line, rec.Doc.ID, prev))
			}
			seen[rec.Doc.ID] = file
			docs = append(docs, rec.Doc)
		}
		f.Close()
	}
	if len(problems) > 0 {
		return 0, fmt.Errorf("demo data: %w", errors.Join(problems...))
	}
	write := opt.Write
	if write == nil {
		write = func(docs []content.Document) error {
			_, err := s.PutBatch(docs)
			return err
		}
	}
	if err := write(docs); err != nil {
		return 0, fmt.Errorf("demo data: %w", err)
	}
	if opt.AfterBatch != nil {
		if err := opt.AfterBatch(); err != nil {
			return len(docs), err
		}
	}
	return len(docs), nil
}
