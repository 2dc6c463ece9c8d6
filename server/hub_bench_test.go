package server

import (
	"context"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"jippnas/content"
	"jippnas/content/hub"
	"jippnas/content/store"
	"jippnas/index"
)

// The hub's benchmarks report the median (p50) and 95th percentile of one
// request besides Go's mean: run them with
//
//	go test ./server -run '^$' -bench 'Hub' -benchtime 200x
//
// Login uses the production argon2id costs; the dashboards run over
// 100,000 records spread over every institution.

// timed runs fn b.N times and reports the latency percentiles.
func timed(b *testing.B, fn func()) {
	b.Helper()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		fn()
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	}
}

// benchServer is a server over a store and hub with no demo data: the
// index is opened empty and never catches up (the hub pages do not use
// it).
func benchServer(b *testing.B, dir string, argon hub.Argon2Params) (*store.Store, *hub.Hub, http.Handler) {
	b.Helper()
	cfg := store.Config{InMemory: dir == "", Dir: dir}
	st, err := store.Open(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	reg, err := hub.NewRegistry(st.Regions())
	if err != nil {
		b.Fatal(err)
	}
	h, err := hub.Open(st, hub.Config{Registry: reg, Argon2: argon})
	if err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open(context.Background(), index.Config{InMemory: true}, st)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	return st, h, New(Config{Hub: h}, st, ix).Handler()
}

// benchLogin signs in through the handler and returns the session cookie
// and the session's CSRF token.
func benchLogin(b *testing.B, hd http.Handler, email string) (*http.Cookie, string) {
	b.Helper()
	rec := httptest.NewRecorder()
	hd.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/masuk", nil))
	tok := csrfField.FindStringSubmatch(rec.Body.String())[1]
	form := url.Values{"csrf": {tok}, "email": {email}, "sandi": {testPassword}}
	req := httptest.NewRequest(http.MethodPost, "/masuk", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: loginCookie, Value: tok})
	rec = httptest.NewRecorder()
	hd.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		b.Fatalf("login: %d", rec.Code)
	}
	var sess *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie {
			sess = c
		}
	}
	req = httptest.NewRequest(http.MethodGet, "/hub/akun", nil)
	req.AddCookie(sess)
	rec = httptest.NewRecorder()
	hd.ServeHTTP(rec, req)
	return sess, csrfField.FindStringSubmatch(rec.Body.String())[1]
}

// BenchmarkHubLogin: one sign-in through the login form, argon2id at the
// production costs (19 MiB, 2 passes).
func BenchmarkHubLogin(b *testing.B) {
	_, h, hd := benchServer(b, "", hub.DefaultArgon2)
	in := fixtureAccounts["editor"]
	in.Password = testPassword
	if _, err := h.CreateAccount(hub.SystemActor("bench", hub.ViaCLI), in); err != nil {
		b.Fatal(err)
	}
	rec := httptest.NewRecorder()
	hd.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/masuk", nil))
	tok := csrfField.FindStringSubmatch(rec.Body.String())[1]
	body := url.Values{"csrf": {tok}, "email": {in.Email}, "sandi": {testPassword}}.Encode()
	timed(b, func() {
		req := httptest.NewRequest(http.MethodPost, "/masuk", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: loginCookie, Value: tok})
		rec := httptest.NewRecorder()
		hd.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther {
			b.Fatalf("login: %d", rec.Code)
		}
	})
}

// BenchmarkHubFormSave: a pengelola saves the edit form of a record (a new
// working revision, its audit entry and summary in one transaction), then
// follows the redirect as a browser would not: the save alone is timed.
func BenchmarkHubFormSave(b *testing.B) {
	_, h, hd := benchServer(b, b.TempDir(), testArgon2)
	in := fixtureAccounts["editor"]
	in.Password = testPassword
	acct, err := h.CreateAccount(hub.SystemActor("bench", hub.ViaCLI), in)
	if err != nil {
		b.Fatal(err)
	}
	res, err := h.Save(hub.Actor{Account: acct}, completeDraft("bench-form", "63.71", "63.71"), hub.Base{New: true})
	if err != nil {
		b.Fatal(err)
	}
	sess, csrf := benchLogin(b, hd, in.Email)
	version := res.Record.Version
	d := completeDraft("bench-form", "63.71", "63.71")
	n := 0
	timed(b, func() {
		n++
		form := url.Values{"csrf": {csrf}, "versi": {strconv.FormatUint(version, 10)}, "aksi": {"simpan"},
			"title": {fmt.Sprintf("%s (%d)", d.Title, n)}, "summary": {d.Summary}, "body": {d.Body}, "unit": {"Disdukcapil"},
			"region_code": {"63.71"}, "sector": {d.Sector}, "year": {"2025"}, "stage": {d.Stage}, "contact": {d.Contact}}
		req := httptest.NewRequest(http.MethodPost, "/hub/inovasi/bench-form/ubah", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(sess)
		rec := httptest.NewRecorder()
		hd.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther {
			b.Fatalf("save: %d %s", rec.Code, rec.Body.String())
		}
		version++
	})
}

// populate writes n synthetic records spread over every institution: all
// imported as verified (with publication dates from 2014 on, so many are
// stale), then a tenth edited into drafts, some of those submitted and
// some returned.
func populate(b *testing.B, h *hub.Hub, st *store.Store, n int) {
	b.Helper()
	rng := rand.New(rand.NewSource(42))
	insts := h.Registry().All()
	sectors := []string{"kesehatan", "kependudukan", "pendidikan", "pertanian", "perhubungan", "sosial", "lingkungan-hidup"}
	words := strings.Fields("layanan antar jemput akta puskesmas keliling posyandu digital aplikasi desa warga sekolah sampah pasar izin pajak air bersih gizi balita")
	admin := hub.SystemActor("bench", hub.ViaCLI)
	opt := h.ImportOptions(admin, nil, store.ImportOptions{})
	batch := make([]content.Document, 0, 500)
	for i := range n {
		in := insts[rng.Intn(len(insts))]
		title := make([]string, 5)
		for k := range title {
			title[k] = words[rng.Intn(len(words))]
		}
		body := "## Latar Belakang\nMasalah layanan nomor " + strconv.Itoa(i) + ".\n\n## Dampak\nWaktu layanan turun."
		if rng.Intn(2) == 0 {
			body += "\n\n## Tujuan\nMempercepat.\n\n## Manfaat\nWarga terlayani."
		}
		batch = append(batch, content.Document{ID: fmt.Sprintf("bench-%06d", i), Type: content.TypeInnovation,
			Title: strings.Join(title, " ") + " " + strconv.Itoa(i), Summary: "Ringkasan inovasi " + strconv.Itoa(i) + ".", Body: body,
			Institution: h.Registry().DisplayName(in.Code, "Dinas Uji"), InstitutionCode: in.Code, RegionCode: in.RegionCode,
			Sector: sectors[rng.Intn(len(sectors))], Year: 2014 + rng.Intn(12), Stage: "penerapan", Source: content.SourcePANRB,
			Published: fmt.Sprintf("%d-%02d-15", 2014+rng.Intn(12), 1+rng.Intn(12))})
		if len(batch) == cap(batch) || i == n-1 {
			if err := opt.Write(batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	for i := 0; i < n; i += 10 {
		id := fmt.Sprintf("bench-%06d", i)
		rec, doc, err := h.Get(admin, id)
		if err != nil {
			b.Fatal(err)
		}
		doc.Title += " (diperbarui)"
		res, err := h.Save(admin, doc, hub.Base{Version: rec.Version})
		if err != nil {
			b.Fatal(err)
		}
		if i%30 == 0 {
			r, err := h.Submit(admin, id, hub.Base{Version: res.Record.Version})
			if err != nil {
				b.Fatal(err)
			}
			if i%60 == 0 {
				if _, err := h.Return(admin, id, hub.Base{Version: r.Version}, "Lengkapi data dukung."); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}

// BenchmarkHubDashboard100k: the national dashboard page, an institution's
// dashboard and the national dashboard API over 100,000 records.
func BenchmarkHubDashboard100k(b *testing.B) {
	st, h, hd := benchServer(b, b.TempDir(), testArgon2)
	start := time.Now()
	populate(b, h, st, benchRecords())
	b.Logf("100,000 records written through the hub in %s", time.Since(start).Round(time.Second))
	in := fixtureAccounts["admin"]
	in.Password = testPassword
	acct, err := h.CreateAccount(hub.SystemActor("bench", hub.ViaCLI), in)
	if err != nil {
		b.Fatal(err)
	}
	secret, _, err := h.IssueToken(hub.SystemActor("bench", hub.ViaCLI), acct.ID, "bench")
	if err != nil {
		b.Fatal(err)
	}
	sess, _ := benchLogin(b, hd, in.Email)
	busiest := h.NationalStats(hub.RankRecords)[0].Institution.Code
	for _, bc := range []struct{ name, path string }{
		{"national-page", "/hub/nasional"},
		{"national-page-province", "/hub/nasional?provinsi=35&urut=kelengkapan"},
		{"institution-page", "/hub/instansi/" + busiest},
		{"national-api", "/api/v1/hub/national?size=50"},
		{"records-api-stale", "/api/v1/hub/records?stale=true&size=50"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			timed(b, func() {
				req := httptest.NewRequest(http.MethodGet, bc.path, nil)
				req.AddCookie(sess)
				req.Header.Set("Authorization", "Bearer "+secret)
				rec := httptest.NewRecorder()
				hd.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", bc.path, rec.Code)
				}
			})
		})
	}
}

// benchRecords is the number of records of BenchmarkHubDashboard100k:
// 100,000, or JIPPNAS_BENCH_RECORDS for a quicker look.
func benchRecords() int {
	if n, err := strconv.Atoi(os.Getenv("JIPPNAS_BENCH_RECORDS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}
