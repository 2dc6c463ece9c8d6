package refdata

// Sector is one entry of the sector taxonomy: the government affairs (urusan
// pemerintahan) of UU 23/2014 Pasal 11-12 with their Permendagri 90/2019 codes,
// the supporting and auxiliary units (unsur pendukung/penunjang) that also
// innovate, and the absolute affairs of the central government (UU 23/2014
// Pasal 10) for ministry innovations. Slugs are stable public identifiers:
// never rename one, add a new entry instead.
type Sector struct {
	Slug  string `json:"slug"`
	Code  string `json:"code"`
	Name  string `json:"name"`
	Group string `json:"group"`
}

// Sector groups.
const (
	GroupBasicService    = "urusan_wajib_pelayanan_dasar"
	GroupNonBasicService = "urusan_wajib_non_pelayanan_dasar"
	GroupOptional        = "urusan_pilihan"
	GroupSupporting      = "unsur_pendukung_penunjang"
	GroupAbsolute        = "urusan_absolut_pusat"
)

// sectors is the whole table, in the official order. The names are facts
// (names of government affairs in law); no licence applies.
var sectors = []Sector{
	{"pendidikan", "1.01", "Pendidikan", GroupBasicService},
	{"kesehatan", "1.02", "Kesehatan", GroupBasicService},
	{"pekerjaan-umum", "1.03", "Pekerjaan Umum dan Penataan Ruang", GroupBasicService},
	{"perumahan", "1.04", "Perumahan Rakyat dan Kawasan Permukiman", GroupBasicService},
	{"ketertiban-umum", "1.05", "Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat", GroupBasicService},
	{"sosial", "1.06", "Sosial", GroupBasicService},
	{"tenaga-kerja", "2.07", "Tenaga Kerja", GroupNonBasicService},
	{"pemberdayaan-perempuan-anak", "2.08", "Pemberdayaan Perempuan dan Pelindungan Anak", GroupNonBasicService},
	{"pangan", "2.09", "Pangan", GroupNonBasicService},
	{"pertanahan", "2.10", "Pertanahan", GroupNonBasicService},
	{"lingkungan-hidup", "2.11", "Lingkungan Hidup", GroupNonBasicService},
	{"kependudukan", "2.12", "Administrasi Kependudukan dan Pencatatan Sipil", GroupNonBasicService},
	{"pemberdayaan-desa", "2.13", "Pemberdayaan Masyarakat dan Desa", GroupNonBasicService},
	{"keluarga-berencana", "2.14", "Pengendalian Penduduk dan Keluarga Berencana", GroupNonBasicService},
	{"perhubungan", "2.15", "Perhubungan", GroupNonBasicService},
	{"kominfo", "2.16", "Komunikasi dan Informatika", GroupNonBasicService},
	{"koperasi-umkm", "2.17", "Koperasi, Usaha Kecil, dan Menengah", GroupNonBasicService},
	{"penanaman-modal", "2.18", "Penanaman Modal", GroupNonBasicService},
	{"kepemudaan-olahraga", "2.19", "Kepemudaan dan Olahraga", GroupNonBasicService},
	{"statistik", "2.20", "Statistik", GroupNonBasicService},
	{"persandian", "2.21", "Persandian", GroupNonBasicService},
	{"kebudayaan", "2.22", "Kebudayaan", GroupNonBasicService},
	{"perpustakaan", "2.23", "Perpustakaan", GroupNonBasicService},
	{"kearsipan", "2.24", "Kearsipan", GroupNonBasicService},
	{"kelautan-perikanan", "3.25", "Kelautan dan Perikanan", GroupOptional},
	{"pariwisata", "3.26", "Pariwisata", GroupOptional},
	{"pertanian", "3.27", "Pertanian", GroupOptional},
	{"kehutanan", "3.28", "Kehutanan", GroupOptional},
	{"energi-sdm", "3.29", "Energi dan Sumber Daya Mineral", GroupOptional},
	{"perdagangan", "3.30", "Perdagangan", GroupOptional},
	{"perindustrian", "3.31", "Perindustrian", GroupOptional},
	{"transmigrasi", "3.32", "Transmigrasi", GroupOptional},
	{"sekretariat-daerah", "4.01", "Sekretariat Daerah", GroupSupporting},
	{"sekretariat-dprd", "4.02", "Sekretariat DPRD", GroupSupporting},
	{"perencanaan", "5.01", "Perencanaan Pembangunan", GroupSupporting},
	{"keuangan", "5.02", "Keuangan", GroupSupporting},
	{"kepegawaian", "5.03", "Kepegawaian", GroupSupporting},
	{"pendidikan-pelatihan", "5.04", "Pendidikan dan Pelatihan", GroupSupporting},
	{"penelitian-pengembangan", "5.05", "Penelitian dan Pengembangan", GroupSupporting},
	{"pengawasan", "6.01", "Pengawasan (Inspektorat)", GroupSupporting},
	{"kecamatan", "7.01", "Kecamatan", GroupSupporting},
	{"kesbangpol", "8.01", "Kesatuan Bangsa dan Politik", GroupSupporting},
	{"politik-luar-negeri", "ABS.01", "Politik Luar Negeri", GroupAbsolute},
	{"pertahanan", "ABS.02", "Pertahanan", GroupAbsolute},
	{"keamanan", "ABS.03", "Keamanan", GroupAbsolute},
	{"yustisi", "ABS.04", "Yustisi", GroupAbsolute},
	{"moneter-fiskal", "ABS.05", "Moneter dan Fiskal Nasional", GroupAbsolute},
	{"agama", "ABS.06", "Agama", GroupAbsolute},
}

var sectorBySlug = func() map[string]Sector {
	m := make(map[string]Sector, len(sectors))
	for _, s := range sectors {
		m[s.Slug] = s
	}
	return m
}()

// Sectors returns the sector table in its official order.
func Sectors() []Sector { return append([]Sector(nil), sectors...) }

// SectorBySlug looks a sector up by its slug.
func SectorBySlug(slug string) (Sector, bool) {
	s, ok := sectorBySlug[slug]
	return s, ok
}
