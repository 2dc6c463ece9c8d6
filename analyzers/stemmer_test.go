package analyzers

import (
	"bufio"
	"os"
	"strings"
	"sync"
	"testing"
)

func readPairs(t testing.TB, path string) [][2]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		w, r, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		out = append(out, [2]string{w, r})
	}
	return out
}

// TestStemDevSet fails below 95% accuracy on the hand-checked development set.
func TestStemDevSet(t *testing.T) {
	pairs := readPairs(t, "testdata/stem_dev.tsv")
	if len(pairs) < 400 {
		t.Fatalf("dev set has %d pairs, want at least 400", len(pairs))
	}
	s := NewStemmer()
	ok := 0
	var miss []string
	for _, p := range pairs {
		if got := s.Stem(p[0]); got == p[1] {
			ok++
		} else {
			miss = append(miss, p[0]+" → "+got+" (want "+p[1]+")")
		}
	}
	acc := float64(ok) / float64(len(pairs))
	t.Logf("dev set accuracy %.1f%% (%d/%d)", 100*acc, ok, len(pairs))
	if acc < 0.95 || testing.Verbose() {
		for _, m := range miss {
			t.Log("mismatch: " + m)
		}
	}
	if acc < 0.95 {
		t.Fatalf("accuracy %.1f%% below 95%%", 100*acc)
	}
}

func TestStemMustGroup(t *testing.T) {
	s := NewStemmer()
	for _, w := range []string{"pelayanan", "melayani", "dilayani", "layanan"} {
		if got := s.Stem(w); got != "layan" {
			t.Errorf("Stem(%q) = %q, want layan", w, got)
		}
	}
}

func TestStemShortAndNonWords(t *testing.T) {
	s := NewStemmer()
	for _, w := range []string{"", "a", "di", "ke", "2024", "p3k", "covid19", "27,90"} {
		if got := s.Stem(w); got != w {
			t.Errorf("Stem(%q) = %q, want unchanged", w, got)
		}
	}
}

func TestStemConcurrent(t *testing.T) {
	s := NewStemmer()
	pairs := readPairs(t, "testdata/stem_dev.tsv")
	want := make(map[string]string, len(pairs))
	for _, p := range pairs {
		want[p[0]] = s.stemNoCache(p[0])
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range pairs {
				if got := s.Stem(p[0]); got != want[p[0]] {
					t.Errorf("concurrent Stem(%q) = %q, want %q", p[0], got, want[p[0]])
				}
			}
		}()
	}
	wg.Wait()
}

func TestDictionary(t *testing.T) {
	if !IsRoot("layan") || !IsRoot("inovasi") || IsRoot("pelayanan") {
		t.Error("IsRoot: unexpected membership")
	}
	roots := Roots()
	if len(roots) < 30000 {
		t.Errorf("Roots() = %d entries, want > 30000", len(roots))
	}
	roots[0] = "changed"
	if Roots()[0] == "changed" {
		t.Error("Roots must return a copy")
	}
}

func FuzzStem(f *testing.F) {
	for _, s := range []string{"pelayanan", "mempertanggungjawabkan", "anak-anak", "-", "a-", "-nya", "meng", "pe", "ééé", "kupu-kupu-"} {
		f.Add(s)
	}
	s := NewStemmer()
	f.Fuzz(func(t *testing.T, w string) {
		r := s.Stem(w)
		if len(r) > len(w)+2 { // recoding adds at most one letter per prefix
			t.Errorf("Stem(%q) = %q grew", w, r)
		}
		if r2 := s.Stem(w); r2 != r {
			t.Errorf("Stem not deterministic: %q then %q", r, r2)
		}
	})
}
