package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"jippnas/content"
)

// v1Decode is how records were decoded before decodeDocument, the
// reference its results are held to, with one mistake mended: anything
// but space after the value is refused (dec.More let "{} }" through).
func v1Decode(line []byte) (content.Document, error) {
	var d content.Document
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	err := dec.Decode(&d)
	if err == nil && len(bytes.TrimLeft(line[dec.InputOffset():], " \t\r\n")) > 0 {
		err = errMoreValues
	}
	return d, err
}

var errMoreValues = &json.SyntaxError{}

func TestDecodeDocumentAsEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`{"id":"a","type":"innovation","title":"Layanan"}`,
		`{"ID":"a","Type":"news","TITLE":"Kabar","Body":"Teks"}`,                // names match regardless of case
		`{"id":"a","title":"Satu","title":"Dua","tags":["x"],"tags":["y","z"]}`, // the last value wins
		"{\"id\":\"a\",\"title\":\"Caf\xe9 \xff\"}",                             // invalid UTF-8 becomes U+FFFD
		`{"id":"a","title":null,"year":null,"tags":null,"digital":null}`,
		`{"id":"a","year":2021,"digital":true,"awards":["Top 45"],"provenance":[{"source":"kipp","fields":["title"]}]}`,
		`{"title":"\u0041\ud83d\ude00 \\ \" \/ \b\f\n\r\t"}`,
		`{"title":"\ud800"}`, // a lone surrogate
		`  {"id":"a"}  `,
		`{}`,
	} {
		want, werr := v1Decode([]byte(in))
		if werr != nil {
			t.Fatalf("%s: encoding/json refused it: %v", in, werr)
		}
		r := &Reader{name: "t.jsonl", line: 1}
		got, lerr := r.decodeDocument([]byte(in), r.line)
		if lerr != nil {
			t.Errorf("%s: %v", in, lerr)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", in, got, want)
		}
	}
}

func TestDecodeDocumentErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"id":"a",`, "t.jsonl:4: invalid JSON: unexpected end of line"},
		{`{"id":"a","sektor":"x"}`, "t.jsonl:4: sektor: unknown field"},
		{`{"id":"a","year":"2020"}`, "t.jsonl:4: year: expected int, got JSON string"},
		{`{"id":"a","tags":"x"}`, "t.jsonl:4: tags: expected []string, got JSON string"},
		{`{"id":"a","tags":["x",3]}`, "t.jsonl:4: tags: expected string, got JSON number"},
		{`{"id":"a","digital":"ya"}`, "t.jsonl:4: digital: expected bool, got JSON string"},
		{`{"id":"a","provenance":[{"source":1}]}`, "t.jsonl:4: provenance.source: expected string, got JSON number"},
		{`{"id":"a","provenance":[{"sumber":"x"}]}`, "t.jsonl:4: provenance.sumber: unknown field"},
		{`{"id":"a","year":2020.5}`, "t.jsonl:4: year: expected int, got JSON number"},
		{`{"id":"a"} {"id":"b"}`, "t.jsonl:4: more than one JSON value on the line"},
		{`["id"]`, "t.jsonl:4: expected content.Document, got JSON array"},
		{`{"id":'a'}`, "t.jsonl:4: invalid JSON at byte 7: invalid character '\\'' at start of value"},
	} {
		r := &Reader{name: "t.jsonl", line: 4}
		_, lerr := r.decodeDocument([]byte(c.in), r.line)
		if lerr == nil {
			t.Errorf("%s: accepted", c.in)
			continue
		}
		if lerr.Error() != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.in, lerr.Error(), c.want)
		}
		if _, err := v1Decode([]byte(c.in)); err == nil {
			t.Errorf("%s: encoding/json accepted what decodeDocument refused", c.in)
		}
	}
}

// FuzzDecodeDocument holds decodeDocument to encoding/json on any line: the
// same document where both accept it, and the same verdict.
func FuzzDecodeDocument(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","type":"innovation","title":"Layanan","tags":["x"],"year":2020}`,
		`{"ID":"a","title":"x","title":"y"}`,
		`{"provenance":[{"source":"kipp","fields":["title"]}]}`,
		`{"id":"a",`, `{"id":"a"} 1`, `{"year":1e3}`, "{\"title\":\"\xff\"}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if strings.ContainsAny(in, "\n") {
			return // one line is one record
		}
		want, werr := v1Decode([]byte(in))
		r := &Reader{name: "f", line: 1}
		got, lerr := r.decodeDocument([]byte(in), r.line)
		if (werr == nil) != (lerr == nil) {
			t.Fatalf("%q: encoding/json: %v; decodeDocument: %v", in, werr, lerr)
		}
		if lerr != nil {
			if lerr.Line != 1 || lerr.Message == "" {
				t.Fatalf("%q: error without a line or message: %+v", in, lerr)
			}
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n got %+v\nwant %+v", in, got, want)
		}
	})
}

// benchLines are the records of the JSON Lines file JIPPNAS_BENCH_CORPUS
// names (its first 5,000), or the demo data's innovations.
func benchLines(b *testing.B) [][]byte {
	name := os.Getenv("JIPPNAS_BENCH_CORPUS")
	if name == "" {
		name = filepath.Join("..", "demo", "innovations-a.jsonl")
	}
	f, err := os.Open(name)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var lines [][]byte
	for len(lines) < 5000 {
		l, err := r.ReadBytes('\n')
		if l = bytes.TrimSpace(l); len(l) > 0 {
			lines = append(lines, l)
		}
		if err != nil {
			break
		}
	}
	return lines
}

// BenchmarkDecodeDocument: decodeDocument against the encoding/json
// decoding it replaced, on the demo records or JIPPNAS_BENCH_CORPUS's
// (docs/benchmarks.md, 2026-12-07, fifth session).
func BenchmarkDecodeDocument(b *testing.B) {
	lines := benchLines(b)
	r := &Reader{name: "b", line: 1}
	b.Run("v2", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, lerr := r.decodeDocument(lines[i%len(lines)], 1); lerr != nil {
				b.Fatal(lerr)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := v1Decode(lines[i%len(lines)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
