package hub

import (
	"fmt"
	"strings"
	"time"

	"jippnas/content"
)

// SaveResult is what a save did.
type SaveResult struct {
	Record  Record
	Doc     content.Document // the working copy as stored
	Created bool
	// Changed is false when the content equalled the working copy:
	// nothing was written.
	Changed bool
}

func invalid(field, format string, args ...any) error {
	return &content.ValidationError{Fields: []content.FieldError{{Field: field, Message: fmt.Sprintf(format, args...)}}}
}

func stale(rec Record, base Base) error {
	if base.New {
		return fmt.Errorf("record %s exists already (version %d): %w", rec.ID, rec.Version, ErrStale)
	}
	return fmt.Errorf("record %s was changed since version %d (it is at version %d now): %w", rec.ID, base.Version, rec.Version, ErrStale)
}

// institutionFor decides the institution code a saved record gets. A
// pengelola's records are its institution's; an admin names one
// (institution_code), keeps the record's, or has the name resolved.
func (h *Hub) institutionFor(a Actor, d content.Document, rec Record, exists bool) (string, error) {
	if a.Account.Role == RoleEditor {
		own := a.Account.Institution
		if d.InstitutionCode != "" && d.InstitutionCode != own {
			return "", fmt.Errorf("institution %s is not the pengelola's own (%s): %w", d.InstitutionCode, own, ErrForbidden)
		}
		return own, nil
	}
	if d.InstitutionCode != "" {
		if _, ok := h.reg.Lookup(d.InstitutionCode); !ok {
			return "", invalid("institution_code", "unknown institution code %q (see /api/v1/institutions)", d.InstitutionCode)
		}
		return d.InstitutionCode, nil
	}
	if exists && rec.Institution != "" {
		return rec.Institution, nil
	}
	if res := h.reg.Resolve(d.Institution, d.RegionCode); res.Confident() {
		return res.Code, nil
	}
	return "", nil
}

// unitOf is the unit part of a record's institution name.
func (h *Hub) unitOf(code string, d content.Document) string {
	if res := h.reg.Resolve(d.Institution, d.RegionCode); res.Code == code {
		return res.Unit
	}
	return ""
}

// checkArea refuses a region outside the institution's own area: a
// regency's records are in that regency, a province's in the province.
func (h *Hub) checkArea(code, region string) error {
	in, ok := h.reg.Lookup(code)
	if !ok || !in.Local() {
		return nil
	}
	if region == in.RegionCode {
		return nil
	}
	if p, ok := h.reg.Regions().ProvinceOf(region); ok && in.Kind == KindProvince && p.Code == in.RegionCode {
		return nil
	}
	return invalid("region_code", "region %q is outside the area of %s (%s)", region, in.Name, in.RegionCode)
}

// provMode says where a saved revision's provenance comes from.
type provMode int

const (
	// provKeep: the stored provenance is kept, whatever the client sent;
	// a content change is recorded as an edit on the hub.
	provKeep provMode = iota
	// provGiven: d carries its provenance (imports, merges, reverts).
	provGiven
)

// saveWorking stores d as a new working revision (a draft). act is the
// action to authorize; empty means create or edit.
func (w *txw) saveWorking(a Actor, d content.Document, base Base, act Action, prov provMode) (SaveResult, content.Document, error) {
	h := w.h
	d.Normalize()
	if d.Type == "" {
		d.Type = content.TypeInnovation
	}
	if d.Type != content.TypeInnovation {
		return SaveResult{}, content.Document{}, invalid("type", "hub records are innovations, not %q", d.Type)
	}
	if !content.ValidID(d.ID) {
		return SaveResult{}, content.Document{}, invalid("id", "must match [a-z0-9][a-z0-9._:-]{0,127}")
	}
	rec, exists, err := loadRecord(w.tx, d.ID)
	if err != nil {
		return SaveResult{}, content.Document{}, err
	}
	if exists && rec.State == StateMerged {
		return SaveResult{}, content.Document{}, fmt.Errorf("record %s was merged into %s; change that record, or undo the merge first: %w", d.ID, rec.MergedInto, content.ErrConflict)
	}
	live := exists && !rec.State.Gone()
	if live {
		if _, err := visible(w.tx, a, d.ID); err != nil {
			return SaveResult{}, content.Document{}, err
		}
	}
	switch {
	case base.Any:
	case base.New:
		if live {
			return SaveResult{}, content.Document{}, stale(rec, base)
		}
	case !live:
		return SaveResult{}, content.Document{}, fmt.Errorf("record %s: %w", d.ID, content.ErrNotFound)
	case rec.Version != base.Version:
		return SaveResult{}, content.Document{}, stale(rec, base)
	}
	code, err := h.institutionFor(a, d, rec, exists)
	if err != nil {
		return SaveResult{}, content.Document{}, err
	}
	if exists && !live && rec.Institution != code && a.Account.Role != RoleAdmin {
		return SaveResult{}, content.Document{}, fmt.Errorf("id %s was used by another institution's record: %w", d.ID, content.ErrConflict)
	}
	d.InstitutionCode = code
	if d.Institution == "" && code != "" {
		d.Institution = h.reg.DisplayName(code, "")
	}
	if act == "" {
		act = ActEdit
		if !live {
			act = ActCreate
		}
	}
	target := Target{Institution: code, Source: d.Source, Province: h.provinceOf(code, d.RegionCode)}
	if live {
		if err := Authorize(a, act, rec.Target()); err != nil {
			return SaveResult{}, content.Document{}, err
		}
	}
	if err := Authorize(a, act, target); err != nil {
		return SaveResult{}, content.Document{}, err
	}
	var prev content.Document
	if exists {
		rv, err := loadRevision(w.tx, d.ID, rec.Revision)
		if err != nil {
			return SaveResult{}, content.Document{}, err
		}
		prev = rv.Doc
	}
	if a.Account.Role != RoleAdmin {
		switch {
		case d.Source == "" && !live:
			d.Source = content.SourceJIPPNAS
		case d.Source == "":
			d.Source = prev.Source
		case live && d.Source != prev.Source:
			return SaveResult{}, content.Document{}, invalid("source", "the source programme of a record is changed by an admin only")
		}
		if err := h.checkArea(code, d.RegionCode); err != nil {
			return SaveResult{}, content.Document{}, err
		}
	}
	now := w.now()
	if prov == provKeep {
		d.Provenance = prev.Provenance
	}
	if err := d.Validate(h.reg.Regions()); err != nil {
		return SaveResult{}, content.Document{}, err
	}
	if live && sameContent(prev, d) {
		return SaveResult{Record: rec, Doc: prev}, prev, nil
	}
	if prov == provKeep {
		d.Provenance = hubEdit(prev, d, now)
	}
	oldInstitution := rec.Institution
	if !exists {
		rec = Record{ID: d.ID, CreatedAt: now}
	}
	rec.Revision++
	d.Revision, d.UpdatedAt = rec.Revision, now
	if err := w.tx.SetJSON(revisionKey(d.ID, rec.Revision), Revision{Doc: d, At: now, By: a.Account.Name, ByID: a.Account.ID, Action: string(act)}); err != nil {
		return SaveResult{}, content.Document{}, err
	}
	rec.Institution, rec.Unit, rec.Title, rec.Source, rec.Province = code, h.unitOf(code, d), d.Title, d.Source, target.Province
	rec.State, rec.Completeness, rec.UpdatedAt, rec.UpdatedBy = StateDraft, h.Assess(d).Score, now, a.Account.Name
	rec.Version++
	if err := w.putRecord(rec, oldInstitution); err != nil {
		return SaveResult{}, content.Document{}, err
	}
	return SaveResult{Record: rec, Doc: d, Created: !live, Changed: true}, prev, nil
}

// publish makes the record's working revision its public document and
// marks it verified by a. The caller stores the record.
func (w *txw) publish(a Actor, rec *Record, doc content.Document, confirmed string) error {
	if _, err := w.tx.PutDocumentRevision(doc, rec.Revision); err != nil {
		return err
	}
	now := w.now()
	rec.State, rec.PublishedRevision = StateVerified, rec.Revision
	rec.VerifiedAt, rec.VerifiedBy, rec.ReturnComment = now, a.Account.Name, ""
	if confirmed == "" || confirmed > now {
		confirmed = now
	}
	rec.ConfirmedAt = max(rec.ConfirmedAt, confirmed)
	return nil
}

// Save stores a new working revision of a record (a draft) without
// publishing it. Creation needs Base{New: true}; a change needs the
// version it was made from.
func (h *Hub) Save(a Actor, d content.Document, base Base) (SaveResult, error) {
	var res SaveResult
	err := h.write(func(w *txw) error {
		var prev content.Document
		var err error
		res, prev, err = w.saveWorking(a, d, base, "", provKeep)
		if err != nil || !res.Changed {
			return err
		}
		return w.audit(a, Entry{Action: AuditSave, Record: res.Record.ID, Institution: res.Record.Institution,
			From: prev.Revision, To: res.Doc.Revision, Fields: ChangedFields(prev, res.Doc), State: res.Record.State})
	})
	return res, err
}

// Publish is an admin's write that is published at once as verified by
// that admin (the API with an admin token, imports). Like Save it needs a
// base; content equal to a verified working copy changes nothing.
func (h *Hub) Publish(a Actor, d content.Document, base Base) (SaveResult, error) {
	if err := Authorize(a, ActPublish, Target{}); err != nil {
		return SaveResult{}, err
	}
	var res SaveResult
	err := h.write(func(w *txw) error {
		var err error
		res, err = w.publishDoc(a, d, base, publishing{act: ActPublish, audit: AuditPublish, prov: provKeep})
		return err
	})
	return res, err
}

// publishing says how publishDoc writes: the action authorized
// (ActPublish for an admin's write, ActImport, ActMerge for the merge
// queue), the audit action and comment, the date the content was last
// confirmed by its source, and where the provenance comes from.
type publishing struct {
	act       Action
	audit     string
	comment   string
	confirmed string
	prov      provMode
}

// publishDoc saves d and publishes it, with one audit entry.
func (w *txw) publishDoc(a Actor, d content.Document, base Base, p publishing) (SaveResult, error) {
	res, prev, err := w.saveWorking(a, d, base, p.act, p.prov)
	if err != nil {
		return res, err
	}
	rec := res.Record
	if !res.Changed && rec.State == StateVerified && rec.PublishedRevision == rec.Revision {
		return res, nil
	}
	if err := w.publish(a, &rec, res.Doc, p.confirmed); err != nil {
		return res, err
	}
	rec.Version++
	if err := w.putRecord(rec, rec.Institution); err != nil {
		return res, err
	}
	res.Record = rec
	return res, w.audit(a, Entry{Action: p.audit, Record: rec.ID, Institution: rec.Institution,
		From: prev.Revision, To: rec.Revision, Fields: ChangedFields(prev, res.Doc), State: rec.State, Comment: p.comment})
}

// step runs one workflow step on a record the actor may act on, checks
// the base version, stores the record and writes the audit entry fn
// returns, all in one transaction.
func (h *Hub) step(a Actor, id string, base Base, act Action, fn func(w *txw, rec *Record) (Entry, error)) (Record, error) {
	var out Record
	err := h.write(func(w *txw) error {
		rec, err := visible(w.tx, a, id)
		if err != nil {
			return err
		}
		if rec.State.Gone() {
			return fmt.Errorf("record %s was %s: %w", id, rec.State, content.ErrNotFound)
		}
		if err := Authorize(a, act, rec.Target()); err != nil {
			return err
		}
		if !base.Any && rec.Version != base.Version {
			return stale(rec, base)
		}
		e, err := fn(w, &rec)
		if err != nil {
			return err
		}
		rec.Version++
		if err := w.putRecord(rec, rec.Institution); err != nil {
			return err
		}
		e.Record, e.Institution, e.State = rec.ID, rec.Institution, rec.State
		out = rec
		return w.audit(a, e)
	})
	return out, err
}

// Submit sends a draft or returned record for verification. Every required
// field must be filled in.
func (h *Hub) Submit(a Actor, id string, base Base) (Record, error) {
	return h.step(a, id, base, ActSubmit, func(w *txw, rec *Record) (Entry, error) {
		if rec.State != StateDraft && rec.State != StateReturned {
			return Entry{}, fmt.Errorf("record %s is %s; only a draft or a returned record is submitted: %w", rec.ID, rec.State, content.ErrConflict)
		}
		rv, err := loadRevision(w.tx, rec.ID, rec.Revision)
		if err != nil {
			return Entry{}, err
		}
		if c := h.Assess(rv.Doc); !c.Ready() {
			ve := &content.ValidationError{ID: rec.ID}
			for _, it := range c.Missing() {
				if it.Required {
					ve.Fields = append(ve.Fields, content.FieldError{Field: it.Field, Message: "required before submitting"})
				}
			}
			return Entry{}, ve
		}
		rec.State, rec.SubmittedAt = StateSubmitted, w.now()
		return Entry{Action: AuditSubmit, To: rec.Revision}, nil
	})
}

// Verify approves a submitted record: its working revision becomes the
// public document, as the same revision number.
func (h *Hub) Verify(a Actor, id string, base Base, comment string) (Record, error) {
	comment = strings.TrimSpace(comment)
	if len(comment) > 2000 {
		return Record{}, invalid("comment", "at most 2000 bytes")
	}
	return h.step(a, id, base, ActVerify, func(w *txw, rec *Record) (Entry, error) {
		if rec.State != StateSubmitted {
			return Entry{}, fmt.Errorf("record %s is %s; only a submitted record is verified: %w", rec.ID, rec.State, content.ErrConflict)
		}
		rv, err := loadRevision(w.tx, rec.ID, rec.Revision)
		if err != nil {
			return Entry{}, err
		}
		var fields []string
		from := rec.PublishedRevision
		if from > 0 {
			old, err := loadRevision(w.tx, rec.ID, from)
			if err != nil {
				return Entry{}, err
			}
			fields = ChangedFields(old.Doc, rv.Doc)
		} else {
			fields = ChangedFields(content.Document{}, rv.Doc)
		}
		if err := w.publish(a, rec, rv.Doc, ""); err != nil {
			return Entry{}, err
		}
		return Entry{Action: AuditVerify, From: from, To: rec.Revision, Fields: fields, Comment: comment}, nil
	})
}

// Return sends a submitted record back to its institution with the
// verifier's comments.
func (h *Hub) Return(a Actor, id string, base Base, comment string) (Record, error) {
	comment = strings.TrimSpace(comment)
	switch {
	case comment == "":
		return Record{}, invalid("comment", "required: tell the institution what to fix")
	case len(comment) > 2000:
		return Record{}, invalid("comment", "at most 2000 bytes")
	}
	return h.step(a, id, base, ActReturn, func(w *txw, rec *Record) (Entry, error) {
		if rec.State != StateSubmitted {
			return Entry{}, fmt.Errorf("record %s is %s; only a submitted record is returned: %w", rec.ID, rec.State, content.ErrConflict)
		}
		rec.State, rec.ReturnedAt, rec.ReturnedBy, rec.ReturnComment = StateReturned, w.now(), a.Account.Name, comment
		return Entry{Action: AuditReturn, To: rec.Revision, Comment: comment}, nil
	})
}

// Confirm records that the published content is still current ("masih
// berlaku"): the record is no longer stale.
func (h *Hub) Confirm(a Actor, id string, base Base) (Record, error) {
	return h.step(a, id, base, ActConfirm, func(w *txw, rec *Record) (Entry, error) {
		if rec.State != StateVerified {
			return Entry{}, fmt.Errorf("record %s is %s; only a verified record without open changes is confirmed: %w", rec.ID, rec.State, content.ErrConflict)
		}
		rec.ConfirmedAt = w.now()
		return Entry{Action: AuditConfirm, To: rec.PublishedRevision}, nil
	})
}

// Revert saves an earlier revision's content as a new working revision (a
// draft): going back is itself a new, audited revision.
func (h *Hub) Revert(a Actor, id string, base Base, rev uint64) (SaveResult, error) {
	var res SaveResult
	err := h.write(func(w *txw) error {
		rec, err := visible(w.tx, a, id)
		if err != nil {
			return err
		}
		if rev == 0 || rev > rec.Revision {
			return fmt.Errorf("record %s has no revision %d: %w", id, rev, content.ErrNotFound)
		}
		if rev == rec.Revision && rec.State != StateDeleted {
			return fmt.Errorf("revision %d is the current one: %w", rev, content.ErrConflict)
		}
		old, err := loadRevision(w.tx, id, rev)
		if err != nil {
			return err
		}
		if rec.State == StateDeleted {
			base = Base{Any: true}
		}
		var prev content.Document
		res, prev, err = w.saveWorking(a, old.Doc, base, ActRevert, provGiven)
		if err != nil {
			return err
		}
		if !res.Changed {
			return fmt.Errorf("revision %d has the content of the current one: %w", rev, content.ErrConflict)
		}
		return w.audit(a, Entry{Action: AuditRevert, Record: id, Institution: res.Record.Institution, From: prev.Revision,
			To: res.Doc.Revision, Fields: ChangedFields(prev, res.Doc), State: res.Record.State, Comment: fmt.Sprintf("revisi %d", rev)})
	})
	return res, err
}

// Delete withdraws a record: a published one leaves the public site (its
// revisions stay). A pengelola may delete only a record never published.
func (h *Hub) Delete(a Actor, id string, base Base) (Record, error) {
	return h.step(a, id, base, ActDelete, func(w *txw, rec *Record) (Entry, error) {
		if rec.PublishedRevision > 0 {
			if a.Account.Role != RoleAdmin {
				return Entry{}, fmt.Errorf("record %s is published; only an admin withdraws it: %w", id, ErrForbidden)
			}
			if err := w.tx.DeleteDocument(id); err != nil {
				return Entry{}, err
			}
		}
		rec.State = StateDeleted
		return Entry{Action: AuditDelete, From: rec.Revision}, nil
	})
}

// WritePage writes a guide or news document (not a hub record) for an
// admin; base.Version is the document's revision, as for records.
func (h *Hub) WritePage(a Actor, d content.Document, base Base) (content.Document, bool, error) {
	if err := Authorize(a, ActPublish, Target{}); err != nil {
		return content.Document{}, false, err
	}
	if d.Type == content.TypeInnovation {
		return content.Document{}, false, invalid("type", "innovations are written through the hub workflow")
	}
	var out content.Document
	created := false
	err := h.write(func(w *txw) error {
		cur, err := w.tx.Document(d.ID)
		exists := err == nil
		if err != nil && !isNotFound(err) {
			return err
		}
		switch {
		case base.Any:
		case base.New && exists:
			return fmt.Errorf("document %s exists already: %w", d.ID, ErrStale)
		case !base.New && !exists:
			return fmt.Errorf("document %s: %w", d.ID, content.ErrNotFound)
		case !base.New && cur.Revision != base.Version:
			return fmt.Errorf("document %s was changed since revision %d: %w", d.ID, base.Version, ErrStale)
		}
		created = !exists
		out, err = w.tx.PutDocument(d)
		return err
	})
	return out, created, err
}

// confirmedFrom is when imported content was last confirmed by its source:
// its "updated" date, else its publication date.
func confirmedFrom(d content.Document) string {
	for _, s := range []string{d.Updated, d.Published} {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return ""
}

// DeletePage deletes a guide or news document (admins only); base.Version
// is its revision.
func (h *Hub) DeletePage(a Actor, id string, base Base) error {
	if err := Authorize(a, ActPublish, Target{}); err != nil {
		return err
	}
	return h.write(func(w *txw) error {
		cur, err := w.tx.Document(id)
		if err != nil {
			return err
		}
		if cur.Type == content.TypeInnovation {
			return invalid("type", "innovations are deleted through the hub workflow")
		}
		if !base.Any && cur.Revision != base.Version {
			return fmt.Errorf("document %s was changed since revision %d: %w", id, base.Version, ErrStale)
		}
		return w.tx.DeleteDocument(id)
	})
}
