package hub

import (
	"strings"

	"jippnas/content"
)

// CheckItem is one thing a complete record has.
type CheckItem struct {
	Field    string `json:"field"` // a document field, or "section:NAME" for a body section
	Label    string `json:"label"` // Indonesian, as the form shows it
	Required bool   `json:"required"`
	Done     bool   `json:"done"`
}

// Completeness scores a record: required items count twice as much as
// recommended ones.
type Completeness struct {
	Score int         `json:"score"` // 0 to 100
	Items []CheckItem `json:"items"`
}

// Ready reports whether every required item is done (a record may be
// submitted).
func (c Completeness) Ready() bool {
	for _, it := range c.Items {
		if it.Required && !it.Done {
			return false
		}
	}
	return true
}

// Missing lists the items not done, required ones first.
func (c Completeness) Missing() []CheckItem {
	var req, rec []CheckItem
	for _, it := range c.Items {
		switch {
		case it.Done:
		case it.Required:
			req = append(req, it)
		default:
			rec = append(rec, it)
		}
	}
	return append(req, rec...)
}

// bodySections are the sections a profile should have, as the guide to
// writing an innovation profile asks.
var bodySections = []struct{ key, label string }{
	{"latar belakang", "Bagian “Latar Belakang”"},
	{"tujuan", "Bagian “Tujuan”"},
	{"manfaat", "Bagian “Manfaat”"},
	{"dampak", "Bagian “Dampak”"},
}

// Assess measures how complete a record is. A ministry or agency needs no
// region.
func (h *Hub) Assess(d content.Document) Completeness {
	in, known := h.reg.Lookup(d.InstitutionCode)
	national := known && !in.Local()
	items := []CheckItem{
		{Field: "title", Label: "Judul", Required: true, Done: d.Title != ""},
		{Field: "summary", Label: "Ringkasan", Required: true, Done: d.Summary != ""},
		{Field: "institution", Label: "Instansi dan unit pengampu", Required: true, Done: d.Institution != "" && known},
		{Field: "region_code", Label: "Wilayah", Required: true, Done: d.RegionCode != "" || national},
		{Field: "sector", Label: "Bidang urusan", Required: true, Done: d.Sector != ""},
		{Field: "year", Label: "Tahun", Required: true, Done: d.Year != 0},
		{Field: "stage", Label: "Tahap inovasi", Required: true, Done: d.Stage != ""},
		{Field: "body", Label: "Uraian", Required: true, Done: d.Body != ""},
	}
	headings := bodyHeadings(d.Body)
	for _, s := range bodySections {
		done := false
		for _, hd := range headings {
			if strings.Contains(hd, s.key) {
				done = true
				break
			}
		}
		items = append(items, CheckItem{Field: "section:" + strings.ReplaceAll(s.key, " ", "-"), Label: s.label, Done: done})
	}
	items = append(items,
		CheckItem{Field: "contact", Label: "Kontak", Done: d.Contact != ""},
		CheckItem{Field: "tags", Label: "Kata kunci", Done: len(d.Tags) > 0},
	)
	total, got := 0, 0
	for _, it := range items {
		w := 1
		if it.Required {
			w = 2
		}
		total += w
		if it.Done {
			got += w
		}
	}
	return Completeness{Score: got * 100 / total, Items: items}
}

// bodyHeadings returns the lowercased text of the Markdown ATX headings of
// a body.
func bodyHeadings(body string) []string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			out = append(out, strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#"))))
		}
	}
	return out
}
