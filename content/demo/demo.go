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

// Load imports the embedded innovations into the store. It is meant for
// an empty store (first start) and fails, changing nothing, if the demo data
// has an error. Every document goes in one transaction: a first start killed
// while loading leaves no demo data at all, so the next start (which loads
// the demo into an empty store) loads all of it.
func Load(s *store.Store, afterBatch func() error) (int, error) {
	var docs []content.Document
	var problems []error
	seen := map[string]string{}
	for _, name := range Files() {
		f, err := demoFS.Open(name)
		if err != nil {
			return 0, fmt.Errorf("demo data: %w", err)
		}
		r := importer.NewReader(f, path.Base(name), importer.FormatJSONL)
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				problems = append(problems, err)
				continue
			}
			for _, e := range rec.Check(path.Base(name), s.Regions()) {
				problems = append(problems, e)
			}
			if prev, dup := seen[rec.Doc.ID]; dup {
				problems = append(problems, fmt.Errorf("%s:%d: id %q already used in %s", path.Base(name), rec.Line, rec.Doc.ID, prev))
			}
			seen[rec.Doc.ID] = path.Base(name)
			docs = append(docs, rec.Doc)
		}
		f.Close()
	}
	if len(problems) > 0 {
		return 0, fmt.Errorf("demo data: %w", errors.Join(problems...))
	}
	if _, err := s.PutBatch(docs); err != nil {
		return 0, fmt.Errorf("demo data: %w", err)
	}
	if afterBatch != nil {
		if err := afterBatch(); err != nil {
			return len(docs), err
		}
	}
	return len(docs), nil
}
