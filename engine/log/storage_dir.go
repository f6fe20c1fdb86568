package log

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// DirStorage is a Storage over a real directory, for native runs and for
// producing files that Kafka's own tools can read. It keeps one open file per
// name; call Close when done.
type DirStorage struct {
	dir      string
	files    map[string]*os.File
	dirDirty bool // files were created or removed since the directory was last synced
}

// NewDirStorage returns a Storage over dir, creating the directory if needed.
func NewDirStorage(dir string) (*DirStorage, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &DirStorage{dir: dir, files: map[string]*os.File{}}, nil
}

// Dir returns the directory.
func (d *DirStorage) Dir() string { return d.dir }

// List returns the names of the regular files in the directory, sorted.
func (d *DirStorage) List() ([]string, error) {
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	return names, nil // os.ReadDir sorts by name
}

func (d *DirStorage) open(name string, create bool) (*os.File, error) {
	if f, ok := d.files[name]; ok {
		return f, nil
	}
	if filepath.Base(name) != name {
		return nil, fmt.Errorf("bad file name %q", name)
	}
	flag := os.O_RDWR | os.O_APPEND
	if create {
		flag |= os.O_CREATE
	}
	f, err := os.OpenFile(filepath.Join(d.dir, name), flag, 0o644)
	if err != nil {
		return nil, err
	}
	if create {
		d.dirDirty = true
	}
	d.files[name] = f
	return f, nil
}

// Size returns the size of the named file.
func (d *DirStorage) Size(name string) (int64, error) {
	f, err := d.open(name, false)
	if err != nil {
		return 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// ReadAt reads len(p) bytes of the named file at off.
func (d *DirStorage) ReadAt(name string, p []byte, off int64) error {
	f, err := d.open(name, false)
	if err != nil {
		return err
	}
	_, err = f.ReadAt(p, off)
	return err
}

// Append appends p to the named file, creating it if needed.
func (d *DirStorage) Append(name string, p []byte) error {
	f, err := d.open(name, true)
	if err != nil {
		return err
	}
	_, err = f.Write(p)
	return err
}

// Truncate shrinks the named file to size bytes.
func (d *DirStorage) Truncate(name string, size int64) error {
	f, err := d.open(name, false)
	if err != nil {
		return err
	}
	return f.Truncate(size)
}

// Remove deletes the named file.
func (d *DirStorage) Remove(name string) error {
	if f, ok := d.files[name]; ok {
		f.Close()
		delete(d.files, name)
	}
	err := os.Remove(filepath.Join(d.dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	d.dirDirty = true
	return err
}

// Sync fsyncs the named file, and the directory if files were created or
// removed, so that the file's existence is durable too.
func (d *DirStorage) Sync(name string) error {
	f, err := d.open(name, false)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if d.dirDirty {
		dir, err := os.Open(d.dir)
		if err != nil {
			return err
		}
		defer dir.Close()
		if err := dir.Sync(); err != nil {
			return err
		}
		d.dirDirty = false
	}
	return nil
}

// Close closes every open file.
func (d *DirStorage) Close() error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(d.files)) {
		errs = append(errs, d.files[name].Close())
	}
	clear(d.files)
	return errors.Join(errs...)
}
