package search

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"jippnas/content"
)

// A cursor is the sort values of the last hit of a page, opaque to
// clients: the next page starts after them (search_after).

func encodeCursor(sort []string) string {
	b, _ := json.Marshal(sort)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(c string) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	var out []string
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		return nil, fmt.Errorf("malformed cursor: %w", content.ErrInvalid)
	}
	return out, nil
}
