package suggest

import (
	"context"
	"strings"
	"testing"

	"jippnas/content"
	"jippnas/content/store"
	"jippnas/index"
	"jippnas/index/indextest"
)

func suggestIndex(tb testing.TB) (*store.Store, *Suggester) {
	tb.Helper()
	st, ix := indextest.Index(tb, indextest.WithPages(tb, indextest.DemoStore(tb, "")), index.Config{InMemory: true})
	return st, New(ix)
}

func TestSuggest(t *testing.T) {
	st, ix := suggestIndex(t)
	ctx := context.Background()
	find := func(ss []Suggestion, typ, text string) *Suggestion {
		for i := range ss {
			if ss[i].Type == typ && strings.EqualFold(ss[i].Text, text) {
				return &ss[i]
			}
		}
		return nil
	}

	got, err := ix.Suggest(ctx, "pusk", 8)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || len(got) > 8 {
		t.Fatalf("pusk: %d suggestions: %+v", len(got), got)
	}
	if find(got, SuggestTerm, "puskesmas") == nil {
		t.Errorf("pusk: no term puskesmas in %+v", got)
	}
	var titles int
	for _, s := range got {
		switch s.Type {
		case SuggestTitle:
			titles++
			if !strings.Contains(strings.ToLower(s.Text), "pusk") {
				t.Errorf("pusk: title without a word starting with pusk: %q", s.Text)
			}
			if !strings.HasPrefix(s.URL, "/inovasi/") && !strings.HasPrefix(s.URL, "/panduan/") && !strings.HasPrefix(s.URL, "/berita/") {
				t.Errorf("title URL %q", s.URL)
			}
			if s.DocType == "" {
				t.Errorf("title without doc type: %+v", s)
			}
		case SuggestTerm:
			if !strings.HasPrefix(s.Text, "pusk") || s.URL != "" {
				t.Errorf("bad term %+v", s)
			}
		default:
			t.Errorf("unknown type %q", s.Type)
		}
	}
	if titles == 0 {
		t.Errorf("pusk: no title suggestions: %+v", got)
	}

	// Case and diacritics do not matter.
	upper, err := ix.Suggest(ctx, "PUSK", 8)
	if err != nil {
		t.Fatal(err)
	}
	if len(upper) != len(got) || upper[0] != got[0] {
		t.Errorf("PUSK differs from pusk: %+v vs %+v", upper, got)
	}

	// Earlier words must all be in the title; the last one is a prefix.
	got, _ = ix.Suggest(ctx, "puskesmas tera", 5)
	if s := find(got, SuggestTitle, "Puskesmas Terapung Sangihe: Layanan Kesehatan Terjadwal untuk Pulau-Pulau Perbatasan"); s == nil {
		t.Errorf("puskesmas tera: %+v", got)
	} else if s.URL != "/inovasi/kemendagri-2021-sangihe-puskesmas-terapung" || s.DocType != content.TypeInnovation {
		t.Errorf("puskesmas tera: %+v", s)
	}
	for _, s := range got {
		if s.Type == SuggestTerm && !strings.HasPrefix(s.Text, "puskesmas tera") {
			t.Errorf("term completion should keep the typed words: %q", s.Text)
		}
	}

	// Guides and news link to their slugs.
	got, _ = ix.Suggest(ctx, "replikasi ino", 10)
	if s := find(got, SuggestTitle, "Replikasi Inovasi: Belajar dari Daerah Lain Tanpa Menyalin Mentah-mentah"); s == nil || s.URL != "/panduan/replikasi-inovasi" || s.DocType != content.TypeGuide {
		t.Errorf("replikasi ino: %+v", got)
	}
	got, _ = ix.Suggest(ctx, "festival", 10)
	var news bool
	for _, s := range got {
		news = news || (s.DocType == content.TypeNews && strings.HasPrefix(s.URL, "/berita/festival-inovasi-"))
	}
	if !news {
		t.Errorf("festival: no news title: %+v", got)
	}

	// Frequent terms first; stopwords and short words never.
	got, _ = ix.Suggest(ctx, "d", 20)
	for _, s := range got {
		if s.Type == SuggestTerm && (s.Text == "dan" || s.Text == "di" || s.Text == "dari" || len(s.Text) < 3) {
			t.Errorf("stopword or short term suggested: %q", s.Text)
		}
	}
	if got, _ := ix.Suggest(ctx, "   ", 8); len(got) != 0 {
		t.Errorf("blank prefix: %+v", got)
	}
	if got, _ := ix.Suggest(ctx, "zzzqqq", 8); len(got) != 0 {
		t.Errorf("nonsense prefix: %+v", got)
	}
	if got, _ := ix.Suggest(ctx, "a", 100); len(got) > MaxSuggest {
		t.Errorf("size not capped: %d", len(got))
	}

	// The cache follows the index version: a new title shows up at once.
	d := content.Document{ID: "jippnas-2025-uji-pustaka-zeta", Type: content.TypeInnovation, Title: "Zetapustaka Keliling Desa",
		Institution: "Dinas Perpustakaan Kabupaten Uji", Sector: "perpustakaan", Year: 2025}
	before, _ := ix.Suggest(ctx, "zetap", 8)
	if len(before) != 0 {
		t.Fatalf("zetap before: %+v", before)
	}
	if _, err := st.Put(d); err != nil {
		t.Fatal(err)
	}
	if err := ix.ix.CatchUp(); err != nil {
		t.Fatal(err)
	}
	after, _ := ix.Suggest(ctx, "zetap", 8)
	if find(after, SuggestTitle, d.Title) == nil || find(after, SuggestTerm, "zetapustaka") == nil {
		t.Errorf("zetap after: %+v", after)
	}
}

var benchPrefixes = []string{"pusk", "akta", "sam", "stun", "pelayanan per", "desa w", "inovasi", "ktp", "ba", "jemput b"}

// BenchmarkSuggest measures type-ahead: uncached is the work for a prefix
// seen first, cached the repeat that most keystrokes hit.
func BenchmarkSuggest(b *testing.B) {
	_, ix := suggestIndex(b)
	ctx := context.Background()
	b.Run("uncached", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			words, last := suggestTokens(benchPrefixes[i%len(benchPrefixes)])
			if _, err := ix.suggest(ctx, words, last, 8); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := ix.Suggest(ctx, benchPrefixes[i%len(benchPrefixes)], 8); err != nil {
				b.Fatal(err)
			}
		}
	})
}
