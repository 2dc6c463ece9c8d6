package hub

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"sync"

	"jippnas/content"
	"jippnas/content/store"
)

// Role is what an account may do.
type Role string

// Roles.
const (
	// RoleAdmin is PANRB's national administrator: everything.
	RoleAdmin Role = "admin"
	// RoleVerifier reviews submitted records within a scope of source
	// programmes and/or provinces.
	RoleVerifier Role = "verifikator"
	// RoleEditor keeps the records of exactly one institution.
	RoleEditor Role = "pengelola"
)

// Roles lists the roles with their Indonesian labels.
var Roles = []content.Label{
	{Value: string(RoleAdmin), Label: "Admin nasional"},
	{Value: string(RoleVerifier), Label: "Verifikator"},
	{Value: string(RoleEditor), Label: "Pengelola instansi"},
}

// ScopeCentral stands for the ministries and agencies in a verifier's
// province scope.
const ScopeCentral = "pusat"

// Account is a person who signs in to the hub. The password hash is kept
// apart (key hub/pw/ID) so that an Account can be shown or exported as it
// is.
type Account struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	Name        string `json:"name"`
	Role        Role   `json:"role"`
	Institution string `json:"institution,omitempty"` // pengelola: the institution code
	// A verifier's scope: source programmes and provinces (ScopeCentral
	// for ministries and agencies). Empty means all.
	Sources           []string `json:"sources,omitempty"`
	Provinces         []string `json:"provinces,omitempty"`
	Disabled          bool     `json:"disabled,omitempty"`
	CreatedAt         string   `json:"created_at"`
	PasswordChangedAt string   `json:"password_changed_at,omitempty"`
	LastLoginAt       string   `json:"last_login_at,omitempty"`
}

// AccountInput is a new account, or the new role of one.
type AccountInput struct {
	Email       string
	Name        string
	Role        Role
	Institution string
	Sources     []string
	Provinces   []string
	Password    string // new accounts only
}

const (
	keyAccount  = "hub/acct/"
	keyPassword = "hub/pw/"
	keyEmail    = "hub/email/"
	seqAccount  = "hub/meta/seq/acct"
)

// normEmail is the form e-mail addresses are compared in.
func normEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// checkRole checks a role and its institution or scope.
func (h *Hub) checkRole(in AccountInput) error {
	ve := &content.ValidationError{}
	switch in.Role {
	case RoleAdmin:
		if in.Institution != "" || len(in.Sources)+len(in.Provinces) > 0 {
			ve.Fields = append(ve.Fields, content.FieldError{Field: "role", Message: "an admin has no institution or scope"})
		}
	case RoleEditor:
		if _, ok := h.reg.Lookup(in.Institution); !ok {
			ve.Fields = append(ve.Fields, content.FieldError{Field: "institution", Message: fmt.Sprintf("a pengelola needs a known institution code (got %q)", in.Institution)})
		}
		if len(in.Sources)+len(in.Provinces) > 0 {
			ve.Fields = append(ve.Fields, content.FieldError{Field: "scope", Message: "a pengelola has no verifier scope"})
		}
	case RoleVerifier:
		if in.Institution != "" {
			ve.Fields = append(ve.Fields, content.FieldError{Field: "institution", Message: "a verifikator has a scope, not an institution"})
		}
		for _, s := range in.Sources {
			if content.LabelOf(content.Sources, s) == s {
				ve.Fields = append(ve.Fields, content.FieldError{Field: "sources", Message: fmt.Sprintf("unknown source %q", s)})
			}
		}
		for _, p := range in.Provinces {
			if reg, ok := h.reg.Regions().Lookup(p); p != ScopeCentral && (!ok || !reg.IsProvince()) {
				ve.Fields = append(ve.Fields, content.FieldError{Field: "provinces", Message: fmt.Sprintf("unknown province code %q (or %q for ministries and agencies)", p, ScopeCentral)})
			}
		}
	default:
		ve.Fields = append(ve.Fields, content.FieldError{Field: "role", Message: fmt.Sprintf("unknown role %q (admin, verifikator or pengelola)", in.Role)})
	}
	if len(ve.Fields) > 0 {
		return ve
	}
	return nil
}

// CreateAccount adds an account. Only an admin may.
func (h *Hub) CreateAccount(a Actor, in AccountInput) (Account, error) {
	if err := Authorize(a, ActManage, Target{}); err != nil {
		return Account{}, err
	}
	in.Email = normEmail(in.Email)
	if addr, err := mail.ParseAddress(in.Email); err != nil || addr.Address != in.Email {
		return Account{}, &content.ValidationError{Fields: []content.FieldError{{Field: "email", Message: fmt.Sprintf("%q is not an e-mail address", in.Email)}}}
	}
	if err := h.checkRole(in); err != nil {
		return Account{}, err
	}
	if err := CheckPasswordPolicy(in.Password, in.Email); err != nil {
		return Account{}, &PasswordError{Err: err}
	}
	phc, err := hashPassword(in.Password, h.cfg.Argon2)
	if err != nil {
		return Account{}, err
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		name, _, _ = strings.Cut(in.Email, "@")
	}
	var acct Account
	err = h.write(func(w *txw) error {
		if _, err := w.tx.Get(keyEmail + in.Email); err == nil {
			return fmt.Errorf("an account with e-mail %s exists: %w", in.Email, content.ErrConflict)
		} else if !errors.Is(err, content.ErrNotFound) {
			return err
		}
		n, err := w.next(seqAccount)
		if err != nil {
			return err
		}
		now := w.tx.Now()
		acct = Account{ID: fmt.Sprintf("u%d", n), Email: in.Email, Name: name, Role: in.Role, Institution: in.Institution,
			Sources: in.Sources, Provinces: in.Provinces, CreatedAt: now, PasswordChangedAt: now}
		if err := w.tx.Set(keyPassword+acct.ID, []byte(phc)); err != nil {
			return err
		}
		if err := w.tx.Set(keyEmail+in.Email, []byte(acct.ID)); err != nil {
			return err
		}
		if err := w.tx.SetJSON(keyAccount+acct.ID, acct); err != nil {
			return err
		}
		return w.audit(a, Entry{Action: AuditAccountCreate, Account: acct.ID, Institution: acct.Institution,
			Comment: fmt.Sprintf("%s (%s)", acct.Email, acct.Role)})
	})
	return acct, err
}

// PasswordError is a password the policy refuses. It matches ErrInvalid
// and its reason (ErrPasswordShort, ...).
type PasswordError struct{ Err error }

func (e *PasswordError) Error() string {
	if errors.Is(e.Err, ErrPasswordShort) {
		return fmt.Sprintf("password: at least %d characters", MinPasswordLen)
	}
	return "password: " + e.Err.Error()
}

func (e *PasswordError) Is(target error) bool { return target == content.ErrInvalid }

func (e *PasswordError) Unwrap() error { return e.Err }

// Account returns an account by id.
func (h *Hub) Account(id string) (Account, error) {
	var acct Account
	err := h.st.View(func(tx *store.Tx) error { return tx.GetJSON(keyAccount+id, &acct) })
	return acct, err
}

// AccountByEmail returns an account by e-mail address.
func (h *Hub) AccountByEmail(email string) (Account, error) {
	var acct Account
	err := h.st.View(func(tx *store.Tx) error {
		var err error
		acct, err = accountByEmail(tx, email)
		return err
	})
	return acct, err
}

func accountByEmail(tx *store.Tx, email string) (Account, error) {
	var acct Account
	id, err := tx.Get(keyEmail + normEmail(email))
	if errors.Is(err, content.ErrNotFound) {
		return acct, fmt.Errorf("no account with e-mail %s: %w", normEmail(email), content.ErrNotFound)
	}
	if err != nil {
		return acct, err
	}
	return acct, tx.GetJSON(keyAccount+string(id), &acct)
}

// Accounts lists every account, in id order of creation.
func (h *Hub) Accounts() ([]Account, error) {
	var out []Account
	err := h.st.View(func(tx *store.Tx) error {
		return tx.Each(keyAccount, func(_ string, v []byte) error {
			var acct Account
			if err := unmarshal(v, &acct); err != nil {
				return err
			}
			out = append(out, acct)
			return nil
		})
	})
	slices.SortFunc(out, func(x, y Account) int { return compareIDs(x.ID, y.ID) })
	return out, err
}

// compareIDs orders "u2" before "u10".
func compareIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// updateAccount changes an account by e-mail in one audited transaction.
func (h *Hub) updateAccount(a Actor, email, action, comment string, fn func(w *txw, acct *Account) error) (Account, error) {
	var acct Account
	err := h.write(func(w *txw) error {
		var err error
		if acct, err = accountByEmail(w.tx, email); err != nil {
			return err
		}
		if err := fn(w, &acct); err != nil {
			return err
		}
		if err := w.tx.SetJSON(keyAccount+acct.ID, acct); err != nil {
			return err
		}
		return w.audit(a, Entry{Action: action, Account: acct.ID, Institution: acct.Institution, Comment: comment})
	})
	return acct, err
}

// SetRole changes an account's role, institution and scope. Its sessions
// end: what they were allowed to do has changed.
func (h *Hub) SetRole(a Actor, email string, in AccountInput) (Account, error) {
	if err := Authorize(a, ActManage, Target{}); err != nil {
		return Account{}, err
	}
	if err := h.checkRole(in); err != nil {
		return Account{}, err
	}
	return h.updateAccount(a, email, AuditAccountRole, string(in.Role)+" "+in.Institution, func(w *txw, acct *Account) error {
		acct.Role, acct.Institution, acct.Sources, acct.Provinces = in.Role, in.Institution, in.Sources, in.Provinces
		return w.endSessions(acct.ID)
	})
}

// SetDisabled disables or enables an account. A disabled account cannot
// sign in and its sessions and tokens stop working.
func (h *Hub) SetDisabled(a Actor, email string, disabled bool) (Account, error) {
	if err := Authorize(a, ActManage, Target{}); err != nil {
		return Account{}, err
	}
	action := AuditAccountEnable
	if disabled {
		action = AuditAccountDisable
	}
	return h.updateAccount(a, email, action, "", func(w *txw, acct *Account) error {
		acct.Disabled = disabled
		return w.endSessions(acct.ID)
	})
}

// ResetPassword sets a new password for an account (admin) and ends its
// sessions.
func (h *Hub) ResetPassword(a Actor, email, password string) (Account, error) {
	if err := Authorize(a, ActManage, Target{}); err != nil {
		return Account{}, err
	}
	return h.setPassword(a, email, password, AuditAccountPassword)
}

// ChangePassword is an account holder changing their own password: the old
// one must be right. Every session of the account ends.
func (h *Hub) ChangePassword(a Actor, oldPassword, newPassword string) error {
	if _, err := h.Authenticate(a.Account.Email, oldPassword); err != nil {
		return err
	}
	_, err := h.setPassword(a, a.Account.Email, newPassword, AuditAccountPassword)
	return err
}

func (h *Hub) setPassword(a Actor, email, password, action string) (Account, error) {
	if err := CheckPasswordPolicy(password, normEmail(email)); err != nil {
		return Account{}, &PasswordError{Err: err}
	}
	phc, err := hashPassword(password, h.cfg.Argon2)
	if err != nil {
		return Account{}, err
	}
	return h.updateAccount(a, email, action, "", func(w *txw, acct *Account) error {
		acct.PasswordChangedAt = w.tx.Now()
		if err := w.tx.Set(keyPassword+acct.ID, []byte(phc)); err != nil {
			return err
		}
		return w.endSessions(acct.ID)
	})
}

// dummyHash is checked against when the e-mail is unknown, so that the
// answer takes as long as for a known account.
var dummyHash = sync.OnceValue(func() string {
	s, _ := hashPassword("no account has this password", DefaultArgon2)
	return s
})

// Authenticate checks an e-mail address and password. Unknown address and
// wrong password are the same ErrUnauthenticated; ErrDisabled is told only
// to someone who knows the password.
func (h *Hub) Authenticate(email, password string) (Account, error) {
	var acct Account
	var phc string
	err := h.st.View(func(tx *store.Tx) error {
		var err error
		if acct, err = accountByEmail(tx, email); err != nil {
			return err
		}
		b, err := tx.Get(keyPassword + acct.ID)
		phc = string(b)
		return err
	})
	if errors.Is(err, content.ErrNotFound) {
		checkPassword(dummyHash(), password)
		return Account{}, fmt.Errorf("wrong e-mail or password: %w", ErrUnauthenticated)
	}
	if err != nil {
		return Account{}, err
	}
	ok, params, err := checkPassword(phc, password)
	if err != nil {
		return Account{}, err
	}
	if !ok {
		return Account{}, fmt.Errorf("wrong e-mail or password: %w", ErrUnauthenticated)
	}
	if acct.Disabled {
		return Account{}, fmt.Errorf("account %s: %w", acct.Email, ErrDisabled)
	}
	if params != h.cfg.Argon2 {
		// Stored with older costs: store it again with today's.
		if phc, err := hashPassword(password, h.cfg.Argon2); err == nil {
			h.write(func(w *txw) error { return w.tx.Set(keyPassword+acct.ID, []byte(phc)) })
		}
	}
	return acct, nil
}
