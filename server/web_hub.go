package server

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/hub"
)

// The hub on the website: server-rendered forms in Bahasa Indonesia that
// work without JavaScript. Every page needs a session; every form carries
// the session's CSRF token and the record version it was made from.

func (s *Server) hubWebRoutes(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	post := http.MethodPost
	r.HandleFunc("/masuk", s.webLoginForm).Methods(get...)
	r.HandleFunc("/masuk", s.webLogin).Methods(post)
	r.HandleFunc("/keluar", s.hubPage(s.webLogout)).Methods(post)
	r.HandleFunc("/hub", s.hubPage(s.webHubHome)).Methods(get...)
	r.HandleFunc("/hub/inovasi", s.hubPage(s.webHubRecords)).Methods(get...)
	r.HandleFunc("/hub/inovasi/baru", s.hubPage(s.webHubEdit)).Methods(append(get, post)...)
	r.HandleFunc("/hub/inovasi/{id}", s.hubPage(s.webHubRecord)).Methods(get...)
	r.HandleFunc("/hub/inovasi/{id}/ubah", s.hubPage(s.webHubEdit)).Methods(append(get, post)...)
	r.HandleFunc("/hub/inovasi/{id}/revisi", s.hubPage(s.webHubDiff)).Methods(get...)
	r.HandleFunc("/hub/inovasi/{id}/riwayat", s.hubPage(s.webHubHistory)).Methods(get...)
	r.HandleFunc("/hub/inovasi/{id}/{aksi}", s.hubPage(s.webHubStep)).Methods(post)
	r.HandleFunc("/hub/verifikasi", s.hubPage(s.webHubQueue)).Methods(get...)
	r.HandleFunc("/hub/nasional", s.hubPage(s.webHubNational)).Methods(get...)
	r.HandleFunc("/hub/nasional/pengingat.csv", s.hubPage(s.webHubReminderCSV)).Methods(get...)
	r.HandleFunc("/hub/instansi/{kode}", s.hubPage(s.webHubInstitution)).Methods(get...)
	r.HandleFunc("/hub/token", s.hubPage(s.webHubTokens)).Methods(append(get, post)...)
	r.HandleFunc("/hub/token/{id}/cabut", s.hubPage(s.webHubRevokeToken)).Methods(post)
	r.HandleFunc("/hub/akun", s.hubPage(s.webHubAccount)).Methods(get...)
	r.HandleFunc("/hub/akun/sandi", s.hubPage(s.webHubPassword)).Methods(post)
	r.HandleFunc("/hub/akun/keluar-semua", s.hubPage(s.webHubLogoutAll)).Methods(post)
	s.mergeWebRoutes(r)
	s.importWebRoutes(r)
	r.HandleFunc("/instansi", s.webInstitutions).Methods(get...)
	r.HandleFunc("/instansi/{kode}", s.webInstitution).Methods(get...)
}

// hubView is what every hub page shows around its content: who is signed
// in, the CSRF token for its forms and the hub's navigation.
type hubView struct {
	User        hub.Account
	RoleLabel   string
	Institution hub.Institution // a pengelola's
	CSRF        string
	Section     string // the active hub navigation item
	CanOverview bool
	CanManage   bool
	CanVerify   bool
	CanMerge    bool // the merge queue
	CanImport   bool // uploads and import batches
	Flash       string
}

func (s *Server) hubView(u *webUser, section string) hubView {
	if u == nil {
		return hubView{Section: section}
	}
	a := u.actor
	v := hubView{User: a.Account, RoleLabel: content.LabelOf(hub.Roles, string(a.Account.Role)), CSRF: u.csrf, Section: section,
		CanOverview: hub.Can(a, hub.ActOverview, hub.Target{}), CanManage: hub.Can(a, hub.ActManage, hub.Target{}),
		CanVerify: a.Account.Role != hub.RoleEditor, CanMerge: canMerge(a) == nil, CanImport: hub.Can(a, hub.ActImport, hub.Target{})}
	v.Institution, _ = s.hub.Registry().Lookup(a.Account.Institution)
	return v
}

// flashes are the messages shown after an action (?pesan=CODE): only
// known codes, so that no text can be injected through a link.
var flashes = map[string]string{
	"tersimpan":       "Draf tersimpan. Publik tetap melihat versi terverifikasi terakhir sampai perubahan ini diverifikasi.",
	"dibuat":          "Inovasi baru tersimpan sebagai draf. Lengkapi isiannya, lalu ajukan untuk diverifikasi.",
	"tidak-berubah":   "Tidak ada perubahan: isian sama dengan versi yang tersimpan.",
	"diajukan":        "Inovasi diajukan untuk diverifikasi. Verifikator akan memeriksanya.",
	"diverifikasi":    "Inovasi terverifikasi dan kini tampil di situs publik.",
	"dikembalikan":    "Inovasi dikembalikan kepada instansi dengan catatan Anda.",
	"dikonfirmasi":    "Terima kasih: inovasi dikonfirmasi masih berlaku.",
	"dipulihkan":      "Revisi lama dipulihkan sebagai draf baru.",
	"dihapus":         "Inovasi dihapus. Seluruh revisinya tetap tersimpan di riwayat.",
	"keluar":          "Anda telah keluar.",
	"keluar-semua":    "Anda telah keluar dari semua perangkat.",
	"sandi":           "Kata sandi diganti dan semua sesi diakhiri. Silakan masuk dengan kata sandi baru.",
	"token-dicabut":   "Token dicabut; aplikasi yang memakainya tidak dapat lagi mengakses API.",
	"sesi-berakhir":   "Sesi Anda berakhir. Silakan masuk kembali.",
	"belum-diajukan":  "Draf tersimpan, tetapi belum dapat diajukan: lengkapi isian yang ditandai.",
	"masih-diperiksa": "Inovasi sedang diperiksa verifikator.",
}

func flash(r *http.Request) string { return flashes[r.URL.Query().Get("pesan")] }

// messageView is the data of the hub's message page.
type messageView struct {
	hubView
	Status  int
	Heading string
	Message string
	Link    string
}

// hubMessage shows a message page in Indonesian: an error or a refusal,
// with a way on.
func (s *Server) hubMessage(w http.ResponseWriter, r *http.Request, u *webUser, status int, heading, msg, link string) {
	v := messageView{hubView: s.hubView(u, ""), Status: status, Heading: heading, Message: msg, Link: link}
	s.render(w, r, status, "hub_message", page{Title: heading, NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

// hubFail explains a hub error on the website.
func (s *Server) hubFail(w http.ResponseWriter, r *http.Request, u *webUser, err error, back string) {
	var ve *content.ValidationError
	switch {
	case errors.Is(err, hub.ErrStale):
		s.hubMessage(w, r, u, http.StatusConflict, "Data telah berubah",
			"Inovasi ini telah diubah orang lain sejak halaman Anda dibuka, sehingga langkah Anda tidak dijalankan dan tidak ada yang ditimpa. Buka kembali halamannya untuk melihat versi terbaru.", back)
	case errors.Is(err, content.ErrNotFound):
		s.hubMessage(w, r, u, http.StatusNotFound, "Tidak ditemukan",
			"Inovasi atau halaman yang Anda minta tidak ada, atau bukan milik instansi Anda.", "/hub")
	case errors.Is(err, hub.ErrForbidden):
		s.hubMessage(w, r, u, http.StatusForbidden, "Tidak diizinkan",
			"Akun Anda tidak berwenang melakukan langkah ini pada inovasi ini (misalnya inovasi instansi lain, atau di luar cakupan verifikasi Anda). Tidak ada yang diubah.", back)
	case errors.As(err, &ve):
		msgs := make([]string, 0, len(ve.Fields))
		for _, f := range ve.Fields {
			msgs = append(msgs, fieldLabelID(f.Field)+": "+fieldMessageID(f))
		}
		s.hubMessage(w, r, u, http.StatusBadRequest, "Isian belum lengkap atau tidak valid", strings.Join(msgs, " "), back)
	case errors.Is(err, content.ErrConflict):
		s.hubMessage(w, r, u, http.StatusConflict, "Langkah tidak dapat dijalankan",
			"Langkah ini tidak berlaku untuk status inovasi saat ini (misalnya sudah diverifikasi atau belum diajukan). Tidak ada yang diubah.", back)
	default:
		s.log.Error("hub request failed", "path", r.URL.Path, "err", err)
		s.hubMessage(w, r, u, http.StatusInternalServerError, "Terjadi kesalahan pada server",
			"Maaf, langkah Anda tidak dapat diproses sekarang. Tidak ada yang tersimpan sebagian; silakan coba lagi.", back)
	}
}

// ---- login and logout ----

type loginView struct {
	hubView
	Email string
	Error string
	Token string
	Next  string
}

// safeNext keeps a post-login address inside the hub.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/hub") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/hub"
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, v loginView) {
	if v.Token == "" {
		tok, err := randomToken()
		if err != nil {
			s.webFail(w, r, err)
			return
		}
		v.Token = tok
		s.setCookie(w, r, loginCookie, tok, 3600)
	}
	s.render(w, r, status, "hub_login", page{Title: "Masuk ke Hub JIPPNAS", NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

func (s *Server) webLoginForm(w http.ResponseWriter, r *http.Request) {
	if u := s.currentUser(r); u != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("lanjut")), http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, loginView{hubView: hubView{Flash: flash(r)}, Next: r.URL.Query().Get("lanjut")})
}

func (s *Server) webLogin(w http.ResponseWriter, r *http.Request) {
	if s.hub == nil {
		s.hubMessage(w, r, nil, http.StatusServiceUnavailable, "Hub tidak tersedia", "Hub sedang tidak dapat digunakan.", "")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.renderLogin(w, r, http.StatusBadRequest, loginView{Error: "Formulir tidak dapat dibaca. Silakan coba lagi."})
		return
	}
	v := loginView{Email: strings.TrimSpace(r.PostFormValue("email")), Next: r.PostFormValue("lanjut")}
	c, err := r.Cookie(loginCookie)
	if err != nil || c.Value == "" || !constantTimeEqual(c.Value, r.PostFormValue("csrf")) {
		v.Error = "Formulir masuk kedaluwarsa atau tidak dikirim dari situs ini. Silakan coba lagi."
		s.renderLogin(w, r, http.StatusForbidden, v)
		return
	}
	v.Token = c.Value
	ip, acctKey := clientIP(r), "akun:"+strings.ToLower(v.Email)
	if wait := max(s.loginIP.blocked(ip), s.loginAccount.blocked(acctKey)); wait > 0 {
		te := &throttledError{retry: wait}
		w.Header().Set("Retry-After", itoa(te.seconds()))
		v.Error = "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, coba lagi dalam " + itoa(te.minutes()) + " menit."
		s.renderLogin(w, r, http.StatusTooManyRequests, v)
		return
	}
	secret, _, _, err := s.hub.Login(v.Email, r.PostFormValue("sandi"), r.UserAgent(), ip)
	switch {
	case errors.Is(err, hub.ErrUnauthenticated):
		s.loginIP.fail(ip)
		s.loginAccount.fail(acctKey)
		v.Error = "E-mail atau kata sandi salah."
		s.renderLogin(w, r, http.StatusUnauthorized, v)
		return
	case errors.Is(err, hub.ErrDisabled):
		v.Error = "Akun ini dinonaktifkan. Hubungi admin JIPPNAS untuk mengaktifkannya kembali."
		s.renderLogin(w, r, http.StatusForbidden, v)
		return
	case err != nil:
		s.webFail(w, r, err)
		return
	}
	s.loginAccount.reset(acctKey)
	s.setCookie(w, r, sessionCookie, secret, 0)
	s.setCookie(w, r, loginCookie, "", -1)
	http.Redirect(w, r, safeNext(v.Next), http.StatusSeeOther)
}

func (s *Server) webLogout(w http.ResponseWriter, r *http.Request, u *webUser) {
	if err := s.hub.Logout(u.secret); err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return
	}
	s.setCookie(w, r, sessionCookie, "", -1)
	http.Redirect(w, r, "/masuk?pesan=keluar", http.StatusSeeOther)
}

func (s *Server) webHubLogoutAll(w http.ResponseWriter, r *http.Request, u *webUser) {
	if err := s.hub.LogoutEverywhere(u.actor.Account.ID); err != nil {
		s.hubFail(w, r, u, err, "/hub/akun")
		return
	}
	s.setCookie(w, r, sessionCookie, "", -1)
	http.Redirect(w, r, "/masuk?pesan=keluar-semua", http.StatusSeeOther)
}

// webHubHome is where /hub leads: a pengelola's institution dashboard, a
// verifier's queue, the national dashboard for an admin.
func (s *Server) webHubHome(w http.ResponseWriter, r *http.Request, u *webUser) {
	switch u.actor.Account.Role {
	case hub.RoleEditor:
		s.institutionDashboard(w, r, u, u.actor.Account.Institution)
	case hub.RoleVerifier:
		http.Redirect(w, r, "/hub/verifikasi", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/hub/nasional", http.StatusSeeOther)
	}
}

// ---- account ----

type accountView struct {
	hubView
	Sessions []hub.Session
	Current  string
	Error    string
}

func (s *Server) webHubAccount(w http.ResponseWriter, r *http.Request, u *webUser) {
	s.renderAccount(w, r, u, http.StatusOK, "")
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, u *webUser, status int, msg string) {
	sessions, err := s.hub.Sessions(u.actor.Account.ID)
	if err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return
	}
	v := accountView{hubView: s.hubView(u, "akun"), Sessions: sessions, Error: msg}
	s.render(w, r, status, "hub_account", page{Title: "Akun saya", NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

func (s *Server) webHubPassword(w http.ResponseWriter, r *http.Request, u *webUser) {
	old, pw, again := r.PostFormValue("sandi_lama"), r.PostFormValue("sandi_baru"), r.PostFormValue("sandi_ulang")
	if pw != again {
		s.renderAccount(w, r, u, http.StatusBadRequest, "Kata sandi baru dan ulangannya tidak sama.")
		return
	}
	err := s.hub.ChangePassword(u.actor, old, pw)
	var pe *hub.PasswordError
	switch {
	case errors.Is(err, hub.ErrUnauthenticated):
		s.renderAccount(w, r, u, http.StatusBadRequest, "Kata sandi lama salah.")
	case errors.As(err, &pe):
		s.renderAccount(w, r, u, http.StatusBadRequest, passwordMessageID(pe))
	case err != nil:
		s.hubFail(w, r, u, err, "/hub/akun")
	default:
		s.setCookie(w, r, sessionCookie, "", -1)
		http.Redirect(w, r, "/masuk?pesan=sandi", http.StatusSeeOther)
	}
}

// passwordMessageID explains a refused password in Indonesian.
func passwordMessageID(pe *hub.PasswordError) string {
	switch {
	case errors.Is(pe, hub.ErrPasswordShort):
		return "Kata sandi terlalu pendek: paling sedikit " + itoa(hub.MinPasswordLen) + " karakter."
	case errors.Is(pe, hub.ErrPasswordLong):
		return "Kata sandi terlalu panjang."
	case errors.Is(pe, hub.ErrPasswordCommon):
		return "Kata sandi ini terlalu umum dan mudah ditebak. Pilih kata sandi lain, misalnya beberapa kata acak."
	case errors.Is(pe, hub.ErrPasswordEmail):
		return "Kata sandi tidak boleh memuat alamat e-mail Anda."
	}
	return "Kata sandi tidak dapat dipakai."
}

// recordID reads and checks the id in a hub page's path.
func recordID(r *http.Request) (string, bool) {
	id := mux.Vars(r)["id"]
	return id, content.ValidID(id)
}

// randomToken is a random secret for the login form.
func randomToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func itoa(n int) string { return strconv.Itoa(n) }
