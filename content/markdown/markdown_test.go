package markdown

import (
	"fmt"
	"html"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// testResolver knows innovation "inov-1", guide "replikasi-inovasi" and
// news "kipp-2019".
func testResolver(kind, target string) (string, bool) {
	known := map[string]bool{
		"inovasi:inov-1":            true,
		"panduan:replikasi-inovasi": true,
		"berita:kipp-2019":          true,
	}
	if !known[kind+":"+target] {
		return "", false
	}
	return "/" + kind + "/" + target, true
}

func mustRender(t testing.TB, r *Renderer, src string) Rendered {
	t.Helper()
	out, err := r.Render([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRenderInternalLinks(t *testing.T) {
	tests := []struct {
		name       string
		resolve    LinkResolver
		src        string
		wantHTML   []string // substrings
		wantLinks  []string
		wantBroken []BrokenLink
	}{
		{"innovation", testResolver, "Lihat [inovasi ini](inovasi:inov-1).",
			[]string{`<a href="/inovasi/inov-1">inovasi ini</a>`}, []string{"inovasi:inov-1"}, nil},
		{"guide with anchor", testResolver, "Lihat [langkah 2](panduan:replikasi-inovasi#langkah-2-nilai-kecocokan).",
			[]string{`<a href="/panduan/replikasi-inovasi#langkah-2-nilai-kecocokan">langkah 2</a>`}, []string{"panduan:replikasi-inovasi"}, nil},
		{"news", testResolver, "[Pengumuman](berita:kipp-2019 \"Judul\")",
			[]string{`<a href="/berita/kipp-2019" title="Judul">Pengumuman</a>`}, []string{"berita:kipp-2019"}, nil},
		{"kind is case-insensitive", testResolver, "[x](Inovasi:inov-1)",
			[]string{`<a href="/inovasi/inov-1">x</a>`}, []string{"inovasi:inov-1"}, nil},
		{"reference link", testResolver, "Baca [panduan replikasi][r].\n\n[r]: panduan:replikasi-inovasi",
			[]string{`<a href="/panduan/replikasi-inovasi">panduan replikasi</a>`}, []string{"panduan:replikasi-inovasi"}, nil},
		{"links deduplicated in order", testResolver, "[a](berita:kipp-2019) [b](inovasi:inov-1) [c](berita:kipp-2019#x)",
			nil, []string{"berita:kipp-2019", "inovasi:inov-1"}, nil},
		{"broken links with lines", testResolver, "Paragraf pertama.\n\nBaris dua [ada](inovasi:inov-1) dan\nbaris tiga [tidak ada](panduan:tidak-ada#x).\n\n- butir [berita lama](berita:hilang)\n\n| a |\n|---|\n| [sel](inovasi:tidak-ada) |\n",
			[]string{`<span class="tautan-rusak">tidak ada</span>`, `<span class="tautan-rusak">berita lama</span>`, `<span class="tautan-rusak">sel</span>`},
			[]string{"inovasi:inov-1"},
			[]BrokenLink{{4, "panduan:tidak-ada#x"}, {6, "berita:hilang"}, {10, "inovasi:tidak-ada"}}},
		{"broken reference link reports the use", testResolver, "x\n\n[lihat][r]\n\n[r]: inovasi:hilang\n",
			[]string{`<span class="tautan-rusak">lihat</span>`}, nil, []BrokenLink{{3, "inovasi:hilang"}}},
		{"empty target is broken", testResolver, "[x](panduan:)",
			[]string{`<span class="tautan-rusak">x</span>`}, nil, []BrokenLink{{1, "panduan:"}}},
		{"nil resolver: every internal link broken", nil, "[a](inovasi:inov-1)\n[b](panduan:replikasi-inovasi)",
			[]string{`<span class="tautan-rusak">a</span>`, `<span class="tautan-rusak">b</span>`}, nil,
			[]BrokenLink{{1, "inovasi:inov-1"}, {2, "panduan:replikasi-inovasi"}}},
		{"unsafe URL from resolver is refused", func(string, string) (string, bool) { return "javascript:alert(1)", true }, "[a](inovasi:x)",
			[]string{`<span class="tautan-rusak">a</span>`}, nil, []BrokenLink{{1, "inovasi:x"}}},
		{"markup inside a broken link is kept", testResolver, "[**tebal** `kode`](berita:hilang)",
			[]string{`<span class="tautan-rusak"><strong>tebal</strong> <code>kode</code></span>`}, nil, []BrokenLink{{1, "berita:hilang"}}},
		{"ordinary links untouched", testResolver, "[situs](https://jippnas.menpan.go.id/) [rel](/inovasi/a) [frag](#bagian) [surel](mailto:a@b.id)",
			[]string{`<a href="https://jippnas.menpan.go.id/">situs</a>`, `<a href="/inovasi/a">rel</a>`, `<a href="#bagian">frag</a>`, `<a href="mailto:a@b.id">surel</a>`}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustRender(t, New(tt.resolve), tt.src)
			for _, w := range tt.wantHTML {
				if !strings.Contains(out.HTML, w) {
					t.Errorf("HTML lacks %s\n%s", w, out.HTML)
				}
			}
			if !reflect.DeepEqual(out.Links, tt.wantLinks) {
				t.Errorf("Links = %q, want %q", out.Links, tt.wantLinks)
			}
			if !reflect.DeepEqual(out.Broken, tt.wantBroken) {
				t.Errorf("Broken = %+v, want %+v", out.Broken, tt.wantBroken)
			}
			if len(out.Blocked) != 0 {
				t.Errorf("Blocked = %+v", out.Blocked)
			}
		})
	}
}

func TestHeadingID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Latar Belakang", "latar-belakang"},
		{"Apa yang dimaksud dengan inovasi pelayanan publik?", "apa-yang-dimaksud-dengan-inovasi-pelayanan-publik"},
		{"Langkah 1 — Temukan masalah yang nyata", "langkah-1-temukan-masalah-yang-nyata"},
		{"Siapa “pengguna layanan”?", "siapa-pengguna-layanan"},
		{"Memanfaatkan SP4N-LAPOR! dan kanal lain", "memanfaatkan-sp4n-lapor-dan-kanal-lain"},
		{"1. Dasar hukum", "1-dasar-hukum"},
		{"Évaluasi Dampak: Pemerintah Kab. Pangkajene", "evaluasi-dampak-pemerintah-kab-pangkajene"},
		{"Kegiatan Jum'at Bersih", "kegiatan-jumat-bersih"},
		{"Adaptabilitas (replikasi)", "adaptabilitas-replikasi"},
		{"  e-KTP & KIA  ", "e-ktp-kia"},
		{"Ñandú Œuvre Straße", "nandu-oeuvre-strasse"},
		{"日本語", "bagian"},
		{"", "bagian"},
		{"---", "bagian"},
		{strings.Repeat("sangat panjang ", 20), "sangat-panjang-sangat-panjang-sangat-panjang-sangat-panjang-sangat-panjang"},
	}
	for _, tt := range tests {
		if got := HeadingID(tt.in); got != tt.want {
			t.Errorf("HeadingID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRenderTOC(t *testing.T) {
	src := strings.Join([]string{
		"# Judul Utama",
		"",
		"## Latar Belakang",
		"",
		"Teks.",
		"",
		"### Évaluasi “Dampak” & *Hasil*",
		"",
		"## Latar Belakang",
		"",
		"## Latar Belakang",
		"",
		"#### Rincian `kode` [tautan](https://contoh.go.id)",
		"",
		"Judul Setext",
		"------------",
		"",
		"## Langkah 1 — Temukan Masalah!",
		"",
		"> ## Dalam kutipan",
		"",
		"## Latar Belakang 1",
	}, "\n")
	out := mustRender(t, New(nil), src)
	want := []Heading{
		{1, "judul-utama", "Judul Utama"},
		{2, "latar-belakang", "Latar Belakang"},
		{3, "evaluasi-dampak-hasil", "Évaluasi “Dampak” & Hasil"},
		{2, "latar-belakang-1", "Latar Belakang"},
		{2, "latar-belakang-2", "Latar Belakang"},
		{4, "rincian-kode-tautan", "Rincian kode tautan"},
		{2, "judul-setext", "Judul Setext"},
		{2, "langkah-1-temukan-masalah", "Langkah 1 — Temukan Masalah!"},
		{2, "dalam-kutipan", "Dalam kutipan"},
		{2, "latar-belakang-1-1", "Latar Belakang 1"},
	}
	if !reflect.DeepEqual(out.TOC, want) {
		t.Errorf("TOC =\n%+v\nwant\n%+v", out.TOC, want)
	}
	ids := map[string]bool{}
	for _, h := range out.TOC {
		if ids[h.ID] {
			t.Errorf("duplicate id %q", h.ID)
		}
		ids[h.ID] = true
		if !regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`).MatchString(h.ID) {
			t.Errorf("id %q is not an ASCII slug", h.ID)
		}
		if tag := fmt.Sprintf(`<h%d id="%s">`, h.Level, h.ID); !strings.Contains(out.HTML, tag) {
			t.Errorf("HTML lacks %s", tag)
		}
	}
}

func TestRenderGFM(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"table", "| Daerah | Skor |\n|:---|---:|\n| Banyuwangi | 90 |\n",
			[]string{"<table>", `<th style="text-align:left">Daerah</th>`, `<td style="text-align:right">90</td>`}},
		{"task list", "- [x] selesai\n- [ ] belum\n",
			[]string{`<li><input checked="" disabled="" type="checkbox"> selesai</li>`, `<li><input disabled="" type="checkbox"> belum</li>`}},
		{"strikethrough", "~~lama~~ baru", []string{"<del>lama</del> baru"}},
		{"linkify", "Kunjungi www.menpan.go.id atau https://jippnas.menpan.go.id/inovasi.",
			[]string{`<a href="http://www.menpan.go.id">www.menpan.go.id</a>`, `<a href="https://jippnas.menpan.go.id/inovasi">https://jippnas.menpan.go.id/inovasi</a>`}},
		{"autolinks", "<https://lapor.go.id> dan <pengaduan@contoh.go.id>",
			[]string{`<a href="https://lapor.go.id">https://lapor.go.id</a>`, `<a href="mailto:pengaduan@contoh.go.id">pengaduan@contoh.go.id</a>`}},
		{"footnotes", "Dasar hukumnya Permenpan[^perm].\n\n[^perm]: Permenpan RB Nomor 91 Tahun 2021.\n",
			[]string{`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`, `<li id="fn:1">`, "Permenpan RB Nomor 91 Tahun 2021."}},
		{"typographer", "\"Kutip\" -- dan 'tunggal'... --- selesai",
			[]string{"&ldquo;Kutip&rdquo; &ndash; dan", "tunggal&rsquo;&hellip; &mdash; selesai"}},
		{"fenced code escaped", "```html\n<script>alert(1)</script>\n```\n",
			[]string{`<pre><code class="language-html">&lt;script&gt;alert(1)&lt;/script&gt;`}},
	}
	r := New(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustRender(t, r, tt.src)
			for _, w := range tt.want {
				if !strings.Contains(out.HTML, w) {
					t.Errorf("HTML lacks %s\n%s", w, out.HTML)
				}
			}
		})
	}
}

var (
	attrValueRe = regexp.MustCompile(`"[^"]*"`)
	attrURLRe   = regexp.MustCompile(`(?i)\s(href|src|action|formaction|xlink:href)\s*=\s*"([^"]*)"`)
	eventAttrRe = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	badTagRe    = regexp.MustCompile(`(?i)<\s*/?\s*(script|iframe|object|embed|svg|math|style|form|base|meta|link)\b`)
	schemeRe    = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*):`)
)

// assertInert checks rendered HTML without trusting the renderer: no
// dangerous tags, no event handlers, and every URL attribute is an allowed
// scheme or relative.
func assertInert(t testing.TB, src, out string) {
	t.Helper()
	// Attribute values are escaped text: look for markup outside them.
	markup := attrValueRe.ReplaceAllString(out, `""`)
	if m := badTagRe.FindString(markup); m != "" {
		t.Errorf("dangerous tag %q in output of %q:\n%s", m, src, out)
	}
	if m := eventAttrRe.FindString(markup); m != "" {
		t.Errorf("event handler %q in output of %q:\n%s", m, src, out)
	}
	for _, m := range attrURLRe.FindAllStringSubmatch(out, -1) {
		// Read the URL as a browser does: decode references, trim C0
		// controls and spaces, drop tabs and newlines, then take the scheme.
		v := strings.TrimFunc(html.UnescapeString(m[2]), func(r rune) bool { return r <= ' ' })
		v = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(v)
		if sm := schemeRe.FindStringSubmatch(v); sm != nil {
			switch strings.ToLower(sm[1]) {
			case "http", "https", "mailto", "tel", "ftp":
			default:
				t.Errorf("unsafe %s=%q in output of %q:\n%s", m[1], m[2], src, out)
			}
		}
	}
}

func TestRenderAttacksInert(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		blocked int // links/images reported as blocked
		absent  []string
	}{
		{"script block", "<script>alert(1)</script>\n", 0, []string{"alert(1)"}},
		{"inline script", "teks <script>alert(1)</script> teks", 0, []string{"<script"}},
		{"img onerror", "<img src=x onerror=alert(1)>", 0, []string{"onerror"}},
		{"inline img onerror", "a <img src=x onerror=alert(1)> b", 0, []string{"onerror", "<img"}},
		{"svg onload", "<svg onload=alert(1)></svg>", 0, []string{"onload"}},
		{"iframe", "<iframe src=\"javascript:alert(1)\"></iframe>", 0, []string{"<iframe"}},
		{"html comment smuggling", "<!-- --><script>alert(1)</script> -->", 0, []string{"<script"}},
		{"javascript link", "[x](javascript:alert(1))", 1, []string{"javascript:", "<a"}},
		{"mixed case", "[x](JaVaScRiPt:alert(1))", 1, []string{"<a"}},
		{"entity tab", "[x](java&#x09;script:alert(1))", 1, []string{"<a"}},
		{"entity colon", "[x](javascript&#58;alert(1))", 1, []string{"<a"}},
		{"numeric entities", "[x](&#106;&#97;vascript:alert(1))", 1, []string{"<a"}},
		{"percent encoded", "[x](java%09script:alert(1))", 1, []string{"<a"}},
		{"leading space in angle brackets", "[x](< javascript:alert(1)>)", 1, []string{"<a"}},
		{"backslash escape", "[x](javascript\\:alert(1))", 1, []string{"<a"}},
		{"vbscript", "[x](vbscript:msgbox(1))", 1, []string{"<a"}},
		{"file scheme", "[x](file:///etc/passwd)", 1, []string{"<a"}},
		{"data html link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", 1, []string{"<a", "data:"}},
		{"data image", "![x](data:image/png;base64,iVBORw0KGgo=)", 1, []string{"<img", "data:"}},
		{"javascript image", "![gambar](javascript:alert(1))", 1, []string{"<img"}},
		{"javascript autolink", "<javascript:alert(1)>", 1, []string{"<a"}},
		{"vbscript autolink", "<VBSCRIPT:msgbox(1)>", 1, []string{"<a"}},
		{"reference definition", "[x]\n\n[x]: javascript:alert(1)", 1, []string{"<a"}},
		{"image inside link", "[![a](javascript:alert(1))](javascript:alert(2))", 2, []string{"<a", "<img"}},
		{"html in link title", "[x](https://a.go.id \"\\\"><script>alert(1)</script>\")", 0, []string{"<script"}},
		{"html in image alt", "![<img src=x onerror=alert(1)>\"><script>](a.png)", 0, []string{"onerror", "<script"}},
		{"quote in alt", "![a\" onerror=\"alert(1)](a.png)", 0, []string{`" onerror`}},
		{"attribute syntax not enabled", "## Judul {onclick=alert(1)}\n", 0, nil},
		{"unknown scheme", "[x](ms-settings:display)", 1, []string{"<a"}},
	}
	r := New(testResolver)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustRender(t, r, tt.src)
			assertInert(t, tt.src, out.HTML)
			for _, a := range tt.absent {
				if strings.Contains(strings.ToLower(out.HTML), strings.ToLower(a)) {
					t.Errorf("output contains %q:\n%s", a, out.HTML)
				}
			}
			if len(out.Blocked) != tt.blocked {
				t.Errorf("Blocked = %+v, want %d", out.Blocked, tt.blocked)
			}
		})
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		url         string
		link, image bool
	}{
		{"https://jippnas.menpan.go.id/", true, true},
		{"HTTP://A.GO.ID", true, true},
		{"/inovasi/a", true, true},
		{"gambar/a.png", true, true},
		{"#bagian", true, true},
		{"?q=1", true, true},
		{"//cdn.contoh.go.id/a.png", true, true},
		{"mailto:a@b.id", true, false},
		{"tel:+62211234", true, false},
		{"javascript:alert(1)", false, false},
		{" JAVASCRIPT:alert(1)", false, false},
		{"java\tscript:alert(1)", false, false},
		{"java\u200bscript:alert(1)", false, false},
		{"java%0ascript:alert(1)", false, false},
		{"java&#x0A;script:alert(1)", false, false},
		{"&#x6A;avascript:alert(1)", false, false},
		{"vbscript:x", false, false},
		{"data:text/html,x", false, false},
		{"data:image/png;base64,x", false, false},
		{"inovasi:x", false, false}, // internal links are resolved before this check
		{"a:b", false, false},
	}
	for _, tt := range tests {
		if got := mdSafeURL(tt.url, false); got != tt.link {
			t.Errorf("mdSafeURL(%q, link) = %v, want %v", tt.url, got, tt.link)
		}
		if got := mdSafeURL(tt.url, true); got != tt.image {
			t.Errorf("mdSafeURL(%q, image) = %v, want %v", tt.url, got, tt.image)
		}
	}
}

func TestPlainText(t *testing.T) {
	src := strings.Join([]string{
		"Pengantar dengan **tebal**, *miring*, `kode` dan [tautan](https://rahasia.example/url) serta",
		"[internal](inovasi:inov-1) dan <span>html</span> &amp; \\*bintang\\*.",
		"",
		"# Judul Satu",
		"",
		"## Latar Belakang",
		"",
		"- butir satu",
		"- [x] tugas selesai",
		"",
		"![alt gambar](https://rahasia.example/gambar.png)",
		"",
		"<div>blok html</div>",
		"",
		"### Évaluasi “Dampak”",
		"",
		"| Kolom A | Kolom B |",
		"|---|---|",
		"| sel 1 | sel 2 |",
		"",
		"```",
		"kode blok",
		"```",
		"",
		"#### Rincian",
		"",
		"Catatan kaki[^1] dan https://rahasia.example/linkify.",
		"",
		"## Latar Belakang",
		"",
		"---",
		"",
		"## Kosong",
		"",
		"[^1]: Isi catatan.",
	}, "\n")
	r := New(testResolver)
	text, sections := r.PlainText([]byte(src))

	wantText := strings.Join([]string{
		"Pengantar dengan tebal, miring, kode dan tautan serta internal dan html & *bintang*.",
		"Judul Satu",
		"Latar Belakang",
		"butir satu",
		"tugas selesai",
		"alt gambar",
		"Évaluasi “Dampak”",
		"Kolom A Kolom B",
		"sel 1 sel 2",
		"kode blok",
		"Rincian",
		"Catatan kaki dan .",
		"Latar Belakang",
		"Kosong",
		"Isi catatan.",
	}, "\n")
	if text != wantText {
		t.Errorf("text =\n%s\nwant\n%s", text, wantText)
	}
	for _, bad := range []string{"rahasia", "http", "<", "**", "](", "[^"} {
		if strings.Contains(text, bad) {
			t.Errorf("text contains %q", bad)
		}
	}

	want := []struct{ anchor, heading, text string }{
		{"", "", "Pengantar dengan tebal, miring, kode dan tautan serta internal dan html & *bintang*.\nJudul Satu"},
		{"latar-belakang", "Latar Belakang", "Latar Belakang\nbutir satu\ntugas selesai\nalt gambar"},
		{"evaluasi-dampak", "Évaluasi “Dampak”", "Évaluasi “Dampak”\nKolom A Kolom B\nsel 1 sel 2\nkode blok\nRincian\nCatatan kaki dan ."},
		{"latar-belakang-1", "Latar Belakang", "Latar Belakang"},
		{"kosong", "Kosong", "Kosong\nIsi catatan."},
	}
	if len(sections) != len(want) {
		t.Fatalf("got %d sections, want %d: %+v", len(sections), len(want), sections)
	}
	for i, w := range want {
		s := sections[i]
		if s.Anchor != w.anchor || s.Heading != w.heading || text[s.Start:s.End] != w.text {
			t.Errorf("section %d = {%q %q %q}, want {%q %q %q}", i, s.Anchor, s.Heading, text[s.Start:s.End], w.anchor, w.heading, w.text)
		}
	}

	// Anchors are exactly the ids Render gives the same headings.
	out := mustRender(t, r, src)
	ids := map[string]bool{}
	for _, h := range out.TOC {
		ids[h.ID] = true
	}
	for _, s := range sections[1:] {
		if !ids[s.Anchor] || !strings.Contains(out.HTML, `id="`+s.Anchor+`"`) {
			t.Errorf("section anchor %q not among rendered ids %v", s.Anchor, out.TOC)
		}
	}
}

func TestPlainTextNoLeadingSection(t *testing.T) {
	text, sections := New(nil).PlainText([]byte("## Satu\n\nA\n\n## Dua\n\nB\n"))
	if text != "Satu\nA\nDua\nB" || len(sections) != 2 || sections[0].Anchor != "satu" || sections[0].Start != 0 ||
		sections[0].End != 6 || sections[1].Start != 7 || sections[1].End != len(text) {
		t.Errorf("text=%q sections=%+v", text, sections)
	}
	text, sections = New(nil).PlainText(nil)
	if text != "" || len(sections) != 0 {
		t.Errorf("empty: text=%q sections=%+v", text, sections)
	}
}

func TestRendererConcurrent(t *testing.T) {
	r := New(testResolver)
	src := []byte(benchPage())
	want := mustRender(t, r, string(src))
	wantText, wantSecs := r.PlainText(src)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				got, err := r.Render(src)
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Error("concurrent Render differs")
					return
				}
				text, secs := r.PlainText(src)
				if text != wantText || !reflect.DeepEqual(secs, wantSecs) {
					t.Error("concurrent PlainText differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}

// benchPage builds a realistic guide body of about 1,000 words: headings,
// paragraphs with emphasis and internal links, lists, a table, a footnote.
func benchPage() string {
	para := "Inovasi pelayanan publik yang berhasil biasanya dimulai dari masalah nyata yang dirasakan warga, " +
		"misalnya antrean panjang di **Dinas Kependudukan dan Pencatatan Sipil** atau jarak yang jauh ke Puskesmas. " +
		"Tim perlu mengumpulkan data pengaduan, hasil *Survei Kepuasan Masyarakat*, dan catatan kinerja layanan, " +
		"lalu membandingkannya dengan praktik baik dari daerah lain seperti [inovasi ini](inovasi:inov-1) " +
		"atau [panduan replikasi](panduan:replikasi-inovasi#langkah-2-nilai-kecocokan)."
	para2 := "Setelah gagasan dirumuskan, uji coba dilakukan dalam skala kecil selama tiga sampai enam bulan. " +
		"Catat setiap kendala, minta umpan balik langsung dari pengguna layanan, dan perbaiki alur sebelum " +
		"inovasi diperluas ke seluruh kecamatan. Jangan lupa menyiapkan `SOP`, anggaran, dan dasar hukum agar " +
		"inovasi tetap berjalan ketika pimpinan berganti."
	var b strings.Builder
	b.WriteString(para + "\n\n")
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&b, "## Langkah %d — Tahap \"penting\" ke-%d\n\n", i, i)
		b.WriteString(para + "\n\n")
		b.WriteString(para2 + "\n\n")
		b.WriteString("- **Pengaduan** dari SP4N-LAPOR! dan kotak saran;\n- data *waktu tunggu* per loket;\n- [ ] tindak lanjut oleh Bagian Organisasi\n\n")
		if i%2 == 0 {
			b.WriteString("| Indikator | Sebelum | Sesudah |\n|---|---:|---:|\n| Waktu tunggu (menit) | 120 | 35 |\n| Berkas ditolak | 18% | 4% |\n\n")
		}
		if i == 3 {
			b.WriteString("### Contoh dari [berita](berita:kipp-2019)\n\n" + para + "[^1]\n\n")
		}
	}
	b.WriteString("[^1]: Permenpan RB Nomor 91 Tahun 2021 tentang Pembinaan Inovasi Pelayanan Publik.\n")
	return b.String()
}

func TestBenchPageSize(t *testing.T) {
	if n := len(strings.Fields(benchPage())); n < 900 || n > 1200 {
		t.Errorf("bench page has %d words, want about 1,000", n)
	}
}

func BenchmarkRenderPage(b *testing.B) {
	r := New(testResolver)
	src := []byte(benchPage())
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.Render(src); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkPlainTextPage(b *testing.B) {
	r := New(testResolver)
	src := []byte(benchPage())
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.PlainText(src)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
