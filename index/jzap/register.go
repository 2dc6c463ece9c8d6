package jzap

import "github.com/blevesearch/bleve/v2/index/scorch"

// Config is the scorch configuration that makes an index write its
// segments in this format. Scorch keeps it in the index's metadata, so a
// reopened index goes on writing the same.
func Config() map[string]any {
	return map[string]any{"forceSegmentType": Type, "forceSegmentVersion": int(Version)}
}

// Scorch looks up a segment's format by its type and version in its
// registry, for the segments it opens as well as those it writes: this is
// the one registration, like an analyzer's.
func init() {
	scorch.RegisterSegmentPlugin(&ZapPlugin{}, false)
}
