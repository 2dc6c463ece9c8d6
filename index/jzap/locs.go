package jzap

// jippnas: the locations of a posting, changed from zap v17 (see
// README.md). Zap writes five varints and the array positions for every
// location: field, position, start and end offsets, number of array
// positions. jippnas indexes positions only (no offsets, no array
// positions) in the field of the posting itself, so four of those five
// varints are constant. Here a location costs one varint when it is plain,
// that is in the posting's own field, with zero offsets, no array positions
// and at or after the previous location of the posting (prev, 0 for the
// first):
//
//	(pos − prev) << 1
//
// and any other location keeps all it holds:
//
//	pos << 1 | 1, field, start, end, number of array positions, array positions…
//
// Zap also writes, before a posting's locations, their length in bytes,
// so that a reader can skip them. jzap writes nothing when a posting has
// as many locations as its frequency (every field jippnas indexes with
// positions), and their count otherwise; which of the two is said by the
// frequency's varint (encodeFreqHasLocs), and a reader skips locations by
// reading their headers (skipLocs).

// appendLoc appends the varints of one location of a posting in field own
// to args and returns them with the location's position, the next prev.
func appendLoc(args []uint64, own, field uint16, prev, pos, start, end uint64, ap []uint64) ([]uint64, uint64) {
	if field == own && start == 0 && end == 0 && len(ap) == 0 && pos >= prev {
		return append(args, (pos-prev)<<1), pos
	}
	args = append(args, pos<<1|1, uint64(field), start, end, uint64(len(ap)))
	return append(args, ap...), pos
}
