package jzap_test

import (
	"bytes"
	"hash/crc32"
	"math/rand"
	"testing"

	"jippnas/index/jzap"
)

// TestCountHashWriter: the checksum of writes of any sizes, asked for at
// any point, is crc32's of every byte written so far, which the wrapped
// writer holds.
func TestCountHashWriter(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, maxWrite := range []int{1, 9, 100, 1023, 1024, 1025, 5000} {
		var out bytes.Buffer
		w := jzap.NewCountHashWriter(&out)
		for i := 0; i < 300; i++ {
			b := make([]byte, rng.Intn(maxWrite+1))
			rng.Read(b)
			if n, err := w.Write(b); n != len(b) || err != nil {
				t.Fatalf("Write: %d, %v", n, err)
			}
			if rng.Intn(20) == 0 || i == 299 {
				if got, want := w.Sum32(), crc32.ChecksumIEEE(out.Bytes()); got != want {
					t.Fatalf("writes of up to %d bytes, after %d: checksum %08x, want %08x", maxWrite, i+1, got, want)
				}
				if w.Count() != out.Len() {
					t.Fatalf("count %d, want %d", w.Count(), out.Len())
				}
			}
		}
	}
}
