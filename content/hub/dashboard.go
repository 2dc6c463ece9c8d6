package hub

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// InstitutionStats are the figures of one institution's records.
type InstitutionStats struct {
	Institution  Institution   `json:"institution"`
	Records      int           `json:"records"` // not deleted
	ByState      map[State]int `json:"by_state"`
	Published    int           `json:"published"`
	Stale        int           `json:"stale"`
	Completeness int           `json:"completeness"` // average, 0 to 100
	LastUpdate   time.Time     `json:"last_update"`
}

// StaleShare is the part of the published records that need
// pemutakhiran, 0 to 100.
func (s InstitutionStats) StaleShare() int {
	if s.Published == 0 {
		return 0
	}
	return s.Stale * 100 / s.Published
}

// NeedsReminder reports whether the institution should be reminded: it has
// no record at all, or records that are stale or returned.
func (s InstitutionStats) NeedsReminder() bool {
	return s.Records == 0 || s.Stale > 0 || s.ByState[StateReturned] > 0
}

// InstitutionStats returns the figures of one institution.
func (h *Hub) InstitutionStats(code string) InstitutionStats {
	in, _ := h.reg.Lookup(code)
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.stats(in, h.aggs[code], h.cfg.Now())
}

// Ranking orders the national dashboard.
type Ranking string

// Rankings.
const (
	RankCompleteness Ranking = "kelengkapan"  // most complete first
	RankStale        Ranking = "pemutakhiran" // most in need of pemutakhiran first
	RankRecords      Ranking = "jumlah"       // most records first
	RankName         Ranking = "nama"
)

// NationalStats returns the figures of every institution (those without
// records too: they are the first to remind), ranked.
func (h *Hub) NationalStats(rank Ranking) []InstitutionStats {
	all := h.reg.All()
	now := h.cfg.Now()
	out := make([]InstitutionStats, 0, len(all))
	h.mu.RLock()
	for _, in := range all {
		out = append(out, h.stats(in, h.aggs[in.Code], now))
	}
	h.mu.RUnlock()
	RankStats(out, rank)
	return out
}

// RankStats sorts institution figures. Ties go by more records, then by
// name.
func RankStats(out []InstitutionStats, rank Ranking) {
	slices.SortStableFunc(out, func(a, b InstitutionStats) int {
		var c int
		switch rank {
		case RankCompleteness:
			c = cmp.Or(cmp.Compare(b.Completeness, a.Completeness), cmp.Compare(a.StaleShare(), b.StaleShare()))
		case RankStale:
			c = cmp.Or(cmp.Compare(b.StaleShare(), a.StaleShare()), cmp.Compare(b.Stale, a.Stale), cmp.Compare(a.Completeness, b.Completeness))
		case RankRecords:
			c = cmp.Compare(b.Records, a.Records)
		}
		return cmp.Or(c, cmp.Compare(b.Records, a.Records), strings.Compare(a.Institution.Name, b.Institution.Name))
	})
}

// AreaStats are the figures of a province (its government and its
// regencies and cities together), or of the ministries and agencies
// (Code ScopeCentral).
type AreaStats struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	Institutions int    `json:"institutions"`
	WithRecords  int    `json:"with_records"`
	Records      int    `json:"records"`
	Published    int    `json:"published"`
	Stale        int    `json:"stale"`
	Completeness int    `json:"completeness"`
}

// StaleShare is the part of the published records that need
// pemutakhiran, 0 to 100.
func (a AreaStats) StaleShare() int {
	if a.Published == 0 {
		return 0
	}
	return a.Stale * 100 / a.Published
}

// AreaStats sums institution figures per province, in province code order,
// with the ministries and agencies last.
func (h *Hub) AreaStats(stats []InstitutionStats) []AreaStats {
	var out []AreaStats
	index := map[string]int{}
	for _, p := range h.reg.Regions().Provinces() {
		index[p.Code] = len(out)
		out = append(out, AreaStats{Code: p.Code, Name: p.ShortName()})
	}
	index[ScopeCentral] = len(out)
	out = append(out, AreaStats{Code: ScopeCentral, Name: "Kementerian dan lembaga"})
	sums := make([]int, len(out))
	for _, s := range stats {
		key := s.Institution.ProvinceCode
		if !s.Institution.Local() {
			key = ScopeCentral
		}
		i, ok := index[key]
		if !ok {
			continue
		}
		a := &out[i]
		a.Institutions++
		if s.Records > 0 {
			a.WithRecords++
		}
		a.Records += s.Records
		a.Published += s.Published
		a.Stale += s.Stale
		sums[i] += s.Completeness * s.Records
	}
	for i := range out {
		if out[i].Records > 0 {
			out[i].Completeness = sums[i] / out[i].Records
		}
	}
	return out
}

// PublishedInstitutions counts the institutions with at least one
// published record.
func (h *Hub) PublishedInstitutions() int { return len(h.PublishedByInstitution()) }

// Unmapped lists the records without an institution, for an admin to
// assign.
func (h *Hub) Unmapped() []*Summary { return h.Records(RecordQuery{Institution: "", Unmapped: true}) }

// Returned is the number of records returned for corrections.
func (s InstitutionStats) Returned() int { return s.ByState[StateReturned] }
