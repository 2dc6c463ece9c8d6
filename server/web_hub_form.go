package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gorilla/mux"
	"golang.org/x/text/unicode/norm"

	"jippnas/content"
	"jippnas/content/hub"
	"jippnas/content/refdata"
)

// formView is the create/edit form of an innovation.
type formView struct {
	hubView
	New          bool
	ID           string
	Action       string
	Version      uint64 // the record version the form was made from
	Doc          content.Document
	Unit         string
	Tags         string
	Awards       string
	Year         string
	Errors       map[string]string
	Message      string
	Owner        hub.Institution // the record's institution
	Fixed        bool            // the institution is the pengelola's own
	IsAdmin      bool
	Units        []string
	Regions      []regionOption
	Sectors      []refdata.Sector
	Stages       []content.Label
	Statuses     []content.Label
	Sources      []content.Label
	Completeness hub.Completeness
	// AllInstitutions are offered to an admin choosing an institution.
	AllInstitutions []hub.Institution
}

type regionOption struct {
	Code, Label string
}

// regionOptions are the regions a record of an institution may be in: its
// own region (and a province's regencies), or for a ministry or agency
// the whole country and any province.
func (s *Server) regionOptions(in hub.Institution, known bool) []regionOption {
	var out []regionOption
	switch {
	case known && in.Kind == hub.KindProvince:
		out = append(out, regionOption{in.RegionCode, "Seluruh " + in.ShortName})
		for _, g := range s.regions.RegenciesOf(in.RegionCode) {
			out = append(out, regionOption{g.Code, s.regions.DisplayName(g.Code)})
		}
	case known && in.Local():
		out = append(out, regionOption{in.RegionCode, in.ShortName})
	default:
		out = append(out, regionOption{"", "Nasional (tanpa wilayah tertentu)"})
		for _, p := range s.regions.Provinces() {
			out = append(out, regionOption{p.Code, "Provinsi " + p.ShortName()})
			if !known {
				for _, g := range s.regions.RegenciesOf(p.Code) {
					out = append(out, regionOption{g.Code, "— " + s.regions.DisplayName(g.Code)})
				}
			}
		}
	}
	return out
}

// unitsOf are the units an institution's records name, for suggestions.
func (s *Server) unitsOf(code string) []string {
	seen := map[string]bool{}
	var out []string
	for _, sm := range s.hub.Records(hub.RecordQuery{Institution: code}) {
		if sm.Unit != "" && !seen[hub.UnitKey(sm.Unit)] {
			seen[hub.UnitKey(sm.Unit)] = true
			out = append(out, sm.Unit)
		}
	}
	return out
}

func (s *Server) formView(u *webUser, isNew bool, rec hub.Record, doc content.Document) formView {
	a := u.actor
	v := formView{hubView: s.hubView(u, "inovasi"), New: isNew, ID: rec.ID, Version: rec.Version, Doc: doc, Unit: rec.Unit,
		IsAdmin: a.Account.Role == hub.RoleAdmin, Sectors: refdata.Sectors(), Stages: content.Stages, Statuses: content.Statuses,
		Sources: content.Sources, Errors: map[string]string{}}
	v.Action = "/hub/inovasi/baru"
	if !isNew {
		v.Action = hubRecordPath(rec.ID) + "/ubah"
	}
	code := doc.InstitutionCode
	if a.Account.Role == hub.RoleEditor {
		code, v.Fixed = a.Account.Institution, true
	}
	in, known := s.hub.Registry().Lookup(code)
	v.Owner = in
	if !v.Fixed {
		v.AllInstitutions = s.hub.Registry().All()
	}
	v.Regions = s.regionOptions(in, known)
	if known {
		v.Units = s.unitsOf(code)
	}
	v.setDoc(doc)
	v.Completeness = s.hub.Assess(doc)
	return v
}

// setDoc fills the form's text fields from a document.
func (v *formView) setDoc(d content.Document) {
	v.Doc = d
	v.Tags = strings.Join(d.Tags, ", ")
	v.Awards = strings.Join(d.Awards, "\n")
	v.Year = ""
	if d.Year != 0 {
		v.Year = strconv.Itoa(d.Year)
	}
}

// formDocument reads the form into a document, starting from the current
// working copy so that fields the form does not show are kept. It returns
// problems the form itself can see (a year that is not a number, no
// institution chosen).
func (s *Server) formDocument(r *http.Request, u *webUser, cur content.Document) (content.Document, string, map[string]string) {
	errs := map[string]string{}
	f := r.PostFormValue
	d := cur
	d.Type = content.TypeInnovation
	d.Title, d.Summary, d.Body = f("title"), f("summary"), strings.ReplaceAll(f("body"), "\r\n", "\n")
	d.RegionCode, d.Sector, d.Stage, d.Status = f("region_code"), f("sector"), f("stage"), f("status")
	d.URL, d.Contact, d.Published = f("url"), f("contact"), f("published")
	d.Digital = f("digital") == "ya"
	d.Tags = splitTrim(f("tags"), ",")
	d.Awards = splitTrim(f("awards"), "\n")
	d.Year = 0
	if y := strings.TrimSpace(f("year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			errs["year"] = "Tahun harus berupa angka, misalnya 2025."
		}
		d.Year = n
	}
	code := cur.InstitutionCode
	if u.actor.Account.Role == hub.RoleEditor {
		code = u.actor.Account.Institution
	} else if c := strings.TrimSpace(f("institution_code")); c != "" {
		code = c
	}
	if u.actor.Account.Role == hub.RoleAdmin {
		d.Source = f("source")
	}
	unit := hub.CanonicalUnit(f("unit"))
	in, ok := s.hub.Registry().Lookup(code)
	switch {
	case code == "":
		errs["institution"] = "Pilih instansi pemilik inovasi ini."
	case !ok:
		errs["institution"] = "Kode instansi tidak dikenal. Lihat daftar di halaman Instansi."
	default:
		d.InstitutionCode = code
		d.Institution = s.hub.Registry().DisplayName(in.Code, unit)
	}
	return d, unit, errs
}

// splitTrim splits a form field into its non-empty, trimmed items.
func splitTrim(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// newRecordID makes the id of a record created on the website:
// jippnas-YEAR-INSTITUTION-title-words, unique among existing records.
func (s *Server) newRecordID(d content.Document) string {
	year := d.Year
	if year == 0 {
		year = s.hub.Now().Year()
	}
	base := fmt.Sprintf("jippnas-%d-%s-%s", year, strings.ReplaceAll(d.InstitutionCode, ".", "-"), slugWords(d.Title, 48))
	base = strings.TrimRight(base, "-")
	id := base
	for n := 2; ; n++ {
		if _, exists := s.hub.Record(id); !exists {
			if _, err := s.store.Get(id); err != nil {
				return id
			}
		}
		id = fmt.Sprintf("%s-%d", base, n)
	}
}

// slugWords turns a title into lowercase ASCII words joined by hyphens, at
// most max bytes, cut at a word boundary.
func slugWords(title string, max int) string {
	var b strings.Builder
	dash := false
	for _, c := range norm.NFKD.String(strings.ToLower(title)) {
		switch {
		case c < 128 && (unicode.IsLetter(c) || unicode.IsDigit(c)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		case unicode.Is(unicode.Mn, c):
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); i > 0 {
			out = out[:i]
		}
	}
	if out == "" {
		out = "inovasi"
	}
	return out
}

// canCreate reports whether the user may create records, and for which
// institution.
func canCreate(a hub.Actor) bool {
	switch a.Account.Role {
	case hub.RoleAdmin:
		return true
	case hub.RoleEditor:
		return hub.Can(a, hub.ActCreate, hub.Target{Institution: a.Account.Institution})
	}
	return false
}

func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, status int, v formView) {
	title := "Ubah inovasi"
	if v.New {
		title = "Inovasi baru"
	}
	s.render(w, r, status, "hub_form", page{Title: title, NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

// webHubEdit shows and saves the create and edit forms.
func (s *Server) webHubEdit(w http.ResponseWriter, r *http.Request, u *webUser) {
	_, editing := mux.Vars(r)["id"]
	var rec hub.Record
	var cur content.Document
	if editing {
		id, ok := recordID(r)
		if !ok {
			s.hubFail(w, r, u, content.ErrNotFound, "/hub/inovasi")
			return
		}
		var err error
		if rec, cur, err = s.hub.Get(u.actor, id); err == nil && rec.State == hub.StateDeleted {
			err = content.ErrNotFound
		}
		if err == nil {
			err = hub.Authorize(u.actor, hub.ActEdit, rec.Target())
		}
		if err != nil {
			s.hubFail(w, r, u, err, "/hub/inovasi")
			return
		}
	} else if !canCreate(u.actor) {
		s.hubFail(w, r, u, hub.ErrForbidden, "/hub")
		return
	}
	v := s.formView(u, !editing, rec, cur)
	if r.Method != http.MethodPost {
		v.Flash = flash(r)
		s.renderForm(w, r, http.StatusOK, v)
		return
	}
	doc, unit, errs := s.formDocument(r, u, cur)
	v.setDoc(doc)
	v.Unit = unit
	v.Completeness = s.hub.Assess(doc)
	version, _ := strconv.ParseUint(r.PostFormValue("versi"), 10, 64)
	if len(errs) > 0 {
		v.Errors, v.Message = errs, "Periksa isian yang ditandai. Belum ada yang tersimpan."
		s.renderForm(w, r, http.StatusBadRequest, v)
		return
	}
	base := hub.Base{Version: version}
	if !editing {
		doc.ID, base = s.newRecordID(doc), hub.Base{New: true}
	}
	res, err := s.hub.Save(u.actor, doc, base)
	var ve *content.ValidationError
	switch {
	case errors.Is(err, hub.ErrStale) && editing:
		s.renderConflict(w, r, u, v)
		return
	case errors.As(err, &ve):
		v.Errors, v.Message = formErrors(ve), "Periksa isian yang ditandai. Belum ada yang tersimpan."
		s.renderForm(w, r, http.StatusBadRequest, v)
		return
	case err != nil:
		s.hubFail(w, r, u, err, "/hub/inovasi")
		return
	}
	msg := "tersimpan"
	switch {
	case res.Created:
		msg = "dibuat"
	case !res.Changed:
		msg = "tidak-berubah"
	}
	if r.PostFormValue("aksi") == "ajukan" {
		_, err := s.hub.Submit(u.actor, res.Record.ID, hub.Base{Version: res.Record.Version})
		if errors.As(err, &ve) {
			v = s.formView(u, false, res.Record, res.Doc)
			v.Errors, v.Flash = formErrors(ve), flashes["belum-diajukan"]
			s.renderForm(w, r, http.StatusBadRequest, v)
			return
		}
		if err != nil {
			s.hubFail(w, r, u, err, hubRecordPath(res.Record.ID))
			return
		}
		msg = "diajukan"
	}
	http.Redirect(w, r, hubRecordPath(res.Record.ID)+"?pesan="+msg, http.StatusSeeOther)
}

// formErrors places a validation error's fields on the form, in
// Indonesian.
func formErrors(ve *content.ValidationError) map[string]string {
	out := map[string]string{}
	for _, f := range ve.Fields {
		key := f.Field
		switch {
		case strings.HasPrefix(key, "section:"):
			key = "body"
		case key == "institution_code":
			key = "institution"
		}
		msg := fieldMessageID(f)
		if strings.HasPrefix(f.Field, "section:") {
			msg = fieldLabelID(f.Field) + " wajib ada sebelum diajukan."
		}
		if old, ok := out[key]; ok {
			msg = old + " " + msg
		}
		out[key] = msg
	}
	return out
}

// fieldLabels are the Indonesian names of document fields on the forms.
var fieldLabels = map[string]string{
	"id": "ID", "type": "Jenis", "title": "Judul", "summary": "Ringkasan", "body": "Uraian", "institution": "Instansi",
	"institution_code": "Instansi", "unit": "Unit pengampu", "region_code": "Wilayah", "sector": "Bidang", "year": "Tahun",
	"published": "Tanggal terbit", "source": "Sumber", "stage": "Tahap", "status": "Status", "awards": "Penghargaan",
	"tags": "Kata kunci", "url": "Tautan", "contact": "Kontak", "comment": "Catatan", "validation_status": "Status validasi",
}

func fieldLabelID(field string) string {
	if strings.HasPrefix(field, "section:") {
		words := strings.Split(strings.TrimPrefix(field, "section:"), "-")
		for i, w := range words {
			if w != "" {
				words[i] = strings.ToUpper(w[:1]) + w[1:]
			}
		}
		return "Bagian “" + strings.Join(words, " ") + "”"
	}
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	return field
}

// fieldMessageID says in Indonesian what is wrong with a field. The
// validation messages are English (they serve the API); the website
// recognises their kinds.
func fieldMessageID(f content.FieldError) string {
	m := f.Message
	switch {
	case m == "required before submitting":
		return "Wajib diisi sebelum diajukan."
	case strings.HasPrefix(m, "required"):
		return "Wajib diisi."
	case strings.Contains(m, "longer than"), strings.Contains(m, "at most"):
		return "Terlalu panjang atau terlalu banyak."
	case strings.Contains(m, "outside the area"):
		return "Wilayah berada di luar wilayah instansi Anda."
	case strings.Contains(m, "unknown Kemendagri region code"):
		return "Kode wilayah tidak dikenal."
	case strings.Contains(m, "unknown sector"):
		return "Bidang tidak dikenal."
	case strings.Contains(m, "out of range"):
		return fmt.Sprintf("Tahun harus antara 1945 dan %d.", time.Now().Year()+1)
	case strings.Contains(m, "not a date"):
		return "Tanggal harus berformat TTTT-BB-HH, misalnya 2025-08-17."
	case strings.Contains(m, "http://"):
		return "Tautan harus diawali http:// atau https://."
	case strings.Contains(m, "source programme"):
		return "Sumber data hanya dapat diubah oleh admin."
	case strings.Contains(m, "institution"):
		return "Instansi tidak dikenal."
	case strings.HasPrefix(m, "unknown"):
		return "Pilihan tidak dikenal."
	}
	return "Isian tidak valid."
}
