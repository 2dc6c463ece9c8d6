package analyzers

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// The cache outlives every text it sees: a root it returned as a slice of
// its text would keep that whole text (a field of a document being
// indexed) alive; a root it returned as a slice of its table would keep the
// table alive after the shard is emptied. Stem copies what it returns out
// of the table, and a word that is its own root is returned as given.
func TestStemCacheKeepsNoTextAlive(t *testing.T) {
	s := NewStemmer()
	text := strings.Repeat("isi ", 1<<12) + "rumah pelayanan pendidikan"
	words := strings.Fields(text[len(text)-26:])
	for _, w := range words {
		s.Stem(w)
	}
	n := 0
	for i := range s.cache.shards {
		table := s.cache.shards[i].table.Load()
		if table == nil {
			continue
		}
		lo := uintptr(unsafe.Pointer(table))
		hi := lo + unsafe.Sizeof(*table)
		for j := range table {
			if table[j].tag.Load() != 0 {
				n++
			}
		}
		for _, w := range words {
			r := s.Stem(w) // cached now
			if p := uintptr(unsafe.Pointer(unsafe.StringData(r))); p >= lo && p < hi {
				t.Errorf("Stem(%q) = %q points into the cache's table", w, r)
			}
		}
	}
	if n != 3 {
		t.Fatalf("%d cached words, want 3", n)
	}
	if r := s.Stem(words[0]); unsafe.StringData(r) != unsafe.StringData(words[0]) {
		t.Errorf("Stem(rumah) copied a word that is its own root")
	}
}

func TestStemCacheEntryIsOneCacheLine(t *testing.T) {
	if n := unsafe.Sizeof(cacheEntry{}); n != 64 {
		t.Fatalf("cacheEntry is %d bytes, want 64", n)
	}
}

func TestStemCache(t *testing.T) {
	long := strings.Repeat("a", cacheBufLen-1)
	tests := []struct {
		name string
		puts [][2]string
		get  string
		want string
		ok   bool
	}{
		{"empty", nil, "rumah", "", false},
		{"hit", [][2]string{{"pelayanan", "layan"}}, "pelayanan", "layan", true},
		{"other word", [][2]string{{"pelayanan", "layan"}}, "pelayan", "", false},
		{"prefix of a cached word", [][2]string{{"pelayanan", "layan"}}, "pelayana", "", false},
		{"stemmed twice", [][2]string{{"pelayanan", "layan"}, {"pelayanan", "layan"}}, "pelayanan", "layan", true},
		{"longest cached", [][2]string{{long, "a"}}, long, "a", true},
		{"word and root too long to cache", [][2]string{{long, "aa"}}, long, "", false},
		{"word too long to cache", [][2]string{{long + "a", ""}}, long + "a", "", false},
		{"non-ASCII", [][2]string{{"pelayanan-pelayanan", "layan"}, {"kafé", "kafe"}}, "kafé", "kafe", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newStemCache()
			for _, p := range tt.puts {
				c.put(p[0], p[1])
			}
			b, ok := c.appendGet([]byte("x"), tt.get)
			got := string(b[1:])
			if got != tt.want || ok != tt.ok || string(b[:1]) != "x" {
				t.Errorf("get(%q) = %q, %v; want %q, %v", tt.get, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// Every word put is found until its shard fills up; a full shard is
// emptied and refills, so the cache stays bounded.
func TestStemCacheBoundedAndConsistent(t *testing.T) {
	c := newStemCache()
	const words = cacheShards * cacheShardMax * 3
	for i := range words {
		w := fmt.Sprintf("kata%d", i)
		c.put(w, w[:4])
		if got, ok := c.appendGet(nil, w); !ok || string(got) != "kata" {
			t.Fatalf("get(%q) right after put = %q, %v", w, got, ok)
		}
	}
	total := 0
	for i := range c.shards {
		sh := &c.shards[i]
		table := sh.table.Load()
		if sh.n > cacheShardMax || table == nil {
			t.Fatalf("shard %d: %d entries, table %p", i, sh.n, table)
		}
		used := 0
		for j := range table {
			if e := &table[j]; e.tag.Load() != 0 {
				used++
				k, root := e.buf[:e.klen], e.buf[e.klen:e.klen+e.rlen]
				if got, ok := c.appendGet(nil, string(k)); !ok || string(got) != string(root) {
					t.Fatalf("entry %q not found by appendGet", k)
				}
			}
		}
		if used != sh.n {
			t.Fatalf("shard %d: %d entries used, counted %d", i, used, sh.n)
		}
		total += used
	}
	if total == 0 || total > cacheShards*cacheShardMax {
		t.Fatalf("%d entries cached", total)
	}
}

// Concurrent stemming gives the same roots as stemming alone (run with
// -race to check the locking).
func TestStemCacheConcurrent(t *testing.T) {
	words := strings.Fields("pelayanan pendidikan kesehatan perizinan menyelenggarakan dipertanggungjawabkan " +
		"keberlanjutan pemberdayaan masyarakat berinovasi terintegrasi kemudahan")
	want := map[string]string{}
	plain := NewStemmer()
	for _, w := range words {
		want[w] = plain.stemNoCache(w)
	}
	s := NewStemmer()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				w := words[(i+g)%len(words)]
				if got := s.Stem(w); got != want[w] {
					t.Errorf("Stem(%q) = %q, want %q", w, got, want[w])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// Lookups race with puts that fill shards and replace their tables: a hit
// is always the word's own root (run with -race to check the publication
// of entries).
func TestStemCacheReadsWhileShardsEmptied(t *testing.T) {
	c := newStemCache()
	root := func(w string) string { return "r" + w[1:] }
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range cacheShards * cacheShardMax / 2 {
				w := fmt.Sprintf("k%d-%d", g, i)
				c.put(w, root(w))
				probe := fmt.Sprintf("k%d-%d", (g+1)%4, i/2)
				if got, ok := c.appendGet(nil, probe); ok && string(got) != root(probe) {
					t.Errorf("get(%q) = %q, want %q", probe, got, root(probe))
					return
				}
			}
		}()
	}
	wg.Wait()
}
