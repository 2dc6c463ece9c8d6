package main

import (
	"context"
	"io"

	"jippnas/content"
	"jippnas/index"
)

// benchExtras times suggest and similar.
func benchExtras(ctx context.Context, c benchConfig, st *content.Store, ix *index.Index, queries []benchQuery, res *benchResult, stdout io.Writer) error {
	return nil
}
