package content

import (
	"net/url"
	"strings"
)

// Public website paths. They are part of the contract with other portals
// (links in API answers, sitemaps, feeds), so they are built here only.
const (
	PathInnovations = "/inovasi"
	PathGuides      = "/panduan"
	PathNews        = "/berita"
)

// Path is the website path of a document: /inovasi/ID, /panduan/SLUG or
// /berita/SLUG.
func (d Document) Path() string {
	switch d.Type {
	case TypeGuide:
		return PathGuides + "/" + url.PathEscape(d.PageSlug())
	case TypeNews:
		return PathNews + "/" + url.PathEscape(d.PageSlug())
	}
	return PathInnovations + "/" + url.PathEscape(d.ID)
}

// PageSlug is the slug of a guide or news document (its id after the
// folder: "panduan:replikasi-inovasi" → "replikasi-inovasi").
func (d Document) PageSlug() string {
	if d.Slug != "" {
		return d.Slug
	}
	_, slug, _ := strings.Cut(d.ID, ":")
	return slug
}

// LinkTarget maps an internal Markdown link ("inovasi", "panduan" or
// "berita" and an id or slug) to the document id it names and that
// document's website path.
func LinkTarget(kind, target string) (id, path string, ok bool) {
	switch kind {
	case "inovasi":
		return target, PathInnovations + "/" + url.PathEscape(target), true
	case PageGuide.Folder():
		return PageID(PageGuide, target), PathGuides + "/" + url.PathEscape(target), true
	case PageNews.Folder():
		return PageID(PageNews, target), PathNews + "/" + url.PathEscape(target), true
	}
	return "", "", false
}
