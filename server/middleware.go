package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"jippnas/content"
)

var errNotFoundPath = fmt.Errorf("no such page: %w", content.ErrNotFound)

// statusRecorder remembers the status and size for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// observe is the outermost middleware: it works out who the client is,
// keeps the request in the in-flight list for shutdown, and afterwards
// writes one structured log line and the request metrics.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := s.newReqInfo(r)
		r = withInfo(r, ri)
		act := &activeRequest{method: r.Method, path: r.URL.Path, info: ri, start: start}
		s.active.add(act)
		s.metrics.inFlight.Inc()
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			s.active.remove(act)
			s.metrics.inFlight.Dec()
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			took := time.Since(start)
			s.metrics.observe(ri.route, r.Method, rec.status, took)
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "query", loggedQuery(r.URL),
				"status", rec.status, "bytes", rec.bytes, "ms", float64(took.Microseconds())/1000,
				"remote", ri.client.String(), "route", ri.route)
		}()
		next.ServeHTTP(rec, r)
	})
}

// securityHeaders sets the headers every response carries. The site loads
// nothing from elsewhere, so the policy can be strict. HSTS is sent only on
// requests that came over TLS (directly, or by a trusted proxy's word):
// over plain HTTP browsers ignore it, and a site still tried without TLS
// must not lock its visitors out.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if infoOf(r).tls {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// cors answers preflights and sets CORS headers for allowed origins only.
func (s *Server) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		allowed := origin != "" && (slices.Contains(s.cfg.CORSOrigins, "*") || slices.Contains(s.cfg.CORSOrigins, origin))
		if allowed {
			h := w.Header()
			if slices.Contains(s.cfg.CORSOrigins, "*") {
				h.Set("Access-Control-Allow-Origin", "*")
			} else {
				h.Set("Access-Control-Allow-Origin", origin)
				h.Add("Vary", "Origin")
			}
			h.Set("Access-Control-Expose-Headers", "ETag, Location, Retry-After")
			if r.Method == http.MethodOptions {
				h.Set("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS")
				h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, If-None-Match")
				h.Set("Access-Control-Max-Age", "600")
			}
		}
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// etagBased is a response whose body holds something that varies between
// identical answers (the time a search took): its ETag is a hash of
// etagBasis instead of the body, so that conditional requests get 304.
type etagBased interface{ etagBasis() string }

// writeJSON encodes v; GET answers get an ETag (a hash of the body, or of
// v's etagBasis) and Cache-Control, and a matching If-None-Match gets 304.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any, cacheable bool) {
	s.writeJSONTagged(w, r, status, v, cacheable, "")
}

// writeJSONTagged is writeJSON with a version tag in front of the ETag's
// hash ("v12-…"): If-Match on a write compares the version (see
// ifMatchVersion). Write answers carry the tagged ETag too.
func (s *Server) writeJSONTagged(w http.ResponseWriter, r *http.Request, status int, v any, cacheable bool, tag string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	sum := sha256.Sum256(buf.Bytes())
	if eb, ok := v.(etagBased); ok {
		sum = sha256.Sum256([]byte(eb.etagBasis()))
	}
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
	if tag != "" {
		etag = `"` + tag + "-" + etag[1:]
	}
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && status == http.StatusOK {
		h.Set("ETag", etag)
		if cacheable {
			h.Set("Cache-Control", "public, max-age=60")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		if matchETag(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else {
		h.Set("Cache-Control", "no-store")
		if tag != "" && status < 300 {
			h.Set("ETag", etag)
		}
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

func matchETag(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "W/"))
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// loggedQuery is the query string as the request log keeps it: what people
// search for (q) can hold personal data (a NIK, a name), so the log keeps
// only its length; search insight keeps the words, aggregated and redacted
// (see /privasi).
func loggedQuery(u *url.URL) string {
	if u.RawQuery == "" || !strings.Contains(u.RawQuery, "q=") {
		return u.RawQuery
	}
	q := u.Query()
	for _, k := range []string{"q"} {
		if vs, ok := q[k]; ok {
			for i, v := range vs {
				vs[i] = fmt.Sprintf("[%d karakter]", utf8.RuneCountInString(v))
			}
		}
	}
	return q.Encode()
}
