package index

import (
	"github.com/blevesearch/bleve/v2/search"

	"jippnas/content"
)

// HitDocuments loads the stored documents of search hits, by id, in one
// store read. A hit whose document was deleted after the search ran is
// simply absent.
func (ix *Index) HitDocuments(hits search.DocumentMatchCollection) (map[string]content.Document, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	docs, err := ix.store.GetMany(ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]content.Document, len(docs))
	for _, d := range docs {
		byID[d.ID] = d
	}
	return byID, nil
}
