package index

import (
	"fmt"
	"sync"
)

// institutionsCache holds the number of distinct institutions for one
// index version.
type institutionsCache struct {
	mu      sync.Mutex
	version uint64
	n       int
	done    bool
}

// Institutions counts the distinct institutions (case-insensitive) that
// own at least one innovation, from the dictionary of the institution
// field: a walk over distinct names, not over documents.
func (ix *Index) Institutions() (int, error) {
	c := &ix.institutions
	c.mu.Lock()
	defer c.mu.Unlock()
	ver := ix.Version()
	if c.done && c.version == ver {
		return c.n, nil
	}
	g := ix.acquire()
	defer g.release()
	dict, err := g.idx.FieldDict(FieldInstitution)
	if err != nil {
		return 0, fmt.Errorf("count institutions: %w", err)
	}
	defer dict.Close()
	n := 0
	for {
		e, err := dict.Next()
		if err != nil {
			return 0, fmt.Errorf("count institutions: %w", err)
		}
		if e == nil {
			break
		}
		if e.Count > 0 {
			n++
		}
	}
	c.version, c.n, c.done = ver, n, true
	return n, nil
}
