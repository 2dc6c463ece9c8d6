package main

import "testing"

func TestByteSizeFlag(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1048576", 1 << 20, true}, {"512KiB", 512 << 10, true}, {"1MiB", 1 << 20, true}, {"2GiB", 2 << 30, true},
		{"10B", 10, true}, {"1.5MiB", 0, false}, {"-1", 0, false}, {"MiB", 0, false}, {"1MB", 0, false},
	} {
		var b byteSize
		err := b.Set(c.in)
		if (err == nil) != c.ok || (c.ok && int64(b) != c.want) {
			t.Errorf("%q: %d %v, want %d ok=%v", c.in, b, err, c.want, c.ok)
		}
		if c.ok {
			var again byteSize
			if err := again.Set(b.String()); err != nil || again != b {
				t.Errorf("%q: String %q does not read back", c.in, b.String())
			}
		}
	}
}
