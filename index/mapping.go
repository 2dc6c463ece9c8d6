package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/mapping"

	"jippnas/analyzers"
)

// SchemaVersion changes whenever the mapping, the analysis or the indexed
// form of a document (its segment format included) changes. An index
// built under another version is rebuilt from the store, while searches go
// on against the old one. 17: jzap version 2 segments.
const SchemaVersion = "17"

// lowerKeyword indexes a whole value as one lowercased term.
const lowerKeyword = "lower_keyword"

// Indexed field names.
const (
	FieldType        = "type"
	FieldTitle       = "title"
	FieldTitleExact  = "title_exact"
	FieldSummary     = "summary"
	FieldText        = "text"
	FieldInstitution = "institution" // lowercased keyword, innovations only: counts institutions
	FieldTags        = "tags"
	FieldProvince    = "province"
	FieldRegion      = "region"
	FieldSector      = "sector"
	FieldYear        = "year"
	FieldPublished   = "published" // YYYY-MM-DD, a keyword: sorts as text
	FieldSource      = "source"
	FieldStage       = "stage"
	FieldStatus      = "status"
	FieldAward       = "award"
	FieldValidation  = "validation"
)

// Free text is matched in one field, text: the title, summary, plain body
// and the names a document carries (institution, tags, region, sector,
// awards), as separate values so that a phrase never spans two of them
// (indexed as far-apart parts of one value: positions.go).
// One field, not one per source field, because a search costs what its term
// queries visit: a word looked up in four fields visits four postings lists
// and merges them. The title and the summary are indexed once more on their
// own, so that a word found there can add to the score (see the search
// package's scoring), which is what ranks a title match first.

// FieldLengths is not in the mapping: the batcher adds it to each mapped
// document (lengths.go).

// buildMapping is explicit: no dynamic fields, nothing stored (results are
// read from the store, which is the source of truth), doc values only where
// facets and sorting need them.
func buildMapping() mapping.IndexMapping {
	text := func(analyzer string, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = vectors
		f.DocValues = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = true
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	// Term vectors (positions) only where phrase queries run.
	doc.AddFieldMappingsAt(FieldTitle, text(analyzers.AnalyzerName, false))
	doc.AddFieldMappingsAt(FieldTitleExact, text(analyzers.ExactAnalyzerName, true))
	doc.AddFieldMappingsAt(FieldSummary, text(analyzers.AnalyzerName, false))
	doc.AddFieldMappingsAt(FieldText, text(analyzers.AnalyzerName, true))
	doc.AddFieldMappingsAt(FieldTags, text(analyzers.AnalyzerName, false))
	// The year and the publication date are keywords, not numbers or dates:
	// fixed-width text sorts and ranges like the number, and Bleve indexes a
	// number or a date as 16 shifted terms plus their doc values, which at
	// 10k documents was 6 % of the index (docs/benchmarks.md).
	for _, f := range []string{FieldType, FieldProvince, FieldRegion, FieldSector, FieldYear, FieldSource,
		FieldStage, FieldStatus, FieldAward, FieldValidation, FieldPublished} {
		doc.AddFieldMappingsAt(f, kw())
	}
	inst := kw()
	inst.Analyzer, inst.DocValues = lowerKeyword, false
	doc.AddFieldMappingsAt(FieldInstitution, inst)
	// No _all field: every field is excluded from it, but Bleve would still
	// add it to each document, holding the fields added after mapping
	// (FieldLengths) with term vectors.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	im := bleve.NewIndexMapping()
	// Cannot fail: both components are registered by Bleve itself.
	_ = im.AddCustomAnalyzer(lowerKeyword, map[string]any{
		"type": custom.Name, "tokenizer": single.Name, "token_filters": []string{lowercase.Name}})
	im.DefaultMapping = doc
	im.DefaultAnalyzer = analyzers.AnalyzerName
	im.ScoringModel = "bm25"
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	im.DefaultField = FieldText
	return im
}
