package pages

import (
	"jippnas/content"
	"jippnas/content/store"
)

// Sync makes the page documents in the store equal to pages: new and
// changed pages are written (unchanged ones keep their revision), and page
// documents whose file is gone are deleted. It returns how many documents
// changed.
func Sync(s *store.Store, pages []Page) (int, error) {
	docs := make([]content.Document, 0, len(pages))
	for _, p := range pages {
		docs = append(docs, p.Document())
	}
	return s.Replace([]string{content.PageGuide.Folder() + ":", content.PageNews.Folder() + ":"}, docs)
}
