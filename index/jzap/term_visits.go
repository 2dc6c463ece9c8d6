package jzap

import index "github.com/blevesearch/bleve_index_api"

// jippnas: building a segment looks each term of each document's field
// up in the field's dictionary twice: realloc to number the postings
// lists, process to append the posting. termVisits keeps what realloc
// found, in the order it visited the fields, so that process reads each
// posting's list id instead of hashing the term again: in a 100k import
// the second lookups took 3.2 s of CPU (docs/benchmarks.md, 2026-12-07,
// second session).
//
// Process accumulates a document's field of one name over all its visits
// (Bleve merges their frequencies); the ids are used only where one
// visit made the field, else process looks the terms up as before.
type termVisits struct {
	fields []visitedField
	terms  []visitedTerm
	docs   []int // index in fields of each document's first visited field
}

type visitedField struct {
	fieldID    uint16
	start, end int // in terms
}

type visitedTerm struct {
	pid uint64
	tf  *index.TokenFreq
}

func (v *termVisits) reset() {
	clear(v.terms) // drop the analysis results they point to
	v.fields, v.terms, v.docs = v.fields[:0], v.terms[:0], v.docs[:0]
}

// startDoc starts the next document's fields.
func (v *termVisits) startDoc() { v.docs = append(v.docs, len(v.fields)) }

// startField starts a visit of the current document's field.
func (v *termVisits) startField(fieldID uint16) {
	n := len(v.terms)
	v.fields = append(v.fields, visitedField{fieldID: fieldID, start: n, end: n})
}

// add records a term of the current field and its postings list id.
func (v *termVisits) add(pid uint64, tf *index.TokenFreq) {
	v.terms = append(v.terms, visitedTerm{pid, tf})
	v.fields[len(v.fields)-1].end++
}

// only returns the terms of document doc's field fieldID if one visit
// made the field and holds n terms (as many as process accumulated).
func (v *termVisits) only(doc int, fieldID uint16, n int) ([]visitedTerm, bool) {
	if doc >= len(v.docs) {
		return nil, false
	}
	end := len(v.fields)
	if doc+1 < len(v.docs) {
		end = v.docs[doc+1]
	}
	var found []visitedTerm
	seen := 0
	for _, f := range v.fields[v.docs[doc]:end] {
		if f.fieldID == fieldID {
			seen++
			found = v.terms[f.start:f.end]
		}
	}
	if seen != 1 || len(found) != n {
		return nil, false
	}
	return found, true
}
