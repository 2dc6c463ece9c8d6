package hub

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"jippnas/content"
	"jippnas/content/store"
)

// Config configures the hub. Zero values take the defaults.
type Config struct {
	Registry *Registry // required
	Now      func() time.Time
	// StaleAfter is how long a published record may go without being
	// updated or confirmed before it needs pemutakhiran (default 365
	// days).
	StaleAfter time.Duration
	// SessionIdle ends a session not used for this long (default 2 hours);
	// SessionMax ends any session this long after sign-in (default 12
	// hours).
	SessionIdle time.Duration
	SessionMax  time.Duration
	Argon2      Argon2Params // default DefaultArgon2
}

func (c *Config) defaults() {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.StaleAfter == 0 {
		c.StaleAfter = 365 * 24 * time.Hour
	}
	if c.SessionIdle == 0 {
		c.SessionIdle = 2 * time.Hour
	}
	if c.SessionMax == 0 {
		c.SessionMax = 12 * time.Hour
	}
	if c.Argon2 == (Argon2Params{}) {
		c.Argon2 = DefaultArgon2
	}
}

// Hub is the workflow over a store. Every write of an innovation record
// goes through it; its records live in the store under "hub/", and each
// workflow step is one store transaction together with its audit entry.
// It keeps a summary of every record in memory for lists and dashboards,
// updated after each commit.
type Hub struct {
	st  *store.Store
	reg *Registry
	cfg Config

	mu     sync.RWMutex
	sums   map[string]*Summary
	byInst map[string]map[string]*Summary // institution code → record id → summary
	aggs   map[string]*instAgg            // institution code → running figures
	strs   map[string]string              // shared strings of the summaries
}

// Open opens the hub over a store: it brings records written before the
// hub existed under the workflow (see migrate) and loads the summaries.
func Open(st *store.Store, cfg Config) (*Hub, error) {
	if cfg.Registry == nil {
		return nil, errors.New("hub: no registry")
	}
	cfg.defaults()
	h := &Hub{st: st, reg: cfg.Registry, cfg: cfg, sums: map[string]*Summary{}, byInst: map[string]map[string]*Summary{},
		aggs: map[string]*instAgg{}, strs: map[string]string{}}
	if err := h.migrate(); err != nil {
		return nil, fmt.Errorf("hub: migrate: %w", err)
	}
	if err := h.interruptBatches(); err != nil {
		return nil, fmt.Errorf("hub: import batches: %w", err)
	}
	if err := h.loadSummaries(); err != nil {
		return nil, fmt.Errorf("hub: load records: %w", err)
	}
	return h, nil
}

// Registry is the institutions registry.
func (h *Hub) Registry() *Registry { return h.reg }

// Store is the store the hub writes to.
func (h *Hub) Store() *store.Store { return h.st }

// StaleAfter is the configured staleness period.
func (h *Hub) StaleAfter() time.Duration { return h.cfg.StaleAfter }

// Now is the hub's clock.
func (h *Hub) Now() time.Time { return h.cfg.Now() }

// txw is one write transaction of the hub: the store transaction plus the
// record summaries to publish once it commits.
type txw struct {
	h       *Hub
	tx      *store.Tx
	changed []*Summary
}

// write runs fn in one store transaction and, once it has committed,
// updates the summaries of the records it changed.
func (h *Hub) write(fn func(w *txw) error) error {
	var changed []*Summary
	err := h.st.Update(func(tx *store.Tx) error {
		w := &txw{h: h, tx: tx}
		if err := fn(w); err != nil {
			return err
		}
		changed = w.changed
		return nil
	})
	if err != nil {
		return err
	}
	h.apply(changed)
	return nil
}

// view runs fn in a read transaction.
func (h *Hub) view(fn func(tx *store.Tx) error) error { return h.st.View(fn) }

// next increments and returns a counter.
func (w *txw) next(key string) (uint64, error) {
	var n uint64
	b, err := w.tx.Get(key)
	switch {
	case errors.Is(err, content.ErrNotFound):
	case err != nil:
		return 0, err
	case len(b) == 8:
		n = binary.BigEndian.Uint64(b)
	default:
		return 0, fmt.Errorf("hub: corrupt counter %s", key)
	}
	n++
	return n, w.tx.Set(key, binary.BigEndian.AppendUint64(nil, n))
}

// now is the transaction's time.
func (w *txw) now() string { return w.tx.Now() }

func unmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// seqKey formats a sequence number so that keys sort in number order.
func seqKey(n uint64) string {
	s := strconv.FormatUint(n, 10)
	const width = 20
	if len(s) < width {
		s = "00000000000000000000"[:width-len(s)] + s
	}
	return s
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, _ = time.Parse(time.DateOnly, s)
	}
	return t
}

func isNotFound(err error) bool { return errors.Is(err, content.ErrNotFound) }

// errEnough stops an iteration that has what it needs.
var errEnough = errors.New("enough")

// newest walks the keys under prefix from the last (the newest, for
// sequence keys) and keeps what load gives and accepts, up to limit.
func newest[T any](tx *store.Tx, prefix string, limit int, load func(key string, v []byte) (T, bool, error)) ([]T, error) {
	var out []T
	err := tx.EachReverse(prefix, func(key string, v []byte) error {
		x, ok, err := load(key, v)
		if err != nil || !ok {
			return err
		}
		out = append(out, x)
		if len(out) >= limit {
			return errEnough
		}
		return nil
	})
	if errors.Is(err, errEnough) {
		err = nil
	}
	return out, err
}
