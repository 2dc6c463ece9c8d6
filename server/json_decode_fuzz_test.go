package server

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"jippnas/content"
)

// FuzzDecodeJSON: any body either decodes into a document without NUL and
// from valid UTF-8, or is refused as invalid; never a panic or another
// kind of error.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{`{"type":"news","title":"Kabar"}`, `{"title":"a\u0000b"}`, "{\"title\":\"\xff\"}", `{} {}`,
		`{"tags":["a","b\u0000"]}`, `{"year":"x"}`, ``, `{"x":1}`, `[`, `null`, `{"title":"ok"}   `} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("PUT", "/api/v1/documents/x", strings.NewReader(body))
		var d content.Document
		err := decodeJSON(req, &d)
		if err != nil {
			if !errors.Is(err, content.ErrInvalid) {
				t.Fatalf("%q: error %v is not ErrInvalid", body, err)
			}
			return
		}
		for _, s := range append([]string{d.ID, d.Type, d.Title, d.Summary, d.Body, d.Institution}, d.Tags...) {
			if strings.IndexByte(s, 0) >= 0 {
				t.Fatalf("%q: decoded a NUL", body)
			}
		}
	})
}

// FuzzForwardedFor: whatever a trusted proxy forwards, the client is a
// valid address and never one of the trusted proxies unless every hop is.
func FuzzForwardedFor(f *testing.F) {
	for _, seed := range []string{"203.0.113.7", "203.0.113.7, 10.0.0.2", "garbage, 198.51.100.1", "", ",,,", "2001:db8::1", "::ffff:10.0.0.1"} {
		f.Add(seed, "https")
	}
	s := &Server{cfg: Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}}}
	f.Fuzz(func(t *testing.T, xff, proto string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = "127.0.0.1:5000"
		r.Header.Set("X-Forwarded-For", xff)
		r.Header.Set("X-Forwarded-Proto", proto)
		ri := s.newReqInfo(r)
		if !ri.client.IsValid() {
			t.Fatalf("%q: invalid client", xff)
		}
		last := ""
		for _, item := range strings.Split(proto, ",") {
			if item = strings.TrimSpace(item); item != "" {
				last = item
			}
		}
		if ri.tls != strings.EqualFold(last, "https") && last != "" {
			t.Fatalf("proto %q: tls %v", proto, ri.tls)
		}
	})
}
