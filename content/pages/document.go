package pages

import "jippnas/content"

// Document turns a page into the document the store and index hold.
func (p Page) Document() content.Document {
	typ := content.TypeGuide
	if p.Type == content.PageNews {
		typ = content.TypeNews
	}
	year := 0
	if len(p.Published) >= 4 {
		for _, c := range p.Published[:4] {
			year = year*10 + int(c-'0')
		}
	}
	return content.Document{
		ID:        content.PageID(p.Type, p.Slug),
		Type:      typ,
		Title:     p.Title,
		Summary:   p.Summary,
		Body:      p.Body,
		Sector:    p.Sector,
		Year:      year,
		Published: p.Published,
		Updated:   p.Updated,
		Source:    content.SourceJIPPNAS,
		Tags:      p.Tags,
		Slug:      p.Slug,
		Authors:   p.Authors,
		Related:   p.Related,
	}
}
