package content

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Callers test with errors.Is; the server maps them to HTTP
// status codes in one place.
var (
	ErrNotFound = errors.New("not found")
	ErrInvalid  = errors.New("invalid")
	ErrConflict = errors.New("conflict")
	// ErrUnavailable: the operation cannot be done now (the store cannot
	// reach its disk, the server is overloaded); the client may retry.
	ErrUnavailable = errors.New("unavailable")
)

// FieldError is one problem with one field of a document.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e FieldError) String() string { return e.Field + ": " + e.Message }

// FieldError is also the error of one bad field or request parameter on its
// own; it matches ErrInvalid.
func (e *FieldError) Error() string { return e.String() }

func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// ValidationError carries every field error of a document at once, so that a
// user fixes a record in one round trip. It matches ErrInvalid.
type ValidationError struct {
	ID     string       `json:"id,omitempty"`
	Fields []FieldError `json:"errors"`
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.String()
	}
	msg := strings.Join(parts, "; ")
	if e.ID != "" {
		return fmt.Sprintf("document %q: %s", e.ID, msg)
	}
	return msg
}

func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func (e *ValidationError) add(field, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// LineError is a problem with one line of an import file. Its text is
// "file:line: field: message", the form editors and CI logs understand.
type LineError struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (e *LineError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	fmt.Fprintf(&b, "%d: ", e.Line)
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

func (e *LineError) Is(target error) bool { return target == ErrInvalid }
