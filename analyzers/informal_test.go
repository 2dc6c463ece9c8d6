package analyzers

import "testing"

func TestInformalWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"gmn cara bikin KTP yg hilang?", "bagaimana cara membuat ktp yang hilang?"},
		{"Syarat ngurus akta utk anak, dgn KK", "syarat mengurus akta untuk anak, dengan kk"},
		{"kpn pendaftaran dibuka? brp biayanya", "kapan pendaftaran dibuka? berapa biayanya"},
		// Acronyms of public administration are not informal words.
		{"lapor SPT dan cek DPT", "lapor spt dan cek dpt"},
		{"PD Pasar dan TP PKK", "pd pasar dan tp pkk"},
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for k, v := range informalWords {
		if _, ok := spellingVariants[k]; ok {
			t.Errorf("%q is both a spelling variant and an informal word", k)
		}
		if _, ok := informalWords[v]; ok || v == k {
			t.Errorf("%q → %q maps to another informal word", k, v)
		}
	}
}

// TestInformalStopwords: informal function words are dropped like the
// standard ones, so that they do not have to be in a document.
func TestInformalStopwords(t *testing.T) {
	a, _ := Analyze(AnalyzerName, "inovasi utk lansia yg tdk mampu")
	b, _ := Analyze(AnalyzerName, "inovasi untuk lansia yang tidak mampu")
	if len(a) != len(b) {
		t.Fatalf("%v vs %v", a, b)
	}
	for i := range a {
		if a[i].Term != b[i].Term {
			t.Errorf("term %d: %q vs %q", i, a[i].Term, b[i].Term)
		}
	}
}
