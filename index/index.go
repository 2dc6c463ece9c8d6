// Package index keeps the Bleve index derived from the store: it builds,
// follows, rebuilds and swaps it, and gives the rooms that read it (search,
// facet, similar, suggest) a consistent view of the live generation. The
// index is a cache: it can always be rebuilt from the store, and it is
// whenever its schema version differs.
package index

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"

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
	BatchBytes int    // flush an indexing batch at this many bytes of text (default 8 MiB; two are applied at once)
	Logger     *slog.Logger
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

	// bgDone is closed when the background rebuild that Open started has
	// finished, with its outcome in bgErr; nil when none was needed.
	// bgStop cancels it (Close), so that it never reads a closed store.
	bgDone chan struct{}
	bgErr  error
	bgStop context.CancelFunc

	institutions institutionsCache
	freqs        freqScratchPool // for the text fields of the documents indexed (text_field.go)
}

// generation is one built index. Searches hold mu for reading so that a
// swapped-out generation is closed only after they finish.
type generation struct {
	mu   sync.RWMutex
	idx  bleve.Index
	name string
	hwm  atomic.Uint64 // written by catch-up while Stats reads it
}

// Open opens the current index generation under cfg.Dir, or builds one from
// the store. If the existing index has another schema version (or the store
// was replaced) it is still opened and served, and a rebuild starts in the
// background (see WaitRebuild).
func Open(ctx context.Context, cfg Config, st *store.Store) (*Index, error) {
	if cfg.BatchBytes == 0 {
		// 8 MiB: a 100k import took 41–44 s of processor time against
		// 44–46 with 4 MiB (fewer segments to merge), as did 12 and
		// 16 MiB (docs/benchmarks.md, 2026-12-07, seventh session)
		cfg.BatchBytes = 8 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	ix := &Index{cfg: cfg, store: st, regions: st.Regions()}
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
	if g != nil && g.hwm.Load() > st.LastSeq() {
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
		return ix, ix.CatchUp()
	}
	ix.cur.Store(g)
	if !schemaOK {
		cfg.Logger.Info("index schema changed or store replaced; rebuilding in the background", "name", g.name)
		ix.bgDone = make(chan struct{})
		bg, stop := context.WithCancel(context.Background())
		ix.bgStop = stop
		go func() {
			defer close(ix.bgDone)
			if ix.bgErr = ix.rebuildNow(bg); ix.bgErr != nil && bg.Err() == nil {
				cfg.Logger.Error("rebuild failed", "err", ix.bgErr)
			}
		}()
		return ix, nil
	}
	return ix, ix.CatchUp()
}

// WaitRebuild waits for the background rebuild that Open started and
// returns its outcome; without one it returns nil at once.
func (ix *Index) WaitRebuild(ctx context.Context) error {
	if ix.bgDone == nil {
		return nil
	}
	select {
	case <-ix.bgDone:
		return ix.bgErr
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Version changes whenever the indexed content changes; caches key on it.
func (ix *Index) Version() uint64 { return ix.version.Load() }

// Store is the store the index follows.
func (ix *Index) Store() *store.Store { return ix.store }

// Regions is the region table documents are indexed with.
func (ix *Index) Regions() *refdata.Regions { return ix.regions }

// Logger is where the index and its rooms report.
func (ix *Index) Logger() *slog.Logger { return ix.cfg.Logger }

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
	return Stats{Name: g.name, Schema: SchemaVersion, Documents: n, HWM: g.hwm.Load(), StoreSeq: ix.store.LastSeq()}
}

// Close stops a background rebuild (its half-built generation is
// removed; the next Open starts it again) and closes the live generation.
func (ix *Index) Close() error {
	if ix.bgStop != nil {
		ix.bgStop()
		<-ix.bgDone
	}
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
