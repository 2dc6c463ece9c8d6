package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jippnas/content"
	"jippnas/content/importer"
	"jippnas/content/store"
	"jippnas/index"
)

// emptyServer is a server over an empty in-memory store.
func emptyServer(t *testing.T, cfg Config) (*store.Store, *index.Index, *httptest.Server) {
	t.Helper()
	st, err := store.Open(store.Config{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(context.Background(), index.Config{InMemory: true}, st)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.AdminToken == "" {
		cfg.AdminToken = testToken
	}
	if cfg.OpenDataDir == "" {
		cfg.OpenDataDir = t.TempDir()
	}
	hs := httptest.NewServer(New(cfg, st, ix).Handler())
	t.Cleanup(func() { hs.Close(); ix.Close(); st.Close() })
	return st, ix, hs
}

func download(t *testing.T, base, path string) ([]byte, http.Header) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %d %v", path, resp.StatusCode, err)
	}
	return b, resp.Header
}

// asAdmin sends a request with the admin token.
func asAdmin(t *testing.T, method, u string, body []byte) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, u, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// comparable drops what the store sets itself.
func comparable(d content.Document) content.Document {
	d.Revision, d.UpdatedAt = 0, ""
	return d
}

func innovationsOf(docs []content.Document) []content.Document {
	var out []content.Document
	for _, d := range docs {
		if d.Type == content.TypeInnovation {
			out = append(out, d)
		}
	}
	return out
}

func sameDocuments(t *testing.T, what string, want []content.Document, st *store.Store) {
	t.Helper()
	n, err := st.Count()
	if err != nil {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Errorf("%s: %d documents re-imported, want %d", what, n, len(want))
	}
	for _, d := range want {
		got, err := st.Get(d.ID)
		if err != nil {
			t.Errorf("%s: %s: %v", what, d.ID, err)
			continue
		}
		if !reflect.DeepEqual(comparable(got), comparable(d)) {
			t.Errorf("%s: %s differs after the round trip:\n got %+v\nwant %+v", what, d.ID, comparable(got), comparable(d))
		}
	}
}

func TestOpenDataRoundTrip(t *testing.T) {
	f := sharedFixture(t)
	want := innovationsOf(f.docs)

	// JSON Lines into an empty server through the bulk API.
	jsonl, h := download(t, f.http.URL, "/data/jippnas-inovasi.jsonl")
	if !strings.HasPrefix(h.Get("Content-Type"), "application/jsonl") || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
		t.Errorf("JSONL headers %v", h)
	}
	st, _, hs := emptyServer(t, Config{})
	if status, body := asAdmin(t, http.MethodPost, hs.URL+"/api/v1/documents", jsonl); status != 200 {
		t.Fatalf("bulk import of the JSONL: %d %s", status, body)
	}
	sameDocuments(t, "JSONL", want, st)

	// CSV into an empty store, as `jippnas import` does.
	csvData, _ := download(t, f.http.URL, "/data/jippnas-inovasi.csv")
	st2, err := store.Open(store.Config{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	res, err := st2.Import(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(csvData)), nil },
		"jippnas-inovasi.csv", importer.FormatCSV, store.ImportOptions{})
	if err != nil {
		t.Fatalf("CSV import: %v %+v", err, res.Errors)
	}
	// The CSV is a flat table: provenance travels in the JSON Lines (the
	// XLSX has it readable, as reported_by); an import through the hub
	// records its own.
	noProv := make([]content.Document, len(want))
	for i, d := range want {
		d.Provenance = nil
		noProv[i] = d
	}
	sameDocuments(t, "CSV", noProv, st2)

	// XLSX opens with excelize and holds the same rows.
	xlsxData, _ := download(t, f.http.URL, "/data/jippnas-inovasi.xlsx")
	x, err := excelize.OpenReader(bytes.NewReader(xlsxData))
	if err != nil {
		t.Fatalf("XLSX does not open: %v", err)
	}
	defer x.Close()
	if sheets := x.GetSheetList(); !slices.Equal(sheets, []string{"Inovasi", "Kamus Data", "Bidang", "Lisensi"}) {
		t.Errorf("sheets %v", sheets)
	}
	rows, err := x.GetRows("Inovasi")
	if err != nil {
		t.Fatal(err)
	}
	header := xlsxColumns
	if !slices.Equal(rows[0], header) || slices.Contains(header, "body") || !slices.Contains(header, "summary") {
		t.Errorf("XLSX header %v", rows[0])
	}
	if len(rows)-1 != len(want) {
		t.Errorf("XLSX has %d rows, want %d", len(rows)-1, len(want))
	}
	col := func(name string) int { return slices.Index(header, name) }
	byID := map[string]content.Document{}
	for _, d := range want {
		byID[d.ID] = d
	}
	for _, row := range rows[1:] {
		d, ok := byID[row[col("id")]]
		if !ok {
			t.Errorf("XLSX row for unknown id %q", row[0])
			continue
		}
		if row[col("title")] != d.Title || row[col("summary")] != d.Summary || row[col("region_code")] != d.RegionCode ||
			local(row[col("page_url")]) != d.Path() || row[col("sector_name")] == "" || row[col("reported_by")] != reportedBy(d) || row[col("reported_by")] == "" {
			t.Errorf("XLSX row %s differs: %q", d.ID, row[:8])
		}
		if d.Year != 0 && row[col("year")] != strconv.Itoa(d.Year) {
			t.Errorf("XLSX year %q for %d", row[col("year")], d.Year)
		}
	}
	dict, _ := x.GetRows("Kamus Data")
	if len(dict) != len(dataDictionary)+1 {
		t.Errorf("dictionary sheet has %d rows", len(dict))
	}
}

// TestOpenDataDictionaryCoversFields: every field of an innovation in the
// document contract is a column and is explained.
func TestOpenDataDictionaryCoversFields(t *testing.T) {
	pageOnly := map[string]bool{"slug": true, "authors": true, "related": true, "updated": true,
		// The unit's contact person is for the hub's verifiers; the public
		// profile does not show it, so neither does the open data.
		"contact": true}
	typ := reflect.TypeFor[content.Document]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if pageOnly[name] {
			continue
		}
		if !slices.Contains(contractColumns, name) && !slices.ContainsFunc(dataDictionary, func(f dictField) bool { return f.Name == name && f.JSONLOnly }) {
			t.Errorf("field %s is not a column of the open data", name)
		}
	}
	for _, f := range dataDictionary {
		if f.Label == "" || f.Description == "" || f.Values == "" || f.Source == "" {
			t.Errorf("dictionary entry %s is incomplete", f.Name)
		}
	}
	if len(contractRow(content.Document{})) != len(contractColumns) {
		t.Error("contractRow and contractColumns disagree")
	}
}

func TestOpenDataRegeneratesWhenDataChanges(t *testing.T) {
	t.Parallel()
	st, ix, hs := emptyServer(t, Config{OpenDataRefresh: time.Nanosecond})
	rowsOf := func() (int, string) {
		b, h := download(t, hs.URL, "/data/jippnas-inovasi.csv")
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return len(recs) - 1, h.Get("ETag")
	}
	if n, _ := rowsOf(); n != 0 {
		t.Fatalf("%d rows in an empty store", n)
	}
	put := func(id string) {
		if _, err := st.Put(content.Document{ID: id, Type: content.TypeInnovation, Title: "Inovasi " + id,
			Institution: "Dinas Kesehatan Kota Surabaya", RegionCode: "35.78", Sector: "kesehatan", Year: 2024}); err != nil {
			t.Fatal(err)
		}
		ix.CatchUp()
	}
	put("uji-satu")
	n1, etag1 := rowsOf()
	put("uji-dua")
	n2, etag2 := rowsOf()
	if n1 != 1 || n2 != 2 || etag1 == etag2 {
		t.Errorf("rows %d then %d, ETags %s %s", n1, n2, etag1, etag2)
	}
	// A conditional request for the current version is answered with 304,
	// and a range request with 206.
	req, _ := http.NewRequest(http.MethodGet, hs.URL+"/data/jippnas-inovasi.csv", nil)
	req.Header.Set("If-None-Match", etag2)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", resp.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodGet, hs.URL+"/data/jippnas-inovasi.jsonl", nil)
	req.Header.Set("Range", "bytes=0-9")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || len(part) != 10 {
		t.Errorf("range request: %d, %d bytes", resp.StatusCode, len(part))
	}
	resp, _ = http.Get(hs.URL + "/data/jippnas-inovasi.pdf")
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("unknown format: %d", resp.StatusCode)
	}
}

// TestOpenDataRefreshBound: while the data keeps changing, the files are
// not rebuilt more often than OpenDataRefresh.
func TestOpenDataRefreshBound(t *testing.T) {
	t.Parallel()
	st, _, hs := emptyServer(t, Config{OpenDataRefresh: time.Hour})
	download(t, hs.URL, "/data/jippnas-inovasi.jsonl")
	if _, err := st.Put(content.Document{ID: "uji", Type: content.TypeInnovation, Title: "Uji", Institution: "Dinas"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := download(t, hs.URL, "/data/jippnas-inovasi.jsonl"); len(b) != 0 {
		t.Errorf("rebuilt within the refresh period: %q", b)
	}
}

func TestDCATCatalog(t *testing.T) {
	f := sharedFixture(t)
	b, h := download(t, f.http.URL, "/data/katalog.jsonld")
	if !strings.HasPrefix(h.Get("Content-Type"), "application/ld+json") {
		t.Errorf("content type %q", h.Get("Content-Type"))
	}
	var cat struct {
		Context map[string]string `json:"@context"`
		Type    string            `json:"@type"`
		Title   string            `json:"dct:title"`
		License struct {
			ID string `json:"@id"`
		} `json:"dct:license"`
		Datasets []struct {
			Type          string `json:"@type"`
			Title         string `json:"dct:title"`
			Description   string `json:"dct:description"`
			Publisher     map[string]any
			Distributions []struct {
				Type        string `json:"@type"`
				DownloadURL struct {
					ID string `json:"@id"`
				} `json:"dcat:downloadURL"`
				MediaType struct {
					ID string `json:"@id"`
				} `json:"dcat:mediaType"`
				ByteSize struct {
					Value string `json:"@value"`
				} `json:"dcat:byteSize"`
				Checksum struct {
					Value struct {
						Value string `json:"@value"`
					} `json:"spdx:checksumValue"`
				} `json:"spdx:checksum"`
			} `json:"dcat:distribution"`
		} `json:"dcat:dataset"`
		Services []struct {
			Type string `json:"@type"`
		} `json:"dcat:service"`
	}
	if err := json.Unmarshal(b, &cat); err != nil {
		t.Fatalf("catalogue: %v", err)
	}
	if cat.Context["dcat"] != "http://www.w3.org/ns/dcat#" || cat.Type != "dcat:Catalog" || cat.License.ID != dataLicenseURL ||
		len(cat.Datasets) != 1 || cat.Datasets[0].Type != "dcat:Dataset" || len(cat.Services) != 1 {
		t.Fatalf("catalogue %+v", cat)
	}
	ds := cat.Datasets[0]
	if len(ds.Distributions) != len(dataFormats) {
		t.Errorf("%d distributions", len(ds.Distributions))
	}
	for _, d := range ds.Distributions {
		file, _ := download(t, f.http.URL, local(d.DownloadURL.ID))
		sum := sha256.Sum256(file)
		if d.Type != "dcat:Distribution" || d.ByteSize.Value != strconv.Itoa(len(file)) || d.Checksum.Value.Value != hex.EncodeToString(sum[:]) ||
			!strings.HasPrefix(d.MediaType.ID, "https://www.iana.org/assignments/media-types/") {
			t.Errorf("distribution %+v does not describe its file (%d bytes)", d, len(file))
		}
	}
	// The data page shows the files, the licence and the dictionary.
	_, page := getPage(t, f.http.URL, "/data")
	for _, want := range []string{"/data/jippnas-inovasi.csv", "/data/jippnas-inovasi.jsonl", "/data/jippnas-inovasi.xlsx",
		dataLicenseURL, "/data/katalog.jsonld", `id="kolom-region_code"`, `id="kolom-validation_status"`} {
		if !strings.Contains(page, want) {
			t.Errorf("/data lacks %q", want)
		}
	}
	dict, _ := download(t, f.http.URL, "/data/kamus-data.csv")
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(dict, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil || len(recs) != len(dataDictionary)+1 {
		t.Errorf("dictionary CSV: %d rows, %v", len(recs), err)
	}
}
