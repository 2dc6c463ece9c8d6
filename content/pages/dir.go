package pages

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// Dir is a folder of pages on disk, opened so that Load reads nothing
// outside it: a symbolic link that leads out of the folder fails to open
// (os.Root), and files are opened without blocking, so that a FIFO cannot
// hang the loader (Load then rejects anything that is not a regular file).
type Dir struct {
	root *os.Root
}

// OpenDir opens a folder of pages.
func OpenDir(name string) (*Dir, error) {
	root, err := os.OpenRoot(name)
	if err != nil {
		return nil, fmt.Errorf("content folder: %w", err)
	}
	return &Dir{root: root}, nil
}

// Open implements fs.FS.
func (d *Dir) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := d.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Close releases the folder.
func (d *Dir) Close() error { return d.root.Close() }
