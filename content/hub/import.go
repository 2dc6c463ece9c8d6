package hub

import (
	"context"
	"fmt"

	"jippnas/content"
	"jippnas/content/store"
)

// ImportOptions returns opt with the hub's hooks: the first pass also
// checks institution codes, and every innovation is written through the
// workflow, published as verified by a (an admin: the command line, the
// bulk API, demo loading) and audited as an import. Guides and news are
// not hub records; they are written as they are. Content equal to a
// record's verified working copy changes nothing, so importing a file
// again is a no-op. An import supersedes an open draft (it stays in the
// record's revisions, from which it can be restored).
func (h *Hub) ImportOptions(a Actor, opt store.ImportOptions) store.ImportOptions {
	opt.Check = func(d content.Document) []content.FieldError {
		if d.Type != content.TypeInnovation || d.InstitutionCode == "" {
			return nil
		}
		if _, ok := h.reg.Lookup(d.InstitutionCode); !ok {
			return []content.FieldError{{Field: "institution_code", Message: fmt.Sprintf("unknown institution code %q (see /api/v1/institutions)", d.InstitutionCode)}}
		}
		return nil
	}
	opt.Write = func(docs []content.Document) error { return h.importBatch(a, docs) }
	return opt
}

// importBatch publishes a batch of documents in one transaction.
func (h *Hub) importBatch(a Actor, docs []content.Document) error {
	if err := Authorize(a, ActPublish, Target{}); err != nil {
		return err
	}
	return h.write(func(w *txw) error {
		for _, d := range docs {
			if d.Type != content.TypeInnovation {
				if _, err := w.tx.PutDocument(d); err != nil {
					return err
				}
				continue
			}
			if _, err := w.publishDoc(a, d, Base{Any: true}, AuditImport, confirmedFrom(d)); err != nil {
				return fmt.Errorf("%s: %w", d.ID, err)
			}
		}
		return nil
	})
}

const keyMigrated = "hub/meta/migrated"

// migrate takes innovations written before the hub existed (or restored
// from such a backup) under the workflow: each becomes a verified record
// whose working copy is its document, with its institution code resolved
// from its institution name where the resolver is confident (the document
// gets a new revision carrying the code). Names the resolver is unsure of
// stay unmapped, for an admin to assign. It runs once per store.
func (h *Hub) migrate() error {
	done := false
	if err := h.view(func(tx *store.Tx) error {
		_, err := tx.Get(keyMigrated)
		done = err == nil
		if isNotFound(err) {
			return nil
		}
		return err
	}); err != nil || done {
		return err
	}
	a := SystemActor("Migrasi data lama", ViaSystem)
	var batch []content.Document
	flush := func() error {
		err := h.write(func(w *txw) error {
			for _, d := range batch {
				if err := w.adopt(a, d); err != nil {
					return fmt.Errorf("%s: %w", d.ID, err)
				}
			}
			return nil
		})
		batch = batch[:0]
		return err
	}
	_, err := h.st.Each(context.Background(), func(d content.Document) error {
		if d.Type != content.TypeInnovation {
			return nil
		}
		batch = append(batch, d)
		if len(batch) == 200 {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err != nil {
		return err
	}
	return h.write(func(w *txw) error { return w.tx.Set(keyMigrated, []byte(w.now())) })
}

// adopt makes a hub record of a published document that has none.
func (w *txw) adopt(a Actor, d content.Document) error {
	if _, exists, err := loadRecord(w.tx, d.ID); err != nil || exists {
		return err
	}
	h := w.h
	comment := "instansi belum dipetakan"
	code := d.InstitutionCode
	if _, ok := h.reg.Lookup(code); !ok {
		code = ""
		if res := h.reg.Resolve(d.Institution, d.RegionCode); res.Confident() {
			code = res.Code
			comment = fmt.Sprintf("instansi %s dari nama (%s, %.2f)", code, res.Method, res.Confidence)
		}
	} else {
		comment = "instansi " + code
	}
	if code != d.InstitutionCode {
		d.InstitutionCode = code
		var err error
		if d, err = w.tx.PutDocumentRevision(d, d.Revision+1); err != nil {
			return err
		}
	}
	now := w.now()
	at := d.UpdatedAt
	if at == "" {
		at = now
	}
	if err := w.tx.SetJSON(revisionKey(d.ID, d.Revision), Revision{Doc: d, At: at, By: a.Account.Name, Action: AuditMigrate}); err != nil {
		return err
	}
	rec := Record{ID: d.ID, Institution: code, Unit: h.unitOf(code, d), Title: d.Title, Source: d.Source,
		Province: h.provinceOf(code, d.RegionCode), State: StateVerified, Version: 1, Revision: d.Revision,
		PublishedRevision: d.Revision, Completeness: h.Assess(d).Score, CreatedAt: at, UpdatedAt: at,
		UpdatedBy: a.Account.Name, VerifiedAt: at, VerifiedBy: a.Account.Name, ConfirmedAt: confirmedFrom(d)}
	if rec.ConfirmedAt == "" {
		rec.ConfirmedAt = at
	}
	if err := w.putRecord(rec, ""); err != nil {
		return err
	}
	return w.audit(a, Entry{Action: AuditMigrate, Record: d.ID, Institution: code, To: d.Revision, State: StateVerified, Comment: comment})
}

// ResetMigration makes the next Open check every innovation for a hub
// record again: after a backup is restored into the store.
func ResetMigration(st *store.Store) error {
	return st.Update(func(tx *store.Tx) error { return tx.Delete(keyMigrated) })
}
