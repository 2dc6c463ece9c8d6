package main

import (
	"context"
	"fmt"
	"io"

	"jippnas/content"
	"jippnas/content/markdown"
	"jippnas/content/pages"
)

func cmdCheck(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("check", "check [--data DIR] [--content DIR]\n\nReports every bad page (front matter) and broken internal link with file and line.\nAn empty data directory first gets the demo data, as serve would load it.", stderr)
	var cfg appConfig
	cfg.register(fs)
	contentDir := fs.String("content", "", "folder of Markdown pages checked together with the embedded set")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	pgs, errs := loadPages(*contentDir)
	// An empty store gets the demo data on the first serve: check links
	// against it as the server will see them.
	if n, err := a.store.Count(); err != nil {
		return err
	} else if n == 0 {
		if _, err := a.loadDemoData(a.index.CatchUp); err != nil {
			return err
		}
	}
	// Links may point at pages that are not in the store yet: resolve
	// against the pages being checked too.
	known := map[string]bool{}
	for _, p := range pgs {
		known[content.PageID(p.Type, p.Slug)] = true
	}
	r := markdown.New(func(kind, target string) (string, bool) {
		if url, ok := a.resolveLink(kind, target); ok {
			return url, true
		}
		id, path, ok := content.LinkTarget(kind, target)
		return path, ok && known[id]
	})
	for _, p := range pgs {
		errs = append(errs, pages.CheckLinks(r, p)...)
		for _, id := range p.Related {
			if _, ok := a.resolveLink("inovasi", id); !ok {
				errs = append(errs, pages.PageError{File: p.File, Line: 1, Field: "related", Message: fmt.Sprintf("unknown innovation %q", id)})
			}
		}
	}
	for _, e := range errs {
		fmt.Fprintln(stdout, e.Error())
	}
	if len(errs) > 0 {
		return fmt.Errorf("%d problem(s) in %d page(s) checked", len(errs), len(pgs))
	}
	fmt.Fprintf(stdout, "%d pages checked, no problems\n", len(pgs))
	return nil
}
