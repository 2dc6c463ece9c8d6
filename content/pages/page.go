// Package pages reads the guide and news pages (Markdown files with YAML
// front matter) and keeps their documents in the store.
package pages

import (
	"bytes"
	"fmt"
	"jippnas/content"
	"jippnas/content/refdata"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	yaml "github.com/goccy/go-yaml"
	yast "github.com/goccy/go-yaml/ast"
	yparser "github.com/goccy/go-yaml/parser"
)

// Page is one guide or news item: YAML front matter plus a Markdown body.
type Page struct {
	Type      content.PageType `json:"type"`
	Slug      string           `json:"slug"`  // [a-z0-9][a-z0-9-]{0,99}; equals the file name stem
	Title     string           `json:"title"` // required
	Summary   string           `json:"summary"`
	Sector    string           `json:"sector"`    // "" or a slug known to SectorBySlug
	Tags      []string         `json:"tags"`      // lowercase, deduplicated
	Published string           `json:"published"` // YYYY-MM-DD, required
	Updated   string           `json:"updated"`   // YYYY-MM-DD or ""
	Authors   []string         `json:"authors"`
	Related   []string         `json:"related"` // innovation ids
	Draft     bool             `json:"draft"`
	Body      string           `json:"body"` // Markdown source after the front matter
	File      string           `json:"-"`    // path for error messages
	BodyLine  int              `json:"-"`    // 1-based line in File where Body starts
}

// PageError says what is wrong and where. Line is 1-based (0 when the
// problem concerns the whole file, e.g. it cannot be read).
type PageError struct {
	File    string
	Line    int
	Field   string
	Message string
}

// Error renders "file:line: field: message" (line and field are left out
// when unknown).
func (e PageError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// FieldFrontMatter is the PageError.Field of problems with the front matter
// block as a whole (missing, unterminated, invalid YAML).
const FieldFrontMatter = "front matter"

var (
	pageDateRe = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

// pageFrontMatterFields lists the accepted keys, in documentation order.
var pageFrontMatterFields = []string{"title", "summary", "slug", "sector", "tags", "published", "updated", "authors", "related", "draft"}

// Limits: the page becomes a document of the JSON contract, so the same
// bounds apply (title, summary, list length, list item length); a long
// guide file is some tens of KiB.
const (
	pageMaxSize    = 1 << 20
	pageMaxTitle   = 300
	pageMaxSummary = 2000
	pageMaxList    = 50
	pageMaxItem    = 200
)

// Parse parses one page file. typ is decided by the folder (panduan →
// guide, berita → news). It returns every problem it finds at once, each
// with its line, so an editor can fix a file in one pass; a page with any
// error must not be published.
func Parse(file string, data []byte, typ content.PageType) (Page, []PageError) {
	p := Page{Type: typ, File: file}
	var errs []PageError
	add := func(line int, field, format string, args ...any) {
		errs = append(errs, PageError{File: file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
	}

	if typ != content.PageGuide && typ != content.PageNews {
		add(0, "", "jenis halaman tidak dikenal %q", string(typ))
	}
	stem := strings.TrimSuffix(path.Base(strings.ReplaceAll(file, "\\", "/")), ".md")
	if !content.ValidSlug(stem) {
		add(0, "slug", "nama berkas %q bukan slug yang sah: gunakan huruf kecil a-z, angka, dan tanda hubung (maks. 100 karakter), diakhiri .md", stem+".md")
	}
	p.Slug = stem

	if len(data) > pageMaxSize {
		add(0, "", "berkas terlalu besar (%d byte, maks. %d)", len(data), pageMaxSize)
		return p, errs
	}

	fm, body, bodyLine, ferr := pageSplitFrontMatter(data)
	if ferr != "" {
		add(1, FieldFrontMatter, "%s", ferr)
		return p, errs
	}
	p.Body = string(body)
	p.BodyLine = bodyLine

	const fmLine = 2 // the front matter starts right after the opening "---"
	fields, yerr := pageParseYAML(fm)
	if yerr != nil {
		add(yerr.line+fmLine-1, FieldFrontMatter, "%s", yerr.msg)
		pageSortErrors(errs)
		return p, errs
	}

	seen := map[string]int{}
	for _, f := range fields {
		line := f.line + fmLine - 1
		if prev, dup := seen[f.key]; dup {
			add(line, f.key, "kunci ganda (sudah ada di baris %d)", prev)
			continue
		}
		seen[f.key] = line
		v := f.value
		vline := line
		if v != nil && v.GetToken() != nil {
			vline = v.GetToken().Position.Line + fmLine - 1
		}
		switch f.key {
		case "title":
			s, ok := pageScalarString(v)
			if !ok {
				add(line, f.key, "harus berupa teks")
				continue
			}
			p.Title = strings.Join(strings.Fields(s), " ")
			if p.Title == "" {
				add(line, f.key, "judul wajib diisi")
			} else if n := utf8.RuneCountInString(p.Title); n > pageMaxTitle {
				add(line, f.key, "terlalu panjang (%d karakter, maks. %d)", n, pageMaxTitle)
			}
		case "summary":
			s, ok := pageScalarString(v)
			if !ok {
				add(line, f.key, "harus berupa teks")
				continue
			}
			p.Summary = strings.Join(strings.Fields(s), " ")
			if n := utf8.RuneCountInString(p.Summary); n > pageMaxSummary {
				add(line, f.key, "terlalu panjang (%d karakter, maks. %d)", n, pageMaxSummary)
			}
		case "slug":
			s, ok := pageScalarString(v)
			if !ok {
				add(line, f.key, "harus berupa teks")
				continue
			}
			s = strings.TrimSpace(s)
			switch {
			case s == "":
				// Empty means "use the file name".
			case !content.ValidSlug(s):
				add(line, f.key, "%q bukan slug yang sah: gunakan huruf kecil a-z, angka, dan tanda hubung", s)
			case s != stem:
				add(line, f.key, "%q harus sama dengan nama berkas %q", s, stem+".md")
			}
		case "sector":
			s, ok := pageScalarString(v)
			if !ok {
				add(line, f.key, "harus berupa teks (slug sektor)")
				continue
			}
			s = strings.TrimSpace(s)
			if s != "" {
				if _, known := refdata.SectorBySlug(s); !known {
					add(line, f.key, "sektor %q tidak dikenal", s)
					continue
				}
			}
			p.Sector = s
		case "tags", "authors", "related":
			items, ok := pageStringList(v, fmLine-1)
			if !ok {
				add(vline, f.key, "harus berupa daftar teks, misalnya [a, b]")
				continue
			}
			if len(items) > pageMaxList {
				add(vline, f.key, "terlalu banyak butir (%d, maks. %d)", len(items), pageMaxList)
				continue
			}
			var out []string
			dedup := map[string]bool{}
			for _, it := range items {
				if it.bad {
					add(it.line, f.key, "butir harus berupa teks")
					continue
				}
				s := strings.TrimSpace(it.s)
				if f.key == "tags" {
					s = strings.ToLower(strings.Join(strings.Fields(s), " "))
				}
				if s == "" {
					add(it.line, f.key, "butir kosong")
					continue
				}
				if n := utf8.RuneCountInString(s); n > pageMaxItem {
					add(it.line, f.key, "butir terlalu panjang (%d karakter, maks. %d)", n, pageMaxItem)
					continue
				}
				if f.key == "related" && !content.ValidID(s) {
					add(it.line, f.key, "%q bukan id inovasi yang sah", s)
					continue
				}
				if dedup[s] {
					continue
				}
				dedup[s] = true
				out = append(out, s)
			}
			switch f.key {
			case "tags":
				p.Tags = out
			case "authors":
				p.Authors = out
			case "related":
				p.Related = out
			}
		case "published", "updated":
			s, ok := pageScalarString(v)
			if !ok {
				add(vline, f.key, "harus berupa tanggal YYYY-MM-DD")
				continue
			}
			s = strings.TrimSpace(s)
			if s == "" {
				continue // "published" is reported missing below
			}
			if msg := pageCheckDate(s); msg != "" {
				add(vline, f.key, "%s", msg)
				continue
			}
			if f.key == "published" {
				p.Published = s
			} else {
				p.Updated = s
			}
		case "draft":
			b, ok := pageUnwrapYAML(v).(*yast.BoolNode)
			switch {
			case v == nil || pageIsNull(v):
				// Absent value: not a draft.
			case !ok:
				add(vline, f.key, "harus berupa true atau false")
			default:
				p.Draft = b.Value
			}
		default:
			add(line, f.key, "kunci tidak dikenal (yang diterima: %s)", strings.Join(pageFrontMatterFields, ", "))
		}
	}

	if p.Title == "" {
		if _, had := seen["title"]; !had {
			add(1, "title", "judul wajib diisi")
		}
	}
	if p.Published == "" {
		if l, had := seen["published"]; !had {
			add(1, "published", "tanggal terbit wajib diisi (YYYY-MM-DD)")
		} else if !pageHasErrorFor(errs, "published") {
			add(l, "published", "tanggal terbit wajib diisi (YYYY-MM-DD)")
		}
	}
	if p.Published != "" && p.Updated != "" && p.Updated < p.Published {
		add(seen["updated"], "updated", "tanggal pembaruan %s lebih awal dari tanggal terbit %s", p.Updated, p.Published)
	}
	pageSortErrors(errs)
	return p, errs
}

func pageHasErrorFor(errs []PageError, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

func pageSortErrors(errs []PageError) {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
}

func pageCheckDate(s string) string {
	if !pageDateRe.MatchString(s) {
		return fmt.Sprintf("%q bukan tanggal dengan format YYYY-MM-DD", s)
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return fmt.Sprintf("%q bukan tanggal yang ada", s)
	}
	return ""
}

// pageSplitFrontMatter separates the YAML block delimited by "---" lines from
// the body. CRLF and CR line ends become LF.
func pageSplitFrontMatter(data []byte) (fm, body []byte, bodyLine int, errMsg string) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, '\r') >= 0 {
		// YAML and CommonMark both end lines at CRLF, CR or LF: count the
		// same lines as they do.
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "---" {
		return nil, nil, 0, "front matter tidak ditemukan: berkas harus diawali baris '---', diikuti kunci YAML (title, published, ...) dan baris '---' penutup"
	}
	line := 1
	off := 0
	for off <= len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		next := len(rest) + 1
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
			next = off + end + 1
		}
		line++
		if t := string(bytes.TrimRight(l, " \t")); t == "---" || t == "..." {
			if next > len(rest) {
				return rest[:off], nil, line + 1, ""
			}
			return rest[:off], rest[next:], line + 1, ""
		}
		if end < 0 {
			break
		}
		off = next
	}
	return nil, nil, 0, "front matter tidak ditutup: baris '---' penutup tidak ditemukan"
}

type pageYAMLField struct {
	key   string
	line  int // 1-based within the front matter
	value yast.Node
}

type pageYAMLErr struct {
	line int
	msg  string
}

// pageParseYAML parses the front matter into its top-level key/value
// pairs (keeping duplicates and order so they can be reported by line).
func pageParseYAML(src []byte) (fields []pageYAMLField, yerr *pageYAMLErr) {
	defer func() {
		// The YAML parser is third-party code fed untrusted input: a panic
		// must become an error on this file, not take the loader down.
		if r := recover(); r != nil {
			fields, yerr = nil, &pageYAMLErr{line: 1, msg: fmt.Sprintf("YAML tidak valid (%v)", r)}
		}
	}()
	f, err := yparser.ParseBytes(src, 0)
	if err != nil {
		line, msg := 1, err.Error()
		if ye, ok := err.(yaml.Error); ok {
			msg = ye.GetMessage()
			if tk := ye.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line > 0 {
				line = tk.Position.Line
			}
		}
		return nil, &pageYAMLErr{line: line, msg: "YAML tidak valid: " + msg}
	}
	if len(f.Docs) > 1 {
		line := 1
		if d := f.Docs[1]; d.Start != nil && d.Start.Position != nil {
			line = d.Start.Position.Line
		}
		return nil, &pageYAMLErr{line: line, msg: "front matter hanya boleh berisi satu dokumen YAML"}
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return nil, nil
	}
	body := pageUnwrapYAML(f.Docs[0].Body)
	var values []*yast.MappingValueNode
	switch m := body.(type) {
	case *yast.MappingNode:
		values = m.Values
	case *yast.MappingValueNode:
		values = []*yast.MappingValueNode{m}
	case *yast.CommentGroupNode:
		return nil, nil
	default:
		return nil, &pageYAMLErr{line: pageTokenLine(body, 1), msg: "front matter harus berupa pasangan kunci: nilai"}
	}
	for _, mv := range values {
		k, ok := pageUnwrapYAML(mv.Key).(*yast.StringNode)
		if !ok {
			return nil, &pageYAMLErr{line: pageTokenLine(mv, 1), msg: "kunci harus berupa teks sederhana"}
		}
		fields = append(fields, pageYAMLField{key: k.Value, line: pageTokenLine(k, pageTokenLine(mv, 1)), value: mv.Value})
	}
	return fields, nil
}

func pageTokenLine(n yast.Node, def int) int {
	if n == nil {
		return def
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line > 0 {
		return tk.Position.Line
	}
	return def
}

// pageUnwrapYAML looks through anchors, tags and explicit-key wrappers.
func pageUnwrapYAML(n yast.Node) yast.Node {
	for i := 0; i < 16 && n != nil; i++ {
		switch t := n.(type) {
		case *yast.TagNode:
			n = t.Value
		case *yast.AnchorNode:
			n = t.Value
		case *yast.MappingKeyNode:
			n = t.Value
		default:
			return n
		}
	}
	return n
}

func pageIsNull(n yast.Node) bool {
	_, ok := pageUnwrapYAML(n).(*yast.NullNode)
	return ok
}

// pageIsStrTag reports whether n carries an explicit !!str tag.
func pageIsStrTag(n yast.Node) bool {
	for i := 0; i < 16 && n != nil; i++ {
		switch t := n.(type) {
		case *yast.TagNode:
			if t.Start != nil && t.Start.Value == "!!str" {
				return true
			}
			n = t.Value
		case *yast.AnchorNode:
			n = t.Value
		default:
			return false
		}
	}
	return false
}

// pageScalarString returns the text of a string scalar (null reads as ""). A
// number or boolean is rejected unless tagged !!str, so that `title: 2024`
// is caught instead of silently becoming "2024".
func pageScalarString(n yast.Node) (string, bool) {
	if n == nil {
		return "", true
	}
	u := pageUnwrapYAML(n)
	switch t := u.(type) {
	case *yast.NullNode:
		return "", true
	case *yast.StringNode:
		return t.Value, true
	case *yast.LiteralNode:
		if t.Value == nil {
			return "", true
		}
		return t.Value.Value, true
	}
	if pageIsStrTag(n) && u != nil && u.GetToken() != nil {
		return u.GetToken().Value, true
	}
	return "", false
}

type pageListItem struct {
	s    string
	line int
	bad  bool
}

// pageStringList reads a sequence of string scalars; null means an empty list.
func pageStringList(n yast.Node, lineOff int) ([]pageListItem, bool) {
	if n == nil || pageIsNull(n) {
		return nil, true
	}
	seq, ok := pageUnwrapYAML(n).(*yast.SequenceNode)
	if !ok {
		return nil, false
	}
	items := make([]pageListItem, 0, len(seq.Values))
	for _, v := range seq.Values {
		s, ok := pageScalarString(v)
		line := pageTokenLine(v, pageTokenLine(seq, 1)) + lineOff
		if ok && pageIsNull(v) {
			items = append(items, pageListItem{s: "", line: line})
			continue
		}
		items = append(items, pageListItem{s: s, line: line, bad: !ok})
	}
	return items, true
}
