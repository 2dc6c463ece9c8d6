package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// staticAsset is one embedded file with its content hash, computed once.
type staticAsset struct {
	data  []byte
	hash  string // first 12 hex digits of SHA-256
	ctype string
}

type assetSet map[string]*staticAsset

// assets holds every file under static/, keyed by its name there.
var assets = loadAssets()

func loadAssets() assetSet {
	set := assetSet{}
	fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ct := mime.TypeByExtension(path.Ext(p))
		switch path.Ext(p) {
		case ".svg":
			ct = "image/svg+xml"
		case ".js":
			ct = "text/javascript; charset=utf-8"
		case ".css":
			ct = "text/css; charset=utf-8"
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		set[strings.TrimPrefix(p, "static/")] = &staticAsset{data: data, hash: hex.EncodeToString(sum[:6]), ctype: ct}
		return nil
	})
	return set
}

// url is the versioned address of an asset: the hash in the query string
// lets it be cached for a year and still change with every release.
func (a assetSet) url(name string) string {
	if f, ok := a[name]; ok {
		return "/static/" + name + "?v=" + f.hash
	}
	return "/static/" + name
}

var startTime = time.Now()

// serveStatic serves embedded assets with an ETag; versioned requests are
// immutable.
func serveStatic(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	f, ok := assets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("ETag", `"`+f.hash+`"`)
	if r.URL.Query().Get("v") == f.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=3600")
	}
	// ServeContent answers If-None-Match and ranges.
	http.ServeContent(w, r, name, startTime, bytes.NewReader(f.data))
}
