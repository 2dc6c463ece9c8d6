package server

import "crypto/subtle"

// constantTimeEqual compares secrets without leaking their length of match.
func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
