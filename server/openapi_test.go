package server

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gorilla/mux"
)

// oaDoc is the parsed embedded OpenAPI document.
type oaDoc struct {
	OpenAPI    string                               `json:"openapi"`
	Servers    []struct{ URL string }               `json:"servers"`
	Paths      map[string]map[string]map[string]any `json:"paths"`
	Components struct {
		Schemas map[string]any `json:"schemas"`
	} `json:"components"`
}

func loadOpenAPI(t *testing.T) oaDoc {
	t.Helper()
	var d oaDoc
	if err := json.Unmarshal(openAPIDoc, &d); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if d.OpenAPI != "3.1.0" || len(d.Servers) != 1 || d.Servers[0].URL != "/api/v1" {
		t.Fatalf("openapi.json: version %q servers %+v", d.OpenAPI, d.Servers)
	}
	return d
}

// validator checks a decoded JSON value against the JSON Schema subset the
// document uses: type (a name or a list, for nullable), required,
// properties, additionalProperties (false or a schema), items, enum,
// minimum/maximum, minLength/maxLength, and $ref to #/components/schemas.
type validator struct{ schemas map[string]any }

func (v validator) validate(schema any, val any, at string) []string {
	s, ok := schema.(map[string]any)
	if !ok {
		return []string{at + ": schema is not an object"}
	}
	if ref, ok := s["$ref"].(string); ok {
		name, found := strings.CutPrefix(ref, "#/components/schemas/")
		target, exists := v.schemas[name]
		if !found || !exists {
			return []string{at + ": unresolvable $ref " + ref}
		}
		return v.validate(target, val, at)
	}
	var errs []string
	if t, ok := s["type"]; ok {
		var names []string
		switch t := t.(type) {
		case string:
			names = []string{t}
		case []any:
			for _, n := range t {
				names = append(names, n.(string))
			}
		}
		if !slices.ContainsFunc(names, func(n string) bool { return jsonTypeIs(n, val) }) {
			return []string{fmt.Sprintf("%s: %s is not of type %v", at, jsonTypeName(val), names)}
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, val) {
		errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", at, val, enum))
	}
	switch val := val.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := val[r]; !ok {
				errs = append(errs, at+": required field "+strconv.Quote(r)+" missing")
			}
		}
		keys := make([]string, 0, len(val))
		for k := range val {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ps, ok := props[k]; ok {
				errs = append(errs, v.validate(ps, val[k], at+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					errs = append(errs, at+": field "+strconv.Quote(k)+" is not declared in the schema")
				}
			case map[string]any:
				errs = append(errs, v.validate(ap, val[k], at+"."+k)...)
			}
		}
	case []any:
		if items, ok := s["items"]; ok {
			for i, it := range val {
				errs = append(errs, v.validate(items, it, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case float64:
		if m, ok := s["minimum"].(float64); ok && val < m {
			errs = append(errs, fmt.Sprintf("%s: %v below minimum %v", at, val, m))
		}
		if m, ok := s["maximum"].(float64); ok && val > m {
			errs = append(errs, fmt.Sprintf("%s: %v above maximum %v", at, val, m))
		}
	case string:
		if m, ok := s["minLength"].(float64); ok && float64(len([]rune(val))) < m {
			errs = append(errs, fmt.Sprintf("%s: shorter than %v", at, m))
		}
		if m, ok := s["maxLength"].(float64); ok && float64(len([]rune(val))) > m {
			errs = append(errs, fmt.Sprintf("%s: longer than %v", at, m))
		}
	}
	return errs
}

func asStrings(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			out = append(out, x.(string))
		}
	}
	return out
}

func jsonTypeIs(name string, v any) bool {
	switch name {
	case "null":
		return v == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == math.Trunc(f)
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return false
}

func jsonTypeName(v any) string {
	for _, n := range []string{"null", "boolean", "string", "integer", "number", "array", "object"} {
		if jsonTypeIs(n, v) {
			return n
		}
	}
	return fmt.Sprintf("%T", v)
}

// TestOpenAPIValidator makes sure the validator catches what the live test
// relies on: undeclared fields, missing required ones, wrong types, enums.
func TestOpenAPIValidator(t *testing.T) {
	d := loadOpenAPI(t)
	v := validator{d.Components.Schemas}
	ref := map[string]any{"$ref": "#/components/schemas/Suggestion"}
	good := map[string]any{"text": "puskesmas", "type": "term"}
	if errs := v.validate(ref, good, "$"); len(errs) > 0 {
		t.Errorf("valid value rejected: %v", errs)
	}
	for name, bad := range map[string]any{
		"undeclared field": map[string]any{"text": "a", "type": "term", "extra": 1},
		"missing required": map[string]any{"type": "term"},
		"wrong type":       map[string]any{"text": 3, "type": "term"},
		"enum":             map[string]any{"text": "a", "type": "word"},
		"not an object":    []any{},
	} {
		if errs := v.validate(ref, bad, "$"); len(errs) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
	nested := map[string]any{"query": "x", "suggestions": []any{map[string]any{"text": "a", "type": "title", "doc_type": "blog"}}}
	if errs := v.validate(map[string]any{"$ref": "#/components/schemas/SuggestResponse"}, nested, "$"); len(errs) == 0 {
		t.Error("bad enum inside an array accepted")
	}
	nullable := map[string]any{"type": []any{"array", "null"}}
	if len(v.validate(nullable, nil, "$")) > 0 || len(v.validate(nullable, "x", "$")) == 0 {
		t.Error("nullable type list not honoured")
	}
	if len(v.validate(map[string]any{"type": "integer"}, 1.5, "$")) == 0 {
		t.Error("1.5 accepted as integer")
	}
}

// TestOpenAPIStrictSchemas: every object schema in components closes its
// field set, so a handler that adds a field fails TestOpenAPILiveResponses
// until the document declares it.
func TestOpenAPIStrictSchemas(t *testing.T) {
	d := loadOpenAPI(t)
	for name, s := range d.Components.Schemas {
		m := s.(map[string]any)
		if m["type"] == "object" {
			if _, ok := m["additionalProperties"]; !ok {
				t.Errorf("schema %s does not set additionalProperties", name)
			}
		}
	}
}

// TestOpenAPICoversRoutes: the document and the router list the same
// /api/v1 operations.
func TestOpenAPICoversRoutes(t *testing.T) {
	d := loadOpenAPI(t)
	f := sharedFixture(t)
	routed := map[string]bool{}
	err := f.server.router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := route.GetPathTemplate()
		if err != nil {
			return nil
		}
		p, ok := strings.CutPrefix(tpl, "/api/v1")
		if !ok || p == "" || p == "/" {
			return nil
		}
		methods, err := route.GetMethods()
		if err != nil {
			return nil // the catch-all preflight route
		}
		for _, m := range methods {
			if m == http.MethodHead || m == http.MethodOptions {
				continue
			}
			routed[strings.ToLower(m)+" "+p] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for p, ops := range d.Paths {
		for m := range ops {
			documented[m+" "+p] = true
		}
	}
	for op := range routed {
		if !documented[op] {
			t.Errorf("handler %s is not in openapi.json", op)
		}
	}
	for op := range documented {
		if !routed[op] {
			t.Errorf("openapi.json documents %s, which no handler serves", op)
		}
	}
}

// oaOperation finds the documented operation whose path template matches p
// (relative to /api/v1); a template with more literal segments wins
// ("/institutions/resolve" over "/institutions/{code}").
func oaOperation(d oaDoc, p, method string) (string, map[string]any) {
	segs := strings.Split(p, "/")
	best, bestLiterals := "", -1
	var bestOp map[string]any
	for tpl, ops := range d.Paths {
		ts := strings.Split(tpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		match, literals := true, 0
		for i := range ts {
			switch {
			case strings.HasPrefix(ts[i], "{") && segs[i] != "":
			case ts[i] == segs[i]:
				literals++
			default:
				match = false
			}
			if !match {
				break
			}
		}
		if op, ok := ops[method]; match && ok && literals > bestLiterals {
			best, bestLiterals, bestOp = tpl, literals, op
		}
	}
	return best, bestOp
}

// liveCase is one request of TestOpenAPILiveResponses.
type liveCase struct {
	url    string
	status int
	param  string // for 400s: the parameter the problem must name
	body   string // non-empty: POST this JSON
	auth   string // the fixture account whose token to send
}

// TestOpenAPILiveResponses fetches every GET endpoint (and the read-only
// POST /similar) through the loopback server, good and bad requests alike,
// and validates status, content type and body against the document.
func TestOpenAPILiveResponses(t *testing.T) {
	d := loadOpenAPI(t)
	v := validator{d.Components.Schemas}
	f := sharedFixture(t)
	long := strings.Repeat("a", 101)
	cases := []liveCase{
		{url: "/search?q=akta+kelahiran", status: 200},
		{url: "/search?q=sampah&province=33&facets=province,region,type&size=3", status: 200},
		{url: "/search?q=puskesmas&type=guide", status: 200},
		{url: "/search?q=inovasi+kesehatan+jawa+timur+2022", status: 200},
		{url: "/search?q=kesehtan+jiwa", status: 200},
		{url: "/search", status: 200},
		{url: "/search?q=xqzzvkk", status: 200},
		{url: "/search?sort=newest&size=2", status: 200},
		{url: "/search?q=desa&sector=pemberdayaan-desa,kominfo&year_from=2015&year_to=2022&sort=year&facets=none", status: 200},
		{url: "/search?size=abc", status: 400, param: "size"},
		{url: "/search?sort=bogus", status: 400, param: "sort"},
		{url: "/search?province=99x", status: 400, param: "province"},
		{url: "/search?year_from=2022&year_to=2010", status: 400, param: "year_from"},
		{url: "/documents/panrb-2018-sleman-si-bayi-lahir", status: 200},
		{url: "/documents/panduan:replikasi-inovasi", status: 200},
		{url: "/documents/panrb-2022-imigrasi-m-paspor", status: 200},
		{url: "/documents/tidak-ada-dokumen-ini", status: 404},
		{url: "/documents/Bad%20Id", status: 400, param: "id"},
		{url: "/documents/panrb-2018-sleman-si-bayi-lahir/history", status: 200},
		{url: "/documents/tidak-ada-dokumen-ini/history", status: 404},
		{url: "/pages", status: 200},
		{url: "/pages?type=news&size=5&page=2", status: 200},
		{url: "/pages?type=blog", status: 400, param: "type"},
		{url: "/pages?size=0", status: 400, param: "size"},
		{url: "/pages/replikasi-inovasi", status: 200},
		{url: "/pages/kipp-2019-top-99-diumumkan", status: 200},
		{url: "/pages/tidak-ada-halaman", status: 404},
		{url: "/regions", status: 200},
		{url: "/sectors", status: 200},
		{url: "/suggest?q=pusk", status: 200},
		{url: "/suggest?q=puskesmas%20ter&size=3", status: 200},
		{url: "/suggest?q=zzzzqqq", status: 200},
		{url: "/suggest", status: 400, param: "q"},
		{url: "/suggest?q=%20%20", status: 400, param: "q"},
		{url: "/suggest?q=" + long, status: 400, param: "q"},
		{url: "/suggest?q=pusk&size=0", status: 400, param: "size"},
		{url: "/suggest?q=pusk&size=21", status: 400, param: "size"},
		{url: "/openapi.json", status: 200},
		{url: "/insight", status: 401},
		{url: "/documents/panrb-2020-gorontalo-posyandu-dapur-gizi/similar", status: 200},
		{url: "/documents/lan-2018-enrekang-info-harga-bawang/similar?size=3&province=73", status: 200},
		{url: "/documents/panduan:replikasi-inovasi/similar", status: 200},
		{url: "/documents/tidak-ada-dokumen-ini/similar", status: 404},
		{url: "/documents/panrb-2020-gorontalo-posyandu-dapur-gizi/similar?size=0", status: 400, param: "size"},
		{url: "/documents/lan-2018-enrekang-info-harga-bawang/duplicates", status: 200},
		{url: "/documents/panrb-2018-ternate-izin-online/duplicates", status: 200},
		{url: "/documents/panduan:replikasi-inovasi/duplicates", status: 200},
		{url: "/documents/tidak-ada-dokumen-ini/duplicates", status: 404},
	}
	// A cursor from a live page, to validate deep paging too.
	var first struct {
		NextCursor string `json:"next_cursor"`
	}
	getJSON(t, f, "/api/v1/search?sort=newest&size=2", &first)
	if first.NextCursor != "" {
		cases = append(cases, liveCase{url: "/search?sort=newest&size=2&cursor=" + url.QueryEscape(first.NextCursor), status: 200})
	}
	cases = append(cases,
		liveCase{url: "/similar", status: 200, body: `{"title":"Pencegahan stunting dengan dapur gizi desa","body":"Kader posyandu memberi makanan tambahan bagi balita.","sector":"kesehatan"}`},
		liveCase{url: "/similar?size=2", status: 200, body: `{"title":"SIHARBAM: Sistem Informasi Harga Bawang Merah Harian bagi Petani Enrekang","region_code":"73.16"}`},
		liveCase{url: "/similar", status: 400, param: "title", body: `{"title":" "}`},
		liveCase{url: "/similar", status: 400, param: "sector", body: `{"title":"x","sector":"bukan-sektor"}`},
		liveCase{url: "/similar", status: 400, body: `{"judul":"x"}`},
	)
	cases = append(cases, hubLiveCases(f)...)
	covered := map[string]bool{}
	for _, c := range cases {
		method := http.MethodGet
		if c.body != "" {
			method = http.MethodPost
		}
		t.Run(method+" "+c.url, func(t *testing.T) {
			var req *http.Request
			if method == http.MethodPost {
				req, _ = http.NewRequest(method, f.http.URL+"/api/v1"+c.url, strings.NewReader(c.body))
				req.Header.Set("Content-Type", "application/json")
			} else {
				req, _ = http.NewRequest(method, f.http.URL+"/api/v1"+c.url, nil)
			}
			if c.auth != "" {
				req.Header.Set("Authorization", "Bearer "+f.tokens[c.auth])
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			tpl, val := checkLiveResponse(t, d, v, method, c.url, c.status, resp, body)
			covered[strings.ToLower(method)+" "+tpl] = true
			if method == http.MethodGet && c.status == 200 && (resp.Header.Get("ETag") == "" || resp.Header.Get("Cache-Control") == "") {
				t.Errorf("GET without ETag/Cache-Control: %v", resp.Header)
			}
			if c.status >= 400 && c.param != "" && val.(map[string]any)["param"] != c.param {
				t.Errorf("problem names param %v, want %s", val.(map[string]any)["param"], c.param)
			}
		})
	}
	for tpl, ops := range d.Paths {
		if _, ok := ops["get"]; ok && !covered["get "+tpl] {
			t.Errorf("GET %s has no live case", tpl)
		}
	}
}

// checkLiveResponse checks a live answer against the document: the status
// is the one wanted and documented for the operation, the content type is
// documented, and the body validates against its schema. It returns the
// operation's path template and the decoded body (nil without one).
func checkLiveResponse(t *testing.T, d oaDoc, v validator, method, rawURL string, status int, resp *http.Response, body []byte) (string, any) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d: %s", method, rawURL, resp.StatusCode, status, body)
	}
	path, _, _ := strings.Cut(rawURL, "?")
	if u, err := url.PathUnescape(path); err == nil {
		path = u
	}
	tpl, op := oaOperation(d, path, strings.ToLower(method))
	if op == nil {
		t.Fatalf("no documented %s operation for %s", method, path)
	}
	responses := op["responses"].(map[string]any)
	r, ok := responses[strconv.Itoa(status)].(map[string]any)
	if !ok {
		t.Fatalf("status %d not documented for %s %s", status, method, tpl)
	}
	if len(body) == 0 {
		if r["content"] != nil {
			t.Errorf("%s %s %d: empty body, but content is documented", method, tpl, status)
		}
		return tpl, nil
	}
	ct, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
	content, _ := r["content"].(map[string]any)
	media, ok := content[ct].(map[string]any)
	if !ok {
		t.Fatalf("content type %q not documented for %s %s %d", ct, method, tpl, status)
	}
	var val any
	if err := json.Unmarshal(body, &val); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	for _, e := range v.validate(media["schema"], val, "$") {
		t.Errorf("%s %s: %s", method, rawURL, e)
	}
	if status >= 400 && ct != "application/problem+json" {
		t.Errorf("error content type %q", ct)
	}
	return tpl, val
}

// TestOpenAPIServed: the document is served with validators and answers a
// conditional request with 304.
func TestOpenAPIServed(t *testing.T) {
	f := sharedFixture(t)
	resp, err := http.Get(f.http.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != string(openAPIDoc) {
		t.Fatalf("status %d, %d bytes", resp.StatusCode, len(body))
	}
	etag := resp.Header.Get("ETag")
	if etag == "" || !strings.Contains(resp.Header.Get("Cache-Control"), "max-age") {
		t.Fatalf("headers %v", resp.Header)
	}
	req, _ := http.NewRequest(http.MethodGet, f.http.URL+"/api/v1/openapi.json", nil)
	req.Header.Set("If-None-Match", etag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: %d", resp.StatusCode)
	}
}
