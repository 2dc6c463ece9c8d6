// Package similar finds documents like a given one — innovations to
// replicate, guides and news about it — and the same innovation reported
// twice by different sources (duplicates).
package similar

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/analyzers"
	"jippnas/content"
	"jippnas/content/refdata"
	"jippnas/content/store"
	"jippnas/index"
	"jippnas/index/bm25"
	"jippnas/index/facet"
)

// "More like this" for innovations: Bleve has none, so the source text is
// analysed here, its most distinctive terms (field weight × tf × idf) become
// a bounded disjunction of boosted term queries, and the candidates are
// re-ranked for the purpose of replication: same sector first, other
// regions preferred, one result per institution, never the same innovation
// reported by another source.

// Finder answers similarity and duplicate questions over an index. Its
// document-frequency cache is per generation.
type Finder struct {
	ix     *index.Index
	df     dfCache
	scorer *bm25.Scorer
}

// Decoded postings kept for similarity queries: the lists of terms at
// least postingsMin documents hold in a segment, postingsBudget bytes in
// all. The posting budget of a query keeps its lists short: most are read
// from the segments.
const (
	postingsBudget = 16 << 20
	postingsMin    = 2048
)

// New returns a finder over ix.
func New(ix *index.Index) *Finder {
	return &Finder{ix: ix, scorer: bm25.NewScorer(postingsBudget, postingsMin)}
}

// maxSize caps the results of one similarity request.
const maxSize = 100

// SimilarOptions tunes a similarity search. Zero values take the defaults.
type SimilarOptions struct {
	Size           int           // results wanted (default 5, at most search.MaxSize)
	Filters        facet.Filters // the search filters, ANDed
	YearFrom       int           // year range filter, as in Request
	YearTo         int
	PerInstitution int      // at most this many results per institution (default 1)
	Types          []string // document types (default innovation); a type filter in Filters wins
	// Sector, Stage and RegionCode describe free text (SimilarToText): the
	// same boosts and penalties as for a stored document then apply.
	Sector     string
	Stage      string
	RegionCode string
	// Exclude lists ids never returned (besides the source and its duplicates).
	Exclude []string
}

// SimilarHit is one similar document with a human-readable explanation.
type SimilarHit struct {
	Doc         content.Document
	Score       float64
	SharedTerms []string // the source's own surface words shared with Doc
	SameSector  bool
	Reason      string // Indonesian, e.g. "Sektor sama (Kesehatan); kata kunci bersama: stunting, gizi"
}

// Tuning constants, measured on testdata/similar_judged.tsv.
const (
	simMaxTerms      = 25   // query terms taken from the source
	simBodyTerms     = 12   // of which also searched in the (long, costly) body field
	simSameSector    = 1.35 // score multiplier for the same sector
	simSameStage     = 1.05 // and for the same stage
	simSameRegency   = 0.8  // penalty: replication wants other regions
	simMaxCandidates = 60   // hits re-ranked for diversity and duplicates
	simSharedShown   = 5
	// The query's cost is the postings it visits: Σ df over its term
	// queries. Terms are taken best first while they fit this budget, so
	// latency stays bounded however large the collection; the terms left
	// out are the frequent ones, which discriminate least anyway (as
	// Lucene's MoreLikeThis maxDocFreq).
	simPostingBudget = 16000
)

// Query-time field weights for the source terms.
var simFieldWeight = map[string]float64{index.FieldTitle: 3, index.FieldTags: 2, index.FieldSummary: 2, index.FieldText: 1}

// simNoise are terms too general to say what an innovation is about, or
// which only name a kind of government body; idf alone under-weights them
// too little in a small collection.
var simNoise = map[string]bool{
	"inovasi": true, "layan": true, "kabupaten": true, "kab": true, "kota": true, "provinsi": true, "prov": true,
	"dinas": true, "pemerintah": true, "pemkab": true, "pemkot": true, "pemprov": true, "daerah": true,
	"program": true, "sistem": true, "tahun": true, "persen": true, "masyarakat": true, "warga": true,
	"latar": true, "belakang": true, "solusi": true, "dampak": true, "ajar": true, "replikasi": true,
	"hasil": true, "kunci": true, "berhasil": true, "biaya": true, "awal": true, "rp": true, "juta": true,
}

// sourceDoc is the analysed text of the document similar ones are sought for.
type sourceDoc struct {
	doc     content.Document
	terms   []weightedTerm            // best first, at most simMaxTerms
	surface map[string]string         // stem → a word as the source wrote it
	tfidf   map[string]float64        // all terms, for cosine similarity
	fields  map[string]map[string]int // field → term → tf
	n       uint64                    // documents in the index
	df      map[string]uint64
}

type weightedTerm struct {
	term   string
	weight float64 // field weight × tf part, without idf (Bleve applies idf)
	score  float64 // weight × idf: the selection order
}

// dfCache holds document frequencies for one index generation. They only
// choose and weigh the terms of a similarity query, so they may lag the
// index a little: they are dropped when the document count has moved by
// more than dfDrift, not on every write, which would make every similar
// request after an update re-read the dictionaries.
type dfCache struct {
	mu  sync.Mutex
	gen string // the generation they were read from
	n   uint64
	df  map[string]uint64

	types        map[string]uint64 // documents per type
	typesVersion uint64
}

const (
	dfCacheMax = 500_000
	dfDrift    = 0.02
)

// docFreqs returns the document count and the document frequency of each
// term, cached per generation.
func (sm *Finder) docFreqs(v index.View, terms []string) (uint64, map[string]uint64, error) {
	c := &sm.df
	c.mu.Lock()
	defer c.mu.Unlock()
	now, err := v.Bleve().DocCount()
	if err != nil {
		return 0, nil, err
	}
	if c.df == nil || c.gen != v.Generation() || len(c.df) > dfCacheMax ||
		math.Abs(float64(now)-float64(c.n)) > dfDrift*float64(c.n) {
		c.df, c.gen, c.n = map[string]uint64{}, v.Generation(), now
	}
	out := make(map[string]uint64, len(terms))
	var missing []string
	for _, t := range terms {
		if n, ok := c.df[t]; ok {
			out[t] = n
		} else if _, dup := out[t]; !dup {
			out[t] = 0
			missing = append(missing, t)
		}
	}
	if len(missing) == 0 && c.n > 0 {
		return c.n, out, nil
	}
	adv, err := v.Bleve().Advanced()
	if err != nil {
		return 0, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, nil, fmt.Errorf("similar: not a scorch index")
	}
	// The text field holds the title, summary and tags as well: its count
	// is the largest over the fields. Each segment's dictionary is opened
	// once for all the terms (a term reader per term opens them all per
	// term: most of a first similar request's time).
	for _, ss := range snap.Segments() {
		dict, err := ss.Segment().Dictionary(index.FieldText)
		if err != nil {
			return 0, nil, fmt.Errorf("similar: %w", err)
		}
		var pl segment.PostingsList
		for _, t := range missing {
			if pl, err = dict.PostingsList([]byte(t), ss.Deleted(), pl); err != nil {
				return 0, nil, fmt.Errorf("similar: %w", err)
			}
			if pl != nil {
				out[t] += pl.Count()
			}
		}
	}
	for _, t := range missing {
		c.df[t] = out[t]
	}
	return c.n, out, nil
}

// typeCounts returns the number of documents of each type, cached per
// index version with the document frequencies.
func (sm *Finder) typeCounts(v index.View) (map[string]uint64, error) {
	c := &sm.df
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.types != nil && c.typesVersion == sm.ix.Version() {
		return c.types, nil
	}
	adv, err := v.Bleve().Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out := map[string]uint64{}
	for _, t := range content.Types {
		tfr, err := r.TermFieldReader(context.Background(), []byte(t.Value), index.FieldType, false, false, false)
		if err != nil {
			return nil, err
		}
		out[t.Value] = tfr.Count()
		tfr.Close()
	}
	c.types, c.typesVersion = out, sm.ix.Version()
	return out, nil
}

// analyseFields analyses each text field of d, collecting tf per field and
// the surface words behind each term.
func (sm *Finder) analyseFields(d content.Document, body string, drop map[string]bool) (map[string]map[string]int, map[string]map[string]int) {
	fields := map[string]map[string]int{}
	surfaces := map[string]map[string]int{}
	add := func(field, text string) {
		if text == "" {
			return
		}
		m := fields[field]
		if m == nil {
			m = map[string]int{}
			fields[field] = m
		}
		for _, t := range index.Analyse(analyzers.AnalyzerName, text) {
			if t.Kind == analyzers.KindNumber || len(t.Term) < 3 || analyzers.IsStopword(t.Term) || simNoise[t.Term] || drop[t.Term] {
				continue
			}
			m[t.Term]++
			if t.Start >= 0 && t.End <= len(text) && t.Start < t.End {
				w := strings.ToLower(text[t.Start:t.End])
				if !strings.ContainsAny(w, " \t\n") {
					s := surfaces[t.Term]
					if s == nil {
						s = map[string]int{}
						surfaces[t.Term] = s
					}
					s[strings.Trim(w, ".,;:()\"'")]++
				}
			}
		}
	}
	add(index.FieldTitle, d.Title)
	add(index.FieldSummary, d.Summary)
	add(index.FieldTags, strings.Join(d.Tags, ". "))
	add(index.FieldText, body)
	return fields, surfaces
}

// bodyText is the plain text of d's body: the one the store derived at
// write time for a stored document, so that Markdown is not parsed again
// on every similar request; derived now for free text.
func (sm *Finder) bodyText(d content.Document) string {
	if d.Body == "" {
		return ""
	}
	if d.Revision > 0 {
		if texts, err := sm.ix.Store().Texts([]string{d.ID}); err == nil {
			if t, ok := texts[d.ID]; ok {
				return t
			}
		}
	}
	return sm.ix.Store().PlainText(d.Body)
}

// regionTerms are the analysed words of a document's region names: shared
// place names say nothing about the kind of innovation.
func (sm *Finder) regionTerms(code string) map[string]bool {
	out := map[string]bool{}
	if code == "" || sm.ix.Regions() == nil {
		return out
	}
	var names []string
	if r, ok := sm.ix.Regions().Lookup(code); ok {
		names = append(names, r.Name)
	}
	if p, ok := sm.ix.Regions().ProvinceOf(code); ok {
		names = append(names, p.Name)
	}
	for _, t := range index.Analyse(analyzers.AnalyzerName, strings.Join(names, " ")) {
		out[t.Term] = true
	}
	return out
}

// source analyses d and weights its terms.
func (sm *Finder) source(v index.View, d content.Document) (*sourceDoc, error) {
	return sm.sourceWith(v, d, sm.bodyText(d))
}

// sourceWith is source for a document whose body's plain text is known
// (a candidate, read with it).
func (sm *Finder) sourceWith(v index.View, d content.Document, body string) (*sourceDoc, error) {
	fields, surfaces := sm.analyseFields(d, body, sm.regionTerms(d.RegionCode))
	tfw := map[string]float64{}
	for f, m := range fields {
		for t, n := range m {
			tfw[t] += simFieldWeight[f] * (1 + math.Log(float64(n)))
		}
	}
	all := make([]string, 0, len(tfw))
	for t := range tfw {
		all = append(all, t)
	}
	n, df, err := sm.docFreqs(v, all)
	if err != nil {
		return nil, err
	}
	src := &sourceDoc{doc: d, surface: map[string]string{}, tfidf: map[string]float64{}, fields: fields, n: n, df: df}
	var ws []weightedTerm
	for _, t := range all {
		// A term no other document has cannot find anything.
		dft := max(df[t], 1)
		s := tfw[t] * index.IDF(max(n, dft), dft)
		src.tfidf[t] = s
		if df[t] > 0 && (n < 2 || df[t] < n) {
			ws = append(ws, weightedTerm{term: t, weight: tfw[t], score: s})
		}
	}
	sort.Slice(ws, func(i, j int) bool {
		if ws[i].score != ws[j].score {
			return ws[i].score > ws[j].score
		}
		return ws[i].term < ws[j].term
	})
	spent := uint64(0)
	for _, wt := range ws {
		if len(src.terms) == simMaxTerms {
			break
		}
		cost := df[wt.term] * 3 // title, summary, tags
		if len(src.terms) < simBodyTerms {
			cost += df[wt.term]
		}
		if spent+cost > simPostingBudget {
			continue
		}
		spent += cost
		src.terms = append(src.terms, wt)
	}
	for t, s := range surfaces {
		src.surface[t] = bestSurface(s)
	}
	return src, nil
}

// bestSurface is the most frequent written form (the shortest on a tie).
func bestSurface(m map[string]int) string {
	best, bn := "", -1
	for w, n := range m {
		if n > bn || (n == bn && (len(w) < len(best) || (len(w) == len(best) && w < best))) {
			best, bn = w, n
		}
	}
	return best
}

// termQueries are the source terms, boosted by weight, in each field.
func (src *sourceDoc) termQueries() []bm25.Term {
	if len(src.terms) == 0 {
		return nil
	}
	top := src.terms[0].weight
	var out []bm25.Term
	for i, wt := range src.terms {
		w := wt.weight / top
		for _, f := range []string{index.FieldTitle, index.FieldSummary, index.FieldTags, index.FieldText} {
			if f == index.FieldText && i >= simBodyTerms {
				continue
			}
			out = append(out, bm25.Term{Field: f, Term: wt.term, Boost: w * simFieldWeight[f]})
		}
	}
	return out
}

// textQuery is the disjunction of the source terms as a Bleve query.
func (src *sourceDoc) textQuery() query.Query {
	ts := src.termQueries()
	if len(ts) == 0 {
		return nil
	}
	qs := make([]query.Query, len(ts))
	for i, t := range ts {
		tq := bleve.NewTermQuery(t.Term)
		tq.SetField(t.Field)
		tq.SetBoost(t.Boost)
		qs[i] = tq
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func (o *SimilarOptions) normalize() {
	if o.Size <= 0 {
		o.Size = 5
	}
	o.Size = min(o.Size, maxSize)
	if o.PerInstitution <= 0 {
		o.PerInstitution = 1
	}
	if len(o.Types) == 0 {
		o.Types = []string{content.TypeInnovation}
	}
}

// candidate is one retrieved document with its score. doc is its card (no
// Markdown body); text is its body's plain text.
type candidate struct {
	doc   content.Document
	text  string
	score float64
}

// candidates runs the similarity query: filters, types and exclusions
// applied, at most k hits.
func (sm *Finder) candidates(ctx context.Context, v index.View, src *sourceDoc, opt SimilarOptions, exclude []string, k int) ([]candidate, error) {
	text := src.textQuery()
	if text == nil {
		return nil, nil
	}
	f := facet.Filters{}
	for name, v := range opt.Filters {
		f[name] = v
	}
	var notTypes []string
	if len(f[facet.Type]) == 0 {
		// Nearly every document is an innovation: excluding the few pages
		// is much cheaper than intersecting with every innovation.
		counts, err := sm.typeCounts(v)
		if err != nil {
			return nil, err
		}
		var in, out uint64
		var others []string
		for _, t := range content.Types {
			if slices.Contains(opt.Types, t.Value) {
				in += counts[t.Value]
			} else {
				out += counts[t.Value]
				others = append(others, t.Value)
			}
		}
		if out < in {
			notTypes = others
		} else {
			f[facet.Type] = opt.Types
		}
	}
	var hits []bm25.Hit
	if opt.YearFrom == 0 && opt.YearTo == 0 {
		var err error
		if hits, err = sm.topDirect(ctx, v, src, f, notTypes, exclude, k); err != nil {
			return nil, err
		}
	} else {
		var err error
		if hits, err = sm.topBleve(ctx, v, text, facet.Selection{Filters: f, YearFrom: opt.YearFrom, YearTo: opt.YearTo}, notTypes, exclude, k); err != nil {
			return nil, err
		}
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	// Read as a list of results reads them: the card and the plain text
	// in one read, not the whole document as JSON and the text apart.
	shown, err := sm.ix.Store().ShowMany(ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]store.Shown, len(shown))
	for _, sh := range shown {
		byID[sh.Doc.ID] = sh
	}
	out := make([]candidate, 0, len(hits))
	for _, h := range hits {
		if sh, ok := byID[h.ID]; ok {
			out = append(out, candidate{doc: sh.Doc, text: sh.Text, score: h.Score})
		}
	}
	return out, nil
}

// topDirect runs the similarity query over the postings (index/bm25):
// the same hits and scores as Bleve's query, without merging some ninety
// term searchers document by document.
func (sm *Finder) topDirect(ctx context.Context, v index.View, src *sourceDoc, f facet.Filters, notTypes, exclude []string, k int) ([]bm25.Hit, error) {
	q := bm25.Query{Any: src.termQueries(), NotIDs: exclude}
	for _, t := range notTypes {
		q.Not = append(q.Not, bm25.Term{Field: index.FieldType, Term: t})
	}
	for _, name := range facet.All {
		vals := f[name]
		if len(vals) == 0 {
			continue
		}
		def, _ := facet.Lookup(name)
		var g []bm25.Term
		for _, val := range vals {
			g = append(g, bm25.Term{Field: def.Field, Term: val})
		}
		q.Only = append(q.Only, g)
	}
	hits, err := sm.scorer.Top(ctx, v, q, k)
	if err != nil {
		return nil, fmt.Errorf("similar: %w", err)
	}
	return hits, nil
}

// topBleve runs the similarity query through Bleve: for a year range,
// which bm25 does not filter on.
func (sm *Finder) topBleve(ctx context.Context, v index.View, text query.Query, sel facet.Selection, notTypes, exclude []string, k int) ([]bm25.Hit, error) {
	// The text is a must, with the filters: Bleve then drives the search
	// by the conjunction instead of visiting every filtered document.
	bq := bleve.NewBooleanQuery()
	bq.AddMust(append([]query.Query{text}, sel.Queries("")...)...)
	var not []query.Query
	if len(exclude) > 0 {
		not = append(not, bleve.NewDocIDQuery(exclude))
	}
	for _, t := range notTypes {
		tq := bleve.NewTermQuery(t)
		tq.SetField(index.FieldType)
		not = append(not, tq)
	}
	if len(not) > 0 {
		bq.AddMustNot(not...)
	}
	req := bleve.NewSearchRequestOptions(bq, k, 0, false)
	sr, err := v.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("similar: %w", err)
	}
	out := make([]bm25.Hit, len(sr.Hits))
	for i, h := range sr.Hits {
		out[i] = bm25.Hit{ID: h.ID, Score: h.Score}
	}
	return out, nil
}

// Similar returns documents like the stored document id, for replication.
func (sm *Finder) Similar(ctx context.Context, id string, opt SimilarOptions) ([]SimilarHit, error) {
	d, err := sm.ix.Store().Get(id)
	if err != nil {
		return nil, err
	}
	return sm.similarTo(ctx, d, opt)
}

// SimilarToText returns existing documents like a new text (a submission).
func (sm *Finder) SimilarToText(ctx context.Context, title, body string, opt SimilarOptions) ([]SimilarHit, error) {
	d := content.Document{Type: content.TypeInnovation, Title: title, Body: body, Sector: opt.Sector,
		Stage: opt.Stage, RegionCode: opt.RegionCode}
	return sm.similarTo(ctx, d, opt)
}

func (sm *Finder) similarTo(ctx context.Context, d content.Document, opt SimilarOptions) ([]SimilarHit, error) {
	opt.normalize()
	v := sm.ix.Acquire()
	defer v.Release()
	src, err := sm.source(v, d)
	if err != nil {
		return nil, err
	}
	exclude := slices.Clone(opt.Exclude)
	if d.ID != "" {
		exclude = append(exclude, d.ID)
	}
	k := min(max(opt.Size*4, 20), simMaxCandidates)
	cands, err := sm.candidates(ctx, v, src, opt, exclude, k)
	if err != nil {
		return nil, err
	}
	// The same innovation reported by another source is not "similar".
	var dupSrc *dupFeatures
	for i := range cands {
		c := &cands[i]
		if d.RegionCode != "" && c.doc.RegionCode == d.RegionCode || d.RegionCode == "" && c.doc.RegionCode == "" && d.ID != "" {
			if dupSrc == nil {
				dupSrc = sm.dupFeaturesOf(v, d, "", src)
			}
			if h, ok := sm.dupScore(v, dupSrc, sm.dupFeaturesOf(v, c.doc, c.text, nil)); ok && h.Score >= DuplicateThreshold {
				c.score = -1
				continue
			}
		}
		c.score *= rerank(d, c.doc)
	}
	cands = slices.DeleteFunc(cands, func(c candidate) bool { return c.score < 0 })
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })

	var out []SimilarHit
	var kept []content.Document
	for _, c := range cands {
		if len(out) >= opt.Size {
			break
		}
		n := 0
		for _, k := range kept {
			if sameInstitution(k, c.doc) {
				n++
			}
		}
		if n >= opt.PerInstitution {
			continue
		}
		kept = append(kept, c.doc)
		out = append(out, sm.explain(src, c))
	}
	return out, nil
}

// rerank applies the replication preferences to a retrieval score. They
// multiply so that they keep their meaning whatever the score scale.
func rerank(src, d content.Document) float64 {
	m := 1.0
	if src.Sector != "" && src.Sector == d.Sector {
		m *= simSameSector
	}
	if src.Stage != "" && src.Stage == d.Stage {
		m *= simSameStage
	}
	if src.RegionCode != "" && src.RegionCode == d.RegionCode && strings.Contains(src.RegionCode, ".") {
		m *= simSameRegency
	}
	return m
}

// explain builds the hit with its shared words and Indonesian reason.
func (sm *Finder) explain(src *sourceDoc, c candidate) SimilarHit {
	h := SimilarHit{Doc: c.doc, Score: c.score, SameSector: src.doc.Sector != "" && src.doc.Sector == c.doc.Sector}
	// The short fields explain best; the body (costly to analyse) only
	// when they share too few words.
	fields, _ := sm.analyseFields(content.Document{Title: c.doc.Title, Summary: c.doc.Summary, Tags: c.doc.Tags}, "", nil)
	nShort := 0
	for t := range src.tfidf {
		if fields[index.FieldTitle][t] > 0 || fields[index.FieldTags][t] > 0 || fields[index.FieldSummary][t] > 0 {
			nShort++
		}
	}
	if nShort < simSharedShown {
		fields, _ = sm.analyseFields(c.doc, c.text, nil)
	}
	type st struct {
		term  string
		score float64
	}
	var shared []st
	for t, s := range src.tfidf {
		inTitle := fields[index.FieldTitle][t] > 0 || fields[index.FieldTags][t] > 0 || fields[index.FieldSummary][t] > 0
		if inTitle || fields[index.FieldText][t] > 0 {
			if !inTitle {
				s /= 2 // body-only matches explain less
			}
			shared = append(shared, st{t, s})
		}
	}
	sort.Slice(shared, func(i, j int) bool {
		if shared[i].score != shared[j].score {
			return shared[i].score > shared[j].score
		}
		return shared[i].term < shared[j].term
	})
	// The sector's own words repeat "Sektor sama" and say nothing more.
	seen := map[string]bool{}
	if sec, ok := refdata.SectorBySlug(c.doc.Sector); ok && h.SameSector {
		for _, t := range index.Analyse(analyzers.AnalyzerName, sec.Name) {
			if w := src.surface[t.Term]; w != "" {
				seen[w] = true
			}
		}
	}
	for _, s := range shared {
		// A term with no written form of its own is derived (an acronym
		// of "Dinas Kesehatan"): not a word the source used.
		w := src.surface[s.term]
		if w == "" || seen[w] {
			continue
		}
		seen[w] = true
		h.SharedTerms = append(h.SharedTerms, w)
		if len(h.SharedTerms) == simSharedShown {
			break
		}
	}
	var parts []string
	if h.SameSector {
		name := c.doc.Sector
		if s, ok := refdata.SectorBySlug(c.doc.Sector); ok {
			name = s.Name
		}
		parts = append(parts, "Sektor sama ("+name+")")
	}
	if len(h.SharedTerms) > 0 {
		parts = append(parts, "kata kunci bersama: "+strings.Join(h.SharedTerms, ", "))
	}
	if src.doc.RegionCode != "" && c.doc.RegionCode != "" && c.doc.RegionCode != src.doc.RegionCode && sm.ix.Regions() != nil {
		if r, ok := sm.ix.Regions().Lookup(c.doc.RegionCode); ok {
			parts = append(parts, "diterapkan di daerah lain ("+r.Name+")")
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "Isi yang mirip")
	}
	r := strings.Join(parts, "; ")
	h.Reason = strings.ToUpper(r[:1]) + r[1:]
	return h
}

// Related returns guides and news for an innovation: pages whose related
// list names it first, then pages like its text.
func (sm *Finder) Related(ctx context.Context, id string, types []string, size int) ([]SimilarHit, error) {
	if len(types) == 0 {
		types = []string{content.TypeGuide, content.TypeNews}
	}
	if size <= 0 {
		size = 5
	}
	d, err := sm.ix.Store().Get(id)
	if err != nil {
		return nil, err
	}
	var out []SimilarHit
	var ids []string
	for _, prefix := range []string{content.PageID(content.PageGuide, ""), content.PageID(content.PageNews, "")} {
		_, err := sm.ix.Store().EachPrefix(prefix, func(p content.Document) error {
			if slices.Contains(types, p.Type) && slices.Contains(p.Related, id) && len(out) < size {
				out = append(out, SimilarHit{Doc: p, Score: 0, Reason: "Halaman ini membahas inovasi ini"})
				ids = append(ids, p.ID)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(out) >= size {
		return out, nil
	}
	more, err := sm.similarTo(ctx, d, SimilarOptions{Size: size - len(out), Types: types, PerInstitution: 1 << 20, Exclude: ids})
	if err != nil {
		return nil, err
	}
	return append(out, more...), nil
}
