package index

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"

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

// mapAsBatch maps d as a batch does, up to its own text fields, and returns
// the mapped document and the Bleve text fields they replaced, in order.
func mapAsBatch(d content.Document, regions *refdata.Regions, body string) (*document.Document, []*document.TextField, error) {
	doc := document.NewDocument(d.ID)
	if err := buildMapping().MapDocument(doc, toIndexed(d, regions, body).fields()); err != nil {
		return nil, nil, err
	}
	indexPositions(doc)
	var bleveFields []*document.TextField
	for _, f := range doc.Fields {
		if tf, ok := f.(*document.TextField); ok {
			bleveFields = append(bleveFields, tf)
		}
	}
	ownTextFields(doc, nil)
	return doc, bleveFields, nil
}

// FieldSizes maps and analyses d as a batch does and returns, for each of
// its text fields, the size Bleve's TextField computes and the one
// textField gives; it fails if a text field stays Bleve's or if the two
// disagree on the field's terms.
func FieldSizes(d content.Document, regions *refdata.Regions, body string) (names []string, bleveSize, ours []int, err error) {
	doc, bleveFields, err := mapAsBatch(d, regions, body)
	if err != nil {
		return nil, nil, nil, err
	}
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
		if !reflect.DeepEqual(b.AnalyzedTokenFrequencies(), tf.AnalyzedTokenFrequencies()) || b.AnalyzedLength() != tf.length {
			return nil, nil, nil, fmt.Errorf("field %s: terms differ from Bleve's", tf.name)
		}
		names, bleveSize, ours = append(names, tf.name), append(bleveSize, b.Size()), append(ours, tf.Size())
	}
	return names, bleveSize, ours, nil
}

// SharedAnalysis maps and analyses d as a batch does, its fields in their
// order or in reverse, and compares every text field's terms and length
// with the same field analysed on its own by Bleve's TextField. It returns
// how many fields took their tokens from a part of the text field.
func SharedAnalysis(d content.Document, regions *refdata.Regions, body string, reverse bool) (shared int, err error) {
	doc, alone, err := mapAsBatch(d, regions, body) // every field is a text field: alone[i] is doc.Fields[i]'s
	if err != nil {
		return 0, err
	}
	if len(alone) != len(doc.Fields) {
		return 0, fmt.Errorf("%d fields, %d of them text fields", len(doc.Fields), len(alone))
	}
	fields := slices.Clone(doc.Fields)
	if reverse {
		slices.Reverse(fields)
	}
	for _, f := range fields {
		f.Analyze()
	}
	for i, f := range doc.Fields {
		tf := f.(*textField)
		if tf.shared != nil {
			shared++
		}
		b := alone[i]
		b.Analyze()
		if !reflect.DeepEqual(b.AnalyzedTokenFrequencies(), tf.AnalyzedTokenFrequencies()) || b.AnalyzedLength() != tf.length {
			return shared, fmt.Errorf("field %s: terms differ from the field analysed alone", tf.name)
		}
	}
	return shared, nil
}

// AnalyseAsBatch maps d and analyses its fields as a batch does, and
// returns how many tokens its fields hold. It keeps nothing for comparison,
// unlike mapAsBatch: BenchmarkAnalyseDocument times it.
func AnalyseAsBatch(d content.Document, regions *refdata.Regions, body string) (int, error) {
	doc, err := analyseAsBatch(d, regions, body)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range doc.Fields {
		n += f.AnalyzedLength()
	}
	return n, nil
}

// batchFreqs is the scratch pool an index's batches share, for the
// hooks that analyse as they do.
var batchFreqs freqScratchPool

func analyseAsBatch(d content.Document, regions *refdata.Regions, body string) (*document.Document, error) {
	doc := document.NewDocument(d.ID)
	if err := buildMapping().MapDocument(doc, toIndexed(d, regions, body).fields()); err != nil {
		return nil, err
	}
	indexPositions(doc)
	ownTextFields(doc, &batchFreqs)
	addLengths(doc)
	for _, f := range doc.Fields {
		f.Analyze()
	}
	return doc, nil
}

// AnalysedBatch maps and analyses docs as a batch does, with the id field
// scorch adds: what a segment is built from (BenchmarkBuildSegment).
func AnalysedBatch(docs []content.Document, regions *refdata.Regions) ([]bindex.Document, error) {
	out := make([]bindex.Document, len(docs))
	for i, d := range docs {
		doc, err := analyseAsBatch(d, regions, d.Body)
		if err != nil {
			return nil, err
		}
		doc.AddIDField()
		doc.VisitFields(func(f bindex.Field) {
			if f.Name() == "_id" {
				f.Analyze()
			}
		})
		out[i] = doc
	}
	return out, nil
}
