package content

import (
	"errors"
	"strings"
	"testing"

	"jippnas/content/refdata"
)

func TestValidateReportsEveryField(t *testing.T) {
	d := Document{ID: "Bad ID", Type: "blog", RegionCode: "99", Sector: "nope", Year: 1800, Published: "2021-13-01",
		Source: "x", Stage: "y", Status: "z", URL: "ftp://a", InstitutionCode: "Kota Surabaya", Contact: strings.Repeat("x", 201)}
	err := d.Validate(refdata.DefaultRegions())
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *ValidationError, got %v", err)
	}
	want := []string{"id", "type", "title", "institution_code", "region_code", "sector", "year", "published", "source", "stage", "status", "url", "contact"}
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Field)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("fields %v, want %v", got, want)
	}
	inst := Document{ID: "x", Type: TypeInnovation, Title: "t"}
	if err := inst.Validate(refdata.DefaultRegions()); err == nil || !strings.Contains(err.Error(), "institution: required") {
		t.Fatalf("innovation without institution: %v", err)
	}
}

func TestValidInstitutionCode(t *testing.T) {
	for code, want := range map[string]bool{"35": true, "35.78": true, "kemenkes": true, "atr-bpn": true,
		"": false, "3": false, "35.7": false, "35.78.01": false, "Kemenkes": false, "k": false, "1abc": false} {
		if ValidInstitutionCode(code) != want {
			t.Errorf("ValidInstitutionCode(%q) = %v", code, !want)
		}
	}
}

func TestDocumentPath(t *testing.T) {
	for _, c := range []struct {
		d    Document
		want string
	}{
		{Document{ID: "panrb-2018-sleman-si-bayi-lahir", Type: TypeInnovation}, "/inovasi/panrb-2018-sleman-si-bayi-lahir"},
		{Document{ID: "panduan:replikasi-inovasi", Type: TypeGuide}, "/panduan/replikasi-inovasi"},
		{Document{ID: "berita:kipp-2019", Type: TypeNews, Slug: "kipp-2019"}, "/berita/kipp-2019"},
		{Document{ID: "a:b c", Type: TypeInnovation}, "/inovasi/a:b%20c"},
	} {
		if got := c.d.Path(); got != c.want {
			t.Errorf("%s: Path() = %q, want %q", c.d.ID, got, c.want)
		}
	}
	for _, c := range []struct{ kind, target, id, path string }{
		{"inovasi", "x-1", "x-1", "/inovasi/x-1"},
		{"panduan", "replikasi", "panduan:replikasi", "/panduan/replikasi"},
		{"berita", "kipp", "berita:kipp", "/berita/kipp"},
	} {
		id, path, ok := LinkTarget(c.kind, c.target)
		if !ok || id != c.id || path != c.path {
			t.Errorf("LinkTarget(%q, %q) = %q, %q, %v", c.kind, c.target, id, path, ok)
		}
	}
	if _, _, ok := LinkTarget("http", "x"); ok {
		t.Error("unknown link kind accepted")
	}
}

// TestValidateRejectsNULAndBadUTF8: control bytes that would break every
// consumer of the data (C strings, XML sitemaps) never reach the store.
func TestValidateRejectsNULAndBadUTF8(t *testing.T) {
	for _, c := range []struct {
		name  string
		d     Document
		field string
	}{
		{"NUL in title", Document{ID: "x", Type: TypeNews, Title: "Judul\x00tersembunyi"}, "title"},
		{"NUL in body", Document{ID: "x", Type: TypeNews, Title: "t", Body: "a\x00b"}, "body"},
		{"bad UTF-8 in summary", Document{ID: "x", Type: TypeNews, Title: "t", Summary: "a\xffb"}, "summary"},
		{"NUL in a tag", Document{ID: "x", Type: TypeNews, Title: "t", Tags: []string{"ok", "a\x00"}}, "tags"},
	} {
		err := c.d.Validate(refdata.DefaultRegions())
		var ve *ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != c.field {
			t.Errorf("%s: %v, want one error on %s", c.name, err, c.field)
		}
	}
}
