package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"jippnas/content/hub"
	"jippnas/content/store"
)

// openDefaultHub opens the workflow over a store with the default
// registry, for servers built without one (tests, tools). A failure leaves
// the server without writes (503) instead of stopping it.
func openDefaultHub(st *store.Store, log *slog.Logger) *hub.Hub {
	reg, err := hub.NewRegistry(st.Regions())
	if err == nil {
		var h *hub.Hub
		if h, err = hub.Open(st, hub.Config{Registry: reg}); err == nil {
			return h
		}
	}
	log.Error("hub unavailable: writes are refused", "err", err)
	return nil
}

// apiActor authenticates an API request by its bearer token: the
// bootstrap admin token or an account's token. Wrong tokens are throttled
// per IP address.
func (s *Server) apiActor(r *http.Request) (hub.Actor, error) {
	if s.hub == nil {
		return hub.Actor{}, errNoHub
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	tok = strings.TrimSpace(tok)
	if !ok || tok == "" {
		return hub.Actor{}, fmt.Errorf("this request needs an API token (Authorization: Bearer TOKEN): %w", hub.ErrUnauthenticated)
	}
	ip := clientIP(r)
	if wait := s.tokenIP.blocked(ip); wait > 0 {
		return hub.Actor{}, &throttledError{retry: wait}
	}
	if s.cfg.AdminToken != "" && constantTimeEqual(tok, s.cfg.AdminToken) {
		return hub.SystemActor("Token admin", hub.ViaAdminToken), nil
	}
	a, err := s.hub.AuthenticateToken(tok)
	if errors.Is(err, hub.ErrUnauthenticated) {
		s.tokenIP.fail(ip)
	}
	return a, err
}

// Cookies of the website's hub.
const (
	sessionCookie = "jippnas_sesi"
	loginCookie   = "jippnas_masuk" // the login form's CSRF token (double submit)
)

// webUser is the signed-in person of a website request.
type webUser struct {
	actor  hub.Actor
	csrf   string
	secret string
}

// currentUser returns the signed-in user of a request, or nil.
func (s *Server) currentUser(r *http.Request) *webUser {
	if s.hub == nil {
		return nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	sess, acct, err := s.hub.Session(c.Value)
	if err != nil {
		return nil
	}
	return &webUser{actor: hub.Actor{Account: acct, Via: hub.ViaSession}, csrf: sess.CSRF, secret: c.Value}
}

// secure reports whether cookies must be Secure: the request came over TLS
// or the site's public address is https.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.cfg.PublicURL, "https://")
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// errCSRF is a form posted without the token of its session.
var errCSRF = fmt.Errorf("the form's security token is missing or wrong: %w", hub.ErrForbidden)

// hubPage wraps a hub page: it needs a signed-in user, and a POST needs
// the session's CSRF token. Without a session a GET goes to the login page
// (and back afterwards); a POST gets an explanation.
func (s *Server) hubPage(fn func(w http.ResponseWriter, r *http.Request, u *webUser)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.hub == nil {
			s.hubMessage(w, r, nil, http.StatusServiceUnavailable, "Hub tidak tersedia", "Hub sedang tidak dapat digunakan. Silakan coba beberapa saat lagi.", "")
			return
		}
		u := s.currentUser(r)
		if u == nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/masuk?lanjut="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.hubMessage(w, r, nil, http.StatusUnauthorized, "Sesi berakhir",
				"Sesi Anda telah berakhir atau Anda belum masuk. Masuk kembali, lalu ulangi langkah Anda; tidak ada yang tersimpan dari kiriman ini.", "/masuk")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.Limits.DocumentBody)
			if err := r.ParseForm(); err != nil {
				s.hubMessage(w, r, u, http.StatusBadRequest, "Formulir tidak dapat dibaca", "Isian formulir terlalu besar atau rusak. Tidak ada yang tersimpan.", "")
				return
			}
			if !constantTimeEqual(r.PostFormValue("csrf"), u.csrf) {
				s.hubMessage(w, r, u, http.StatusForbidden, "Formulir kedaluwarsa",
					"Formulir ini tidak membawa token keamanan sesi Anda (mungkin dibuka sebelum Anda masuk kembali, atau dikirim dari situs lain). Tidak ada yang tersimpan. Muat ulang halaman, lalu kirim lagi.", "")
				return
			}
		}
		fn(w, r, u)
	}
}
