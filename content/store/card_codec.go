package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	"jippnas/content"
	"jippnas/content/markdown"
)

// A card is read for every hit of every list of results, and JSON decoding
// was most of that read. The binary form writes the fields in a fixed
// order: strings and lists length-first, numbers as varints. Decoding
// copies the value into one string and slices every string field from it:
// one allocation for the strings of a card. TestCardCodecCoversEveryField
// fails when a field of Document, Provenance or Section is added here
// without being added to the codec.

var errCardTruncated = errors.New("card value truncated")

func appendCard(b []byte, c card) []byte {
	d := &c.Doc
	for _, s := range []string{d.ID, d.Type, d.Title, d.Summary, d.Body, d.Institution, d.InstitutionCode,
		d.RegionCode, d.Sector} {
		b = appendString(b, s)
	}
	b = binary.AppendVarint(b, int64(d.Year))
	for _, s := range []string{d.Published, d.Source, d.Stage} {
		b = appendString(b, s)
	}
	b = appendStrings(b, d.Awards)
	b = appendStrings(b, d.Tags)
	for _, s := range []string{d.Status, d.URL, d.ValidationStatus} {
		b = appendString(b, s)
	}
	digital := byte(0)
	if d.Digital {
		digital = 1
	}
	b = append(b, digital)
	b = appendString(b, d.Contact)
	b = appendString(b, d.Slug)
	b = appendStrings(b, d.Authors)
	b = appendStrings(b, d.Related)
	b = appendString(b, d.Updated)
	b = binary.AppendUvarint(b, uint64(len(d.Provenance)))
	for _, p := range d.Provenance {
		for _, s := range []string{p.Source, p.Programme, p.SourceID, p.Record} {
			b = appendString(b, s)
		}
		b = binary.AppendVarint(b, int64(p.Year))
		b = appendString(b, p.Batch)
		b = appendString(b, p.At)
		b = appendStrings(b, p.Fields)
	}
	b = binary.AppendUvarint(b, d.Revision)
	b = appendString(b, d.UpdatedAt)
	b = binary.AppendUvarint(b, uint64(len(c.Sections)))
	for _, s := range c.Sections {
		b = appendString(b, s.Anchor)
		b = appendString(b, s.Heading)
		b = binary.AppendVarint(b, int64(s.Start))
		b = binary.AppendVarint(b, int64(s.End))
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

// cardReader reads a binary card from s; the first error sticks.
type cardReader struct {
	s   string
	i   int
	err error
}

func (r *cardReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	var x uint64
	for shift := 0; ; shift += 7 {
		if r.i >= len(r.s) {
			r.err = errCardTruncated
			return 0
		}
		c := r.s[r.i]
		r.i++
		if shift == 63 && c > 1 {
			r.err = fmt.Errorf("card value: varint overflows at byte %d", r.i)
			return 0
		}
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x
		}
	}
}

func (r *cardReader) varint() int64 {
	u := r.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// int reads a varint that must fit an int.
func (r *cardReader) int() int {
	v := r.varint()
	if int64(int(v)) != v && r.err == nil {
		r.err = fmt.Errorf("card value: %d out of range at byte %d", v, r.i)
	}
	return int(v)
}

// count reads a list's length, each element taking at least min bytes.
func (r *cardReader) count(min int) int {
	n := r.uvarint()
	if r.err == nil && n > uint64((len(r.s)-r.i)/min) {
		r.err = fmt.Errorf("card value: a list of %d at byte %d is longer than the value", n, r.i)
	}
	if r.err != nil {
		return 0
	}
	return int(n)
}

func (r *cardReader) string() string {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.s)-r.i) {
		r.err = errCardTruncated
	}
	if r.err != nil {
		return ""
	}
	v := r.s[r.i : r.i+int(n)]
	r.i += int(n)
	return v
}

func (r *cardReader) strings() []string {
	return readList(r, 1, func(s *string) { *s = r.string() })
}

// readList reads a list whose elements take at least min bytes each, each
// with read; an empty list is nil, as JSON decoding left it.
func readList[T any](r *cardReader, min int, read func(*T)) []T {
	n := r.count(min)
	if n == 0 {
		return nil
	}
	out := make([]T, n)
	for k := range out {
		read(&out[k])
	}
	return out
}

func (r *cardReader) byte() byte {
	if r.err == nil && r.i >= len(r.s) {
		r.err = errCardTruncated
	}
	if r.err != nil {
		return 0
	}
	c := r.s[r.i]
	r.i++
	return c
}

// decodeCard reads a card appendCard wrote. A card decodes to what its
// JSON form decoded to: empty lists are nil.
func decodeCard(v []byte) (card, error) {
	r := &cardReader{s: string(v)}
	var c card
	d := &c.Doc
	for _, f := range []*string{&d.ID, &d.Type, &d.Title, &d.Summary, &d.Body, &d.Institution, &d.InstitutionCode,
		&d.RegionCode, &d.Sector} {
		*f = r.string()
	}
	d.Year = r.int()
	for _, f := range []*string{&d.Published, &d.Source, &d.Stage} {
		*f = r.string()
	}
	d.Awards = r.strings()
	d.Tags = r.strings()
	for _, f := range []*string{&d.Status, &d.URL, &d.ValidationStatus} {
		*f = r.string()
	}
	switch r.byte() {
	case 0:
	case 1:
		d.Digital = true
	default:
		if r.err == nil {
			r.err = fmt.Errorf("card value: not a boolean at byte %d", r.i)
		}
	}
	d.Contact = r.string()
	d.Slug = r.string()
	d.Authors = r.strings()
	d.Related = r.strings()
	d.Updated = r.string()
	d.Provenance = readList(r, 9, func(p *content.Provenance) { // nine bytes at least
		p.Source, p.Programme, p.SourceID, p.Record = r.string(), r.string(), r.string(), r.string()
		p.Year = r.int()
		p.Batch, p.At = r.string(), r.string()
		p.Fields = r.strings()
	})
	d.Revision = r.uvarint()
	d.UpdatedAt = r.string()
	c.Sections = readList(r, 4, func(s *markdown.Section) { // four bytes at least
		s.Anchor, s.Heading = r.string(), r.string()
		s.Start, s.End = r.int(), r.int()
	})
	if r.err == nil && r.i != len(r.s) {
		r.err = fmt.Errorf("card value: %d bytes after the card", len(r.s)-r.i)
	}
	if r.err != nil {
		return card{}, r.err
	}
	return c, nil
}
