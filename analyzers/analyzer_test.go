package analyzers

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/registry"
)

func terms(t *testing.T, analyzer, text string) []string {
	t.Helper()
	toks, err := Analyze(analyzer, text)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(toks))
	for i, tk := range toks {
		out[i] = tk.Term
	}
	return out
}

func TestAnalyzerTable(t *testing.T) {
	cases := []struct {
		analyzer, text, want string
	}{
		{AnalyzerName, "Pelayanan melayani dilayani layanan", "layan layan layan layan"},
		{AnalyzerName, "anak-anak buku-bukunya kupu-kupu", "anak buku kupu-kupu"},
		{AnalyzerName, "sayur-mayur bolak-balik ramah-tamah laba-laba", "sayur-mayur bolak-balik ramah-tamah laba-laba"},
		{AnalyzerName, "e-KTP", "ektp ktp"},
		{AnalyzerName, "m-Paspor e-Kinerja", "mpaspor paspor ekinerja kinerja"},
		{AnalyzerName, "P.T. Maju S.Pd KTP/KK", "pt maju spd ktp kk"},
		{AnalyzerName, "harga 27,90 dan 1.000.000 pukul 08.00", "harga 27,90 1000000 pukul 08.00"},
		{AnalyzerName, "Praktek aktifitas ijin", "praktik aktivitas izin"},
		{AnalyzerName, "Kartu Tanda Penduduk", "kartu ktp tanda duduk"},
		{AnalyzerName, "kesehatan ibu dan anak", "sehat kia ibu anak"},
		{QueryAnalyzerName, "kartu tanda penduduk", "ktp"},
		{QueryAnalyzerName, "KTP", "ktp"},
		{QueryAnalyzerName, "kesehatan ibu dan anak", "sehat ibu anak"},
		{QueryAnalyzerName, "pusat kesehatan masyarakat", "puskesmas"},
		{ExactAnalyzerName, "Pelayanan di Desa-desa", "pelayanan di desa"},
		{ExactAnalyzerName, "Café Résumé ＫＴＰ", "cafe resume ktp"},
	}
	for _, c := range cases {
		got := strings.Join(terms(t, c.analyzer, c.text), " ")
		if got != c.want {
			t.Errorf("%s(%q) = %q, want %q", c.analyzer, c.text, got, c.want)
		}
	}
}

func TestOffsetsAndPositions(t *testing.T) {
	text := "Layanan e-KTP di Kartu Tanda Penduduk"
	toks, err := Analyze(AnalyzerName, text)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range toks {
		if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End {
			t.Fatalf("bad offsets %+v", tk)
		}
	}
	var ektp, ktp, acr Token
	for _, tk := range toks {
		switch {
		case tk.Term == "ektp":
			ektp = tk
		case tk.Term == "ktp" && tk.Kind == KindAcronym && tk.End-tk.Start == 3:
			ktp = tk
		case tk.Term == "ktp":
			acr = tk
		}
	}
	if ektp.Position != ktp.Position || text[ektp.Start:ektp.End] != "e-KTP" || text[ktp.Start:ktp.End] != "KTP" {
		t.Errorf("e-KTP tokens wrong: %+v %+v", ektp, ktp)
	}
	if text[acr.Start:acr.End] != "Kartu Tanda Penduduk" {
		t.Errorf("acronym span = %q", text[acr.Start:acr.End])
	}
}

func TestRegistered(t *testing.T) {
	c := registry.NewCache()
	for _, name := range []string{AnalyzerName, QueryAnalyzerName, ExactAnalyzerName} {
		a, err := c.AnalyzerNamed(name)
		if err != nil {
			t.Fatal(err)
		}
		ts := a.Analyze([]byte("Pelayanan e-KTP"))
		if len(ts) == 0 {
			t.Errorf("%s: no tokens", name)
		}
	}
	if _, err := c.TokenFilterNamed(StemmerFilterName); err != nil {
		t.Error(err)
	}
	if _, err := Analyze("standard", "Halo Dunia"); err != nil {
		t.Error(err)
	}
	if _, err := Analyze("no-such-analyzer", "x"); err == nil {
		t.Error("want error for unknown analyzer")
	}
}

// The token stream Bleve gets holds exactly the analyzer's tokens, each
// term in its own capped slice.
func TestAnalyzeTokenStream(t *testing.T) {
	data, err := os.ReadFile("testdata/prose.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{AnalyzerName, QueryAnalyzerName, ExactAnalyzerName} {
		a := builtin[name]
		want := a.analyze(nil, string(data))
		ts := a.Analyze(data)
		if len(ts) != len(want) || len(ts) < 100 {
			t.Fatalf("%s: %d tokens in the stream, %d analysed", name, len(ts), len(want))
		}
		for i, tok := range ts {
			w := want[i]
			if string(tok.Term) != w.Term || tok.Start != w.Start || tok.End != w.End || tok.Position != w.Position {
				t.Fatalf("%s: token %d is %q %d–%d @%d, want %q %d–%d @%d", name, i,
					tok.Term, tok.Start, tok.End, tok.Position, w.Term, w.Start, w.End, w.Position)
			}
		}
		_ = append(ts[0].Term, "xyz"...)
		if string(ts[1].Term) != want[1].Term {
			t.Fatalf("%s: appending to one term changed the next to %q", name, ts[1].Term)
		}
	}
}

func TestNormalize(t *testing.T) {
	cases := map[string]string{
		"Praktek Kwalitas SISTIM": "praktik kualitas sistem",
		"Résumé, café!":           "resume, cafe!",
		"ＡＢＣ ﬁle":                 "abc file",
		"Jum'at":                  "jumat",
	}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	if n := len(spellingVariants); n < 40 {
		t.Errorf("only %d spelling variants", n)
	}
}

func TestStopwords(t *testing.T) {
	for _, w := range []string{"yang", "dan", "di", "adalah"} {
		if !IsStopword(w) {
			t.Errorf("%q should be a stopword", w)
		}
	}
	for _, w := range []string{"baru", "umum", "tengah", "mampu", "jelas", "bekerja", "masyarakat", "desa"} {
		if IsStopword(w) {
			t.Errorf("%q must not be a stopword in this domain", w)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"e-KTP", "P.T.", "27,90", "anak-anak", "a.b.c.d", "--", "é́", "KTP/KK", "1.000,5", "x-", "\xff-\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, name := range []string{AnalyzerName, QueryAnalyzerName, ExactAnalyzerName} {
			toks, err := Analyze(name, text)
			if err != nil {
				t.Fatal(err)
			}
			last := 0
			for _, tk := range toks {
				if tk.Start < 0 || tk.End > len(text) || tk.Start > tk.End || tk.Term == "" {
					t.Fatalf("%s: bad token %+v in %q", name, tk, text)
				}
				if tk.Position < last {
					t.Fatalf("%s: positions go back: %+v", name, toks)
				}
				last = tk.Position
			}
		}
		_ = Normalize(text)
	})
}

func BenchmarkAnalyzerID(b *testing.B) {
	data, err := os.ReadFile("testdata/prose.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	a := builtin[AnalyzerName]
	n := len(a.analyze(nil, text)) // warm the cache
	words := len(tokenize(text))
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Analyze(data)
	}
	b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	_ = n
}

func BenchmarkStemCached(b *testing.B) {
	words := benchWords(b)
	s := NewStemmer()
	for _, w := range words {
		s.Stem(w)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Stem(words[i%len(words)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkStemUncached(b *testing.B) {
	words := benchWords(b)
	s := NewStemmer()
	s.stemNoCache("warm") // parse the dictionary outside the timer
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.stemNoCache(words[i%len(words)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func benchWords(b *testing.B) []string {
	data, err := os.ReadFile("testdata/prose.txt")
	if err != nil {
		b.Fatal(err)
	}
	var words []string
	for _, tk := range surface(nil, string(data), nil) {
		if tk.Kind == KindWord {
			words = append(words, tk.Term)
		}
	}
	return words
}

// TestAnalyzeScratchReuse: Analyze reuses its buffers from one call to the
// next; every stream it returned still holds, after all the later calls,
// the tokens the analyzer gives the text on fresh buffers, whatever the
// lengths and order of the texts (a long body after short titles and back,
// acronyms that add tokens, hyphen groups), on two goroutines at once.
func TestAnalyzeScratchReuse(t *testing.T) {
	data, err := os.ReadFile("testdata/prose.txt")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{string(data), "Sistem Informasi Kesehatan Daerah (SIKD) di Kota Malang", "e-KTP",
		"anak-anak berlari-larian ke sekolah-sekolah", "", "Badan Pusat Statistik dan BPS 2024"}
	for _, line := range strings.Split(string(data), "\n") {
		texts = append(texts, line)
	}
	texts = append(texts, string(data))
	for _, name := range []string{AnalyzerName, QueryAnalyzerName, ExactAnalyzerName} {
		a := builtin[name]
		var wg sync.WaitGroup
		for g := 0; g < 2; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got := make([]analysis.TokenStream, len(texts))
				for i := range texts {
					k := (i + g*len(texts)/2) % len(texts)
					got[k] = a.Analyze([]byte(texts[k]))
				}
				for k, text := range texts {
					want := a.analyze(nil, text)
					if len(got[k]) != len(want) {
						t.Errorf("%s, text %d: %d tokens, want %d", name, k, len(got[k]), len(want))
						continue
					}
					for i, tok := range got[k] {
						w := want[i]
						if string(tok.Term) != w.Term || tok.Start != w.Start || tok.End != w.End || tok.Position != w.Position {
							t.Errorf("%s, text %d, token %d: %q %d–%d @%d, want %q %d–%d @%d", name, k, i,
								tok.Term, tok.Start, tok.End, tok.Position, w.Term, w.Start, w.End, w.Position)
							break
						}
					}
				}
			}()
		}
		wg.Wait()
	}
}
