package index

import "sync"

// Follower keeps the index catching up with the store in the background
// while a long import writes batch after batch: writing the next batch to
// the store overlaps with indexing the last one, which keeps both cores
// busy. Close waits until everything written is indexed.
type Follower struct {
	ix   *Index
	kick chan struct{}
	done chan struct{}
	mu   sync.Mutex
	err  error
}

// Follow starts a follower.
func (ix *Index) Follow() *Follower {
	f := &Follower{ix: ix, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		for range f.kick {
			if err := ix.CatchUp(); err != nil {
				f.mu.Lock()
				if f.err == nil {
					f.err = err
				}
				f.mu.Unlock()
			}
		}
	}()
	return f
}

// maxLag is how many changes the store may run ahead of the index before
// Kick waits: without it a long import fills the store far faster than the
// index follows, and the index ends up minutes behind.
const maxLag = 5000

// Kick asks for a catch-up. It returns at once unless the index lags more
// than maxLag changes behind the store, then it waits for a catch-up. It
// returns the first error a background catch-up met, so that an import
// stops early.
func (f *Follower) Kick() error {
	select {
	case f.kick <- struct{}{}:
	default: // a catch-up is already pending and will see this batch too
	}
	if st := f.ix.Stats(); st.StoreSeq > st.HWM+maxLag {
		if err := f.ix.CatchUp(); err != nil {
			return err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// Close waits for the background work and runs a last catch-up.
func (f *Follower) Close() error {
	close(f.kick)
	<-f.done
	if f.err != nil {
		return f.err
	}
	return f.ix.CatchUp()
}
