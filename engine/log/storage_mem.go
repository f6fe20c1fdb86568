package log

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
)

// MemStorage is an in-memory Storage with an explicit durability boundary:
// each file remembers how much of it has been synced, so the simulation can
// tell a process crash (the page cache survives: nothing is lost) from a power
// loss (each file falls back to its synced size; files never synced vanish).
// Deletions and truncations are treated as durable at once, a simplification
// of real file systems, which need the directory synced too.
type MemStorage struct {
	files map[string]*memFile
	fault error
}

type memFile struct {
	data    []byte
	synced  int64 // bytes that survive a power loss
	durable bool  // whether the file itself survives a power loss
}

// NewMemStorage returns an empty MemStorage.
func NewMemStorage() *MemStorage {
	return &MemStorage{files: map[string]*memFile{}}
}

// SetFault makes every later call fail with err, as a failed disk would;
// SetFault(nil) heals it.
func (m *MemStorage) SetFault(err error) { m.fault = err }

// List returns the names of all files, sorted.
func (m *MemStorage) List() ([]string, error) {
	if m.fault != nil {
		return nil, m.fault
	}
	return slices.Sorted(maps.Keys(m.files)), nil
}

func (m *MemStorage) file(name string) (*memFile, error) {
	if m.fault != nil {
		return nil, m.fault
	}
	f, ok := m.files[name]
	if !ok {
		return nil, fmt.Errorf("open %s: %w", name, fs.ErrNotExist)
	}
	return f, nil
}

// Size returns the size of the named file.
func (m *MemStorage) Size(name string) (int64, error) {
	f, err := m.file(name)
	if err != nil {
		return 0, err
	}
	return int64(len(f.data)), nil
}

// ReadAt reads len(p) bytes of the named file at off.
func (m *MemStorage) ReadAt(name string, p []byte, off int64) error {
	f, err := m.file(name)
	if err != nil {
		return err
	}
	if off < 0 || off > int64(len(f.data)) || int64(len(p)) > int64(len(f.data))-off {
		return fmt.Errorf("read %s: %d bytes at %d: %w", name, len(p), off, errShortRead)
	}
	copy(p, f.data[off:])
	return nil
}

var errShortRead = errors.New("short read")

// Append appends p to the named file, creating it if needed.
func (m *MemStorage) Append(name string, p []byte) error {
	if m.fault != nil {
		return m.fault
	}
	f, ok := m.files[name]
	if !ok {
		f = &memFile{}
		m.files[name] = f
	}
	f.data = append(f.data, p...)
	return nil
}

// Truncate shrinks the named file to size bytes.
func (m *MemStorage) Truncate(name string, size int64) error {
	f, err := m.file(name)
	if err != nil {
		return err
	}
	if size < 0 || size > int64(len(f.data)) {
		return fmt.Errorf("truncate %s to %d: size is %d", name, size, len(f.data))
	}
	f.data = f.data[:size]
	f.synced = min(f.synced, size)
	return nil
}

// Remove deletes the named file.
func (m *MemStorage) Remove(name string) error {
	if m.fault != nil {
		return m.fault
	}
	delete(m.files, name)
	return nil
}

// Sync makes the named file durable up to its current size.
func (m *MemStorage) Sync(name string) error {
	f, err := m.file(name)
	if err != nil {
		return err
	}
	f.synced = int64(len(f.data))
	f.durable = true
	return nil
}

// Unsynced returns how many bytes of the named file a power loss would lose.
func (m *MemStorage) Unsynced(name string) int64 {
	f, ok := m.files[name]
	if !ok {
		return 0
	}
	if !f.durable {
		return int64(len(f.data))
	}
	return int64(len(f.data)) - f.synced
}

// ProcessCrash models the broker process dying: the operating system's page
// cache survives, so every write is kept. It exists so a simulation reads the
// same either way; reopen the log with Open afterwards.
func (m *MemStorage) ProcessCrash() {}

// PowerLoss models the machine losing power: every file falls back to the
// size it had at its last Sync, and files never synced disappear. Reopen the
// log with Open afterwards; its recovery repairs what is left.
func (m *MemStorage) PowerLoss() {
	for _, name := range slices.Sorted(maps.Keys(m.files)) {
		f := m.files[name]
		if !f.durable {
			delete(m.files, name)
			continue
		}
		f.data = f.data[:f.synced:f.synced]
	}
}

// Bytes returns a copy of the named file's contents, for downloads and tests.
func (m *MemStorage) Bytes(name string) ([]byte, bool) {
	f, ok := m.files[name]
	if !ok {
		return nil, false
	}
	return slices.Clone(f.data), true
}

// Put replaces the named file with b, unsynced, for tests and fault injection.
func (m *MemStorage) Put(name string, b []byte) {
	m.files[name] = &memFile{data: slices.Clone(b)}
}

// PutSynced replaces the named file with b, synced.
func (m *MemStorage) PutSynced(name string, b []byte) {
	m.files[name] = &memFile{data: slices.Clone(b), synced: int64(len(b)), durable: true}
}
