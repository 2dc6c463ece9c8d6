package jzap

import (
	"testing"

	index "github.com/blevesearch/bleve_index_api"
)

func TestTermVisitsOnly(t *testing.T) {
	tf := func() *index.TokenFreq { return &index.TokenFreq{} }
	var v termVisits
	// Document 0: field 1 (two terms), field 2 (one), field 1 again (one).
	v.startDoc()
	v.startField(1)
	v.add(10, tf())
	v.add(11, tf())
	v.startField(2)
	v.add(12, tf())
	v.startField(1)
	v.add(13, tf())
	// Document 1: field 2 (none), field 3 (two).
	v.startDoc()
	v.startField(2)
	v.startField(3)
	v.add(14, tf())
	v.add(10, tf())

	for _, c := range []struct {
		doc     int
		field   uint16
		n       int
		want    []uint64
		wantOK  bool
		comment string
	}{
		{0, 1, 3, nil, false, "two visits made the field: process merged them"},
		{0, 2, 1, []uint64{12}, true, "one visit"},
		{0, 2, 2, nil, false, "process accumulated another count"},
		{0, 3, 0, nil, false, "not visited in this document"},
		{1, 3, 2, []uint64{14, 10}, true, "the last document"},
		{1, 2, 0, []uint64{}, true, "a visit without terms"},
		{2, 1, 1, nil, false, "no such document"},
	} {
		got, ok := v.only(c.doc, c.field, c.n)
		if ok != c.wantOK {
			t.Errorf("%s: ok %v", c.comment, ok)
			continue
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: %d terms, want %d", c.comment, len(got), len(c.want))
			continue
		}
		for i := range got {
			if got[i].pid != c.want[i] {
				t.Errorf("%s: term %d has id %d, want %d", c.comment, i, got[i].pid, c.want[i])
			}
		}
	}
	v.reset()
	if _, ok := v.only(0, 2, 1); ok {
		t.Error("reset kept the visits")
	}
}
