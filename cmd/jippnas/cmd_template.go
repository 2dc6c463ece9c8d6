package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"jippnas/content/importer"
	"jippnas/content/refdata"
)

func cmdTemplate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("template", "template [--out FILE]\n\nWrites the XLSX import template editors fill in (the columns of the shipped\n\"jippnas\" mapping, drop-down lists, a sheet explaining every column).\nImport the filled file with: jippnas import --mapping jippnas FILE.xlsx", stderr)
	out := fs.String("out", "jippnas-impor.xlsx", "output file (- for standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	regions, err := refdata.LoadRegions()
	if err != nil {
		return err
	}
	if *out == "-" {
		bw := bufio.NewWriter(stdout)
		if err := importer.WriteTemplate(bw, regions); err != nil {
			return err
		}
		return bw.Flush()
	}
	// Written beside the target and renamed: a failed run leaves no
	// half-written workbook.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".jippnas-template-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := importer.WriteTemplate(tmp, regions); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s\n", *out)
	return nil
}
