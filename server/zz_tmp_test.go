package server

import "testing"

func TestZZTmp(t *testing.T) {
	f := sharedFixture(t)
	r := webGet(t, f, "/cari?q=kesehatan")
	t.Log(r.body[:9000])
}
