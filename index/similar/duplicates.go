package similar

import (
	"context"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"jippnas/analyzers"
	"jippnas/content"
	"jippnas/index"
	"jippnas/index/facet"
)

// Duplicate detection: the same innovation is often reported by PANRB,
// Kemendagri and LAN under different titles and institution spellings.
// Candidates come from the similarity query within the same region; each
// is then scored on title, institution and text similarity.

// DuplicateThreshold is the score from which two records are taken to be
// the same innovation; tuned on testdata/duplicate_pairs.tsv.
const DuplicateThreshold = 0.38

// Weights of the duplicate score parts; they add up to 1.
const (
	dupWeightTitle       = 0.3
	dupWeightInstitution = 0.2
	dupWeightText        = 0.5
	dupMaxYearGap        = 3
	dupCandidates        = 30
	dupMinText           = 0.3
)

// DuplicateHit is a record taken to report the same innovation.
type DuplicateHit struct {
	Doc            content.Document
	Score          float64 // 0–1
	TitleSim       float64
	InstitutionSim float64
	TextSim        float64
}

// DuplicateGroup is a set of records of one innovation.
type DuplicateGroup struct {
	Docs  []content.Document
	Score float64 // the weakest link that joined the group
}

// dupFeatures is what duplicate scoring compares.
type dupFeatures struct {
	doc    content.Document
	title  map[string]bool
	brand  map[string]bool
	inst   map[string]bool
	vec    map[string]float64 // tf-idf, unit length
	hasTxt bool
}

// dupFeaturesOf are d's features, from src, or from d and body (its
// body's plain text) when src is nil.
func (sm *Finder) dupFeaturesOf(v index.View, d content.Document, body string, src *sourceDoc) *dupFeatures {
	if src == nil {
		var err error
		if src, err = sm.sourceWith(v, d, body); err != nil {
			src = &sourceDoc{doc: d}
		}
	}
	drop := sm.regionTerms(d.RegionCode)
	f := &dupFeatures{doc: d, title: map[string]bool{}, brand: brandWords(d.Title), inst: institutionTerms(d.Institution, drop)}
	for _, t := range index.Analyse(analyzers.AnalyzerName, d.Title) {
		if t.Kind != analyzers.KindNumber && !analyzers.IsStopword(t.Term) && !simNoise[t.Term] && !drop[t.Term] {
			f.title[t.Term] = true
		}
	}
	var norm float64
	for _, v := range src.tfidf {
		norm += v * v
	}
	norm = math.Sqrt(norm)
	f.vec = make(map[string]float64, len(src.tfidf))
	if norm > 0 {
		for t, v := range src.tfidf {
			f.vec[t] = v / norm
		}
	}
	f.hasTxt = len(f.vec) > 0
	return f
}

var brandSplit = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// brandWords are the words of an innovation's name: the upper-case part
// before a colon or inside brackets ("SIHARBAM", "SI BAYI LAHIR").
func brandWords(title string) map[string]bool {
	var parts []string
	if before, _, ok := strings.Cut(title, ":"); ok {
		parts = append(parts, before)
	}
	for rest := title; ; {
		i := strings.IndexByte(rest, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], ')')
		if j < 0 {
			break
		}
		parts = append(parts, rest[i+1:i+j])
		rest = rest[i+j:]
	}
	out := map[string]bool{}
	for _, p := range parts {
		for _, w := range brandSplit.Split(p, -1) {
			if len([]rune(w)) >= 3 && isUpper(w) {
				out[strings.ToLower(w)] = true
			}
		}
	}
	return out
}

func isUpper(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 0
}

// institutionAbbrev expands the abbreviations common in institution names,
// so that "Disdukcapil Kab. Sleman" and "Dinas Kependudukan dan Pencatatan
// Sipil Kabupaten Sleman" share their words.
var institutionAbbrev = map[string]string{
	"kab": "kabupaten", "prov": "provinsi", "pemkab": "pemerintah kabupaten", "pemkot": "pemerintah kota",
	"pemprov": "pemerintah provinsi", "disdukcapil": "dinas kependudukan dan pencatatan sipil",
	"dukcapil": "kependudukan dan pencatatan sipil", "dinkes": "dinas kesehatan", "dinsos": "dinas sosial",
	"disdik": "dinas pendidikan", "dishub": "dinas perhubungan", "disnaker": "dinas tenaga kerja",
	"disnakertrans": "dinas tenaga kerja dan transmigrasi", "diskominfo": "dinas komunikasi dan informatika",
	"dlh": "dinas lingkungan hidup", "dkp": "dinas kelautan dan perikanan", "distan": "dinas pertanian",
	"dispar": "dinas pariwisata", "disparbud": "dinas pariwisata dan kebudayaan", "disbud": "dinas kebudayaan",
	"dpmptsp": "dinas penanaman modal dan pelayanan terpadu satu pintu", "dpupr": "dinas pekerjaan umum dan penataan ruang",
	"pupr": "pekerjaan umum dan penataan ruang", "dkp3a": "dinas kependudukan pemberdayaan perempuan dan perlindungan anak",
	"dp3ap2kb": "dinas pemberdayaan perempuan perlindungan anak pengendalian penduduk dan keluarga berencana",
	"dp3akb":   "dinas pengendalian penduduk keluarga berencana pemberdayaan perempuan dan perlindungan anak",
	"dinkop":   "dinas koperasi", "diskop": "dinas koperasi", "ukm": "usaha kecil dan menengah", "umkm": "usaha mikro kecil dan menengah",
	"bapenda": "badan pendapatan daerah", "bappeda": "badan perencanaan pembangunan daerah", "bkd": "badan kepegawaian daerah",
	"disdag": "dinas perdagangan", "disperindag": "dinas perindustrian dan perdagangan", "dpmd": "dinas pemberdayaan masyarakat dan desa",
	"satpol": "satuan polisi", "pp": "pamong praja", "dp3a": "dinas pemberdayaan perempuan dan perlindungan anak",
}

// institutionGeneric are words of an institution name that do not tell
// one body from another.
var institutionGeneric = map[string]bool{"dinas": true, "badan": true, "kabupaten": true, "kab": true, "kota": true,
	"provinsi": true, "prov": true, "pemerintah": true, "daerah": true, "kantor": true, "suku": true}

// institutionTerms are the analysed words of an institution name after
// expanding abbreviations, without place names and generic words.
func institutionTerms(name string, drop map[string]bool) map[string]bool {
	key := strings.ToLower(strings.TrimSpace(name))
	var words []string
	for _, w := range brandSplit.Split(key, -1) {
		if e, ok := institutionAbbrev[w]; ok {
			words = append(words, e)
		} else if w != "" {
			words = append(words, w)
		}
	}
	out := map[string]bool{}
	for _, t := range index.Analyse(analyzers.AnalyzerName, strings.Join(words, " ")) {
		if !analyzers.IsStopword(t.Term) && !institutionGeneric[t.Term] && t.Kind != analyzers.KindNumber && !drop[t.Term] {
			out[t.Term] = true
		}
	}
	return out
}

// overlap is |a∩b| / min(|a|,|b|): an abbreviated name is contained in
// the full one.
func overlap(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	return float64(common(a, b)) / float64(min(len(a), len(b)))
}

// common counts the terms in both sets.
func common(a, b map[string]bool) int {
	n := 0
	for t := range a {
		if b[t] {
			n++
		}
	}
	return n
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := common(a, b)
	return float64(n) / float64(len(a)+len(b)-n)
}

func cosine(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var s float64
	for t, v := range a {
		s += v * b[t]
	}
	return s
}

// sameInstitution reports whether two records come from one body: the
// same region and (nearly) the same institution words.
func sameInstitution(a, b content.Document) bool {
	if a.Institution == "" || b.Institution == "" || a.RegionCode != b.RegionCode {
		return false
	}
	if strings.EqualFold(a.Institution, b.Institution) {
		return true
	}
	return overlap(institutionTerms(a.Institution, nil), institutionTerms(b.Institution, nil)) >= 0.8
}

// dupScore scores b as a duplicate of a. ok is false when a gate fails:
// another region, years too far apart, or the same record.
func (sm *Finder) dupScore(v index.View, a, b *dupFeatures) (DuplicateHit, bool) {
	h := DuplicateHit{Doc: b.doc}
	if a.doc.ID != "" && a.doc.ID == b.doc.ID {
		return h, false
	}
	if a.doc.RegionCode != b.doc.RegionCode {
		return h, false
	}
	if a.doc.Year != 0 && b.doc.Year != 0 && absInt(a.doc.Year-b.doc.Year) > dupMaxYearGap {
		return h, false
	}
	h.TitleSim = jaccard(a.title, b.title)
	if len(a.brand) > 0 && len(b.brand) > 0 {
		h.TitleSim = math.Max(h.TitleSim, jaccard(a.brand, b.brand))
	}
	h.InstitutionSim = overlap(a.inst, b.inst)
	h.TextSim = cosine(a.vec, b.vec)
	if a.doc.Institution == "" || b.doc.Institution == "" {
		// Free text has no institution: judge on the rest.
		h.Score = (dupWeightTitle*h.TitleSim + dupWeightText*h.TextSim) / (dupWeightTitle + dupWeightText)
	} else {
		h.Score = dupWeightTitle*h.TitleSim + dupWeightInstitution*h.InstitutionSim + dupWeightText*h.TextSim
	}
	// A shared institution and region alone never make a duplicate: one
	// office runs many innovations. The texts must agree too.
	if h.TextSim < dupMinText && h.TitleSim < 0.5 {
		h.Score = min(h.Score, DuplicateThreshold-0.01)
	}
	return h, true
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Duplicates returns the records that report the same innovation as id.
func (sm *Finder) Duplicates(ctx context.Context, id string) ([]DuplicateHit, error) {
	d, err := sm.ix.Store().Get(id)
	if err != nil {
		return nil, err
	}
	v := sm.ix.Acquire()
	defer v.Release()
	return sm.duplicatesOf(ctx, v, d, DuplicateThreshold)
}

// PossibleDuplicates returns existing records that may be the innovation a
// new text describes. Without a region the region gate cannot apply, so
// the bar is higher.
func (sm *Finder) PossibleDuplicates(ctx context.Context, title, body string, opt SimilarOptions) ([]DuplicateHit, error) {
	d := content.Document{Type: content.TypeInnovation, Title: title, Body: body, Sector: opt.Sector, RegionCode: opt.RegionCode}
	v := sm.ix.Acquire()
	defer v.Release()
	if d.RegionCode == "" {
		return sm.duplicatesAnyRegion(ctx, v, d, DuplicateThreshold+0.15)
	}
	return sm.duplicatesOf(ctx, v, d, DuplicateThreshold)
}

func (sm *Finder) duplicatesOf(ctx context.Context, v index.View, d content.Document, threshold float64) ([]DuplicateHit, error) {
	src, err := sm.source(v, d)
	if err != nil {
		return nil, err
	}
	opt := SimilarOptions{Types: []string{content.TypeInnovation}, Filters: facet.Filters{}}
	switch {
	case strings.Contains(d.RegionCode, "."):
		opt.Filters[facet.Region] = []string{d.RegionCode}
	case d.RegionCode != "":
		opt.Filters[facet.Province] = []string{d.RegionCode}
	}
	var exclude []string
	if d.ID != "" {
		exclude = []string{d.ID}
	}
	cands, err := sm.candidates(ctx, v, src, opt, exclude, dupCandidates)
	if err != nil {
		return nil, err
	}
	return sm.scoreDuplicates(v, d, src, cands, threshold, true), nil
}

func (sm *Finder) duplicatesAnyRegion(ctx context.Context, v index.View, d content.Document, threshold float64) ([]DuplicateHit, error) {
	src, err := sm.source(v, d)
	if err != nil {
		return nil, err
	}
	cands, err := sm.candidates(ctx, v, src, SimilarOptions{Types: []string{content.TypeInnovation}}, nil, dupCandidates)
	if err != nil {
		return nil, err
	}
	return sm.scoreDuplicates(v, d, src, cands, threshold, false), nil
}

func (sm *Finder) scoreDuplicates(v index.View, d content.Document, src *sourceDoc, cands []candidate, threshold float64, regionGate bool) []DuplicateHit {
	a := sm.dupFeaturesOf(v, d, "", src)
	var out []DuplicateHit
	for _, c := range cands {
		if regionGate && c.doc.RegionCode != d.RegionCode {
			continue
		}
		b := sm.dupFeaturesOf(v, c.doc, c.text, nil)
		if !regionGate {
			// Pretend the regions match: the caller gave none.
			a.doc.RegionCode = c.doc.RegionCode
		}
		h, ok := sm.dupScore(v, a, b)
		if ok && h.Score >= threshold {
			out = append(out, h)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// DuplicateReport groups every innovation reported more than once.
func (sm *Finder) DuplicateReport(ctx context.Context) ([]DuplicateGroup, error) {
	var docs []content.Document
	if _, err := sm.ix.Store().Each(ctx, func(d content.Document) error {
		if d.Type == content.TypeInnovation {
			docs = append(docs, d)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	v := sm.ix.Acquire()
	defer v.Release()
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		return x
	}
	byID := map[string]content.Document{}
	weakest := map[[2]string]float64{}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		byID[d.ID] = d
		hits, err := sm.duplicatesOf(ctx, v, d, DuplicateThreshold)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			a, b := d.ID, h.Doc.ID
			if a > b {
				a, b = b, a
			}
			weakest[[2]string{a, b}] = math.Max(weakest[[2]string{a, b}], h.Score)
			ra, rb := find(a), find(b)
			if ra != rb {
				parent[ra] = rb
			}
			byID[h.Doc.ID] = h.Doc
		}
	}
	groups := map[string]*DuplicateGroup{}
	for pair, s := range weakest {
		root := find(pair[0])
		gr := groups[root]
		if gr == nil {
			gr = &DuplicateGroup{Score: 1}
			groups[root] = gr
		}
		gr.Score = math.Min(gr.Score, s)
	}
	for id := range byID {
		if gr := groups[find(id)]; gr != nil {
			gr.Docs = append(gr.Docs, byID[id])
		}
	}
	out := make([]DuplicateGroup, 0, len(groups))
	for _, gr := range groups {
		sort.Slice(gr.Docs, func(i, j int) bool {
			if gr.Docs[i].Year != gr.Docs[j].Year {
				return gr.Docs[i].Year < gr.Docs[j].Year
			}
			return gr.Docs[i].ID < gr.Docs[j].ID
		})
		out = append(out, *gr)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Docs[0].ID < out[j].Docs[0].ID
	})
	return out, nil
}
