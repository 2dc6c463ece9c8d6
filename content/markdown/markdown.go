// Package markdown renders the Markdown bodies of documents to safe HTML,
// plain text and sections, resolving the internal link syntax.
package markdown

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Internal link syntax: [teks](inovasi:ID), [teks](panduan:SLUG),
// [teks](berita:SLUG), each optionally followed by #anchor.
const (
	LinkInnovation = "inovasi"
	LinkGuide      = "panduan"
	LinkNews       = "berita"
)

// BrokenLinkClass is the CSS class of the span that replaces an internal
// link whose target does not exist.
const BrokenLinkClass = "tautan-rusak"

// LinkResolver maps an internal link to its URL; kind is "inovasi",
// "panduan" or "berita" and target the id or slug (without #anchor, which
// the renderer appends to the URL itself). ok=false marks the link broken.
type LinkResolver func(kind, target string) (url string, ok bool)

// Heading is one entry of a page's table of contents.
type Heading struct {
	Level int    `json:"level"`
	ID    string `json:"id"`
	Text  string `json:"text"`
}

// BrokenLink is a link that was not rendered as a link. Line is 1-based
// within the Markdown source; Target is the destination as written.
type BrokenLink struct {
	Line   int    `json:"line"`
	Target string `json:"target"`
}

// Rendered is the result of rendering one Markdown body.
type Rendered struct {
	HTML string    `json:"html"`
	TOC  []Heading `json:"toc"` // every heading (levels 1-6) in document order
	// Links are the resolved internal targets "kind:target" (no anchor),
	// deduplicated, in order of first appearance.
	Links []string `json:"links"`
	// Broken are internal links the resolver did not know; they are
	// rendered as <span class="tautan-rusak">text</span>.
	Broken []BrokenLink `json:"broken"`
	// Blocked are links and images whose URL scheme is not allowed
	// (javascript:, data:, unknown schemes...); only their text is kept.
	Blocked []BrokenLink `json:"blocked"`
}

// Section is a part of PlainText: the text before the first heading
// (Anchor "") or from a level-2/3 heading up to the next one. Start and End
// are byte offsets into the text; the section includes its heading's text.
type Section struct {
	Anchor  string `json:"anchor"`
	Heading string `json:"heading"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// Renderer renders page bodies. It is configured once and is safe for
// concurrent use: every call parses into its own AST and keeps its own
// state, so one Renderer serves the whole process.
type Renderer struct {
	md      goldmark.Markdown
	resolve LinkResolver
}

// New builds the goldmark pipeline: GFM (tables, task lists,
// strikethrough, linkify), footnotes, typographer, raw HTML off, our own
// heading ids and link checks. resolve may be nil (every internal link is
// then broken).
func New(resolve LinkResolver) *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.Typographer,
		),
		// Heading ids are assigned by mdAssignHeadingIDs (ASCII slugs from
		// the rendered text), not by goldmark's auto ids, which drop
		// non-ASCII letters and keep link URLs of the raw source.
		goldmark.WithRendererOptions(
			// html.WithUnsafe is deliberately NOT set: raw HTML is omitted.
			renderer.WithNodeRenderers(util.Prioritized(mdNodeRenderer{}, 100)),
		),
	)
	return &Renderer{md: md, resolve: resolve}
}

func (r *Renderer) parse(src []byte) ast.Node {
	return r.md.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
}

// Render converts Markdown to safe HTML, with its table of contents and
// the internal links it found.
func (r *Renderer) Render(src []byte) (Rendered, error) {
	doc := r.parse(src)
	out := Rendered{TOC: mdAssignHeadingIDs(doc, src)}
	r.fixLinks(doc, src, &out)
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/2)
	if err := r.md.Renderer().Render(&buf, src, doc); err != nil {
		return Rendered{}, fmt.Errorf("render markdown: %w", err)
	}
	out.HTML = buf.String()
	return out, nil
}

// CheckLinks returns the internal links of a Markdown body that do not
// resolve and the links whose URL scheme is blocked, with their lines in
// src.
func (r *Renderer) CheckLinks(src []byte) (broken, blocked []BrokenLink) {
	doc := r.parse(src)
	var out Rendered
	r.fixLinks(doc, src, &out)
	return out.Broken, out.Blocked
}

// fixLinks resolves internal links and neutralises unsafe ones. goldmark
// already drops some dangerous URLs when unsafe is off, but only by prefix
// (so "java\tscript:" or unknown schemes pass): this is an allow-list.
func (r *Renderer) fixLinks(doc ast.Node, src []byte, out *Rendered) {
	var nodes []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n.Kind() {
			case ast.KindLink, ast.KindImage, ast.KindAutoLink:
				nodes = append(nodes, n)
			}
		}
		return ast.WalkContinue, nil
	})
	if len(nodes) == 0 {
		return
	}
	lines := mdLineIndex(src)
	seen := map[string]bool{}
	for _, n := range nodes {
		switch n := n.(type) {
		case *ast.Link:
			dest := string(n.Destination)
			if kind, target, anchor, ok := mdInternalLink(dest); ok {
				u, found := "", false
				if r.resolve != nil && target != "" {
					u, found = r.resolve(kind, target)
				}
				if found && mdSafeURL(u, false) {
					n.Destination = []byte(u + anchor)
					if key := kind + ":" + target; !seen[key] {
						seen[key] = true
						out.Links = append(out.Links, key)
					}
					continue
				}
				out.Broken = append(out.Broken, BrokenLink{Line: lines.line(mdNodePos(n)), Target: strings.TrimSpace(dest)})
				b := &mdBrokenLink{}
				mdMoveChildren(n, b)
				n.Parent().ReplaceChild(n.Parent(), n, b)
				continue
			}
			if !mdSafeURL(dest, false) {
				out.Blocked = append(out.Blocked, BrokenLink{Line: lines.line(mdNodePos(n)), Target: strings.TrimSpace(dest)})
				mdUnwrap(n)
			}
		case *ast.Image:
			dest := string(n.Destination)
			if !mdSafeURL(dest, true) {
				out.Blocked = append(out.Blocked, BrokenLink{Line: lines.line(mdNodePos(n)), Target: strings.TrimSpace(dest)})
				mdUnwrap(n) // keep the alt text
			}
		case *ast.AutoLink:
			u := string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkEmail {
				continue // rendered as mailto:
			}
			if !mdSafeURL(u, false) {
				out.Blocked = append(out.Blocked, BrokenLink{Line: lines.line(mdNodePos(n)), Target: u})
				t := &mdInertText{Value: append([]byte(nil), n.Label(src)...)}
				n.Parent().ReplaceChild(n.Parent(), n, t)
			}
		}
	}
}

// mdInternalLink splits "kind:target#anchor" for the three internal kinds
// (kind matched case-insensitively, like URL schemes).
func mdInternalLink(dest string) (kind, target, anchor string, ok bool) {
	dest = strings.TrimSpace(dest)
	k, rest, found := strings.Cut(dest, ":")
	if !found {
		return "", "", "", false
	}
	k = strings.ToLower(k)
	if k != LinkInnovation && k != LinkGuide && k != LinkNews {
		return "", "", "", false
	}
	target, frag, hasFrag := strings.Cut(rest, "#")
	if hasFrag {
		anchor = "#" + frag
	}
	return k, strings.TrimSpace(target), anchor, true
}

// mdSafeURL allows relative URLs and the http(s), mailto, tel (links only)
// schemes. The scheme is read the way a browser would after stripping
// whitespace and control characters, and after decoding entities and
// percent-escapes, so obfuscated "javascript:" cannot slip through.
func mdSafeURL(u string, image bool) bool {
	// Start from the URL as goldmark will write it (backslash escapes and
	// character references resolved), then decode once more for safety.
	s := html.UnescapeString(string(util.URLEscape([]byte(u), true)))
	if dec, err := url.PathUnescape(s); err == nil {
		s = dec
	}
	s = strings.Map(func(r rune) rune {
		if r <= 0x20 || r == 0x7f || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	i := strings.IndexAny(s, ":/?#\\")
	if i < 0 || s[i] != ':' {
		return true // relative: path, query or fragment
	}
	switch strings.ToLower(s[:i]) {
	case "http", "https":
		return true
	case "mailto", "tel", "ftp":
		return !image
	}
	return false
}

// mdNodePos finds a source offset for an inline node: its own position
// or, failing that, the first line of its enclosing block.
func mdNodePos(n ast.Node) int {
	for c := n; c != nil; c = c.Parent() {
		if p := c.Pos(); p >= 0 {
			return p
		}
		if c.Type() == ast.TypeBlock {
			if l := c.Lines(); l != nil && l.Len() > 0 {
				return l.At(0).Start
			}
		}
	}
	return 0
}

type mdLines []int // offsets where each line starts

func mdLineIndex(src []byte) mdLines {
	l := mdLines{0}
	for i, c := range src {
		if c == '\n' {
			l = append(l, i+1)
		}
	}
	return l
}

// line returns the 1-based line of a byte offset.
func (l mdLines) line(pos int) int {
	return sort.Search(len(l), func(i int) bool { return l[i] > pos })
}

func mdMoveChildren(from, to ast.Node) {
	for c := from.FirstChild(); c != nil; {
		next := c.NextSibling()
		to.AppendChild(to, c)
		c = next
	}
}

// mdUnwrap replaces n by its children.
func mdUnwrap(n ast.Node) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// mdBrokenLink is an internal link whose target is unknown.
type mdBrokenLink struct{ ast.BaseInline }

var mdKindBrokenLink = ast.NewNodeKind("JippnasBrokenLink")

func (n *mdBrokenLink) Kind() ast.NodeKind { return mdKindBrokenLink }

func (n *mdBrokenLink) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// mdInertText is text rendered escaped, verbatim (a blocked autolink).
type mdInertText struct {
	ast.BaseInline
	Value []byte
}

var mdKindInertText = ast.NewNodeKind("JippnasInertText")

func (n *mdInertText) Kind() ast.NodeKind { return mdKindInertText }

func (n *mdInertText) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Value": string(n.Value)}, nil)
}

type mdNodeRenderer struct{}

func (mdNodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdKindBrokenLink, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<span class="` + BrokenLinkClass + `">`)
		} else {
			_, _ = w.WriteString(`</span>`)
		}
		return ast.WalkContinue, nil
	})
	reg.Register(mdKindInertText, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(util.EscapeHTML(n.(*mdInertText).Value))
		}
		return ast.WalkSkipChildren, nil
	})
}

// mdAssignHeadingIDs gives every heading a unique ASCII id derived from its
// text, in document order, and returns the table of contents. Render and
// PlainText both call it on the same tree, so section anchors always match
// the rendered ids.
func mdAssignHeadingIDs(doc ast.Node, src []byte) []Heading {
	var toc []Heading
	used := map[string]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		h, ok := n.(*ast.Heading)
		if !ok {
			return ast.WalkContinue, nil
		}
		var b strings.Builder
		mdInlineText(&b, h, src)
		t := strings.Join(strings.Fields(b.String()), " ")
		id := mdUniqueID(HeadingID(t), used)
		h.SetAttribute([]byte("id"), []byte(id))
		toc = append(toc, Heading{Level: h.Level, ID: id, Text: t})
		return ast.WalkSkipChildren, nil
	})
	return toc
}

func mdUniqueID(base string, used map[string]bool) string {
	id := base
	for i := 1; used[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	used[id] = true
	return id
}

// mdMaxIDLen keeps ids of long headings readable in a URL.
const mdMaxIDLen = 80

// HeadingID turns heading text into an ASCII slug: Latin letters with
// diacritics are folded ("é" → "e"), other letters and symbols dropped,
// spaces and punctuation become single hyphens. "Latar Belakang" →
// "latar-belakang"; text with nothing left gives "bagian".
func HeadingID(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteRune(r)
		case r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02bc':
			// Apostrophes join a word: "Jum'at" → "jumat".
		case mdFold[r] != "":
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteString(mdFold[r])
		case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r):
			// Non-Latin letters cannot be represented in an ASCII id.
		default:
			sep = true
		}
	}
	id := b.String()
	if len(id) > mdMaxIDLen {
		id = id[:mdMaxIDLen]
		if i := strings.LastIndexByte(id, '-'); i > mdMaxIDLen/2 {
			id = id[:i]
		}
		id = strings.TrimRight(id, "-")
	}
	if id == "" {
		return "bagian"
	}
	return id
}

// mdFold folds the Latin letters with diacritics found in Indonesian and
// regional names and loanwords to ASCII.
var mdFold = func() map[rune]string {
	m := map[rune]string{'æ': "ae", 'œ': "oe", 'ß': "ss", 'ø': "o", 'đ': "d", 'ł': "l", 'ı': "i"}
	for base, runes := range map[string]string{
		"a": "àáâãäåāăąǎạảấầẩẫậắằẳẵặ",
		"c": "çćĉċč",
		"d": "ďḍ",
		"e": "èéêëēĕėęěẹẻẽếềểễệə",
		"g": "ĝğġģ",
		"h": "ĥḥ",
		"i": "ìíîïĩīĭįǐịỉ",
		"j": "ĵ",
		"k": "ķ",
		"l": "ĺļľ",
		"n": "ñńņňṅṇ",
		"o": "òóôõöōŏőǒọỏốồổỗộớờởỡợơ",
		"r": "ŕŗř",
		"s": "śŝşšṣ",
		"t": "ţťṭ",
		"u": "ùúûüũūŭůűųǔụủứừửữựư",
		"w": "ŵ",
		"y": "ýÿŷỳỵỷỹ",
		"z": "źżž",
	} {
		for _, r := range runes {
			m[r] = base
		}
	}
	return m
}()

// mdInlineText appends the visible text of n's inline content: text,
// code spans, emphasis, link texts, image alt texts; never URLs, raw HTML,
// footnote markers or task checkboxes.
func mdInlineText(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			b.WriteString(mdUnescape(t.Segment.Value(src)))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if t.IsCode() {
				b.WriteString(html.UnescapeString(string(t.Value)))
			} else {
				b.WriteString(mdUnescape(t.Value))
			}
		case *ast.CodeSpan:
			for g := t.FirstChild(); g != nil; g = g.NextSibling() {
				switch gt := g.(type) {
				case *ast.Text:
					b.Write(bytes.ReplaceAll(gt.Segment.Value(src), []byte("\n"), []byte(" ")))
				case *ast.String:
					b.Write(gt.Value)
				}
			}
		case *ast.AutoLink, *ast.RawHTML, *east.TaskCheckBox, *east.FootnoteLink, *east.FootnoteBacklink:
			// URLs, markup and markers are not text.
		case *mdInertText:
			b.Write(t.Value)
		default:
			mdInlineText(b, c, src)
		}
	}
}

// mdUnescape resolves backslash escapes and character references of a
// text segment, as the HTML renderer does.
func mdUnescape(v []byte) string {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	var b strings.Builder
	for i := 0; i < len(v); {
		c := v[i]
		if c == '\\' && i+1 < len(v) && util.IsPunct(v[i+1]) {
			b.WriteByte(v[i+1])
			i += 2
			continue
		}
		if c == '&' {
			if j := bytes.IndexByte(v[i:min(len(v), i+40)], ';'); j > 1 {
				ent := string(v[i : i+j+1])
				if u := html.UnescapeString(ent); u != ent {
					b.WriteString(u)
					i += j + 1
					continue
				}
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// PlainText returns the text of the Markdown tree (never the HTML), one
// block per line, and its sections: the text before the first heading
// (Anchor "", left out when empty) and one section per level-2/3 heading,
// whose Anchor is the id Render gives that heading.
func (r *Renderer) PlainText(src []byte) (string, []Section) {
	return r.plainText(src, true)
}

// plainText is PlainText; with prose false it parses every body (tests
// hold the prose path to the parser's output).
func (r *Renderer) plainText(src []byte, prose bool) (string, []Section) {
	pt := &mdPlain{src: src, sections: []Section{{Start: -1}}}
	if !prose || !pt.prose() {
		doc := r.parse(src)
		mdAssignHeadingIDs(doc, src)
		pt.block(doc)
	}
	pt.close()
	secs := pt.sections
	if s := secs[0]; s.Start == s.End {
		secs = secs[1:]
	}
	return pt.b.String(), secs
}

type mdPlain struct {
	src      []byte
	b        strings.Builder
	sections []Section
}

func (p *mdPlain) close() {
	s := &p.sections[len(p.sections)-1]
	if s.Start < 0 {
		s.Start = p.b.Len()
	}
	s.End = p.b.Len()
}

func (p *mdPlain) emit(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	p.startBlock()
	p.b.WriteString(s)
}

// startBlock begins a block's line of text.
func (p *mdPlain) startBlock() {
	if p.b.Len() > 0 {
		p.b.WriteByte('\n')
	}
	if cur := &p.sections[len(p.sections)-1]; cur.Start < 0 {
		cur.Start = p.b.Len()
	}
}

func (p *mdPlain) inline(n ast.Node) string {
	var b strings.Builder
	mdInlineText(&b, n, p.src)
	return strings.Join(strings.Fields(b.String()), " ")
}

func (p *mdPlain) block(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Heading:
			text := p.inline(t)
			if t.Level == 2 || t.Level == 3 {
				p.close()
				id, _ := t.AttributeString("id")
				idb, _ := id.([]byte)
				p.sections = append(p.sections, Section{Anchor: string(idb), Heading: text, Start: -1})
			}
			p.emit(text)
		case *ast.Paragraph, *ast.TextBlock:
			p.emit(p.inline(t))
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			var b strings.Builder
			lines := t.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(p.src))
			}
			p.emit(b.String())
		case *ast.HTMLBlock, *ast.ThematicBreak:
			// Markup, not text.
		case *east.Table:
			for row := t.FirstChild(); row != nil; row = row.NextSibling() {
				var cells []string
				for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
					if s := p.inline(cell); s != "" {
						cells = append(cells, s)
					}
				}
				p.emit(strings.Join(cells, " "))
			}
		default:
			p.block(c)
		}
	}
}
