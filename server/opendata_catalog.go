package server

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"jippnas/content/refdata"
)

// The /data page, the data dictionary as CSV and the DCAT catalogue
// (JSON-LD, DCAT 2 as data.go.id-style national portals harvest it).

type dataPageView struct {
	Dataset    *dataset
	Files      []dataFileView
	Dictionary []dictField
	Sectors    []refdata.Sector
	License    string
	LicenseURL string
	Catalog    string
}

type dataFileView struct {
	*dataFile
	URL      string
	SizeText string
}

// sizeText is a size as Indonesian writes it ("1,2 MB").
func sizeText(n int64) string {
	unit, div := " byte", 1.0
	switch {
	case n >= 1<<20:
		unit, div = " MB", 1<<20
	case n >= 1<<10:
		unit, div = " KB", 1<<10
	}
	if div == 1 {
		return strconv.FormatInt(n, 10) + unit
	}
	return strings.Replace(strconv.FormatFloat(float64(n)/div, 'f', 1, 64), ".", ",", 1) + unit
}

func (s *Server) webData(w http.ResponseWriter, r *http.Request) {
	ds, err := s.openData.current(r.Context())
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v := dataPageView{Dataset: ds, Dictionary: dataDictionary, Sectors: refdata.Sectors(), License: dataLicenseName,
		LicenseURL: dataLicenseURL, Catalog: "/data/katalog.jsonld"}
	for _, f := range ds.Files {
		v.Files = append(v.Files, dataFileView{dataFile: f, URL: "/data/" + downloadName(f.Format.Ext), SizeText: sizeText(f.Size)})
	}
	s.render(w, r, http.StatusOK, "data", page{Title: "Data terbuka",
		Description: "Unduh direktori inovasi pelayanan publik JIPPNAS sebagai CSV, JSON Lines, atau XLSX, lengkap dengan kamus data dan katalog DCAT.",
		Nav:         "data", Data: v,
		JSONLD: s.dcatCatalog(ds)})
}

func (s *Server) dataDictionaryCSV(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("Content-Disposition", `attachment; filename="jippnas-kamus-data.csv"`)
	if r.Method == http.MethodHead {
		return
	}
	w.Write([]byte("\xef\xbb\xbf"))
	cw := csv.NewWriter(w)
	cw.Write([]string{"kolom", "nama", "keterangan", "nilai", "sumber", "hanya_xlsx"})
	for _, f := range dataDictionary {
		cw.Write([]string{f.Name, f.Label, f.Description, f.Values, f.Source, strconv.FormatBool(f.XLSXOnly)})
	}
	cw.Flush()
}

func (s *Server) dataCatalog(w http.ResponseWriter, r *http.Request) {
	ds, err := s.openData.current(r.Context())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	body, err := json.MarshalIndent(s.dcatCatalog(ds), "", " ")
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*") // harvesters may read it from a browser
	s.writeCached(w, r, "application/ld+json", append(body, '\n'), 300)
}

// dcatCatalog describes the open data in DCAT 2 (W3C), in JSON-LD.
func (s *Server) dcatCatalog(ds *dataset) ldObject {
	publisher := ldObject{"@type": "foaf:Organization",
		"foaf:name": "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi", "foaf:homepage": ldObject{"@id": "https://www.menpan.go.id/"}}
	license := ldObject{"@id": dataLicenseURL}
	var dists []any
	for _, f := range ds.Files {
		u := s.linkURL("/data/" + downloadName(f.Format.Ext))
		dists = append(dists, ldObject{
			"@type": "dcat:Distribution", "@id": u,
			"dct:title":        "Direktori inovasi JIPPNAS (" + f.Format.Name + ")",
			"dct:description":  f.Format.About,
			"dcat:accessURL":   ldObject{"@id": s.linkURL("/data")},
			"dcat:downloadURL": ldObject{"@id": u},
			"dcat:mediaType":   ldObject{"@id": f.Format.IANA},
			"dct:format":       f.Format.Name,
			"dcat:byteSize":    ldObject{"@value": strconv.FormatInt(f.Size, 10), "@type": "xsd:decimal"},
			"spdx:checksum": ldObject{"@type": "spdx:Checksum",
				"spdx:algorithm":     ldObject{"@id": "spdx:checksumAlgorithm_sha256"},
				"spdx:checksumValue": ldObject{"@value": f.SHA256, "@type": "xsd:hexBinary"}},
			"dct:license":    license,
			"dct:conformsTo": ldObject{"@id": s.linkURL("/data/kamus-data.csv")},
			"dct:modified":   ldObject{"@value": ds.Built.UTC().Format("2006-01-02T15:04:05Z"), "@type": "xsd:dateTime"},
		})
	}
	dataset := ldObject{
		"@type": "dcat:Dataset", "@id": s.linkURL("/data") + "#direktori-inovasi",
		"dct:identifier":  "jippnas-direktori-inovasi",
		"dct:title":       "Direktori Inovasi Pelayanan Publik JIPPNAS",
		"dct:description": "Seluruh inovasi pelayanan publik kementerian, lembaga, dan pemerintah daerah di JIPPNAS (" + numID(ds.Rows) + " inovasi): instansi, wilayah (kode Kemendagri), bidang urusan, tahun, sumber data (KIPP Kementerian PANRB, Indeks Inovasi Daerah Kemendagri, LAN), penghargaan, tahap, dan status.",
		"dcat:keyword":    []string{"inovasi", "pelayanan publik", "pemerintah daerah", "KIPP", "inovasi daerah", "JIPPNAS"},
		"dct:language":    ldObject{"@id": "http://publications.europa.eu/resource/authority/language/IND"},
		"dct:spatial":     ldObject{"@id": "http://publications.europa.eu/resource/authority/country/IDN"},
		"dct:publisher":   publisher,
		"dcat:contactPoint": ldObject{"@type": "vcard:Organization", "vcard:fn": "Tim JIPPNAS, Kementerian PANRB",
			"vcard:hasURL": ldObject{"@id": s.linkURL("/data")}},
		"dct:accrualPeriodicity": ldObject{"@id": "http://publications.europa.eu/resource/authority/frequency/CONT"},
		"dcat:landingPage":       ldObject{"@id": s.linkURL("/data")},
		"dct:license":            license,
		"dct:conformsTo":         ldObject{"@id": s.linkURL("/data/kamus-data.csv")},
		"dcat:distribution":      dists,
	}
	if ds.Modified != "" {
		dataset["dct:modified"] = ldObject{"@value": ds.Modified, "@type": "xsd:dateTime"}
	}
	service := ldObject{"@type": "dcat:DataService", "@id": s.linkURL("/api/v1"),
		"dct:title":                "API pencarian JIPPNAS",
		"dcat:endpointURL":         ldObject{"@id": s.linkURL("/api/v1")},
		"dcat:endpointDescription": ldObject{"@id": s.linkURL("/api/v1/openapi.json")},
		"dcat:servesDataset":       ldObject{"@id": dataset["@id"]},
		"dct:license":              license,
	}
	return ldObject{
		"@context": ldObject{
			"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
			"vcard": "http://www.w3.org/2006/vcard/ns#", "spdx": "http://spdx.org/rdf/terms#", "xsd": "http://www.w3.org/2001/XMLSchema#",
		},
		"@type": "dcat:Catalog", "@id": s.linkURL("/data/katalog.jsonld"),
		"dct:title":       "Katalog Data Terbuka JIPPNAS",
		"dct:description": "Data terbuka Jaringan Inovasi Pelayanan Publik Nasional (JIPPNAS), Kementerian PANRB.",
		"dct:publisher":   publisher,
		"dct:language":    ldObject{"@id": "http://publications.europa.eu/resource/authority/language/IND"},
		"foaf:homepage":   ldObject{"@id": s.linkURL("/")},
		"dct:license":     license,
		"dcat:dataset":    []any{dataset},
		"dcat:service":    []any{service},
	}
}
