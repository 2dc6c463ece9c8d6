package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"jippnas/index/jzap"
)

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
		g.hwm.Store(binary.BigEndian.Uint64(hwm))
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
		idx, err = bleve.NewUsing("", buildMapping(), scorch.Name, scorch.Name, jzap.Config())
	} else {
		idx, err = bleve.NewUsing(filepath.Join(ix.cfg.Dir, name), buildMapping(), scorch.Name, bleve.Config.DefaultKVStore, jzap.Config())
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

// View is a consistent view of the live generation for the rooms that read
// the index. The generation stays open until Release, even if a rebuild
// swaps in a new one meanwhile.
type View struct {
	g *generation
}

// Acquire returns a view of the live generation; the caller must Release it.
func (ix *Index) Acquire() View { return View{g: ix.acquire()} }

// Release ends the view.
func (v View) Release() { v.g.release() }

// Bleve is the view's Bleve index.
func (v View) Bleve() bleve.Index { return v.g.idx }

// Generation identifies the view's generation: it changes when a rebuild
// swaps in a new one (caches of per-generation statistics key on it).
func (v View) Generation() string { return v.g.name }
