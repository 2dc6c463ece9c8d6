// Package store is the durable source of truth: documents, their history
// and the change log the index follows, kept in Badger.
package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"jippnas/content"
	"jippnas/content/markdown"
	"jippnas/content/refdata"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Key layout. Documents and their history live under their id; every write
// appends to a change log keyed by a sequence number, which the index tails:
// whatever the index has not seen (its high-water mark is below the last
// sequence) is replayed on the next start, so a crash between commit and
// indexing loses nothing.
var (
	keyDoc     = []byte("doc/")
	keyHistory = []byte("hist/")
	keyChange  = []byte("chg/")
	keyText    = []byte("text/")  // the body's plain text alone (stores written before shown/)
	keySection = []byte("sect/")  // the body's sections (stores written before cards)
	keyCard    = []byte("card/")  // the card alone, beside text/ (stores written before shown/)
	keyShown   = []byte("shown/") // what a list of results shows: the card and the text in one value (shown.go)
	keySeq     = []byte("meta/seq")
)

// Config configures the Badger store. Zero values take the defaults.
type Config struct {
	Dir        string           // required unless InMemory
	InMemory   bool             // for tests
	GCInterval time.Duration    // value-log GC period (default 10 minutes)
	Logger     *slog.Logger     // Badger warnings and errors (default: discarded)
	Regions    *refdata.Regions // reference table for validation (default: DefaultRegions)
	Now        func() time.Time
	// Markdown derives the searchable plain text of a body. It runs once
	// per write and the text is kept beside the document, so that neither
	// indexing nor highlighting parses Markdown again. The same renderer
	// serves every part of the program (Store.Markdown). Default: one
	// without internal link resolution.
	Markdown *markdown.Renderer

	durability durability // how commits reach the disk (tests and benchmarks compare)
}

// Store is the durable source of truth. Writes are serialised by one mutex:
// the sequence number must grow in commit order, and write volume on a portal
// is low compared to what Badger sustains. A write returns once it is on
// disk; concurrent writers share one fsync (see durable.go).
type Store struct {
	db      *badger.DB
	cfg     Config
	mu      sync.Mutex
	seq     uint64
	durable *groupSync
	closeGC chan struct{}
	gcDone  chan struct{}
}

// Change is one entry of the change log.
type Change struct {
	Seq     uint64
	ID      string
	Deleted bool
}

// Open opens (or creates) the store.
func Open(cfg Config) (*Store, error) {
	if cfg.GCInterval == 0 {
		cfg.GCInterval = 10 * time.Minute
	}
	if cfg.Regions == nil {
		r, err := refdata.LoadRegions()
		if err != nil {
			return nil, fmt.Errorf("embedded region table: %w", err)
		}
		cfg.Regions = r
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Markdown == nil {
		cfg.Markdown = markdown.New(nil)
	}
	opts := badger.DefaultOptions(cfg.Dir).
		WithInMemory(cfg.InMemory).
		WithLogger(badgerLogger{cfg.Logger}).
		// Smaller memtables and caches than Badger's defaults keep the
		// footprint of a 1M-document import bounded.
		WithMemTableSize(32 << 20).
		WithNumMemtables(3).
		WithBlockCacheSize(64 << 20).
		WithIndexCacheSize(32 << 20).
		// Documents above 1 KiB (nearly all) live in the value log and
		// the LSM tree keeps pointers: compactions then rewrite pointers,
		// not texts. Measured on a 30k import: about 40% less CPU, 22% more disk
		// (docs/benchmarks.md).
		WithValueThreshold(1 << 10).
		WithNumCompactors(2).
		WithSyncWrites(cfg.durability == durableBadger)
	if cfg.InMemory {
		// No value log in memory: every value lives in the LSM tree, so
		// the threshold must admit the largest valid document.
		opts.Dir, opts.ValueDir = "", ""
		opts = opts.WithValueThreshold(1 << 20)
	}
	if !cfg.InMemory {
		if err := removeTornLogs(cfg.Dir, cfg.Logger); err != nil {
			return nil, fmt.Errorf("open store %s: %w", cfg.Dir, err)
		}
	}
	db, err := badger.Open(opts)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", cfg.Dir, err)
	}
	s := &Store{db: db, cfg: cfg, closeGC: make(chan struct{}), gcDone: make(chan struct{})}
	syncFn := s.syncToDisk
	if cfg.InMemory || cfg.durability != durableGroup {
		syncFn = func() error { return nil }
	}
	s.durable = newGroupSync(syncFn)
	err = db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keySeq)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if len(v) != 8 {
				return fmt.Errorf("corrupt sequence value")
			}
			s.seq = binary.BigEndian.Uint64(v)
			return nil
		})
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: read sequence: %w", cfg.Dir, err)
	}
	go s.gcLoop()
	return s, nil
}

// Close stops the GC loop and closes Badger.
func (s *Store) Close() error {
	close(s.closeGC)
	<-s.gcDone
	return s.db.Close()
}

func (s *Store) gcLoop() {
	defer close(s.gcDone)
	if s.cfg.InMemory {
		<-s.closeGC
		return
	}
	t := time.NewTicker(s.cfg.GCInterval)
	defer t.Stop()
	for {
		select {
		case <-s.closeGC:
			return
		case <-t.C:
			// One rewrite can free space for another: repeat until Badger says
			// there is nothing worth rewriting.
			for s.db.RunValueLogGC(0.5) == nil {
			}
		}
	}
}

// Regions is the reference table the store validates against.
func (s *Store) Regions() *refdata.Regions { return s.cfg.Regions }

// LastSeq is the sequence number of the newest change.
func (s *Store) LastSeq() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq
}

func docKey(id string) []byte { return append(append([]byte{}, keyDoc...), id...) }

func textKey(id string) []byte { return append(append([]byte{}, keyText...), id...) }

func sectionKey(id string) []byte { return append(append([]byte{}, keySection...), id...) }

func cardKey(id string) []byte { return append(append([]byte{}, keyCard...), id...) }

func shownKey(id string) []byte { return append(append([]byte{}, keyShown...), id...) }

// PlainText is the derived text of a body, as the store computes it.
func (s *Store) PlainText(body string) string {
	return s.derive(body).Text
}

// Derived is what the store computes from a body at write time: its plain
// text and the sections of that text that have an anchor (which a search
// result links to).
type Derived struct {
	Text     string
	Sections []markdown.Section
}

func (s *Store) derive(body string) Derived {
	text, secs := s.cfg.Markdown.PlainText([]byte(body))
	d := Derived{Text: text}
	for _, sec := range secs {
		if sec.Anchor != "" {
			d.Sections = append(d.Sections, sec)
		}
	}
	return d
}

// Markdown is the renderer the store derives text with.
func (s *Store) Markdown() *markdown.Renderer { return s.cfg.Markdown }

// Texts returns the plain text of the bodies of the given documents (those
// that exist), computed at write time.
func (s *Store) Texts(ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	var missing []string
	err := s.db.View(func(txn *badger.Txn) error {
		for _, id := range ids {
			text, ok, err := readText(txn, id)
			if err != nil {
				return err
			}
			if !ok {
				missing = append(missing, id)
				continue
			}
			out[id] = text
		}
		return nil
	})
	if err != nil || len(missing) == 0 {
		return out, err
	}
	// Written before texts were kept: derive them now.
	docs, err := s.GetMany(missing)
	for _, d := range docs {
		out[d.ID] = s.PlainText(d.Body)
	}
	return out, err
}

// readText reads the text kept for document id; ok is false when there is
// none (a document written before texts were kept, or none at all).
func readText(txn *badger.Txn, id string) (text string, ok bool, err error) {
	item, err := txn.Get(shownKey(id))
	if err == nil {
		err = item.Value(func(v []byte) error {
			_, t, _, err := splitShown(v)
			text = string(t)
			return err
		})
		if err != nil {
			return "", false, fmt.Errorf("read text of %q: %w", id, err)
		}
		return text, true, nil
	}
	if !errors.Is(err, badger.ErrKeyNotFound) {
		return "", false, fmt.Errorf("read text of %q: %w", id, err)
	}
	return readTextKey(txn, id)
}

// readTextKey reads text/<id>, where stores written before shown/ kept the
// text alone.
func readTextKey(txn *badger.Txn, id string) (text string, ok bool, err error) {
	item, err := txn.Get(textKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read text of %q: %w", id, err)
	}
	err = item.Value(func(v []byte) error {
		text = string(v)
		return nil
	})
	if err != nil {
		return "", false, fmt.Errorf("read text of %q: %w", id, err)
	}
	return text, true, nil
}

// Shown is what a list of results shows of a document: the document and
// what was derived from its body. Sections are nil when the store kept
// none (a document written before it kept them): SectionsOf derives them.
// Doc.Body is empty when the document's card was read: a list of results
// never shows a body.
type Shown struct {
	Doc content.Document
	Derived
	sectionsKept bool
}

// card is what a list of results shows of a document, kept at write time
// beside its text: the document without its body (most of its bytes, which
// a list never shows and which JSON decoding would have to scan twice) and
// the body's sections.
type card struct {
	Doc      content.Document   `json:"doc"`
	Sections []markdown.Section `json:"sections,omitempty"`
}

// ShowMany reads the documents of ids that exist, in the order of ids,
// each with its text and sections, in one transaction. A text written
// before the store kept texts is derived from the body.
func (s *Store) ShowMany(ids []string) ([]Shown, error) { return s.showMany(ids, true) }

// CardsMany is ShowMany without the texts (Shown.Text is empty), for a
// list of results that shows no passages: the text is most of a document's
// bytes and is then never copied.
func (s *Store) CardsMany(ids []string) ([]Shown, error) { return s.showMany(ids, false) }

func (s *Store) showMany(ids []string, withText bool) ([]Shown, error) {
	out := make([]Shown, 0, len(ids))
	err := s.db.View(func(txn *badger.Txn) error {
		for _, id := range ids {
			sh, err := s.show(txn, id, withText)
			if errors.Is(err, content.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, sh)
		}
		return nil
	})
	return out, err
}

// show reads what a list of results shows of document id: its card and
// text, in one value or (stores written before shown/) in two, or, for a
// document written before cards were kept, the document and whatever was
// kept beside it. Without withText, a shown/ value's text is not copied
// (older layouts read it anyway: they are rewritten on the next write).
func (s *Store) show(txn *badger.Txn, id string, withText bool) (Shown, error) {
	var sh Shown
	item, err := txn.Get(shownKey(id))
	switch {
	case err == nil:
		err := item.Value(func(v []byte) error {
			head, text, format, err := splitShown(v)
			if err != nil {
				return err
			}
			c, err := decodeShownCard(head, format)
			if err != nil {
				return err
			}
			sh.Doc, sh.Sections, sh.sectionsKept = c.Doc, c.Sections, true
			if withText {
				sh.Text = string(text)
			}
			return nil
		})
		if err != nil {
			return sh, fmt.Errorf("decode shown of %q: %w", id, err)
		}
		return sh, nil
	case !errors.Is(err, badger.ErrKeyNotFound):
		return sh, fmt.Errorf("read shown of %q: %w", id, err)
	}
	text, ok, err := readTextKey(txn, id) // shown/ was just found missing
	if err != nil {
		return sh, err
	}
	if !ok {
		if sh.Doc, err = getDoc(txn, id); err != nil {
			return sh, err
		}
		sh.Derived, sh.sectionsKept = s.derive(sh.Doc.Body), true
		return sh, nil
	}
	sh.Text = text
	item, err = txn.Get(cardKey(id))
	switch {
	case err == nil:
		var c card
		if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &c) }); err != nil {
			return sh, fmt.Errorf("decode card of %q: %w", id, err)
		}
		sh.Doc, sh.Sections, sh.sectionsKept = c.Doc, c.Sections, true
		return sh, nil
	case !errors.Is(err, badger.ErrKeyNotFound):
		return sh, fmt.Errorf("read card of %q: %w", id, err)
	}
	if sh.Sections, sh.sectionsKept, err = readSections(txn, id); err != nil {
		return sh, err
	}
	sh.Doc, err = getDoc(txn, id)
	return sh, err
}

// SectionsOf returns the sections of a shown document, derived from its
// body when the store kept none; only pages need them, so that a search
// over an older store does not parse every hit's Markdown.
func (s *Store) SectionsOf(sh Shown) []markdown.Section {
	if sh.sectionsKept {
		return sh.Sections
	}
	return s.derive(sh.Doc.Body).Sections
}

// readSections reads the sections kept for document id; ok is false when
// none were kept.
func readSections(txn *badger.Txn, id string) (secs []markdown.Section, ok bool, err error) {
	item, err := txn.Get(sectionKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read sections of %q: %w", id, err)
	}
	err = item.Value(func(v []byte) error { return json.Unmarshal(v, &secs) })
	if err != nil {
		return nil, false, fmt.Errorf("decode sections of %q: %w", id, err)
	}
	return secs, true, nil
}

func historyKey(id string, rev uint64) []byte {
	k := append(append([]byte{}, keyHistory...), id...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, rev)
}

func changeKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte{}, keyChange...), seq)
}

// Get returns the current version of a document.
func (s *Store) Get(id string) (content.Document, error) {
	var d content.Document
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		d, err = getDoc(txn, id)
		return err
	})
	return d, err
}

// GetMany returns the documents that exist among ids, in the order given.
func (s *Store) GetMany(ids []string) ([]content.Document, error) {
	out := make([]content.Document, 0, len(ids))
	err := s.db.View(func(txn *badger.Txn) error {
		return eachDoc(txn, ids, func(d content.Document) error {
			out = append(out, d)
			return nil
		})
	})
	return out, err
}

// eachDoc calls fn with each document of ids that exists, in order.
func eachDoc(txn *badger.Txn, ids []string, fn func(content.Document) error) error {
	for _, id := range ids {
		d, err := getDoc(txn, id)
		if errors.Is(err, content.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

func getDoc(txn *badger.Txn, id string) (content.Document, error) {
	var d content.Document
	item, err := txn.Get(docKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return d, fmt.Errorf("document %q: %w", id, content.ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("read document %q: %w", id, err)
	}
	err = item.Value(func(v []byte) error { return json.Unmarshal(v, &d) })
	if err != nil {
		return d, fmt.Errorf("decode document %q: %w", id, err)
	}
	return d, nil
}

// Put validates and stores one document. See PutBatch.
func (s *Store) Put(d content.Document) (content.Document, error) {
	out, err := s.PutBatch([]content.Document{d})
	if err != nil {
		return content.Document{}, err
	}
	return out[0], nil
}

// PutBatch validates every document, then commits them all in one
// transaction, or none. A document identical to the stored version is left
// alone (no new revision), so that re-importing the same file is a no-op.
// It returns the documents as stored.
func (s *Store) PutBatch(docs []content.Document) ([]content.Document, error) {
	for i := range docs {
		docs[i].Normalize()
		if err := docs[i].Validate(s.cfg.Regions); err != nil {
			return nil, err
		}
	}
	// Derived outside the write lock: parsing Markdown is the slow part.
	texts := make([]Derived, len(docs))
	for i, d := range docs {
		texts[i] = s.derive(d.Body)
	}
	out := make([]content.Document, len(docs))
	err := s.Update(func(tx *Tx) error {
		for i, d := range docs {
			var err error
			if out[i], err = tx.putDocument(d, texts[i], 0); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, badger.ErrTxnTooBig) {
			return nil, fmt.Errorf("batch of %d documents is too big for one transaction: %w", len(docs), err)
		}
		return nil, err
	}
	return out, nil
}

// Delete removes a document; its last version stays in the history.
func (s *Store) Delete(id string) error {
	return s.Update(func(tx *Tx) error { return tx.DeleteDocument(id) })
}

// History returns the superseded versions of a document, oldest first.
func (s *Store) History(id string) ([]content.Document, error) {
	var out []content.Document
	prefix := append(append(append([]byte{}, keyHistory...), id...), 0)
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 16})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var d content.Document
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &d) }); err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// sameContent compares two versions ignoring the fields the store sets.
func sameContent(a, b content.Document) bool {
	a.Revision, b.Revision, a.UpdatedAt, b.UpdatedAt = 0, 0, "", ""
	return reflect.DeepEqual(a, b)
}

func setJSON(txn *badger.Txn, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(key, b)
}

func encodeChange(id string, deleted bool) []byte {
	flag := byte(0)
	if deleted {
		flag = 1
	}
	return append([]byte{flag}, id...)
}

// Each calls fn for every current document, in id order, from one
// consistent snapshot. It returns the last sequence number that snapshot
// includes, so that a caller can catch up on later changes.
func (s *Store) Each(ctx context.Context, fn func(content.Document) error) (uint64, error) {
	s.mu.Lock()
	txn := s.db.NewTransaction(false)
	seq := s.seq
	s.mu.Unlock()
	defer txn.Discard()
	it := txn.NewIterator(badger.IteratorOptions{Prefix: keyDoc, PrefetchValues: true, PrefetchSize: 64})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		var d content.Document
		if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &d) }); err != nil {
			return 0, fmt.Errorf("decode %s: %w", it.Item().Key(), err)
		}
		if err := fn(d); err != nil {
			return 0, err
		}
	}
	return seq, nil
}

// EachPrefix calls fn for every current document whose id starts with
// prefix.
func (s *Store) EachPrefix(prefix string, fn func(content.Document) error) (int, error) {
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: docKey(prefix), PrefetchValues: true, PrefetchSize: 32})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var d content.Document
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &d) }); err != nil {
				return err
			}
			n++
			if err := fn(d); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// Count returns the number of current documents.
func (s *Store) Count() (int, error) {
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: keyDoc})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	return n, err
}

// Changes calls fn for up to limit changes after seq, in order, and returns
// the sequence number of the last one passed to fn (seq if none).
func (s *Store) Changes(after uint64, limit int, fn func(Change) error) (uint64, error) {
	last := after
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: keyChange, PrefetchValues: true, PrefetchSize: 256})
		defer it.Close()
		n := 0
		for it.Seek(changeKey(after + 1)); it.Valid() && n < limit; it.Next() {
			k := it.Item().Key()
			if !bytes.HasPrefix(k, keyChange) || len(k) != len(keyChange)+8 {
				break
			}
			c := Change{Seq: binary.BigEndian.Uint64(k[len(keyChange):])}
			if err := it.Item().Value(func(v []byte) error {
				if len(v) < 1 {
					return fmt.Errorf("corrupt change %d", c.Seq)
				}
				c.Deleted, c.ID = v[0] == 1, string(v[1:])
				return nil
			}); err != nil {
				return err
			}
			if err := fn(c); err != nil {
				return err
			}
			last = c.Seq
			n++
		}
		return nil
	})
	return last, err
}

// Backup writes a full, consistent backup of the store to w.
func (s *Store) Backup(w io.Writer) error {
	if _, err := s.db.Backup(w, 0); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// BackupFile writes a full backup to path: into path.partial first, synced,
// then renamed and the folder synced, so that a file with the final name is
// always complete and survives a crash. It returns the number of documents.
func (s *Store) BackupFile(path string) (int, error) {
	tmp := path + ".partial"
	f, err := os.Create(tmp)
	if err != nil {
		return 0, err
	}
	err = s.Backup(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := syncPath(filepath.Dir(path)); err != nil {
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	return s.Count()
}

// Restore loads a backup made by Backup into an empty store. Restoring over
// existing data would mix two histories, so it is refused.
func (s *Store) Restore(r io.Reader) error {
	n, err := s.Count()
	if err != nil {
		return err
	}
	if n > 0 || s.LastSeq() > 0 {
		return fmt.Errorf("restore needs an empty data directory (this one holds %d documents): %w", n, content.ErrConflict)
	}
	if err := s.db.Load(r, 256); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keySeq)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if len(v) == 8 {
				s.seq = binary.BigEndian.Uint64(v)
			}
			return nil
		})
	})
}

// badgerLogger forwards Badger's warnings and errors to slog and drops its
// chatty info and debug lines.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any) {
	if b.l != nil {
		b.l.Error("badger: " + fmt.Sprintf(f, a...))
	}
}
func (b badgerLogger) Warningf(f string, a ...any) {
	if b.l != nil {
		b.l.Warn("badger: " + fmt.Sprintf(f, a...))
	}
}
func (badgerLogger) Infof(string, ...any)  {}
func (badgerLogger) Debugf(string, ...any) {}

// Replace makes the documents whose ids start with one of prefixes equal to
// docs: new and changed ones are written (unchanged ones keep their
// revision), and the others under those prefixes are deleted. It returns
// how many documents changed.
func (s *Store) Replace(prefixes []string, docs []content.Document) (int, error) {
	want := make(map[string]bool, len(docs))
	for _, d := range docs {
		want[d.ID] = true
	}
	before := s.LastSeq()
	// The documents are independent: chunks keep each transaction small.
	for start := 0; start < len(docs); start += 100 {
		if err := s.putSplitting(docs[start:min(start+100, len(docs))]); err != nil {
			return 0, fmt.Errorf("replace: %w", err)
		}
	}
	var stale []string
	for _, prefix := range prefixes {
		if _, err := s.EachPrefix(prefix, func(d content.Document) error {
			if !want[d.ID] {
				stale = append(stale, d.ID)
			}
			return nil
		}); err != nil {
			return 0, err
		}
	}
	for _, id := range stale {
		if err := s.Delete(id); err != nil {
			return 0, fmt.Errorf("replace: delete %s: %w", id, err)
		}
	}
	return int(s.LastSeq() - before), nil
}

// Size is the store's size on disk: the LSM tree and the value log, in
// bytes, as Badger last measured them.
func (s *Store) Size() (lsm, vlog int64) { return s.db.Size() }
