package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"

	"jippnas/content"
	"jippnas/content/store"
)

// build creates a generation holding every document of a store snapshot.
// Its high-water mark is the snapshot's sequence; later changes are applied
// by catchUp.
func (ix *Index) build(ctx context.Context) (*generation, error) {
	g, err := ix.newGeneration()
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*generation, error) {
		g.idx.Close()
		if !ix.cfg.InMemory {
			os.RemoveAll(filepath.Join(ix.cfg.Dir, g.name))
		}
		return nil, err
	}
	b := newBatcher(ix, g)
	var pending []content.Document
	flushPending := func() error {
		ids := make([]string, len(pending))
		for i, d := range pending {
			ids[i] = d.ID
		}
		err := b.apply(pending, ids)
		pending = pending[:0]
		return err
	}
	seq, err := ix.store.Each(ctx, func(d content.Document) error {
		pending = append(pending, d)
		if len(pending) == 256 {
			return flushPending()
		}
		return nil
	})
	if err == nil {
		err = flushPending()
	}
	if err != nil {
		b.wg.Wait()
		return fail(fmt.Errorf("build index: %w", err))
	}
	if err := b.finish(seq); err != nil {
		return fail(fmt.Errorf("build index: %w", err))
	}
	return g, nil
}

// batcher groups index operations into Bleve batches bounded by bytes and
// applies up to maxInFlight of them at once. A Bleve batch analyses its
// documents on every core and then builds its segment on one; with two in
// flight, one batch's segment building overlaps the next one's analysis.
// Two batches in flight never share a document id, so the order in which
// they land cannot matter. The high-water mark is written only by finish,
// after every batch before it has landed: a crash before then replays the
// changes, which is harmless.
type batcher struct {
	ix     *Index
	g      *generation
	batch  *bleve.Batch
	ids    map[string]bool
	bytes  int
	sem    chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error
	flying map[int]map[string]bool // ids of the batches in flight, by number
	next   int
}

const maxInFlight = 2

func newBatcher(ix *Index, g *generation) *batcher {
	return &batcher{ix: ix, g: g, batch: g.idx.NewBatch(), ids: map[string]bool{},
		sem: make(chan struct{}, maxInFlight), flying: map[int]map[string]bool{}}
}

func (b *batcher) index(d content.Document, text string) error {
	x := toIndexed(d, b.ix.regions, text)
	doc := document.NewDocument(d.ID)
	if err := b.g.idx.Mapping().MapDocument(doc, x.fields()); err != nil {
		return fmt.Errorf("index %q: %w", d.ID, err)
	}
	indexPositions(doc)
	ownTextFields(doc, &b.ix.freqs)
	addLengths(doc)
	if err := b.batch.IndexAdvanced(doc); err != nil {
		return fmt.Errorf("index %q: %w", d.ID, err)
	}
	b.ids[d.ID] = true
	b.bytes += len(d.Title) + len(d.Summary) + len(text) + 256
	if b.bytes >= b.ix.cfg.BatchBytes {
		return b.flush()
	}
	return nil
}

func (b *batcher) delete(id string) {
	b.batch.Delete(id)
	b.ids[id] = true
}

// apply adds docs, with the plain text the store keeps for them, and
// deletes every id of ids that is not among docs (no longer stored).
func (b *batcher) apply(docs []content.Document, ids []string) error {
	texts, err := b.ix.store.Texts(ids)
	if err != nil {
		return err
	}
	shown := make([]store.Shown, len(docs))
	for i, d := range docs {
		shown[i].Doc, shown[i].Text = d, texts[d.ID]
	}
	return b.applyShown(shown, ids)
}

// applyShown adds the documents shown (a document and its plain text, as
// the store keeps them for lists of results: what the index reads of a
// document, in one read) and deletes every id of ids not among them.
func (b *batcher) applyShown(shown []store.Shown, ids []string) error {
	present := make(map[string]bool, len(shown))
	for _, sh := range shown {
		present[sh.Doc.ID] = true
		if err := b.index(sh.Doc, sh.Text); err != nil {
			return err
		}
	}
	for _, id := range ids {
		if !present[id] {
			b.delete(id)
		}
	}
	return nil
}

// flush hands the current batch to a background writer, after waiting for
// a free slot, or for every batch in flight if one touches the same ids.
func (b *batcher) flush() error {
	if b.batch.Size() == 0 {
		return b.failed()
	}
	b.mu.Lock()
	overlap := false
	for _, f := range b.flying {
		for id := range b.ids {
			if f[id] {
				overlap = true
				break
			}
		}
	}
	b.mu.Unlock()
	if overlap {
		b.wg.Wait()
	}
	if err := b.failed(); err != nil {
		return err
	}
	b.sem <- struct{}{}
	batch, n := b.batch, b.next
	b.next++
	b.mu.Lock()
	b.flying[n] = b.ids
	b.mu.Unlock()
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		err := b.g.idx.Batch(batch)
		b.mu.Lock()
		if err != nil && b.err == nil {
			b.err = err
		}
		delete(b.flying, n)
		b.mu.Unlock()
		<-b.sem
	}()
	b.batch, b.ids, b.bytes = b.g.idx.NewBatch(), map[string]bool{}, 0
	return nil
}

func (b *batcher) failed() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// finish flushes what is left, waits for every batch, and then records hwm
// as the last change the generation holds.
func (b *batcher) finish(hwm uint64) error {
	if err := b.flush(); err != nil {
		b.wg.Wait()
		return err
	}
	b.wg.Wait()
	if err := b.failed(); err != nil {
		return err
	}
	hb := b.g.idx.NewBatch()
	hb.SetInternal(internalHWM, binary.BigEndian.AppendUint64(nil, hwm))
	if err := b.g.idx.Batch(hb); err != nil {
		return err
	}
	b.g.hwm.Store(hwm)
	return nil
}
