package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/document"

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

// FieldSizes maps and analyses d as a batch does and returns, for each of
// its text fields, the size Bleve computes and the one sizeFields gives.
func FieldSizes(d content.Document, regions *refdata.Regions, body string) (names []string, bleveSize, ours []int, err error) {
	doc := document.NewDocument(d.ID)
	if err := buildMapping().MapDocument(doc, toIndexed(d, regions, body).fields()); err != nil {
		return nil, nil, nil, err
	}
	indexPositions(doc)
	addLengths(doc)
	var fields []*document.TextField
	for _, f := range doc.Fields {
		f.Analyze()
		if tf, ok := f.(*document.TextField); ok {
			fields = append(fields, tf)
		}
	}
	sizeFields(doc)
	for i, f := range doc.Fields {
		if _, ok := f.(*document.TextField); ok {
			return nil, nil, nil, fmt.Errorf("field %d (%s) keeps Bleve's Size", i, f.Name())
		}
	}
	for _, tf := range fields {
		names, bleveSize, ours = append(names, tf.Name()), append(bleveSize, tf.Size()), append(ours, sizedText{tf}.Size())
	}
	return names, bleveSize, ours, nil
}
