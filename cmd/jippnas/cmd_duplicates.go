package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"jippnas/content"
	"jippnas/index/similar"
)

// duplicateGroupJSON is one group of the report in --json form.
type duplicateGroupJSON struct {
	Score   float64               `json:"score"`
	Records []duplicateRecordJSON `json:"records"`
}

type duplicateRecordJSON struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Source      string `json:"source"`
	Year        int    `json:"year,omitempty"`
	Institution string `json:"institution,omitempty"`
	RegionCode  string `json:"region_code,omitempty"`
}

func cmdDuplicates(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("duplicates", "duplicates [--data DIR] [--json]\n\nLists the innovations reported more than once (by PANRB, Kemendagri, LAN or JIPPNAS)\nso that their records can be merged. Each group shows its weakest pair score (0-1).", stderr)
	var cfg appConfig
	cfg.register(fs)
	asJSON := fs.Bool("json", false, "write the groups as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()
	groups, err := similar.New(a.index).DuplicateReport(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]duplicateGroupJSON, 0, len(groups))
		for _, g := range groups {
			gj := duplicateGroupJSON{Score: float64(int(g.Score*1000+0.5)) / 1000}
			for _, d := range g.Docs {
				gj.Records = append(gj.Records, duplicateRecordJSON{ID: d.ID, Title: d.Title, Source: d.Source,
					Year: d.Year, Institution: d.Institution, RegionCode: d.RegionCode})
			}
			out = append(out, gj)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	if len(groups) == 0 {
		fmt.Fprintln(stdout, "Tidak ada inovasi yang dilaporkan lebih dari sekali.")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for i, g := range groups {
		fmt.Fprintf(tw, "Kelompok %d\tskor %.2f\n", i+1, g.Score)
		for _, d := range g.Docs {
			fmt.Fprintf(tw, "  %s\t%s %d\t%s\n", d.ID, content.LabelOf(content.Sources, d.Source), d.Year, d.Title)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	n := 0
	for _, g := range groups {
		n += len(g.Docs)
	}
	fmt.Fprintf(stdout, "\n%d kelompok, %d catatan\n", len(groups), n)
	return nil
}
