package termtab

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestTable(t *testing.T) {
	long := strings.Repeat("x", KeyMax+1)
	tests := []struct {
		name string
		ops  []string // "put k v", "get k"
		want []string // each op's result: "v found"
	}{
		{"empty", []string{"get a"}, []string{"0 false"}},
		{"put then get", []string{"put a 1", "get a", "put a 2", "get a"}, []string{"1 false", "1 true", "1 true", "1 true"}},
		{"empty key", []string{"put  7", "get ", "get a"}, []string{"7 false", "7 true", "0 false"}},
		{"longest short key", []string{"put " + long[:KeyMax] + " 3", "get " + long[:KeyMax], "get " + long}, []string{"3 false", "3 true", "0 false"}},
		{"long key", []string{"put " + long + " 4", "get " + long, "put " + long + " 5", "get " + long[:KeyMax]}, []string{"4 false", "4 true", "4 true", "0 false"}},
		{"prefixes differ", []string{"put ab 1", "put abc 2", "get ab", "get abc", "get a"}, []string{"1 false", "2 false", "1 true", "2 true", "0 false"}},
		{"reset", []string{"put a 1", "put " + long + " 2", "reset", "get a", "get " + long, "put a 3", "get a"}, []string{"1 false", "2 false", "", "0 false", "0 false", "3 false", "3 true"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tab Table
			for i, op := range tt.ops {
				var got string
				switch {
				case op == "reset":
					tab.Reset()
				case strings.HasPrefix(op, "put "):
					i := strings.LastIndexByte(op, ' ')
					var v uint32
					fmt.Sscan(op[i+1:], &v)
					r, ok := tab.GetOrPut(op[4:i], v)
					got = fmt.Sprint(r, ok)
				default:
					r, ok := tab.Get(op[4:])
					got = fmt.Sprint(r, ok)
				}
				if got != tt.want[i] {
					t.Fatalf("op %d %q: got %q, want %q", i, op, got, tt.want[i])
				}
			}
		})
	}
}

// TestTableAsMap runs random puts, gets and resets on a Table and a Go map
// (keys short and long, growing the table many times) and requires the
// same answers and length.
func TestTableAsMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var tab Table
	m := map[string]uint32{}
	key := func() string {
		n := rng.IntN(30)
		if rng.IntN(4) == 0 {
			n = rng.IntN(3)
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcé\x00"[rng.IntN(5)]
		}
		return string(b)
	}
	for round := 0; round < 20; round++ {
		for i := 0; i < rng.IntN(20000); i++ {
			k, v := key(), rng.Uint32()
			got, found := tab.GetOrPut(k, v)
			want, ok := m[k]
			if !ok {
				m[k], want = v, v
			}
			if got != want || found != ok {
				t.Fatalf("round %d: GetOrPut(%q) = %d, %v; want %d, %v", round, k, got, found, want, ok)
			}
			if k := key(); true {
				got, found := tab.Get(k)
				want, ok := m[k]
				if got != want || found != ok {
					t.Fatalf("round %d: Get(%q) = %d, %v; want %d, %v", round, k, got, found, want, ok)
				}
			}
		}
		if tab.Len() != len(m) {
			t.Fatalf("round %d: Len %d, want %d", round, tab.Len(), len(m))
		}
		for k, v := range m {
			if got, ok := tab.Get(k); !ok || got != v {
				t.Fatalf("round %d: Get(%q) = %d, %v; want %d", round, k, got, ok, v)
			}
		}
		if rng.IntN(2) == 0 {
			tab.Reset()
			clear(m)
		}
	}
}

// TestTableGenerationWrap: after 2³² resets the slots written long before
// are cleared, not taken as current.
func TestTableGenerationWrap(t *testing.T) {
	var tab Table
	tab.GetOrPut("a", 1)
	tab.gen = ^uint32(0) // as if that many resets had passed
	tab.slots[0].gen = 1 // a slot written in generation 1, whichever slot "a" took
	for i := range tab.slots {
		if tab.slots[i].klen == 1 {
			tab.slots[i].gen = 1
		}
	}
	tab.n = 0
	tab.Reset() // wraps to generation 1
	if _, ok := tab.Get("a"); ok {
		t.Fatal("a key of generation 1 survives the wrap")
	}
}

func BenchmarkTable(b *testing.B) {
	keys := make([]string, 1<<20)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range keys {
		keys[i] = fmt.Sprintf("kata%d", rng.IntN(1<<19))
	}
	b.Run("termtab", func(b *testing.B) {
		var tab Table
		for i := 0; i < b.N; i++ {
			tab.GetOrPut(keys[i&(len(keys)-1)], uint32(i))
		}
	})
	b.Run("map", func(b *testing.B) {
		m := map[string]uint32{}
		for i := 0; i < b.N; i++ {
			k := keys[i&(len(keys)-1)]
			if _, ok := m[k]; !ok {
				m[k] = uint32(i)
			}
		}
	})
}
