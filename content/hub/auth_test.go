package hub

import (
	"errors"
	"strings"
	"testing"
	"time"

	"jippnas/content"
	"jippnas/content/store"
)

func TestPasswordHashing(t *testing.T) {
	phc, err := hashPassword("benar-sekali-123", DefaultArgon2)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(phc, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Count(phc, "$") != 5 {
		t.Fatalf("PHC string %q", phc)
	}
	if ok, p, err := checkPassword(phc, "benar-sekali-123"); !ok || err != nil || p != DefaultArgon2 {
		t.Fatalf("right password: %v %+v %v", ok, p, err)
	}
	if ok, _, _ := checkPassword(phc, "benar-sekali-124"); ok {
		t.Fatal("wrong password accepted")
	}
	other, _ := hashPassword("benar-sekali-123", DefaultArgon2)
	if other == phc {
		t.Fatal("same salt twice")
	}
	for _, bad := range []string{"", "$bcrypt$x", "$argon2id$v=18$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA"} {
		if _, _, err := checkPassword(bad, "x"); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	for pw, want := range map[string]error{
		"pendek":                   ErrPasswordShort,
		"indonesia2025":            ErrPasswordCommon,
		"Bismillah!":               ErrPasswordCommon,
		"1234567890":               ErrPasswordCommon,
		"budi.santoso-rahasia":     ErrPasswordEmail,
		"kuda-laut-biru-2026":      nil,
		strings.Repeat("x", 257):   ErrPasswordLong,
		"sembilan-huruf-ok-ëéèaaa": nil,
	} {
		if got := CheckPasswordPolicy(pw, "budi.santoso@sleman.go.id"); !errors.Is(got, want) {
			t.Errorf("%q: %v, want %v", pw, got, want)
		}
	}
}

func TestLoginAndSessionExpiry(t *testing.T) {
	e := newEnv(t)
	e.account("pengelola@surabaya.go.id", RoleEditor, "35.78")
	pw := "uji-kata-sandi-panjang"
	if _, _, _, err := e.hub.Login("pengelola@surabaya.go.id", "salah-kata-sandi", "", ""); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, _, _, err := e.hub.Login("tidak-ada@surabaya.go.id", pw, "", ""); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("unknown user: %v", err)
	}
	secret, sess, acct, err := e.hub.Login("PENGELOLA@surabaya.go.id ", pw, "uji", "127.0.0.1")
	if err != nil || sess.CSRF == "" || acct.Role != RoleEditor {
		t.Fatalf("login: %+v %v", sess, err)
	}
	// Used within the idle limit, a session lives on...
	for range 5 {
		e.clock.Add(90 * time.Minute)
		if _, _, err := e.hub.Session(secret); err != nil {
			t.Fatalf("active session ended: %v", err)
		}
	}
	// ...until its absolute limit (12 hours).
	e.clock.Add(5 * time.Hour)
	if _, _, err := e.hub.Session(secret); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("session past its absolute limit: %v", err)
	}
	// Left idle, it ends after two hours.
	secret, _, _, _ = e.hub.Login("pengelola@surabaya.go.id", pw, "", "")
	e.clock.Add(2*time.Hour + time.Second)
	if _, _, err := e.hub.Session(secret); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("idle session: %v", err)
	}
	// Logout everywhere ends every session; a disabled account has none.
	s1, _, _, _ := e.hub.Login("pengelola@surabaya.go.id", pw, "", "")
	s2, _, _, _ := e.hub.Login("pengelola@surabaya.go.id", pw, "", "")
	if list, _ := e.hub.Sessions(acct.ID); len(list) != 2 {
		t.Fatalf("%d open sessions", len(list))
	}
	if err := e.hub.LogoutEverywhere(acct.ID); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{s1, s2} {
		if _, _, err := e.hub.Session(s); !errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("session after logout everywhere: %v", err)
		}
	}
	s3, _, _, _ := e.hub.Login("pengelola@surabaya.go.id", pw, "", "")
	if _, err := e.hub.SetDisabled(e.admin, "pengelola@surabaya.go.id", true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.hub.Session(s3); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("session of a disabled account: %v", err)
	}
	if _, _, _, err := e.hub.Login("pengelola@surabaya.go.id", pw, "", ""); !errors.Is(err, ErrDisabled) {
		t.Fatalf("login of a disabled account: %v", err)
	}
	if _, _, _, err := e.hub.Login("pengelola@surabaya.go.id", "salah-kata-sandi", "", ""); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("a wrong password tells that the account is disabled: %v", err)
	}
}

func TestTokens(t *testing.T) {
	e := newEnv(t)
	editor := e.account("pengelola@surabaya.go.id", RoleEditor, "35.78")
	other := e.account("pengelola@sleman.go.id", RoleEditor, "34.04")
	secret, tok, err := e.hub.IssueToken(editor, editor.Account.ID, "impor SIPD")
	if err != nil || !strings.HasPrefix(secret, TokenPrefix) || len(secret) < 40 || !strings.HasPrefix(secret, tok.Prefix) {
		t.Fatalf("issue: %q %+v %v", secret, tok, err)
	}
	if _, _, err := e.hub.IssueToken(editor, other.Account.ID, "x"); !errors.Is(err, ErrForbidden) {
		t.Fatalf("token for another account: %v", err)
	}
	a, err := e.hub.AuthenticateToken(secret)
	if err != nil || a.Account.ID != editor.Account.ID || a.Via != "token "+tok.ID {
		t.Fatalf("authenticate: %+v %v", a, err)
	}
	list, _ := e.hub.Tokens(editor.Account.ID)
	if len(list) != 1 || list[0].LastUsedAt == "" {
		t.Fatalf("tokens %+v", list)
	}
	// The store keeps no secret.
	if strings.Contains(dumpRecords(t, e), secret[len(TokenPrefix):]) {
		t.Fatal("token secret stored")
	}
	if _, err := e.hub.RevokeToken(other, tok.ID); !errors.Is(err, content.ErrNotFound) {
		t.Fatalf("revoke by someone else: %v", err)
	}
	if _, err := e.hub.RevokeToken(editor, tok.ID); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{secret, secret + "x", "jpn_", "Bearer", ""} {
		if _, err := e.hub.AuthenticateToken(s); !errors.Is(err, ErrUnauthenticated) {
			t.Errorf("token %q: %v", s, err)
		}
	}
}

// dumpRecords returns every hub key and value as text.
func dumpRecords(t *testing.T, e *env) string {
	t.Helper()
	var b strings.Builder
	err := e.st.View(func(tx *store.Tx) error {
		return tx.Each("hub/", func(k string, v []byte) error {
			b.WriteString(k + "=" + string(v) + "\n")
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
