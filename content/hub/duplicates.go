package hub

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"jippnas/content"
	"jippnas/content/store"
)

// Proposed duplicates. The duplicate detector lives with the index (the
// hub has none): the server and the command line run it and hand the
// pairs it finds across programmes to the hub, which keeps them until
// they are merged or marked "bukan duplikat" (never proposed again).

// DuplicatePair is two records the detector takes for one innovation.
type DuplicatePair struct {
	A              string  `json:"a"`
	B              string  `json:"b"`
	Score          float64 `json:"score"`
	TitleSim       float64 `json:"title_similarity"`
	InstitutionSim float64 `json:"institution_similarity"`
	TextSim        float64 `json:"text_similarity"`
	FoundAt        string  `json:"found_at,omitempty"`
}

// NotDuplicate is a pair someone decided are different innovations.
type NotDuplicate struct {
	A       string   `json:"a"`
	B       string   `json:"b"`
	At      string   `json:"at"`
	By      ActorRef `json:"by"`
	Comment string   `json:"comment,omitempty"`
}

const keyDupScan = "hub/meta/dupscan"

// ProposeDuplicates records pairs the detector found. With replace (a scan
// of every record), the proposals it did not find again are dropped. Pairs
// marked "bukan duplikat", pairs with a record merged or deleted, and
// pairs of one programme are left out. It returns how many are proposed.
func (h *Hub) ProposeDuplicates(pairs []DuplicatePair, replace bool) (int, error) {
	n := 0
	err := h.write(func(w *txw) error {
		now := w.now()
		keep := map[string]bool{}
		for _, p := range pairs {
			if p.A == p.B || !content.ValidID(p.A) || !content.ValidID(p.B) {
				continue
			}
			k := pairKey(p.A, p.B)
			if keep[k] {
				continue
			}
			if _, err := w.tx.Get(keyNotDup + k); err == nil {
				continue
			} else if !isNotFound(err) {
				return err
			}
			ok, err := w.proposable(p.A, p.B)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if p.A > p.B {
				p.A, p.B = p.B, p.A
			}
			var old DuplicatePair
			if err := w.tx.GetJSON(keyDup+k, &old); err == nil {
				p.FoundAt = old.FoundAt
			} else if !isNotFound(err) {
				return err
			} else {
				p.FoundAt = now
			}
			keep[k] = true
			n++
			if err := w.tx.SetJSON(keyDup+k, p); err != nil {
				return err
			}
		}
		if !replace {
			return nil
		}
		var stale []string
		if err := w.tx.Each(keyDup, func(key string, _ []byte) error {
			if !keep[strings.TrimPrefix(key, keyDup)] {
				stale = append(stale, key)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range stale {
			if err := w.tx.Delete(k); err != nil {
				return err
			}
		}
		return w.tx.Set(keyDupScan, []byte(now))
	})
	return n, err
}

// proposable reports whether two records may be proposed: both live and
// published, from different programmes.
func (w *txw) proposable(a, b string) (bool, error) {
	var docs [2]content.Document
	for i, id := range []string{a, b} {
		rec, ok, err := loadRecord(w.tx, id)
		if err != nil || !ok || rec.State.Gone() || rec.PublishedRevision == 0 {
			return false, err
		}
		rv, err := loadRevision(w.tx, id, rec.PublishedRevision)
		if err != nil {
			return false, err
		}
		docs[i] = rv.Doc
	}
	return crossSource(docs[0], docs[1]), nil
}

// crossSource reports whether two records come from different
// programmes: no programme reported both.
func crossSource(a, b content.Document) bool {
	sb := b.ProvenanceSources()
	for _, s := range a.ProvenanceSources() {
		if slices.Contains(sb, s) {
			return false
		}
	}
	return true
}

// CrossSource is crossSource for the detector's caller.
func CrossSource(a, b content.Document) bool { return crossSource(a, b) }

// DuplicateScanAt is when the last scan of every record ran ("" if never).
func (h *Hub) DuplicateScanAt() string {
	var at string
	h.view(func(tx *store.Tx) error {
		if b, err := tx.Get(keyDupScan); err == nil {
			at = string(b)
		}
		return nil
	})
	return at
}

// Proposal is a proposed pair as the queue shows it: both records'
// summaries (the one to keep by default first) and whether they can be
// merged now.
type Proposal struct {
	DuplicatePair
	First, Second *Summary
	// Blocked says why the pair cannot be merged now ("" if it can): a
	// record with changes not yet verified.
	Blocked string
}

// Proposals lists the proposed pairs the actor may merge, the most likely
// first.
func (h *Hub) Proposals(a Actor) ([]Proposal, error) {
	var pairs []DuplicatePair
	err := h.view(func(tx *store.Tx) error {
		return tx.Each(keyDup, func(_ string, v []byte) error {
			var p DuplicatePair
			if err := unmarshal(v, &p); err != nil {
				return err
			}
			pairs = append(pairs, p)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	var out []Proposal
	for _, p := range pairs {
		x, y := h.sums[p.A], h.sums[p.B]
		if x == nil || y == nil || x.State.Gone() || y.State.Gone() || !Can(a, ActMerge, x.Target()) || !Can(a, ActMerge, y.Target()) {
			continue
		}
		// Keep by default the more complete record, else the older one.
		if cmp.Or(cmp.Compare(y.Completeness, x.Completeness), cmp.Compare(x.ID, y.ID)) > 0 {
			x, y = y, x
		}
		pr := Proposal{DuplicatePair: p, First: x, Second: y}
		for _, sm := range []*Summary{x, y} {
			if sm.State != StateVerified || sm.Revision != sm.PublishedRevision {
				pr.Blocked = fmt.Sprintf("%s memiliki perubahan yang belum diverifikasi", sm.ID)
			}
		}
		out = append(out, pr)
	}
	slices.SortFunc(out, func(a, b Proposal) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.A, b.A))
	})
	return out, nil
}

// MarkNotDuplicate records that two records are different innovations: the
// pair is never proposed again.
func (h *Hub) MarkNotDuplicate(a Actor, x, y, comment string) (NotDuplicate, error) {
	comment, err := checkComment(comment)
	if err != nil {
		return NotDuplicate{}, err
	}
	if x == y || !content.ValidID(x) || !content.ValidID(y) {
		return NotDuplicate{}, invalid("records", "two different record ids are needed")
	}
	if x > y {
		x, y = y, x
	}
	nd := NotDuplicate{A: x, B: y, Comment: comment, By: refOf(a)}
	err = h.write(func(w *txw) error {
		var recs [2]Record
		for i, id := range []string{x, y} {
			rec, err := visible(w.tx, a, id)
			if err != nil {
				return err
			}
			if err := Authorize(a, ActMerge, rec.Target()); err != nil {
				return err
			}
			recs[i] = rec
		}
		nd.At = w.now()
		k := pairKey(x, y)
		if err := w.tx.SetJSON(keyNotDup+k, nd); err != nil {
			return err
		}
		if err := w.tx.Delete(keyDup + k); err != nil {
			return err
		}
		note := fmt.Sprintf("%s dan %s bukan inovasi yang sama", x, y)
		if comment != "" {
			note += " — " + comment
		}
		for _, rec := range recs {
			if err := w.audit(a, Entry{Action: AuditNotDuplicate, Record: rec.ID, Institution: rec.Institution, State: rec.State, Comment: note}); err != nil {
				return err
			}
		}
		return nil
	})
	return nd, err
}

// IsNotDuplicate reports whether a pair was marked "bukan duplikat".
func (h *Hub) IsNotDuplicate(x, y string) bool {
	found := false
	h.view(func(tx *store.Tx) error {
		_, err := tx.Get(keyNotDup + pairKey(x, y))
		found = err == nil
		return nil
	})
	return found
}
