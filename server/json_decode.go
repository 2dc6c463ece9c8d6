package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"jippnas/content"
)

// decodeJSON is the one way a JSON request body is read. The body must be
// exactly one JSON value of v's shape: no unknown fields, nothing after it
// but white space, valid UTF-8, and no NUL character in any string. The
// body's size was capped by the route (bodyLimit). Errors say where
// (byte offset or field) and match ErrInvalid, or are 413s.
func decodeJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return fmt.Errorf("request body is over the limit of %d bytes for this endpoint: %w", mbe.Limit, errTooLarge)
		}
		return fmt.Errorf("read request body: %w", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return invalidBody("empty body; send one JSON object")
	}
	if !utf8.Valid(body) {
		return invalidBody(fmt.Sprintf("not valid UTF-8 at byte %d", invalidUTF8At(body)))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return invalidBody(jsonProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return invalidBody(fmt.Sprintf("unexpected data after the JSON object at byte %d", dec.InputOffset()))
	}
	if field, ok := nulIn(reflect.ValueOf(v), ""); ok {
		return &paramError{param: field, msg: "contains a NUL character"}
	}
	return nil
}

func invalidBody(msg string) error {
	return fmt.Errorf("request body: %s: %w", msg, content.ErrInvalid)
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// jsonProblem words a decoding error for the client.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return fmt.Sprintf("field %q: expected %s, got JSON %s", te.Field, te.Type, te.Value)
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "invalid JSON: the body ends in the middle of a value"
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return "unknown field " + f
	}
	return "invalid JSON: " + err.Error()
}

// nulIn finds a string holding NUL anywhere in v and names its JSON path.
func nulIn(v reflect.Value, at string) (string, bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "", false
		}
		return nulIn(v.Elem(), at)
	case reflect.String:
		return at, strings.IndexByte(v.String(), 0) >= 0
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if f, ok := nulIn(v.Index(i), fmt.Sprintf("%s[%d]", at, i)); ok {
				return f, true
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if f, ok := nulIn(it.Value(), joinPath(at, fmt.Sprint(it.Key()))); ok {
				return f, true
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name := sf.Name
			if tag, _, _ := strings.Cut(sf.Tag.Get("json"), ","); tag == "-" {
				continue
			} else if tag != "" {
				name = tag
			}
			next := joinPath(at, name)
			if sf.Anonymous {
				next = at
			}
			if f, ok := nulIn(v.Field(i), next); ok {
				return f, true
			}
		}
	}
	return "", false
}

func joinPath(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}
