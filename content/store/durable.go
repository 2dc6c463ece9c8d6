package store

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"jippnas/content"
)

// Durability. Badger runs with SyncWrites off: a commit lands in its logs in
// the page cache, and Store.Update then waits for an fsync that began after
// the commit. Writers that arrive while a sync runs share the next one
// (group commit), so sixteen concurrent writers pay for about two syncs, not
// sixteen. Badger's own SyncWrites does not give this here: every writer
// holds the store's mutex until its commit is applied (the change log needs
// commit order), and Badger syncs its memtable log once per request even
// when it batches requests (see BenchmarkWriteLatency for the figures).

// durability selects how commits reach the disk. The zero value is the
// product's; the others exist to measure it against.
type durability int

const (
	durableGroup  durability = iota // fsync per group of commits (default)
	durableNone                     // no fsync: a crash of the machine loses recent commits
	durableBadger                   // Badger's SyncWrites: one sync per commit, under the write lock
)

// groupSync makes commits durable in groups. commit hands out a ticket
// after a commit is in the logs; wait returns once a sync that covers the
// ticket has finished. One waiter at a time runs the sync, for every commit
// made before it started.
type groupSync struct {
	sync      func() error
	mu        sync.Mutex
	cond      *sync.Cond
	committed uint64 // tickets handed out
	durable   uint64 // tickets covered by a finished sync
	running   bool
	err       error // sticky: after a failed fsync nothing more is acknowledged
	stats     SyncStats
}

// SyncStats counts the work of the group commit.
type SyncStats struct {
	Acks     uint64        // updates acknowledged after a sync
	Syncs    uint64        // fsync rounds
	SyncTime time.Duration // total time spent in them
	Failed   bool          // a sync failed: the store takes no more writes
}

func newGroupSync(syncFn func() error) *groupSync {
	g := &groupSync{sync: syncFn}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// failed is the sticky sync error, if any.
func (g *groupSync) failed() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

// commit records a commit that is in the logs and returns its ticket.
func (g *groupSync) commit() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.committed++
	return g.committed
}

// latest is the ticket of the newest commit.
func (g *groupSync) latest() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.committed
}

// wait blocks until the commit with ticket t is on disk.
func (g *groupSync) wait(t uint64) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	for g.durable < t && g.err == nil {
		if g.running {
			g.cond.Wait()
			continue
		}
		g.running = true
		target := g.committed
		g.mu.Unlock()
		start := time.Now()
		err := g.sync()
		took := time.Since(start)
		g.mu.Lock()
		g.running = false
		g.stats.Syncs++
		g.stats.SyncTime += took
		if err != nil {
			// After a failed fsync the kernel may have dropped the dirty
			// pages: retrying could report success for data that is gone.
			g.err = fmt.Errorf("store cannot sync to disk, restart the server after checking the disk: %v: %w", err, content.ErrUnavailable)
			g.stats.Failed = true
		} else {
			g.durable = target
		}
		g.cond.Broadcast()
	}
	if g.err == nil {
		g.stats.Acks++
	}
	return g.err
}

func (g *groupSync) snapshot() SyncStats {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stats
}

// SyncStats reports the group commit's counters.
func (s *Store) SyncStats() SyncStats { return s.durable.snapshot() }

// syncToDisk flushes every Badger log that can hold a commit: the value log
// and the memtable logs (*.mem). Badger's DB.Sync covers the active memtable
// only; a memtable that filled up since the last sync keeps unsynced commits
// until it is written out as a table, so its log is synced here too.
func (s *Store) syncToDisk() error {
	if err := s.db.Sync(); err != nil {
		return err
	}
	// Listed after the sync: a memtable that filled up before it is still
	// here as a log file, one that fills up after it was synced by it.
	mems, err := filepath.Glob(filepath.Join(s.cfg.Dir, "*.mem"))
	if err != nil || len(mems) < 2 {
		return err
	}
	for _, name := range mems {
		if err := fsyncFile(name); err != nil {
			return err
		}
	}
	return nil
}

func fsyncFile(name string) error {
	err := syncPath(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // written out as a table and removed meanwhile: on disk
	}
	return err
}

// removeTornLogs deletes empty Badger log files (memtable logs *.mem, value
// logs *.vlog). Badger sizes every log file to its full length right after
// creating it; a process killed between the two leaves a file of length 0,
// which holds no data but which Badger then refuses to open ("Create a new
// file"), so the store would never open again. The crash campaign found
// this (TestCrashCampaign).
func removeTornLogs(dir string, log *slog.Logger) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	removed := false
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || (!strings.HasSuffix(name, ".mem") && !strings.HasSuffix(name, ".vlog")) {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() != 0 {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
		removed = true
		if log != nil {
			log.Warn("removed an empty store log file left by a crash", "file", name)
		}
	}
	if removed {
		return syncPath(dir)
	}
	return nil
}

func syncPath(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
