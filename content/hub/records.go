package hub

import (
	"errors"
	"fmt"
	"reflect"

	"jippnas/content"
	"jippnas/content/store"
)

// State is where a record is in the workflow.
type State string

// Record states.
const (
	StateDraft     State = "draf"
	StateSubmitted State = "diajukan"
	StateVerified  State = "terverifikasi"
	StateReturned  State = "perlu-perbaikan"
	StateDeleted   State = "dihapus"
	// StateMerged: merged into another record (MergedInto), which the
	// public sees instead. The record keeps its revisions; undoing the
	// merge brings it back as it was.
	StateMerged State = "digabung"
)

// Gone reports whether a record in this state is off the public side and
// out of the workflow: deleted, or merged into another record.
func (s State) Gone() bool { return s == StateDeleted || s == StateMerged }

// States lists the states with their Indonesian labels, in workflow order.
var States = []content.Label{
	{Value: string(StateDraft), Label: "Draf"},
	{Value: string(StateSubmitted), Label: "Diajukan"},
	{Value: string(StateReturned), Label: "Perlu perbaikan"},
	{Value: string(StateVerified), Label: "Terverifikasi"},
	{Value: string(StateDeleted), Label: "Dihapus"},
	{Value: string(StateMerged), Label: "Digabung"},
}

// Record is the workflow state of one innovation. Its working revisions
// (drafts, submitted and returned versions, every one kept) live under the
// hub's keys; only a verified revision is ever written to the public
// document (doc/ID), as the same revision number.
type Record struct {
	ID                string `json:"id"`
	Institution       string `json:"institution_code,omitempty"`
	Unit              string `json:"unit,omitempty"`
	Title             string `json:"title"`
	Source            string `json:"source,omitempty"`
	Province          string `json:"province"` // province code, or ScopeCentral
	State             State  `json:"state"`
	Version           uint64 `json:"version"`  // grows with every change, content or state
	Revision          uint64 `json:"revision"` // the working revision
	PublishedRevision uint64 `json:"published_revision,omitempty"`
	Completeness      int    `json:"completeness"`
	CreatedAt         string `json:"created_at"`
	UpdatedAt         string `json:"updated_at"`
	UpdatedBy         string `json:"updated_by,omitempty"`
	SubmittedAt       string `json:"submitted_at,omitempty"`
	VerifiedAt        string `json:"verified_at,omitempty"`
	VerifiedBy        string `json:"verified_by,omitempty"`
	ReturnedAt        string `json:"returned_at,omitempty"`
	ReturnedBy        string `json:"returned_by,omitempty"`
	ReturnComment     string `json:"return_comment,omitempty"`
	// ConfirmedAt is when the published content was last updated or
	// confirmed as still current; it decides staleness.
	ConfirmedAt string `json:"confirmed_at,omitempty"`
	// MergedInto is the canonical record a merged record went into.
	MergedInto string `json:"merged_into,omitempty"`
}

// Target is what the policy judges an action on the record by.
func (r Record) Target() Target {
	return Target{Institution: r.Institution, Source: r.Source, Province: r.Province}
}

// Revision is one saved working revision.
type Revision struct {
	Doc    content.Document `json:"doc"`
	At     string           `json:"at"`
	By     string           `json:"by"`
	ByID   string           `json:"by_id,omitempty"`
	Action string           `json:"action"`
}

// Base is the version a change was made from: optimistic concurrency.
type Base struct {
	Version uint64 // the record's version as the writer saw it
	New     bool   // the record must not exist yet
	Any     bool   // no precondition (imports, which merge whole files)
}

const (
	keyRecord   = "hub/rec/"
	keyRevision = "hub/rev/"
	keyInst     = "hub/inst/"
)

func revisionKey(id string, rev uint64) string { return keyRevision + id + "/" + seqKey(rev) }

func loadRecord(tx *store.Tx, id string) (Record, bool, error) {
	var rec Record
	err := tx.GetJSON(keyRecord+id, &rec)
	if errors.Is(err, content.ErrNotFound) {
		return rec, false, nil
	}
	return rec, err == nil, err
}

func loadRevision(tx *store.Tx, id string, rev uint64) (Revision, error) {
	var r Revision
	if err := tx.GetJSON(revisionKey(id, rev), &r); err != nil {
		return r, fmt.Errorf("record %s revision %d: %w", id, rev, err)
	}
	return r, nil
}

// putRecord stores a record, keeps the by-institution index and queues
// its summary for after the commit.
func (w *txw) putRecord(rec Record, oldInstitution string) error {
	if oldInstitution != rec.Institution && oldInstitution != "" {
		if err := w.tx.Delete(keyInst + oldInstitution + "/" + rec.ID); err != nil {
			return err
		}
	}
	if rec.Institution != "" {
		if err := w.tx.Set(keyInst+rec.Institution+"/"+rec.ID, nil); err != nil {
			return err
		}
	}
	if err := w.tx.SetJSON(keyRecord+rec.ID, rec); err != nil {
		return err
	}
	w.changed = append(w.changed, summaryOf(rec))
	return nil
}

// provinceOf is the province scope of a record of an institution:
// ScopeCentral for a ministry or agency, the province of a local
// government, or (for a record not yet mapped to an institution) the
// province of its region.
func (h *Hub) provinceOf(code, region string) string {
	if in, ok := h.reg.Lookup(code); ok {
		if in.Local() {
			return in.ProvinceCode
		}
		return ScopeCentral
	}
	if p, ok := h.reg.Regions().ProvinceOf(region); ok {
		return p.Code
	}
	return ScopeCentral
}

// sameContent compares two versions of a document, ignoring the fields the
// store and the hub set.
func sameContent(a, b content.Document) bool {
	a.Revision, b.Revision, a.UpdatedAt, b.UpdatedAt = 0, 0, "", ""
	return reflect.DeepEqual(a, b)
}

// Get returns a record and its working copy, if the actor may see them. A
// record the actor may not see is ErrNotFound unless it is public
// (ErrForbidden then).
func (h *Hub) Get(a Actor, id string) (Record, content.Document, error) {
	var rec Record
	var doc content.Document
	err := h.view(func(tx *store.Tx) error {
		var err error
		if rec, err = visible(tx, a, id); err != nil {
			return err
		}
		rv, err := loadRevision(tx, id, rec.Revision)
		doc = rv.Doc
		return err
	})
	return rec, doc, err
}

// Record returns a record without the working copy and without asking the
// policy: for the public badge ("Terverifikasi oleh ... pada ...").
func (h *Hub) Record(id string) (Record, bool) {
	var rec Record
	var ok bool
	h.view(func(tx *store.Tx) error {
		var err error
		rec, ok, err = loadRecord(tx, id)
		return err
	})
	return rec, ok
}

// visible loads a record the actor may view.
func visible(tx *store.Tx, a Actor, id string) (Record, error) {
	rec, ok, err := loadRecord(tx, id)
	if err != nil {
		return rec, err
	}
	if !ok {
		return rec, fmt.Errorf("record %s: %w", id, content.ErrNotFound)
	}
	if err := Authorize(a, ActView, rec.Target()); err != nil {
		if rec.PublishedRevision == 0 || rec.State.Gone() {
			// Someone else's unpublished draft: not even its existence.
			return rec, fmt.Errorf("record %s: %w", id, content.ErrNotFound)
		}
		return rec, err
	}
	return rec, nil
}

// Revisions lists the working revisions of a record, newest first.
func (h *Hub) Revisions(a Actor, id string) ([]Revision, error) {
	var out []Revision
	err := h.view(func(tx *store.Tx) error {
		if _, err := visible(tx, a, id); err != nil {
			return err
		}
		return tx.EachReverse(keyRevision+id+"/", func(_ string, v []byte) error {
			var r Revision
			if err := unmarshal(v, &r); err != nil {
				return err
			}
			out = append(out, r)
			return nil
		})
	})
	return out, err
}

// RevisionOf returns one working revision of a record.
func (h *Hub) RevisionOf(a Actor, id string, rev uint64) (Revision, error) {
	var out Revision
	err := h.view(func(tx *store.Tx) error {
		if _, err := visible(tx, a, id); err != nil {
			return err
		}
		var err error
		out, err = loadRevision(tx, id, rev)
		return err
	})
	return out, err
}
