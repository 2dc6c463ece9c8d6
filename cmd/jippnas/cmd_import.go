package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"jippnas/content"
	"jippnas/content/importer"
)

func cmdImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("import", "import [--data DIR] [--skip-invalid] [--mapping NAME|FILE [--dry-run]] FILE…\n\n"+
		"Without --mapping, FILE is JSON Lines (.jsonl) or CSV (.csv, header = field names, lists separated by |).\n"+
		"With --mapping, FILE is an XLSX, CSV or JSONL export of a programme, read through a mapping: a shipped\n"+
		"one ("+strings.Join(importer.MappingNames(), ", ")+") or a mapping file (docs/import-mapping.md). The report\n"+
		"lists the rows that would be created, updated or skipped, possible duplicates and every value read\n"+
		"approximately or not at all, with its sheet, row and column.\n"+
		"Every file is checked whole first; a file with errors imports nothing unless --skip-invalid.\n"+
		"Each file is one import batch, written through the hub by the command line as an admin: new and\n"+
		"updated innovations are published as verified; a record changed on the hub since its last import\n"+
		"is not overwritten but held back for review in the merge queue (/hub/gabung).", stderr)
	var cfg appConfig
	cfg.register(fs)
	skip := fs.Bool("skip-invalid", false, "import the valid lines of a file with errors")
	batch := fs.Int("batch", 1000, "documents per store transaction")
	mapping := fs.String("mapping", "", "read FILE through this mapping: "+strings.Join(importer.MappingNames(), ", ")+", or a mapping file's path")
	dryRun := fs.Bool("dry-run", false, "report what the import would do, write nothing")
	noDups := fs.Bool("no-duplicates", false, "do not look for possible duplicates in the report (faster on large files)")
	reportJSON := fs.String("report-json", "", "also write the report as JSON to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	// Check that every file exists before touching the store.
	for _, name := range fs.Args() {
		if st, err := os.Stat(name); err != nil {
			return err
		} else if st.IsDir() {
			return fmt.Errorf("%s is a directory", name)
		}
	}
	var m *importer.Mapping
	if *mapping != "" {
		var err error
		if m, err = importer.LoadMapping(*mapping); err != nil {
			return err
		}
	}
	cfg.Logger = newLogger(stderr)
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	return importFiles(ctx, a, m, fs.Args(), importFlags{dryRun: *dryRun, skipInvalid: *skip, batch: *batch,
		duplicates: !*noDups, reportJSON: *reportJSON}, stdout, stderr)
}

func cmdExport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("export", "export [--data DIR] [--out FILE]\n\nWrites every document as JSON Lines (the import format).", stderr)
	var cfg appConfig
	cfg.register(fs)
	out := fs.String("out", "-", "output file (- for standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openStore(cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	var w io.Writer = stdout
	var f *os.File
	if *out != "-" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		w = f
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	if _, err := st.Each(ctx, func(d content.Document) error {
		n++
		return enc.Encode(d)
	}); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "exported %d documents\n", n)
	return nil
}
