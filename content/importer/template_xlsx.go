package importer

import (
	"fmt"
	"io"
	"jippnas/content"
	"jippnas/content/refdata"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Sheet names of the import template.
const (
	templateDataSheet  = "Data"
	templateGuideSheet = "Petunjuk"
	templateListSheet  = "Daftar"
	// templateRows is how many rows carry the drop-down lists.
	templateRows = 5000
)

// WriteTemplate writes the import workbook editors fill in: a "Data" sheet
// whose header is the shipped jippnas mapping's columns (required ones marked
// with *, each with a note), drop-down lists for sector, province,
// regency/city, stage, status and yes/no, a "Petunjuk" sheet explaining every
// column in Bahasa Indonesia, and a hidden "Daftar" sheet holding the lists.
// The output depends only on the mapping and the reference tables, so the
// same bytes can be served as a download.
func WriteTemplate(w io.Writer, regions *refdata.Regions) error {
	m, err := LoadMapping("jippnas")
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", templateDataSheet); err != nil {
		return err
	}
	lists, err := writeTemplateLists(f, regions)
	if err != nil {
		return err
	}
	if err := writeTemplateData(f, m, lists); err != nil {
		return err
	}
	if err := writeTemplateGuide(f, m, lists); err != nil {
		return err
	}
	for _, sh := range []string{templateDataSheet, templateGuideSheet} {
		if err := printFitWidth(f, sh); err != nil {
			return err
		}
	}
	// Fixed properties: the bytes do not change from one run to the next.
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          "Templat impor inovasi JIPPNAS",
		Subject:        "Impor data inovasi pelayanan publik",
		Creator:        "JIPPNAS",
		LastModifiedBy: "JIPPNAS",
		Language:       "id-ID",
		Created:        "2025-01-01T00:00:00Z",
		Modified:       "2025-01-01T00:00:00Z",
	}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// templateList is one drop-down list: its values and the range holding them.
type templateList struct {
	values []string
	ref    string // Daftar!$A$2:$A$49
	title  string
}

func writeTemplateLists(f *excelize.File, regions *refdata.Regions) (map[string]templateList, error) {
	var sectors, provinces, regencies []string
	for _, s := range refdata.Sectors() {
		sectors = append(sectors, s.Name)
	}
	// Each province's regencies/cities are one block of the list, named after
	// the province, so that the regency drop-down can offer only those of the
	// province chosen in the row.
	var names []excelize.DefinedName
	for _, p := range regions.Provinces() {
		provinces = append(provinces, p.Name)
		first := len(regencies) + 2
		for _, r := range regions.RegenciesOf(p.Code) {
			regencies = append(regencies, r.Name)
		}
		names = append(names, excelize.DefinedName{Name: provinceRangeName(p.Name),
			RefersTo: fmt.Sprintf("%s!$C$%d:$C$%d", templateListSheet, first, len(regencies)+1)})
	}
	labels := func(ls []content.Label) []string {
		out := make([]string, len(ls))
		for i, l := range ls {
			out[i] = l.Label
		}
		return out
	}
	lists := map[string]templateList{
		listSectors:   {values: sectors, title: "Sektor"},
		listProvinces: {values: provinces, title: "Provinsi"},
		listRegencies: {values: regencies, title: "Kabupaten/Kota"},
		listStages:    {values: labels(content.Stages), title: "Tahap"},
		listStatuses:  {values: labels(content.Statuses), title: "Status"},
		listYesNo:     {values: []string{"Ya", "Tidak"}, title: "Digital"},
	}
	if _, err := f.NewSheet(templateListSheet); err != nil {
		return nil, err
	}
	order := []string{listSectors, listProvinces, listRegencies, listStages, listStatuses, listYesNo}
	for i, name := range order {
		l := lists[name]
		col := columnLetter(i)
		if err := f.SetCellStr(templateListSheet, col+"1", l.title); err != nil {
			return nil, err
		}
		for j, v := range l.values {
			if err := f.SetCellStr(templateListSheet, fmt.Sprintf("%s%d", col, j+2), v); err != nil {
				return nil, err
			}
		}
		l.ref = fmt.Sprintf("%s!$%s$2:$%s$%d", templateListSheet, col, col, len(l.values)+1)
		lists[name] = l
	}
	for _, n := range names {
		if err := f.SetDefinedName(&n); err != nil {
			return nil, err
		}
	}
	if err := f.SetSheetVisible(templateListSheet, false); err != nil {
		return nil, err
	}
	return lists, nil
}

// provinceRangeName is the defined name of a province's block of regencies:
// its name with underscores for spaces, which is what the drop-down's
// formula makes of the province cell.
func provinceRangeName(name string) string { return strings.ReplaceAll(name, " ", "_") }

func writeTemplateData(f *excelize.File, m *Mapping, lists map[string]templateList) error {
	sh := templateDataSheet
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Color: []string{"1F4E79"}, Pattern: 1},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
	})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	provCol := ""
	for i, c := range m.Columns {
		if c.List == listProvinces {
			provCol = columnLetter(i)
		}
	}
	for i, c := range m.Columns {
		col := columnLetter(i)
		name := c.Name
		if c.Required {
			name += " *"
		}
		if err := f.SetCellStr(sh, col+"1", name); err != nil {
			return err
		}
		note := c.Note
		if c.Example != "" {
			note += "\nContoh: " + c.Example
		}
		if err := f.AddComment(sh, excelize.Comment{Cell: col + "1", Author: "JIPPNAS", Paragraph: []excelize.RichTextRun{{Text: note}}}); err != nil {
			return err
		}
		width := 18.0
		switch c.Name {
		case "Judul inovasi", "Instansi", "Ringkasan", "Latar belakang", "Deskripsi", "Manfaat", "Hasil":
			width = 40
		case "Sektor", "Kabupaten/Kota", "Provinsi":
			width = 28
		}
		if err := f.SetColWidth(sh, col, col, width); err != nil {
			return err
		}
		// Text format: Excel must not turn "2021" ids or codes into numbers
		// or dates.
		if err := f.SetColStyle(sh, col, text); err != nil {
			return err
		}
		if c.List == "" {
			continue
		}
		l := lists[c.List]
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, templateRows+1)
		source := l.ref
		if c.List == listRegencies && provCol != "" {
			// Only the province's regencies/cities once a province is chosen;
			// all of them while it is empty.
			source = fmt.Sprintf(`IF($%s2="",%s,INDIRECT(SUBSTITUTE($%s2," ","_")))`, provCol, l.ref, provCol)
		}
		dv.SetSqrefDropList(source)
		dv.SetError(excelize.DataValidationErrorStyleStop, "Nilai tidak ada dalam daftar", "Pilih "+l.title+" dari daftar.")
		dv.SetInput(l.title, "Pilih dari daftar.")
		if err := f.AddDataValidation(sh, dv); err != nil {
			return err
		}
	}
	last := columnLetter(len(m.Columns) - 1)
	if err := f.SetCellStyle(sh, "A1", last+"1", head); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, 1, 32); err != nil {
		return err
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

func writeTemplateGuide(f *excelize.File, m *Mapping, lists map[string]templateList) error {
	sh := templateGuideSheet
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	intro := []string{
		"Petunjuk pengisian templat impor inovasi JIPPNAS",
		"Isi satu inovasi per baris pada lembar \"Data\", mulai baris 2. Kolom bertanda * wajib diisi.",
		"Untuk Provinsi, Kabupaten/Kota, Sektor, Tahap, Status dan Digital, pilih nilai dari daftar yang muncul di sel.",
		"Jangan mengubah judul kolom pada baris 1. Baris kosong dilewati.",
		"Sebelum data disimpan, JIPPNAS memeriksa seluruh berkas dan menampilkan laporan: tidak ada yang tersimpan bila ada kesalahan.",
	}
	for i, s := range intro {
		if err := f.SetCellStr(sh, fmt.Sprintf("A%d", i+1), s); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, "A1", "A1", bold); err != nil {
		return err
	}
	start := len(intro) + 2
	for i, h := range []string{"Kolom", "Wajib", "Keterangan", "Contoh", "Pilihan"} {
		if err := f.SetCellStr(sh, fmt.Sprintf("%s%d", columnLetter(i), start), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, fmt.Sprintf("A%d", start), fmt.Sprintf("E%d", start), bold); err != nil {
		return err
	}
	for i, c := range m.Columns {
		row := start + 1 + i
		req := "Tidak"
		if c.Required {
			req = "Ya"
		}
		choice := ""
		if c.List != "" {
			l := lists[c.List]
			switch {
			case len(l.values) <= 6:
				for j, v := range l.values {
					if j > 0 {
						choice += ", "
					}
					choice += v
				}
			default:
				choice = fmt.Sprintf("%d pilihan, lihat daftar di sel", len(l.values))
			}
		}
		lines := 1
		for j, v := range []string{c.Name, req, c.Note, c.Example, choice} {
			if err := f.SetCellStr(sh, fmt.Sprintf("%s%d", columnLetter(j), row), v); err != nil {
				return err
			}
			// Wrapped text needs a taller row; spreadsheet programs do not
			// always grow it themselves.
			lines = max(lines, (len(v)+int(guideWidths[j])-3)/(int(guideWidths[j])-2))
		}
		if err := f.SetRowHeight(sh, row, 15*float64(lines)); err != nil {
			return err
		}
	}
	for j, w := range guideWidths {
		col := columnLetter(j)
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return err
		}
	}
	end := start + len(m.Columns)
	return f.SetCellStyle(sh, fmt.Sprintf("A%d", start+1), fmt.Sprintf("E%d", end), wrap)
}

// guideWidths are the widths of the guide's columns, in characters.
var guideWidths = []float64{20, 8, 70, 40, 40}

// printFitWidth prints a sheet landscape, one page wide, as a person
// printing the guide expects.
func printFitWidth(f *excelize.File, sheet string) error {
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	landscape, one, any := "landscape", 1, 0
	return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &any})
}
