package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"jippnas/content"
)

// Tx is one transaction on the store: documents and the records of other
// parts of the program (the hub's accounts and workflow, search insight)
// change together or not at all. Those records live under their own key
// space ("x/" inside Badger), so that no key of theirs can touch a document,
// its history or the change log.
type Tx struct {
	s     *Store
	txn   *badger.Txn
	write bool
	seq   uint64 // the sequence number of the last change made in this transaction
	now   string
	dirty bool // something was written
}

// keyExt prefixes every key written through Tx.Set.
var keyExt = []byte("x/")

// Update runs fn in a read-write transaction and commits it if fn returns
// nil. It returns once the commit is on disk (fsync, shared with concurrent
// writers). Writers are serialised (the change log's sequence numbers grow in
// commit order); fn should do no slow work.
func (s *Store) Update(fn func(*Tx) error) error {
	ticket, err := s.update(fn)
	if err != nil {
		return err
	}
	return s.durable.wait(ticket)
}

// update commits under the write lock and returns the commit's sync ticket.
func (s *Store) update(fn func(*Tx) error) (uint64, error) {
	if err := s.durable.failed(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tx := &Tx{s: s, write: true, seq: s.seq, now: s.cfg.Now().UTC().Format(time.RFC3339)}
	err := s.db.Update(func(txn *badger.Txn) error {
		tx.txn = txn
		if err := fn(tx); err != nil {
			return err
		}
		if tx.seq == s.seq {
			return nil
		}
		return txn.Set(keySeq, binary.BigEndian.AppendUint64(nil, tx.seq))
	})
	if err != nil {
		return 0, err
	}
	s.seq = tx.seq
	if !tx.dirty {
		// Nothing written, but what fn read may be a commit still waiting
		// for its sync: wait for the newest one.
		return s.durable.latest(), nil
	}
	return s.durable.commit(), nil
}

// View runs fn in a read-only transaction: one consistent snapshot.
func (s *Store) View(fn func(*Tx) error) error {
	return s.db.View(func(txn *badger.Txn) error {
		return fn(&Tx{s: s, txn: txn})
	})
}

// Now is the time the transaction started, as the store records it
// (RFC 3339, UTC).
func (tx *Tx) Now() string { return tx.now }

// Document returns the current version of a document (ErrNotFound if none).
func (tx *Tx) Document(id string) (content.Document, error) { return getDoc(tx.txn, id) }

// PutDocument validates and stores a document as its new current version;
// the superseded one goes to the history. A document identical to the
// stored one is left alone. It returns the document as stored.
func (tx *Tx) PutDocument(d content.Document) (content.Document, error) {
	d.Normalize()
	if err := d.Validate(tx.s.cfg.Regions); err != nil {
		return content.Document{}, err
	}
	return tx.putDocument(d, tx.s.derive(d.Body), 0)
}

// PutDocumentRevision is PutDocument for callers that number revisions
// themselves (the hub publishes working revision n as revision n): d is
// stored as revision rev, which must be above the stored one, even when its
// content equals the stored version.
func (tx *Tx) PutDocumentRevision(d content.Document, rev uint64) (content.Document, error) {
	if rev == 0 {
		return content.Document{}, fmt.Errorf("store: revision 0 for %q: %w", d.ID, content.ErrInvalid)
	}
	d.Normalize()
	if err := d.Validate(tx.s.cfg.Regions); err != nil {
		return content.Document{}, err
	}
	return tx.putDocument(d, tx.s.derive(d.Body), rev)
}

// putDocument stores a normalised, valid document with what is derived
// from its body, as revision rev (0: the next one, and nothing when the
// content is unchanged).
func (tx *Tx) putDocument(d content.Document, dv Derived, rev uint64) (content.Document, error) {
	if !tx.write {
		return content.Document{}, errReadOnly
	}
	old, err := getDoc(tx.txn, d.ID)
	switch {
	case errors.Is(err, content.ErrNotFound):
		d.Revision = max(rev, 1)
	case err != nil:
		return content.Document{}, err
	default:
		if rev == 0 && sameContent(old, d) {
			return old, nil
		}
		if rev != 0 && rev <= old.Revision {
			return content.Document{}, fmt.Errorf("store: revision %d of %q is not above the stored %d: %w", rev, d.ID, old.Revision, content.ErrConflict)
		}
		d.Revision = max(rev, old.Revision+1)
		// Keep the superseded version: nothing an institution wrote is lost.
		if err := setJSON(tx.txn, historyKey(old.ID, old.Revision), old); err != nil {
			return content.Document{}, err
		}
	}
	d.UpdatedAt = tx.now
	tx.dirty = true
	if err := setJSON(tx.txn, docKey(d.ID), d); err != nil {
		return content.Document{}, err
	}
	c := card{Doc: d, Sections: dv.Sections}
	c.Doc.Body = ""
	v, err := encodeShown(c, dv.Text)
	if err != nil {
		return content.Document{}, err
	}
	if err := tx.txn.Set(shownKey(d.ID), v); err != nil {
		return content.Document{}, err
	}
	if old.ID != "" {
		// An older store's separate text, card and sections are
		// superseded by shown/ (read first): dropped, not kept as dead
		// weight.
		if err := tx.deleteKeys(textKey(d.ID), cardKey(d.ID), sectionKey(d.ID)); err != nil {
			return content.Document{}, err
		}
	}
	return d, tx.logChange(d.ID, false)
}

// DeleteDocument removes a document; its last version stays in the
// history.
func (tx *Tx) DeleteDocument(id string) error {
	if !tx.write {
		return errReadOnly
	}
	old, err := getDoc(tx.txn, id)
	if err != nil {
		return err
	}
	tx.dirty = true
	if err := setJSON(tx.txn, historyKey(old.ID, old.Revision), old); err != nil {
		return err
	}
	if err := tx.txn.Delete(docKey(id)); err != nil {
		return err
	}
	if err := tx.deleteKeys(shownKey(id), textKey(id), sectionKey(id), cardKey(id)); err != nil {
		return err
	}
	return tx.logChange(id, true)
}

func (tx *Tx) deleteKeys(keys ...[]byte) error {
	for _, k := range keys {
		if err := tx.txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) logChange(id string, deleted bool) error {
	tx.seq++
	return tx.txn.Set(changeKey(tx.seq), encodeChange(id, deleted))
}

var errReadOnly = errors.New("store: write in a read-only transaction")

func extKey(key string) ([]byte, error) {
	if key == "" || strings.ContainsRune(key, 0) {
		return nil, fmt.Errorf("store: bad key %q: %w", key, content.ErrInvalid)
	}
	return append(append([]byte{}, keyExt...), key...), nil
}

// Get returns the value of a record key (ErrNotFound if absent).
func (tx *Tx) Get(key string) ([]byte, error) {
	k, err := extKey(key)
	if err != nil {
		return nil, err
	}
	item, err := tx.txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("%s: %w", key, content.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}

// GetJSON decodes the value of a record key into v.
func (tx *Tx) GetJSON(key string, v any) error {
	b, err := tx.Get(key)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode %s: %w", key, err)
	}
	return nil
}

// Set writes a record key.
func (tx *Tx) Set(key string, value []byte) error {
	if !tx.write {
		return errReadOnly
	}
	k, err := extKey(key)
	if err != nil {
		return err
	}
	tx.dirty = true
	return tx.txn.Set(k, value)
}

// SetJSON writes v, encoded as JSON, under a record key.
func (tx *Tx) SetJSON(key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Set(key, b)
}

// Delete removes a record key (absent keys are not an error).
func (tx *Tx) Delete(key string) error {
	if !tx.write {
		return errReadOnly
	}
	k, err := extKey(key)
	if err != nil {
		return err
	}
	tx.dirty = true
	return tx.txn.Delete(k)
}

// Each calls fn for every record key that starts with prefix, in key
// order, with the key (without the store's own prefix) and its value. The
// value is only valid during the call.
func (tx *Tx) Each(prefix string, fn func(key string, value []byte) error) error {
	p := append(append([]byte{}, keyExt...), prefix...)
	it := tx.txn.NewIterator(badger.IteratorOptions{Prefix: p, PrefetchValues: true, PrefetchSize: 64})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		key := string(bytes.TrimPrefix(item.Key(), keyExt))
		if err := item.Value(func(v []byte) error { return fn(key, v) }); err != nil {
			return err
		}
	}
	return nil
}

// EachReverse is Each from the last key to the first (newest first, for
// keys that end in a time or sequence).
func (tx *Tx) EachReverse(prefix string, fn func(key string, value []byte) error) error {
	p := append(append([]byte{}, keyExt...), prefix...)
	it := tx.txn.NewIterator(badger.IteratorOptions{Prefix: p, PrefetchValues: true, PrefetchSize: 64, Reverse: true})
	defer it.Close()
	// A reverse iterator starts at the largest key not above the seek key.
	for it.Seek(append(p, 0xff)); it.Valid(); it.Next() {
		item := it.Item()
		key := string(bytes.TrimPrefix(item.Key(), keyExt))
		if err := item.Value(func(v []byte) error { return fn(key, v) }); err != nil {
			return err
		}
	}
	return nil
}
