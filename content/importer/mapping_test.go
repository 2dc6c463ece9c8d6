package importer

import (
	"errors"
	"jippnas/content"
	"strings"
	"testing"
)

func TestShippedMappings(t *testing.T) {
	t.Parallel()
	names := MappingNames()
	if strings.Join(names, ",") != "jippnas,kipp,lan" {
		t.Fatalf("shipped mappings: %v", names)
	}
	for _, n := range names {
		m := mustMapping(t, n)
		if m.Name != n || m.Programme == "" || len(m.RequiredColumns()) == 0 || len(m.Columns) == 0 {
			t.Errorf("%s: %+v", n, m)
		}
	}
	// LAN's mapping reads only columns LAN publishes.
	for _, c := range mustMapping(t, "lan").RequiredColumns() {
		if !strings.Contains(","+strings.Join(lanColumns, ",")+",", ","+c+",") {
			t.Errorf("lan mapping reads %q, which LAN's export does not have", c)
		}
	}
	if _, err := LoadMapping("iga"); !errors.Is(err, content.ErrNotFound) || !strings.Contains(err.Error(), "jippnas, kipp, lan") {
		t.Errorf("unknown name: %v", err)
	}
}

const validMapping = `version: 1
name: test
programme: "Uji"
source: kemendagri
id: {column: kode, prefix: "iga-"}
fields:
  title: {column: judul}
  year: {column: tahun}
  sector: {column: urusan, map: [urusan_iid]}
values:
  urusan_iid:
    "Urusan Kesehatan": kesehatan
`

func TestParseMappingErrors(t *testing.T) {
	t.Parallel()
	if _, err := ParseMapping([]byte(validMapping), "ok.yaml"); err != nil {
		t.Fatalf("valid mapping: %v", err)
	}
	cases := []struct {
		name string
		src  string
		want []string // each must appear, with its line
	}{
		{"typo in a key", strings.Replace(validMapping, "programme:", "program:", 1), []string{`bad.yaml:3:`, `unknown field "program"`}},
		{"unknown field", strings.Replace(validMapping, "  title: {column: judul}\n", "  title: {column: judul}\n  judul_lain: {column: x}\n", 1), []string{`bad.yaml:8:3: unknown field "judul_lain"`}},
		{"bad parse", strings.Replace(validMapping, "year: {column: tahun}", "year: {column: tahun, parse: tanggal}", 1), []string{`bad.yaml:8:`, `unknown parse "tanggal"`}},
		{"unknown map", strings.Replace(validMapping, "map: [urusan_iid]", "map: [urusan]", 1), []string{`bad.yaml:9:`, `unknown value map "urusan"`}},
		{"bad source", strings.Replace(validMapping, "source: kemendagri", "source: bappenas", 1), []string{`bad.yaml:4:`, `source must be one of`}},
		{"no title", strings.Replace(validMapping, "  title: {column: judul}\n", "", 1), []string{`bad.yaml:7:`, `fields.title is required`}},
		{"bad prefix", strings.Replace(validMapping, `prefix: "iga-"`, `prefix: "IGA "`, 1), []string{`bad.yaml:5:`, `id.prefix`}},
		{"no id", strings.Replace(validMapping, `id: {column: kode, prefix: "iga-"}`, `id: {prefix: "iga-"}`, 1), []string{`bad.yaml:5:`, `id needs column`}},
		{"version", strings.Replace(validMapping, "version: 1", "version: 2", 1), []string{`bad.yaml:1:`, `version must be 1`}},
		{"syntax", validMapping + "fields: [\n", []string{`bad.yaml:`}},
		{"column and value", strings.Replace(validMapping, "title: {column: judul}", `title: {column: judul, value: "x"}`, 1), []string{`bad.yaml:7:`, `not both`}},
		{"list parse on year", strings.Replace(validMapping, "year: {column: tahun}", "year: {column: tahun, parse: list}", 1), []string{`bad.yaml:8:`, `holds a year`}},
		{"unknown keep on sector", strings.Replace(validMapping, "map: [urusan_iid]", "map: [urusan_iid], unknown: keep", 1), []string{`bad.yaml:9:`, `takes only known values`}},
		{"builtin map redefined", validMapping + "  sectors: {a: b}\n", []string{`built-in value map`}},
		{"duplicate key", validMapping + "name: again\n", []string{`bad.yaml:`}},
		{"bad list", validMapping + "columns:\n  - {name: judul, list: warna}\n", []string{`unknown list "warna"`}},
		{"undocumented column", validMapping + "columns:\n  - {name: judul}\n", []string{`column "kode" is used (id) but not documented`}},
		{"body and field", strings.Replace(validMapping, "  title: {column: judul}\n", "  title: {column: judul}\n  body: {column: isi}\n", 1) + "body:\n  - {heading: A, column: b}\n", []string{`fields.body or as body: sections, not both`}},
		{"not a mapping", "- a\n- b\n", []string{`bad.yaml:`}},
		{"empty", "", []string{`version must be 1`, `name is required`}},
	}
	for _, c := range cases {
		_, err := ParseMapping([]byte(c.src), "bad.yaml")
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !errors.Is(err, content.ErrInvalid) {
			t.Errorf("%s: %v is not ErrInvalid", c.name, err)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v\nwant %q", c.name, err, w)
			}
		}
	}
}

// FuzzParseMapping: each input is a YAML parse, so minimizing a new input
// takes a while; run with -fuzzminimizetime 2s to keep fuzzing.
func FuzzParseMapping(f *testing.F) {
	for _, n := range MappingNames() {
		src, _ := shippedMappings.ReadFile("mappings/" + n + ".yaml")
		f.Add(src)
	}
	f.Add([]byte(validMapping))
	f.Add([]byte("version: 1\nfields: {title: {column: [a, b, {c: d}]}}\n"))
	f.Add([]byte("&a [*a]"))
	f.Add([]byte("version: !!binary AAAA\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		m, err := ParseMapping(src, "fuzz.yaml")
		if err != nil {
			var mes MappingErrors
			if !errors.As(err, &mes) && !errors.Is(err, content.ErrInvalid) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		if m.Name == "" || m.Source == "" || len(m.Fields) == 0 {
			t.Fatalf("accepted an incomplete mapping: %+v", m)
		}
	})
}
