package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
)

// A shown/ value holds what a list of results shows of a document in one
// read: a format byte, the card's length (uvarint), the card (the document
// without its body, and the body's sections) and the body's plain text,
// raw. The text stays out of the card so that decoding a card never scans
// it; reading the text is a copy. Format 1 holds the card as JSON (stores
// written before 2026-12-07, read as they are and rewritten on the next
// write of the document); format 2 in binary (card_codec.go).
const (
	shownJSON   = 1
	shownFormat = 2
)

var errShownFormat = errors.New("unknown shown/ value format")

func encodeShown(c card, text string) ([]byte, error) {
	head := appendCard(make([]byte, 0, 512), c)
	v := make([]byte, 0, 1+binary.MaxVarintLen64+len(head)+len(text))
	v = append(v, shownFormat)
	v = binary.AppendUvarint(v, uint64(len(head)))
	v = append(v, head...)
	return append(v, text...), nil
}

// splitShown returns the card and the text, both slices of v, and the
// value's format: a caller that keeps the text copies it, one that needs
// only the card (results without highlights) copies nothing.
func splitShown(v []byte) (head, text []byte, format byte, err error) {
	if len(v) == 0 || (v[0] != shownFormat && v[0] != shownJSON) {
		return nil, nil, 0, errShownFormat
	}
	n, k := binary.Uvarint(v[1:])
	if k <= 0 || n > uint64(len(v)-1-k) {
		return nil, nil, 0, errShownFormat
	}
	return v[1+k : 1+k+int(n)], v[1+k+int(n):], v[0], nil
}

// decodeShownCard decodes the card splitShown found in a value of format.
func decodeShownCard(head []byte, format byte) (card, error) {
	if format == shownJSON {
		var c card
		err := json.Unmarshal(head, &c)
		return c, err
	}
	return decodeCard(head)
}
