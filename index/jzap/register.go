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
//
// An index written by version 1 records that version: it is opened with
// the same code, which reads version 1 segments and writes version 2 ones
// (its merges and new segments), until the rebuild its schema version
// asks for replaces it.
func init() {
	scorch.RegisterSegmentPlugin(&ZapPlugin{}, false)
	scorch.RegisterSegmentPlugin(&v1Plugin{}, false)
}

// v1Plugin is this format under the version 1 that older indexes record.
type v1Plugin struct{ ZapPlugin }

func (*v1Plugin) Version() uint32 { return 1 }
