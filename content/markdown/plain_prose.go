package markdown

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Most bodies an import brings are prose: paragraphs of words and ordinary
// punctuation with no Markdown in them (every body of the peers' corpus,
// most records of the feeder programmes). Parsing them with goldmark only
// to find paragraphs took 6 s of CPU in a 100k import (docs/benchmarks.md,
// 2026-12-07, fourth session). mdPlain.prose writes such a body's plain
// text directly; anything that could be Markdown, or that the Typographer or
// Linkify extensions would change, goes to the parser. FuzzPlainProse holds
// both paths to the same output.

// proseClass sorts bytes for the check: proseStop may start or change
// Markdown anywhere in a line (inline markup, escapes and references, HTML,
// tables, strikethrough, the Typographer's quotes, Linkify's e-mail
// addresses, and the whitespace and control bytes goldmark treats apart);
// proseLook may, depending on what follows or where it stands.
const (
	proseOK = iota
	proseStop
	proseLook
)

var proseClass = func() (t [256]uint8) {
	for _, c := range []byte("\\&*_[]!<>#|~`\"'@\t\r\v\f\x00") {
		t[c] = proseStop
	}
	for _, c := range []byte(".-:wW\n") {
		t[c] = proseLook
	}
	return t
}()

// prose writes the plain text of p.src, one paragraph a line, when p.src is
// prose, and reports false, having written nothing, when it cannot be
// certain of that.
func (p *mdPlain) prose() bool {
	src := p.src
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		return false
	}
	if len(src) > 0 && !proseLineStart(src) {
		return false
	}
	for i, c := range src {
		switch proseClass[c] {
		case proseOK:
			continue
		case proseStop:
			return false
		}
		switch c {
		case '\n':
			if i+1 < len(src) && !proseLineStart(src[i+1:]) {
				return false
			}
		case '.': // the Typographer's ellipsis
			if bytes.HasPrefix(src[i:], []byte("...")) {
				return false
			}
		case '-': // its dashes
			if i+1 < len(src) && src[i+1] == '-' {
				return false
			}
		case ':': // Linkify's URLs
			if bytes.HasPrefix(src[i:], []byte("://")) {
				return false
			}
		case 'w', 'W':
			if len(src)-i >= 4 && strings.EqualFold(string(src[i:i+4]), "www.") {
				return false
			}
		}
	}
	// Each paragraph's words joined by one space, as strings.Fields and
	// strings.Join give the parser's paragraphs; a blank line ends one.
	p.b.Grow(len(src))
	inPara, space := false, false
	for i := 0; i < len(src); {
		c := src[i]
		if c == '\n' && i+1 < len(src) && src[i+1] == '\n' {
			inPara, space = false, false
			i += 2
			continue
		}
		if n := proseSpace(src[i:]); n > 0 {
			space = true
			i += n
			continue
		}
		j := i + 1
		for ; j < len(src); j++ {
			if c := src[j]; c == ' ' || c == '\n' || c >= utf8.RuneSelf && proseSpace(src[j:]) > 0 {
				break
			}
		}
		if !inPara {
			p.startBlock()
			inPara = true
		} else if space {
			p.b.WriteByte(' ')
		}
		p.b.Write(src[i:j])
		i, space = j, false
	}
	return true
}

// proseLineStart reports whether a line beginning at line can only start a
// paragraph or continue one: no indentation (code), no list marker, no
// setext underline or table delimiter row, no block starting with a digit run and '.' or ')'.
func proseLineStart(line []byte) bool {
	switch line[0] {
	case ' ', '-', '+', '=', ':': // ':' may start a table's delimiter row
		return false
	}
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i == 0 || i == len(line) || (line[i] != '.' && line[i] != ')')
}

// proseSpace returns the length of the space character b starts with (as
// strings.Fields counts spaces), 0 if it starts with another.
func proseSpace(b []byte) int {
	switch c := b[0]; {
	case c == ' ' || c == '\n':
		return 1
	case c < utf8.RuneSelf:
		return 0
	}
	r, n := utf8.DecodeRune(b)
	if unicode.IsSpace(r) {
		return n
	}
	return 0
}
