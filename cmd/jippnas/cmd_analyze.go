package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"jippnas/analyzers"
)

// cmdAnalyze: jippnas analyze [--analyzer id|id_query|id_exact] TEXT…
// Prints POSITION<TAB>TERM<TAB>START-END<TAB>KIND, one token a line.
func cmdAnalyze(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("analyzer", analyzers.AnalyzerName, "penganalisis: id, id_query atau id_exact")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Pemakaian: jippnas analyze [--analyzer id|id_query|id_exact] TEKS…")
		fmt.Fprintln(stderr, "Mencetak token per baris: POSISI<TAB>ISTILAH<TAB>AWAL-AKHIR<TAB>JENIS")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("analyze: teks belum diberikan")
	}
	toks, err := analyzers.Analyze(*name, strings.Join(fs.Args(), " "))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	for _, t := range toks {
		if err := ctx.Err(); err != nil {
			return err
		}
		fmt.Fprintf(w, "%d\t%s\t%d-%d\t%s\n", t.Position, t.Term, t.Start, t.End, t.Kind)
	}
	return w.Flush()
}

// cmdStem: jippnas stem reads words one a line on stdin and prints word<TAB>root, one output line
// per input line, in order (an empty line gives a lone tab).
func cmdStem(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("stem", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Pemakaian: jippnas stem < kata.txt")
		fmt.Fprintln(stderr, "Membaca satu kata per baris dari stdin dan mencetak KATA<TAB>AKAR per baris.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	st := analyzers.NewStemmer()
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	w := bufio.NewWriterSize(stdout, 64*1024)
	for n := 0; sc.Scan(); n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		line := strings.TrimRight(sc.Text(), "\r")
		word := strings.TrimSpace(line)
		root := ""
		if word != "" {
			root = st.Stem(analyzers.Normalize(word))
		}
		w.WriteString(line)
		w.WriteByte('\t')
		w.WriteString(root)
		w.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		w.Flush()
		return err
	}
	return w.Flush()
}
