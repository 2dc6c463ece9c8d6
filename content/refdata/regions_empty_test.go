package refdata

import "testing"

func TestEmptyRegions(t *testing.T) {
	r := emptyRegions()
	if r.Valid("35") || len(r.Match([]string{"jawa", "timur"})) != 0 || len(r.Provinces()) != 0 {
		t.Fatal("empty table not empty")
	}
	if _, ok := r.ProvinceOf("35.78"); ok {
		t.Fatal("province found in an empty table")
	}
}
