package server

import (
	"testing"

	"jippnas/content"
	"jippnas/content/hub"
)

// testPassword is the password of every fixture account.
const testPassword = "kuda-laut-biru-2026"

// fixtureAccounts are the hub accounts every fixture has: an admin, two
// pengelola (Kota Banjarmasin and Kabupaten Sleman, both with demo
// innovations) and two verifiers (Kalimantan Selatan; DIY for the KIPP
// programme only).
var fixtureAccounts = map[string]hub.AccountInput{
	"admin":     {Email: "admin@uji.jippnas.example", Name: "Admin Uji", Role: hub.RoleAdmin},
	"editor":    {Email: "pengelola@banjarmasin.uji.example", Name: "Pengelola Banjarmasin", Role: hub.RoleEditor, Institution: "63.71"},
	"editor2":   {Email: "pengelola@sleman.uji.example", Name: "Pengelola Sleman", Role: hub.RoleEditor, Institution: "34.04"},
	"verifier":  {Email: "verifikator@kalsel.uji.example", Name: "Verifikator Kalsel", Role: hub.RoleVerifier, Provinces: []string{"63"}},
	"verifier2": {Email: "verifikator@diy.uji.example", Name: "Verifikator DIY", Role: hub.RoleVerifier, Provinces: []string{"34"}, Sources: []string{content.SourcePANRB}},
}

// Records the fixture prepares in Kota Banjarmasin: a draft and a
// submitted one.
const (
	fixtureDraft     = "uji-draf-banjarmasin"
	fixtureSubmitted = "uji-diajukan-banjarmasin"
)

// completeDraft is a complete innovation of an institution, ready to be
// submitted.
func completeDraft(id, inst, region string) content.Document {
	return content.Document{ID: id, Type: content.TypeInnovation, Title: "Layanan Jemput Bola " + id,
		Summary:         "Petugas mendatangi warga yang tidak dapat datang ke kantor layanan.",
		Body:            "## Latar Belakang\nWarga lanjut usia sulit datang.\n\n## Tujuan\nLayanan sampai ke rumah.\n\n## Manfaat\nWarga tidak antre.\n\n## Dampak\nCakupan layanan naik.",
		InstitutionCode: inst, RegionCode: region, Sector: "kependudukan", Year: 2025, Stage: "penerapan", Contact: "layanan@uji.go.id"}
}

func (f *fixture) addHubAccounts(tb testing.TB) {
	tb.Helper()
	admin := hub.SystemActor("Uji", hub.ViaCLI)
	f.accounts, f.tokens = map[string]hub.Account{}, map[string]string{}
	for name, in := range fixtureAccounts {
		in.Password = testPassword
		acct, err := f.hub.CreateAccount(admin, in)
		if err != nil {
			tb.Fatal(err)
		}
		secret, _, err := f.hub.IssueToken(admin, acct.ID, "uji")
		if err != nil {
			tb.Fatal(err)
		}
		f.accounts[name], f.tokens[name] = acct, secret
	}
	editor := hub.Actor{Account: f.accounts["editor"], Via: hub.ViaSession}
	d := completeDraft(fixtureDraft, "63.71", "63.71")
	first, err := f.hub.Save(editor, d, hub.Base{New: true})
	if err != nil {
		tb.Fatal(err)
	}
	d.Summary += " Kini juga melayani akhir pekan."
	if _, err := f.hub.Save(editor, d, hub.Base{Version: first.Record.Version}); err != nil {
		tb.Fatal(err)
	}
	res, err := f.hub.Save(editor, completeDraft(fixtureSubmitted, "63.71", "63.71"), hub.Base{New: true})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := f.hub.Submit(editor, fixtureSubmitted, hub.Base{Version: res.Record.Version}); err != nil {
		tb.Fatal(err)
	}
}

// actor is a fixture account acting through a session.
func (f *fixture) actor(name string) hub.Actor {
	return hub.Actor{Account: f.accounts[name], Via: hub.ViaSession}
}

// hubLiveCases are the OpenAPI live cases of the institution and hub
// endpoints.
func hubLiveCases(f *fixture) []liveCase {
	sby := "panrb-2019-banjarmasin-disdukcapil-antar-akta"
	for _, d := range f.docs {
		if d.InstitutionCode == "63.71" {
			sby = d.ID
			break
		}
	}
	return []liveCase{
		{url: "/institutions", status: 200},
		{url: "/institutions?province=35&kind=kota&size=5", status: 200},
		{url: "/institutions?with_records=true&q=kesehatan", status: 200},
		{url: "/institutions?province=pusat", status: 200},
		{url: "/institutions?kind=desa", status: 400, param: "kind"},
		{url: "/institutions?province=99", status: 400, param: "province"},
		{url: "/institutions?size=0", status: 400, param: "size"},
		{url: "/institutions/63.71", status: 200},
		{url: "/institutions/kemenkes", status: 200},
		{url: "/institutions/99.99", status: 404},
		{url: "/institutions/resolve?name=Disdukcapil+Kab.+Sleman", status: 200},
		{url: "/institutions/resolve?name=Direktorat+Jenderal+Pajak&region_code=", status: 200},
		{url: "/institutions/resolve?name=Dinas+Pendidikan+Bogor", status: 200},
		{url: "/institutions/resolve", status: 400, param: "name"},
		{url: "/institutions/resolve?name=x&region_code=99", status: 400, param: "region_code"},
		{url: "/me", status: 200, auth: "editor"},
		{url: "/me", status: 200, auth: "admin"},
		{url: "/me", status: 401},
		{url: "/hub/records", status: 200, auth: "editor"},
		{url: "/hub/records?state=draf,diajukan&stale=true", status: 200, auth: "admin"},
		{url: "/hub/records?state=bogus", status: 400, param: "state", auth: "editor"},
		{url: "/hub/records", status: 401},
		{url: "/hub/records/" + fixtureDraft, status: 200, auth: "editor"},
		{url: "/hub/records/" + fixtureDraft, status: 404, auth: "editor2"},
		{url: "/hub/records/" + sby, status: 403, auth: "editor2"},
		{url: "/hub/records/" + fixtureDraft + "/revisions", status: 200, auth: "editor"},
		{url: "/hub/records/" + fixtureDraft + "/revisions/1", status: 200, auth: "editor"},
		{url: "/hub/records/" + fixtureDraft + "/revisions/0", status: 400, param: "rev", auth: "editor"},
		{url: "/hub/records/" + fixtureDraft + "/revisions/9", status: 404, auth: "editor"},
		{url: "/hub/records/" + fixtureDraft + "/diff?from=1&to=2", status: 200, auth: "editor"},
		{url: "/hub/records/" + sby + "/diff?from=1&to=1", status: 200, auth: "admin"},
		{url: "/hub/records/" + sby + "/diff?from=1", status: 400, param: "to", auth: "admin"},
		{url: "/hub/records/" + fixtureSubmitted + "/audit", status: 200, auth: "verifier"},
		{url: "/hub/records/" + fixtureSubmitted + "/audit", status: 404, auth: "verifier2"},
		{url: "/hub/queue", status: 200, auth: "verifier"},
		{url: "/hub/dashboard", status: 200, auth: "editor"},
		{url: "/hub/dashboard?institution=34.04", status: 403, auth: "editor"},
		{url: "/hub/dashboard?institution=34.04", status: 200, auth: "verifier"},
		{url: "/hub/dashboard", status: 400, param: "institution", auth: "admin"},
		{url: "/hub/national?rank=kelengkapan&size=20", status: 200, auth: "admin"},
		{url: "/hub/national", status: 403, auth: "editor"},
		{url: "/hub/national?rank=acak", status: 400, param: "rank", auth: "verifier"},
		{url: "/hub/audit?institution=63.71", status: 200, auth: "editor"},
		{url: "/hub/audit", status: 200, auth: "admin"},
		{url: "/hub/audit", status: 403, auth: "editor"},
		{url: "/hub/tokens", status: 200, auth: "editor"},
		{url: "/hub/accounts", status: 200, auth: "admin"},
		{url: "/hub/accounts", status: 403, auth: "verifier"},
		// The merge queue and import batches; their answers with content
		// are validated by TestMergeQueueHTTP on a fixture of its own.
		{url: "/hub/duplicates?size=5", status: 200, auth: "admin"},
		{url: "/hub/duplicates", status: 403, auth: "editor"},
		{url: "/hub/duplicates?size=0", status: 400, param: "size", auth: "verifier"},
		{url: "/hub/merges", status: 200, auth: "verifier"},
		{url: "/hub/merges?record=Bad%20Id", status: 400, param: "record", auth: "admin"},
		{url: "/hub/merges", status: 403, auth: "editor"},
		{url: "/hub/merges/g999", status: 404, auth: "admin"},
		{url: "/hub/conflicts", status: 200, auth: "admin"},
		{url: "/hub/conflicts", status: 401},
		{url: "/hub/conflicts/" + sby, status: 404, auth: "admin"},
		{url: "/hub/imports", status: 200, auth: "admin"},
		{url: "/hub/imports", status: 403, auth: "verifier"},
		{url: "/hub/imports/b999", status: 404, auth: "admin"},
	}
}
