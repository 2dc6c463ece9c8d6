package hub

import (
	"slices"
	"time"
)

// instAgg are the running figures of one institution's records, kept up to
// date as summaries are installed, so that a dashboard over every
// institution reads about 600 of these instead of every record.
type instAgg struct {
	records     int // not deleted
	byState     [len(stateOrder)]int
	published   int
	completeSum int
	lastUpdate  int64 // the latest save of any record (Unix seconds)
	// confirmed holds, sorted, when each published record was last
	// confirmed: the stale ones are a prefix.
	confirmed []int64
}

// stateOrder indexes byState.
var stateOrder = [...]State{StateDraft, StateSubmitted, StateReturned, StateVerified, StateMerged, StateDeleted}

func stateIndex(s State) int {
	for i, st := range stateOrder {
		if st == s {
			return i
		}
	}
	return len(stateOrder) - 1
}

// counts reports whether a summary's figures count at all (a deleted or
// merged record does not).
func counts(s *Summary) bool { return !s.State.Gone() }

func (a *instAgg) add(s *Summary) {
	a.lastUpdate = max(a.lastUpdate, s.UpdatedAt)
	if !counts(s) {
		return
	}
	a.records++
	a.byState[stateIndex(s.State)]++
	a.completeSum += int(s.Completeness)
	if s.PublishedRevision > 0 {
		a.published++
		i, _ := slices.BinarySearch(a.confirmed, s.ConfirmedAt)
		a.confirmed = slices.Insert(a.confirmed, i, s.ConfirmedAt)
	}
}

func (a *instAgg) remove(s *Summary) {
	if !counts(s) {
		return
	}
	a.records--
	a.byState[stateIndex(s.State)]--
	a.completeSum -= int(s.Completeness)
	if s.PublishedRevision > 0 {
		a.published--
		if i, ok := slices.BinarySearch(a.confirmed, s.ConfirmedAt); ok {
			a.confirmed = slices.Delete(a.confirmed, i, i+1)
		}
	}
}

// stale counts the published records confirmed at or before cutoff.
func (a *instAgg) stale(cutoff int64) int {
	i, _ := slices.BinarySearch(a.confirmed, cutoff+1)
	return i
}

// aggLocked returns the figures of an institution, made on first use. The
// caller holds mu for writing.
func (h *Hub) aggLocked(code string) *instAgg {
	a := h.aggs[code]
	if a == nil {
		a = &instAgg{}
		h.aggs[code] = a
	}
	return a
}

// stats turns running figures into InstitutionStats at time t.
func (h *Hub) stats(in Institution, a *instAgg, t time.Time) InstitutionStats {
	st := InstitutionStats{Institution: in, ByState: map[State]int{}}
	if a == nil {
		return st
	}
	st.Records, st.Published = a.records, a.published
	for i, n := range a.byState {
		if n > 0 {
			st.ByState[stateOrder[i]] = n
		}
	}
	st.Stale = a.stale(t.Add(-h.cfg.StaleAfter).Unix())
	if a.records > 0 {
		st.Completeness = a.completeSum / a.records
	}
	if a.lastUpdate > 0 {
		st.LastUpdate = time.Unix(a.lastUpdate, 0).UTC()
	}
	return st
}
