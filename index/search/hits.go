package search

import (
	"runtime"
	"sync"

	"jippnas/content"
	"jippnas/content/markdown"
)

// fillHits loads the documents of the page's hits, highlights the query
// terms in them, points page hits at their section, and sets the cursor
// of the next page when this one is full. With passages to find and
// processors idle, the page is shared between goroutines: reading and
// highlighting ten hits was as long as the rest of a search at 10k
// documents.
func (s *Searcher) fillHits(version uint64, res *Result, hits []hit, p *Plan) error {
	parts := 1
	if !p.NoHighlight && len(res.Terms) > 0 && s.cfg.ParallelMin >= 0 {
		idle := runtime.GOMAXPROCS(0) - int(s.running.Load()) + 1
		parts = max(1, min(idle, len(hits)/minHitsPerPart, maxScanWorkers))
	}
	filled := make([][]Hit, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := parts - 1; k >= 0; k-- {
		share := hits[k*len(hits)/parts : (k+1)*len(hits)/parts]
		if k == 0 {
			filled[k], errs[k] = s.fillShare(version, share, res.Terms, p)
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			filled[k], errs[k] = s.fillShare(version, share, res.Terms, p)
		}()
	}
	wg.Wait()
	for k := range parts {
		if errs[k] != nil {
			return errs[k]
		}
		if res.Hits == nil && parts == 1 {
			res.Hits = filled[k] // most pages: one share, not copied
			continue
		}
		res.Hits = append(res.Hits, filled[k]...)
	}
	if len(hits) > 0 && len(hits) == p.Size {
		res.NextCursor = encodeCursor(hits[len(hits)-1].sort)
	}
	return nil
}

// minHitsPerPart is how many hits a goroutine of fillHits gets at least:
// fewer do not pay for its start and its own store transaction.
const minHitsPerPart = 3

// fillShare loads and highlights hits, in their order, in one store
// transaction (for those the shown cache does not keep, at index version
// version); a hit deleted since the search ran is left out.
func (s *Searcher) fillShare(version uint64, hits []hit, terms []string, p *Plan) ([]Hit, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	withText := !p.NoHighlight
	byID, missing := s.shown.get(version, ids, withText)
	if len(missing) > 0 {
		read := s.ix.Store().ShowMany
		if !withText {
			read = s.ix.Store().CardsMany
		}
		shown, err := read(missing)
		if err != nil {
			return nil, err
		}
		for i := range shown {
			byID[shown[i].Doc.ID] = &shown[i]
		}
		s.shown.put(version, shown, withText)
	}
	var hl *highlighter
	if len(terms) > 0 && !p.NoHighlight {
		hl = newHighlighter(terms)
	}
	out := make([]Hit, 0, len(hits))
	for _, h := range hits {
		sh, ok := byID[h.id]
		if !ok {
			// Deleted after the search ran; the next catch-up drops it.
			continue
		}
		d := sh.Doc
		hit := Hit{Doc: d, Score: h.score, Highlights: map[string]string{}}
		if hl != nil {
			if snip, n := hl.snippet(d.Title, 0); n > 0 {
				hit.Highlights["title"] = snip
			}
			if snip, n := hl.snippet(d.Summary, 240); n > 0 {
				hit.Highlights["summary"] = snip
			}
			if snip, n, off := hl.bestPassage(sh.Text, 200); n > 0 {
				hit.Highlights["body"] = snip
				if d.Type != content.TypeInnovation {
					hit.Section = sectionAt(s.ix.Store().SectionsOf(*sh), off)
				}
			}
		}
		out = append(out, hit)
	}
	return out, nil
}

// sectionAt is the anchored section of a body's plain text that holds a
// byte offset.
func sectionAt(sections []markdown.Section, off int) *SectionRef {
	for _, sec := range sections {
		if off >= sec.Start && off < sec.End && sec.Anchor != "" {
			return &SectionRef{Anchor: sec.Anchor, Heading: sec.Heading}
		}
	}
	return nil
}
