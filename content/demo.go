package content

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
)

// demoFS is the demo dataset written for this project: innovations as JSON
// Lines and the guides and news as Markdown pages.
//
//go:embed demo
var demoFS embed.FS

// DemoPages is the embedded set of guides and news (folders panduan/ and
// berita/).
func DemoPages() fs.FS {
	sub, err := fs.Sub(demoFS, "demo/pages")
	if err != nil {
		return demoFS // unreachable: the folder is embedded
	}
	return sub
}

// DemoFiles lists the embedded innovation files.
func DemoFiles() []string {
	names, _ := fs.Glob(demoFS, "demo/*.jsonl")
	sort.Strings(names)
	return names
}

// LoadDemo imports the embedded innovations into the store. It is meant for
// an empty store (first start) and fails, changing nothing, if the demo data
// has an error.
func LoadDemo(s *Store, afterBatch func() error) (int, error) {
	total := 0
	for _, name := range DemoFiles() {
		open := func() (io.ReadCloser, error) { return demoFS.Open(name) }
		res, err := s.Import(open, path.Base(name), FormatJSONL, ImportOptions{AfterBatch: afterBatch})
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
