package search

import (
	"jippnas/content"
	"jippnas/content/markdown"
	"jippnas/content/store"
)

// fillHits loads the documents of the page's hits, highlights the query
// terms in them, points page hits at their section, and sets the cursor
// of the next page when this one is full.
func (s *Searcher) fillHits(res *Result, hits []hit, p *Plan) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	read := s.ix.Store().ShowMany
	if p.NoHighlight {
		read = s.ix.Store().CardsMany
	}
	shown, err := read(ids)
	if err != nil {
		return err
	}
	byID := make(map[string]*store.Shown, len(shown))
	for i := range shown {
		byID[shown[i].Doc.ID] = &shown[i]
	}
	hl := newHighlighter(res.Terms)
	for _, h := range hits {
		sh, ok := byID[h.id]
		if !ok {
			// Deleted after the search ran; the next catch-up drops it.
			continue
		}
		d := sh.Doc
		hit := Hit{Doc: d, Score: h.score, Highlights: map[string]string{}}
		if len(res.Terms) > 0 && !p.NoHighlight {
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
		res.Hits = append(res.Hits, hit)
	}
	if len(hits) > 0 && len(hits) == p.Size {
		res.NextCursor = encodeCursor(hits[len(hits)-1].sort)
	}
	return nil
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
