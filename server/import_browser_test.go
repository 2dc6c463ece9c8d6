package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// waitFor reloads the page at path until sel is on it (a job's page
// reloads itself every 2 s while the job runs; reloading sooner keeps the
// test short).
func (b *browser) waitFor(path, sel string) {
	b.t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		// Load the page first: the current one may still be navigating.
		b.do("load "+path, chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("main")))
		if b.count(sel) > 0 {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s: no %s after 60 s", path, sel)
		}
	}
}

// TestBrowserImportUpload uploads a KIPP list from Chromium's own form (the
// browser orders the multipart parts, the CSRF token first), reads the dry
// run's report, skips the invalid row and confirms; the new innovations
// are then in the store with their batch.
func TestBrowserImportUpload(t *testing.T) {
	t.Parallel()
	f := buildFixtureWith(t, func(c *Config) { c.SpoolDir = t.TempDir() })
	b := newBrowser(t, f, 1280, 900)
	file := filepath.Join(t.TempDir(), "kipp-2021.csv")
	if err := os.WriteFile(file, []byte(kippCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	before := innovations(t, f)

	b.signIn("admin")
	b.do("upload", chromedp.Click(chromedp.CSS(`nav a[href="/hub/impor"]`)), chromedp.WaitVisible(chromedp.ID("berkas")),
		chromedp.SetValue(chromedp.ID("pemetaan"), "kipp"), chromedp.SetUploadFiles(chromedp.ID("berkas"), []string{file}),
		chromedp.Click(chromedp.CSS(".upload-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".progress-box, #laporan, .notice-error")))
	job := strings.TrimPrefix(b.location(), b.base)
	if !strings.HasPrefix(job, "/hub/impor/") {
		t.Fatalf("after the upload: %s", job)
	}
	b.waitFor(job, "#laporan")
	if got := b.text(`[data-count="create"]`) + "/" + b.text(`[data-count="invalid"]`) + "/" + b.text(`[data-count="duplicates"]`); got != "2/1/1" {
		t.Errorf("report create/invalid/duplicates: %s", got)
	}
	if text := b.text(".issue-table"); !strings.Contains(text, "baris 4") || !strings.Contains(text, "Bukan tahun.") {
		t.Errorf("the invalid row is not explained: %q", text)
	}
	b.screenshot("hub-import-report")
	if n := innovations(t, f); n != before {
		t.Fatalf("the dry run wrote %d innovations", n-before)
	}

	b.do("confirm", chromedp.Click(chromedp.ID("lewati")), chromedp.Click(chromedp.CSS(".confirm-form button[type=submit]")))
	// The store says when the browser's POST has been carried out; waiting
	// on the page instead races its navigation and refreshes on a busy
	// machine.
	for deadline := time.Now().Add(60 * time.Second); innovations(t, f) != before+2; time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("after the confirmation: %d innovations written, want 2", innovations(t, f)-before)
		}
	}
	b.waitFor(job, ".batch-result")
	if text := strings.Join(strings.Fields(b.text(".batch-result")), " "); !strings.Contains(text, "2 dibuat") || !strings.Contains(text, "1 dilewati") {
		t.Errorf("result: %q", text)
	}
	b.screenshot("hub-import-done")
	if n := innovations(t, f); n != before+2 {
		t.Errorf("the import wrote %d innovations, want 2", n-before)
	}
	b.noErrors()
}
