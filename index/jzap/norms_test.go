package jzap

import (
	"bytes"
	"math"
	"testing"
)

// TestNormsColumn: a column written is read back, value for value, at the
// narrowest width that holds its largest value; a column that does not fit
// the segment is an error, not a read past its end.
func TestNormsColumn(t *testing.T) {
	cases := []struct {
		norms []uint32
		width int
	}{
		{[]uint32{0, 1, 255}, 1},
		{[]uint32{3, 256, 65535}, 2},
		{[]uint32{65536, 7, 1<<32 - 1}, 4},
		{[]uint32{}, 1},
	}
	for _, c := range cases {
		var b bytes.Buffer
		b.WriteString("xx") // the column starts inside a segment
		if err := writeNorms(&b, c.norms); err != nil {
			t.Fatal(err)
		}
		col, err := loadNorms(b.Bytes(), 2, uint64(len(c.norms)))
		if err != nil {
			t.Fatalf("%v: %v", c.norms, err)
		}
		if col.width != c.width {
			t.Errorf("%v: width %d, want %d", c.norms, col.width, c.width)
		}
		for i, n := range c.norms {
			if got := col.at(uint64(i)); got != uint64(n) {
				t.Errorf("%v: document %d reads %d", c.norms, i, got)
			}
		}
		if got := col.at(uint64(len(c.norms))); got != 0 {
			t.Errorf("%v: past the end reads %d", c.norms, got)
		}
		if _, err := loadNorms(b.Bytes(), 2, uint64(len(c.norms))+1); err == nil {
			t.Errorf("%v: a column one document short loads", c.norms)
		}
	}
	for _, bad := range [][]byte{{}, {3, 0, 0, 0}, {0}} {
		if _, err := loadNorms(bad, 0, 1); err == nil {
			t.Errorf("%v loads as a column of one document", bad)
		}
	}
}

// Posting.Norm reads small lengths from a table: it must give zap's norm,
// 1/√length rounded to float32, for every length, in the table or not.
func TestPostingNorm(t *testing.T) {
	for _, n := range []uint32{0, 1, 2, 3, 100, 2046, 2047, 2048, 2049, 65535, 1 << 20} {
		p := Posting{norm: math.Float32frombits(n)}
		want := float64(float32(1.0 / math.Sqrt(float64(n))))
		if got := p.Norm(); got != want {
			t.Errorf("length %d: norm %v, want %v", n, got, want)
		}
	}
}
