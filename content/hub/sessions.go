package hub

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"jippnas/content"
	"jippnas/content/store"
)

// Session is a signed-in browser. The cookie holds a random secret; the
// store keeps only its SHA-256, so a copy of the store opens no session.
type Session struct {
	AccountID string `json:"account_id"`
	CreatedAt string `json:"created_at"`
	LastSeen  string `json:"last_seen"`
	// CSRF is the token every form of this session carries.
	CSRF      string `json:"csrf"`
	UserAgent string `json:"user_agent,omitempty"`
	IP        string `json:"ip,omitempty"`
}

const (
	keySession     = "hub/sess/"
	keyAcctSession = "hub/acct-sess/"
	// touchEvery limits how often use of a session or token is written
	// back: idle expiry and "last used" need minutes, not every request.
	touchEvery = time.Minute
)

// randomSecret returns n random bytes, base64url-encoded.
func randomSecret(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func secretHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// Login checks the credentials and opens a session. It returns the
// session's secret (for the cookie) and the session.
func (h *Hub) Login(email, password, userAgent, ip string) (string, Session, Account, error) {
	acct, err := h.Authenticate(email, password)
	if err != nil {
		return "", Session{}, Account{}, err
	}
	secret, err := randomSecret(32)
	if err != nil {
		return "", Session{}, Account{}, err
	}
	csrf, err := randomSecret(24)
	if err != nil {
		return "", Session{}, Account{}, err
	}
	if len(userAgent) > 200 {
		userAgent = userAgent[:200]
	}
	var sess Session
	err = h.write(func(w *txw) error {
		now := w.now()
		sess = Session{AccountID: acct.ID, CreatedAt: now, LastSeen: now, CSRF: csrf, UserAgent: userAgent, IP: ip}
		if err := w.pruneSessions(acct.ID); err != nil {
			return err
		}
		hash := secretHash(secret)
		if err := w.tx.SetJSON(keySession+hash, sess); err != nil {
			return err
		}
		if err := w.tx.Set(keyAcctSession+acct.ID+"/"+hash, nil); err != nil {
			return err
		}
		acct.LastLoginAt = now
		return w.tx.SetJSON(keyAccount+acct.ID, acct)
	})
	return secret, sess, acct, err
}

// expired reports whether a session has outlived its idle or absolute
// limit at t.
func (h *Hub) expired(s Session, t time.Time) bool {
	return t.Sub(parseTime(s.LastSeen)) >= h.cfg.SessionIdle || t.Sub(parseTime(s.CreatedAt)) >= h.cfg.SessionMax
}

// Session returns the session and account of a cookie secret, and marks
// the session as used. An unknown, expired or disabled one is
// ErrUnauthenticated.
func (h *Hub) Session(secret string) (Session, Account, error) {
	hash := secretHash(secret)
	var sess Session
	var acct Account
	err := h.view(func(tx *store.Tx) error {
		if err := tx.GetJSON(keySession+hash, &sess); err != nil {
			return err
		}
		return tx.GetJSON(keyAccount+sess.AccountID, &acct)
	})
	if errors.Is(err, content.ErrNotFound) {
		return Session{}, Account{}, fmt.Errorf("no such session: %w", ErrUnauthenticated)
	}
	if err != nil {
		return Session{}, Account{}, err
	}
	now := h.cfg.Now()
	if h.expired(sess, now) || acct.Disabled {
		h.write(func(w *txw) error { return w.endSession(sess.AccountID, hash) })
		return Session{}, Account{}, fmt.Errorf("session expired: %w", ErrUnauthenticated)
	}
	if now.Sub(parseTime(sess.LastSeen)) >= touchEvery {
		sess.LastSeen = now.UTC().Format(time.RFC3339)
		err := h.write(func(w *txw) error {
			// Logged out meanwhile: do not bring the session back.
			if _, err := w.tx.Get(keySession + hash); err != nil {
				return err
			}
			return w.tx.SetJSON(keySession+hash, sess)
		})
		if err != nil {
			return Session{}, Account{}, fmt.Errorf("session ended: %w", ErrUnauthenticated)
		}
	}
	return sess, acct, nil
}

// Logout ends one session.
func (h *Hub) Logout(secret string) error {
	hash := secretHash(secret)
	var sess Session
	err := h.view(func(tx *store.Tx) error { return tx.GetJSON(keySession+hash, &sess) })
	if errors.Is(err, content.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return h.write(func(w *txw) error { return w.endSession(sess.AccountID, hash) })
}

// LogoutEverywhere ends every session of an account.
func (h *Hub) LogoutEverywhere(accountID string) error {
	return h.write(func(w *txw) error { return w.endSessions(accountID) })
}

func (w *txw) endSession(accountID, hash string) error {
	if err := w.tx.Delete(keySession + hash); err != nil {
		return err
	}
	return w.tx.Delete(keyAcctSession + accountID + "/" + hash)
}

// endSessions ends every session of an account.
func (w *txw) endSessions(accountID string) error {
	return w.endSessionsIf(accountID, func(Session) bool { return true })
}

// pruneSessions removes an account's expired sessions (at each sign-in, so
// that abandoned ones do not pile up).
func (w *txw) pruneSessions(accountID string) error {
	now := w.h.cfg.Now()
	return w.endSessionsIf(accountID, func(s Session) bool { return w.h.expired(s, now) })
}

// endSessionsIf ends the sessions of an account that end says should
// (and any whose record is gone).
func (w *txw) endSessionsIf(accountID string, end func(Session) bool) error {
	var hashes []string
	prefix := keyAcctSession + accountID + "/"
	if err := w.tx.Each(prefix, func(k string, _ []byte) error {
		hash := k[len(prefix):]
		var s Session
		if err := w.tx.GetJSON(keySession+hash, &s); err != nil || end(s) {
			hashes = append(hashes, hash)
		}
		return nil
	}); err != nil {
		return err
	}
	for _, hash := range hashes {
		if err := w.endSession(accountID, hash); err != nil {
			return err
		}
	}
	return nil
}

// Sessions lists the open sessions of an account.
func (h *Hub) Sessions(accountID string) ([]Session, error) {
	var out []Session
	now := h.cfg.Now()
	err := h.view(func(tx *store.Tx) error {
		prefix := keyAcctSession + accountID + "/"
		return tx.Each(prefix, func(k string, _ []byte) error {
			var s Session
			if err := tx.GetJSON(keySession+k[len(prefix):], &s); err != nil {
				return nil
			}
			if !h.expired(s, now) {
				out = append(out, s)
			}
			return nil
		})
	})
	return out, err
}
