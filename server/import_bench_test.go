package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jippnas/content/hub"
	"jippnas/content/importer"
)

// BenchmarkHubDryRunKIPP measures the dry run the website's upload runs
// on a 5,000-row KIPP list: mapping, region and institution resolution,
// the store comparison and, with duplicates, one duplicate-detector query
// per new row over the demo index.
//
//	go test -run XXX -bench HubDryRunKIPP -benchtime 3x ./server/
func BenchmarkHubDryRunKIPP(b *testing.B) {
	f := buildFixture(b)
	regencies := []string{"Kota Banjarmasin", "Kabupaten Sleman", "Kota Surabaya", "Kab. Banyuwangi", "KOTA MAKASSAR", "Pemkab Enrekang"}
	provinces := []string{"Kalimantan Selatan", "DI Yogyakarta", "Jawa Timur", "Jawa Timur", "Sulawesi Selatan", "Sulawesi Selatan"}
	words := strings.Fields("layanan antar jemput akta puskesmas keliling posyandu digital aplikasi desa warga sekolah sampah pasar izin pajak air bersih gizi balita")
	var sb strings.Builder
	sb.WriteString("Nama Inovasi;Instansi;Provinsi;Kabupaten/Kota;Kategori/Bidang;Tahun;Penghargaan\n")
	const rows = 5000
	for i := range rows {
		k := i % len(regencies)
		fmt.Fprintf(&sb, "%s %s %s %d;Pemerintah %s;%s;%s;Kesehatan;%d;Top 99 KIPP %d\n", strings.ToUpper(words[i%len(words)]), words[(i/3)%len(words)],
			words[(i/7)%len(words)], i, regencies[k], provinces[k], regencies[k], 2014+i%10, 2014+i%10)
	}
	path := filepath.Join(b.TempDir(), "kipp.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	m, err := importer.LoadMapping("kipp")
	if err != nil {
		b.Fatal(err)
	}
	admin := f.actor("admin")
	for _, dups := range []bool{false, true} {
		b.Run(fmt.Sprintf("duplicates=%v", dups), func(b *testing.B) {
			for b.Loop() {
				fi := hub.FileImport{Path: path, Mapping: m}
				if dups {
					fi.Duplicates = DuplicateLookup(f.server.similar)
				}
				dr, err := f.hub.DryRun(b.Context(), admin, fi)
				if err != nil || dr.Report.Create != rows {
					b.Fatalf("%v: %+v", err, dr.Report)
				}
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
