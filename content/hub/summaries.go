package hub

import (
	"cmp"
	"container/heap"
	"slices"
	"strings"
	"time"

	"jippnas/content/store"
)

// Summary is the part of a record that lists and dashboards need, kept in
// memory for every record (about 250 bytes each: 25 MB for 100,000
// records). Repeated strings (institution, unit, source, province,
// verifier) are shared. A summary is never changed once installed (a
// change installs a new one), so the pointers Records returns stay valid
// and must be treated as read-only.
type Summary struct {
	ID                string
	Title             string
	Institution       string
	Unit              string
	Source            string
	Province          string
	State             State
	Version           uint64
	Revision          uint64
	PublishedRevision uint64
	Completeness      uint8
	UpdatedAt         int64 // Unix seconds
	ConfirmedAt       int64
	VerifiedAt        int64
	VerifiedBy        string
	ReturnComment     string
}

// Target is what the policy judges an action on the record by.
func (s *Summary) Target() Target {
	return Target{Institution: s.Institution, Source: s.Source, Province: s.Province}
}

// Updated is when the working copy was last saved.
func (s *Summary) Updated() time.Time { return time.Unix(s.UpdatedAt, 0).UTC() }

// Confirmed is when the published content was last updated or confirmed.
func (s *Summary) Confirmed() time.Time { return time.Unix(s.ConfirmedAt, 0).UTC() }

func unix(s string) int64 {
	if s == "" {
		return 0
	}
	return parseTime(s).Unix()
}

func summaryOf(r Record) *Summary {
	s := &Summary{ID: r.ID, Title: r.Title, Institution: r.Institution, Unit: r.Unit, Source: r.Source, Province: r.Province,
		State: r.State, Version: r.Version, Revision: r.Revision, PublishedRevision: r.PublishedRevision,
		Completeness: uint8(r.Completeness), UpdatedAt: unix(r.UpdatedAt), ConfirmedAt: unix(r.ConfirmedAt),
		VerifiedAt: unix(r.VerifiedAt), VerifiedBy: r.VerifiedBy}
	if r.State == StateReturned {
		s.ReturnComment = r.ReturnComment
	}
	return s
}

// loadSummaries reads every record once, at start.
func (h *Hub) loadSummaries() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.view(func(tx *store.Tx) error {
		return tx.Each(keyRecord, func(_ string, v []byte) error {
			var r Record
			if err := unmarshal(v, &r); err != nil {
				return err
			}
			h.installLocked(summaryOf(r))
			return nil
		})
	})
}

// internLocked makes the summary share the strings that repeat across
// records.
func (h *Hub) internLocked(s *Summary) {
	for _, p := range []*string{&s.Institution, &s.Unit, &s.Source, &s.Province, &s.VerifiedBy} {
		if v, ok := h.strs[*p]; ok {
			*p = v
		} else {
			h.strs[*p] = *p
		}
	}
}

// apply installs the summaries of committed changes. Transactions commit
// in order but may reach here out of order: a summary never replaces a
// newer one.
func (h *Hub) apply(changed []*Summary) {
	if len(changed) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range changed {
		if old, ok := h.sums[s.ID]; ok && old.Version > s.Version {
			continue
		}
		h.installLocked(s)
	}
}

// installLocked puts a summary in place of the record's old one, and in
// the by-institution index.
func (h *Hub) installLocked(s *Summary) {
	h.internLocked(s)
	if old, ok := h.sums[s.ID]; ok {
		h.aggLocked(old.Institution).remove(old)
		if old.Institution != s.Institution {
			delete(h.byInst[old.Institution], s.ID)
		}
	}
	h.aggLocked(s.Institution).add(s)
	h.sums[s.ID] = s
	m := h.byInst[s.Institution]
	if m == nil {
		m = map[string]*Summary{}
		h.byInst[s.Institution] = m
	}
	m[s.ID] = s
}

// Stale reports whether a published record needs pemutakhiran at t: not
// updated or confirmed for the configured period.
func (h *Hub) Stale(s *Summary, t time.Time) bool {
	return s.PublishedRevision > 0 && !s.State.Gone() && t.Sub(s.Confirmed()) >= h.cfg.StaleAfter
}

// RecordQuery selects records for a list.
type RecordQuery struct {
	Institution string
	Unmapped    bool    // only records without an institution
	States      []State // none: every state but deleted and merged
	Stale       bool    // only records that need pemutakhiran
	Text        string  // words that must all occur in the title, id or unit
	// Actor, if set, keeps only the records it may act on with Action
	// (ActView if empty).
	Actor  *Actor
	Action Action
}

// newer orders summaries the most recently updated first, then by id.
func newer(a, b *Summary) int {
	if c := cmp.Compare(b.UpdatedAt, a.UpdatedAt); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// each calls fn for every summary a query selects, under the read lock.
func (h *Hub) each(q RecordQuery, fn func(*Summary)) {
	now := h.cfg.Now()
	act := q.Action
	if act == "" {
		act = ActView
	}
	words := strings.Fields(strings.ToLower(q.Text))
	h.mu.RLock()
	defer h.mu.RUnlock()
	scope := h.sums
	switch {
	case q.Unmapped:
		scope = h.byInst[""]
	case q.Institution != "":
		scope = h.byInst[q.Institution]
	}
	for _, s := range scope {
		switch {
		case len(q.States) == 0 && s.State.Gone():
		case len(q.States) > 0 && !slices.Contains(q.States, s.State):
		case q.Stale && !h.Stale(s, now):
		case len(words) > 0 && !hasWords(s, words):
		case q.Actor != nil && !Can(*q.Actor, act, s.Target()):
		default:
			fn(s)
		}
	}
}

func hasWords(s *Summary, words []string) bool {
	hay := strings.ToLower(s.Title + " " + s.ID + " " + s.Unit)
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// Records returns the summaries a query selects, the most recently
// updated first. They are shared and read-only.
func (h *Hub) Records(q RecordQuery) []*Summary {
	var out []*Summary
	h.each(q, func(s *Summary) { out = append(out, s) })
	slices.SortFunc(out, newer)
	return out
}

// RecordsPage is one page of Records and the number of all the matches,
// found without sorting every match: the offset+limit most recently
// updated are kept in a bounded heap.
func (h *Hub) RecordsPage(q RecordQuery, offset, limit int) ([]*Summary, int) {
	k := offset + limit
	top := &summaryHeap{}
	total := 0
	h.each(q, func(s *Summary) {
		total++
		switch {
		case top.Len() < k:
			heap.Push(top, s)
		case newer(s, (*top)[0]) < 0:
			(*top)[0] = s
			heap.Fix(top, 0)
		}
	})
	page := []*Summary(*top)
	slices.SortFunc(page, newer)
	return page[min(offset, len(page)):], total
}

// summaryHeap keeps the least recently updated of the kept summaries on
// top, to be replaced by a newer one.
type summaryHeap []*Summary

func (x summaryHeap) Len() int           { return len(x) }
func (x summaryHeap) Less(i, j int) bool { return newer(x[i], x[j]) > 0 }
func (x summaryHeap) Swap(i, j int)      { x[i], x[j] = x[j], x[i] }
func (x *summaryHeap) Push(v any)        { *x = append(*x, v.(*Summary)) }
func (x *summaryHeap) Pop() any {
	old := *x
	v := old[len(old)-1]
	*x = old[:len(old)-1]
	return v
}

// PublishedByInstitution counts the published records of every
// institution.
func (h *Hub) PublishedByInstitution() map[string]int {
	out := map[string]int{}
	h.mu.RLock()
	for code, a := range h.aggs {
		if a.published > 0 && code != "" {
			out[code] = a.published
		}
	}
	h.mu.RUnlock()
	return out
}

// RecordStale is Stale for a record, now.
func (h *Hub) RecordStale(r Record) bool {
	return h.Stale(summaryOf(r), h.cfg.Now())
}
