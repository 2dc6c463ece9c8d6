package server

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"net/http"
)

// openAPIDoc describes every /api/v1 endpoint; openapi_test.go validates
// live responses against it, so it cannot drift from the handlers unseen.
//
//go:embed openapi.json
var openAPIDoc []byte

var openAPIETag = func() string {
	sum := sha256.Sum256(openAPIDoc)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
}()

// apiOpenAPI serves the embedded document as is: it is already JSON, and
// re-encoding would reorder its keys.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("ETag", openAPIETag)
	h.Set("Cache-Control", "public, max-age=3600")
	if matchETag(r.Header.Get("If-None-Match"), openAPIETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(openAPIDoc)
	}
}
