package hub

import "errors"

// Sentinel errors of the hub, beside content's ErrNotFound, ErrInvalid and
// ErrConflict (a workflow step that does not apply to the record's state).
var (
	// ErrForbidden: the actor may not do this to this record.
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthenticated: no valid session, token or credentials.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrDisabled: the account is disabled (reported only to someone who
	// knows its password).
	ErrDisabled = errors.New("account disabled")
	// ErrStale: the change was made from a version of the record that is
	// no longer the current one; nothing was written.
	ErrStale = errors.New("stale revision")
)
