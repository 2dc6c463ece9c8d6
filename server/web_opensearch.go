package server

import (
	"encoding/xml"
	"net/http"
)

// The OpenSearch description lets browsers add JIPPNAS as a search engine;
// every page links to it from its head. Its templates are absolute only
// with --public-url (browsers want absolute ones): the document is cached,
// so it is never built from the Host header.

const openSearchMIME = "application/opensearchdescription+xml"

type openSearchURL struct {
	Type     string `xml:"type,attr"`
	Rel      string `xml:"rel,attr,omitempty"`
	Method   string `xml:"method,attr,omitempty"`
	Template string `xml:"template,attr"`
}

type openSearchImage struct {
	Width  int    `xml:"width,attr"`
	Height int    `xml:"height,attr"`
	Type   string `xml:"type,attr"`
	URL    string `xml:",chardata"`
}

type openSearchDescription struct {
	XMLName       xml.Name        `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
	ShortName     string          `xml:"ShortName"`
	Description   string          `xml:"Description"`
	Tags          string          `xml:"Tags"`
	Contact       string          `xml:"Contact,omitempty"`
	URLs          []openSearchURL `xml:"Url"`
	Image         openSearchImage `xml:"Image"`
	Language      string          `xml:"Language"`
	InputEncoding string          `xml:"InputEncoding"`
	OutputEnc     string          `xml:"OutputEncoding"`
}

func (s *Server) webOpenSearch(w http.ResponseWriter, r *http.Request) {
	d := openSearchDescription{
		ShortName:   "JIPPNAS",
		Description: "Cari inovasi pelayanan publik, panduan, dan berita di JIPPNAS (Jaringan Inovasi Pelayanan Publik Nasional).",
		Tags:        "inovasi pelayanan publik pemerintah daerah Indonesia",
		URLs: []openSearchURL{
			{Type: "text/html", Method: "get", Template: s.linkURL("/cari?q={searchTerms}")},
			{Type: atomMIME, Template: s.linkURL(feedPathInnovations + "?q={searchTerms}")},
			{Type: "application/json", Template: s.linkURL("/api/v1/search?q={searchTerms}&page={startPage?}")},
			{Type: openSearchMIME, Rel: "self", Template: s.linkURL("/opensearch.xml")},
		},
		Image:         openSearchImage{Width: 64, Height: 64, Type: "image/svg+xml", URL: s.linkURL(assets.url("favicon.svg"))},
		Language:      "id",
		InputEncoding: "UTF-8",
		OutputEnc:     "UTF-8",
	}
	out, err := xml.MarshalIndent(d, "", " ")
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", openSearchMIME+"; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	if r.Method == http.MethodHead {
		return
	}
	w.Write([]byte(xml.Header))
	w.Write(out)
	w.Write([]byte("\n"))
}
