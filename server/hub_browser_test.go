package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jippnas/content/hub"
)

// signIn signs in through the login form and waits for the hub.
func (b *browser) signIn(name string) {
	b.t.Helper()
	acct := fixtureAccounts[name]
	b.do("sign in as "+name, chromedp.Navigate(b.base+"/masuk"), chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), acct.Email), chromedp.SendKeys(chromedp.ID("sandi"), testPassword),
		chromedp.Click(chromedp.CSS(".login-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".hub-bar")))
}

// signOut uses the hub's sign-out button.
func (b *browser) signOut() {
	b.t.Helper()
	b.do("sign out", chromedp.Click(chromedp.CSS(`form[action="/keluar"] button`)), chromedp.WaitVisible(chromedp.ID("email")))
}

// step presses a workflow button on the record page and waits for the
// state it leads to.
func (b *browser) step(action, state string) {
	b.t.Helper()
	b.do(action, chromedp.Click(chromedp.CSS(`form[action$="/`+action+`"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".record-head .state-"+state)))
}

// TestBrowserHubWorkflow walks the validation workflow in Chromium: a
// pengelola creates and submits an innovation, a verifier returns it with
// a comment, the pengelola fixes and resubmits it, the verifier verifies
// it, and only then is it public and searchable. Before that, neither the
// site nor the API shows it.
func TestBrowserHubWorkflow(t *testing.T) {
	t.Parallel()
	f := buildFixture(t)
	b := newBrowser(t, f, 1280, 900)
	const word = "Jukungpintar"
	notPublic := func(id, when string) {
		t.Helper()
		for _, path := range []string{"/inovasi/" + id, "/api/v1/documents/" + id} {
			if r := webGet(t, f, path); r.status != http.StatusNotFound {
				t.Errorf("%s: %s is public (%d)", when, path, r.status)
			}
		}
		if r := webGet(t, f, "/api/v1/search?facets=none&q="+word); !strings.Contains(r.body, `"total":0`) {
			t.Errorf("%s: the draft is searchable: %.200s", when, r.body)
		}
	}

	// The pengelola of Kota Banjarmasin creates a draft.
	b.signIn("editor")
	b.screenshot("hub-dashboard-pengelola")
	b.do("new record", chromedp.Click(chromedp.CSS(`a[href="/hub/inovasi/baru"]`)), chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), word+": Antar Akta Kelahiran dengan Perahu Kelotok"),
		chromedp.SendKeys(chromedp.ID("summary"), "Petugas Disdukcapil mengantar akta kelahiran ke warga bantaran sungai dengan perahu kelotok."),
		chromedp.SendKeys(chromedp.ID("unit"), "Disdukcapil"),
		chromedp.SendKeys(chromedp.ID("body"), "## Latar Belakang\nWarga bantaran sungai jauh dari kantor layanan."),
		chromedp.SetValue(chromedp.ID("sector"), "kependudukan"), chromedp.SendKeys(chromedp.ID("year"), "2025"),
		chromedp.SetValue(chromedp.ID("stage"), "uji-coba"))
	b.screenshot("hub-form-new")
	b.do("save draft", chromedp.Click(chromedp.CSS(`button[value="simpan"]`)), chromedp.WaitVisible(chromedp.CSS(".record-head .state-draf")))
	id := strings.TrimPrefix(strings.Split(b.location(), "?")[0], b.base+"/hub/inovasi/")
	if rec, ok := f.hub.Record(id); !ok || rec.Institution != "63.71" || rec.Unit != "Dinas Kependudukan dan Pencatatan Sipil" {
		t.Fatalf("created %q: %+v", id, rec)
	}
	b.screenshot("hub-draft")
	notPublic(id, "draft")
	b.step("ajukan", "diajukan")
	notPublic(id, "submitted")
	b.signOut()

	// The verifier of Kalimantan Selatan returns it with a comment.
	b.signIn("verifier")
	if !strings.HasSuffix(b.location(), "/hub/verifikasi") {
		t.Errorf("a verifier lands on %s", b.location())
	}
	b.do("open from the queue", chromedp.Click(chromedp.CSS(`.record-table a[href="/hub/inovasi/`+id+`"]`)), chromedp.WaitVisible(chromedp.ID("periksa")))
	b.screenshot("hub-review")
	b.do("return", chromedp.SendKeys(chromedp.ID("catatan-kembali"), "Tambahkan bagian Manfaat dan Dampak dengan angka."),
		chromedp.Click(chromedp.CSS(`form[action$="/kembalikan"] button`)), chromedp.WaitVisible(chromedp.CSS(".record-head .state-perlu-perbaikan")))
	b.signOut()

	// The pengelola sees the comment, fixes the record and resubmits it.
	b.signIn("editor")
	if text := b.text("#perlu-perbaikan + .table-scroll"); !strings.Contains(text, "Tambahkan bagian Manfaat") {
		t.Errorf("the dashboard does not show the verifier's comment: %q", text)
	}
	b.do("open returned", chromedp.Navigate(b.base+"/hub/inovasi/"+id), chromedp.WaitVisible(chromedp.CSS(".notice-warn")))
	if text := b.text(".notice-warn"); !strings.Contains(text, "Tambahkan bagian Manfaat") {
		t.Errorf("record page comment: %q", text)
	}
	notPublic(id, "returned")
	b.do("edit", chromedp.Click(chromedp.CSS(`.record-actions a[href$="/ubah"]`)), chromedp.WaitVisible(chromedp.ID("body")),
		chromedp.SendKeys(chromedp.ID("body"), "\n\n## Tujuan\nAkta sampai ke rumah.\n\n## Manfaat\nWarga tidak menyeberang sungai.\n\n## Dampak\n412 akta diantar dalam tiga bulan."))
	b.do("save and submit", chromedp.Click(chromedp.CSS(`button[value="ajukan"]`)), chromedp.WaitVisible(chromedp.CSS(".record-head .state-diajukan")))
	notPublic(id, "resubmitted")
	b.signOut()

	// The verifier verifies it: now it is public and searchable.
	b.signIn("verifier")
	b.do("open", chromedp.Navigate(b.base+"/hub/inovasi/"+id), chromedp.WaitVisible(chromedp.ID("periksa")))
	b.step("verifikasi", "terverifikasi")
	b.screenshot("hub-verified")
	b.do("public profile", chromedp.Navigate(b.base+"/inovasi/"+id), chromedp.WaitVisible(chromedp.CSS(".verified")))
	if text := b.text(".verified"); !strings.Contains(text, "Terverifikasi") || !strings.Contains(text, "Verifikator Kalsel") {
		t.Errorf("badge %q", text)
	}
	if text := b.text(".prose"); !strings.Contains(text, "412 akta") {
		t.Errorf("the public profile is not the verified revision: %q", text)
	}
	b.screenshot("public-verified")
	b.do("search", chromedp.Navigate(b.base+"/cari?q="+word), chromedp.WaitVisible(chromedp.CSS(".results-count")))
	if st := b.state(); st.Total != 1 {
		t.Errorf("search for %s finds %d", word, st.Total)
	}
	if rec, _ := f.hub.Record(id); rec.State != hub.StateVerified || rec.PublishedRevision != 2 {
		t.Errorf("record %+v", rec)
	}
	b.noErrors()
}
