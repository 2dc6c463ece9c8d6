package hub

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"jippnas/content"
	"jippnas/content/store"
)

// Imports through the hub. Every import (a programme's export read through
// a mapping, the contract's JSON Lines or CSV, the bulk API, the demo) is
// an import batch, recorded with who ran it, when, the file, the mapping
// and what it did. An innovation is written through the workflow by the
// admin who ran it, and lands published and verified (the programmes'
// data was assessed by them; the admin looked at the dry run first), with
// its provenance dated with the batch.
//
// An import never overwrites silently what was done on the hub. The hub
// remembers what each record's source last delivered (a hash of the
// content, under hub/src/). Three versions meet: that base, the record's
// working copy and the incoming row.
//
//   - incoming equals the working copy, or the base: unchanged (the source
//     has nothing new; changes made on the hub stay);
//   - the working copy still equals the base: an update, published;
//   - otherwise the hub changed the record since the last import (an
//     institution's editor, a merge, a deletion): a conflict, queued for
//     review in the merge queue, where an admin or verifier takes field
//     by field what to keep, or dismisses the incoming values.

// ImportKind is what an import does with one row.
type ImportKind string

// Import kinds.
const (
	ImportCreate    ImportKind = "create"
	ImportUpdate    ImportKind = "update"
	ImportUnchanged ImportKind = "unchanged"
	ImportConflict  ImportKind = "conflict"
)

// Conflict reasons.
const (
	ConflictEdited  = "edited"  // changed on the hub since the last import
	ConflictMerged  = "merged"  // merged into another record
	ConflictDeleted = "deleted" // withdrawn on the hub
)

// ConflictReasons are the Indonesian labels of the reasons.
var ConflictReasons = []content.Label{
	{Value: ConflictEdited, Label: "Diubah di hub sejak impor terakhir"},
	{Value: ConflictMerged, Label: "Sudah digabung ke inovasi lain"},
	{Value: ConflictDeleted, Label: "Sudah dihapus di hub"},
}

// BatchState is where an import batch is.
type BatchState string

// Batch states.
const (
	BatchRunning     BatchState = "berjalan"
	BatchDone        BatchState = "selesai"
	BatchFailed      BatchState = "gagal"
	BatchCancelled   BatchState = "dihentikan"    // stopped (a server shutting down): what was written stays
	BatchInterrupted BatchState = "terputus"      // the program stopped without finishing it
	BatchNothing     BatchState = "tidak-ditulis" // the file had errors: nothing written
)

// BatchStates are the states with their Indonesian labels.
var BatchStates = []content.Label{
	{Value: string(BatchRunning), Label: "Berjalan"}, {Value: string(BatchDone), Label: "Selesai"},
	{Value: string(BatchFailed), Label: "Gagal"}, {Value: string(BatchCancelled), Label: "Dihentikan"},
	{Value: string(BatchInterrupted), Label: "Terputus"}, {Value: string(BatchNothing), Label: "Tidak ditulis (berkas bermasalah)"},
}

// BatchCounts are what a batch did.
type BatchCounts struct {
	Rows      int `json:"rows"`      // records read
	Created   int `json:"created"`   // innovations created
	Updated   int `json:"updated"`   // innovations updated
	Unchanged int `json:"unchanged"` // innovations the source had nothing new for
	Conflicts int `json:"conflicts"` // queued for review
	Pages     int `json:"pages"`     // guides and news written
	Skipped   int `json:"skipped"`   // invalid rows left out
}

// BatchInput describes an import about to run.
type BatchInput struct {
	File      string `json:"file"`
	Mapping   string `json:"mapping,omitempty"` // "" for the contract's JSON Lines or CSV
	Programme string `json:"programme,omitempty"`
	Source    string `json:"source,omitempty"`
	Format    string `json:"format,omitempty"`
}

// Batch is one import as it is recorded.
type Batch struct {
	ID string `json:"id"` // "b12"
	BatchInput
	By         ActorRef    `json:"by"`
	StartedAt  string      `json:"started_at"`
	FinishedAt string      `json:"finished_at,omitempty"`
	State      BatchState  `json:"state"`
	Counts     BatchCounts `json:"counts"`
	Error      string      `json:"error,omitempty"`
}

const (
	keyBatch    = "hub/batch/"
	seqBatch    = "hub/meta/seq/batch"
	keySrc      = "hub/src/"
	keyConflict = "hub/conflict/"
)

func batchKey(id string) (string, error) {
	n, err := strconv.ParseUint(strings.TrimPrefix(id, "b"), 10, 64)
	if !strings.HasPrefix(id, "b") || err != nil || n == 0 {
		return "", fmt.Errorf("import batch %q: %w", id, content.ErrNotFound)
	}
	return keyBatch + seqKey(n), nil
}

// ImportRun is a batch being written: it counts what the writes do.
type ImportRun struct {
	h     *Hub
	a     Actor
	mu    sync.Mutex
	batch Batch
}

// StartImport records a new batch, run by a (an admin), and returns it
// running.
func (h *Hub) StartImport(a Actor, in BatchInput) (*ImportRun, error) {
	if err := Authorize(a, ActImport, Target{}); err != nil {
		return nil, err
	}
	run := &ImportRun{h: h, a: a}
	err := h.write(func(w *txw) error {
		n, err := w.next(seqBatch)
		if err != nil {
			return err
		}
		run.batch = Batch{ID: "b" + strconv.FormatUint(n, 10), BatchInput: in, By: refOf(a), StartedAt: w.now(), State: BatchRunning}
		if err := w.tx.SetJSON(keyBatch+seqKey(n), run.batch); err != nil {
			return err
		}
		what := in.File
		if in.Mapping != "" {
			what += " (pemetaan " + in.Mapping + ")"
		}
		return w.audit(a, Entry{Action: AuditImportBatch, Comment: run.batch.ID + ": " + what})
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// Batch is the batch as it stands.
func (r *ImportRun) Batch() Batch {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.batch
}

func (r *ImportRun) add(c BatchCounts) {
	r.mu.Lock()
	defer r.mu.Unlock()
	b := &r.batch.Counts
	b.Created += c.Created
	b.Updated += c.Updated
	b.Unchanged += c.Unchanged
	b.Conflicts += c.Conflicts
	b.Pages += c.Pages
}

// Finish records how the batch ended: res is what the store's import
// reported, err its error.
func (r *ImportRun) Finish(res store.ImportResult, err error) (Batch, error) {
	r.mu.Lock()
	b := r.batch
	r.mu.Unlock()
	b.Counts.Rows, b.Counts.Skipped = res.Lines, res.Skipped
	switch {
	case err == nil:
		b.State = BatchDone
	case errors.Is(err, context.Canceled):
		b.State, b.Error = BatchCancelled, "dihentikan sebelum selesai"
	case errors.Is(err, content.ErrInvalid) && res.Written == 0:
		b.State, b.Error = BatchNothing, err.Error()
	default:
		b.State, b.Error = BatchFailed, err.Error()
	}
	if len(b.Error) > 2000 {
		b.Error = b.Error[:2000]
	}
	werr := r.h.write(func(w *txw) error {
		b.FinishedAt = w.now()
		k, err := batchKey(b.ID)
		if err != nil {
			return err
		}
		return w.tx.SetJSON(k, b)
	})
	r.mu.Lock()
	r.batch = b
	r.mu.Unlock()
	return b, werr
}

// Batches lists import batches, newest first (admins only): at most limit,
// older than the batch before ("" for the newest).
func (h *Hub) Batches(a Actor, before string, limit int) ([]Batch, error) {
	if err := Authorize(a, ActImport, Target{}); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 50
	}
	bound := ""
	if before != "" {
		k, err := batchKey(before)
		if err != nil {
			return nil, invalid("before", "not an import batch id")
		}
		bound = k
	}
	var out []Batch
	err := h.view(func(tx *store.Tx) error {
		var err error
		out, err = newest(tx, keyBatch, limit, func(key string, v []byte) (Batch, bool, error) {
			var b Batch
			if bound != "" && key >= bound {
				return b, false, nil
			}
			return b, true, unmarshal(v, &b)
		})
		return err
	})
	return out, err
}

// BatchOf returns one batch (admins only).
func (h *Hub) BatchOf(a Actor, id string) (Batch, error) {
	var b Batch
	if err := Authorize(a, ActImport, Target{}); err != nil {
		return b, err
	}
	k, err := batchKey(id)
	if err != nil {
		return b, err
	}
	err = h.view(func(tx *store.Tx) error { return tx.GetJSON(k, &b) })
	return b, err
}

// interruptBatches marks the batches a stopped program left running.
func (h *Hub) interruptBatches() error {
	return h.write(func(w *txw) error {
		var open []Batch
		if err := w.tx.Each(keyBatch, func(_ string, v []byte) error {
			var b Batch
			if err := unmarshal(v, &b); err != nil {
				return err
			}
			if b.State == BatchRunning {
				open = append(open, b)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, b := range open {
			b.State, b.FinishedAt, b.Error = BatchInterrupted, w.now(), "program berhenti sebelum impor selesai; baris yang sudah ditulis tetap tersimpan"
			k, _ := batchKey(b.ID)
			if err := w.tx.SetJSON(k, b); err != nil {
				return err
			}
		}
		return nil
	})
}

// ImportOptions returns opt with the hub's hooks: the first pass also
// checks institution codes, and every innovation is written through the
// workflow as run counts it (run may be nil: no batch is recorded). Guides
// and news are not hub records; they are written as they are.
func (h *Hub) ImportOptions(a Actor, run *ImportRun, opt store.ImportOptions) store.ImportOptions {
	opt.Check = func(d content.Document) []content.FieldError {
		if d.Type != content.TypeInnovation || d.InstitutionCode == "" {
			return nil
		}
		if _, ok := h.reg.Lookup(d.InstitutionCode); !ok {
			return []content.FieldError{{Field: "institution_code", Message: fmt.Sprintf("unknown institution code %q (see /api/v1/institutions)", d.InstitutionCode)}}
		}
		return nil
	}
	opt.Write = func(docs []content.Document) error { return h.importBatch(a, run, docs) }
	return opt
}

// importBatch writes a batch of documents in one transaction.
func (h *Hub) importBatch(a Actor, run *ImportRun, docs []content.Document) error {
	if err := Authorize(a, ActImport, Target{}); err != nil {
		return err
	}
	batch := ""
	if run != nil {
		batch = run.Batch().ID
	}
	var c BatchCounts
	err := h.write(func(w *txw) error {
		c = BatchCounts{}
		for _, d := range docs {
			if d.Type != "" && d.Type != content.TypeInnovation {
				if _, err := w.tx.PutDocument(d); err != nil {
					return err
				}
				c.Pages++
				continue
			}
			kind, err := w.importDoc(a, d, batch)
			if err != nil {
				return fmt.Errorf("%s: %w", d.ID, err)
			}
			switch kind {
			case ImportCreate:
				c.Created++
			case ImportUpdate:
				c.Updated++
			case ImportUnchanged:
				c.Unchanged++
			case ImportConflict:
				c.Conflicts++
			}
		}
		return nil
	})
	if err == nil && run != nil {
		run.add(c)
	}
	return err
}

// importPlan is what an import would do with one document.
type importPlan struct {
	kind   ImportKind
	reason string // of a conflict
	target string // the record a conflict is settled on
	doc    content.Document
	rec    Record
	exists bool
	cur    content.Document // the working copy
	rebase bool             // unchanged, but the source's base is to be set to doc
}

// srcMark is what the source last delivered for a record.
type srcMark struct {
	Hash  string `json:"hash"`
	Batch string `json:"batch,omitempty"`
	At    string `json:"at"`
}

// sourceBase is the hash of what the record's source last delivered. A
// record imported before the hub kept it counts its working copy as the
// base when an import or the migration wrote it.
func sourceBase(tx *store.Tx, rec Record, cur Revision) (string, bool, error) {
	var m srcMark
	err := tx.GetJSON(keySrc+rec.ID, &m)
	switch {
	case err == nil:
		return m.Hash, true, nil
	case !isNotFound(err):
		return "", false, err
	}
	if cur.Action == string(ActImport) || cur.Action == AuditMigrate || cur.Action == string(ActPublish) && cur.ByID == "" {
		return contentHash(cur.Doc), true, nil
	}
	return "", false, nil
}

// prepareImport normalises an incoming document as the workflow will
// store it (the institution code resolved as a save resolves it), so that
// it compares with stored content.
func (w *txw) prepareImport(a Actor, d content.Document, rec Record, exists bool) (content.Document, error) {
	d.Normalize()
	if d.Type == "" {
		d.Type = content.TypeInnovation
	}
	code, err := w.h.institutionFor(a, d, rec, exists)
	if err != nil {
		return d, err
	}
	d.InstitutionCode = code
	if d.Institution == "" && code != "" {
		d.Institution = w.h.reg.DisplayName(code, "")
	}
	return d, nil
}

// planImport decides what importing d does (see the top of this file).
func (w *txw) planImport(a Actor, d content.Document) (importPlan, error) {
	rec, exists, err := loadRecord(w.tx, d.ID)
	if err != nil {
		return importPlan{}, err
	}
	p := importPlan{rec: rec, exists: exists, target: d.ID}
	if p.doc, err = w.prepareImport(a, d, rec, exists); err != nil {
		return p, err
	}
	if !exists {
		p.kind = ImportCreate
		return p, nil
	}
	rv, err := loadRevision(w.tx, rec.ID, rec.Revision)
	if err != nil {
		return p, err
	}
	p.cur = rv.Doc
	base, hasBase, err := sourceBase(w.tx, rec, rv)
	if err != nil {
		return p, err
	}
	inc := contentHash(p.doc)
	switch {
	case hasBase && inc == base:
		p.kind = ImportUnchanged
	case inc == contentHash(p.cur):
		p.kind, p.rebase = ImportUnchanged, true
	case rec.State == StateMerged:
		p.kind, p.reason, p.target = ImportConflict, ConflictMerged, rec.MergedInto
	case rec.State == StateDeleted:
		p.kind, p.reason = ImportConflict, ConflictDeleted
	case hasBase && contentHash(p.cur) == base:
		p.kind = ImportUpdate
	default:
		p.kind, p.reason = ImportConflict, ConflictEdited
	}
	return p, nil
}

// PlanImport says what importing d would do now, without writing: for a
// dry run. For a conflict it names the reason.
func (h *Hub) PlanImport(a Actor, d content.Document) (ImportKind, string, error) {
	var p importPlan
	err := h.view(func(tx *store.Tx) error {
		var err error
		p, err = (&txw{h: h, tx: tx}).planImport(a, d)
		return err
	})
	return p.kind, p.reason, err
}

// importDoc imports one innovation (see the top of this file).
func (w *txw) importDoc(a Actor, d content.Document, batch string) (ImportKind, error) {
	p, err := w.planImport(a, d)
	if err != nil {
		return "", err
	}
	now := w.now()
	switch p.kind {
	case ImportUnchanged:
		if p.rebase {
			return p.kind, w.markSource(d.ID, p.doc, batch)
		}
		return p.kind, nil
	case ImportConflict:
		return p.kind, w.queueConflict(a, p, batch)
	}
	doc := p.doc
	doc.Provenance = importProvenance(p.cur, p.exists, p.doc, batch, now)
	comment := ""
	if batch != "" {
		comment = "batch " + batch
	}
	res, err := w.publishDoc(a, doc, Base{Any: true}, publishing{act: ActImport, audit: AuditImport, comment: comment,
		confirmed: confirmedFrom(doc), prov: provGiven})
	if err != nil {
		return "", err
	}
	return p.kind, w.markSource(d.ID, res.Doc, batch)
}

// markSource records what the source of a record delivered.
func (w *txw) markSource(id string, d content.Document, batch string) error {
	return w.tx.SetJSON(keySrc+id, srcMark{Hash: contentHash(d), Batch: batch, At: w.now()})
}

// Conflict is an imported row held back because the hub changed the
// record since the last import.
type Conflict struct {
	Record   string           `json:"record"` // the imported record
	Target   string           `json:"target"` // the record it is settled on (the canonical one of a merged record)
	Reason   string           `json:"reason"`
	Incoming content.Document `json:"incoming"` // the row, as it would be stored
	Batch    string           `json:"batch,omitempty"`
	At       string           `json:"at"`
	By       ActorRef         `json:"by"`
	// Revision is the target's working revision when the row came.
	Revision uint64 `json:"revision"`
}

// queueConflict keeps an incoming row for review. The same row again
// leaves the queued conflict as it is.
func (w *txw) queueConflict(a Actor, p importPlan, batch string) error {
	var old Conflict
	err := w.tx.GetJSON(keyConflict+p.doc.ID, &old)
	if err == nil && contentHash(old.Incoming) == contentHash(p.doc) {
		return nil
	}
	if err != nil && !isNotFound(err) {
		return err
	}
	target, ok, err := loadRecord(w.tx, p.target)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("record %s: %w", p.target, content.ErrNotFound)
	}
	inc := p.doc
	inc.Provenance = importedEntries(p.doc, batch, w.now())
	c := Conflict{Record: p.doc.ID, Target: p.target, Reason: p.reason, Incoming: inc, Batch: batch, At: w.now(), By: refOf(a), Revision: target.Revision}
	if err := w.tx.SetJSON(keyConflict+c.Record, c); err != nil {
		return err
	}
	note := fmt.Sprintf("data baru dari sumber menunggu peninjauan (%s)", content.LabelOf(ConflictReasons, p.reason))
	if batch != "" {
		note += ", batch " + batch
	}
	if err := w.audit(a, Entry{Action: AuditImportConflict, Record: c.Record, Institution: p.rec.Institution, State: p.rec.State, Comment: note}); err != nil {
		return err
	}
	if c.Target != c.Record {
		return w.audit(a, Entry{Action: AuditImportConflict, Record: c.Target, Institution: target.Institution, State: target.State, Comment: note + ", dari " + c.Record})
	}
	return nil
}

// conflictFor loads a conflict and its target record, if the actor may
// settle it, at the version the actor saw (0: any).
func (w *txw) conflictFor(a Actor, id string, version uint64) (Conflict, Record, error) {
	var c Conflict
	if err := w.tx.GetJSON(keyConflict+id, &c); err != nil {
		return c, Record{}, fmt.Errorf("conflict of %s: %w", id, content.ErrNotFound)
	}
	rec, err := visible(w.tx, a, c.Target)
	if err != nil {
		return c, rec, err
	}
	if err := Authorize(a, ActMerge, rec.Target()); err != nil {
		return c, rec, err
	}
	if rec.State == StateMerged {
		return c, rec, fmt.Errorf("record %s was merged into %s since: %w", rec.ID, rec.MergedInto, content.ErrConflict)
	}
	if version != 0 && rec.Version != version {
		return c, rec, stale(rec, Base{Version: version})
	}
	return c, rec, nil
}

// ConflictView is a queued conflict with the content it is compared with.
type ConflictView struct {
	Conflict
	TargetRecord Record           `json:"target_record"`
	Current      content.Document `json:"current"` // the target's working copy
}

// Conflicts lists the queued import conflicts the actor may settle, oldest
// first.
func (h *Hub) Conflicts(a Actor) ([]ConflictView, error) {
	var out []ConflictView
	err := h.view(func(tx *store.Tx) error {
		var ids []string
		if err := tx.Each(keyConflict, func(key string, _ []byte) error {
			ids = append(ids, strings.TrimPrefix(key, keyConflict))
			return nil
		}); err != nil {
			return err
		}
		w := &txw{h: h, tx: tx}
		for _, id := range ids {
			c, rec, err := w.conflictFor(a, id, 0)
			if errors.Is(err, content.ErrNotFound) || errors.Is(err, ErrForbidden) || errors.Is(err, content.ErrConflict) {
				continue
			}
			if err != nil {
				return err
			}
			rv, err := loadRevision(tx, rec.ID, rec.Revision)
			if err != nil {
				return err
			}
			out = append(out, ConflictView{Conflict: c, TargetRecord: rec, Current: rv.Doc})
		}
		return nil
	})
	return out, err
}

// ConflictOf returns one queued conflict, if the actor may settle it.
func (h *Hub) ConflictOf(a Actor, id string) (ConflictView, error) {
	var out ConflictView
	err := h.view(func(tx *store.Tx) error {
		c, rec, err := (&txw{h: h, tx: tx}).conflictFor(a, id, 0)
		if err != nil {
			return err
		}
		rv, err := loadRevision(tx, rec.ID, rec.Revision)
		out = ConflictView{Conflict: c, TargetRecord: rec, Current: rv.Doc}
		return err
	})
	return out, err
}

// Conflict choices: the hub's current value or the incoming one.
const (
	KeepCurrent  = "current"
	TakeIncoming = "incoming"
)

// ResolveConflict settles a conflict field by field: choices names the
// fields whose incoming value is taken (TakeIncoming, or ChooseBoth for a
// list); the others keep the current value. The result is published as a
// new verified revision of the target, its provenance dated with the
// import's batch, and the row counts as delivered.
func (h *Hub) ResolveConflict(a Actor, id string, version uint64, choices map[string]string, comment string) (SaveResult, error) {
	comment, err := checkComment(comment)
	if err != nil {
		return SaveResult{}, err
	}
	choice := map[string]string{}
	for f, v := range choices {
		switch v {
		case TakeIncoming:
			choice[f] = ChooseSecondary
		case KeepCurrent, "":
			choice[f] = ChooseCanonical
		default:
			choice[f] = v
		}
	}
	if err := checkChoices(choice); err != nil {
		return SaveResult{}, err
	}
	var res SaveResult
	err = h.write(func(w *txw) error {
		c, rec, err := w.conflictFor(a, id, version)
		if err != nil {
			return err
		}
		rv, err := loadRevision(w.tx, rec.ID, rec.Revision)
		if err != nil {
			return err
		}
		doc := mergedDocument(rv.Doc, c.Incoming, choice)
		for _, e := range c.Incoming.Provenance {
			for i := range doc.Provenance {
				if p := &doc.Provenance[i]; p.SameOrigin(e) {
					p.Programme, p.SourceID, p.Year, p.Batch, p.At = e.Programme, e.SourceID, e.Year, e.Batch, e.At
				}
			}
		}
		doc.ID = rec.ID
		note := "konflik impor diselesaikan"
		if c.Batch != "" {
			note += " (batch " + c.Batch + ")"
		}
		if comment != "" {
			note += " — " + comment
		}
		if res, err = w.publishDoc(a, doc, Base{Any: true}, publishing{act: ActMerge, audit: AuditImportResolve, comment: note, prov: provGiven}); err != nil {
			return err
		}
		return w.settle(a, c, AuditImportResolve, note)
	})
	return res, err
}

// DismissConflict settles a conflict by keeping the hub's content: the row
// counts as delivered, so the same row is not queued again.
func (h *Hub) DismissConflict(a Actor, id string, version uint64, comment string) error {
	comment, err := checkComment(comment)
	if err != nil {
		return err
	}
	return h.write(func(w *txw) error {
		c, rec, err := w.conflictFor(a, id, version)
		if err != nil {
			return err
		}
		note := "data impor diabaikan; isi hub dipertahankan"
		if comment != "" {
			note += " — " + comment
		}
		if err := w.audit(a, Entry{Action: AuditImportDismiss, Record: rec.ID, Institution: rec.Institution, State: rec.State, Comment: note}); err != nil {
			return err
		}
		return w.settle(a, c, AuditImportDismiss, note)
	})
}

// settle closes a conflict: the incoming row becomes the source's base,
// and the imported record's own log says so when it is not the target.
func (w *txw) settle(a Actor, c Conflict, action, note string) error {
	if err := w.markSource(c.Record, c.Incoming, c.Batch); err != nil {
		return err
	}
	if err := w.tx.Delete(keyConflict + c.Record); err != nil {
		return err
	}
	if c.Record == c.Target {
		return nil
	}
	rec, _, err := loadRecord(w.tx, c.Record)
	if err != nil {
		return err
	}
	return w.audit(a, Entry{Action: action, Record: c.Record, Institution: rec.Institution, State: rec.State, Comment: note + ", pada " + c.Target})
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
	if err := w.markSource(d.ID, d, ""); err != nil {
		return err
	}
	return w.audit(a, Entry{Action: AuditMigrate, Record: d.ID, Institution: code, To: d.Revision, State: StateVerified, Comment: comment})
}

// ResetMigration makes the next Open check every innovation for a hub
// record again: after a backup is restored into the store.
func ResetMigration(st *store.Store) error {
	return st.Update(func(tx *store.Tx) error { return tx.Delete(keyMigrated) })
}
