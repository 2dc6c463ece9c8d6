package index

// MarkSchema records another schema version in the live generation, as an
// index built by an older program would carry.
func MarkSchema(ix *Index, version string) error {
	g := ix.acquire()
	defer g.release()
	return g.idx.SetInternal(internalSchema, []byte(version))
}
