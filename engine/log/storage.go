package log

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Storage holds a partition's files: the one place the log touches the
// outside world, so the engine stays a deterministic state machine. MemStorage
// serves the browser and the simulation; DirStorage is a real directory.
//
// Files are append-only byte sequences that can be truncated. Writes are
// visible to reads at once (as the page cache makes them) but durable only
// after Sync, which is the boundary a power loss respects.
type Storage interface {
	// List returns the names of all files, sorted.
	List() ([]string, error)
	// Size returns the size of the named file, or an error if it does not exist.
	Size(name string) (int64, error)
	// ReadAt reads len(p) bytes at off; a short read is an error.
	ReadAt(name string, p []byte, off int64) error
	// Append appends p to the named file, creating it if needed.
	Append(name string, p []byte) error
	// Truncate shrinks the named file to size bytes.
	Truncate(name string, size int64) error
	// Remove deletes the named file; removing a missing file is not an error.
	Remove(name string) error
	// Sync makes the named file's contents and its existence durable.
	Sync(name string) error
}

// File name suffixes (LogFileUtils.java).
const (
	LogSuffix       = ".log"
	IndexSuffix     = ".index"
	TimeIndexSuffix = ".timeindex"
)

// EpochCheckpointFile is the file holding the leader-epoch cache, as Kafka's
// leader-epoch-checkpoint.
const EpochCheckpointFile = "leader-epoch-checkpoint"

// FileName returns the name of a segment file: the base offset zero-padded to
// 20 digits followed by suffix, e.g. "00000000000000000042.index".
func FileName(base int64, suffix string) string {
	return fmt.Sprintf("%020d%s", base, suffix)
}

// parseFileName splits a segment file name into its base offset and suffix.
func parseFileName(name string) (base int64, suffix string, ok bool) {
	dot := strings.IndexByte(name, '.')
	if dot != 20 {
		return 0, "", false
	}
	for _, c := range name[:20] {
		if c < '0' || c > '9' {
			return 0, "", false
		}
	}
	base, err := strconv.ParseInt(name[:20], 10, 64)
	if err != nil {
		return 0, "", false
	}
	suffix = name[20:]
	switch suffix {
	case LogSuffix, IndexSuffix, TimeIndexSuffix:
		return base, suffix, true
	}
	return 0, "", false
}

// errTooLarge marks a file larger than its format allows.
var errTooLarge = errors.New("file too large")

// readFile reads a whole file, refusing files larger than limit so that a
// corrupt directory cannot make us allocate without bound.
func readFile(st Storage, name string, limit int64) ([]byte, error) {
	n, err := st.Size(name)
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, fmt.Errorf("file %s has %d bytes, more than the %d expected: %w", name, n, limit, errTooLarge)
	}
	b := make([]byte, n)
	if err := st.ReadAt(name, b, 0); err != nil {
		return nil, err
	}
	return b, nil
}

// appendParts appends the concatenation of parts to the named file in one
// write: MemStorage takes the parts as they are; another Storage gets them
// copied into scratch first, unless there is only one. When shared is set
// the parts never change (Log.AppendSharedAsFollower), and MemStorage keeps
// them by reference instead of copying them.
func appendParts(st Storage, name string, parts [][]byte, scratch *[]byte, shared bool) error {
	if m, ok := st.(*MemStorage); ok {
		if shared {
			for _, p := range parts {
				if err := m.appendShared(name, p); err != nil {
					return err
				}
			}
			return nil
		}
		return m.appendParts(name, parts)
	}
	if len(parts) == 1 {
		return st.Append(name, parts[0])
	}
	b := (*scratch)[:0]
	for _, p := range parts {
		b = append(b, p...)
	}
	*scratch = b
	return st.Append(name, b)
}

// readView returns n bytes of the named file at off: a view of the storage's
// own bytes when it can give one that stays valid and unchanged forever
// (MemStorage.view), otherwise a fresh copy.
func readView(st Storage, name string, off, n int64) ([]byte, error) {
	if m, ok := st.(*MemStorage); ok {
		if b, ok := m.view(name, off, n); ok {
			return b, nil
		}
	}
	b := make([]byte, n)
	if err := st.ReadAt(name, b, off); err != nil {
		return nil, err
	}
	return b, nil
}
