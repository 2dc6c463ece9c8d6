// Package demo embeds the demo dataset: innovations as JSON Lines and the
// guides and news as Markdown pages.
package demo

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"jippnas/content/importer"
	"jippnas/content/store"
	"path"
	"sort"
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

// LoadWith imports the embedded innovations into the store with the given
// options (the hub passes its hooks, so that the innovations are published
// through its workflow). It is meant for an empty store (first start) and
// fails, changing nothing, if the demo data has an error.
func LoadWith(s *store.Store, opt store.ImportOptions) (int, error) {
	total := 0
	for _, name := range Files() {
		open := func() (io.ReadCloser, error) { return demoFS.Open(name) }
		res, err := s.Import(open, path.Base(name), importer.FormatJSONL, opt)
		if err != nil {
			for _, e := range res.Errors {
				err = fmt.Errorf("%w\n%v", err, e)
			}
			return total, fmt.Errorf("demo data: %w", err)
		}
		total += res.Written
	}
	return total, nil
}
