package index

import (
	"context"
	"strings"
	"testing"

	"jippnas/content"
	"jippnas/content/store"
)

// bruteInstitutions counts distinct institutions of innovations in the store.
func bruteInstitutions(t *testing.T, st *store.Store) int {
	t.Helper()
	seen := map[string]bool{}
	if _, err := st.Each(context.Background(), func(d content.Document) error {
		if d.Type == content.TypeInnovation && strings.TrimSpace(d.Institution) != "" {
			seen[strings.ToLower(strings.TrimSpace(d.Institution))] = true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return len(seen)
}

func TestInstitutionsMatchesStore(t *testing.T) {
	st := demoStore(t)
	ix, err := Open(context.Background(), Config{InMemory: true}, st)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	check := func(step string) int {
		t.Helper()
		got, err := ix.Institutions()
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteInstitutions(t, st); got != want {
			t.Fatalf("%s: %d institutions, the store has %d", step, got, want)
		}
		return got
	}
	before := check("demo data")
	if before < 50 {
		t.Fatalf("only %d institutions in the demo data", before)
	}
	// The same body written in another case is one institution; a new one
	// adds one; deleting its only record takes it away again.
	add := func(id, inst string) {
		d := content.Document{ID: id, Type: content.TypeInnovation, Title: "Inovasi Uji Hitung Instansi",
			Institution: inst, RegionCode: "34.03", Sector: "pangan", Year: 2024}
		if _, err := st.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	add("inst-a", "Dinas Uji Coba Hitung")
	add("inst-b", "DINAS UJI COBA HITUNG")
	if err := ix.CatchUp(); err != nil {
		t.Fatal(err)
	}
	if n := check("new institution"); n != before+1 {
		t.Fatalf("after adding one institution: %d, want %d", n, before+1)
	}
	for _, id := range []string{"inst-a", "inst-b"} {
		if err := st.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.CatchUp(); err != nil {
		t.Fatal(err)
	}
	check("after delete")
}
