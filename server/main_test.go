package server

import (
	"os"
	"testing"
)

// TestMain closes the shared fixture's server after the tests, so that its
// temporary open-data folder is removed.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.server.Close()
	}
	os.Exit(code)
}
