package hub

// The ministries and national agencies (kementerian/lembaga, K/L) that
// report public-service innovations, written for this project as facts:
// the names and official abbreviations of state bodies, which are not
// subject to copyright (UU 28/2014 Pasal 42).
//
// Sources: the ministries of the Kabinet Merah Putih under UU 39/2008
// tentang Kementerian Negara as amended by UU 61/2024, and Perpres 139/2024
// (penataan tugas dan fungsi kementerian negara, October 2024); for the
// other bodies, the law named beside each. Former names are kept so that
// records written before a reorganisation map onto the body that holds the
// function now (Kemenkumham's immigration offices belong to Kemenimipas,
// LIPI and BPPT to BRIN, ...).
//
// A code is chosen once, when a body is listed, and never changes: a body
// that is renamed keeps its code; a body that is split or founded gets a new
// one. Codes are lowercase so that they never collide with Kemendagri region
// codes (digits).

// klBody is one ministry or agency.
type klBody struct {
	code   string
	name   string
	abbrev string
	kind   Kind
	// names are other names and spellings of the body itself, found
	// wherever they appear in an institution string ("BPS Kabupaten
	// Sleman" is BPS's office in Sleman).
	names []string
	// offices are phrases that name one of its units or regional offices
	// ("Kantor Imigrasi Kelas I Surabaya", "Polres Sleman").
	offices []string
	// exact are short abbreviations that name the body only when they are
	// the whole string: "PU" or "KKP" inside a local unit's name ("Dinas
	// PUPR") would be wrong.
	exact []string
	// former are names the body or its predecessor had.
	former []string
}

func klTable() []klBody {
	ministry, agency := KindMinistry, KindAgency
	return []klBody{
		// Coordinating ministries (Perpres 139/2024).
		{code: "kemenko-polkam", name: "Kementerian Koordinator Bidang Politik dan Keamanan", abbrev: "Kemenko Polkam", kind: ministry,
			former: []string{"Kementerian Koordinator Bidang Politik, Hukum, dan Keamanan", "Kemenko Polhukam"}},
		{code: "kemenko-kumham-imipas", name: "Kementerian Koordinator Bidang Hukum, Hak Asasi Manusia, Imigrasi, dan Pemasyarakatan", abbrev: "Kemenko Kumham Imipas", kind: ministry},
		{code: "kemenko-perekonomian", name: "Kementerian Koordinator Bidang Perekonomian", abbrev: "Kemenko Perekonomian", kind: ministry},
		{code: "kemenko-pmk", name: "Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan", abbrev: "Kemenko PMK", kind: ministry},
		{code: "kemenko-ipk", name: "Kementerian Koordinator Bidang Infrastruktur dan Pembangunan Kewilayahan", abbrev: "Kemenko IPK", kind: ministry,
			former: []string{"Kementerian Koordinator Bidang Kemaritiman dan Investasi", "Kemenko Marves"}},
		{code: "kemenko-pangan", name: "Kementerian Koordinator Bidang Pangan", abbrev: "Kemenko Pangan", kind: ministry},
		{code: "kemenko-pm", name: "Kementerian Koordinator Bidang Pemberdayaan Masyarakat", abbrev: "Kemenko PM", kind: ministry},

		// Ministries (Perpres 139/2024).
		{code: "kemensetneg", name: "Kementerian Sekretariat Negara", abbrev: "Kemensetneg", kind: ministry, names: []string{"setneg"}},
		{code: "kemendagri", name: "Kementerian Dalam Negeri", abbrev: "Kemendagri", kind: ministry,
			offices: []string{"direktorat jenderal kependudukan dan pencatatan sipil", "ditjen dukcapil", "institut pemerintahan dalam negeri", "ipdn", "bskdn"},
			former:  []string{"Departemen Dalam Negeri", "Depdagri"}},
		{code: "kemlu", name: "Kementerian Luar Negeri", abbrev: "Kemlu", kind: ministry, names: []string{"kemenlu"}, former: []string{"Departemen Luar Negeri", "Deplu"}},
		{code: "kemhan", name: "Kementerian Pertahanan", abbrev: "Kemhan", kind: ministry, names: []string{"kemenhan"}, former: []string{"Departemen Pertahanan"}},
		{code: "kemenag", name: "Kementerian Agama", abbrev: "Kemenag", kind: ministry,
			offices: []string{"kantor kementerian agama", "kankemenag", "kanwil kemenag", "kantor urusan agama", "kua"},
			former:  []string{"Departemen Agama", "Depag"}},
		{code: "kemenkum", name: "Kementerian Hukum", abbrev: "Kemenkum", kind: ministry,
			offices: []string{"direktorat jenderal administrasi hukum umum", "ditjen ahu", "direktorat jenderal kekayaan intelektual", "djki"},
			former:  []string{"Kementerian Hukum dan Hak Asasi Manusia", "Kementerian Hukum dan HAM", "Kemenkumham", "Departemen Hukum dan HAM"}},
		{code: "kemenham", name: "Kementerian Hak Asasi Manusia", abbrev: "KemenHAM", kind: ministry},
		{code: "kemenimipas", name: "Kementerian Imigrasi dan Pemasyarakatan", abbrev: "Kemenimipas", kind: ministry,
			offices: []string{"direktorat jenderal imigrasi", "ditjen imigrasi", "kantor imigrasi", "direktorat jenderal pemasyarakatan",
				"ditjen pemasyarakatan", "ditjenpas", "lembaga pemasyarakatan", "lapas", "rumah tahanan negara", "rutan", "balai pemasyarakatan", "bapas"}},
		{code: "kemenkeu", name: "Kementerian Keuangan", abbrev: "Kemenkeu", kind: ministry,
			offices: []string{"direktorat jenderal pajak", "ditjen pajak", "djp", "kantor pelayanan pajak", "kpp pratama", "kpp madya",
				"direktorat jenderal bea dan cukai", "ditjen bea dan cukai", "djbc", "bea cukai", "kppbc", "direktorat jenderal perbendaharaan",
				"djpb", "kppn", "direktorat jenderal kekayaan negara", "djkn", "kpknl", "direktorat jenderal anggaran"},
			former: []string{"Departemen Keuangan", "Depkeu"}},
		{code: "kemendikdasmen", name: "Kementerian Pendidikan Dasar dan Menengah", abbrev: "Kemendikdasmen", kind: ministry,
			former: []string{"Kementerian Pendidikan, Kebudayaan, Riset, dan Teknologi", "Kemendikbudristek", "Kementerian Pendidikan dan Kebudayaan",
				"Kemendikbud", "Kementerian Pendidikan Nasional", "Kemendiknas", "Departemen Pendidikan Nasional", "Depdiknas"}},
		{code: "kemdiktisaintek", name: "Kementerian Pendidikan Tinggi, Sains, dan Teknologi", abbrev: "Kemdiktisaintek", kind: ministry,
			former: []string{"Kementerian Riset, Teknologi, dan Pendidikan Tinggi", "Kemenristekdikti"}},
		{code: "kemenbud", name: "Kementerian Kebudayaan", abbrev: "Kemenbud", kind: ministry},
		{code: "kemenkes", name: "Kementerian Kesehatan", abbrev: "Kemenkes", kind: ministry, former: []string{"Departemen Kesehatan", "Depkes"}},
		{code: "kemensos", name: "Kementerian Sosial", abbrev: "Kemensos", kind: ministry, former: []string{"Departemen Sosial", "Depsos"}},
		{code: "kemnaker", name: "Kementerian Ketenagakerjaan", abbrev: "Kemnaker", kind: ministry, names: []string{"kemenaker"},
			former: []string{"Kementerian Tenaga Kerja dan Transmigrasi", "Kemnakertrans", "Depnakertrans"}},
		{code: "kp2mi", name: "Kementerian Pelindungan Pekerja Migran Indonesia", abbrev: "KP2MI", kind: ministry,
			former: []string{"Badan Pelindungan Pekerja Migran Indonesia", "BP2MI", "Badan Nasional Penempatan dan Perlindungan Tenaga Kerja Indonesia", "BNP2TKI"}},
		{code: "kemenperin", name: "Kementerian Perindustrian", abbrev: "Kemenperin", kind: ministry, former: []string{"Departemen Perindustrian"}},
		{code: "kemendag", name: "Kementerian Perdagangan", abbrev: "Kemendag", kind: ministry, former: []string{"Departemen Perdagangan"}},
		{code: "kemen-esdm", name: "Kementerian Energi dan Sumber Daya Mineral", abbrev: "Kementerian ESDM", kind: ministry, names: []string{"kesdm"}, exact: []string{"ESDM"}},
		{code: "kemenpu", name: "Kementerian Pekerjaan Umum", abbrev: "Kementerian PU", kind: ministry, names: []string{"kemenpu", "kemen pu"}, exact: []string{"PU", "PUPR"},
			former: []string{"Kementerian Pekerjaan Umum dan Perumahan Rakyat", "Kementerian PUPR", "Kemen PUPR", "Departemen Pekerjaan Umum"}},
		{code: "kemen-pkp", name: "Kementerian Perumahan dan Kawasan Permukiman", abbrev: "Kementerian PKP", kind: ministry},
		{code: "kemendes-pdt", name: "Kementerian Desa dan Pembangunan Daerah Tertinggal", abbrev: "Kemendes PDT", kind: ministry, names: []string{"kemendes"},
			former: []string{"Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi", "Kemendes PDTT", "Kemendesa PDTT"}},
		{code: "kementrans", name: "Kementerian Transmigrasi", abbrev: "Kementrans", kind: ministry},
		{code: "kemenhub", name: "Kementerian Perhubungan", abbrev: "Kemenhub", kind: ministry,
			offices: []string{"kantor kesyahbandaran dan otoritas pelabuhan", "ksop", "otoritas bandar udara"}, former: []string{"Departemen Perhubungan", "Dephub"}},
		{code: "komdigi", name: "Kementerian Komunikasi dan Digital", abbrev: "Komdigi", kind: ministry, names: []string{"kemkomdigi"}, exact: []string{"Kominfo"},
			former: []string{"Kementerian Komunikasi dan Informatika", "Kemkominfo", "Kemenkominfo"}},
		{code: "kementan", name: "Kementerian Pertanian", abbrev: "Kementan", kind: ministry, former: []string{"Departemen Pertanian", "Deptan"}},
		{code: "kemenhut", name: "Kementerian Kehutanan", abbrev: "Kemenhut", kind: ministry, former: []string{"Departemen Kehutanan", "Dephut"}},
		{code: "kkp", name: "Kementerian Kelautan dan Perikanan", abbrev: "KKP", kind: ministry, exact: []string{"KKP"}},
		{code: "atr-bpn", name: "Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional", abbrev: "Kementerian ATR/BPN", kind: ministry,
			names:   []string{"kementerian atr", "badan pertanahan nasional", "bpn"},
			offices: []string{"kantor pertanahan", "kantah"},
			exact:   []string{"ATR/BPN"},
			former:  []string{"Kementerian Agraria dan Tata Ruang"}},
		{code: "bappenas", name: "Kementerian Perencanaan Pembangunan Nasional/Badan Perencanaan Pembangunan Nasional", abbrev: "Kementerian PPN/Bappenas", kind: ministry,
			names: []string{"bappenas", "kementerian ppn", "kementerian perencanaan pembangunan nasional", "badan perencanaan pembangunan nasional"}},
		{code: "kemenpanrb", name: "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi", abbrev: "Kementerian PANRB", kind: ministry,
			names:  []string{"kemenpanrb", "kemenpan rb", "kemenpan", "kementerian panrb", "kementerian pan rb", "menpanrb"},
			former: []string{"Kementerian Negara Pendayagunaan Aparatur Negara"}},
		{code: "kemen-bumn", name: "Kementerian Badan Usaha Milik Negara", abbrev: "Kementerian BUMN", kind: ministry},
		{code: "kemendukbangga", name: "Kementerian Kependudukan dan Pembangunan Keluarga/Badan Kependudukan dan Keluarga Berencana Nasional", abbrev: "Kemendukbangga/BKKBN", kind: ministry,
			names:  []string{"kemendukbangga", "kementerian kependudukan dan pembangunan keluarga", "bkkbn"},
			former: []string{"Badan Kependudukan dan Keluarga Berencana Nasional"}},
		{code: "klh", name: "Kementerian Lingkungan Hidup/Badan Pengendalian Lingkungan Hidup", abbrev: "KLH/BPLH", kind: ministry,
			names:  []string{"kementerian lingkungan hidup", "badan pengendalian lingkungan hidup"},
			exact:  []string{"KLH", "KLHK"},
			former: []string{"Kementerian Lingkungan Hidup dan Kehutanan"}},
		{code: "kemen-investasi", name: "Kementerian Investasi dan Hilirisasi/Badan Koordinasi Penanaman Modal", abbrev: "Kementerian Investasi/BKPM", kind: ministry,
			names:  []string{"kementerian investasi", "bkpm"},
			former: []string{"Badan Koordinasi Penanaman Modal"}},
		{code: "kemenkop", name: "Kementerian Koperasi", abbrev: "Kemenkop", kind: ministry,
			former: []string{"Kementerian Koperasi dan Usaha Kecil dan Menengah", "Kementerian Koperasi dan UKM", "Kemenkop UKM", "Kemenkopukm"}},
		{code: "kemen-umkm", name: "Kementerian Usaha Mikro, Kecil, dan Menengah", abbrev: "Kementerian UMKM", kind: ministry},
		{code: "kemenpar", name: "Kementerian Pariwisata", abbrev: "Kemenpar", kind: ministry,
			former: []string{"Kementerian Pariwisata dan Ekonomi Kreatif", "Kemenparekraf"}},
		{code: "kemenekraf", name: "Kementerian Ekonomi Kreatif/Badan Ekonomi Kreatif", abbrev: "Kemenekraf", kind: ministry, names: []string{"kementerian ekonomi kreatif"}},
		{code: "kemenpppa", name: "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak", abbrev: "KemenPPPA", kind: ministry, names: []string{"kementerian pppa", "kpppa"}},
		{code: "kemenpora", name: "Kementerian Pemuda dan Olahraga", abbrev: "Kemenpora", kind: ministry},

		// Government bodies other than ministries (LPNK) and other state
		// bodies with public services.
		{code: "setkab", name: "Sekretariat Kabinet", abbrev: "Setkab", kind: agency},
		{code: "ksp", name: "Kantor Staf Presiden", abbrev: "KSP", kind: agency, exact: []string{"KSP"}},
		{code: "bps", name: "Badan Pusat Statistik", abbrev: "BPS", kind: agency, names: []string{"bps"}},                                              // UU 16/1997
		{code: "bkn", name: "Badan Kepegawaian Negara", abbrev: "BKN", kind: agency, names: []string{"bkn"}, offices: []string{"kantor regional bkn"}}, // UU 20/2023
		{code: "lan", name: "Lembaga Administrasi Negara", abbrev: "LAN", kind: agency, names: []string{"lan ri"}, exact: []string{"LAN"}},             // UU 20/2023
		{code: "anri", name: "Arsip Nasional Republik Indonesia", abbrev: "ANRI", kind: agency, names: []string{"anri", "arsip nasional"}},             // UU 43/2009
		{code: "bpkp", name: "Badan Pengawasan Keuangan dan Pembangunan", abbrev: "BPKP", kind: agency, names: []string{"bpkp"}},
		{code: "bpom", name: "Badan Pengawas Obat dan Makanan", abbrev: "BPOM", kind: agency, names: []string{"bpom"}, offices: []string{"balai besar pom", "balai pom", "loka pom"}},
		{code: "bmkg", name: "Badan Meteorologi, Klimatologi, dan Geofisika", abbrev: "BMKG", kind: agency, // UU 31/2009
			names: []string{"bmkg"}, offices: []string{"stasiun meteorologi", "stasiun klimatologi", "stasiun geofisika"}},
		{code: "big", name: "Badan Informasi Geospasial", abbrev: "BIG", kind: agency, exact: []string{"BIG"}, former: []string{"Bakosurtanal"}}, // UU 4/2011
		{code: "bsn", name: "Badan Standardisasi Nasional", abbrev: "BSN", kind: agency, exact: []string{"BSN"}},                                 // UU 20/2014
		{code: "bapeten", name: "Badan Pengawas Tenaga Nuklir", abbrev: "BAPETEN", kind: agency, names: []string{"bapeten"}},                     // UU 10/1997
		{code: "brin", name: "Badan Riset dan Inovasi Nasional", abbrev: "BRIN", kind: agency, names: []string{"brin"}, // UU 11/2019
			former: []string{"Lembaga Ilmu Pengetahuan Indonesia", "LIPI", "Badan Pengkajian dan Penerapan Teknologi", "BPPT",
				"Badan Tenaga Nuklir Nasional", "BATAN", "Lembaga Penerbangan dan Antariksa Nasional", "LAPAN", "Kementerian Riset dan Teknologi", "Kemenristek"}},
		{code: "perpusnas", name: "Perpustakaan Nasional Republik Indonesia", abbrev: "Perpusnas", kind: agency, names: []string{"perpustakaan nasional"}}, // UU 43/2007
		{code: "bnpb", name: "Badan Nasional Penanggulangan Bencana", abbrev: "BNPB", kind: agency, names: []string{"bnpb"}},                               // UU 24/2007
		{code: "bnn", name: "Badan Narkotika Nasional", abbrev: "BNN", kind: agency, names: []string{"bnn"}, offices: []string{"bnnp", "bnnk"}},            // UU 35/2009
		{code: "bnpt", name: "Badan Nasional Penanggulangan Terorisme", abbrev: "BNPT", kind: agency, names: []string{"bnpt"}},                             // UU 5/2018
		{code: "bnpp", name: "Badan Nasional Pengelola Perbatasan", abbrev: "BNPP", kind: agency, names: []string{"bnpp"}},                                 // UU 43/2008
		{code: "basarnas", name: "Badan Nasional Pencarian dan Pertolongan", abbrev: "Basarnas", kind: agency, // UU 29/2014
			offices: []string{"kantor pencarian dan pertolongan", "kantor sar"}},
		{code: "bakamla", name: "Badan Keamanan Laut Republik Indonesia", abbrev: "Bakamla", kind: agency, names: []string{"badan keamanan laut"}}, // UU 32/2014
		{code: "bssn", name: "Badan Siber dan Sandi Negara", abbrev: "BSSN", kind: agency, names: []string{"bssn"},
			former: []string{"Lembaga Sandi Negara", "Lemsaneg"}},
		{code: "lkpp", name: "Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah", abbrev: "LKPP", kind: agency, names: []string{"lkpp"}},
		{code: "lemhannas", name: "Lembaga Ketahanan Nasional Republik Indonesia", abbrev: "Lemhannas", kind: agency, names: []string{"lembaga ketahanan nasional"}},
		{code: "bin", name: "Badan Intelijen Negara", abbrev: "BIN", kind: agency, exact: []string{"BIN"}}, // UU 17/2011
		{code: "bapanas", name: "Badan Pangan Nasional", abbrev: "Bapanas", kind: agency, names: []string{"bapanas"}},
		{code: "bgn", name: "Badan Gizi Nasional", abbrev: "BGN", kind: agency, exact: []string{"BGN"}},
		{code: "barantin", name: "Badan Karantina Indonesia", abbrev: "Barantin", kind: agency, names: []string{"barantin"},
			former: []string{"Badan Karantina Pertanian", "Barantan"}},
		{code: "bpip", name: "Badan Pembinaan Ideologi Pancasila", abbrev: "BPIP", kind: agency, names: []string{"bpip"}},
		{code: "oikn", name: "Otorita Ibu Kota Nusantara", abbrev: "OIKN", kind: agency, names: []string{"otorita ikn"}}, // UU 3/2022
		{code: "polri", name: "Kepolisian Negara Republik Indonesia", abbrev: "Polri", kind: agency, // UU 2/2002
			names:   []string{"polri", "kepolisian republik indonesia"},
			offices: []string{"kepolisian daerah", "polda", "kepolisian resor", "polres", "polresta", "polrestabes", "kepolisian sektor", "polsek", "korlantas"}},
		{code: "kejaksaan", name: "Kejaksaan Republik Indonesia", abbrev: "Kejaksaan RI", kind: agency, // UU 16/2004 jo. UU 11/2021
			names: []string{"kejaksaan agung", "kejagung"}, offices: []string{"kejaksaan tinggi", "kejati", "kejaksaan negeri", "kejari"}},
		{code: "tni", name: "Tentara Nasional Indonesia", abbrev: "TNI", kind: agency, names: []string{"tni"}}, // UU 34/2004
		{code: "ma", name: "Mahkamah Agung Republik Indonesia", abbrev: "MA", kind: agency, // UU 14/1985 jo. UU 3/2009
			names: []string{"mahkamah agung"},
			offices: []string{"pengadilan negeri", "pengadilan agama", "pengadilan tinggi", "pengadilan tata usaha negara",
				"ptun", "pengadilan militer", "mahkamah syariyah", "mahkamah syar iyah", "badilum", "badilag"}},
		{code: "mk", name: "Mahkamah Konstitusi Republik Indonesia", abbrev: "MK", kind: agency, names: []string{"mahkamah konstitusi"}, exact: []string{"MK"}},                                 // UU 24/2003
		{code: "ky", name: "Komisi Yudisial Republik Indonesia", abbrev: "KY", kind: agency, names: []string{"komisi yudisial"}, exact: []string{"KY"}},                                         // UU 18/2011
		{code: "bpk", name: "Badan Pemeriksa Keuangan Republik Indonesia", abbrev: "BPK", kind: agency, names: []string{"bpk ri"}, offices: []string{"bpk perwakilan"}, exact: []string{"BPK"}}, // UU 15/2006
		{code: "kpk", name: "Komisi Pemberantasan Korupsi", abbrev: "KPK", kind: agency, names: []string{"kpk"}},                                                                                // UU 30/2002 jo. UU 19/2019
		{code: "kpu", name: "Komisi Pemilihan Umum", abbrev: "KPU", kind: agency, names: []string{"kpu"}},                                                                                       // UU 7/2017
		{code: "bawaslu", name: "Badan Pengawas Pemilihan Umum", abbrev: "Bawaslu", kind: agency, names: []string{"bawaslu"}},                                                                   // UU 7/2017
		{code: "ombudsman", name: "Ombudsman Republik Indonesia", abbrev: "Ombudsman RI", kind: agency, names: []string{"ombudsman"}},                                                           // UU 37/2008
		{code: "komnasham", name: "Komisi Nasional Hak Asasi Manusia", abbrev: "Komnas HAM", kind: agency, names: []string{"komnas ham"}},                                                       // UU 39/1999
		{code: "kppu", name: "Komisi Pengawas Persaingan Usaha", abbrev: "KPPU", kind: agency, names: []string{"kppu"}},                                                                         // UU 5/1999
		{code: "ppatk", name: "Pusat Pelaporan dan Analisis Transaksi Keuangan", abbrev: "PPATK", kind: agency, names: []string{"ppatk"}},                                                       // UU 8/2010
		{code: "ojk", name: "Otoritas Jasa Keuangan", abbrev: "OJK", kind: agency, names: []string{"ojk"}},                                                                                      // UU 21/2011
		{code: "bpjs-kesehatan", name: "Badan Penyelenggara Jaminan Sosial Kesehatan", abbrev: "BPJS Kesehatan", kind: agency, // UU 24/2011
			former: []string{"PT Askes"}},
		{code: "bpjs-ketenagakerjaan", name: "Badan Penyelenggara Jaminan Sosial Ketenagakerjaan", abbrev: "BPJS Ketenagakerjaan", kind: agency, // UU 24/2011
			names: []string{"bpjamsostek"}, former: []string{"PT Jamsostek"}},
	}
}
