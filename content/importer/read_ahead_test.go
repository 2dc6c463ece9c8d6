package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"jippnas/content"
)

// outcome is what Next gave for one call: a record or an error's text.
type outcome struct {
	rec Record
	err string
}

// nextAll calls Next until io.EOF or an error that is not a line's (kept
// as the last outcome).
func nextAll(r *Reader) []outcome {
	var out []outcome
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			out = append(out, outcome{err: err.Error()})
			if le := (*content.LineError)(nil); !errors.As(err, &le) {
				return out
			}
			continue
		}
		out = append(out, outcome{rec: rec})
	}
}

// oneByOne is what Next gave before lines were read ahead: each line of
// data, in order, read, trimmed and decoded alone; a read error after the
// lines complete before it.
func oneByOne(data []byte, readErr error) []outcome {
	r := NewReader(bytes.NewReader(nil), "f.jsonl", FormatJSONL)
	var out []outcome
	lines := bytes.SplitAfter(data, []byte("\n"))
	for i, l := range lines {
		if len(l) == 0 {
			continue
		}
		if readErr != nil && !bytes.HasSuffix(l, []byte("\n")) {
			break // cut by the failing reader
		}
		n := i + 1
		l = bytes.TrimRight(l, "\r\n")
		if len(l) > maxLine {
			out = append(out, outcome{err: r.lineErr(n, "", "line longer than %d bytes", maxLine).Error()})
			continue
		}
		l = bytes.TrimSpace(l)
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		if n == 1 {
			l = bytes.TrimPrefix(l, []byte("\xef\xbb\xbf"))
		}
		d, lerr := r.decodeDocument(l, n)
		if lerr != nil {
			out = append(out, outcome{err: lerr.Error()})
			continue
		}
		out = append(out, outcome{rec: Record{Line: n, Doc: d}})
	}
	if readErr != nil {
		out = append(out, outcome{err: fmt.Errorf("%s: read: %w", "f.jsonl", readErr).Error()})
	}
	return out
}

// failing gives data, then err.
type failing struct {
	data []byte
	err  error
}

func (f *failing) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// TestReadAheadAsOneByOne: lines read and decoded a batch ahead, on two
// goroutines, give the same records and errors in the same order, with the
// same line numbers, as lines decoded one at a time: over files of valid
// and invalid records, blank and comment lines, CRLF endings, a byte-order
// mark, a line too long, batches' edges, and a read that fails midway.
func TestReadAheadAsOneByOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	kinds := []func(i int) string{
		func(i int) string {
			return fmt.Sprintf(`{"id":"d-%d","type":"innovation","title":"Inovasi %d","year":%d}`, i, i, 2000+i%25)
		},
		func(i int) string {
			return fmt.Sprintf(`{"id":"d-%d","type":"innovation","title":"T","year":"%d"}`, i, i)
		},
		func(i int) string { return fmt.Sprintf(`{"id":"d-%d","sektor":"x"}`, i) },
		func(i int) string { return `{"id":"broken"` },
		func(i int) string { return "" },
		func(i int) string { return "   " },
		func(i int) string { return "# a comment" },
		func(i int) string { return fmt.Sprintf(`  {"id":"d-%d","type":"news","title":"Berita"}  `, i) },
		func(i int) string { return `{} }` },
	}
	for trial := 0; trial < 40; trial++ {
		var b bytes.Buffer
		if trial%3 == 0 {
			b.WriteString("\xef\xbb\xbf")
		}
		n := rng.IntN(400)
		for i := 0; i < n; i++ {
			b.WriteString(kinds[rng.IntN(len(kinds))](i))
			if rng.IntN(5) == 0 {
				b.WriteString("\r\n")
			} else {
				b.WriteString("\n")
			}
		}
		if trial == 7 {
			b.WriteString(`{"id":"long","title":"` + strings.Repeat("a", maxLine) + `"}` + "\n")
			b.WriteString(`{"id":"after","type":"innovation","title":"Sesudah"}` + "\n")
		}
		if trial%4 == 1 && b.Len() > 0 && rng.IntN(2) == 0 {
			b.WriteString(`{"id":"last","type":"innovation","title":"Tanpa akhir baris"}`) // no final newline
		}
		data := b.Bytes()
		got := nextAll(NewReader(bytes.NewReader(data), "f.jsonl", FormatJSONL))
		if want := oneByOne(data, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d (%d lines): %d outcomes, want %d; first difference: %s", trial, n, len(got), len(want), firstOutcomeDiff(got, want))
		}
		if len(data) > 10 {
			cut := rng.IntN(len(data))
			boom := errors.New("disk gone")
			got := nextAll(NewReader(&failing{data: data[:cut], err: boom}, "f.jsonl", FormatJSONL))
			if want := oneByOne(data[:cut], boom); !reflect.DeepEqual(got, want) {
				t.Fatalf("trial %d, read failing at byte %d: first difference: %s", trial, cut, firstOutcomeDiff(got, want))
			}
		}
	}
}

func firstOutcomeDiff(got, want []outcome) string {
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			return fmt.Sprintf("#%d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(got), len(want))
}

// BenchmarkReaderNext reads the records of benchLines (the demo records,
// or JIPPNAS_BENCH_CORPUS's first 5,000) through Next, read ahead and
// decoded on two goroutines, against the same lines decoded one at a time
// (docs/benchmarks.md, 2026-12-07, sixth session).
func BenchmarkReaderNext(b *testing.B) {
	data := append(bytes.Join(benchLines(b), []byte("\n")), '\n')
	b.Run("ahead", func(b *testing.B) {
		n := 0
		for b.Loop() {
			r := NewReader(bytes.NewReader(data), "b.jsonl", FormatJSONL)
			for {
				if _, err := r.Next(); err != nil {
					if errors.Is(err, io.EOF) {
						break
					}
					b.Fatal(err)
				}
				n++
			}
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
	})
	b.Run("one-by-one", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n += len(oneByOne(data, nil))
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
	})
}
