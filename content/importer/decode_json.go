package importer

import (
	"errors"
	"io"
	"strconv"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"jippnas/content"
)

// decodeOptions decode a record as encoding/json did, with unknown fields
// refused: names match regardless of case, a repeated name's last value
// wins, and invalid UTF-8 becomes U+FFFD. The decoder is encoding/json/v2
// (as a module until Go 1.27 makes it standard): a record decodes three to
// five times faster than with encoding/json (BenchmarkDecodeDocument), which
// an import pays for every line, twice (docs/benchmarks.md, 2026-12-07,
// fifth session).
var decodeOptions = jsonv2.JoinOptions(
	jsonv2.RejectUnknownMembers(true),
	jsonv2.MatchCaseInsensitiveNames(true),
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
)

// decodeDocument decodes one JSON Lines record, line number n; the error
// says which field is wrong and how, in the words the import's messages
// have always used. It reads nothing of r that Next changes, so that lines
// decode on several goroutines (read_ahead.go).
func (r *Reader) decodeDocument(line []byte, n int) (content.Document, *content.LineError) {
	var d content.Document
	err := jsonv2.Unmarshal(line, &d, decodeOptions)
	if err == nil {
		return d, nil
	}
	var se *jsonv2.SemanticError
	var ye *jsontext.SyntacticError
	switch {
	case errors.As(err, &se):
		field := fieldOf(se.JSONPointer)
		switch {
		case errors.Is(se.Err, jsonv2.ErrUnknownName):
			return d, r.lineErr(n, field, "unknown field")
		case se.GoType != nil && se.JSONKind != 0:
			return d, r.lineErr(n, field, "expected %s, got JSON %s", se.GoType, kindName(se.JSONKind))
		case se.Err != nil:
			return d, r.lineErr(n, field, "invalid value: %v", se.Err)
		}
		return d, r.lineErr(n, field, "invalid value")
	case errors.As(err, &ye):
		switch {
		case errors.Is(ye.Err, io.ErrUnexpectedEOF):
			return d, r.lineErr(n, "", "invalid JSON: unexpected end of line")
		case strings.Contains(ye.Err.Error(), "after top-level value"):
			return d, r.lineErr(n, "", "more than one JSON value on the line")
		}
		return d, r.lineErr(n, "", "invalid JSON at byte %d: %v", ye.ByteOffset+1, ye.Err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return d, r.lineErr(n, "", "invalid JSON: unexpected end of line")
	}
	return d, r.lineErr(n, "", "invalid JSON: %v", err)
}

// fieldOf names the field a JSON pointer leads to as encoding/json did:
// member names joined by dots, list indexes left out ("/provenance/0/source"
// is provenance.source).
func fieldOf(p jsontext.Pointer) string {
	var names []string
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil {
			continue
		}
		names = append(names, tok)
	}
	return strings.Join(names, ".")
}

// kindName is the name of a JSON kind in a message.
func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "bool"
	case '"':
		return "string"
	case '0':
		return "number"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return k.String()
}
