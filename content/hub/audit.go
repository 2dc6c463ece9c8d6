package hub

import (
	"errors"
	"strconv"
	"strings"

	"jippnas/content/store"
)

// Audit actions.
const (
	AuditSave            = "save"
	AuditSubmit          = "submit"
	AuditVerify          = "verify"
	AuditReturn          = "return"
	AuditConfirm         = "confirm"
	AuditRevert          = "revert"
	AuditDelete          = "delete"
	AuditPublish         = "publish" // an admin's write, published directly
	AuditImport          = "import"  // an import, published directly
	AuditMigrate         = "migrate" // a record written before the hub, taken under it
	AuditMerge           = "merge"   // two records merged into one (an entry on each)
	AuditUnmerge         = "unmerge"
	AuditNotDuplicate    = "not-duplicate"
	AuditImportBatch     = "import.batch"    // an import batch started
	AuditImportConflict  = "import.conflict" // an import that would overwrite changes made on the hub, queued
	AuditImportResolve   = "import.resolve"  // such a conflict settled field by field
	AuditImportDismiss   = "import.dismiss"  // such a conflict dismissed: the hub's content stays
	AuditAccountCreate   = "account.create"
	AuditAccountRole     = "account.role"
	AuditAccountDisable  = "account.disable"
	AuditAccountEnable   = "account.enable"
	AuditAccountPassword = "account.password"
	AuditTokenIssue      = "token.issue"
	AuditTokenRevoke     = "token.revoke"
)

// AuditLabels are the Indonesian labels of the audit actions.
var AuditLabels = map[string]string{
	AuditSave: "Menyimpan revisi", AuditSubmit: "Mengajukan verifikasi", AuditVerify: "Memverifikasi",
	AuditReturn: "Mengembalikan untuk perbaikan", AuditConfirm: "Mengonfirmasi masih berlaku",
	AuditRevert: "Memulihkan revisi lama", AuditDelete: "Menghapus", AuditPublish: "Menerbitkan langsung (admin)",
	AuditImport: "Mengimpor", AuditMigrate: "Memindahkan ke hub", AuditAccountCreate: "Membuat akun",
	AuditAccountRole: "Mengubah peran akun", AuditAccountDisable: "Menonaktifkan akun", AuditAccountEnable: "Mengaktifkan akun",
	AuditAccountPassword: "Mengganti kata sandi", AuditTokenIssue: "Membuat token API", AuditTokenRevoke: "Mencabut token API",
}

// ActorRef is who did something, as the audit log keeps it.
type ActorRef struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
	Role Role   `json:"role"`
	Via  string `json:"via"`
}

// Entry is one line of the append-only audit log: who, when, through what,
// which record and which fields.
type Entry struct {
	Seq         uint64   `json:"seq"`
	At          string   `json:"at"`
	Actor       ActorRef `json:"actor"`
	Action      string   `json:"action"`
	Record      string   `json:"record,omitempty"`
	Institution string   `json:"institution,omitempty"`
	Account     string   `json:"account,omitempty"` // the account an account event is about
	From        uint64   `json:"from_revision,omitempty"`
	To          uint64   `json:"to_revision,omitempty"`
	Fields      []string `json:"fields,omitempty"`
	State       State    `json:"state,omitempty"`
	Comment     string   `json:"comment,omitempty"`
}

const (
	keyAudit     = "hub/audit/"
	keyAuditRec  = "hub/audit-rec/"
	keyAuditInst = "hub/audit-inst/"
	seqAudit     = "hub/meta/seq/audit"
)

// audit appends an entry, with index keys for its record and institution.
// Nothing in the hub deletes or rewrites these keys.
func (w *txw) audit(a Actor, e Entry) error {
	n, err := w.next(seqAudit)
	if err != nil {
		return err
	}
	e.Seq, e.At = n, w.now()
	e.Actor = refOf(a)
	k := seqKey(n)
	if err := w.tx.SetJSON(keyAudit+k, e); err != nil {
		return err
	}
	if e.Record != "" {
		if err := w.tx.Set(keyAuditRec+e.Record+"/"+k, nil); err != nil {
			return err
		}
	}
	if e.Institution != "" {
		if err := w.tx.Set(keyAuditInst+e.Institution+"/"+k, nil); err != nil {
			return err
		}
	}
	return nil
}

// AuditQuery selects audit entries, newest first.
type AuditQuery struct {
	Record      string // entries of one record
	Institution string // entries of one institution
	Before      uint64 // only entries older than this sequence number (paging)
	Limit       int    // default 50
}

// Audit returns audit entries, newest first. The caller checks that the
// actor may see them.
func (h *Hub) Audit(q AuditQuery) ([]Entry, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	var out []Entry
	err := h.view(func(tx *store.Tx) error {
		prefix := keyAudit
		switch {
		case q.Record != "":
			prefix = keyAuditRec + q.Record + "/"
		case q.Institution != "":
			prefix = keyAuditInst + q.Institution + "/"
		}
		err := tx.EachReverse(prefix, func(key string, v []byte) error {
			k := key[strings.LastIndexByte(key, '/')+1:]
			if n, _ := strconv.ParseUint(k, 10, 64); q.Before != 0 && n >= q.Before {
				return nil
			}
			var e Entry
			var err error
			if prefix == keyAudit {
				err = unmarshal(v, &e)
			} else {
				err = tx.GetJSON(keyAudit+k, &e)
			}
			if err != nil {
				return err
			}
			out = append(out, e)
			if len(out) >= q.Limit {
				return errEnough
			}
			return nil
		})
		if errors.Is(err, errEnough) {
			return nil
		}
		return err
	})
	return out, err
}
