package index

import (
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
)

// FieldLengths records, for every document, how many tokens its text and
// title fields hold, as one term per field ("text:61", "title:6"). BM25
// normalises a term's frequency by the field's length against the mean
// length over the collection; Bleve keeps each document's length only as
// the norm of its postings, and estimates the mean from the number of
// distinct terms, which for this corpus is a fraction of the real mean.
// The search package sums these terms per segment, once (see its lengths
// cache), to get the true mean.
const FieldLengths = "lengths"

// LengthFields are the fields whose lengths FieldLengths records.
var LengthFields = []string{FieldText, FieldTitle}

// LengthTerm is the FieldLengths term that records n tokens in field.
func LengthTerm(field string, n int) string { return field + ":" + strconv.Itoa(n) }

// ParseLengthTerm reads a FieldLengths term.
func ParseLengthTerm(term string) (field string, n int, ok bool) {
	field, num, found := strings.Cut(term, ":")
	if !found {
		return "", 0, false
	}
	n, err := strconv.Atoi(num)
	return field, n, err == nil && n >= 0
}

// addLengths adds the FieldLengths field to a mapped document whose text
// fields are textFields (ownTextFields). Its value
// is computed by its analyzer from the token counts of the document's
// text and title fields: scorch analyses a document's fields one after
// the other in their order, so by the time this last field is analysed
// the others have been and their counts cost nothing. Should a field not
// be analysed yet (another Bleve version), it is counted here instead.
func addLengths(doc *document.Document) {
	la := &lengthAnalyzer{}
	for _, f := range doc.Fields {
		if tf, ok := f.(*textField); ok {
			for _, name := range LengthFields {
				if tf.Name() == name {
					la.fields = append(la.fields, tf)
				}
			}
		}
	}
	doc.AddField(newTextField(FieldLengths, nil, nil, bindex.IndexField|bindex.SkipFreqNorm, la))
}

// lengthAnalyzer emits one length term per field of LengthFields.
type lengthAnalyzer struct {
	fields []*textField
}

func (a *lengthAnalyzer) Analyze([]byte) analysis.TokenStream {
	counts := make([]int, len(LengthFields))
	for _, f := range a.fields {
		n := f.AnalyzedLength()
		if !f.analysed && f.Analyzer() != nil {
			n = len(f.Analyzer().Analyze(f.Value()))
		}
		for i, name := range LengthFields {
			if f.Name() == name {
				counts[i] += n
			}
		}
	}
	ts := make(analysis.TokenStream, len(LengthFields))
	for i, name := range LengthFields {
		t := LengthTerm(name, counts[i])
		ts[i] = &analysis.Token{Term: []byte(t), Start: 0, End: len(t), Position: i + 1, Type: analysis.AlphaNumeric}
	}
	return ts
}
