package server

import (
	"context"
	"errors"
	"fmt"
	"time"

	"jippnas/content"
	"jippnas/content/hub"
	"jippnas/index/similar"
)

// The merge queue's proposals come from the index's duplicate detector,
// which the hub has not: a dry run asks it about every new row (see
// DuplicateLookup), and a scan asks it about stored records and hands the
// pairs across programmes to the hub.

// DuplicateLookup is a dry run's lookup of stored records a new row may
// describe (hub.FileImport.Duplicates), over the index.
func DuplicateLookup(f *similar.Finder) func(context.Context, content.Document) ([]hub.PossibleDuplicate, error) {
	return func(ctx context.Context, d content.Document) ([]hub.PossibleDuplicate, error) {
		hits, err := f.PossibleDuplicates(ctx, d.Title, d.Body, similar.SimilarOptions{RegionCode: d.RegionCode, Sector: d.Sector})
		out := make([]hub.PossibleDuplicate, len(hits))
		for i, h := range hits {
			out[i] = hub.PossibleDuplicate(h)
		}
		return out, err
	}
}

// scanDuplicates asks the detector about records (every innovation when
// ids is nil) and proposes the pairs across programmes it finds; a scan
// of every record replaces the proposals.
func (s *Server) scanDuplicates(ctx context.Context, ids []string) (int, error) {
	start := time.Now()
	all := ids == nil
	if all {
		if _, err := s.store.Each(ctx, func(d content.Document) error {
			if d.Type == content.TypeInnovation {
				ids = append(ids, d.ID)
			}
			return nil
		}); err != nil {
			return 0, err
		}
	}
	var pairs []hub.DuplicatePair
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		d, err := s.store.Get(id)
		if err != nil {
			continue // gone since
		}
		hits, err := s.similar.Duplicates(ctx, id)
		if errors.Is(err, content.ErrNotFound) {
			continue // removed between the two reads
		}
		if err != nil {
			return 0, fmt.Errorf("duplicates of %s: %w", id, err)
		}
		for _, h := range hits {
			if hub.CrossSource(d, h.Doc) {
				pairs = append(pairs, hub.DuplicatePair{A: id, B: h.Doc.ID, Score: h.Score, TitleSim: h.TitleSim,
					InstitutionSim: h.InstitutionSim, TextSim: h.TextSim})
			}
		}
	}
	n, err := s.hub.ProposeDuplicates(pairs, all)
	if err == nil {
		s.log.Info("duplicate scan", "records", len(ids), "proposed", n, "took", time.Since(start).Round(time.Millisecond))
	}
	return n, err
}
