package search

import (
	"jippnas/content"
)

// fillHits loads the documents of the page's hits, highlights the query
// terms in them, points page hits at their section, and sets the cursor
// of the next page when this one is full.
func (s *Searcher) fillHits(res *Result, hits []hit, p *Plan) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	docs, err := s.ix.Store().GetMany(ids)
	if err != nil {
		return err
	}
	byID := make(map[string]content.Document, len(docs))
	for _, d := range docs {
		byID[d.ID] = d
	}
	texts, err := s.ix.Store().Texts(ids)
	if err != nil {
		return err
	}
	hl := newHighlighter(res.Terms)
	for _, h := range hits {
		d, ok := byID[h.id]
		if !ok {
			// Deleted after the search ran; the next catch-up drops it.
			continue
		}
		hit := Hit{Doc: d, Score: h.score, Highlights: map[string]string{}}
		if len(res.Terms) > 0 {
			if snip, n := hl.snippet(d.Title, 0); n > 0 {
				hit.Highlights["title"] = snip
			}
			if snip, n := hl.snippet(d.Summary, 240); n > 0 {
				hit.Highlights["summary"] = snip
			}
			if snip, n, off := hl.bestPassage(texts[d.ID], 200); n > 0 {
				hit.Highlights["body"] = snip
				if d.Type != content.TypeInnovation {
					hit.Section = s.sectionAt(d.Body, off)
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

// sectionAt maps a byte offset in the plain text of a Markdown body to the
// section that holds it.
func (s *Searcher) sectionAt(markdown string, off int) *SectionRef {
	_, sections := s.cfg.Markdown.PlainText([]byte(markdown))
	for _, sec := range sections {
		if off >= sec.Start && off < sec.End && sec.Anchor != "" {
			return &SectionRef{Anchor: sec.Anchor, Heading: sec.Heading}
		}
	}
	return nil
}
