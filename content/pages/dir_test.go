package pages

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDirRefusesWhatIsNotAPageFile: links out of the folder, FIFOs, devices
// and oversized files are each skipped with their own message; a link to a
// page inside the folder is followed; nothing blocks.
func TestDirRefusesWhatIsNotAPageFile(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	secret := filepath.Join(base, "rahasia.md")
	os.WriteFile(secret, []byte(pageSrc("Rahasia", "2024-01-01")), 0o644)
	dir := filepath.Join(base, "konten")
	guides := filepath.Join(dir, "panduan")
	os.MkdirAll(guides, 0o755)
	os.WriteFile(filepath.Join(guides, "asli.md"), []byte(pageSrc("Asli", "2024-01-01")), 0o644)
	os.WriteFile(filepath.Join(guides, "besar.md"), []byte(pageSrc("Besar", "2024-01-01")+strings.Repeat("x", pageMaxSize)), 0o644)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(secret, filepath.Join(guides, "keluar.md")))
	must(os.Symlink("../../rahasia.md", filepath.Join(guides, "keluar-relatif.md")))
	must(os.Symlink("/dev/zero", filepath.Join(guides, "nol.md")))
	must(os.Symlink("asli.md", filepath.Join(guides, "salinan.md")))
	must(syscall.Mkfifo(filepath.Join(guides, "pipa.md"), 0o644))
	must(os.Symlink("pipa.md", filepath.Join(guides, "ke-pipa.md")))
	want := map[string]string{
		"panduan/keluar.md":         "tautan simbolik dilewati",
		"panduan/keluar-relatif.md": "tautan simbolik dilewati",
		"panduan/nol.md":            "tautan simbolik dilewati",
		"panduan/pipa.md":           "bukan berkas biasa (FIFO)",
		"panduan/ke-pipa.md":        "bukan berkas biasa (FIFO)",
		"panduan/besar.md":          "berkas terlalu besar",
	}
	// A device node inside the folder, where this machine lets us make one.
	if err := syscall.Mknod(filepath.Join(guides, "perangkat.md"), syscall.S_IFCHR|0o644, 1<<8|3); err == nil {
		want["panduan/perangkat.md"] = "bukan berkas biasa (berkas perangkat)"
	} else {
		t.Logf("no device node case: mknod: %v", err)
	}
	d, err := OpenDir(dir)
	must(err)
	defer d.Close()
	done := make(chan struct{})
	var pages []Page
	var errs []PageError
	go func() {
		defer close(done)
		pages, errs = Load(d, false)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Load blocked")
	}
	var slugs []string
	for _, p := range pages {
		slugs = append(slugs, p.Slug)
	}
	// salinan.md links to asli.md inside the folder; both load, and the
	// second claims the same front-matter-less slug from its file name.
	if strings.Join(slugs, ",") != "asli,salinan" {
		t.Errorf("pages %v, want asli,salinan", slugs)
	}
	got := map[string]string{}
	for _, e := range errs {
		got[e.File] = e.Message
	}
	for file, msg := range want {
		if !strings.Contains(got[file], msg) {
			t.Errorf("%s: message %q, want it to say %q", file, got[file], msg)
		}
	}
	if len(got) != len(want) {
		t.Errorf("errors %v, want exactly %v", got, want)
	}
}
