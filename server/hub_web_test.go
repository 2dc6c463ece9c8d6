package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"jippnas/content"
	"jippnas/content/hub"
)

// writable is shared by the tests that write through the hub; each works
// on records of its own.
var writable fixtureOnce

func writableFixture(tb testing.TB) *fixture { return writable.get(tb) }

// webClient is a browser without a browser: a cookie jar, redirects not
// followed, and the CSRF token of its session.
type webClient struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

func newWebClient(t *testing.T, f *fixture) *webClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &webClient{t: t, base: f.http.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// doRequest sends a request with a body ("" for none) and headers in
// pairs, and reads the whole answer.
func doRequest(t *testing.T, c *http.Client, method, url, body string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func (w *webClient) get(path string) webResp {
	w.t.Helper()
	resp, b := doRequest(w.t, w.c, http.MethodGet, w.base+path, "")
	return webResp{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// post sends a form; the session's CSRF token is added unless the form
// names its own ("csrf" present, even empty).
func (w *webClient) post(path string, form url.Values) webResp {
	w.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", w.csrf)
	}
	resp, b := doRequest(w.t, w.c, http.MethodPost, w.base+path, form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
	return webResp{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login signs in and keeps the session's CSRF token.
func (w *webClient) login(email, password string) webResp {
	w.t.Helper()
	page := w.get("/masuk")
	m := csrfField.FindStringSubmatch(page.body)
	if page.status != 200 || m == nil {
		w.t.Fatalf("login form: %d", page.status)
	}
	resp := w.post("/masuk", url.Values{"csrf": {m[1]}, "email": {email}, "sandi": {password}})
	if resp.status == http.StatusSeeOther {
		acct := w.get("/hub/akun")
		if m := csrfField.FindStringSubmatch(acct.body); m != nil {
			w.csrf = m[1]
		}
	}
	return resp
}

// loggedIn returns a client signed in as a fixture account.
func loggedIn(t *testing.T, f *fixture, name string) *webClient {
	t.Helper()
	w := newWebClient(t, f)
	if r := w.login(fixtureAccounts[name].Email, testPassword); r.status != http.StatusSeeOther || w.csrf == "" {
		t.Fatalf("login as %s: %d %s", name, r.status, r.body)
	}
	return w
}

// apiCall sends an API request with a token ("" for none) and extra
// headers in pairs.
func apiCall(t *testing.T, f *fixture, method, path, token, body string, hdr ...string) (int, http.Header, string) {
	t.Helper()
	if token != "" {
		hdr = append(hdr, "Authorization", "Bearer "+token)
	}
	resp, b := doRequest(t, http.DefaultClient, method, f.http.URL+"/api/v1"+path, body, hdr...)
	return resp.StatusCode, resp.Header, string(b)
}

func docJSON(t *testing.T, d content.Document) string {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestHubPagesRender: every hub page renders for the roles that see it,
// and the public institution pages and badge are there.
func TestHubPagesRender(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	pages := map[string][]struct{ path, want string }{
		"editor": {
			{"/hub", "Status inovasi"}, {"/hub/inovasi", "Inovasi saya"}, {"/hub/inovasi?status=draf&usang=1&q=jemput", "inovasi"},
			{"/hub/inovasi/baru", "Inovasi baru"}, {"/hub/inovasi/" + fixtureDraft, "Revisi kerja 2"},
			{"/hub/inovasi/" + fixtureDraft + "/ubah", "Simpan draf"}, {"/hub/inovasi/" + fixtureDraft + "/revisi", "Perbandingan revisi 1 dan 2"},
			{"/hub/inovasi/" + fixtureDraft + "/riwayat", "Log audit"}, {"/hub/instansi/63.71", "Pemerintah Kota Banjarmasin"},
			{"/hub/token", "Token API"}, {"/hub/akun", "Ganti kata sandi"},
		},
		"verifier": {
			{"/hub/verifikasi", fixtureSubmitted}, {"/hub/inovasi/" + fixtureSubmitted, "Verifikasi dan terbitkan"},
			{"/hub/nasional", "Per provinsi"}, {"/hub/instansi/34.04", "Pemerintah Kabupaten Sleman"},
			// The province map of the same figures, linking to each province.
			{"/hub/nasional", `href="/hub/nasional?provinsi=63"`}, {"/hub/nasional?peta=kelengkapan", "Kelengkapan rata-rata (%)"},
		},
		"admin": {
			{"/hub/nasional?urut=kelengkapan&provinsi=63&jenis=kota", "Pemerintah Kota Banjarmasin"}, {"/hub/nasional?provinsi=pusat", "Kementerian"},
			{"/hub/inovasi/baru", "Kode instansi"}, {"/hub/inovasi?instansi=63.71", fixtureDraft},
		},
	}
	for name, list := range pages {
		w := loggedIn(t, f, name)
		for _, p := range list {
			r := w.get(p.path)
			if r.status != 200 || !strings.Contains(r.body, p.want) {
				t.Errorf("%s GET %s: %d, want 200 with %q", name, p.path, r.status, p.want)
			}
			if cc := r.header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s GET %s: Cache-Control %q", name, p.path, cc)
			}
		}
	}
	// Refusals are explained, and a pengelola's /hub never shows others.
	editor := loggedIn(t, f, "editor")
	for path, status := range map[string]int{"/hub/nasional": 403, "/hub/instansi/34.04": 403, "/hub/verifikasi": 403,
		"/hub/nasional/pengingat.csv": 403, "/hub/inovasi/tidak-ada": 404} {
		if r := editor.get(path); r.status != status || !strings.Contains(r.body, "<h1>") {
			t.Errorf("editor GET %s: %d, want %d", path, r.status, status)
		}
	}
	// The reminder export lists institutions with their pengelola.
	admin := loggedIn(t, f, "admin")
	csv := admin.get("/hub/nasional/pengingat.csv")
	if csv.status != 200 || !strings.HasPrefix(csv.body, "kode,instansi,") || !strings.Contains(csv.body, fixtureAccounts["editor"].Email) {
		t.Errorf("reminder CSV: %d %.300s", csv.status, csv.body)
	}
	// Without a session the hub sends visitors to the login page.
	anon := newWebClient(t, f)
	if r := anon.get("/hub/inovasi"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/masuk?lanjut=") {
		t.Errorf("anonymous /hub/inovasi: %d %s", r.status, r.header.Get("Location"))
	}
	// Public pages: the institutions, and the badge of a verified record.
	var banjarmasin content.Document
	for _, d := range f.docs {
		if d.InstitutionCode == "63.71" {
			banjarmasin = d
		}
	}
	for path, want := range map[string]string{"/instansi": "Pemerintah Aceh", "/instansi?ada=1&province=63": "Pemerintah Kota Banjarmasin", "/instansi?province=63&kind=kota": "Kota Banjarmasin",
		"/instansi/63.71": banjarmasin.Title, "/instansi/kemenkes": "Kementerian Kesehatan", banjarmasin.Path(): "Terverifikasi"} {
		if r := anon.get(path); r.status != 200 || !strings.Contains(r.body, want) {
			t.Errorf("GET %s: %d, want %q", path, r.status, want)
		}
	}
	if r := anon.get("/instansi/99.99"); r.status != 404 {
		t.Errorf("unknown institution: %d", r.status)
	}
}

// TestHubCSRF: a form posted without its session's token is refused and
// writes nothing; so is a login form without its own.
func TestHubCSRF(t *testing.T) {
	t.Parallel()
	f := writableFixture(t)
	editor := f.actor("editor")
	res, err := f.hub.Save(editor, completeDraft("csrf-uji", "63.71", "63.71"), hub.Base{New: true})
	if err != nil {
		t.Fatal(err)
	}
	w := loggedIn(t, f, "editor")
	version := fmt.Sprint(res.Record.Version)
	for name, token := range map[string]string{"missing": "", "wrong": w.csrf + "x"} {
		r := w.post("/hub/inovasi/csrf-uji/ajukan", url.Values{"csrf": {token}, "versi": {version}})
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "token keamanan") {
			t.Errorf("%s CSRF token: %d", name, r.status)
		}
	}
	if rec, _ := f.hub.Record("csrf-uji"); rec.Version != res.Record.Version || rec.State != hub.StateDraft {
		t.Fatalf("a refused form wrote: %+v", rec)
	}
	// With the token, the same form works.
	if r := w.post("/hub/inovasi/csrf-uji/ajukan", url.Values{"versi": {version}}); r.status != http.StatusSeeOther {
		t.Fatalf("with the token: %d %s", r.status, r.body)
	}
	if rec, _ := f.hub.Record("csrf-uji"); rec.State != hub.StateSubmitted {
		t.Fatalf("state %s", rec.State)
	}
	// The login form carries its own token (double submit).
	anon := newWebClient(t, f)
	r := anon.post("/masuk", url.Values{"csrf": {"tebakan"}, "email": {fixtureAccounts["editor"].Email}, "sandi": {testPassword}})
	if r.status != http.StatusForbidden || strings.Contains(strings.Join(r.header.Values("Set-Cookie"), ";"), sessionCookie+"=") {
		t.Fatalf("login without the form's token: %d", r.status)
	}
}

// TestHubWebFlowAndConflict: a pengelola creates a record with the form,
// sees inline errors, and two sessions editing from the same version get
// one save and one conflict page that shows both versions.
func TestHubWebFlowAndConflict(t *testing.T) {
	t.Parallel()
	f := writableFixture(t)
	a := loggedIn(t, f, "editor")
	form := url.Values{"title": {"Antar Jemput Dokumen Kependudukan"}, "summary": {""}, "unit": {"Disdukcapil"},
		"region_code": {"63.71"}, "sector": {"kependudukan"}, "year": {"dua ribu"}, "stage": {"penerapan"},
		"institution_code": {"34.04"}, "aksi": {"simpan"}}
	r := a.post("/hub/inovasi/baru", form)
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "Tahun harus berupa angka") || !strings.Contains(r.body, `aria-invalid="true"`) {
		t.Fatalf("form with a bad year: %d", r.status)
	}
	form.Set("year", "2025")
	form.Set("body", "## Latar Belakang\nAntrean.")
	r = a.post("/hub/inovasi/baru", form)
	loc := r.header.Get("Location")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/hub/inovasi/jippnas-2025-63-71-antar-jemput-dokumen") {
		t.Fatalf("create: %d %s %s", r.status, loc, r.body)
	}
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/hub/inovasi/")
	rec, _ := f.hub.Record(id)
	// The institution_code field of a pengelola's form is ignored: the
	// record is its own institution's.
	if rec.Institution != "63.71" || rec.Unit != "Dinas Kependudukan dan Pencatatan Sipil" || rec.State != hub.StateDraft {
		t.Fatalf("created %+v", rec)
	}
	// Submitting an incomplete record shows what is missing; the draft is kept.
	form.Set("aksi", "ajukan")
	form.Set("versi", fmt.Sprint(rec.Version))
	r = a.post("/hub/inovasi/"+id+"/ubah", form)
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "Wajib diisi sebelum diajukan") {
		t.Fatalf("submit of an incomplete record: %d", r.status)
	}
	rec, _ = f.hub.Record(id)
	// Two sessions open the edit form at the same version.
	b := loggedIn(t, f, "editor")
	base := fmt.Sprint(rec.Version)
	mine := url.Values{"title": {"Judul dari sesi A"}, "summary": {"Ringkasan A"}, "region_code": {"63.71"}, "unit": {"Disdukcapil"}, "versi": {base}, "aksi": {"simpan"}}
	theirs := url.Values{"title": {"Judul dari sesi B"}, "summary": {"Ringkasan B"}, "region_code": {"63.71"}, "unit": {"Disdukcapil"}, "versi": {base}, "aksi": {"simpan"}}
	if r := a.post("/hub/inovasi/"+id+"/ubah", mine); r.status != http.StatusSeeOther {
		t.Fatalf("first save: %d", r.status)
	}
	r = b.post("/hub/inovasi/"+id+"/ubah", theirs)
	if r.status != http.StatusConflict || !strings.Contains(r.body, "Judul dari sesi A") || !strings.Contains(r.body, "Judul dari sesi B") {
		t.Fatalf("stale save: %d %s", r.status, r.body)
	}
	if cur, doc, _ := f.hub.Get(f.actor("editor"), id); doc.Title != "Judul dari sesi A" || cur.Revision != rec.Revision+1 {
		t.Fatalf("after the conflict: %q revision %d", doc.Title, cur.Revision)
	}
	// The conflict page's form is based on the latest version: saving it
	// again is a deliberate change, accepted.
	m := regexp.MustCompile(`name="versi" value="(\d+)"`).FindStringSubmatch(r.body)
	theirs.Set("versi", m[1])
	if r := b.post("/hub/inovasi/"+id+"/ubah", theirs); r.status != http.StatusSeeOther {
		t.Fatalf("save from the conflict page: %d", r.status)
	}
}

// TestHubThrottle: five wrong passwords lock an account for a while (429,
// Retry-After), even with the right one; wrong bearer tokens are throttled
// per address.
func TestHubThrottle(t *testing.T) {
	t.Parallel()
	f := buildFixture(t)
	email := fixtureAccounts["editor2"].Email
	for i := range loginFailsPerAccount {
		w := newWebClient(t, f)
		if r := w.login(email, "salah-salah-salah"); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "E-mail atau kata sandi salah") {
			t.Fatalf("wrong password %d: %d", i, r.status)
		}
	}
	w := newWebClient(t, f)
	r := w.login(email, testPassword)
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" || !strings.Contains(r.body, "Terlalu banyak percobaan") {
		t.Fatalf("after %d failures: %d %q", loginFailsPerAccount, r.status, r.header.Get("Retry-After"))
	}
	// Another account from the same address still signs in.
	if r := newWebClient(t, f).login(fixtureAccounts["editor"].Email, testPassword); r.status != http.StatusSeeOther {
		t.Fatalf("other account: %d", r.status)
	}
	for i := range tokenFailsPerIP {
		if status, _, _ := apiCall(t, f, "GET", "/me", "jpn_tebakan"+fmt.Sprint(i), ""); status != http.StatusUnauthorized {
			t.Fatalf("wrong token %d: %d", i, status)
		}
	}
	status, hdr, body := apiCall(t, f, "GET", "/me", f.tokens["editor"], "")
	if status != http.StatusTooManyRequests || hdr.Get("Retry-After") == "" || !strings.Contains(body, `"status":429`) {
		t.Fatalf("after wrong tokens: %d %s", status, body)
	}
}

// TestUnmappedRecords: a record whose institution the resolver cannot
// tell is published without a code, listed for an admin, and mapped by
// choosing the institution in the form.
func TestUnmappedRecords(t *testing.T) {
	t.Parallel()
	f := writableFixture(t)
	d := completeDraft("tanpa-instansi", "", "")
	d.Institution = "Dinas Uji Coba"
	status, hdr, body := apiCall(t, f, "PUT", "/documents/tanpa-instansi", f.tokens["admin"], docJSON(t, d))
	if status != http.StatusCreated {
		t.Fatalf("admin PUT: %d %s", status, body)
	}
	if rec, _ := f.hub.Record("tanpa-instansi"); rec.Institution != "" || rec.State != hub.StateVerified {
		t.Fatalf("record %+v", rec)
	}
	admin := loggedIn(t, f, "admin")
	if r := admin.get("/hub/nasional"); !strings.Contains(r.body, "belum dipetakan ke instansi") {
		t.Error("the national dashboard does not count unmapped records")
	}
	if r := admin.get("/hub/inovasi?instansi=belum"); !strings.Contains(r.body, "tanpa-instansi") || !strings.Contains(r.body, "(belum dipetakan)") {
		t.Errorf("unmapped list: %d", r.status)
	}
	version := strings.TrimPrefix(strings.SplitN(hdr.Get("ETag"), "-", 2)[0], `"v`)
	r := admin.post("/hub/inovasi/tanpa-instansi/ubah", url.Values{"versi": {version}, "institution_code": {"53.71"}, "unit": {"Dinas Kesehatan"},
		"title": {d.Title}, "summary": {d.Summary}, "body": {d.Body}, "region_code": {"53.71"}, "sector": {d.Sector}, "year": {"2025"},
		"stage": {d.Stage}, "source": {content.SourceJIPPNAS}, "aksi": {"simpan"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("mapping save: %d %s", r.status, r.body)
	}
	if rec, doc, _ := f.hub.Get(f.actor("admin"), "tanpa-instansi"); rec.Institution != "53.71" || doc.Institution != "Dinas Kesehatan Kota Kupang" {
		t.Fatalf("after mapping: %+v %q", rec, doc.Institution)
	}
}
