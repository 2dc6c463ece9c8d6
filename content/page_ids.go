package content

import "strings"

// PageType is the kind of a Markdown page; it is decided by the folder the
// file lives in (panduan → guide, berita → news), never by the front matter.
type PageType string

// Page types.
const (
	PageGuide PageType = "guide"
	PageNews  PageType = "news"
)

// Folder returns the content folder (and URL segment) of the page type:
// "panduan" for guides, "berita" for news.
func (t PageType) Folder() string {
	switch t {
	case PageGuide:
		return "panduan"
	case PageNews:
		return "berita"
	}
	return ""
}

// PageTypeForFolder maps a content folder name to its page type.
func PageTypeForFolder(folder string) (PageType, bool) {
	switch folder {
	case "panduan":
		return PageGuide, true
	case "berita":
		return PageNews, true
	}
	return "", false
}

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
