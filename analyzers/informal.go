package analyzers

// informalWords maps the abbreviations and colloquial forms people type in a search box or a chat
// ("gmn cara bikin ktp", "syarat akta yg hilang") to their standard form, so that they match the
// formal text of the portal and stopwords stay stopwords. Our own curation from everyday written
// Indonesian; a form is listed only if it is not also a standard word or a common acronym of public
// administration (so not spt, dpt, pd, tp, pgn, lg, dr: SPT pajak, DPT pemilu, PD Pasar, TP PKK, PGN,
// LG, dr. as doctor).
var informalWords = map[string]string{
	// function words
	"yg": "yang", "utk": "untuk", "dgn": "dengan", "dg": "dengan", "dlm": "dalam", "tdk": "tidak",
	"gak": "tidak", "nggak": "tidak", "ngga": "tidak", "gk": "tidak", "sdh": "sudah", "udah": "sudah",
	"udh": "sudah", "blm": "belum", "krn": "karena", "karna": "karena", "jg": "juga", "sj": "saja",
	"aja": "saja", "sy": "saya", "sya": "saya", "trs": "terus", "tsb": "tersebut", "klo": "kalau",
	"kalo": "kalau", "sbg": "sebagai", "sbgai": "sebagai", "ttg": "tentang", "ato": "atau", "atw": "atau",
	"msh": "masih", "hrs": "harus", "hrus": "harus", "sampe": "sampai", "lgi": "lagi", "tpi": "tapi",
	"gitu": "begitu", "gini": "begini", "emang": "memang", "bgt": "banget", "skrg": "sekarang",
	"skg": "sekarang", "kmrn": "kemarin", "bnyk": "banyak", "byk": "banyak", "pengen": "ingin",
	"pingin": "ingin", "tlg": "tolong", "mksd": "maksud",
	// question words
	"gimana": "bagaimana", "gmn": "bagaimana", "gmana": "bagaimana", "gmna": "bagaimana",
	"bgmn": "bagaimana", "knp": "kenapa", "kpn": "kapan", "dmn": "dimana", "brp": "berapa",
	// content words
	"org": "orang", "tgl": "tanggal", "thn": "tahun", "bln": "bulan", "bener": "benar", "pake": "pakai",
	"dapet": "dapat", "bwt": "buat", "bikin": "membuat", "nyari": "mencari", "ngurus": "mengurus",
}
