package server

import (
	"os"
	"testing"
)

// TestMain closes the shared fixtures' servers after the tests, so that its
// temporary open-data folder is removed, and the shared Chromium.
func TestMain(m *testing.M) {
	code := m.Run()
	closeChromium()
	for _, o := range []*fixtureOnce{&shared, &writable} {
		if o.f != nil {
			o.f.server.Close()
		}
	}
	os.Exit(code)
}
