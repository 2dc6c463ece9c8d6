package index

import (
	"context"
	"fmt"
	"jippnas/content/store"
	"time"
)

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
	from := g.hwm.Load()
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
		// what the index must hold, read as a list of results reads them
		// (without the Markdown body, which the index does not use).
		shown, err := ix.store.ShowMany(ids)
		if err == nil {
			err = b.applyShown(shown, ids)
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
	if from == g.hwm.Load() {
		return nil
	}
	if err := b.finish(from); err != nil {
		return fmt.Errorf("index changes: %w", err)
	}
	ix.version.Add(1)
	return nil
}

// Rebuild builds a new generation from the store beside the live one and
// swaps it in. Searches go on against the live generation meanwhile. While
// the rebuild Open started is running it waits for that one instead: it
// reads the same store, and building twice would only double the wait.
func (ix *Index) Rebuild(ctx context.Context) error {
	if ix.bgDone != nil {
		select {
		case <-ix.bgDone:
		default:
			return ix.WaitRebuild(ctx)
		}
	}
	return ix.rebuildNow(ctx)
}

func (ix *Index) rebuildNow(ctx context.Context) error {
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
