package hub

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"jippnas/content"
	"jippnas/content/store"
)

// Token is an API token of an account. Its secret is shown once, when it
// is issued; the store keeps only the secret's SHA-256.
type Token struct {
	ID         string `json:"id"`
	AccountID  string `json:"account_id"`
	Name       string `json:"name"`
	Prefix     string `json:"prefix"` // the first characters of the secret, to tell tokens apart
	CreatedAt  string `json:"created_at"`
	LastUsedAt string `json:"last_used_at,omitempty"`
	RevokedAt  string `json:"revoked_at,omitempty"`
}

// TokenPrefix starts every token secret, so that a leaked one is easy to
// recognise (secret scanners, logs).
const TokenPrefix = "jpn_"

const (
	keyToken     = "hub/tok/"
	keyTokenID   = "hub/tokid/"
	keyAcctToken = "hub/acct-tok/"
	seqToken     = "hub/meta/seq/token"
)

// IssueToken creates an API token for an account: an account issues its
// own, an admin anyone's. It returns the secret, which is not stored.
func (h *Hub) IssueToken(a Actor, accountID, name string) (string, Token, error) {
	if accountID != a.Account.ID || a.Account.ID == "" {
		if err := Authorize(a, ActManage, Target{}); err != nil {
			return "", Token{}, err
		}
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "token API"
	}
	if len(name) > 100 {
		return "", Token{}, &content.ValidationError{Fields: []content.FieldError{{Field: "name", Message: "at most 100 bytes"}}}
	}
	raw, err := randomSecret(32)
	if err != nil {
		return "", Token{}, err
	}
	secret := TokenPrefix + raw
	var tok Token
	err = h.write(func(w *txw) error {
		var acct Account
		if err := w.tx.GetJSON(keyAccount+accountID, &acct); err != nil {
			return err
		}
		if acct.Disabled {
			return fmt.Errorf("account %s: %w", acct.Email, ErrDisabled)
		}
		n, err := w.next(seqToken)
		if err != nil {
			return err
		}
		tok = Token{ID: fmt.Sprintf("t%d", n), AccountID: accountID, Name: name, Prefix: secret[:len(TokenPrefix)+4], CreatedAt: w.now()}
		hash := secretHash(secret)
		if err := w.tx.SetJSON(keyToken+hash, tok); err != nil {
			return err
		}
		if err := w.tx.Set(keyTokenID+tok.ID, []byte(hash)); err != nil {
			return err
		}
		if err := w.tx.Set(keyAcctToken+accountID+"/"+tok.ID, nil); err != nil {
			return err
		}
		return w.audit(a, Entry{Action: AuditTokenIssue, Account: accountID, Institution: acct.Institution, Comment: tok.ID + " " + name})
	})
	return secret, tok, err
}

// AuthenticateToken returns the actor of a bearer token and records its
// use. Unknown, revoked tokens and tokens of disabled accounts are
// ErrUnauthenticated.
func (h *Hub) AuthenticateToken(secret string) (Actor, error) {
	bad := fmt.Errorf("unknown or revoked token: %w", ErrUnauthenticated)
	if !strings.HasPrefix(secret, TokenPrefix) {
		return Actor{}, bad
	}
	hash := secretHash(secret)
	var tok Token
	var acct Account
	err := h.view(func(tx *store.Tx) error {
		if err := tx.GetJSON(keyToken+hash, &tok); err != nil {
			return err
		}
		return tx.GetJSON(keyAccount+tok.AccountID, &acct)
	})
	if errors.Is(err, content.ErrNotFound) {
		return Actor{}, bad
	}
	if err != nil {
		return Actor{}, err
	}
	if tok.RevokedAt != "" || acct.Disabled {
		return Actor{}, bad
	}
	now := h.cfg.Now()
	if now.Sub(parseTime(tok.LastUsedAt)) >= touchEvery {
		tok.LastUsedAt = now.UTC().Format(time.RFC3339)
		h.write(func(w *txw) error {
			var cur Token
			if err := w.tx.GetJSON(keyToken+hash, &cur); err != nil {
				return err
			}
			cur.LastUsedAt = tok.LastUsedAt
			return w.tx.SetJSON(keyToken+hash, cur)
		})
	}
	return Actor{Account: acct, Via: "token " + tok.ID}, nil
}

// Tokens lists the tokens of an account, newest first.
func (h *Hub) Tokens(accountID string) ([]Token, error) {
	var out []Token
	err := h.view(func(tx *store.Tx) error {
		prefix := keyAcctToken + accountID + "/"
		return tx.Each(prefix, func(k string, _ []byte) error {
			t, err := tokenByID(tx, k[len(prefix):])
			if err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	})
	slices.SortFunc(out, func(a, b Token) int { return compareIDs(b.ID, a.ID) })
	return out, err
}

func tokenByID(tx *store.Tx, id string) (Token, error) {
	var t Token
	hash, err := tx.Get(keyTokenID + id)
	if err != nil {
		return t, fmt.Errorf("token %s: %w", id, err)
	}
	return t, tx.GetJSON(keyToken+string(hash), &t)
}

// RevokeToken revokes a token: its holder or an admin may.
func (h *Hub) RevokeToken(a Actor, id string) (Token, error) {
	var tok Token
	err := h.write(func(w *txw) error {
		var err error
		if tok, err = tokenByID(w.tx, id); err != nil {
			return err
		}
		if tok.AccountID != a.Account.ID || a.Account.ID == "" {
			if err := Authorize(a, ActManage, Target{}); err != nil {
				// Someone else's token: as if it did not exist.
				return fmt.Errorf("token %s: %w", id, content.ErrNotFound)
			}
		}
		if tok.RevokedAt != "" {
			return nil
		}
		tok.RevokedAt = w.now()
		hash, err := w.tx.Get(keyTokenID + id)
		if err != nil {
			return err
		}
		if err := w.tx.SetJSON(keyToken+string(hash), tok); err != nil {
			return err
		}
		return w.audit(a, Entry{Action: AuditTokenRevoke, Account: tok.AccountID, Comment: tok.ID})
	})
	return tok, err
}
