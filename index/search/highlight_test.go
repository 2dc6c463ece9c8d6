package search

import (
	"bytes"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"jippnas/analyzers"
)

func TestHighlighter(t *testing.T) {
	long := strings.Repeat("Pemerintah daerah menyiapkan anggaran rutin setiap tahun. ", 40)
	cases := []struct {
		name  string
		query string
		text  string
		want  []string
		not   []string
	}{
		{"stem", "pelayanan", "Petugas melayani warga dan layanan dibuka pagi.", []string{"<mark>melayani</mark>", "<mark>layanan</mark>"}, nil},
		{"acronym expansion", "KTP", "Warga merekam kartu tanda penduduk di kecamatan.", []string{"<mark>kartu tanda penduduk</mark>"}, nil},
		{"expansion to acronym", "kartu tanda penduduk", "Perekaman KTP keliling.", []string{"<mark>KTP</mark>"}, nil},
		{"escaping", "sekolah", `Murid <script>alert(1)</script> sekolah & "guru"`, []string{"&lt;script&gt;", "<mark>sekolah</mark>", "&amp;"}, []string{"<script>"}},
		{"long text passage", "posyandu", long + "Kader posyandu menimbang balita. " + long, []string{"<mark>posyandu</mark>", "…"}, nil},
		{"nasal assimilation in long text", "tulis", long + "Petugas menulis laporan. " + long, []string{"<mark>menulis</mark>"}, nil},
		{"capitals and curly quotes in long text", "pelayanan", long + "Kafé “PELAYANAN Prima” dibuka. " + long, []string{"<mark>PELAYANAN</mark>"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := parseText(c.query)
			h := newHighlighter(p.terms())
			got, n, _ := h.bestPassage(c.text, 200)
			if n == 0 {
				t.Fatalf("no match in %q for %q (terms %v)", c.text, c.query, p.terms())
			}
			if len(got) > 400 {
				t.Errorf("snippet of %d bytes", len(got))
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("snippet %q lacks %q", got, w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(got, w) {
					t.Errorf("snippet %q contains %q", got, w)
				}
			}
		})
	}
}

func TestHighlighterLower(t *testing.T) {
	cases := []struct {
		text, want string
		ok         bool
	}{
		{"Pelayanan KTP", "pelayanan ktp", true},
		{"Kafé “ÉLAN” Ñ", "kafé “élan” ñ", true},
		{"A\xffB", "a\xffb", true},      // not UTF-8: kept, offsets line up
		{"\u212a ab", "k ab", false},    // the Kelvin sign folds to one byte
		{"İstanbul", "istanbul", false}, // so does a dotted capital I
		{"", "", true},
	}
	h := newHighlighter(nil)
	for _, c := range cases {
		got, ok := h.lower(c.text)
		if string(got) != c.want || ok != c.ok {
			t.Errorf("lower(%q) = %q, %v; want %q, %v", c.text, got, ok, c.want, c.ok)
		}
		if c.ok && len(got) != len(c.text) {
			t.Errorf("lower(%q): %d bytes for %d", c.text, len(got), len(c.text))
		}
	}
}

func FuzzHighlighter(f *testing.F) {
	f.Add("pelayanan", "Petugas melayani warga.")
	f.Add("KTP", "kartu tanda penduduk")
	f.Add("\"a", "é\xff\x00 b")
	f.Fuzz(func(t *testing.T, q, text string) {
		p := parseText(q)
		h := newHighlighter(p.terms())
		s, _, off := h.bestPassage(text, 200)
		if off < 0 || off > len(text) {
			t.Fatalf("offset %d outside text of %d bytes", off, len(text))
		}
		if strings.Contains(s, "<script") {
			t.Fatal("unescaped markup")
		}
		h.snippet(text, 100)
		if lower, ok := h.lower(text); utf8.ValidString(text) && string(lower) != strings.ToLower(text) {
			t.Fatalf("lower(%q) = %q, want strings.ToLower's %q", text, lower, strings.ToLower(text))
		} else if ok && len(lower) != len(text) {
			t.Fatalf("lower(%q): ok with %d bytes for %d", text, len(lower), len(text))
		}
	})
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`"kartu tanda" -ktp OR kk`, `OR OR -`, `"`, `-"" OR a`, "a\x00b"} {
		f.Add(s)
	}
	c := newCompiler(nil, DefaultSynonyms(), nil, RankConfig{})
	f.Fuzz(func(t *testing.T, q string) {
		p := c.compile(Request{Query: q, Page: 1, Size: 10, Sort: SortRelevance})
		textQuery(p)
		textQuery(p.fuzzy())
		if p.Rank != nil {
			for _, s := range p.Rank.Slots {
				if len(s.Exprs) == 0 || s.Weight <= 0 {
					t.Fatalf("%q: slot %+v", q, s)
				}
				for _, e := range s.Exprs {
					if len(e.Terms) == 0 || e.Mult <= 0 {
						t.Fatalf("%q: alternative %+v", q, e)
					}
				}
			}
		}
	})
}

// BenchmarkHighlightHit is what a search spends on one hit's highlights:
// title, summary and the best passage of a body of about 4.6 KB (the
// peers' corpus's size), capitalised words and curly quotes included.
func BenchmarkHighlightHit(b *testing.B) {
	body := strings.Repeat("Pemerintah Kabupaten menyiapkan anggaran rutin setiap tahun untuk “Program Desa”. ", 30) +
		"Petugas melayani warga dan Layanan Administrasi Kependudukan dibuka setiap pagi. " +
		strings.Repeat("Kader Posyandu menimbang balita di Balai Desa. ", 40)
	title := "Layanan Administrasi Kependudukan Keliling"
	summary := "Inovasi pelayanan akta kelahiran dan KTP langsung di desa oleh petugas Dinas."
	q := parseText("pelayanan administrasi kependudukan")
	terms := q.terms()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		h := newHighlighter(terms)
		h.snippet(title, 0)
		h.snippet(summary, 240)
		if _, n, _ := h.bestPassage(body, 200); n == 0 {
			b.Fatal("no passage")
		}
	}
}

// matchWordsEachWord is matchWords as it was: every word tested for every
// needle. The needle scan must find the same words.
func (h *highlighter) matchWordsEachWord(text string) ([]span, []string) {
	var spans []span
	var terms []string
	lower, ok := h.lower(text)
	if !ok {
		return nil, nil
	}
	for i := 0; i < len(text); {
		for i < len(text) && isSpaceByte(text[i]) {
			i++
		}
		j := i
		for j < len(text) && !isSpaceByte(text[j]) {
			j++
		}
		w := lower[i:j]
		hit := false
		for _, n := range h.needles {
			if bytes.Contains(w, n) {
				hit = true
				break
			}
		}
		if hit {
			toks, err := analyzers.Analyze(analyzers.AnalyzerName, text[i:j])
			if err == nil {
				for _, t := range toks {
					if h.terms[t.Term] && t.Start >= 0 && t.End <= j-i && t.Start < t.End {
						if n := len(spans); n > 0 && i+t.Start < spans[n-1].end {
							continue
						}
						spans = append(spans, span{i + t.Start, i + t.End})
						terms = append(terms, t.Term)
					}
				}
			}
		}
		i = j
	}
	return spans, terms
}

// TestMatchWordsSameAsEachWord: random texts of Indonesian words, their
// affixed and capitalised forms, punctuation, spaces of every kind and
// non-ASCII letters, against random queries: the needle scan marks what
// testing every word marked.
func TestMatchWordsSameAsEachWord(t *testing.T) {
	words := []string{"pelayanan", "melayani", "layanan", "KTP", "e-KTP", "kartu", "tanda", "penduduk", "menulis",
		"tulis", "PELAYANAN", "Kafé", "“layanan”", "posyandu,", "(posyandu)", "anak-anak", "pukul", "memukul",
		"sapu", "menyapu", "1.000", "Rp27,90", "Jum'at", "kota.lalu", "S.Pd", "élan", "ÉLAN", "a", "an", "ana"}
	seps := []string{" ", "  ", "\n", "\t", "\r\n", " - ", ". ", ", "}
	rng := rand.New(rand.NewSource(11))
	for round := 0; round < 400; round++ {
		var b strings.Builder
		for k := rng.Intn(60); k >= 0; k-- {
			b.WriteString(words[rng.Intn(len(words))])
			b.WriteString(seps[rng.Intn(len(seps))])
		}
		text := b.String()[rng.Intn(3):]
		var q []string
		for k := rng.Intn(3); k >= 0; k-- {
			q = append(q, words[rng.Intn(len(words))])
		}
		p := parseText(strings.Join(q, " "))
		h := newHighlighter(p.terms())
		gotSpans, gotTerms := h.matchWords(text)
		wantSpans, wantTerms := h.matchWordsEachWord(text)
		if !slices.Equal(gotSpans, wantSpans) || !slices.Equal(gotTerms, wantTerms) {
			t.Fatalf("query %q, text %q:\n got  %v %v\n want %v %v", q, text, gotSpans, gotTerms, wantSpans, wantTerms)
		}
	}
}

// BenchmarkMatchWords: the words of a passage-sized text (600 bytes, the
// region bestPassage analyses) matched for a two-word query, by the needle
// scan and by testing every word.
func BenchmarkMatchWords(b *testing.B) {
	text := strings.Repeat("Pemerintah daerah menyiapkan anggaran rutin setiap tahun bagi warga. ", 8) +
		"Petugas melayani warga di kantor kecamatan. "
	p := parseText("pelayanan kecamatan")
	h := newHighlighter(p.terms())
	for _, v := range []struct {
		name string
		fn   func(string) ([]span, []string)
	}{{"needle-scan", h.matchWords}, {"each-word", h.matchWordsEachWord}} {
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				if spans, _ := v.fn(text); len(spans) != 2 {
					b.Fatalf("%d spans", len(spans))
				}
			}
		})
	}
}

// TestMatchesSkipsOnlyWhatHoldsNoExpansion: texts with and without the
// words of acronyms' expansions ("kartu tanda penduduk" for KTP,
// "kelurahan" for kel), under queries holding acronyms: matches, which
// analyses a text whole only when it holds an expansion's first word,
// marks what analysing every text whole (when no word matched) marked.
func TestMatchesSkipsOnlyWhatHoldsNoExpansion(t *testing.T) {
	words := []string{"kartu tanda penduduk", "Kartu Tanda Penduduk", "kartu", "tanda", "penduduk", "Kartu", "KARTU", "kelurahan", "Kelurahan", "kelas", "keluarga",
		"kecamatan", "Kec.", "kel.", "KTP", "e-KTP", "pelayanan", "warga", "di", "dan", "anak-anak", "élan", "ÉLAN"}
	seps := []string{" ", "  ", "\n", ". ", ", "}
	queries := []string{"KTP", "kartu tanda penduduk", "kelurahan", "kantor kelurahan", "kecamatan pelayanan",
		"kel", "ktp warga"}
	rng := rand.New(rand.NewSource(5))
	whole, skipped := 0, 0
	for round := 0; round < 600; round++ {
		var b strings.Builder
		for k := rng.Intn(30); k >= 0; k-- {
			b.WriteString(words[rng.Intn(len(words))])
			b.WriteString(seps[rng.Intn(len(seps))])
		}
		text := b.String()
		q := queries[rng.Intn(len(queries))]
		p := parseText(q)
		h := newHighlighter(p.terms())
		if !h.expands {
			t.Fatalf("query %q holds no acronym: the case tests nothing", q)
		}
		gotSpans, gotTerms := h.matches(text)
		wantSpans, wantTerms := h.matchWords(text)
		if len(wantSpans) == 0 {
			wantSpans, wantTerms = h.matchAll(text)
			if len(wantSpans) > 0 {
				whole++
			} else if !h.mayExpand(text) {
				skipped++
			}
		}
		if !slices.Equal(gotSpans, wantSpans) || !slices.Equal(gotTerms, wantTerms) {
			t.Fatalf("query %q, text %q:\n got  %v %v\n want %v %v", q, text, gotSpans, gotTerms, wantSpans, wantTerms)
		}
	}
	if whole < 20 || skipped < 20 {
		t.Fatalf("%d texts matched only whole, %d skipped: too few to test either", whole, skipped)
	}
}
