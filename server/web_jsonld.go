package server

import (
	"jippnas/content"
	"jippnas/content/refdata"
)

// schema.org descriptions (JSON-LD) of the pages search engines should
// understand: innovation profiles (GovernmentService), guides (Article),
// news (NewsArticle), each with its breadcrumb trail, and the site with its
// search action on the home page. URLs are absolute with --public-url and
// relative otherwise (JSON-LD resolves them against the page).

type ldObject = map[string]any

const schemaOrg = "https://schema.org"

// ldPublisher is the ministry that runs the portal.
func (s *Server) ldPublisher() ldObject {
	return ldObject{"@type": "GovernmentOrganization",
		"name":          "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
		"alternateName": "Kementerian PANRB",
		"url":           s.linkURL("/")}
}

func (s *Server) ldBreadcrumb(trail ...crumb) ldObject {
	items := []any{ldObject{"@type": "ListItem", "position": 1, "name": "Beranda", "item": s.linkURL("/")}}
	for i, c := range trail {
		it := ldObject{"@type": "ListItem", "position": i + 2, "name": c.Label}
		if c.URL != "" {
			it["item"] = s.linkURL(c.URL)
		}
		items = append(items, it)
	}
	return ldObject{"@type": "BreadcrumbList", "itemListElement": items}
}

// ldWebsite describes the site and its search, for the home page.
func (s *Server) ldWebsite() ldObject {
	return ldObject{"@context": schemaOrg, "@type": "WebSite", "name": siteName,
		"alternateName": "Jaringan Inovasi Pelayanan Publik Nasional", "url": s.linkURL("/"), "inLanguage": "id",
		"publisher": s.ldPublisher(),
		"potentialAction": ldObject{"@type": "SearchAction",
			"target":      ldObject{"@type": "EntryPoint", "urlTemplate": s.linkURL("/cari?q={search_term_string}")},
			"query-input": "required name=search_term_string"}}
}

// ldArea is the region an innovation serves.
func (s *Server) ldArea(code string) ldObject {
	if code == "" {
		return ldObject{"@type": "Country", "name": "Indonesia"}
	}
	reg, ok := s.regions.Lookup(code)
	if !ok {
		return nil
	}
	area := ldObject{"@type": "AdministrativeArea", "name": reg.Name, "identifier": reg.Code}
	if p, ok := s.regions.ProvinceOf(code); ok && !reg.IsProvince() {
		area["containedInPlace"] = ldObject{"@type": "AdministrativeArea", "name": p.Name, "identifier": p.Code}
	}
	return area
}

// ldInnovation describes an innovation profile: the public service an
// institution runs.
func (s *Server) ldInnovation(d content.Document) ldObject {
	svc := ldObject{"@type": "GovernmentService", "@id": s.linkURL(d.Path()) + "#inovasi", "name": d.Title,
		"url": s.linkURL(d.Path()), "inLanguage": "id", "identifier": d.ID,
		"provider": ldObject{"@type": "GovernmentOrganization", "name": d.Institution}}
	if d.Summary != "" {
		svc["description"] = d.Summary
	}
	if area := s.ldArea(d.RegionCode); area != nil {
		svc["areaServed"] = area
	}
	if sec, ok := refdata.SectorBySlug(d.Sector); ok {
		svc["serviceType"] = sec.Name
	}
	if len(d.Awards) > 0 {
		svc["award"] = d.Awards
	}
	if len(d.Tags) > 0 {
		svc["keywords"] = d.Tags
	}
	if d.URL != "" {
		svc["sameAs"] = d.URL
	}
	page := ldObject{"@type": "WebPage", "url": s.linkURL(d.Path()), "name": d.Title, "inLanguage": "id",
		"mainEntity": ldObject{"@id": svc["@id"]}, "dateModified": d.UpdatedAt,
		"breadcrumb": s.ldBreadcrumb(crumb{"Cari Inovasi", "/cari?type=innovation"}, crumb{d.Title, ""})}
	if d.Published != "" {
		page["datePublished"] = d.Published
	}
	return ldObject{"@context": schemaOrg, "@graph": []any{page, svc}}
}

// ldPage describes a guide (Article) or a news item (NewsArticle).
func (s *Server) ldPage(d content.Document, kindLabel, kindPath string) ldObject {
	typ := "Article"
	if d.Type == content.TypeNews {
		typ = "NewsArticle"
	}
	art := ldObject{"@type": typ, "headline": shorten(d.Title, 110), "name": d.Title, "url": s.linkURL(d.Path()),
		"mainEntityOfPage": s.linkURL(d.Path()), "inLanguage": "id", "publisher": s.ldPublisher()}
	if d.Summary != "" {
		art["description"] = d.Summary
	}
	if d.Published != "" {
		art["datePublished"] = d.Published
		art["dateModified"] = d.Published
	}
	if d.Updated != "" {
		art["dateModified"] = d.Updated
	}
	var authors []any
	for _, a := range d.Authors {
		authors = append(authors, ldObject{"@type": "Organization", "name": a})
	}
	if len(authors) == 0 {
		authors = append(authors, s.ldPublisher())
	}
	art["author"] = authors
	if sec, ok := refdata.SectorBySlug(d.Sector); ok {
		art["about"] = sec.Name
	}
	if len(d.Tags) > 0 {
		art["keywords"] = d.Tags
	}
	return ldObject{"@context": schemaOrg, "@graph": []any{art,
		s.ldBreadcrumb(crumb{kindLabel, kindPath}, crumb{d.Title, ""})}}
}
