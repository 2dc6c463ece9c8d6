package server

import (
	"strings"

	"jippnas/content"
)

// The data dictionary of the open data files, in Indonesian: every column,
// what it holds, its values and where it comes from. The same table is
// shown on /data, put in the XLSX and served as kamus-data.csv.

type dictField struct {
	Name        string // column name (the import contract's field name)
	Label       string // Indonesian name
	Description string
	Values      string
	Source      string
	XLSXOnly    bool // a readable column added to the XLSX only
	NotInXLSX   bool // left out of the XLSX
	JSONLOnly   bool // a structured field of the JSON Lines only (not a CSV or XLSX column)
}

func labelList(ls []content.Label) string {
	var parts []string
	for _, l := range ls {
		parts = append(parts, l.Value+" ("+l.Label+")")
	}
	return strings.Join(parts, ", ")
}

const (
	srcInstitution = "Diisi instansi pengusul (pemerintah daerah, kementerian, atau lembaga) saat melaporkan inovasi, atau diambil dari sumber datanya (KIPP Kementerian PANRB, Indeks Inovasi Daerah Kemendagri, Laboratorium Inovasi LAN)."
	srcSystem      = "Ditetapkan oleh sistem JIPPNAS; diabaikan saat data diimpor kembali."
	srcJIPPNAS     = "Ditetapkan oleh sistem JIPPNAS."
	srcProvenance  = "Dicatat JIPPNAS saat data diimpor dari program asal, disunting di hub, atau digabung; tidak dapat diubah pengguna."
)

// dataDictionary lists the columns in file order.
var dataDictionary = []dictField{
	{Name: "id", Label: "ID", Description: "Pengenal unik dan tetap setiap inovasi; bagian akhir alamat halamannya (/inovasi/ID).",
		Values: "Huruf kecil, angka, dan . _ : - (paling banyak 128 karakter).", Source: "Dibuat oleh sumber data saat inovasi pertama kali masuk ke JIPPNAS."},
	{Name: "type", Label: "Jenis", Description: "Jenis dokumen. Berkas data terbuka hanya memuat inovasi.", Values: "innovation", Source: srcJIPPNAS},
	{Name: "title", Label: "Judul", Description: "Nama inovasi.", Values: "Teks, paling banyak 300 byte.", Source: srcInstitution},
	{Name: "summary", Label: "Ringkasan", Description: "Ringkasan singkat inovasi.", Values: "Teks, paling banyak 2.000 byte.", Source: srcInstitution},
	{Name: "body", Label: "Uraian", Description: "Uraian lengkap (latar belakang, tujuan, manfaat, dampak) dalam format Markdown.",
		Values: "Teks Markdown, paling banyak 200.000 byte. Hanya di CSV dan JSON Lines: XLSX memuat ringkasannya saja.", Source: srcInstitution, NotInXLSX: true},
	{Name: "institution", Label: "Instansi", Description: "Nama instansi atau perangkat daerah pelaksana inovasi.", Values: "Teks.", Source: srcInstitution},
	{Name: "institution_code", Label: "Kode instansi", Description: "Kode tetap instansi pemilik inovasi dalam daftar instansi JIPPNAS (/instansi).",
		Values: "Kode wilayah Kemendagri untuk pemerintah daerah (misalnya 35.78 untuk Pemerintah Kota Surabaya), atau kode kementerian/lembaga (misalnya kemenkes); kosong bila belum dipetakan.", Source: "Ditetapkan JIPPNAS dari nama instansi; dapat dikoreksi admin di Hub JIPPNAS."},
	{Name: "region_code", Label: "Kode wilayah", Description: "Wilayah pelaksana: kode provinsi (dua angka) atau kabupaten/kota (dua angka, titik, dua angka). Kosong untuk kementerian/lembaga pusat.",
		Values: "Kode Kemendagri sesuai Kepmendagri No. 300.2.2-2138 Tahun 2025, misalnya 35 (Jawa Timur) atau 35.78 (Kota Surabaya); daftar lengkap di /api/v1/regions.", Source: "Diisi instansi pengusul; diperiksa terhadap tabel wilayah JIPPNAS (data idn-area-data, ODbL 1.0)."},
	{Name: "sector", Label: "Bidang", Description: "Bidang urusan pemerintahan inovasi.",
		Values: "Slug bidang, misalnya kesehatan atau kependudukan; daftar lengkap di lembar “Bidang” XLSX dan di /api/v1/sectors (UU 23/2014, kode Permendagri 90/2019).", Source: srcInstitution},
	{Name: "year", Label: "Tahun", Description: "Tahun inovasi dilaporkan atau dinilai.", Values: "Angka 1945 sampai tahun depan; kosong bila tidak diketahui.", Source: srcInstitution},
	{Name: "published", Label: "Tanggal terbit", Description: "Tanggal inovasi diumumkan atau dilaporkan.", Values: "Tanggal TTTT-BB-HH; boleh kosong.", Source: srcInstitution},
	{Name: "source", Label: "Sumber data", Description: "Program asal data inovasi.", Values: labelList(content.Sources), Source: "Ditetapkan saat data dari program asal digabungkan ke JIPPNAS."},
	{Name: "stage", Label: "Tahap", Description: "Tahap penerapan inovasi.", Values: labelList(content.Stages) + "; boleh kosong.", Source: srcInstitution},
	{Name: "awards", Label: "Penghargaan", Description: "Penghargaan yang diterima inovasi.", Values: "Daftar teks dipisah tanda | (di JSON Lines: larik), misalnya Top 45 KIPP 2019.", Source: "Ditetapkan penyelenggara kompetisi (KIPP Kementerian PANRB, IGA Kemendagri)."},
	{Name: "tags", Label: "Kata kunci", Description: "Kata kunci bebas, huruf kecil.", Values: "Daftar teks dipisah tanda | (di JSON Lines: larik).", Source: srcInstitution},
	{Name: "status", Label: "Status", Description: "Apakah inovasi masih dijalankan.", Values: labelList(content.Statuses) + "; boleh kosong.", Source: srcInstitution},
	{Name: "url", Label: "Tautan", Description: "Situs atau halaman resmi inovasi.", Values: "Alamat http:// atau https://; boleh kosong.", Source: srcInstitution},
	{Name: "validation_status", Label: "Status validasi", Description: "Apakah data inovasi sudah divalidasi verifikator.", Values: labelList(content.ValidationStatuses) + "; boleh kosong.", Source: "Ditetapkan verifikator Kementerian PANRB atau instansi pembina."},
	{Name: "digital", Label: "Digital", Description: "Apakah inovasi berbasis teknologi digital.", Values: "true atau false.", Source: srcInstitution},
	{Name: "revision", Label: "Revisi", Description: "Nomor revisi data; bertambah setiap kali data diubah. Revisi lama tetap tersimpan.", Values: "Angka mulai 1.", Source: srcSystem},
	{Name: "updated_at", Label: "Terakhir diperbarui", Description: "Waktu perubahan terakhir di JIPPNAS.", Values: "Waktu RFC 3339 (UTC), misalnya 2025-03-01T08:00:00Z.", Source: srcSystem},
	{Name: "region_name", Label: "Nama wilayah", Description: "Nama resmi wilayah pada region_code.", Values: "Teks; “Nasional” untuk kementerian/lembaga pusat.", Source: "Dari tabel wilayah JIPPNAS (idn-area-data, ODbL 1.0).", XLSXOnly: true},
	{Name: "province_name", Label: "Provinsi", Description: "Nama provinsi wilayah pelaksana.", Values: "Teks; kosong untuk kementerian/lembaga pusat.", Source: "Dari tabel wilayah JIPPNAS (idn-area-data, ODbL 1.0).", XLSXOnly: true},
	{Name: "sector_name", Label: "Nama bidang", Description: "Nama bidang urusan pada sector.", Values: "Teks.", Source: "Dari tabel bidang JIPPNAS.", XLSXOnly: true},
	{Name: "page_url", Label: "Halaman JIPPNAS", Description: "Alamat profil inovasi di situs JIPPNAS.", Values: "Alamat web.", Source: srcJIPPNAS, XLSXOnly: true},
	{Name: "reported_by", Label: "Dilaporkan oleh", Description: "Program sumber data inovasi dan tahunnya, seperti di halaman profilnya.",
		Values: "Teks, misalnya “Kementerian PANRB — KIPP 2019; Kemendagri — IGA 2020”.", Source: srcProvenance, XLSXOnly: true},
	{Name: "provenance", Label: "Asal data", Description: "Dari mana isi inovasi berasal: satu entri per sumber, dengan program (source, programme), ID di sumber itu (source_id), ID catatan JIPPNAS (record), tahun (year), batch impor (batch) dan waktunya (at); setelah dua catatan digabung, fields menyebut isian yang berasal dari sumber itu.",
		Values: "Larik objek JSON; hanya di JSON Lines.", Source: srcProvenance, JSONLOnly: true},
}

// contractColumns are the columns of the CSV, which `jippnas import` reads
// back unchanged.
var contractColumns = contractColumnNames()

func contractColumnNames() []string {
	var out []string
	for _, f := range dataDictionary {
		if !f.XLSXOnly && !f.JSONLOnly {
			out = append(out, f.Name)
		}
	}
	return out
}
