package pages

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"jippnas/content"
	"path"
	"sort"
	"strings"
)

// Load reads every *.md page under the panduan/ (guides) and berita/
// (news) folders of fsys, at any depth. A page with any error is skipped and
// its errors returned; every other page still loads. Drafts are left out
// unless includeDrafts. Pages come sorted by type, then slug. A slug used
// twice within a type is an error on the second file (in path order); the
// first one is kept. Missing folders are not an error.
func Load(fsys fs.FS, includeDrafts bool) ([]Page, []PageError) {
	var pages []Page
	var errs []PageError
	for _, typ := range []content.PageType{content.PageGuide, content.PageNews} {
		dir := typ.Folder()
		first := map[string]string{} // slug → file that claimed it
		err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				if name == dir && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipDir
				}
				errs = append(errs, PageError{File: name, Message: fmt.Sprintf("tidak dapat dibaca: %v", err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			base := path.Base(name)
			// Hidden files and folders: editor backups, .git, ...
			if name != dir && strings.HasPrefix(base, ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !strings.HasSuffix(base, ".md") {
				return nil
			}
			data, problem := readPage(fsys, name, d.Type())
			if problem != "" {
				errs = append(errs, PageError{File: name, Message: problem})
				return nil
			}
			p, perrs := Parse(name, data, typ)
			if len(perrs) > 0 {
				errs = append(errs, perrs...)
				return nil
			}
			if prev, dup := first[p.Slug]; dup {
				errs = append(errs, PageError{File: name, Line: 1, Field: "slug",
					Message: fmt.Sprintf("slug %q sudah dipakai oleh %s", p.Slug, prev)})
				return nil
			}
			first[p.Slug] = name
			if p.Draft && !includeDrafts {
				return nil
			}
			pages = append(pages, p)
			return nil
		})
		if err != nil && !errors.Is(err, fs.SkipDir) {
			errs = append(errs, PageError{File: dir, Message: fmt.Sprintf("tidak dapat dibaca: %v", err)})
		}
	}
	sort.SliceStable(pages, func(i, j int) bool {
		if pages[i].Type != pages[j].Type {
			return pages[i].Type < pages[j].Type
		}
		return pages[i].Slug < pages[j].Slug
	})
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].File != errs[j].File {
			return errs[i].File < errs[j].File
		}
		return errs[i].Line < errs[j].Line
	})
	return pages, errs
}

// readPage reads one page file, or says in Indonesian, for the editor, why
// it was skipped. Only regular files are read (a FIFO would block, a device
// never ends), and the size is checked on the open file, so that a link
// cannot point the check at one file and the read at another.
func readPage(fsys fs.FS, name string, typ fs.FileMode) ([]byte, string) {
	if typ&fs.ModeType != 0 && typ&fs.ModeSymlink == 0 {
		return nil, "bukan berkas biasa (" + fileKind(typ) + "), dilewati"
	}
	f, err := fsys.Open(name)
	if err != nil {
		if typ&fs.ModeSymlink != 0 {
			return nil, fmt.Sprintf("tautan simbolik dilewati: tujuannya di luar folder konten atau tidak ada (%v)", err)
		}
		return nil, fmt.Sprintf("tidak dapat dibaca: %v", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Sprintf("tidak dapat dibaca: %v", err)
	}
	if !info.Mode().IsRegular() {
		return nil, "tautan simbolik ke sesuatu yang bukan berkas biasa (" + fileKind(info.Mode()) + "), dilewati"
	}
	if info.Size() > pageMaxSize {
		return nil, fmt.Sprintf("berkas terlalu besar (%d byte, maks. %d)", info.Size(), pageMaxSize)
	}
	data, err := io.ReadAll(io.LimitReader(f, pageMaxSize+1))
	if err != nil {
		return nil, fmt.Sprintf("tidak dapat dibaca: %v", err)
	}
	if len(data) > pageMaxSize {
		return nil, fmt.Sprintf("berkas terlalu besar (lebih dari %d byte)", pageMaxSize)
	}
	return data, ""
}

// fileKind names a non-regular file type for an editor.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "FIFO"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "berkas perangkat"
	case m&fs.ModeSocket != 0:
		return "soket"
	case m&fs.ModeDir != 0:
		return "folder"
	}
	return "jenis " + m.Type().String()
}
