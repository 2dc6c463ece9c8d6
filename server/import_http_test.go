package server

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"jippnas/content"
	"jippnas/content/hub"
)

// kippCSV is a KIPP list as PANRB hands it over: one innovation the demo
// data has from Kemendagri (a possible duplicate across programmes), one
// new one, and a row whose year is not a year.
const kippCSV = "Nama Inovasi;Instansi;Provinsi;Kabupaten/Kota;Kategori/Bidang;Tahun;Penghargaan\r\n" +
	"Kelotok Pintar: Perpustakaan Terapung Menyusuri Sungai Martapura;Pemerintah Kota Banjarmasin;Kalimantan Selatan;Kota Banjarmasin;Pendidikan;2016;Top 99 KIPP 2016\r\n" +
	"Sekolah Sungai: Belajar Bersama Anak Bantaran Martapura;Pemkot Banjarmasin;KALIMANTAN SELATAN;Kota  Banjarmasin;Pendidikan;2021;Top 45 KIPP 2021\r\n" +
	"Layanan Tanpa Tahun;Pemerintah Kabupaten Sleman;DI Yogyakarta;Kab. Sleman;Kesehatan;tahun lalu;\r\n"

// upload builds the upload form's multipart body, the CSRF token first as
// the page sends it (csrf "" leaves it out), with a mapping file if one
// is given.
func upload(t *testing.T, csrf, mapping, name, data string, mappingYAML ...string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if csrf != "" {
		mw.WriteField("csrf", csrf)
	}
	mw.WriteField("pemetaan", mapping)
	for _, y := range mappingYAML {
		fw, _ := mw.CreateFormFile("berkas_pemetaan", "pemetaan-saya.yaml")
		fw.Write([]byte(y))
	}
	fw, err := mw.CreateFormFile("berkas", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(data))
	mw.Close()
	return buf.String(), mw.FormDataContentType()
}

// postUpload sends an upload as w's session.
func (w *webClient) postUpload(csrf, mapping, name, data string, mappingYAML ...string) webResp {
	w.t.Helper()
	body, ct := upload(w.t, csrf, mapping, name, data, mappingYAML...)
	resp, b := doRequest(w.t, w.c, http.MethodPost, w.base+"/hub/impor", body, "Content-Type", ct)
	return webResp{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// waitJob reloads a job's page until it no longer runs.
func (w *webClient) waitJob(path string) string {
	w.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		r := w.get(path)
		if r.status != 200 {
			w.t.Fatalf("%s: %d", path, r.status)
		}
		if !strings.Contains(r.body, `class="progress-box"`) {
			return r.body
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%s still runs after 60 s", path)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var reportCount = regexp.MustCompile(`data-count="(\w+)">(\d+)<`)

// counts reads the report's figures from a job page.
func counts(body string) map[string]string {
	out := map[string]string{}
	for _, m := range reportCount.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// innovations counts the stored innovations.
func innovations(t *testing.T, f *fixture) int {
	t.Helper()
	n := 0
	if _, err := f.store.Each(t.Context(), func(d content.Document) error {
		if d.Type == content.TypeInnovation {
			n++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWebImportUpload uploads a KIPP list through the hub's website on a
// loopback server: a request without a session, by a pengelola, or
// without the session's CSRF token is refused before anything reaches the
// spool; an admin's upload gets a dry run whose report gives the counts
// (nothing written); a file with invalid rows is not imported until the
// admin chooses to skip them; the import then writes the valid rows with
// their provenance and batch, and proposes the duplicate across
// programmes to the merge queue. The template is there for pengelola.
func TestWebImportUpload(t *testing.T) {
	t.Parallel()
	spool := t.TempDir()
	f := buildFixtureWith(t, func(c *Config) { c.SpoolDir, c.Limits.UploadBody = spool, 64<<10 })
	c := newOAClient(t, f)
	spoolEmpty := func(when string) {
		t.Helper()
		if ents, _ := os.ReadDir(spool); len(ents) != 0 {
			t.Errorf("%s: the spool holds %d entries", when, len(ents))
		}
	}
	before := innovations(t, f)

	// Refused uploads.
	body, ct := upload(t, "x", "kipp", "kipp.csv", kippCSV)
	if resp, _ := doRequest(t, http.DefaultClient, http.MethodPost, f.http.URL+"/hub/impor", body, "Content-Type", ct); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("an upload without a session: %d", resp.StatusCode)
	}
	editor := loggedIn(t, f, "editor")
	if r := editor.postUpload(editor.csrf, "kipp", "kipp.csv", kippCSV); r.status != http.StatusForbidden {
		t.Errorf("an upload by a pengelola: %d", r.status)
	}
	if r := editor.get("/hub/impor"); r.status != http.StatusForbidden {
		t.Errorf("a pengelola opens the import page: %d", r.status)
	}
	admin := loggedIn(t, f, "admin")
	if r := admin.postUpload("", "kipp", "kipp.csv", kippCSV); r.status != http.StatusForbidden {
		t.Errorf("an upload without the CSRF token: %d", r.status)
	}
	if r := admin.postUpload("bukan-token-sesi", "kipp", "kipp.csv", kippCSV); r.status != http.StatusForbidden {
		t.Errorf("an upload with another token: %d", r.status)
	}
	spoolEmpty("after refused uploads")
	if r := admin.postUpload(admin.csrf, "kontrak", "kipp.xlsx", kippCSV); r.status != http.StatusBadRequest || !strings.Contains(r.body, "Format kontrak hanya untuk berkas JSONL atau CSV") {
		t.Errorf("an XLSX in the contract's format: %d", r.status)
	}
	if r := admin.postUpload(admin.csrf, "tidak-ada", "kipp.csv", kippCSV); r.status != http.StatusBadRequest || !strings.Contains(r.body, "Pilih pemetaan") {
		t.Errorf("an unknown mapping: %d", r.status)
	}
	badMapping := "version: 1\nname: saya\nprogramme: \"Kemendagri — IGA\"\nsource: kemendagri\ntype: innovation\nid: {column: No}\nfields:\n  titel: {column: Nama}\n"
	if r := admin.postUpload(admin.csrf, "unggah", "iga.csv", kippCSV, badMapping); r.status != http.StatusBadRequest ||
		!strings.Contains(r.body, "Berkas pemetaan tidak valid") || !strings.Contains(r.body, "pemetaan-saya.yaml:8:") {
		t.Errorf("an uploaded mapping with an error: %d %s", r.status, r.body)
	}
	if r := admin.postUpload(admin.csrf, "unggah", "iga.csv", kippCSV); r.status != http.StatusBadRequest || !strings.Contains(r.body, "Unggah berkas pemetaan") {
		t.Errorf("an uploaded mapping missing: %d", r.status)
	}
	big := kippCSV + strings.Repeat("Inovasi;Pemkot Banjarmasin;Kalimantan Selatan;Kota Banjarmasin;Pendidikan;2021;\r\n", 2000)
	if r := admin.postUpload(admin.csrf, "kipp", "besar.csv", big); r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "batas unggahan 64 KB") {
		t.Errorf("an upload over the limit: %d", r.status)
	}
	spoolEmpty("after rejected forms")

	// The dry run.
	form := admin.get("/hub/impor")
	if form.status != 200 || !strings.Contains(form.body, `name="berkas"`) || !strings.Contains(form.body, `href="/hub/templat-impor.xlsx"`) {
		t.Fatalf("import page: %d", form.status)
	}
	r := admin.postUpload(admin.csrf, "kipp", "kipp-2021.csv", kippCSV)
	job := r.header.Get("Location")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(job, "/hub/impor/") {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	page := admin.waitJob(job)
	got := counts(page)
	want := map[string]string{"create": "2", "update": "0", "unchanged": "0", "conflict": "0", "invalid": "1", "duplicates": "1"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("report: %s = %q, want %s (all: %v)", k, got[k], v, got)
		}
	}
	for _, w := range []string{"kipp-2021.csv", "baris 4", "Bukan tahun.", "Kelotok Pintar", `name="lewati"`} {
		if !strings.Contains(page, w) {
			t.Errorf("job page lacks %q", w)
		}
	}
	if n := innovations(t, f); n != before {
		t.Fatalf("the dry run wrote: %d innovations, had %d", n, before)
	}
	var batches struct{ Batches []struct{ ID string } }
	c.call(http.MethodGet, "/hub/imports", "admin", "", http.StatusOK, &batches)
	if len(batches.Batches) != 0 {
		t.Fatalf("the dry run recorded a batch: %+v", batches)
	}

	// Confirming: refused with invalid rows unless they are skipped, and
	// never without the token.
	run := job + "/jalankan"
	if r := admin.post(run, map[string][]string{}); r.status != http.StatusBadRequest || !strings.Contains(r.body, "1 baris tidak valid") {
		t.Errorf("confirm with invalid rows: %d", r.status)
	}
	if r := admin.post(run, map[string][]string{"csrf": {""}, "lewati": {"ya"}}); r.status != http.StatusForbidden {
		t.Errorf("confirm without the token: %d", r.status)
	}
	if r := editor.post(run, map[string][]string{"lewati": {"ya"}}); r.status != http.StatusForbidden {
		t.Errorf("confirm by a pengelola: %d", r.status)
	}
	if n := innovations(t, f); n != before {
		t.Fatalf("a refused confirmation wrote: %d innovations, had %d", n, before)
	}
	if r := admin.post(run, map[string][]string{"lewati": {"ya"}}); r.status != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", r.status, r.body)
	}
	page = admin.waitJob(job)
	if !strings.Contains(page, "Hasil impor: batch") {
		t.Fatalf("job page after the import: %.2000s", page)
	}
	if n := innovations(t, f); n != before+2 {
		t.Errorf("after the import: %d innovations, want %d", n, before+2)
	}
	c.call(http.MethodGet, "/hub/imports", "admin", "", http.StatusOK, &batches)
	if len(batches.Batches) != 1 {
		t.Fatalf("batches: %+v", batches)
	}
	var one struct {
		Batch struct {
			File, Mapping, State string
			Counts               struct{ Created, Skipped int }
		}
	}
	c.call(http.MethodGet, "/hub/imports/"+batches.Batches[0].ID, "admin", "", http.StatusOK, &one)
	if b := one.Batch; b.File != "kipp-2021.csv" || b.Mapping != "kipp" || b.State != "selesai" || b.Counts.Created != 2 || b.Counts.Skipped != 1 {
		t.Errorf("batch %+v", b)
	}
	spoolEmpty("after the import")
	if p := admin.get("/hub/impor/riwayat/" + batches.Batches[0].ID); p.status != 200 || !strings.Contains(p.body, "kipp-2021.csv") || !strings.Contains(p.body, "Kementerian PANRB — KIPP") {
		t.Errorf("batch page: %d", p.status)
	}
	if p := admin.get("/hub/impor"); !strings.Contains(p.body, "/hub/impor/riwayat/"+batches.Batches[0].ID) {
		t.Error("the import page does not list the batch")
	}

	// The new records, with where they came from.
	var hits struct {
		Hits []struct{ ID string }
	}
	c.call(http.MethodGet, "/search?q=Sekolah+Sungai+Bantaran&facets=none", "", "", http.StatusOK, &hits)
	if len(hits.Hits) == 0 || !strings.HasPrefix(hits.Hits[0].ID, "panrb-kipp-") {
		t.Fatalf("the imported innovation is not found: %+v", hits)
	}
	d := c.doc(hits.Hits[0].ID)
	if len(d.Provenance) != 1 || d.Provenance[0].Programme != "Kementerian PANRB — KIPP" || d.Provenance[0].Batch != batches.Batches[0].ID ||
		d.Provenance[0].Year != 2021 || d.Provenance[0].At == "" || d.InstitutionCode != "63.71" {
		t.Errorf("imported document: %+v", d)
	}
	if p := webGet(t, f, "/inovasi/"+d.ID); !strings.Contains(p.body, "Dilaporkan oleh:</strong> Kementerian PANRB — KIPP 2021") {
		t.Errorf("the profile does not say who reported it")
	}
	var pairs pairsAnswer
	c.call(http.MethodGet, "/hub/duplicates?size=200", "admin", "", http.StatusOK, &pairs)
	found := false
	for _, p := range pairs.Pairs {
		found = found || p.A == "kemendagri-2015-banjarmasin-perpustakaan-kelotok" || p.B == "kemendagri-2015-banjarmasin-perpustakaan-kelotok"
	}
	if !found {
		t.Errorf("the dry run's duplicate is not in the merge queue: %+v", pairs.Pairs)
	}

	// Pengelola get the template from their dashboard.
	if dash := editor.get("/hub"); !strings.Contains(dash.body, `href="/hub/templat-impor.xlsx"`) {
		t.Error("the pengelola's dashboard has no template link")
	}
	tpl := editor.get("/hub/templat-impor.xlsx")
	if tpl.status != 200 || !strings.HasPrefix(tpl.body, "PK") || !strings.Contains(tpl.header.Get("Content-Disposition"), "jippnas-impor.xlsx") {
		t.Errorf("template: %d %v", tpl.status, tpl.header)
	}
	if r := newWebClient(t, f).get("/hub/templat-impor.xlsx"); r.status != http.StatusSeeOther {
		t.Errorf("the template without a session: %d", r.status)
	}
}

// TestWebImportProgress: a running job's page shows how far it is (rows,
// rows per second, share done, time left) and reloads itself; a job the
// admin stops while it waits ends without writing.
func TestWebImportProgress(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	j := &importJob{id: newJobID(), by: f.actor("admin"), dir: t.TempDir(), path: "/spool/lan-2024.xlsx", label: "LAN", created: time.Now(),
		state: jobChecking, started: time.Now().Add(-10 * time.Second),
		prog: hub.ImportProgress{Phase: hub.PhaseCheck, Rows: 5000, Done: 40, Total: 100}}
	f.server.jobs.add(j)
	t.Cleanup(func() { f.server.jobs.remove(j) })
	admin := loggedIn(t, f, "admin")
	page := admin.get("/hub/impor/" + j.id)
	if page.status != 200 {
		t.Fatalf("job page: %d", page.status)
	}
	for _, want := range []string{"Memeriksa berkas (uji coba, belum ada yang ditulis)", "5.000 baris", "baris/detik", "40%", "sisa sekitar ", `http-equiv="refresh"`, "lan-2024.xlsx"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("progress lacks %q", want)
		}
	}
	rate := regexp.MustCompile(`(\d+) baris/detik`).FindStringSubmatch(page.body)
	if rate == nil {
		t.Fatal("no rate shown")
	}
	if n, _ := strconv.Atoi(rate[1]); n < 250 || n > 500 {
		t.Errorf("rate %s rows/s, want 5000 rows in about 10 s", rate[1])
	}
	if r := loggedIn(t, f, "editor").get("/hub/impor/" + j.id); r.status != http.StatusForbidden {
		t.Errorf("a pengelola sees the job: %d", r.status)
	}
	// Stopped: the upload and its folder are gone.
	if r := admin.post("/hub/impor/"+j.id+"/batal", url.Values{}); r.status != http.StatusSeeOther || r.header.Get("Location") != "/hub/impor?pesan=dibatalkan" {
		t.Fatalf("stop: %d %s", r.status, r.header.Get("Location"))
	}
	if r := admin.get("/hub/impor/" + j.id); r.status != http.StatusNotFound {
		t.Errorf("a stopped upload's page: %d", r.status)
	}
	if _, err := os.Stat(j.dir); !os.IsNotExist(err) {
		t.Errorf("the upload's folder is still there: %v", err)
	}
}
