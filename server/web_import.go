package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/hub"
	"jippnas/content/importer"
)

// The import upload of the hub (admins): an XLSX, CSV or JSONL file with a
// shipped mapping, an uploaded mapping file, or none (the contract's
// format); the dry run's full report; the import after confirmation, with
// progress; the list of import batches. The body goes to disk as it
// arrives (Limits.UploadBody caps it), never into memory.

func (s *Server) importWebRoutes(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	post := http.MethodPost
	r.HandleFunc("/hub/templat-impor.xlsx", s.hubPage(s.webTemplate)).Methods(get...)
	r.HandleFunc("/hub/impor", s.hubPage(s.webImports)).Methods(get...)
	r.HandleFunc("/hub/impor", s.webUpload).Methods(post)
	r.HandleFunc("/hub/impor/riwayat/{id}", s.hubPage(s.webBatch)).Methods(get...)
	r.HandleFunc("/hub/impor/{job}", s.hubPage(s.webImportJob)).Methods(get...)
	r.HandleFunc("/hub/impor/{job}/{aksi}", s.hubPage(s.webImportStep)).Methods(post)
}

// contractMapping is the form's value for a file in the contract's format.
const (
	contractMapping = "kontrak"
	uploadedMapping = "unggah"
)

// templateFile is the import template's workbook, written once: its bytes
// are fixed.
type templateFile struct {
	once sync.Once
	b    []byte
	err  error
}

// webTemplate serves the import template to any signed-in user.
func (s *Server) webTemplate(w http.ResponseWriter, r *http.Request, u *webUser) {
	t := &s.templateXLSX
	t.once.Do(func() {
		var buf bytes.Buffer
		t.err = importer.WriteTemplate(&buf, s.regions)
		t.b = buf.Bytes()
	})
	if t.err != nil {
		s.hubFail(w, r, u, t.err, "/hub")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", `attachment; filename="jippnas-impor.xlsx"`)
	h.Set("Cache-Control", "private, max-age=3600")
	http.ServeContent(w, r, "jippnas-impor.xlsx", time.Time{}, bytes.NewReader(t.b))
}

// importAdmin lets only admins into the import pages.
func (s *Server) importAdmin(w http.ResponseWriter, r *http.Request, u *webUser) bool {
	if err := hub.Authorize(u.actor, hub.ActImport, hub.Target{}); err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return false
	}
	return true
}

// ---- the upload form and the batches ----

type mappingChoice struct {
	Value, Label string
}

type importsView struct {
	hubView
	Mappings []mappingChoice
	Mapping  string
	Error    string
	Details  []string
	Jobs     []jobSnapshot
	Batches  []batchRow
	Older    string
	MaxSize  string
}

type batchRow struct {
	hub.Batch
	State     string
	Started   string
	Programme string
	URL       string
}

func (s *Server) batchRow(b hub.Batch) batchRow {
	return batchRow{Batch: b, State: content.LabelOf(hub.BatchStates, string(b.State)), Started: dateTimeID(b.StartedAt),
		Programme: b.ProgrammeLabel(), URL: "/hub/impor/riwayat/" + b.ID}
}

func mappingChoices() []mappingChoice {
	labels := map[string]string{"lan": "LAN — direktori inovasi (XLSX/CSV/JSONL ekspor LAN)", "kipp": "KIPP — daftar Top Inovasi Kementerian PANRB",
		"jippnas": "Templat impor JIPPNAS (XLSX yang diisi instansi)"}
	var out []mappingChoice
	for _, n := range importer.MappingNames() {
		l := labels[n]
		if l == "" {
			l = n
		}
		out = append(out, mappingChoice{n, l})
	}
	return append(out, mappingChoice{contractMapping, "Format kontrak JIPPNAS (JSONL atau CSV dengan nama kolom field; tanpa pemetaan)"},
		mappingChoice{uploadedMapping, "Berkas pemetaan sendiri (YAML, unggah di bawah)"})
}

func (s *Server) webImports(w http.ResponseWriter, r *http.Request, u *webUser) {
	if !s.importAdmin(w, r, u) {
		return
	}
	s.renderImports(w, r, u, http.StatusOK, "", "", nil)
}

func (s *Server) renderImports(w http.ResponseWriter, r *http.Request, u *webUser, status int, mapping, msg string, details []string) {
	v := importsView{hubView: s.hubView(u, "impor"), Mappings: mappingChoices(), Mapping: mapping, Error: msg, Details: details,
		MaxSize: byteLabel(s.cfg.Limits.UploadBody)}
	v.Flash = importFlashes[r.URL.Query().Get("pesan")]
	for _, j := range s.jobs.list() {
		v.Jobs = append(v.Jobs, j.snapshot())
	}
	batches, err := s.hub.Batches(u.actor, r.URL.Query().Get("sebelum"), 30)
	if err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return
	}
	for _, b := range batches {
		v.Batches = append(v.Batches, s.batchRow(b))
	}
	if len(batches) == 30 {
		v.Older = "/hub/impor?sebelum=" + batches[len(batches)-1].ID
	}
	s.render(w, r, status, "hub_import", page{Title: "Impor data", NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

var importFlashes = map[string]string{
	"dibatalkan": "Unggahan dibatalkan dan berkasnya dihapus. Tidak ada yang ditulis.",
	"dihentikan": "Impor dihentikan. Baris yang sudah ditulis tetap tersimpan; batch-nya mencatat sampai mana.",
}

// byteLabel formats a size for people ("100 MB").
func byteLabel(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d byte", n)
}

// safeFileName keeps an uploaded file's name readable and harmless.
func safeFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	var b strings.Builder
	for _, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-', c == '_', c == ' ':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	out := strings.Trim(strings.TrimSpace(b.String()), ".")
	if len(out) > 100 {
		ext := filepath.Ext(out)
		out = out[:100-len(ext)] + ext
	}
	if out == "" {
		out = "unggahan"
	}
	return out
}

// errUploadForm is an upload whose form is not what the page sends.
var errUploadForm = errors.New("upload form")

// uploadForm is what the upload's multipart body held.
type uploadForm struct {
	mapping     string
	mappingName string
	mappingYAML []byte
	file        string // path in the job's folder
}

// readUpload reads the parts of an upload in order: the CSRF token must
// come first (the form puts it there), so that nothing of a forged upload
// reaches the disk. Files are streamed into dir.
func readUpload(mr *multipart.Reader, dir, csrf string) (uploadForm, error) {
	var f uploadForm
	tokenOK := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return f, err
		}
		name := part.FormName()
		if !tokenOK && name != "csrf" {
			return f, errCSRF
		}
		small := func(n int64) (string, error) {
			b, err := io.ReadAll(io.LimitReader(part, n+1))
			if err == nil && int64(len(b)) > n {
				err = fmt.Errorf("%s: too long: %w", name, errUploadForm)
			}
			return string(b), err
		}
		switch name {
		case "csrf":
			v, err := small(256)
			if err != nil || !constantTimeEqual(v, csrf) {
				return f, errCSRF
			}
			tokenOK = true
		case "pemetaan":
			if f.mapping, err = small(64); err != nil {
				return f, err
			}
		case "berkas_pemetaan":
			if part.FileName() == "" {
				continue
			}
			f.mappingName = safeFileName(part.FileName())
			b, err := small(4 << 20)
			if err != nil {
				return f, err
			}
			f.mappingYAML = []byte(b)
		case "berkas":
			if part.FileName() == "" {
				continue
			}
			path := filepath.Join(dir, safeFileName(part.FileName()))
			out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
			if err != nil {
				return f, err
			}
			_, err = io.Copy(out, part)
			if cerr := out.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return f, err
			}
			f.file = path
		default:
			if _, err := io.Copy(io.Discard, part); err != nil {
				return f, err
			}
		}
	}
	if !tokenOK {
		return f, errCSRF
	}
	return f, nil
}

// webUpload takes an upload: only an admin's body is read, after the
// session and before anything else; the file is spooled to its job's
// folder and its dry run starts.
func (s *Server) webUpload(w http.ResponseWriter, r *http.Request) {
	u := s.currentUser(r)
	if u == nil {
		s.hubMessage(w, r, nil, http.StatusUnauthorized, "Sesi berakhir",
			"Sesi Anda telah berakhir atau Anda belum masuk. Masuk kembali, lalu unggah lagi; tidak ada yang tersimpan dari kiriman ini.", "/masuk")
		return
	}
	if !s.importAdmin(w, r, u) {
		return
	}
	limit := s.cfg.Limits.UploadBody
	tooLarge := func() {
		s.renderImports(w, r, u, http.StatusRequestEntityTooLarge, "",
			"Berkas terlalu besar: batas unggahan "+byteLabel(limit)+". Tidak ada yang tersimpan. Pecah berkasnya, atau impor melalui baris perintah (jippnas import).", nil)
	}
	if r.ContentLength > limit {
		tooLarge()
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	mr, err := r.MultipartReader()
	if err != nil {
		s.renderImports(w, r, u, http.StatusBadRequest, "", "Formulir unggahan tidak dapat dibaca. Muat ulang halaman, lalu unggah lagi.", nil)
		return
	}
	dir, err := os.MkdirTemp(s.cfg.SpoolDir, "jippnas-impor-*")
	if err != nil {
		s.hubFail(w, r, u, fmt.Errorf("spool upload: %w", err), "/hub/impor")
		return
	}
	keep := false
	defer func() {
		if !keep {
			os.RemoveAll(dir)
		}
	}()
	form, err := readUpload(mr, dir, u.csrf)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		tooLarge()
		return
	case errors.Is(err, errCSRF):
		s.hubMessage(w, r, u, http.StatusForbidden, "Formulir kedaluwarsa",
			"Formulir ini tidak membawa token keamanan sesi Anda (mungkin dibuka sebelum Anda masuk kembali). Tidak ada yang tersimpan. Muat ulang halaman, lalu unggah lagi.", "/hub/impor")
		return
	case err != nil:
		s.renderImports(w, r, u, http.StatusBadRequest, form.mapping, "Unggahan terputus atau rusak. Tidak ada yang tersimpan; silakan unggah lagi.", nil)
		return
	}
	if form.file == "" {
		s.renderImports(w, r, u, http.StatusBadRequest, form.mapping, "Pilih berkas data yang akan diimpor.", nil)
		return
	}
	j := &importJob{id: newJobID(), by: u.actor, dir: dir, path: form.file, created: time.Now(), state: jobQueued}
	switch {
	case form.mapping == contractMapping:
		if ext := strings.ToLower(filepath.Ext(form.file)); ext != ".jsonl" && ext != ".ndjson" && ext != ".json" && ext != ".csv" {
			s.renderImports(w, r, u, http.StatusBadRequest, form.mapping,
				"Format kontrak hanya untuk berkas JSONL atau CSV. Untuk XLSX, pilih pemetaannya (misalnya templat impor JIPPNAS).", nil)
			return
		}
		j.label = "Format kontrak JIPPNAS"
	case form.mapping == uploadedMapping:
		if form.mappingYAML == nil {
			s.renderImports(w, r, u, http.StatusBadRequest, form.mapping, "Unggah berkas pemetaan (YAML), atau pilih pemetaan yang tersedia.", nil)
			return
		}
		m, err := importer.ParseMapping(form.mappingYAML, form.mappingName)
		if err != nil {
			s.renderImports(w, r, u, http.StatusBadRequest, form.mapping, "Berkas pemetaan tidak valid. Perbaiki baris berikut, lalu unggah lagi:", strings.Split(err.Error(), "\n"))
			return
		}
		j.mapping, j.label = m, "Pemetaan unggahan "+form.mappingName
	case slices.Contains(importer.MappingNames(), form.mapping):
		m, err := importer.LoadMapping(form.mapping)
		if err != nil {
			s.hubFail(w, r, u, err, "/hub/impor")
			return
		}
		j.mapping, j.label = m, m.Programme+" (pemetaan "+m.Name+")"
	default:
		s.renderImports(w, r, u, http.StatusBadRequest, form.mapping, "Pilih pemetaan untuk berkas ini.", nil)
		return
	}
	s.jobs.add(j)
	if !s.startCheck(j) {
		s.jobs.remove(j)
		s.hubMessage(w, r, u, http.StatusServiceUnavailable, "Server sedang berhenti", "Server sedang dimatikan; unggah lagi sebentar lagi.", "/hub/impor")
		return
	}
	keep = true
	http.Redirect(w, r, "/hub/impor/"+j.id, http.StatusSeeOther)
}

// ---- one job ----

type importJobView struct {
	hubView
	J        jobSnapshot
	Phase    string
	Rows     int
	Rate     int
	Percent  int
	ETA      string
	Errors   []issueView
	Values   []valueView
	Notices  []issueView
	Conflict []conflictReportRow
	CanWrite bool
	Batch    *batchRow
}

type issueView struct {
	Where  string
	Column string
	Field  string
	Value  string
	Text   string
	Detail string
}

type valueView struct {
	importer.ValueReport
	FieldLabel string
	Text       string
	Quality    string
	Cells      string
	More       int
}

type conflictReportRow struct {
	importer.ConflictRow
	Reason string
}

// phaseLabels name the phases of a job for its page.
var phaseLabels = map[string]string{
	hub.PhaseCheck:  "Memeriksa berkas (uji coba, belum ada yang ditulis)",
	hub.PhaseVerify: "Tahap 1 dari 2: memeriksa ulang seluruh berkas",
	hub.PhaseWrite:  "Tahap 2 dari 2: menulis ke hub",
}

func (s *Server) jobOf(w http.ResponseWriter, r *http.Request, u *webUser) (*importJob, bool) {
	if !s.importAdmin(w, r, u) {
		return nil, false
	}
	j, ok := s.jobs.get(mux.Vars(r)["job"])
	if !ok {
		s.hubMessage(w, r, u, http.StatusNotFound, "Unggahan tidak ditemukan",
			"Unggahan ini sudah selesai lebih dari sehari yang lalu, dibatalkan, atau server telah dimulai ulang. Lihat riwayat impor, atau unggah berkasnya lagi.", "/hub/impor")
		return nil, false
	}
	return j, true
}

func (s *Server) webImportJob(w http.ResponseWriter, r *http.Request, u *webUser) {
	j, ok := s.jobOf(w, r, u)
	if !ok {
		return
	}
	st := j.snapshot()
	v := importJobView{hubView: s.hubView(u, "impor"), J: st, Phase: phaseLabels[st.Prog.Phase], Rows: st.Prog.Rows}
	if el := time.Since(st.Started).Seconds(); st.Running && el > 0 {
		v.Rate = int(float64(st.Prog.Rows) / el)
		if st.Prog.Total > 0 && st.Prog.Done > 0 && st.Prog.Done <= st.Prog.Total {
			frac := float64(st.Prog.Done) / float64(st.Prog.Total)
			v.Percent = int(frac * 100)
			v.ETA = durationID(time.Duration(el * (1 - frac) / frac * float64(time.Second)))
		}
	}
	if rep := st.Report; rep != nil {
		for _, is := range rep.Errors {
			v.Errors = append(v.Errors, issueViewOf(is))
		}
		for _, is := range rep.Notices {
			v.Notices = append(v.Notices, issueViewOf(is))
		}
		for _, vr := range rep.Values {
			vv := valueView{ValueReport: vr, FieldLabel: hub.FieldLabel(vr.Field), Text: issueText(importer.Issue{Field: vr.Field, Quality: vr.Quality, Message: vr.Message}),
				Quality: qualityLabel(vr.Quality), Cells: strings.Join(vr.Cells, ", "), More: vr.Count - len(vr.Cells)}
			v.Values = append(v.Values, vv)
		}
		for _, c := range rep.Conflicts {
			v.Conflict = append(v.Conflict, conflictReportRow{ConflictRow: c, Reason: content.LabelOf(hub.ConflictReasons, c.Reason)})
		}
		v.CanWrite = st.State == jobChecked && rep.Valid > 0
	}
	if st.Batch.ID != "" {
		br := s.batchRow(st.Batch)
		v.Batch = &br
	}
	p := page{Title: "Impor " + st.File, NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v}
	if st.Running {
		p.Refresh = 2
	}
	s.render(w, r, http.StatusOK, "hub_import_job", p)
}

// durationID says a duration the Indonesian way ("2 menit 5 detik").
func durationID(d time.Duration) string {
	d = d.Round(time.Second)
	m, sec := int(d/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case m >= 60:
		return fmt.Sprintf("%d jam %d menit", m/60, m%60)
	case m > 0:
		return fmt.Sprintf("%d menit %d detik", m, sec)
	}
	return fmt.Sprintf("%d detik", sec)
}

func (s *Server) webImportStep(w http.ResponseWriter, r *http.Request, u *webUser) {
	j, ok := s.jobOf(w, r, u)
	if !ok {
		return
	}
	back := "/hub/impor/" + j.id
	st := j.snapshot()
	switch mux.Vars(r)["aksi"] {
	case "jalankan":
		skip := r.PostFormValue("lewati") == "ya"
		switch {
		case st.State != jobChecked:
			s.hubMessage(w, r, u, http.StatusConflict, "Impor tidak dapat dijalankan", "Unggahan ini tidak sedang menunggu konfirmasi (sedang berjalan, sudah selesai, atau gagal diperiksa).", back)
			return
		case st.Report.Invalid > 0 && !skip:
			s.hubMessage(w, r, u, http.StatusBadRequest, "Berkas memuat baris tidak valid",
				fmt.Sprintf("%d baris tidak valid. Tidak ada yang ditulis. Perbaiki berkasnya dan unggah lagi, atau centang “lewati baris tidak valid” untuk mengimpor %d baris yang valid.", st.Report.Invalid, st.Report.Valid), back)
			return
		}
		if !s.startWrite(j, skip) {
			s.hubMessage(w, r, u, http.StatusServiceUnavailable, "Server sedang berhenti", "Server sedang dimatikan; jalankan impor lagi sebentar lagi.", back)
			return
		}
		http.Redirect(w, r, back, http.StatusSeeOther)
	case "batal":
		j.mu.Lock()
		cancel := j.cancel
		j.mu.Unlock()
		if st.Running && cancel != nil {
			cancel()
			if st.State == jobWriting {
				http.Redirect(w, r, "/hub/impor?pesan=dihentikan", http.StatusSeeOther)
				return
			}
		}
		s.jobs.remove(j)
		http.Redirect(w, r, "/hub/impor?pesan=dibatalkan", http.StatusSeeOther)
	default:
		s.hubFail(w, r, u, content.ErrNotFound, back)
	}
}

// ---- a batch ----

type batchView struct {
	hubView
	B        batchRow
	Finished string
	Took     string
	Conflict bool
}

func (s *Server) webBatch(w http.ResponseWriter, r *http.Request, u *webUser) {
	if !s.importAdmin(w, r, u) {
		return
	}
	b, err := s.hub.BatchOf(u.actor, mux.Vars(r)["id"])
	if err != nil {
		s.hubFail(w, r, u, err, "/hub/impor")
		return
	}
	v := batchView{hubView: s.hubView(u, "impor"), B: s.batchRow(b), Finished: dateTimeID(b.FinishedAt), Took: durationID(b.Took()), Conflict: b.Counts.Conflicts > 0}
	s.render(w, r, http.StatusOK, "hub_import_batch", page{Title: "Batch impor " + b.ID, NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

// ---- the report in Indonesian ----

func qualityLabel(q importer.Quality) string {
	switch q {
	case importer.QualityApproximate:
		return "Dibaca mendekati"
	case importer.QualityUnresolved:
		return "Tidak dikenali"
	case importer.QualityError:
		return "Galat"
	}
	return "Catatan"
}

func issueViewOf(is importer.Issue) issueView {
	v := issueView{Column: is.Column, Value: is.Value, Text: issueText(is), Detail: is.Message}
	if is.Field != "" {
		v.Field = hub.FieldLabel(is.Field)
	}
	var where []string
	if is.Sheet != "" {
		where = append(where, "lembar "+is.Sheet)
	}
	if is.Row > 0 {
		where = append(where, fmt.Sprintf("baris %d", is.Row))
	}
	if is.Cell != "" {
		where = append(where, "sel "+is.Cell)
	}
	v.Where = strings.Join(where, ", ")
	return v
}

// issueText says in Indonesian what an issue of the report is; the
// reader's own (English) message stays beside it as the detail.
func issueText(is importer.Issue) string {
	m := is.Message
	has := func(s string) bool { return strings.Contains(m, s) }
	switch is.Quality {
	case importer.QualityApproximate:
		switch is.Field {
		case "region_code":
			return "Wilayah dibaca mendekati; periksa hasilnya."
		case "institution":
			return "Instansi dicocokkan mendekati dengan daftar instansi; periksa hasilnya."
		case "year", "published", "updated":
			return "Tanggal atau tahun dibaca mendekati."
		case "url":
			return "Alamat web dilengkapi."
		}
		return "Dibaca mendekati; periksa hasilnya."
	case importer.QualityUnresolved:
		switch is.Field {
		case "region_code":
			return "Wilayah tidak dikenali; dikosongkan."
		case "institution":
			return "Instansi tidak cocok dengan satu instansi di daftar; inovasi belum dipetakan sampai admin menetapkannya."
		case "sector":
			return "Bidang tidak dikenali; dikosongkan."
		case "url":
			return "Bukan alamat web; dikosongkan."
		}
		return "Nilai tidak dikenali; dikosongkan."
	case importer.QualityNotice:
		switch {
		case has("header found on row"):
			return "Baris judul kolom ditemukan lebih bawah; baris di atasnya dilewati."
		case has("merged cells"):
			return "Sel gabungan: nilainya dipakai untuk setiap baris rentang itu."
		case has("appears twice"):
			return "Kolom muncul dua kali; yang pertama dipakai."
		}
		return "Catatan tentang berkas."
	}
	switch {
	case has("formula without a computed value"):
		return "Rumus tanpa nilai hasil: buka berkas di Excel, simpan, lalu unggah lagi."
	case has("duplicate id"):
		return "ID ganda dalam berkas."
	case has("no id"), has("are all empty"):
		return "Baris tanpa ID atau tanpa kolom pengenal."
	case has("not valid text"):
		return "Teks tidak valid (berkas mencampur encoding?)."
	case has("is not a year"), has("not a year"):
		return "Bukan tahun."
	case has("not a date"), has("is not a date"):
		return "Bukan tanggal."
	case has("no region given"), has("region not resolved"):
		return "Wilayah kosong atau tidak dikenali."
	case has("unknown institution code"):
		return "Kode instansi tidak dikenal."
	case has("cannot convert the HTML"):
		return "Teks HTML tidak dapat dibaca."
	case has("not a known"):
		return "Nilai tidak dikenal dalam pemetaan."
	}
	if t := fieldMessageID(content.FieldError{Field: is.Field, Message: m}); t != "Isian tidak valid." {
		return t
	}
	return "Isian tidak valid."
}
