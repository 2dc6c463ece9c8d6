package hub

import (
	"strconv"
	"strings"

	"jippnas/content"
)

// FieldChange is one field that differs between two revisions.
type FieldChange struct {
	Field string       `json:"field"`
	Label string       `json:"label"`
	Old   string       `json:"old"`
	New   string       `json:"new"`
	Lines []LineChange `json:"lines,omitempty"` // multi-line text: a line diff
}

// LineChange is one line of a line diff.
type LineChange struct {
	Op   string `json:"op"` // "same", "removed", "added", or "skip" (Text says how many lines)
	Text string `json:"text"`
}

// docFields are the content fields a diff compares, with their Indonesian
// labels.
var docFields = []struct {
	name, label string
	get         func(content.Document) string
}{
	{"title", "Judul", func(d content.Document) string { return d.Title }},
	{"summary", "Ringkasan", func(d content.Document) string { return d.Summary }},
	{"body", "Uraian", func(d content.Document) string { return d.Body }},
	{"institution", "Instansi", func(d content.Document) string { return d.Institution }},
	{"institution_code", "Kode instansi", func(d content.Document) string { return d.InstitutionCode }},
	{"region_code", "Kode wilayah", func(d content.Document) string { return d.RegionCode }},
	{"sector", "Bidang", func(d content.Document) string { return d.Sector }},
	{"year", "Tahun", func(d content.Document) string {
		if d.Year == 0 {
			return ""
		}
		return strconv.Itoa(d.Year)
	}},
	{"published", "Tanggal terbit", func(d content.Document) string { return d.Published }},
	{"source", "Sumber", func(d content.Document) string { return d.Source }},
	{"stage", "Tahap", func(d content.Document) string { return d.Stage }},
	{"awards", "Penghargaan", func(d content.Document) string { return strings.Join(d.Awards, "\n") }},
	{"tags", "Kata kunci", func(d content.Document) string { return strings.Join(d.Tags, ", ") }},
	{"status", "Status", func(d content.Document) string { return d.Status }},
	{"url", "Tautan", func(d content.Document) string { return d.URL }},
	{"validation_status", "Status validasi sumber", func(d content.Document) string { return d.ValidationStatus }},
	{"digital", "Inovasi digital", func(d content.Document) string {
		if d.Digital {
			return "ya"
		}
		return "tidak"
	}},
	{"contact", "Kontak", func(d content.Document) string { return d.Contact }},
}

// FieldLabel is the Indonesian label of a document field.
func FieldLabel(field string) string {
	for _, f := range docFields {
		if f.name == field {
			return f.label
		}
	}
	return field
}

// ChangedFields names the content fields that differ.
func ChangedFields(a, b content.Document) []string {
	var out []string
	for _, f := range docFields {
		if f.get(a) != f.get(b) {
			out = append(out, f.name)
		}
	}
	return out
}

// Diff is a readable diff of two revisions: every changed field, with a
// line diff for the multi-line ones.
func Diff(a, b content.Document) []FieldChange {
	var out []FieldChange
	for _, f := range docFields {
		o, n := f.get(a), f.get(b)
		if o == n {
			continue
		}
		c := FieldChange{Field: f.name, Label: f.label, Old: o, New: n}
		if strings.Contains(o, "\n") || strings.Contains(n, "\n") {
			c.Lines = lineDiff(o, n, 2)
		}
		out = append(out, c)
	}
	return out
}

// maxDiffCells bounds the work of a line diff (lines × lines); bigger
// texts are shown as wholly replaced.
const maxDiffCells = 4_000_000

// lineDiff compares two texts line by line (longest common subsequence),
// keeping context lines around each change and folding longer runs of
// unchanged lines into a "skip".
func lineDiff(a, b string, context int) []LineChange {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	if a == "" {
		x = nil
	}
	if b == "" {
		y = nil
	}
	var ops []LineChange
	if len(x)*len(y) > maxDiffCells {
		for _, l := range x {
			ops = append(ops, LineChange{"removed", l})
		}
		for _, l := range y {
			ops = append(ops, LineChange{"added", l})
		}
		return ops
	}
	// lcs[i][j] is the LCS length of x[i:] and y[j:].
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			ops = append(ops, LineChange{"same", x[i]})
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, LineChange{"removed", x[i]})
			i++
		default:
			ops = append(ops, LineChange{"added", y[j]})
			j++
		}
	}
	return foldSame(ops, context)
}

// foldSame replaces runs of two or more unchanged lines farther than
// context from a change by one "skip" line.
func foldSame(ops []LineChange, context int) []LineChange {
	near := make([]bool, len(ops))
	for i, op := range ops {
		if op.Op == "same" {
			continue
		}
		for k := max(0, i-context); k <= min(len(ops)-1, i+context); k++ {
			near[k] = true
		}
	}
	var out []LineChange
	for i := 0; i < len(ops); {
		if ops[i].Op != "same" || near[i] {
			out = append(out, ops[i])
			i++
			continue
		}
		j := i
		for j < len(ops) && ops[j].Op == "same" && !near[j] {
			j++
		}
		if j-i == 1 {
			out = append(out, ops[i])
		} else {
			out = append(out, LineChange{"skip", strconv.Itoa(j - i)})
		}
		i = j
	}
	return out
}
