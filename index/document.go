package index

import (
	"strconv"
	"strings"
	"time"

	"jippnas/content"
	"jippnas/content/refdata"
)

// indexedDoc is the form of a document Bleve sees (through fields()). It is derived from the
// stored document and the reference tables only, so a rebuild reproduces it.
type indexedDoc struct {
	Type        string
	Title       string
	TitleExact  string
	Summary     string
	Text        []string // body, title, summary, names: one value each
	Institution string
	Tags        []string
	Province    string
	Region      string
	Sector      string
	Year        string // four digits (content holds years to 1945 and later)
	Published   string // YYYY-MM-DD
	Source      string
	Stage       string
	Status      string
	Award       []string
	Validation  string
}

// fields is the map Bleve indexes. Empty keyword values are left out:
// Bleve would otherwise index "" as a term and count it in facets.
func (x indexedDoc) fields() map[string]any {
	m := map[string]any{
		FieldType: x.Type, FieldTitle: x.Title, FieldTitleExact: x.TitleExact, FieldSummary: x.Summary,
		FieldText: x.Text,
	}
	if len(x.Tags) > 0 {
		m[FieldTags] = x.Tags
	}
	if len(x.Award) > 0 {
		m[FieldAward] = x.Award
	}
	for k, v := range map[string]string{FieldInstitution: x.Institution, FieldProvince: x.Province, FieldRegion: x.Region, FieldSector: x.Sector,
		FieldYear: x.Year, FieldSource: x.Source, FieldStage: x.Stage, FieldStatus: x.Status, FieldValidation: x.Validation,
		FieldPublished: x.Published} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// toIndexed derives the indexed form; body is the plain text of the
// Markdown body (never HTML), as the store keeps it.
func toIndexed(d content.Document, regions *refdata.Regions, body string) indexedDoc {
	x := indexedDoc{
		Type:       d.Type,
		Title:      d.Title,
		TitleExact: d.Title,
		Summary:    d.Summary,
		Tags:       d.Tags,
		Sector:     d.Sector,
		Source:     d.Source,
		Stage:      d.Stage,
		Status:     d.Status,
		Award:      d.Awards,
		Validation: d.ValidationStatus,
	}
	if d.Type == content.TypeInnovation {
		x.Institution = strings.TrimSpace(d.Institution)
	}
	meta := []string{d.Institution}
	meta = append(meta, d.Tags...)
	if d.RegionCode != "" {
		x.Province = d.ProvinceCode()
		if x.Province != d.RegionCode {
			x.Region = d.RegionCode
		}
		if r, ok := regions.Lookup(d.RegionCode); ok {
			meta = append(meta, r.Name)
		}
		if x.Region != "" {
			if p, ok := regions.Lookup(x.Province); ok {
				meta = append(meta, p.Name)
			}
		}
	}
	if s, ok := refdata.SectorBySlug(d.Sector); ok {
		meta = append(meta, s.Name)
	}
	meta = append(meta, d.Awards...)
	// The body is the first value: the values are indexed as parts of one
	// (positions.go), and the first part's positions are the smallest, one
	// or two bytes of varint each where the later parts' take three; the
	// body holds most of the words. Which value comes first changes nothing
	// a search reads: the lead takes the smallest position within a part,
	// and phrases stay within one part.
	for _, v := range []string{body, d.Title, d.Summary, strings.Join(meta, ". ")} {
		if strings.TrimSpace(v) != "" {
			x.Text = append(x.Text, v)
		}
	}
	if d.Year != 0 {
		x.Year = strconv.Itoa(d.Year)
	}
	if t, err := time.Parse(time.DateOnly, d.Published); err == nil {
		x.Published = t.Format(time.DateOnly)
	} else if d.Year != 0 {
		x.Published = strconv.Itoa(d.Year) + "-01-01"
	}
	return x
}
