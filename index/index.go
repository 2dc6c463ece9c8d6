// Package index keeps the Bleve index derived from the store: it builds,
// updates, rebuilds and searches it. The index is a cache: it can always be
// rebuilt from the store, and it is whenever its schema version differs.
package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"jippnas/content"
	"jippnas/content/refdata"
	"jippnas/content/store"
)

// Internal keys kept inside the Bleve index.
var (
	internalSchema = []byte("jippnas_schema")
	internalHWM    = []byte("jippnas_hwm")
)

// Config configures the index. Zero values take the defaults.
type Config struct {
	Dir        string // the folder that holds the index generations (required unless InMemory)
	InMemory   bool   // for tests: a memory-only index
	BatchBytes int    // flush an indexing batch at this many bytes of text (default 4 MiB; two are applied at once)
	Logger     *slog.Logger
	// Sections maps a plain-text offset of a page body to its heading, so
	// that a hit in a guide can link to the right section. Optional.
	Sections SectionFinder
	// BleveFacets counts facets with Bleve's facet builder instead of the
	// facet columns (for comparison in tests and benchmarks).
	BleveFacets bool
	// BleveSearch runs every search through Bleve's searchers, never the
	// direct path (for comparison in tests and benchmarks).
	BleveSearch bool
}

// Index is the live index plus what is needed to keep it current.
type Index struct {
	cfg     Config
	store   *store.Store
	regions *refdata.Regions
	cur     atomic.Pointer[generation]
	writeMu sync.Mutex // one writer: catch-up, rebuild swap
	rebuild sync.Mutex // one rebuild at a time
	version atomic.Uint64

	suggestions  suggestCache // type-ahead answers for the current version
	df           dfCache      // document frequencies for similar, per version
	results      resultCache  // search results, per version
	columns      columnsCache // facet columns of the latest snapshot
	institutions institutionsCache
}

// generation is one built index. Searches hold mu for reading so that a
// swapped-out generation is closed only after they finish.
type generation struct {
	mu   sync.RWMutex
	idx  bleve.Index
	name string
	hwm  uint64
}

// Open opens the current index generation under cfg.Dir, or builds one from
// the store. If the existing index has another schema version it is still
// opened and served, and a rebuild starts in the background; rebuildDone
// (which may be nil) receives the rebuild's outcome.
func Open(ctx context.Context, cfg Config, store *store.Store, rebuildDone chan<- error) (*Index, error) {
	if cfg.BatchBytes == 0 {
		cfg.BatchBytes = 4 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Sections == nil {
		md := store.Markdown()
		cfg.Sections = func(s string, off int) *SectionRef {
			_, sections := md.PlainText([]byte(s))
			for _, sec := range sections {
				if off >= sec.Start && off < sec.End && sec.Anchor != "" {
					return &SectionRef{Anchor: sec.Anchor, Heading: sec.Heading}
				}
			}
			return nil
		}
	}
	ix := &Index{cfg: cfg, store: store, regions: store.Regions()}
	ix.version.Store(uint64(time.Now().UnixNano()))
	if !cfg.InMemory {
		if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("index dir: %w", err)
		}
	}
	g, schemaOK, err := ix.openCurrent()
	if err != nil {
		cfg.Logger.Warn("index unusable, rebuilding", "err", err)
	}
	if g != nil && g.hwm > store.LastSeq() {
		// The index has seen changes the store does not have: the store was
		// replaced (restore). It cannot be patched, only rebuilt.
		schemaOK = false
	}
	if g == nil {
		g, err = ix.build(ctx)
		if err != nil {
			return nil, err
		}
		ix.cur.Store(g)
		if err := ix.writeCurrent(g.name); err != nil {
			return nil, err
		}
		if rebuildDone != nil {
			rebuildDone <- nil
		}
		return ix, ix.CatchUp()
	}
	ix.cur.Store(g)
	if !schemaOK {
		cfg.Logger.Info("index schema changed or store replaced; rebuilding in the background", "name", g.name)
		go func() {
			err := ix.Rebuild(context.Background())
			if err != nil {
				cfg.Logger.Error("rebuild failed", "err", err)
			}
			if rebuildDone != nil {
				rebuildDone <- err
			}
		}()
		return ix, nil
	}
	if rebuildDone != nil {
		rebuildDone <- nil
	}
	return ix, ix.CatchUp()
}

func (ix *Index) currentFile() string { return filepath.Join(ix.cfg.Dir, "CURRENT") }

func (ix *Index) openCurrent() (*generation, bool, error) {
	if ix.cfg.InMemory {
		return nil, false, nil
	}
	b, err := os.ReadFile(ix.currentFile())
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	name := strings.TrimSpace(string(b))
	if name == "" || strings.ContainsAny(name, `/\`) {
		return nil, false, fmt.Errorf("bad CURRENT file")
	}
	idx, err := bleve.Open(filepath.Join(ix.cfg.Dir, name))
	if err != nil {
		return nil, false, fmt.Errorf("open index %s: %w", name, err)
	}
	g := &generation{idx: idx, name: name}
	schema, err := idx.GetInternal(internalSchema)
	if err != nil {
		idx.Close()
		return nil, false, err
	}
	hwm, err := idx.GetInternal(internalHWM)
	if err != nil {
		idx.Close()
		return nil, false, err
	}
	if len(hwm) == 8 {
		g.hwm = binary.BigEndian.Uint64(hwm)
	}
	return g, string(schema) == SchemaVersion, nil
}

func (ix *Index) writeCurrent(name string) error {
	if ix.cfg.InMemory {
		return nil
	}
	tmp := ix.currentFile() + ".tmp"
	if err := os.WriteFile(tmp, []byte(name+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, ix.currentFile())
}

// newGeneration creates an empty index with the current mapping.
func (ix *Index) newGeneration() (*generation, error) {
	name := "gen-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	var idx bleve.Index
	var err error
	if ix.cfg.InMemory {
		// Scorch with no path keeps its segments in memory: the same index
		// type as on disk, unlike bleve.NewMemOnly.
		idx, err = bleve.NewUsing("", buildMapping(), scorch.Name, scorch.Name, nil)
	} else {
		idx, err = bleve.New(filepath.Join(ix.cfg.Dir, name), buildMapping())
	}
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	if err := idx.SetInternal(internalSchema, []byte(SchemaVersion)); err != nil {
		idx.Close()
		return nil, err
	}
	return &generation{idx: idx, name: name}, nil
}

// build creates a generation holding every document of a store snapshot.
// Its high-water mark is the snapshot's sequence; later changes are applied
// by catchUp.
func (ix *Index) build(ctx context.Context) (*generation, error) {
	g, err := ix.newGeneration()
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*generation, error) {
		g.idx.Close()
		if !ix.cfg.InMemory {
			os.RemoveAll(filepath.Join(ix.cfg.Dir, g.name))
		}
		return nil, err
	}
	b := newBatcher(ix, g)
	var pending []content.Document
	flushPending := func() error {
		ids := make([]string, len(pending))
		for i, d := range pending {
			ids[i] = d.ID
		}
		err := b.apply(pending, ids)
		pending = pending[:0]
		return err
	}
	seq, err := ix.store.Each(ctx, func(d content.Document) error {
		pending = append(pending, d)
		if len(pending) == 256 {
			return flushPending()
		}
		return nil
	})
	if err == nil {
		err = flushPending()
	}
	if err != nil {
		b.wg.Wait()
		return fail(fmt.Errorf("build index: %w", err))
	}
	if err := b.finish(seq); err != nil {
		return fail(fmt.Errorf("build index: %w", err))
	}
	return g, nil
}

// batcher groups index operations into Bleve batches bounded by bytes and
// applies up to maxInFlight of them at once. A Bleve batch analyses its
// documents on every core and then builds its segment on one; with two in
// flight, one batch's segment building overlaps the next one's analysis.
// Two batches in flight never share a document id, so the order in which
// they land cannot matter. The high-water mark is written only by finish,
// after every batch before it has landed: a crash before then replays the
// changes, which is harmless.
type batcher struct {
	ix     *Index
	g      *generation
	batch  *bleve.Batch
	ids    map[string]bool
	bytes  int
	sem    chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error
	flying map[int]map[string]bool // ids of the batches in flight, by number
	next   int
}

const maxInFlight = 2

func newBatcher(ix *Index, g *generation) *batcher {
	return &batcher{ix: ix, g: g, batch: g.idx.NewBatch(), ids: map[string]bool{},
		sem: make(chan struct{}, maxInFlight), flying: map[int]map[string]bool{}}
}

func (b *batcher) index(d content.Document, text string) error {
	x := toIndexed(d, b.ix.regions, text)
	if err := b.batch.Index(d.ID, x.fields()); err != nil {
		return fmt.Errorf("index %q: %w", d.ID, err)
	}
	b.ids[d.ID] = true
	b.bytes += len(d.Title) + len(d.Summary) + len(d.Body) + 256
	if b.bytes >= b.ix.cfg.BatchBytes {
		return b.flush()
	}
	return nil
}

func (b *batcher) delete(id string) {
	b.batch.Delete(id)
	b.ids[id] = true
}

// apply adds docs, with the plain text the store keeps for them, and
// deletes every id of ids that is not among docs (no longer stored).
func (b *batcher) apply(docs []content.Document, ids []string) error {
	texts, err := b.ix.store.Texts(ids)
	if err != nil {
		return err
	}
	present := make(map[string]bool, len(docs))
	for _, d := range docs {
		present[d.ID] = true
		if err := b.index(d, texts[d.ID]); err != nil {
			return err
		}
	}
	for _, id := range ids {
		if !present[id] {
			b.delete(id)
		}
	}
	return nil
}

// flush hands the current batch to a background writer, after waiting for
// a free slot, or for every batch in flight if one touches the same ids.
func (b *batcher) flush() error {
	if b.batch.Size() == 0 {
		return b.failed()
	}
	b.mu.Lock()
	overlap := false
	for _, f := range b.flying {
		for id := range b.ids {
			if f[id] {
				overlap = true
				break
			}
		}
	}
	b.mu.Unlock()
	if overlap {
		b.wg.Wait()
	}
	if err := b.failed(); err != nil {
		return err
	}
	b.sem <- struct{}{}
	batch, n := b.batch, b.next
	b.next++
	b.mu.Lock()
	b.flying[n] = b.ids
	b.mu.Unlock()
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		err := b.g.idx.Batch(batch)
		b.mu.Lock()
		if err != nil && b.err == nil {
			b.err = err
		}
		delete(b.flying, n)
		b.mu.Unlock()
		<-b.sem
	}()
	b.batch, b.ids, b.bytes = b.g.idx.NewBatch(), map[string]bool{}, 0
	return nil
}

func (b *batcher) failed() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// finish flushes what is left, waits for every batch, and then records hwm
// as the last change the generation holds.
func (b *batcher) finish(hwm uint64) error {
	if err := b.flush(); err != nil {
		b.wg.Wait()
		return err
	}
	b.wg.Wait()
	if err := b.failed(); err != nil {
		return err
	}
	hb := b.g.idx.NewBatch()
	hb.SetInternal(internalHWM, binary.BigEndian.AppendUint64(nil, hwm))
	if err := b.g.idx.Batch(hb); err != nil {
		return err
	}
	b.g.hwm = hwm
	return nil
}

// CatchUp indexes every change the live generation has not seen yet.
func (ix *Index) CatchUp() error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	return ix.catchUp(ix.cur.Load())
}

// catchUpChunk is how many changes are read and indexed as one batch;
// the high-water mark is recorded every hwmEvery chunks, which bounds what
// a crash makes the next start replay.
const (
	catchUpChunk = 1000
	hwmEvery     = 20
)

func (ix *Index) catchUp(g *generation) error {
	from := g.hwm
	b := newBatcher(ix, g)
	defer b.wg.Wait() // on an error return, no batch may outlive the call
	for chunk := 1; ; chunk++ {
		var ids []string
		last, err := ix.store.Changes(from, catchUpChunk, func(c store.Change) error {
			ids = append(ids, c.ID)
			return nil
		})
		if err != nil {
			return fmt.Errorf("read changes: %w", err)
		}
		if last == from {
			break
		}
		// The change log says which ids changed; their current versions are
		// what the index must hold.
		docs, err := ix.store.GetMany(ids)
		if err == nil {
			err = b.apply(docs, ids)
		}
		if err == nil {
			err = b.flush()
		}
		if err == nil && chunk%hwmEvery == 0 {
			err = b.finish(last)
			ix.version.Add(1)
		}
		if err != nil {
			return fmt.Errorf("index changes: %w", err)
		}
		from = last
	}
	if from == g.hwm {
		return nil
	}
	if err := b.finish(from); err != nil {
		return fmt.Errorf("index changes: %w", err)
	}
	ix.version.Add(1)
	return nil
}

// Rebuild builds a new generation from the store beside the live one and
// swaps it in. Searches go on against the live generation meanwhile.
func (ix *Index) Rebuild(ctx context.Context) error {
	ix.rebuild.Lock()
	defer ix.rebuild.Unlock()
	start := time.Now()
	g, err := ix.build(ctx)
	if err != nil {
		return err
	}
	ix.writeMu.Lock()
	if err := ix.catchUp(g); err != nil {
		ix.writeMu.Unlock()
		g.idx.Close()
		return err
	}
	old := ix.cur.Swap(g)
	err = ix.writeCurrent(g.name)
	ix.version.Add(1)
	ix.writeMu.Unlock()
	if err != nil {
		return err
	}
	if old != nil {
		ix.retire(old)
	}
	n, _ := g.idx.DocCount()
	ix.cfg.Logger.Info("index rebuilt", "name", g.name, "docs", n, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// retire closes a swapped-out generation once no search uses it and removes
// its files.
func (ix *Index) retire(g *generation) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.idx.Close()
	if !ix.cfg.InMemory {
		if err := os.RemoveAll(filepath.Join(ix.cfg.Dir, g.name)); err != nil {
			ix.cfg.Logger.Warn("remove old index", "name", g.name, "err", err)
		}
	}
}

// acquire returns the live generation, locked for reading. The caller must
// call release.
func (ix *Index) acquire() *generation {
	for {
		g := ix.cur.Load()
		g.mu.RLock()
		if ix.cur.Load() == g {
			return g
		}
		// Swapped between Load and RLock: this one may be closing.
		g.mu.RUnlock()
	}
}

func (g *generation) release() { g.mu.RUnlock() }

// Version changes whenever the indexed content changes; caches key on it.
func (ix *Index) Version() uint64 { return ix.version.Load() }

// Stats describes the live index.
type Stats struct {
	Name      string `json:"name"`
	Schema    string `json:"schema"`
	Documents uint64 `json:"documents"`
	HWM       uint64 `json:"high_water_mark"`
	StoreSeq  uint64 `json:"store_sequence"`
}

// Stats reports on the live generation.
func (ix *Index) Stats() Stats {
	g := ix.acquire()
	defer g.release()
	n, _ := g.idx.DocCount()
	return Stats{Name: g.name, Schema: SchemaVersion, Documents: n, HWM: g.hwm, StoreSeq: ix.store.LastSeq()}
}

// Close closes the live generation.
func (ix *Index) Close() error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	g := ix.cur.Load()
	if g == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.idx.Close()
}
