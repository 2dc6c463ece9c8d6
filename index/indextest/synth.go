package indextest

import (
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strings"

	"jippnas/analyzers"
	"jippnas/content"
	"jippnas/content/refdata"
	"jippnas/index/facet"
)

// Synth generates a deterministic synthetic corpus of Indonesian
// public-service documents for benchmarks: roots of the analyzer's
// dictionary, Zipf-distributed, about a third of them affixed so that
// stemming matters, and field distributions like the portal's (38
// provinces, ~30 sectors, years 2014–2025, title 5–12 words, summary
// 30–60, body 200–800). Document i depends only on (seed, i), so a 10k
// corpus is the prefix of a 100k corpus with the same seed.
type Synth struct {
	seed      int64
	words     []string
	cum       []float64
	function  map[string]bool
	provinces []refdata.Region
	regencies map[string][]refdata.Region
	provCum   []float64
	sectors   []string
	sectCum   []float64
	domain    map[string][]string
	queryPool []string
	queryCum  []float64
}

var synthFunctionWords = strings.Fields(`yang dan di ke dari untuk dengan pada dalam ini itu adalah sebagai oleh
akan tidak juga atau telah dapat karena agar serta bagi tersebut secara lebih sudah bisa para setiap antara
hingga masih maupun namun melalui terhadap sehingga ada baru dua tahun`)

var synthDomainWords = strings.Fields(`inovasi pelayanan publik masyarakat pemerintah daerah kabupaten kota desa
kelurahan kecamatan program layanan warga dinas kantor kegiatan pelaksanaan peningkatan pengelolaan kualitas
sistem terpadu mandiri partisipasi kolaborasi percepatan efektif efisien cepat mudah murah gratis solusi
strategi inisiatif replikasi`)

// synthSectors: slug, weight, domain words.
var synthSectors = []struct {
	slug   string
	weight float64
	words  string
}{
	{"kesehatan", 14, "puskesmas pasien ibu hamil gizi stunting imunisasi posyandu bidan rumah sakit obat balita sanitasi"},
	{"pendidikan", 12, "sekolah guru murid siswa belajar kurikulum literasi beasiswa perpustakaan madrasah"},
	{"kependudukan", 8, "kependudukan akta kelahiran kartu keluarga ktp dukcapil nik pencatatan sipil"},
	{"penanaman-modal", 6, "izin usaha perizinan investasi penanaman modal berusaha sertifikat bangunan"},
	{"pertanian", 7, "petani sawah padi pupuk panen irigasi benih ternak hortikultura lahan"},
	{"kelautan-perikanan", 4, "nelayan ikan tambak budidaya laut perahu pelabuhan rumput"},
	{"pariwisata", 5, "wisata wisatawan budaya homestay kuliner festival pantai"},
	{"lingkungan-hidup", 5, "sampah limbah daur ulang bank hutan pohon air bersih emisi"},
	{"sosial", 6, "bantuan sosial lansia disabilitas kemiskinan keluarga penerima bansos"},
	{"koperasi-umkm", 5, "umkm koperasi pasar usaha mikro pedagang produk ekspor modal"},
	{"pekerjaan-umum", 4, "jalan jembatan drainase pembangunan konstruksi irigasi"},
	{"perumahan", 2, "perumahan permukiman rumah layak huni sanitasi"},
	{"perhubungan", 3, "angkutan bus terminal lalu lintas kendaraan parkir transportasi"},
	{"sekretariat-daerah", 4, "anggaran pengaduan transparansi akuntabilitas birokrasi reformasi kinerja aparatur"},
	{"kominfo", 6, "aplikasi daring digital data sistem informasi website server jaringan"},
	{"tenaga-kerja", 3, "tenaga kerja pelatihan pengangguran pekerja migran lowongan"},
	{"pangan", 3, "pangan beras cadangan harga stok ketahanan lumbung"},
	{"energi-sdm", 2, "listrik energi surya pembangkit tenaga biogas bahan bakar"},
	{"ketertiban-umum", 3, "ketertiban keamanan satpol kamtibmas ronda patroli bencana banjir"},
	{"pemberdayaan-perempuan-anak", 3, "perempuan anak kekerasan perlindungan gender pemberdayaan"},
	{"pemberdayaan-desa", 3, "desa dana bumdes musyawarah perangkat pemberdayaan"},
	{"perencanaan", 2, "perencanaan pembangunan bappeda musrenbang rencana"},
	{"keuangan", 2, "pajak retribusi pendapatan keuangan belanja"},
	{"kepegawaian", 2, "pegawai asn kepegawaian mutasi pensiun"},
	{"perpustakaan", 1, "perpustakaan buku baca literasi"},
	{"kebudayaan", 1, "budaya adat seni tari cagar"},
	{"pertanahan", 1, "tanah sertifikat batas lahan"},
	{"kehutanan", 1, "hutan gambut kebakaran rehabilitasi"},
	{"statistik", 1, "statistik data sensus survei"},
	{"kearsipan", 1, "arsip dokumen naskah"},
}

// NewSynth prepares the vocabulary and tables for seed.
func NewSynth(seed int64, regions *refdata.Regions) *Synth {
	s := &Synth{seed: seed, function: map[string]bool{}, regencies: map[string][]refdata.Region{}, domain: map[string][]string{}}
	roots := analyzers.Roots()
	sort.Strings(roots)
	var clean []string
	for _, r := range roots {
		if len(r) >= 2 && len(r) <= 14 && strings.Trim(r, "abcdefghijklmnopqrstuvwxyz") == "" {
			clean = append(clean, r)
		}
	}
	rng := rand.New(rand.NewSource(seed*7919 + 1))
	rng.Shuffle(len(clean), func(i, j int) { clean[i], clean[j] = clean[j], clean[i] })
	fixed := map[string]bool{}
	for _, w := range synthFunctionWords {
		s.function[w] = true
		fixed[w] = true
	}
	for _, w := range synthDomainWords {
		fixed[w] = true
	}
	s.words = append(s.words, synthFunctionWords...)
	var rest []string
	for _, w := range clean {
		if !fixed[w] {
			rest = append(rest, w)
		}
	}
	// Domain words sit near the top of the distribution, among ordinary roots.
	k := 0
	for _, w := range synthDomainWords {
		s.words = append(s.words, w)
		for j := 0; j < 3 && k < len(rest); j++ {
			s.words = append(s.words, rest[k])
			k++
		}
	}
	s.words = append(s.words, rest[k:]...)
	total := 0.0
	for r := range s.words {
		total += 1 / math.Pow(float64(r)+2.7, 1.07)
		s.cum = append(s.cum, total)
	}
	for r, w := range s.words {
		if r >= 40 && r < 4000 && len(w) >= 4 && !s.function[w] {
			s.queryPool = append(s.queryPool, w)
			prev := 0.0
			if len(s.queryCum) > 0 {
				prev = s.queryCum[len(s.queryCum)-1]
			}
			s.queryCum = append(s.queryCum, prev+1/math.Pow(float64(r), 0.8))
		}
	}
	s.provinces = regions.Provinces()
	total = 0
	for _, p := range s.provinces {
		s.regencies[p.Code] = regions.RegenciesOf(p.Code)
		total += 1 + float64(len(s.regencies[p.Code]))/10
		s.provCum = append(s.provCum, total)
	}
	total = 0
	for _, sec := range synthSectors {
		total += sec.weight
		s.sectCum = append(s.sectCum, total)
		s.sectors = append(s.sectors, sec.slug)
		s.domain[sec.slug] = strings.Fields(sec.words)
	}
	return s
}

func pick(rng *rand.Rand, cum []float64) int {
	return sort.SearchFloat64s(cum, rng.Float64()*cum[len(cum)-1])
}

func synthMeN(r string) string {
	switch c := r[0]; {
	case strings.ContainsRune("bfv", rune(c)):
		return "mem" + r
	case c == 'p':
		return "mem" + r[1:]
	case strings.ContainsRune("dcjz", rune(c)):
		return "men" + r
	case c == 't':
		return "men" + r[1:]
	case c == 's':
		return "meny" + r[1:]
	case c == 'k':
		return "meng" + r[1:]
	case strings.ContainsRune("ghaiueo", rune(c)):
		return "meng" + r
	}
	return "me" + r
}

var synthAffixes = []struct {
	w float64
	f func(string) string
}{
	{10, synthMeN},
	{10, func(r string) string { return "di" + r }},
	{8, func(r string) string { return r + "kan" }},
	{6, func(r string) string { return r + "an" }},
	{8, func(r string) string { return r + "nya" }},
	{6, func(r string) string { return synthMeN(r) + "kan" }},
	{6, func(r string) string { return "di" + r + "kan" }},
	{5, func(r string) string { return "pe" + synthMeN(r)[2:] + "an" }},
	{4, func(r string) string { return "ber" + r }},
	{3, func(r string) string { return "ter" + r }},
	{2, func(r string) string { return "ke" + r + "an" }},
}

var synthAffixCum = func() []float64 {
	var c []float64
	t := 0.0
	for _, a := range synthAffixes {
		t += a.w
		c = append(c, t)
	}
	return c
}()

func (s *Synth) text(rng *rand.Rand, n int, domain []string) []string {
	out := make([]string, n)
	for i := range out {
		w := s.words[pick(rng, s.cum)]
		x := rng.Float64()
		switch {
		case x < 0.06:
			w = domain[rng.Intn(len(domain))]
		case !s.function[w] && len(w) >= 4 && x < 0.36:
			w = synthAffixes[pick(rng, synthAffixCum)].f(w)
		}
		out[i] = w
	}
	return out
}

func sentences(rng *rand.Rand, toks []string) string {
	var b strings.Builder
	for i := 0; i < len(toks); {
		n := min(8+rng.Intn(15), len(toks)-i)
		s := toks[i : i+n]
		i += n
		for j, w := range s {
			if j == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
		b.WriteString(". ")
	}
	return strings.TrimSpace(b.String())
}

var synthInstitutions = []string{"Dinas Kesehatan", "Dinas Pendidikan", "Dinas Kependudukan dan Pencatatan Sipil",
	"Dinas Penanaman Modal dan PTSP", "Badan Perencanaan Pembangunan Daerah", "Dinas Sosial", "Dinas Pertanian",
	"Dinas Komunikasi dan Informatika", "Sekretariat Daerah", "Rumah Sakit Umum Daerah", "Kecamatan",
	"Badan Penanggulangan Bencana Daerah", "Dinas Lingkungan Hidup", "Dinas Perhubungan"}

var synthSources = []string{content.SourcePANRB, content.SourceKemendagri, content.SourceLAN, content.SourceJIPPNAS}

// Doc returns document i of the corpus.
func (s *Synth) Doc(i int) content.Document {
	rng := rand.New(rand.NewSource(s.seed*1_000_003 + int64(i)))
	prov := s.provinces[pick(rng, s.provCum)]
	region := prov
	if regs := s.regencies[prov.Code]; len(regs) > 0 && rng.Float64() < 0.75 {
		region = regs[rng.Intn(len(regs))]
	}
	si := pick(rng, s.sectCum)
	sector := s.sectors[si]
	domain := append(append([]string{}, s.domain[sector]...), synthDomainWords...)
	year := 2014 + int(math.Sqrt(rng.Float64())*12)
	typ := content.TypeInnovation
	if x := rng.Float64(); x < 0.1 {
		typ = content.TypeGuide
	} else if x < 0.3 {
		typ = content.TypeNews
	}
	title := s.text(rng, 5+rng.Intn(8), domain)
	title[0] = strings.ToUpper(title[0][:1]) + title[0][1:]
	d := content.Document{
		ID:          fmt.Sprintf("syn-%07d", i),
		Type:        typ,
		Title:       strings.Join(title, " "),
		Summary:     sentences(rng, s.text(rng, 30+rng.Intn(31), domain)),
		Body:        sentences(rng, s.text(rng, 200+rng.Intn(601), domain)),
		Institution: synthInstitutions[rng.Intn(len(synthInstitutions))] + " " + region.Name,
		RegionCode:  region.Code,
		Sector:      sector,
		Year:        year,
		Published:   fmt.Sprintf("%d-%02d-%02d", year, 1+rng.Intn(12), 1+rng.Intn(28)),
		Source:      synthSources[rng.Intn(len(synthSources))],
	}
	if typ == content.TypeInnovation {
		d.Stage = content.Stages[rng.Intn(len(content.Stages))].Value
		d.Status = content.Statuses[min(rng.Intn(10), 1)].Value
	}
	return d
}

// SynthQuery is one benchmark query, in the bench query-file format.
type SynthQuery struct {
	Q       string         `json:"q"`
	Filters map[string]any `json:"filters,omitempty"`
	Facets  []string       `json:"facets,omitempty"`
	Size    int            `json:"size,omitempty"`
}

// Queries returns n queries of 1–4 words, half with filters (province,
// sector, year range), each asking for province, sector and year facets.
func (s *Synth) Queries(n int) []SynthQuery {
	rng := rand.New(rand.NewSource(s.seed*31 + 7))
	out := make([]SynthQuery, 0, n)
	for i := 0; i < n; i++ {
		k := 1 + pick(rng, []float64{35, 70, 90, 100})
		var ws []string
		for len(ws) < k {
			ws = append(ws, s.queryPool[pick(rng, s.queryCum)])
		}
		q := SynthQuery{Q: strings.Join(ws, " "), Facets: []string{facet.Province, facet.Sector, facet.Year}, Size: 10}
		if rng.Intn(2) == 0 {
			q.Filters = map[string]any{}
			switch rng.Intn(3) {
			case 0:
				q.Filters["province"] = []string{s.provinces[pick(rng, s.provCum)].Code}
			case 1:
				q.Filters["sector"] = []string{s.sectors[pick(rng, s.sectCum)]}
			default:
				y := 2014 + rng.Intn(9)
				q.Filters["year_from"] = y
				q.Filters["year_to"] = y + 1 + rng.Intn(3)
			}
		}
		out = append(out, q)
	}
	return out
}

// Provinces are the provinces documents are spread over.
func (s *Synth) Provinces() []refdata.Region { return s.provinces }

// Sectors are the sector slugs documents are spread over.
func (s *Synth) Sectors() []string { return s.sectors }
