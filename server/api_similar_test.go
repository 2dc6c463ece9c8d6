package server

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func getJSONSimilar(t *testing.T, url string, want int, into any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d: %s", url, resp.StatusCode, want, body)
	}
	if into != nil {
		if err := json.Unmarshal(body, into); err != nil {
			t.Fatalf("GET %s: %v: %s", url, err, body)
		}
	}
}

func postSimilar(t *testing.T, url, body string, want int) map[string]any {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("POST %s: status %d, want %d: %s", url, resp.StatusCode, want, b)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return out
}

type similarTestResponse struct {
	ID      string `json:"id"`
	Similar []struct {
		ID          string   `json:"id"`
		Type        string   `json:"type"`
		Title       string   `json:"title"`
		URL         string   `json:"url"`
		Score       float64  `json:"score"`
		SharedTerms []string `json:"shared_terms"`
		SameSector  bool     `json:"same_sector"`
		Reason      string   `json:"reason"`
		Region      *struct {
			ProvinceCode string `json:"province_code"`
		} `json:"region"`
	} `json:"similar"`
	Duplicates   []string `json:"duplicates"`
	RelatedPages []struct {
		ID   string `json:"id"`
		Type string `json:"type"`
	} `json:"related_pages"`
}

func TestAPISimilar(t *testing.T) {
	f := sharedFixture(t)
	base := f.http.URL + "/api/v1/documents/"
	const id = "panrb-2018-sleman-si-bayi-lahir"

	var res similarTestResponse
	getJSONSimilar(t, base+id+"/similar?size=5", http.StatusOK, &res)
	if res.ID != id || len(res.Similar) == 0 || len(res.Similar) > 5 {
		t.Fatalf("bad response: %+v", res)
	}
	for _, h := range res.Similar {
		if h.ID == id || h.ID == "kemendagri-2019-disdukcapil-sleman-paket-lahir" {
			t.Errorf("similar lists the record itself or its duplicate: %s", h.ID)
		}
		if h.Reason == "" || h.Score <= 0 || h.URL == "" || h.Type != "innovation" {
			t.Errorf("incomplete hit %+v", h)
		}
	}
	if !res.Similar[0].SameSector || len(res.Similar[0].SharedTerms) == 0 {
		t.Errorf("top hit not explained: %+v", res.Similar[0])
	}
	if len(res.Duplicates) != 1 || res.Duplicates[0] != "kemendagri-2019-disdukcapil-sleman-paket-lahir" {
		t.Errorf("duplicates = %v", res.Duplicates)
	}

	// Search filters apply.
	getJSONSimilar(t, base+id+"/similar?size=3&province=75", http.StatusOK, &res)
	for _, h := range res.Similar {
		if h.Region == nil || h.Region.ProvinceCode != "75" {
			t.Errorf("province filter ignored: %s", h.ID)
		}
	}

	// Errors are problem details.
	getJSONSimilar(t, base+"no-such-record/similar", http.StatusNotFound, nil)
	for _, q := range []string{"size=0", "size=21", "size=x", "province=99", "sector=nope", "year_from=3000"} {
		var p struct {
			Status int    `json:"status"`
			Param  string `json:"param"`
		}
		getJSONSimilar(t, base+id+"/similar?"+q, http.StatusBadRequest, &p)
		if p.Status != 400 || p.Param == "" {
			t.Errorf("%s: problem %+v", q, p)
		}
	}
}

func TestAPIDuplicates(t *testing.T) {
	f := sharedFixture(t)
	var res struct {
		ID         string `json:"id"`
		Duplicates []struct {
			ID              string  `json:"id"`
			Source          string  `json:"source"`
			Score           float64 `json:"score"`
			TextSimilarity  float64 `json:"text_similarity"`
			TitleSimilarity float64 `json:"title_similarity"`
		} `json:"duplicates"`
	}
	getJSONSimilar(t, f.http.URL+"/api/v1/documents/lan-2018-enrekang-info-harga-bawang/duplicates", http.StatusOK, &res)
	if len(res.Duplicates) != 1 || res.Duplicates[0].ID != "kemendagri-2019-enrekang-sms-papan-harga-bawang" ||
		res.Duplicates[0].Source != "kemendagri" || res.Duplicates[0].Score <= 0 {
		t.Fatalf("duplicates: %+v", res)
	}
	getJSONSimilar(t, f.http.URL+"/api/v1/documents/panrb-2014-gowa-kelas-membaca/duplicates", http.StatusOK, &res)
	if len(res.Duplicates) != 0 {
		t.Errorf("unexpected duplicates %+v", res.Duplicates)
	}
	getJSONSimilar(t, f.http.URL+"/api/v1/documents/NOT_VALID/duplicates", http.StatusBadRequest, nil)
	getJSONSimilar(t, f.http.URL+"/api/v1/documents/nope/duplicates", http.StatusNotFound, nil)
}

func TestAPISimilarText(t *testing.T) {
	f := sharedFixture(t)
	url := f.http.URL + "/api/v1/similar"
	out := postSimilar(t, url, `{"title":"Bank sampah plastik kelurahan","body":"Warga menabung sampah plastik terpilah dan menerima saldo tabungan.","sector":"lingkungan-hidup"}`, http.StatusOK)
	sim, _ := out["similar"].([]any)
	if len(sim) == 0 {
		t.Fatalf("no similar innovations: %v", out)
	}
	if _, ok := out["possible_duplicates"].([]any); !ok {
		t.Errorf("possible_duplicates missing: %v", out)
	}

	// A resubmission of a known record is caught as a possible duplicate.
	out = postSimilar(t, url, `{"title":"SIHARBAM: informasi harga bawang merah harian untuk petani",
		"body":"Dinas Pertanian Enrekang mengirim harga bawang merah harian lewat SMS dan papan harga di pasar kepada kelompok tani.",
		"region_code":"73.16"}`, http.StatusOK)
	dups, _ := out["possible_duplicates"].([]any)
	found := false
	for _, d := range dups {
		if m, _ := d.(map[string]any); m["id"] == "lan-2018-enrekang-info-harga-bawang" || m["id"] == "kemendagri-2019-enrekang-sms-papan-harga-bawang" {
			found = true
		}
	}
	if !found {
		t.Errorf("resubmission not flagged: %v", dups)
	}

	for _, body := range []string{`{}`, `{"title":"  "}`, `{"title":"x","extra":1}`, `not json`, ``,
		`{"title":"x","sector":"nope"}`, `{"title":"x","region_code":"99.99"}`} {
		p := postSimilar(t, url, body, http.StatusBadRequest)
		if p["status"] != float64(400) {
			t.Errorf("%q: %v", body, p)
		}
	}
	big := `{"title":"x","body":"` + strings.Repeat("a", 2<<20) + `"}`
	postSimilar(t, url, big, http.StatusRequestEntityTooLarge)
}
