package content

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Provenance is one source a record's content came from: the programme
// that reported it, the id the record has there, the jippnas record it
// came in as, and the import batch that last brought it, with when. A
// record built on the hub has one entry for the hub itself. After a merge
// the canonical record lists every source it was merged from, and Fields
// says which source gave which field.
//
// Provenance is managed by the program: imports and merges set it, every
// other write keeps the stored one (a client cannot rewrite where a record
// came from), so it is versioned with the content, revision by revision.
type Provenance struct {
	Source    string `json:"source"`              // panrb, kemendagri, lan or jippnas
	Programme string `json:"programme,omitempty"` // "Kementerian PANRB — KIPP"
	SourceID  string `json:"source_id,omitempty"` // the record's id in the source programme
	Record    string `json:"record,omitempty"`    // the jippnas record it was imported as
	Year      int    `json:"year,omitempty"`      // the year the source reports the innovation for
	Batch     string `json:"batch,omitempty"`     // the import batch that last brought it ("" for the hub)
	At        string `json:"at,omitempty"`        // when (RFC 3339, UTC)
	// Fields, after a merge, are the fields of the record that come from
	// this source. Empty otherwise: then the whole record does.
	Fields []string `json:"fields,omitempty"`
}

// Provenance limits.
const (
	MaxProvenance = 20
	maxProvText   = 200
)

// ProgrammeLabels are the programmes' names as provenance shows them when
// an import does not name one (the mappings do: "Kementerian PANRB — KIPP").
var ProgrammeLabels = []Label{
	{SourcePANRB, "Kementerian PANRB — KIPP"},
	{SourceKemendagri, "Kemendagri — IGA"},
	{SourceLAN, "LAN — Laboratorium Inovasi"},
	{SourceJIPPNAS, "Hub JIPPNAS"},
}

// Label is the entry as the profile shows it: "Kementerian PANRB — KIPP 2019".
func (p Provenance) Label() string {
	name := p.Programme
	if name == "" {
		name = LabelOf(ProgrammeLabels, p.Source)
	}
	if p.Year != 0 {
		name += " " + strconv.Itoa(p.Year)
	}
	return name
}

// SameOrigin reports whether two entries describe the same source record:
// the same programme and source id, or (without a source id) the same
// jippnas record of the same programme.
func (p Provenance) SameOrigin(q Provenance) bool {
	if p.Source != q.Source {
		return false
	}
	if p.SourceID != "" || q.SourceID != "" {
		return p.SourceID == q.SourceID
	}
	return p.Record == q.Record
}

// ProvenanceSources are the distinct programmes of a record: its
// provenance's, or its own source when it has none.
func (d *Document) ProvenanceSources() []string {
	var out []string
	for _, p := range d.Provenance {
		if !slices.Contains(out, p.Source) {
			out = append(out, p.Source)
		}
	}
	if len(out) == 0 && d.Source != "" {
		out = append(out, d.Source)
	}
	return out
}

// ProvenanceOrDefault is a record's provenance, or, for a record stored
// before provenance was kept, one entry made from its source and year.
func (d *Document) ProvenanceOrDefault() []Provenance {
	if len(d.Provenance) > 0 || d.Source == "" {
		return d.Provenance
	}
	return []Provenance{{Source: d.Source, Record: d.ID, Year: d.Year}}
}

// checkProvenance validates the provenance entries.
func checkProvenance(e *ValidationError, list []Provenance) {
	if len(list) > MaxProvenance {
		e.add("provenance", "at most %d entries", MaxProvenance)
		return
	}
	for i, p := range list {
		bad := func(format string, args ...any) {
			e.add("provenance", "entry %d: %s", i+1, fmt.Sprintf(format, args...))
		}
		switch {
		case !hasLabel(Sources, p.Source):
			bad("unknown source %q (want panrb, kemendagri, lan or jippnas)", p.Source)
		case p.Record != "" && !ValidID(p.Record):
			bad("record %q is not a document id", p.Record)
		case p.Year != 0 && (p.Year < 1945 || p.Year > 2200):
			bad("year %d is out of range", p.Year)
		case len(p.Fields) > 40:
			bad("too many fields")
		}
		for _, s := range []string{p.Programme, p.SourceID, p.Batch, p.At} {
			if len(s) > maxProvText || !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
				bad("a text is longer than %d bytes or not valid text", maxProvText)
				break
			}
		}
	}
}
