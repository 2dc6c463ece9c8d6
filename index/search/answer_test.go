package search

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"jippnas/content"
	"jippnas/index/facet"
)

func TestAnswerKind(t *testing.T) {
	cases := []struct{ q, want string }{
		{"Kapan gempa Lombok terjadi?", answerTime},
		{"kapankah PBB didirikan", answerTime},
		{"Bilamana Candi Borobudur dibangun?", answerTime},
		{"Pada tahun berapa Soekarno lahir?", answerTime},
		{"tanggal berapakah hari pahlawan?", answerTime},
		{"Berapa jumlah penduduk Surabaya?", answerQuantity},
		{"berapakah tinggi Monas?", answerQuantity},
		{"Presiden keberapa Jokowi?", answerQuantity},
		{"Siapa penemu radio?", ""},
		{"beberapa inovasi desa digital", ""}, // "some", not "how many"
		{"apa itu sakera", answerDefinition},
		{"Apa yang dimaksud dengan budaya?", answerDefinition},
		{"apakah yg dimaksud dgn e-ktp", answerDefinition},
		{"Apakah pengertian inovasi pelayanan publik?", answerDefinition},
		{"jelaskan apa itu SP4N-LAPOR", answerDefinition},
		{"inovasi itu apa?", answerDefinition},
		{"Apa yang menyebabkan banjir?", ""},
		{"apakah puskesmas buka hari minggu?", ""},
		{"pelayanan kesehatan", ""},
	}
	for _, c := range cases {
		if got := answerKind(c.q); got != c.want {
			t.Errorf("answerKind(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestHoldsAnswer(t *testing.T) {
	cases := []struct {
		kind, text string
		want       bool
	}{
		{answerTime, "Gempa terjadi pada 29 Juli 2018.", true},
		{answerTime, "Candi dibangun pada abad ke-9.", true},
		{answerTime, "Diresmikan bulan Oktober oleh bupati.", true},
		{answerTime, "Harga tiket 15.000 rupiah.", false},
		{answerTime, "Musim 2018-2019 berakhir.", true},
		{answerTime, "Sebanyak 12000 warga.", false},
		{answerTime, "Program ini berjalan di 12 desa.", false},
		{answerTime, "Gempa itu mengguncang Lombok.", false},
		{answerQuantity, "Penduduknya 2,8 juta jiwa.", true},
		{answerQuantity, "Penduduknya banyak sekali.", false},
		{"", "Tahun 2018.", false},
	}
	for _, c := range cases {
		if got := holdsAnswer(c.kind, c.text, nil); got != c.want {
			t.Errorf("holdsAnswer(%s, %q) = %v, want %v", c.kind, c.text, got, c.want)
		}
	}
}

func TestDefines(t *testing.T) {
	budaya := map[string]bool{"budaya": true}
	cases := []struct {
		text string
		want bool
	}{
		{"Budaya adalah suatu cara hidup yang berkembang.", true},
		{"Kebudayaan merupakan hasil cipta manusia.", true}, // the same stem
		{"Mahabharata (Sanskerta: महाभारत) adalah karya sastra. Budaya adalah …", false},
		{"Budaya atau kebudayaan berasal dari bahasa Sanskerta.", false},
		{"Menurut para ahli, budaya ialah cara hidup.", true},
		{"Adalah budaya yang kami jaga.", false},
		{"Festival ini dihadiri ribuan warga dari berbagai daerah dan kota di seluruh penjuru negeri yang jauh sekali dari ibu kota provinsi pada musim kemarau tahun lalu, dan budaya adalah tema utamanya.", false},
	}
	for _, c := range cases {
		if got := holdsAnswer(answerDefinition, c.text, budaya); got != c.want {
			t.Errorf("holdsAnswer(definition, %q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// TestAnswerRaise: of two passages about a question's subject, the one
// that holds the kind of answer asked for (a date, a definition) comes
// first, on both executors; without the raise the other (which repeats
// the words) would.
func TestAnswerRaise(t *testing.T) {
	t.Parallel()
	cases := []struct {
		q      string
		docs   []content.Document // besides answerDocs(40)
		raised []string           // with the raise
		plain  []string           // without
	}{
		{"kapan gempa lombok terjadi?", []content.Document{ // lower case: no name weight
			{ID: "gempa-tanpa-tahun", Title: "Gempa Lombok", Body: "Gempa Lombok terjadi lagi dan terasa sampai ke Bali."},
			{ID: "gempa-dengan-tahun", Title: "Gempa bumi di pulau", Body: "Gempa Lombok terjadi pada 29 Juli 2018 dan merusak banyak rumah warga di sana."}},
			[]string{"gempa-dengan-tahun", "gempa-tanpa-tahun"}, []string{"gempa-tanpa-tahun", "gempa-dengan-tahun"}},
		{"apa yang dimaksud dengan budaya?", []content.Document{
			{ID: "budaya-asal", Title: "Asal kata", Body: "Budaya atau kebudayaan berasal dari bahasa Sanskerta."},
			{ID: "budaya-definisi", Title: "Cara hidup", Body: "Menurut para ahli, budaya adalah cara hidup bersama."}},
			[]string{"budaya-definisi", "budaya-asal"}, []string{"budaya-asal", "budaya-definisi"}},
	}
	for _, c := range cases {
		ix := qaIndex(t, newsOf(append(answerDocs(40), c.docs...)))
		q := Request{Query: c.q, Size: 2, NoCache: true}
		for _, cfg := range []Config{{}, {BleveSearch: true}} {
			res, err := New(ix, cfg).Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if got := hitIDs(res); !slices.Equal(got, c.raised) {
				t.Errorf("%q, bleve=%v: %v (%s), want %v", c.q, cfg.BleveSearch, got, ids(res), c.raised)
			}
			cfg.Rank.Answer = -1
			res, err = New(ix, cfg).Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if got := hitIDs(res); !slices.Equal(got, c.plain) {
				t.Errorf("%q, bleve=%v, no raise: %v (%s), want %v (else this test shows nothing)", c.q, cfg.BleveSearch, got, ids(res), c.plain)
			}
		}
	}
}

// TestAnswerPaging: a question whose best documents are raised is paged
// and followed by cursors through one order, the same on both executors:
// every page and every cursor's page are slices of one long page.
func TestAnswerPaging(t *testing.T) {
	t.Parallel()
	ix := qaIndex(t, newsOf(answerDocs(120)))
	ctx := context.Background()
	for _, cfg := range []Config{{}, {BleveSearch: true}} {
		s := New(ix, cfg)
		req := func(page, size int, cursor string) Request {
			return Request{Query: "berapa jumlah warga desa yang dilayani inovasi?", Filters: facet.Filters{}, Page: page, Size: size,
				Cursor: cursor, NoFacets: true, NoCache: true}
		}
		long, err := s.Search(ctx, req(1, 100, ""))
		if err != nil {
			t.Fatal(err)
		}
		want := hitIDs(long)
		if len(want) != 100 {
			t.Fatalf("bleve=%v: %d hits, want 100", cfg.BleveSearch, len(want))
		}
		cfg.Rank.Answer = -1
		plain, err := New(ix, cfg).Search(ctx, req(1, 100, ""))
		if err != nil {
			t.Fatal(err)
		}
		if slices.Equal(hitIDs(plain), want) {
			t.Fatalf("bleve=%v: the raise changes nothing; this test would show nothing", cfg.BleveSearch)
		}
		var byPage, byCursor []string
		cursor := ""
		for page := 1; page <= 10; page++ {
			res, err := s.Search(ctx, req(page, 7, ""))
			if err != nil {
				t.Fatal(err)
			}
			byPage = append(byPage, hitIDs(res)...)
			res, err = s.Search(ctx, req(1, 7, cursor))
			if err != nil {
				t.Fatal(err)
			}
			byCursor = append(byCursor, hitIDs(res)...)
			cursor = res.NextCursor
		}
		if !slices.Equal(byPage, want[:70]) {
			t.Errorf("bleve=%v: pages\n%v\nlong page\n%v", cfg.BleveSearch, byPage, want[:70])
		}
		if !slices.Equal(byCursor, want[:70]) {
			t.Errorf("bleve=%v: cursors\n%v\nlong page\n%v", cfg.BleveSearch, byCursor, want[:70])
		}
	}
}

// answerDocs are n passages, most about village services, of varied
// lengths and words, some giving a number or a year.
func answerDocs(n int) []content.Document {
	var docs []content.Document
	for i := range n {
		body := "Inovasi pelayanan desa."
		switch {
		case i%7 == 0:
			body = "Berita olahraga dari kota."
		case i%2 == 0:
			body += " Warga dilayani petugas dengan ramah."
		}
		for k := 0; k < i%4; k++ {
			body += " Kegiatan berjalan seperti biasa setiap pekan."
		}
		if i%3 == 0 {
			body += fmt.Sprintf(" Tercatat %d orang.", 100+i)
		}
		if i%5 == 0 {
			body += fmt.Sprintf(" Dimulai tahun %d.", 2000+i%20)
		}
		docs = append(docs, content.Document{ID: fmt.Sprintf("desa-%03d", i), Title: "Kabar", Body: body})
	}
	return docs
}

// newsOf makes documents news items, as the qa-dev passages are.
func newsOf(docs []content.Document) []content.Document {
	for i := range docs {
		docs[i].Type, docs[i].Published, docs[i].Source = content.TypeNews, "2024-01-01", content.SourceJIPPNAS
	}
	return docs
}

func hitIDs(r *Result) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.Doc.ID
	}
	return out
}
