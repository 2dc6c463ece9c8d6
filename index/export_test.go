package index

import (
	"jippnas/content"
	"jippnas/content/refdata"
)

// MarkSchema records another schema version in the live generation, as an
// index built by an older program would carry.
func MarkSchema(ix *Index, version string) error {
	g := ix.acquire()
	defer g.release()
	return g.idx.SetInternal(internalSchema, []byte(version))
}

// IndexedText is the values of the text field of d, as indexed.
func IndexedText(d content.Document, regions *refdata.Regions, body string) []string {
	return toIndexed(d, regions, body).Text
}
