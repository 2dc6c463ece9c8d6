package importer

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeBenchXLSX writes a LAN export of n rows the way Excel does: every
// text in the shared-strings table (so the table is tens of megabytes and
// unique per row), numbers and dates as numbers. It streams both parts, so
// building the file does not need the memory the benchmark measures.
func writeBenchXLSX(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	put := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		io.WriteString(w, body)
	}
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Inovasi" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)

	regencies := []string{"Kabupaten Sleman", "Kota Surabaya", "Kabupaten Banyuwangi", "Kota Bandung", "Kabupaten Gunungkidul", "Kota Makassar", "Kabupaten Badung", "Kota Semarang"}
	// The shared strings, in order of first use.
	sw, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		tb.Fatal(err)
	}
	bs := bufio.NewWriterSize(sw, 1<<20)
	bs.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	str := 0
	addStr := func(s string) int {
		bs.WriteString("<si><t>")
		bs.WriteString(strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s))
		bs.WriteString("</t></si>")
		str++
		return str - 1
	}
	for _, c := range lanColumns {
		addStr(c)
	}
	type rowStrings struct{ title, desc, inst, manfaat int }
	rows := make([]rowStrings, n)
	for i := range n {
		rows[i] = rowStrings{
			title: addStr(fmt.Sprintf("<p>Inovasi Layanan Publik Nomor %d</p>", i)),
			desc: addStr(fmt.Sprintf("<p>Inovasi %d memangkas waktu layanan dengan <b>antrean daring</b>, petugas keliling dan pembayaran nontunai.</p>"+
				"<ul><li>Pendaftaran daring</li><li>Layanan di desa</li></ul><p>Dampaknya terukur sejak tahun pertama.</p>", i)),
			inst:    addStr("Dinas Kesehatan " + regencies[i%len(regencies)]),
			manfaat: addStr(fmt.Sprintf("<p>Waktu tunggu turun %d%% dan kepuasan warga naik.</p>", 10+i%80)),
		}
	}
	bs.WriteString(`</sst>`)
	if err := bs.Flush(); err != nil {
		tb.Fatal(err)
	}

	ww, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		tb.Fatal(err)
	}
	bw := bufio.NewWriterSize(ww, 1<<20)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	col := func(name string) string {
		for i, c := range lanColumns {
			if c == name {
				return columnLetter(i)
			}
		}
		panic(name)
	}
	cS := func(c string, r, s int) { fmt.Fprintf(bw, `<c r="%s%d" t="s"><v>%d</v></c>`, c, r, s) }
	cN := func(c string, r int, v string) { fmt.Fprintf(bw, `<c r="%s%d"><v>%s</v></c>`, c, r, v) }
	bw.WriteString(`<row r="1">`)
	for i := range lanColumns {
		cS(columnLetter(i), 1, i)
	}
	bw.WriteString(`</row>`)
	for i, rs := range rows {
		r := i + 2
		fmt.Fprintf(bw, `<row r="%d">`, r)
		cN(col("id"), r, strconv.Itoa(i+1))
		cN(col("provinsi_id"), r, "34")
		cN(col("kabkota_id"), r, "3404")
		cS(col("nama_inovasi"), r, rs.title)
		cS(col("deskripsi"), r, rs.desc)
		cS(col("nama_instansi"), r, rs.inst)
		cN(col("tahun_inisiasi"), r, strconv.Itoa(2015+i%8))
		cN(col("tahun_implementasi"), r, strconv.Itoa(2016+i%8))
		cS(col("manfaat"), r, rs.manfaat)
		cN(col("tanggal_inovasi"), r, strconv.Itoa(42000+i%2500))
		bw.WriteString(`</row>`)
	}
	bw.WriteString(`</sheetData></worksheet>`)
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
}

// peakRSS is the process's peak resident set size in bytes (Linux), reset
// by resetPeakRSS.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func resetPeakRSS() {
	runtime.GC()
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// BenchmarkMappedXLSX100k reads a 100,000-row LAN export through the lan
// mapping: every row mapped (HTML to Markdown, region resolution, dates).
// Reported: rows/s, the peak resident memory of the process while reading
// (reset after the file is built), and the file's size.
//
//	go test -run XXX -bench MappedXLSX100k -benchtime 1x ./content/importer/
//
// JIPPNAS_BENCH_ROWS changes the row count; JIPPNAS_BENCH_XLSX keeps the
// workbook at that path.
func BenchmarkMappedXLSX100k(b *testing.B) {
	n := 100_000
	if s := os.Getenv("JIPPNAS_BENCH_ROWS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	path := filepath.Join(b.TempDir(), "lan-100k.xlsx")
	if p := os.Getenv("JIPPNAS_BENCH_XLSX"); p != "" {
		path = p // kept, e.g. for timing `jippnas import` on it
	}
	start := time.Now()
	writeBenchXLSX(b, path, n)
	st, _ := os.Stat(path)
	b.Logf("built %s (%.1f MB) in %s", filepath.Base(path), float64(st.Size())/(1<<20), time.Since(start).Round(time.Millisecond))
	m := mustMapping(b, "lan")
	resetPeakRSS()
	base := peakRSS()
	rows := 0
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		r, err := OpenMapped(path, m, ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for {
			rec, err := r.NextMapped()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if len(rec.Errors) > 0 || rec.Doc.RegionCode != "34.04" && !strings.Contains(rec.Doc.Institution, "Kota") && !strings.Contains(rec.Doc.Institution, "Kabupaten") {
				b.Fatalf("row %d: %+v", rec.Line, rec)
			}
			rows++
		}
		r.Close()
		if rows != n {
			b.Fatalf("%d rows", rows)
		}
	}
	b.StopTimer()
	// The machine is shared: CPU time is the figure that does not depend on
	// what else runs.
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(rows)*float64(b.N)/(cpuTime()-cpu0).Seconds(), "rows/cpu-s")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MB")
	b.ReportMetric(float64(peakRSS()-base)/(1<<20), "peak-RSS-growth-MB")
	b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
}
