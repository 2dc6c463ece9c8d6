package hub

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"

	"jippnas/content"
)

// Provenance bookkeeping. A record's provenance (content.Provenance) is
// versioned with its content: every working revision carries the list as
// it was for that content. With one entry, that source gave the whole
// record. With several (a merge, or an imported record edited on the
// hub), each entry's Fields name the fields it gave; between them they
// name every content field once or more.

// provFields are the content fields provenance attributes: the fields the
// merge queue chooses between.
func provFields() []string {
	out := make([]string, len(mergeFields))
	for i, f := range mergeFields {
		out[i] = f.name
	}
	return out
}

// changedProvFields names the provenance fields whose values differ.
func changedProvFields(a, b content.Document) []string {
	var out []string
	for _, f := range mergeFields {
		if f.value(a) != f.value(b) {
			out = append(out, f.name)
		}
	}
	return out
}

// cloneProvenance deep-copies a provenance list.
func cloneProvenance(list []content.Provenance) []content.Provenance {
	out := slices.Clone(list)
	for i := range out {
		out[i].Fields = slices.Clone(out[i].Fields)
	}
	return out
}

// owners says which entries of a provenance list gave each field.
func owners(list []content.Provenance) map[string][]int {
	own := map[string][]int{}
	if len(list) == 0 {
		return own
	}
	attributed := slices.ContainsFunc(list, func(p content.Provenance) bool { return len(p.Fields) > 0 })
	for _, f := range provFields() {
		if len(list) > 1 && attributed {
			for i, p := range list {
				if slices.Contains(p.Fields, f) {
					own[f] = append(own[f], i)
				}
			}
		}
		if len(own[f]) == 0 {
			own[f] = []int{0} // the first source gave what no other claims
		}
	}
	return own
}

// withOwners writes an owner map into the entries' Fields (in field
// order); a single entry owns everything and names no fields.
func withOwners(list []content.Provenance, own map[string][]int) []content.Provenance {
	for i := range list {
		list[i].Fields = nil
		if len(list) == 1 {
			continue
		}
		for _, f := range provFields() {
			if slices.Contains(own[f], i) {
				list[i].Fields = append(list[i].Fields, f)
			}
		}
	}
	return list
}

// isHubEntry reports whether an entry stands for edits made on the hub.
func isHubEntry(p content.Provenance, id string) bool {
	return p.Source == content.SourceJIPPNAS && p.Batch == "" && p.SourceID == "" && p.Record == id
}

// hubEdit is the provenance of d, saved on the hub over prev: prev's
// entries plus the hub's own, dated now, which gets the fields the edit
// changed.
func hubEdit(prev, d content.Document, now string) []content.Provenance {
	list := cloneProvenance(prev.ProvenanceOrDefault())
	own := owners(list)
	i := slices.IndexFunc(list, func(p content.Provenance) bool { return isHubEntry(p, d.ID) })
	if i < 0 {
		list = append(list, content.Provenance{Source: content.SourceJIPPNAS, Programme: content.LabelOf(content.ProgrammeLabels, content.SourceJIPPNAS), Record: d.ID})
		i = len(list) - 1
	}
	list[i].At, list[i].Year = now, yearOf(now)
	changed := changedProvFields(prev, d)
	if prev.ID == "" {
		changed = provFields()
	}
	for _, f := range changed {
		if _, ok := own[f]; ok || prev.ID == "" {
			own[f] = []int{i}
		}
	}
	return withOwners(list, own)
}

// importedEntries are the entries an imported document brings: its own
// provenance (the mapped reader sets one; an export carries its list), or
// one made from its source, dated with the batch. An entry that already
// says when it came (an export of JIPPNAS imported again) is kept as it is.
func importedEntries(inc content.Document, batch, now string) []content.Provenance {
	in := cloneProvenance(inc.Provenance)
	if len(in) == 0 {
		in = []content.Provenance{{Source: inc.Source}}
	}
	for i := range in {
		p := &in[i]
		if p.Source == "" {
			p.Source = inc.Source
		}
		if p.Source == "" {
			// A file that names no programme: what is known is that it
			// was imported into JIPPNAS.
			p.Source, p.Programme = content.SourceJIPPNAS, "Impor JIPPNAS"
		}
		if p.Programme == "" {
			p.Programme = content.LabelOf(content.ProgrammeLabels, p.Source)
		}
		if p.Record == "" {
			p.Record = inc.ID
		}
		if p.Year == 0 {
			p.Year = inc.Year
		}
		if p.At == "" {
			p.Batch, p.At = batch, now
		}
		p.Fields = nil
	}
	return in
}

// importProvenance is the provenance of an import written over cur: the
// incoming source's entries replace their earlier versions (or join the
// list), and the fields the import changed become that source's.
func importProvenance(cur content.Document, exists bool, inc content.Document, batch, now string) []content.Provenance {
	in := importedEntries(inc, batch, now)
	if !exists {
		return in
	}
	list := cloneProvenance(cur.ProvenanceOrDefault())
	own := owners(list)
	first := -1
	for _, e := range in {
		j := slices.IndexFunc(list, func(p content.Provenance) bool { return p.SameOrigin(e) })
		if j < 0 {
			list = append(list, e)
			j = len(list) - 1
		} else {
			list[j] = e
		}
		if first < 0 {
			first = j
		}
	}
	for _, f := range changedProvFields(cur, inc) {
		if _, ok := own[f]; ok {
			own[f] = []int{first}
		}
	}
	for _, f := range provFields() {
		if len(own[f]) == 0 {
			own[f] = []int{first}
		}
	}
	return withOwners(list, own)
}

// mergeProvenance is the provenance of a merge of s into c: both lists,
// each field owned by the entries of the record whose value was chosen
// (of both, for lists merged from both).
func mergeProvenance(c, s content.Document, choice map[string]string) []content.Provenance {
	list := cloneProvenance(c.ProvenanceOrDefault())
	oc := owners(list)
	ls := s.ProvenanceOrDefault()
	os := owners(ls)
	at := make([]int, len(ls))
	for j, e := range ls {
		k := slices.IndexFunc(list, func(p content.Provenance) bool { return p.SameOrigin(e) })
		if k < 0 {
			list = append(list, e)
			k = len(list) - 1
		}
		at[j] = k
	}
	fromS := func(f string) []int {
		var out []int
		for _, j := range os[f] {
			out = append(out, at[j])
		}
		return out
	}
	own := map[string][]int{}
	for _, f := range provFields() {
		switch choice[f] {
		case ChooseSecondary:
			own[f] = fromS(f)
		case ChooseBoth:
			own[f] = append(slices.Clone(oc[f]), fromS(f)...)
		default:
			own[f] = oc[f]
		}
		slices.Sort(own[f])
		own[f] = slices.Compact(own[f])
	}
	return withOwners(list, own)
}

// contentHash identifies a document's content, without what the store
// and provenance add: two imports of the same row hash alike.
func contentHash(d content.Document) string {
	d.Provenance, d.Revision, d.UpdatedAt = nil, 0, ""
	b, _ := json.Marshal(d)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// sameImported compares two versions of a record's content, ignoring
// provenance and what the store sets.
func sameImported(a, b content.Document) bool { return contentHash(a) == contentHash(b) }

// yearOf is the year of an RFC 3339 time.
func yearOf(t string) int {
	y := 0
	for i := 0; i < len(t) && i < 4; i++ {
		if t[i] < '0' || t[i] > '9' {
			return 0
		}
		y = y*10 + int(t[i]-'0')
	}
	return y
}
