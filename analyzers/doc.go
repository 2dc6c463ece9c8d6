// Package analyzers is the Indonesian text analysis of jippnas: tokenizer, normalisation, stopwords,
// a dictionary-backed stemmer and acronym/synonym handling, registered with Bleve in one init().
//
// Analyzers (see analyzer.go):
//   - "id" (AnalyzerName): index analyzer for text fields: normalise, tokenize, reduplication,
//     acronym expansion, stopwords, stemming.
//   - "id_query" (QueryAnalyzerName): the same, but expansion phrases are contracted to their
//     acronym ("kartu tanda penduduk" → ktp) unless the acronym is ambiguous (KIA, KIP, IKM).
//   - "id_exact" (ExactAnalyzerName): normalise, tokenize, reduplication; no stopwords, no stemming.
//
// Also registered: the token filter "id_stemmer".
//
// Design choices:
//   - Offsets: the tokenizer scans the original text; Start/End are byte offsets into it and
//     Position is 1-based like Bleve's. Tokens derived from one source word share its position.
//   - Service names: "e-KTP" gives the compound term "ektp" (hyphen dropped, so queries "ektp",
//     "e-ktp" and "E-KTP" agree) and the base "ktp" at the same position (prefixes e-, m-, i-).
//   - Reduplication: "anak-anak" → anak, "buku-bukunya" → buku, "bersama-sama" → sama; lexicalised
//     echo words of a curated list (kupu-kupu, sayur-mayur, bolak-balik, undang-undang) stay one term.
//   - Dotted acronyms join (P.T. → pt, S.Pd → spd); slashes separate (KTP/KK → ktp, kk). Numbers:
//     thousands dots dropped (1.000.000 → 1000000), decimal commas kept (27,90).
//   - Acronyms: on the index side the acronym token is added at the first word of an expansion
//     phrase, spanning the phrase; matching uses unstemmed terms with stopwords, so "kesehatan ibu
//     dan anak" matches. Acronym tokens are never stemmed nor removed as stopwords.
//   - Stemmer: generates every analysis (particles, possessives, one derivational or loan suffix,
//     up to three prefixes with all allomorphs and recodings, colloquial nge-/ny-) and ranks them:
//     dictionary root, forbidden confixes (be-i, di-an, ke-i, ke-kan, me-an, se-i, se-kan, te-an),
//     licence by the root's hunspell flags, root length, affix count. Words with no dictionary
//     analysis get a conservative rule-based stem. "mempertanggungjawabkan" → "tanggungjawab"
//     (one token; hunspell-id lists "tanggungjawab"). Results are cached per word (sharded,
//     bounded). Bound hunspell entries (NEEDAFFIX, e.g. "ketahu"), entries that another root's
//     flags derive regularly (setinggi, belikan, digitalisasi), entries marked "!" (belajar) and
//     infixed forms marked "~" (telunjuk) are demoted below analyses to their own root; "=" in
//     data/roots_extra.txt keeps a root that only looks derived (mereka, beruang).
//   - Accuracy: testdata/stem_dev.tsv (464 pairs) and testdata/stem_general.tsv (1,288 pairs of
//     general vocabulary) both pass at 100%; the tests fail below 97%.
//
// Data (embedded with go:embed; sources and licences in data/NOTICE):
//   - data/roots.tsv.gz: roots with hunspell flags from Debian's hunspell-id (LGPL-3,
//     data/LICENSE.hunspell-id), made by gen/roots.sh (apt-get download hunspell-id; dpkg-deb -x).
//     No MIT/BSD Indonesian root-word list was found among the npm packages known here, so none
//     is merged.
//   - data/roots_extra.txt: our own additions, demotions and removals.
//   - data/stopwords.txt: npm stopwords-iso 1.1.0 key "id" (MIT, data/LICENSE.stopwords-iso) minus
//     data/stopwords_domain_removed.txt, made by gen/stopwords.sh (npm pack; node; tar).
//   - data/acronyms.tsv: curated government/public-service acronyms (facts; our own file).
//
// Regenerate on Debian with npm and apt: bash analyzers/gen/roots.sh; bash analyzers/gen/stopwords.sh.
package analyzers
