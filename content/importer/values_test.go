package importer

import (
	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want string
		note     bool
		date1904 bool
	}{
		{in: "2020-08-17", want: "2020-08-17"},
		{in: "2020-08-17 10:11:12", want: "2020-08-17"},
		{in: "2020-08-17T10:11:12+07:00", want: "2020-08-17"},
		{in: "17/08/2020", want: "2020-08-17"},
		{in: "17-08-2020", want: "2020-08-17"},
		{in: "17.08.2020", want: "2020-08-17"},
		{in: "7/8/20", want: "2020-08-07"},
		{in: "08/17/2020", want: "2020-08-17", note: true}, // month first: the only reading
		{in: "17 Agustus 2020", want: "2020-08-17"},
		{in: "Senin, 17 Agustus 2020", want: "2020-08-17"},
		{in: "17 Agt 2020", want: "2020-08-17"},
		{in: "17 agustus, 2020", want: "2020-08-17"},
		{in: "1 Pebruari 2019", want: "2019-02-01"},
		{in: "August 17, 2020", want: "2020-08-17"},
		{in: "Desember 2021", want: "2021-12-01", note: true},
		{in: "43831", want: "2020-01-01"},   // an Excel date stored as a number
		{in: "43831.5", want: "2020-01-01"}, // with a time
		{in: "42369", want: "2020-01-01", date1904: true},
		{in: "", want: ""},
	}
	for _, c := range cases {
		got, note, err := parseDate(c.in, c.date1904)
		s := ""
		if !got.IsZero() {
			s = got.Format("2006-01-02")
		}
		if err != nil || s != c.want || (note != "") != c.note {
			t.Errorf("parseDate(%q) = %q, %q, %v; want %q", c.in, s, note, err, c.want)
		}
	}
	for _, bad := range []string{"31/02/2020", "kemarin", "2020-13-01", "12", "1e5", "17 Agustus", "99999999", "32 Januari 2020"} {
		if _, _, err := parseDate(bad, false); err == nil {
			t.Errorf("parseDate(%q): no error", bad)
		}
	}
}

func TestParseYear(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want int
		note bool
	}{
		{"2020", 2020, false},
		{"2020.0", 2020, false},
		{" 2019 ", 2019, false},
		{"Tahun 2018", 2018, false},
		{"thn 2018", 2018, false},
		{"17 Agustus 2016", 2016, false},
		{"2016-05-01", 2016, false},
		{"43831", 2020, false}, // a date typed into a year column, stored as a number
		{"2019/2020", 2019, true},
		{"sejak 2015", 2015, true},
		{"", 0, false},
	}
	for _, c := range cases {
		got, note, err := parseYear(c.in, false)
		if err != nil || got != c.want || (note != "") != c.note {
			t.Errorf("parseYear(%q) = %d, %q, %v; want %d", c.in, got, note, err, c.want)
		}
	}
	for _, bad := range []string{"dua ribu", "20", "abc", "12.5"} {
		if _, _, err := parseYear(bad, false); err == nil {
			t.Errorf("parseYear(%q): no error", bad)
		}
	}
}

func TestParseBoolAndLists(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{"Ya": true, "TIDAK": false, "yes": true, "0": false, "Digital": true, "Non Digital": false, "non-digital": false, "": false} {
		got, err := parseBool(in)
		if err != nil || got != want {
			t.Errorf("parseBool(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := parseBool("mungkin"); err == nil {
		t.Error("parseBool(mungkin): no error")
	}
	if got := splitListValue(" a ; b|c\n\n;", ""); strings.Join(got, ",") != "a,b,c" {
		t.Errorf("splitListValue = %q", got)
	}
	if got := splitListValue("a, b; c", ","); strings.Join(got, "|") != "a|b; c" {
		t.Errorf("splitListValue with , = %q", got)
	}
	if normValue("\ufeffKabupaten/Kota *") != "kabupaten kota" || normValue("nama_inovasi") != "nama inovasi" || normValue("Jum'at") != "jumat" {
		t.Error("normValue")
	}
}

func TestHTML(t *testing.T) {
	t.Parallel()
	h := newHTMLConverter()
	cases := []struct{ in, want string }{
		{"Teks biasa tanpa tag", "Teks biasa tanpa tag"},
		{"<p>Satu</p><p>Dua &amp; tiga</p>", "Satu\n\nDua & tiga"},
		{"<h1>Judul</h1><p>x</p>", "### Judul\n\nx"},
		{"<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"},
		{"<p>foto <img src='/a.png'> di sini</p><script>alert(1)</script>", "foto di sini"},
		{"<p>*bukan* miring</p>", `\*bukan* miring`}, // enough escaping that it is not emphasis
		{"<table><tr><th>A</th></tr><tr><td>1</td></tr></table>", "| A |\n|---|\n| 1 |"},
	}
	for _, c := range cases {
		got, err := h.Markdown(c.in)
		if err != nil || got != c.want {
			t.Errorf("Markdown(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for in, want := range map[string]string{
		"<p>Sleman <b>Smart</b></p>":       "Sleman Smart",
		"Dinas &quot;X&quot;":              `Dinas "X"`,
		"a<br>b":                           "a b",
		"<style>p{}</style>Judul  \n lain": "Judul lain",
	} {
		if got := PlainText(in); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMakeIDAndTruncate(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"101": "lan-101", "ABC/12": "lan-abc-12", "lan-7": "lan-7", "  x  ": "lan-x"} {
		if got := makeID("lan-", strings.TrimSpace(in)); got != want {
			t.Errorf("makeID(%q) = %q, want %q", in, got, want)
		}
	}
	if got := makeID("lan-", "###"); !strings.HasPrefix(got, "lan-") || len(got) != 20 {
		t.Errorf("makeID(###) = %q", got)
	}
	if got := truncateText("satu dua tiga empat lima", 14); got != "satu dua…" {
		t.Errorf("truncateText = %q", got)
	}
}
