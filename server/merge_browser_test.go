package server

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"jippnas/content/hub"
)

// TestBrowserMergeQueue walks the merge queue in Chromium as an admin:
// the first visit scans for duplicates and the page reloads itself until
// the Sleman pair (PANRB KIPP 2018, Kemendagri IGA 2019) is proposed; the
// compare page shows both side by side; the admin takes the title of the
// second record and merges; the public profile says who reported it and
// which source gave which field, and the second record's address leads
// there; the admin undoes the merge, and both records are public again;
// finally the admin marks the pair "bukan duplikat" and it leaves the
// queue.
func TestBrowserMergeQueue(t *testing.T) {
	t.Parallel()
	f := buildFixture(t)
	b := newBrowser(t, f, 1280, 900)
	pair := `.pair-table a[href*="` + slemanKIPP + `"][href*="` + slemanIGA + `"]`

	b.signIn("admin")
	b.do("open the queue", chromedp.Click(chromedp.CSS(`.hub-bar a[href="/hub/gabung"], nav a[href="/hub/gabung"]`)),
		chromedp.WaitVisible(chromedp.ID("usulan")))
	// The first visit starts a scan; the page says so and reloads itself
	// every 3 s until it is done. Reload sooner, to keep the test short.
	for deadline := time.Now().Add(60 * time.Second); b.count(pair) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the Sleman pair is not proposed after 60 s")
		}
		time.Sleep(200 * time.Millisecond)
		b.do("reload the queue", chromedp.Navigate(b.base+"/hub/gabung"), chromedp.WaitVisible(chromedp.ID("usulan")))
	}
	b.screenshot("hub-merge-queue")

	b.do("compare", chromedp.Click(chromedp.CSS(pair)), chromedp.WaitVisible(chromedp.CSS(".merge-table")))
	canonical := get(b, "canonical", chromedp.Value(chromedp.CSS(`.merge-form input[name="utama"]`)))
	secondary := get(b, "secondary", chromedp.Value(chromedp.CSS(`.merge-form input[name="kedua"]`)))
	if canonical+secondary != slemanKIPP+slemanIGA && canonical+secondary != slemanIGA+slemanKIPP {
		t.Fatalf("compare page for %s and %s", canonical, secondary)
	}
	first, _ := f.store.Get(canonical)
	second, _ := f.store.Get(secondary)
	if heads := b.text(".pair-heads"); !strings.Contains(heads, first.Title) || !strings.Contains(heads, second.Title) {
		t.Errorf("the two records are not side by side: %q", heads)
	}
	if n := b.count(`.merge-table input[type=radio][value="secondary"]`); n < 3 {
		t.Errorf("only %d fields can be taken from the second record", n)
	}
	b.do("choose the second title", chromedp.Click(chromedp.CSS(`input[name="pilih_title"][value="secondary"]`)),
		chromedp.SendKeys(chromedp.ID("catatan-gabung"), "Dilaporkan dua program"))
	b.screenshot("hub-merge-compare")
	b.do("merge", chromedp.Click(chromedp.CSS(`.merge-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".undo-form")))
	if flash := b.text(".notice-info"); !strings.Contains(flash, "Data digabung") {
		t.Errorf("after merging: %q", flash)
	}
	b.screenshot("hub-merge-done")
	mergeURL := b.location()

	// The public side: one profile, with both sources.
	b.do("profile", chromedp.Navigate(b.base+"/inovasi/"+canonical), chromedp.WaitVisible(chromedp.CSS(".reported-by")))
	if h := b.text("h1"); h != second.Title {
		t.Errorf("the profile's title %q, want the second record's %q", h, second.Title)
	}
	reported := b.text(".reported-by")
	for _, want := range []string{"Dilaporkan oleh:", "Kementerian PANRB — KIPP 2018", "Kemendagri — IGA 2019"} {
		if !strings.Contains(reported, want) {
			t.Errorf("profile: %q lacks %q", reported, want)
		}
	}
	if origin := b.text("#asal-data + p + .prov-list"); !strings.Contains(origin, "judul") {
		t.Errorf("the profile does not say which source gave the title: %q", origin)
	}
	b.screenshot("public-merged")
	b.do("the second record's address", chromedp.Navigate(b.base+"/inovasi/"+secondary), chromedp.WaitVisible(chromedp.CSS(".reported-by")))
	if loc := b.location(); !strings.HasSuffix(loc, "/inovasi/"+canonical) {
		t.Errorf("the merged record's address leads to %s", loc)
	}

	// Undo.
	b.do("undo", chromedp.Navigate(mergeURL), chromedp.WaitVisible(chromedp.CSS(".undo-form")),
		chromedp.SendKeys(chromedp.ID("catatan-batal"), "Ternyata dua layanan"),
		chromedp.Click(chromedp.CSS(".undo-form button")), chromedp.WaitVisible(chromedp.CSS(".state-dihapus")))
	if n := b.count(".undo-form"); n != 0 {
		t.Error("an undone merge still offers to be undone")
	}
	for _, id := range []string{canonical, secondary} {
		if rec, _ := f.hub.Record(id); rec.State != hub.StateVerified {
			t.Errorf("%s after undo: %s", id, rec.State)
		}
	}
	if d, err := f.store.Get(canonical); err != nil || d.Title != first.Title {
		t.Errorf("canonical after undo: %q %v", d.Title, err)
	}
	b.do("second profile", chromedp.Navigate(b.base+"/inovasi/"+secondary), chromedp.WaitVisible(chromedp.CSS(".reported-by")))
	if loc := b.location(); !strings.HasSuffix(loc, "/inovasi/"+secondary) {
		t.Errorf("after undo the second record's address leads to %s", loc)
	}

	// "Bukan duplikat": the pair leaves the queue.
	b.do("compare again", chromedp.Navigate(b.base+comparePath(canonical, secondary)), chromedp.WaitVisible(chromedp.CSS(".notdup-form")),
		chromedp.SendKeys(chromedp.ID("catatan-beda"), "Dua layanan berbeda"),
		chromedp.Click(chromedp.CSS(".notdup-form button")), chromedp.WaitVisible(chromedp.ID("usulan")))
	if flash := b.text(".notice-info"); !strings.Contains(flash, "bukan duplikat") {
		t.Errorf("after bukan duplikat: %q", flash)
	}
	if n := b.count(pair); n != 0 {
		t.Error("the pair is still in the queue")
	}
	if !f.hub.IsNotDuplicate(canonical, secondary) {
		t.Error("the pair is not recorded as bukan duplikat")
	}
	b.noErrors()
}
