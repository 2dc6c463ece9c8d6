package pages

import (
	"fmt"

	"jippnas/content/markdown"
)

// CheckLinks reports every broken internal link and every blocked link of
// a page, with the page's file and the absolute line in it.
func CheckLinks(r *markdown.Renderer, p Page) []PageError {
	broken, blocked := r.CheckLinks([]byte(p.Body))
	base := max(p.BodyLine, 1)
	var errs []PageError
	for _, b := range broken {
		errs = append(errs, PageError{File: p.File, Line: base + b.Line - 1, Field: "body",
			Message: fmt.Sprintf("tautan internal %q tidak ditemukan", b.Target)})
	}
	for _, b := range blocked {
		errs = append(errs, PageError{File: p.File, Line: base + b.Line - 1, Field: "body",
			Message: fmt.Sprintf("tautan %q diblokir: skema URL tidak diizinkan (gunakan http, https, mailto, tel, atau inovasi:/panduan:/berita:)", b.Target)})
	}
	pageSortErrors(errs)
	return errs
}
