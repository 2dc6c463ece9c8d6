package pages

import (
	"errors"
	"fmt"
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
			if d.Type()&fs.ModeType != 0 && d.Type()&fs.ModeSymlink == 0 {
				return nil // device, socket, ...
			}
			if info, ierr := d.Info(); ierr == nil && info.Mode().IsRegular() && info.Size() > pageMaxSize {
				errs = append(errs, PageError{File: name, Message: fmt.Sprintf("berkas terlalu besar (%d byte, maks. %d)", info.Size(), pageMaxSize)})
				return nil
			}
			data, rerr := fs.ReadFile(fsys, name)
			if rerr != nil {
				errs = append(errs, PageError{File: name, Message: fmt.Sprintf("tidak dapat dibaca: %v", rerr)})
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
