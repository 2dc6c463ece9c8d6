package importer

import (
	"embed"
	"errors"
	"fmt"
	"jippnas/content"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	yaml "github.com/goccy/go-yaml"
	yast "github.com/goccy/go-yaml/ast"
	yparser "github.com/goccy/go-yaml/parser"
)

// The shipped mappings, addressable by name.
//
//go:embed mappings/*.yaml
var shippedMappings embed.FS

// MappingNames lists the names of the shipped mappings.
func MappingNames() []string {
	ents, _ := shippedMappings.ReadDir("mappings")
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(out)
	return out
}

// MappingError is a problem in a mapping file, at a line and column.
type MappingError struct {
	File    string
	Line    int
	Column  int
	Message string
}

func (e *MappingError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

func (e *MappingError) Is(target error) bool { return target == content.ErrInvalid }

// MappingErrors is every problem of a mapping file at once.
type MappingErrors []*MappingError

func (es MappingErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

func (es MappingErrors) Is(target error) bool { return target == content.ErrInvalid }

// LoadMapping returns a shipped mapping by name ("lan", "jippnas", "kipp")
// or reads a mapping file from a path.
func LoadMapping(nameOrPath string) (*Mapping, error) {
	if !strings.ContainsAny(nameOrPath, `/\.`) {
		src, err := shippedMappings.ReadFile("mappings/" + nameOrPath + ".yaml")
		if err != nil {
			return nil, fmt.Errorf("no shipped mapping %q (shipped: %s; or give a mapping file's path): %w",
				nameOrPath, strings.Join(MappingNames(), ", "), content.ErrNotFound)
		}
		return ParseMapping(src, nameOrPath+".yaml")
	}
	src, err := os.ReadFile(nameOrPath)
	if err != nil {
		return nil, err
	}
	return ParseMapping(src, filepath.Base(nameOrPath))
}

// maxMappingSize bounds a mapping file: value maps may be long, but not
// megabytes.
const maxMappingSize = 4 << 20

// Raw YAML shapes. Unknown keys are errors (a typo must not be ignored).
type rawMapping struct {
	Version   int                          `yaml:"version"`
	Name      string                       `yaml:"name"`
	Programme string                       `yaml:"programme"`
	Source    string                       `yaml:"source"`
	Type      string                       `yaml:"type"`
	Sheet     string                       `yaml:"sheet"`
	HeaderRow int                          `yaml:"header_row"`
	ID        rawID                        `yaml:"id"`
	Fields    map[string]rawField          `yaml:"fields"`
	Region    rawRegion                    `yaml:"region"`
	Body      []rawSection                 `yaml:"body"`
	Values    map[string]map[string]string `yaml:"values"`
	Columns   []rawColumnDoc               `yaml:"columns"`
}

type rawID struct {
	Column string    `yaml:"column"`
	Prefix string    `yaml:"prefix"`
	Hash   columnRef `yaml:"hash"`
}

type rawField struct {
	Column    columnRef `yaml:"column"`
	Value     *string   `yaml:"value"`
	Parse     string    `yaml:"parse"`
	HTML      bool      `yaml:"html"`
	Map       columnRef `yaml:"map"`
	Unknown   string    `yaml:"unknown"`
	Split     string    `yaml:"split"`
	MaxLength int       `yaml:"max_length"`
	Optional  bool      `yaml:"optional"`
}

type rawRegion struct {
	Code        columnRef `yaml:"code"`
	Regency     columnRef `yaml:"regency"`
	Province    columnRef `yaml:"province"`
	Text        columnRef `yaml:"text"`
	BPSRegency  columnRef `yaml:"bps_regency"`
	BPSProvince columnRef `yaml:"bps_province"`
	Required    bool      `yaml:"required"`
	Optional    bool      `yaml:"optional"`
}

type rawSection struct {
	Heading  string    `yaml:"heading"`
	Column   columnRef `yaml:"column"`
	HTML     bool      `yaml:"html"`
	Optional bool      `yaml:"optional"`
}

type rawColumnDoc struct {
	Name     string `yaml:"name"`
	Note     string `yaml:"note"`
	Example  string `yaml:"example"`
	List     string `yaml:"list"`
	Required bool   `yaml:"required"`
}

// columnRef is one column name or a list of them.
type columnRef []string

func (c *columnRef) UnmarshalYAML(unmarshal func(any) error) error {
	var one string
	if err := unmarshal(&one); err == nil {
		*c = columnRef{one}
		return nil
	}
	var many []string
	if err := unmarshal(&many); err != nil {
		return errors.New("want a column name or a list of column names")
	}
	*c = many
	return nil
}

// ParseMapping reads and checks a mapping file; every problem is reported
// with its line and column, all at once.
func ParseMapping(src []byte, name string) (*Mapping, error) {
	if len(src) > maxMappingSize {
		return nil, &MappingError{File: name, Message: fmt.Sprintf("larger than %d bytes", maxMappingSize)}
	}
	file, err := yparser.ParseBytes(src, 0)
	if err != nil {
		return nil, yamlError(name, err)
	}
	var raw rawMapping
	if err := yaml.UnmarshalWithOptions(src, &raw, yaml.Strict()); err != nil {
		return nil, yamlError(name, err)
	}
	c := &mappingCompiler{file: file, name: name}
	m := c.compile(raw)
	if len(c.errs) > 0 {
		sort.SliceStable(c.errs, func(i, j int) bool { return c.errs[i].Line < c.errs[j].Line })
		return nil, c.errs
	}
	return m, nil
}

func yamlError(name string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		me := &MappingError{File: name, Message: ye.GetMessage()}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			me.Line, me.Column = tk.Position.Line, tk.Position.Column
		}
		return MappingErrors{me}
	}
	return MappingErrors{{File: name, Message: err.Error()}}
}

type mappingCompiler struct {
	file *yast.File
	name string
	errs MappingErrors
}

// errAt records a problem at the YAML path (e.g. "$.fields.year.parse"),
// or at the nearest enclosing node that exists.
func (c *mappingCompiler) errAt(path string, format string, args ...any) {
	e := &MappingError{File: c.name, Message: fmt.Sprintf(format, args...)}
	for p := path; p != ""; {
		if yp, err := yaml.PathString(p); err == nil {
			if n, err := yp.FilterFile(c.file); err == nil && n != nil {
				if tk := n.GetToken(); tk != nil && tk.Position != nil {
					e.Line, e.Column = tk.Position.Line, tk.Position.Column
					break
				}
			}
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			break
		}
		p = p[:i]
	}
	c.errs = append(c.errs, e)
}

// errAtKey records a problem at a key of the mapping at parent (so that an
// unknown field points at its name, not at its value).
func (c *mappingCompiler) errAtKey(parent, key string, format string, args ...any) {
	if yp, err := yaml.PathString(parent); err == nil {
		if n, err := yp.FilterFile(c.file); err == nil {
			if mn, ok := n.(*yast.MappingNode); ok {
				for _, v := range mn.Values {
					if tk := v.Key.GetToken(); tk != nil && tk.Value == key && tk.Position != nil {
						c.errs = append(c.errs, &MappingError{File: c.name, Line: tk.Position.Line, Column: tk.Position.Column,
							Message: fmt.Sprintf(format, args...)})
						return
					}
				}
			}
		}
	}
	c.errAt(parent+"."+keyPath(key), format, args...)
}

// keyPath quotes a map key for a YAML path when it is not a plain word.
func keyPath(k string) string {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return "'" + strings.ReplaceAll(k, "'", "\\'") + "'"
		}
	}
	return k
}

func (c *mappingCompiler) compile(raw rawMapping) *Mapping {
	m := &Mapping{Name: raw.Name, Programme: raw.Programme, Source: raw.Source, Type: raw.Type, Sheet: raw.Sheet,
		HeaderRow: raw.HeaderRow, file: c.name}
	if raw.Version != 1 {
		c.errAt("$.version", "version must be 1 (the format of docs/import-mapping.md)")
	}
	if strings.TrimSpace(m.Name) == "" {
		c.errAt("$.name", "name is required")
	}
	if strings.TrimSpace(m.Programme) == "" {
		c.errAt("$.programme", "programme is required (the programme the rows come from, e.g. \"LAN — Direktori Inovasi\")")
	}
	if !slices.ContainsFunc(content.Sources, func(l content.Label) bool { return l.Value == m.Source }) {
		c.errAt("$.source", "source must be one of panrb, kemendagri, lan, jippnas (got %q)", m.Source)
	}
	switch m.Type {
	case "":
		m.Type = content.TypeInnovation
	case content.TypeInnovation, content.TypeGuide, content.TypeNews:
	default:
		c.errAt("$.type", "type must be innovation, guide or news (got %q)", m.Type)
	}
	if m.HeaderRow < 0 {
		c.errAt("$.header_row", "header_row must be 0 (find it) or a row number")
	}

	// Value maps: the built-in ones, then the mapping's own.
	m.values = builtinValueMaps()
	for name, vals := range raw.Values {
		if _, builtin := m.values[name]; builtin {
			c.errAtKey("$.values", name, "%q is a built-in value map; give yours another name and list both in map:", name)
			continue
		}
		nm := map[string]string{}
		for k, v := range vals {
			nk := normValue(k)
			if nk == "" {
				c.errAt("$.values."+keyPath(name), "value map %q has an empty key", name)
				continue
			}
			if prev, dup := nm[nk]; dup && prev != v {
				c.errAt("$.values."+keyPath(name), "value map %q: %q is given twice (keys compare without case and punctuation)", name, k)
			}
			nm[nk] = v
		}
		m.values[name] = nm
	}

	// id
	switch {
	case raw.ID.Column == "" && len(raw.ID.Hash) == 0:
		c.errAt("$.id", "id needs column (the record's id in the source) or hash (columns that identify a row)")
	}
	m.ID = idRule{Column: strings.TrimSpace(raw.ID.Column), Prefix: raw.ID.Prefix, Hash: cleanColumns(raw.ID.Hash)}
	if m.ID.Prefix == "" || !content.ValidID(m.ID.Prefix+"x") {
		c.errAt("$.id.prefix", "id.prefix is required and must be lowercase letters, digits, '.', '_', ':' or '-' (e.g. \"lan-\")")
	}

	// fields
	names := make([]string, 0, len(raw.Fields))
	for k := range raw.Fields {
		names = append(names, k)
	}
	for _, df := range documentFields {
		rf, ok := raw.Fields[df.name]
		if !ok {
			continue
		}
		m.Fields = append(m.Fields, c.field(df.name, df.parse, rf, m))
	}
	for _, n := range names {
		if !slices.ContainsFunc(documentFields, func(d struct{ name, parse string }) bool { return d.name == n }) {
			switch n {
			case "id", "source":
				c.errAtKey("$.fields", n, "%s is set by the mapping's top-level %s: key, not a field", n, n)
			default:
				c.errAtKey("$.fields", n, "unknown field %q (fields: %s)", n, fieldNames())
			}
		}
	}
	if !slices.ContainsFunc(m.Fields, func(f fieldRule) bool { return f.Field == "title" }) {
		c.errAt("$.fields", "fields.title is required")
	}

	// region
	rr := raw.Region
	m.Region = regionRule{Code: cleanColumns(rr.Code), Regency: cleanColumns(rr.Regency), Province: cleanColumns(rr.Province),
		Text: cleanColumns(rr.Text), BPSRegency: cleanColumns(rr.BPSRegency), BPSProvince: cleanColumns(rr.BPSProvince),
		Required: rr.Required, Optional: rr.Optional}
	if rr.Required && len(m.Region.columns()) == 0 {
		c.errAt("$.region.required", "region.required without any region column")
	}
	if slices.ContainsFunc(m.Fields, func(f fieldRule) bool { return f.Field == "region_code" }) && len(m.Region.columns()) > 0 {
		c.errAt("$.fields.region_code", "give the region either as fields.region_code or under region:, not both")
	}

	// body
	hasBodyField := slices.ContainsFunc(m.Fields, func(f fieldRule) bool { return f.Field == "body" })
	for i, s := range raw.Body {
		p := fmt.Sprintf("$.body[%d]", i)
		cols := cleanColumns(s.Column)
		if len(cols) == 0 {
			c.errAt(p, "body section needs a column")
		}
		m.Body = append(m.Body, bodySection{Heading: strings.TrimSpace(s.Heading), Columns: cols, HTML: s.HTML, Optional: s.Optional})
	}
	if hasBodyField && len(m.Body) > 0 {
		c.errAt("$.body", "give the body either as fields.body or as body: sections, not both")
	}

	// column documentation
	for i, cd := range raw.Columns {
		p := fmt.Sprintf("$.columns[%d]", i)
		if strings.TrimSpace(cd.Name) == "" {
			c.errAt(p, "column without a name")
		}
		switch cd.List {
		case "", listSectors, listProvinces, listRegencies, listStages, listStatuses, listYesNo:
		default:
			c.errAt(p+".list", "unknown list %q (sectors, provinces, regencies, stages, statuses, yesno)", cd.List)
		}
		m.Columns = append(m.Columns, ColumnDoc{Name: strings.TrimSpace(cd.Name), Note: cd.Note, Example: cd.Example, List: cd.List, Required: cd.Required})
	}
	m.finish()
	if len(m.Columns) > 0 {
		// The documentation must cover every column the rules read.
		for _, col := range m.required {
			if !slices.ContainsFunc(m.Columns, func(d ColumnDoc) bool { return normValue(d.Name) == normValue(col) }) {
				c.errAt("$.columns", "column %q is used (%s) but not documented under columns:", col, m.describeColumn(col))
			}
		}
	}
	return m
}

// Template drop-down lists.
const (
	listSectors   = "sectors"
	listProvinces = "provinces"
	listRegencies = "regencies"
	listStages    = "stages"
	listStatuses  = "statuses"
	listYesNo     = "yesno"
)

func (c *mappingCompiler) field(name, defParse string, rf rawField, m *Mapping) fieldRule {
	p := "$.fields." + name
	f := fieldRule{Field: name, Columns: cleanColumns(rf.Column), Parse: rf.Parse, HTML: rf.HTML, Unknown: rf.Unknown,
		Split: rf.Split, MaxLength: rf.MaxLength, Optional: rf.Optional}
	if rf.Value != nil {
		f.Value = *rf.Value
	}
	switch {
	case len(f.Columns) == 0 && rf.Value == nil:
		c.errAt(p, "field %s needs column or value", name)
	case len(f.Columns) > 0 && rf.Value != nil:
		c.errAt(p, "field %s takes column or value, not both", name)
	}
	if f.Parse == "" {
		f.Parse = defParse
	}
	switch f.Parse {
	case kindText, kindYear, kindDate, kindBool, kindList, kindURL:
	default:
		c.errAt(p+".parse", "unknown parse %q (text, year, date, bool, list, url)", f.Parse)
	}
	if want := fieldParseKind(name); want != "" && f.Parse != want && !(want == kindText && f.Parse == kindURL) {
		c.errAt(p+".parse", "field %s holds a %s; parse %s does not fit", name, want, f.Parse)
	}
	for _, mp := range rf.Map {
		if _, ok := m.values[mp]; !ok {
			c.errAt(p+".map", "unknown value map %q (define it under values:, or use sectors, stages, statuses, validation)", mp)
		}
	}
	f.Maps = slices.Clone([]string(rf.Map))
	if d := fieldDefaultMap[name]; d != "" && !slices.Contains(f.Maps, d) {
		f.Maps = append(f.Maps, d)
	}
	switch f.Unknown {
	case "":
		f.Unknown = unknownReport
		if len(f.Maps) == 0 {
			f.Unknown = unknownKeep
		}
	case unknownReport, unknownError, unknownKeep:
	default:
		c.errAt(p+".unknown", "unknown must be report, error or keep (got %q)", f.Unknown)
	}
	if f.Unknown == unknownKeep && fieldDefaultMap[name] != "" {
		c.errAt(p+".unknown", "%s takes only known values: unknown must be report or error", name)
	}
	if f.MaxLength < 0 {
		c.errAt(p+".max_length", "max_length must be positive")
	}
	if f.Split != "" && f.Parse != kindList {
		c.errAt(p+".split", "split applies to list fields only")
	}
	if rf.Value != nil && len(f.Maps) > 0 {
		if _, ok := m.lookup(f.Maps, f.Value); !ok {
			c.errAt(p+".value", "%q is not a known %s", f.Value, name)
		}
	}
	return f
}

// fieldParseKind is the parser a field's type demands ("" = any).
func fieldParseKind(name string) string {
	switch name {
	case "year":
		return kindYear
	case "published", "updated":
		return kindDate
	case "digital":
		return kindBool
	case "awards", "tags", "authors":
		return kindList
	}
	return kindText
}

func fieldNames() string {
	var out []string
	for _, d := range documentFields {
		out = append(out, d.name)
	}
	return strings.Join(out, ", ")
}

func cleanColumns(cols []string) []string {
	var out []string
	for _, c := range cols {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}
