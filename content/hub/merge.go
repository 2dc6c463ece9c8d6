package hub

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"jippnas/content"
	"jippnas/content/store"
)

// The merge queue: the same innovation reported by two programmes becomes
// one canonical record. The merge chooses each field's value from one of
// the two records; the canonical record gets a new verified revision with
// that content and both records' provenance; the secondary leaves the
// public side (its document is withdrawn) but keeps its revisions and
// points to the canonical. A merge is undone exactly: the canonical's
// content as it was before and the secondary as it was. Every step is one
// transaction with its audit entries.

// Merge choices: where a field's value comes from.
const (
	ChooseCanonical = "canonical"
	ChooseSecondary = "secondary"
	ChooseBoth      = "both" // lists only: the values of both, without repeats
)

// mergeField is a content field the merge chooses per record.
type mergeField struct {
	name  string
	list  bool
	value func(content.Document) string
	copy  func(dst *content.Document, src content.Document)
}

// mergeFields are the fields chosen in a merge, in form order. The
// institution's name and code go together. The source stays the
// canonical's (provenance lists both).
var mergeFields = []mergeField{
	{name: "title", value: docField("title"), copy: func(d *content.Document, s content.Document) { d.Title = s.Title }},
	{name: "summary", value: docField("summary"), copy: func(d *content.Document, s content.Document) { d.Summary = s.Summary }},
	{name: "body", value: docField("body"), copy: func(d *content.Document, s content.Document) { d.Body = s.Body }},
	{name: "institution", value: func(d content.Document) string {
		if d.InstitutionCode == "" {
			return d.Institution
		}
		return d.Institution + " (" + d.InstitutionCode + ")"
	}, copy: func(d *content.Document, s content.Document) {
		d.Institution, d.InstitutionCode = s.Institution, s.InstitutionCode
	}},
	{name: "region_code", value: docField("region_code"), copy: func(d *content.Document, s content.Document) { d.RegionCode = s.RegionCode }},
	{name: "sector", value: docField("sector"), copy: func(d *content.Document, s content.Document) { d.Sector = s.Sector }},
	{name: "year", value: docField("year"), copy: func(d *content.Document, s content.Document) { d.Year = s.Year }},
	{name: "published", value: docField("published"), copy: func(d *content.Document, s content.Document) { d.Published = s.Published }},
	{name: "stage", value: docField("stage"), copy: func(d *content.Document, s content.Document) { d.Stage = s.Stage }},
	{name: "awards", list: true, value: docField("awards"), copy: func(d *content.Document, s content.Document) { d.Awards = slices.Clone(s.Awards) }},
	{name: "tags", list: true, value: docField("tags"), copy: func(d *content.Document, s content.Document) { d.Tags = slices.Clone(s.Tags) }},
	{name: "status", value: docField("status"), copy: func(d *content.Document, s content.Document) { d.Status = s.Status }},
	{name: "url", value: docField("url"), copy: func(d *content.Document, s content.Document) { d.URL = s.URL }},
	{name: "validation_status", value: docField("validation_status"), copy: func(d *content.Document, s content.Document) { d.ValidationStatus = s.ValidationStatus }},
	{name: "digital", value: docField("digital"), copy: func(d *content.Document, s content.Document) { d.Digital = s.Digital }},
	{name: "contact", value: docField("contact"), copy: func(d *content.Document, s content.Document) { d.Contact = s.Contact }},
}

// docField is the diff's getter of a field.
func docField(name string) func(content.Document) string {
	for _, f := range docFields {
		if f.name == name {
			return f.get
		}
	}
	panic("hub: no document field " + name)
}

// MergeField describes a field of the merge form.
type MergeField struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	List  bool   `json:"list,omitempty"` // both values can be kept
}

// MergeFields lists the fields a merge chooses, in form order.
func MergeFields() []MergeField {
	out := make([]MergeField, len(mergeFields))
	for i, f := range mergeFields {
		out[i] = MergeField{Name: f.name, Label: FieldLabel(f.name), List: f.list}
	}
	return out
}

// FieldValue is a field's value as the merge and conflict pages show it.
func FieldValue(field string, d content.Document) string {
	for _, f := range mergeFields {
		if f.name == field {
			return f.value(d)
		}
	}
	return ""
}

// MergeRequest asks to merge Secondary into Canonical. The versions are
// those of the records as the person merging saw them; Fields chooses, per
// field, where the value comes from (ChooseCanonical when absent).
type MergeRequest struct {
	Canonical        string            `json:"canonical"`
	CanonicalVersion uint64            `json:"canonical_version"`
	Secondary        string            `json:"secondary"`
	SecondaryVersion uint64            `json:"secondary_version"`
	Fields           map[string]string `json:"fields,omitempty"`
	Comment          string            `json:"comment,omitempty"`
}

// Merge is what a merge did: the two records, the choice per field, who,
// when, and whether it was undone.
type Merge struct {
	ID          string            `json:"id"`
	Canonical   string            `json:"canonical"`
	Secondary   string            `json:"secondary"`
	Fields      map[string]string `json:"fields"`
	Comment     string            `json:"comment,omitempty"`
	At          string            `json:"at"`
	By          ActorRef          `json:"by"`
	Revision    uint64            `json:"revision"` // the canonical's revision the merge wrote
	UndoneAt    string            `json:"undone_at,omitempty"`
	UndoneBy    *ActorRef         `json:"undone_by,omitempty"`
	UndoComment string            `json:"undo_comment,omitempty"`
}

// MergeRecord is a merge as it is kept: with the two records as they
// were, from which an undo restores them.
type MergeRecord struct {
	Merge
	CanonicalBefore Record `json:"canonical_before"`
	SecondaryBefore Record `json:"secondary_before"`
}

// Undone reports whether the merge was undone.
func (m Merge) Undone() bool { return m.UndoneAt != "" }

const (
	keyMerge    = "hub/merge/"
	keyMergeRec = "hub/merge-rec/"
	seqMerge    = "hub/meta/seq/merge"
	keyDup      = "hub/dup/"
	keyNotDup   = "hub/notdup/"
)

// pairKey is the key part of an unordered pair of records.
func pairKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + "/" + b
}

// mergeID is the public id of merge n ("g12").
func mergeID(n uint64) string { return "g" + strconv.FormatUint(n, 10) }

func mergeKey(id string) (string, error) {
	n, err := strconv.ParseUint(strings.TrimPrefix(id, "g"), 10, 64)
	if !strings.HasPrefix(id, "g") || err != nil || n == 0 {
		return "", fmt.Errorf("merge %q: %w", id, content.ErrNotFound)
	}
	return keyMerge + seqKey(n), nil
}

func checkComment(c string) (string, error) {
	c = strings.TrimSpace(c)
	if len(c) > 2000 {
		return "", invalid("comment", "at most 2000 bytes")
	}
	return c, nil
}

// checkChoices validates the fields of a merge request.
func checkChoices(fields map[string]string) error {
	for name, v := range fields {
		i := slices.IndexFunc(mergeFields, func(f mergeField) bool { return f.name == name })
		switch {
		case i < 0:
			return invalid("fields", "unknown field %q", name)
		case v == ChooseBoth && !mergeFields[i].list:
			return invalid("fields", "%s: only lists (awards, tags) keep both values", name)
		case v != ChooseCanonical && v != ChooseSecondary && v != ChooseBoth:
			return invalid("fields", "%s: %q is not canonical, secondary or both", name, v)
		}
	}
	return nil
}

// mergeable loads a record the actor may merge: verified, without open
// changes, at the version the actor saw.
func (w *txw) mergeable(a Actor, id string, version uint64, field string) (Record, content.Document, error) {
	if version == 0 {
		return Record{}, content.Document{}, invalid(field, "required: the version of the record as you saw it")
	}
	rec, err := visible(w.tx, a, id)
	if err != nil {
		return rec, content.Document{}, err
	}
	if err := Authorize(a, ActMerge, rec.Target()); err != nil {
		return rec, content.Document{}, err
	}
	if rec.Version != version {
		return rec, content.Document{}, stale(rec, Base{Version: version})
	}
	if rec.State != StateVerified || rec.Revision != rec.PublishedRevision {
		return rec, content.Document{}, fmt.Errorf("record %s is %s with changes not yet verified; finish those first: %w", id, rec.State, content.ErrConflict)
	}
	rv, err := loadRevision(w.tx, id, rec.Revision)
	return rec, rv.Doc, err
}

// mergedDocument is c with the chosen fields of s.
func mergedDocument(c, s content.Document, choice map[string]string) content.Document {
	out := c
	out.Awards, out.Tags = slices.Clone(c.Awards), slices.Clone(c.Tags)
	for _, f := range mergeFields {
		switch choice[f.name] {
		case ChooseSecondary:
			f.copy(&out, s)
		case ChooseBoth:
			var both content.Document
			f.copy(&both, s)
			out.Awards = append(out.Awards, both.Awards...)
			out.Tags = append(out.Tags, both.Tags...)
		}
	}
	out.Provenance = mergeProvenance(c, s, choice)
	out.Normalize() // drops repeated list values
	return out
}

// Merge merges req.Secondary into req.Canonical (see the top of this file).
func (h *Hub) Merge(a Actor, req MergeRequest) (MergeRecord, error) {
	var out MergeRecord
	comment, err := checkComment(req.Comment)
	if err != nil {
		return out, err
	}
	switch {
	case !content.ValidID(req.Canonical) || !content.ValidID(req.Secondary):
		return out, invalid("canonical", "two record ids are needed")
	case req.Canonical == req.Secondary:
		return out, invalid("secondary", "a record is not merged with itself")
	}
	if err := checkChoices(req.Fields); err != nil {
		return out, err
	}
	err = h.write(func(w *txw) error {
		c, cdoc, err := w.mergeable(a, req.Canonical, req.CanonicalVersion, "canonical_version")
		if err != nil {
			return err
		}
		s, sdoc, err := w.mergeable(a, req.Secondary, req.SecondaryVersion, "secondary_version")
		if err != nil {
			return err
		}
		choice := map[string]string{}
		for _, f := range mergeFields {
			choice[f.name] = ChooseCanonical
			if v := req.Fields[f.name]; v != "" {
				choice[f.name] = v
			}
		}
		merged := mergedDocument(cdoc, sdoc, choice)
		n, err := w.next(seqMerge)
		if err != nil {
			return err
		}
		out = MergeRecord{Merge: Merge{ID: mergeID(n), Canonical: c.ID, Secondary: s.ID, Fields: choice, Comment: comment, At: w.now(),
			By: refOf(a)}, CanonicalBefore: c, SecondaryBefore: s}
		res, _, err := w.saveWorking(a, merged, Base{Version: c.Version}, ActMerge, provGiven)
		if err != nil {
			return err
		}
		rec := res.Record
		if err := w.publish(a, &rec, res.Doc, ""); err != nil {
			return err
		}
		rec.Version++
		if err := w.putRecord(rec, rec.Institution); err != nil {
			return err
		}
		out.Revision = rec.Revision
		oldInst := s.Institution
		s.State, s.MergedInto, s.UpdatedAt, s.UpdatedBy = StateMerged, c.ID, w.now(), a.Account.Name
		s.Version++
		if err := w.tx.DeleteDocument(s.ID); err != nil && !isNotFound(err) {
			return err
		}
		if err := w.putRecord(s, oldInst); err != nil {
			return err
		}
		if err := w.putMerge(out); err != nil {
			return err
		}
		if err := w.tx.Delete(keyDup + pairKey(c.ID, s.ID)); err != nil {
			return err
		}
		var fromS []string
		for _, f := range mergeFields {
			if choice[f.name] != ChooseCanonical {
				fromS = append(fromS, f.name)
			}
		}
		note := fmt.Sprintf("%s: %s digabung ke %s", out.ID, s.ID, c.ID)
		if comment != "" {
			note += " — " + comment
		}
		if err := w.audit(a, Entry{Action: AuditMerge, Record: c.ID, Institution: rec.Institution, From: c.Revision, To: rec.Revision,
			Fields: fromS, State: rec.State, Comment: note}); err != nil {
			return err
		}
		return w.audit(a, Entry{Action: AuditMerge, Record: s.ID, Institution: s.Institution, State: s.State, Comment: note})
	})
	return out, err
}

// putMerge stores a merge with its index keys under both records.
func (w *txw) putMerge(m MergeRecord) error {
	k, err := mergeKey(m.ID)
	if err != nil {
		return err
	}
	if err := w.tx.SetJSON(k, m); err != nil {
		return err
	}
	seq := k[len(keyMerge):]
	for _, id := range []string{m.Canonical, m.Secondary} {
		if err := w.tx.Set(keyMergeRec+id+"/"+seq, nil); err != nil {
			return err
		}
	}
	return nil
}

func loadMerge(tx *store.Tx, id string) (MergeRecord, error) {
	var m MergeRecord
	k, err := mergeKey(id)
	if err != nil {
		return m, err
	}
	err = tx.GetJSON(k, &m)
	return m, err
}

// Unmerge undoes a merge: the canonical record gets its content as it was
// before the merge (a new verified revision, with the verification it had
// then), and the secondary comes back as it was, public again.
func (h *Hub) Unmerge(a Actor, id, comment string) (MergeRecord, error) {
	comment, err := checkComment(comment)
	if err != nil {
		return MergeRecord{}, err
	}
	var m MergeRecord
	err = h.write(func(w *txw) error {
		if m, err = loadMerge(w.tx, id); err != nil {
			return err
		}
		if m.Undone() {
			return fmt.Errorf("merge %s was undone already (%s): %w", id, m.UndoneAt, content.ErrConflict)
		}
		c, err := visible(w.tx, a, m.Canonical)
		if err != nil {
			return err
		}
		s, err := visible(w.tx, a, m.Secondary)
		if err != nil {
			return err
		}
		for _, t := range []Target{c.Target(), s.Target(), m.SecondaryBefore.Target()} {
			if err := Authorize(a, ActMerge, t); err != nil {
				return err
			}
		}
		switch {
		case s.State != StateMerged || s.MergedInto != c.ID:
			return fmt.Errorf("record %s is no longer merged into %s: %w", s.ID, c.ID, content.ErrConflict)
		case c.State.Gone():
			return fmt.Errorf("record %s was %s since; undo that first: %w", c.ID, c.State, content.ErrConflict)
		}
		before, err := loadRevision(w.tx, c.ID, m.CanonicalBefore.Revision)
		if err != nil {
			return err
		}
		res, _, err := w.saveWorking(a, before.Doc, Base{Any: true}, ActMerge, provGiven)
		if err != nil {
			return err
		}
		rec := res.Record
		if res.Changed || rec.PublishedRevision != rec.Revision || rec.State != StateVerified {
			if err := w.publish(a, &rec, res.Doc, ""); err != nil {
				return err
			}
		}
		cb := m.CanonicalBefore
		rec.VerifiedAt, rec.VerifiedBy, rec.ConfirmedAt = cb.VerifiedAt, cb.VerifiedBy, cb.ConfirmedAt
		rec.Version++
		if err := w.putRecord(rec, rec.Institution); err != nil {
			return err
		}
		restored := m.SecondaryBefore
		restored.Version = s.Version + 1
		if restored.PublishedRevision > 0 {
			pub, err := loadRevision(w.tx, s.ID, restored.PublishedRevision)
			if err != nil {
				return err
			}
			if _, err := w.tx.PutDocumentRevision(pub.Doc, restored.PublishedRevision); err != nil {
				return err
			}
		}
		if err := w.putRecord(restored, s.Institution); err != nil {
			return err
		}
		ref := refOf(a)
		m.UndoneAt, m.UndoneBy, m.UndoComment = w.now(), &ref, comment
		if err := w.putMerge(m); err != nil {
			return err
		}
		note := fmt.Sprintf("%s dibatalkan: %s dan %s kembali terpisah", m.ID, c.ID, s.ID)
		if comment != "" {
			note += " — " + comment
		}
		if err := w.audit(a, Entry{Action: AuditUnmerge, Record: c.ID, Institution: rec.Institution, From: res.Doc.Revision - 1,
			To: rec.Revision, State: rec.State, Comment: note}); err != nil {
			return err
		}
		return w.audit(a, Entry{Action: AuditUnmerge, Record: s.ID, Institution: restored.Institution, State: restored.State, Comment: note})
	})
	return m, err
}

// MergeOf returns a merge, if the actor may see both of its records.
func (h *Hub) MergeOf(a Actor, id string) (MergeRecord, error) {
	var m MergeRecord
	err := h.view(func(tx *store.Tx) error {
		var err error
		if m, err = loadMerge(tx, id); err != nil {
			return err
		}
		for _, rid := range []string{m.Canonical, m.Secondary} {
			if _, err := visible(tx, a, rid); err != nil {
				return err
			}
		}
		return nil
	})
	return m, err
}

// Merges lists merges, newest first: those of one record, or (record "")
// all the actor may see; at most limit.
func (h *Hub) Merges(a Actor, record string, limit int) ([]MergeRecord, error) {
	if limit <= 0 {
		limit = 50
	}
	var out []MergeRecord
	err := h.view(func(tx *store.Tx) error {
		// Only merges whose both records the actor may see.
		seen := func(m MergeRecord) bool {
			for _, id := range []string{m.Canonical, m.Secondary} {
				rec, ok, err := loadRecord(tx, id)
				if err != nil || !ok || !Can(a, ActView, rec.Target()) {
					return false
				}
			}
			return true
		}
		var err error
		if record != "" {
			// The record's index keys end with the merge's sequence key.
			out, err = newest(tx, keyMergeRec+record+"/", limit, func(key string, _ []byte) (MergeRecord, bool, error) {
				var m MergeRecord
				err := tx.GetJSON(keyMerge+key[strings.LastIndexByte(key, '/')+1:], &m)
				return m, err == nil && seen(m), err
			})
			return err
		}
		out, err = newest(tx, keyMerge, limit, func(_ string, v []byte) (MergeRecord, bool, error) {
			var m MergeRecord
			err := unmarshal(v, &m)
			return m, err == nil && seen(m), err
		})
		return err
	})
	return out, err
}

// refOf is an actor as the logs keep it.
func refOf(a Actor) ActorRef {
	return ActorRef{ID: a.Account.ID, Name: a.Account.Name, Role: a.Account.Role, Via: a.Via}
}
