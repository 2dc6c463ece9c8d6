package importer

import (
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
)

// htmlConverter turns the HTML some programmes keep in text columns (LAN's
// catalogue does) into Markdown for a body, or plain text for a one-line
// field. One converter serves a whole import; it is safe for concurrent use.
type htmlConverter struct {
	conv *converter.Converter
}

func newHTMLConverter() *htmlConverter {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(commonmark.WithListEndComment(false)),
		table.NewTablePlugin(),
	))
	// Pictures and embeds point at the programme's own servers, often by
	// relative paths: they would be broken or third-party content here.
	for _, tag := range []string{"img", "picture", "iframe", "object", "embed", "video", "audio", "form", "button", "input", "select", "textarea"} {
		conv.Register.TagType(tag, converter.TagTypeRemove, converter.PriorityEarly)
	}
	return &htmlConverter{conv: conv}
}

// looksLikeHTML reports whether s has markup or entities worth converting.
func looksLikeHTML(s string) bool {
	i := strings.IndexByte(s, '<')
	if i >= 0 && i+1 < len(s) {
		c := s[i+1]
		if c == '/' || c == '!' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return strings.Contains(s, "&") && strings.Contains(s, ";")
}

// Markdown converts an HTML fragment to Markdown. Headings inside it are
// demoted below level 2, so that they nest under the section heading the
// mapping puts above the column. Text without markup is returned as is.
func (h *htmlConverter) Markdown(s string) (string, error) {
	if !looksLikeHTML(s) {
		return strings.TrimSpace(s), nil
	}
	md, err := h.conv.ConvertString(s)
	if err != nil {
		return "", err
	}
	return demoteHeadings(strings.TrimSpace(md)), nil
}

// demoteHeadings turns "# x" and "## x" into "### x" outside code fences.
func demoteHeadings(md string) string {
	if !strings.Contains(md, "#") {
		return md
	}
	lines := strings.Split(md, "\n")
	fence := false
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
			continue
		}
		if fence {
			continue
		}
		switch {
		case strings.HasPrefix(t, "# "):
			lines[i] = "##" + t
		case strings.HasPrefix(t, "## "):
			lines[i] = "#" + t
		}
	}
	return strings.Join(lines, "\n")
}

// PlainText returns the text of an HTML fragment on one line: tags dropped,
// entities decoded, white space collapsed. For titles, names and the like.
func PlainText(s string) string {
	if !looksLikeHTML(s) {
		return strings.Join(strings.Fields(s), " ")
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				skip++
			case "br", "p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6":
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if skip > 0 {
					skip--
				}
			case "p", "div", "li", "td", "th":
				b.WriteByte(' ')
			}
		case html.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}
