package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
)

// A shown/ value holds what a list of results shows of a document in one
// read: a format byte, the card's JSON length (uvarint), the card (the
// document without its body, and the body's sections) and the body's
// plain text, raw. The text stays out of the JSON so that decoding a card
// never scans it; reading the text is a copy.
const shownFormat = 1

var errShownFormat = errors.New("unknown shown/ value format")

func encodeShown(c card, text string) ([]byte, error) {
	head, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	v := make([]byte, 0, 1+binary.MaxVarintLen64+len(head)+len(text))
	v = append(v, shownFormat)
	v = binary.AppendUvarint(v, uint64(len(head)))
	v = append(v, head...)
	return append(v, text...), nil
}

// splitShown returns the card's JSON and the text, both slices of v: a
// caller that keeps the text copies it, one that needs only the card
// (results without highlights) copies nothing.
func splitShown(v []byte) (head, text []byte, err error) {
	if len(v) == 0 || v[0] != shownFormat {
		return nil, nil, errShownFormat
	}
	n, k := binary.Uvarint(v[1:])
	if k <= 0 || n > uint64(len(v)-1-k) {
		return nil, nil, errShownFormat
	}
	return v[1+k : 1+k+int(n)], v[1+k+int(n):], nil
}
