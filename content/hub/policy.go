package hub

import (
	"fmt"
	"slices"
)

// Actor is who does something, and through what: a signed-in account
// (Via "sesi"), an API token ("token t3"), or the program itself acting
// as an admin ("cli", "token-admin", "sistem").
type Actor struct {
	Account Account
	Via     string
}

// Vias of actors that are not a signed-in person.
const (
	ViaSession    = "sesi"
	ViaCLI        = "cli"
	ViaAdminToken = "token-admin"
	ViaSystem     = "sistem"
)

// SystemActor is the program acting as a national admin: the command line,
// the bootstrap admin token, demo loading, migration.
func SystemActor(name, via string) Actor {
	return Actor{Account: Account{Name: name, Role: RoleAdmin}, Via: via}
}

// Action is something an actor may be allowed to do.
type Action string

// Actions on records, and the rest.
const (
	ActView     Action = "view"     // a record's working copy, revisions and audit
	ActCreate   Action = "create"   // a new record
	ActEdit     Action = "edit"     // save a new working revision
	ActSubmit   Action = "submit"   // send for verification
	ActVerify   Action = "verify"   // approve: the working revision becomes public
	ActReturn   Action = "return"   // send back with comments
	ActConfirm  Action = "confirm"  // "masih berlaku": the published content is still current
	ActRevert   Action = "revert"   // a new working revision with an earlier one's content
	ActDelete   Action = "delete"   // withdraw a record (an editor: only one never published)
	ActPublish  Action = "publish"  // write published content directly (imports, admin API writes)
	ActOverview Action = "overview" // the national dashboard
	ActManage   Action = "manage"   // accounts, other people's tokens, the reminder export
	ActImport   Action = "import"   // upload and run imports, list import batches
	// ActMerge covers the merge queue: merge two records field by field,
	// undo a merge, mark a pair "bukan duplikat", settle an import
	// conflict. It chooses between values that were verified already, so
	// a verifier may do it within its scope (for every record involved).
	ActMerge Action = "merge"
)

// Target is what an action is done to: a record's institution, source
// programme and province (ScopeCentral for a ministry or agency).
type Target struct {
	Institution string
	Source      string
	Province    string
}

// Authorize is the one authorization policy: every entry point (website,
// API, command line) asks it before acting. It returns nil or an error
// matching ErrForbidden.
//
//   - admin: everything.
//   - pengelola: view, create, edit, submit, confirm, revert and delete the
//     records of its own institution; nothing else.
//   - verifikator: view, verify and return records within its scope (source
//     programmes and provinces; empty means all), work the merge queue on
//     records within it, and see the national overview; it never edits
//     content.
//   - imports (upload, run, list batches) are an admin's alone.
//
// A disabled account may do nothing.
func Authorize(a Actor, act Action, t Target) error {
	acct := a.Account
	deny := func(why string) error {
		return fmt.Errorf("%s %q may not %s: %s: %w", acct.Role, acct.Email, act, why, ErrForbidden)
	}
	if acct.Disabled {
		return deny("account disabled")
	}
	switch acct.Role {
	case RoleAdmin:
		return nil
	case RoleEditor:
		switch act {
		case ActView, ActCreate, ActEdit, ActSubmit, ActConfirm, ActRevert, ActDelete:
		default:
			return deny("not a pengelola's action")
		}
		if t.Institution == "" || t.Institution != acct.Institution {
			return deny("the record belongs to another institution")
		}
		return nil
	case RoleVerifier:
		switch act {
		case ActOverview:
			return nil
		case ActMerge:
			if t == (Target{}) {
				return nil // the queue itself; each record in it is judged on its own
			}
		case ActView, ActVerify, ActReturn:
		default:
			return deny("not a verifikator's action")
		}
		if len(acct.Sources) > 0 && !slices.Contains(acct.Sources, t.Source) {
			return deny("source outside the verifier's scope")
		}
		if len(acct.Provinces) > 0 && !slices.Contains(acct.Provinces, t.Province) {
			return deny("province outside the verifier's scope")
		}
		return nil
	}
	return deny("unknown role")
}

// Can is Authorize as a yes or no, for showing or hiding buttons.
func Can(a Actor, act Action, t Target) bool { return Authorize(a, act, t) == nil }
