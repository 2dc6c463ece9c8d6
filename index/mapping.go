package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"jippnas/analyzers"
)

// SchemaVersion changes whenever the mapping, the analysis or the indexed
// form of a document changes. An index built under another version is
// rebuilt from the store, while searches go on against the old one.
const SchemaVersion = "8"

// Indexed field names.
const (
	fieldType        = "type"
	fieldTitle       = "title"
	fieldTitleExact  = "title_exact"
	fieldSummary     = "summary"
	fieldBody        = "body"
	fieldInstitution = "institution"
	fieldTags        = "tags"
	fieldMeta        = "meta"
	fieldProvince    = "province"
	fieldRegion      = "region"
	fieldSector      = "sector"
	fieldYear        = "year"
	fieldYearNum     = "year_num"
	fieldPublished   = "published"
	fieldSource      = "source"
	fieldStage       = "stage"
	fieldStatus      = "status"
	fieldAward       = "award"
	fieldValidation  = "validation"
)

// textFields are searched by free text, with their boosts: the title counts
// most, then the summary, then the body; meta carries the institution,
// tags, region, sector and award names, so that "Disdukcapil Sleman" or
// "Banyuwangi" finds the records of that body or regency. Four fields, not
// one per source field: every query term becomes one term query per field,
// and that count is what a search costs.
var textFields = []struct {
	name  string
	boost float64
}{
	{fieldTitle, 4},
	{fieldSummary, 2},
	{fieldBody, 1},
	{fieldMeta, 1},
}

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
	num := bleve.NewNumericFieldMapping()
	num.Store, num.IncludeInAll, num.DocValues = false, false, true
	date := bleve.NewDateTimeFieldMapping()
	date.Store, date.IncludeInAll, date.DocValues = false, false, true

	doc := bleve.NewDocumentStaticMapping()
	// Term vectors (positions) only where phrase queries run.
	doc.AddFieldMappingsAt(fieldTitle, text(analyzers.AnalyzerName, true))
	doc.AddFieldMappingsAt(fieldTitleExact, text(analyzers.ExactAnalyzerName, true))
	doc.AddFieldMappingsAt(fieldSummary, text(analyzers.AnalyzerName, true))
	doc.AddFieldMappingsAt(fieldBody, text(analyzers.AnalyzerName, true))
	doc.AddFieldMappingsAt(fieldInstitution, text(analyzers.AnalyzerName, false))
	doc.AddFieldMappingsAt(fieldTags, text(analyzers.AnalyzerName, false))
	doc.AddFieldMappingsAt(fieldMeta, text(analyzers.AnalyzerName, false))
	for _, f := range []string{fieldType, fieldProvince, fieldRegion, fieldSector, fieldYear, fieldSource,
		fieldStage, fieldStatus, fieldAward, fieldValidation} {
		doc.AddFieldMappingsAt(f, kw())
	}
	doc.AddFieldMappingsAt(fieldYearNum, num)
	doc.AddFieldMappingsAt(fieldPublished, date)

	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = analyzers.AnalyzerName
	im.ScoringModel = "bm25"
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	im.DefaultField = fieldBody
	return im
}
