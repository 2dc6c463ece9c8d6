package index

import (
	"fmt"
	"reflect"

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
// its text fields, the size Bleve's TextField computes and the one
// textField gives; it fails if a text field stays Bleve's or if the two
// disagree on the field's terms.
func FieldSizes(d content.Document, regions *refdata.Regions, body string) (names []string, bleveSize, ours []int, err error) {
	doc := document.NewDocument(d.ID)
	if err := buildMapping().MapDocument(doc, toIndexed(d, regions, body).fields()); err != nil {
		return nil, nil, nil, err
	}
	indexPositions(doc)
	var bleveFields []*document.TextField
	for _, f := range doc.Fields {
		if tf, ok := f.(*document.TextField); ok {
			bleveFields = append(bleveFields, tf)
		}
	}
	ownTextFields(doc)
	addLengths(doc)
	for i, f := range doc.Fields {
		f.Analyze()
		if _, ok := f.(*document.TextField); ok {
			return nil, nil, nil, fmt.Errorf("field %d (%s) stays Bleve's", i, f.Name())
		}
	}
	k := 0
	for _, f := range doc.Fields {
		tf, ok := f.(*textField)
		if !ok || tf.name == FieldLengths {
			continue
		}
		b := bleveFields[k]
		k++
		b.Analyze()
		if !reflect.DeepEqual(b.AnalyzedTokenFrequencies(), tf.frequencies) || b.AnalyzedLength() != tf.length {
			return nil, nil, nil, fmt.Errorf("field %s: terms differ from Bleve's", tf.name)
		}
		names, bleveSize, ours = append(names, tf.name), append(bleveSize, b.Size()), append(ours, tf.Size())
	}
	return names, bleveSize, ours, nil
}
