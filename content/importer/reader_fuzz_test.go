package importer

import (
	"encoding/json"
	"errors"
	"io"
	"jippnas/content"
	"jippnas/content/refdata"
	"reflect"
	"strings"
	"testing"
)

func jsonLine(d content.Document) ([]byte, error) {
	b, err := json.Marshal(d)
	return append(b, '\n'), err
}

func FuzzReader(f *testing.F) {
	f.Add(`{"id":"a","type":"innovation","title":"x"}`+"\n{bad", false)
	f.Add("id,title\na,b\n\"unterminated", true)
	f.Add("\xef\xbb\xbf{\"id\":1}", false)
	f.Fuzz(func(t *testing.T, in string, csv bool) {
		format := FormatJSONL
		if csv {
			format = FormatCSV
		}
		if !csv { // read ahead as one line at a time (read_ahead_test.go)
			got, want := nextAll(NewReader(strings.NewReader(in), "f.jsonl", format)), oneByOne([]byte(in), nil)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("read ahead differs from one line at a time: %s", firstOutcomeDiff(got, want))
			}
		}
		r := NewReader(strings.NewReader(in), "fuzz", format)
		prev := 0
		for i := 0; i < 10000; i++ {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			var le *content.LineError
			if errors.As(err, &le) {
				if le.Line < 1 {
					t.Fatalf("line error without a line: %v", le)
				}
				continue
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if rec.Line < prev {
				t.Fatalf("line numbers went back: %d after %d", rec.Line, prev)
			}
			prev = rec.Line
			_ = rec.Check("fuzz", refdata.DefaultRegions())
		}
		t.Fatal("reader did not terminate")
	})
}
