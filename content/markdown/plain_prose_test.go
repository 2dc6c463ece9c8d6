package markdown

import (
	"reflect"
	"testing"
)

// plainProseCases are bodies the prose path must take (prose) or leave to
// the parser; either way PlainText must give the parser's output.
var plainProseCases = []struct {
	src   string
	prose bool
}{
	{"", true},
	{"Satu kalimat.", true},
	{"Baris satu\nbaris dua.\n\nParagraf kedua, (dengan kurung): 50% ya?\n", true},
	{"a\n\n\n\nb\n\n", true},
	{"Kata  berjarak   lebar.\nDan e-KTP, 1.5 juta; 2024/2025.", true},
	{"Inovasi\u00a0dengan spasi tak terputus dan ü.", true},
	{"\n\nawal kosong", true},
	{"# Judul\n\nisi", false},
	{"Teks *tebal* di sini", false},
	{"Lihat www.menpan.go.id sekarang", false},
	{"Lihat WWW.menpan.go.id", false},
	{"Tautan https://jippnas.menpan.go.id/", false},
	{"Surel humas@menpan.go.id", false},
	{"Kata \"kutip\" dan 'petik'", false},
	{"Jeda -- pendek", false},
	{"Dan seterusnya...", false},
	{"- butir\n- butir", false},
	{"1. satu\n2. dua", false},
	{"2024) tahun", false},
	{"    kode terindentasi", false},
	{"Judul\n=====\n", false},
	{"Judul\n-----\n", false},
	{"+ butir", false},
	{"a &amp; b", false},
	{"a \\* b", false},
	{"<b>html</b>", false},
	{"> kutipan", false},
	{"| a | b |\n|---|---|", false},
	{"~~coret~~", false},
	{"baris\tber-tab", false},
	{"baris\r\nCRLF", false},
	{"\uFEFFdengan BOM", false},
	{"nol\x00byte", false},
	{":\n:-", false}, // a table of one column
}

func TestPlainProse(t *testing.T) {
	r := New(testResolver)
	for _, c := range plainProseCases {
		p := &mdPlain{src: []byte(c.src), sections: []Section{{Start: -1}}}
		if got := p.prose(); got != c.prose {
			t.Errorf("prose(%q) = %v, want %v", c.src, got, c.prose)
		}
		text, secs := r.PlainText([]byte(c.src))
		wantText, wantSecs := r.plainText([]byte(c.src), false)
		if text != wantText || !reflect.DeepEqual(secs, wantSecs) {
			t.Errorf("PlainText(%q) = %q %v, the parser gives %q %v", c.src, text, secs, wantText, wantSecs)
		}
	}
}

// BenchmarkPlainTextProse times a prose body of about 600 words both ways.
func BenchmarkPlainTextProse(b *testing.B) {
	para := "Inovasi pelayanan publik ini mempercepat pengurusan akta kelahiran di kelurahan, " +
		"dari tujuh hari menjadi satu hari; warga cukup datang sekali (tanpa biaya) dan e-KTP langsung dicetak. "
	var src []byte
	for i := 0; i < 20; i++ {
		src = append(src, para+para+"\n\n"...)
	}
	r := New(testResolver)
	for _, prose := range []bool{true, false} {
		name := map[bool]string{true: "prose", false: "parsed"}[prose]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for i := 0; i < b.N; i++ {
				r.plainText(src, prose)
			}
		})
	}
}
