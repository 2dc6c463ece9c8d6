package hub

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the argon2id cost parameters of new password hashes.
// Stored hashes carry their own, so raising these only affects passwords
// set (or logged in with) afterwards.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultArgon2 follows OWASP's password storage recommendation for
// argon2id (19 MiB, 2 passes, 1 lane).
var DefaultArgon2 = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
	// MinPasswordLen is the shortest password accepted.
	MinPasswordLen = 10
	maxPasswordLen = 256
)

// Password policy errors. They match content.ErrInvalid through
// PasswordError.
var (
	ErrPasswordShort  = errors.New("password too short")
	ErrPasswordLong   = errors.New("password too long")
	ErrPasswordCommon = errors.New("password is a commonly used one")
	ErrPasswordEmail  = errors.New("password contains the e-mail address")
)

// hashPassword returns the PHC string of an argon2id hash of pw:
// $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH (base64, no padding).
func hashPassword(pw string, p Argon2Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// checkPassword reports whether pw matches a PHC string made by
// hashPassword, and the parameters that string was made with.
func checkPassword(phc, pw string) (bool, Argon2Params, error) {
	var p Argon2Params
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, p, errors.New("hub: unknown password hash format")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, p, errors.New("hub: unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, p, fmt.Errorf("hub: bad argon2 parameters: %w", err)
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, p, err
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, p, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, p, nil
}

// CheckPasswordPolicy tells why pw may not be used by the account with
// the given e-mail address, or returns nil.
func CheckPasswordPolicy(pw, email string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return ErrPasswordShort
	case len(pw) > maxPasswordLen:
		return ErrPasswordLong
	}
	lower := strings.ToLower(pw)
	if commonPasswords[lower] || commonPasswords[strings.TrimRight(lower, "0123456789!.@#")] {
		return ErrPasswordCommon
	}
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	if len(local) >= 4 && strings.Contains(lower, local) {
		return ErrPasswordEmail
	}
	return nil
}

// GeneratePassword returns a random password of 16 letters and digits
// (about 95 bits), for demo accounts and resets from the command line.
func GeneratePassword() (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b), nil
}

// commonPasswords is a short list of passwords that guessing attacks try
// first, written for this project: the head of every breached-password
// list (number and keyboard runs, "password" and its variants), common
// Indonesian words and phrases used as passwords, and this product's own
// names. A password is refused if it is one of them, also with digits or
// punctuation appended.
var commonPasswords = func() map[string]bool {
	words := []string{
		"password", "passw0rd", "p@ssw0rd", "p@ssword", "password1", "password123", "passwort", "motdepasse",
		"1234567890", "0123456789", "12345678910", "0987654321", "1111111111", "0000000000", "1122334455",
		"1234512345", "1234567891", "9876543210", "123123123123", "qwertyuiop", "qwerty1234", "qwertyuiop123",
		"asdfghjkl", "asdfghjkl1", "zxcvbnm123", "1q2w3e4r5t", "1qaz2wsx3edc", "qazwsxedc", "qweasdzxc",
		"iloveyou", "iloveyou123", "sunshine", "princess", "football", "baseball", "welcome", "welcome123",
		"letmein", "letmein123", "administrator", "admin", "admin12345", "adminadmin", "superuser", "rahasia",
		"rahasia123", "katasandi", "katasandi123", "sandi", "indonesia", "indonesiaraya", "merdeka", "merdeka45",
		"garuda", "garudaindonesia", "pancasila", "bismillah", "alhamdulillah", "assalamualaikum", "insyaallah",
		"sayang", "sayangku", "cintaku", "akucintakamu", "jakarta", "surabaya", "bandung", "yogyakarta",
		"semarang", "makassar", "medan", "bali", "pemerintah", "pemda", "pemkot", "pemkab", "pemprov",
		"kementerian", "jippnas", "jippnas2025", "jippnas2026", "sinovik", "kipp", "panrb", "menpan", "menpanrb",
		"kemenpanrb", "inovasi", "inovasi123", "pelayanan", "pelayananpublik", "dinas", "dinaskesehatan",
		"verifikator", "pengelola", "operator", "operator123", "changeme", "gantipassword", "gantisandi",
	}
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}()
