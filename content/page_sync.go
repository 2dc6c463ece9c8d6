package content

import "fmt"

// SyncPages makes the page documents in the store equal to pages: new and
// changed pages are written (unchanged ones keep their revision), and page
// documents whose file is gone are deleted. It returns how many documents
// changed.
func SyncPages(s *Store, pages []Page) (int, error) {
	want := make(map[string]bool, len(pages))
	docs := make([]Document, 0, len(pages))
	for _, p := range pages {
		d := p.Document()
		want[d.ID] = true
		docs = append(docs, d)
	}
	before := s.LastSeq()
	// Pages are independent: chunks keep each transaction small.
	for start := 0; start < len(docs); start += 100 {
		if err := s.putSplitting(docs[start:min(start+100, len(docs))]); err != nil {
			return 0, fmt.Errorf("sync pages: %w", err)
		}
	}
	var stale []string
	if _, err := s.EachPrefix(PageGuide.Folder()+":", func(d Document) error {
		if !want[d.ID] {
			stale = append(stale, d.ID)
		}
		return nil
	}); err != nil {
		return 0, err
	}
	if _, err := s.EachPrefix(PageNews.Folder()+":", func(d Document) error {
		if !want[d.ID] {
			stale = append(stale, d.ID)
		}
		return nil
	}); err != nil {
		return 0, err
	}
	for _, id := range stale {
		if err := s.Delete(id); err != nil {
			return 0, fmt.Errorf("sync pages: delete %s: %w", id, err)
		}
	}
	return int(s.LastSeq() - before), nil
}
