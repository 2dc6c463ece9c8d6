package content

import "strings"

// PageID is the document id of a page: its folder and slug, the same form
// as an internal link ("panduan:replikasi-inovasi").
func PageID(t PageType, slug string) string { return t.Folder() + ":" + slug }

// PageRef splits a page document id into type and slug.
func PageRef(id string) (PageType, string, bool) {
	folder, slug, ok := strings.Cut(id, ":")
	if !ok {
		return "", "", false
	}
	t, ok := PageTypeForFolder(folder)
	return t, slug, ok
}

// Document turns a page into the document the store and index hold.
func (p Page) Document() Document {
	typ := TypeGuide
	if p.Type == PageNews {
		typ = TypeNews
	}
	year := 0
	if len(p.Published) >= 4 {
		for _, c := range p.Published[:4] {
			year = year*10 + int(c-'0')
		}
	}
	return Document{
		ID:        PageID(p.Type, p.Slug),
		Type:      typ,
		Title:     p.Title,
		Summary:   p.Summary,
		Body:      p.Body,
		Sector:    p.Sector,
		Year:      year,
		Published: p.Published,
		Updated:   p.Updated,
		Source:    SourceJIPPNAS,
		Tags:      p.Tags,
		Slug:      p.Slug,
		Authors:   p.Authors,
		Related:   p.Related,
	}
}
