package log

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/bits"
	"slices"
)

// MemStorage is an in-memory Storage with an explicit durability boundary:
// each file remembers how much of it has been synced, so the simulation can
// tell a process crash (the page cache survives: nothing is lost) from a power
// loss (each file falls back to its synced size; files never synced vanish).
// Deletions and truncations are treated as durable at once, a simplification
// of real file systems, which need the directory synced too.
type MemStorage struct {
	files     map[string]*memFile
	free      [smallChunks + 1][][]byte // released chunks by size class, reused before allocating
	freeBytes int                       // bytes held in free
	fault     error
}

// A memFile stores its bytes in chunks that double from 4 KiB up to 1 MiB,
// so that growing a file never copies what it already holds and small
// files (the lab's indexes) stay small.
//
// A log file can also hold shared pieces (appendShared): slices of bytes
// that never change, such as another MemStorage's views, kept by reference
// instead of copied. A file holding one is a rope: its chunks no longer
// follow the doubling layout, starts[i] gives each chunk's position, and a
// lookup is a binary search.
type memFile struct {
	chunks [][]byte // every chunk but the last is full
	// pinned[i] is set once chunk i's bytes have been handed out by view,
	// and for every shared piece: from then on nothing rewrites or reuses
	// them (see view).
	pinned  []bool
	starts  []int64 // position of each chunk; kept only once rope is set
	rope    bool    // whether the file holds (or held) a shared piece
	size    int64
	synced  int64 // bytes that survive a power loss
	durable bool  // whether the file itself survives a power loss
}

const (
	minChunkShift = 12                                    // first chunk: 4 KiB
	maxChunk      = 1 << 20                               // chunks stop growing at 1 MiB
	smallChunks   = 8                                     // 4 KiB … 512 KiB
	smallRegion   = (1<<smallChunks - 1) << minChunkShift // bytes held by the small chunks
	maxFreeBytes  = 64 << 20                              // keep at most 64 MiB of released chunks
)

// chunkCap returns the capacity of chunk i.
func chunkCap(i int) int {
	if i >= smallChunks {
		return maxChunk
	}
	return 1 << (minChunkShift + i)
}

// chunkAt returns the chunk holding byte pos and pos's offset inside it.
func chunkAt(pos int64) (int, int) {
	if pos >= smallRegion {
		i := smallChunks + int((pos-smallRegion)/maxChunk)
		return i, int((pos - smallRegion) % maxChunk)
	}
	i := bits.Len64(uint64(pos>>minChunkShift)+1) - 1
	return i, int(pos - int64((1<<i-1)<<minChunkShift))
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
	return f.size, nil
}

// ReadAt reads len(p) bytes of the named file at off.
func (m *MemStorage) ReadAt(name string, p []byte, off int64) error {
	f, err := m.file(name)
	if err != nil {
		return err
	}
	if off < 0 || off > f.size || int64(len(p)) > f.size-off {
		return fmt.Errorf("read %s: %d bytes at %d: %w", name, len(p), off, errShortRead)
	}
	for len(p) > 0 {
		i, o := f.at(off)
		n := copy(p, f.chunks[i][o:])
		p, off = p[n:], off+int64(n)
	}
	return nil
}

var errShortRead = errors.New("short read")

// Append appends p to the named file, creating it if needed.
func (m *MemStorage) Append(name string, p []byte) error {
	f, err := m.appendFile(name)
	if err != nil {
		return err
	}
	m.appendTo(f, p)
	return nil
}

// appendParts appends the concatenation of parts to the named file: the
// log's way to write a batch whose header it patched in its own copy while
// the records come straight from the caller's buffer, with one copy.
func (m *MemStorage) appendParts(name string, parts [][]byte) error {
	f, err := m.appendFile(name)
	if err != nil {
		return err
	}
	for _, p := range parts {
		m.appendTo(f, p)
	}
	return nil
}

// appendShared appends p to the named file by reference: the file keeps p
// itself as a piece of it instead of copying it, which is only sound because
// the caller guarantees p never changes (it is a view from Read, see
// Log.AppendSharedAsFollower). The piece is pinned: the file never writes
// into it (its capacity is clipped, so the next append starts a chunk of its
// own) and never reuses it.
func (m *MemStorage) appendShared(name string, p []byte) error {
	f, err := m.appendFile(name)
	if err != nil {
		return err
	}
	if len(p) == 0 {
		return nil
	}
	if !f.rope {
		f.startRope()
	}
	f.chunks = append(f.chunks, p[:len(p):len(p)])
	f.pinned = append(f.pinned, true)
	f.starts = append(f.starts, f.size)
	f.size += int64(len(p))
	return nil
}

// startRope switches f from the doubling layout to explicit positions.
func (f *memFile) startRope() {
	f.rope = true
	f.starts = f.starts[:0]
	pos := int64(0)
	for _, c := range f.chunks {
		f.starts = append(f.starts, pos)
		pos += int64(len(c))
	}
	if last := len(f.chunks) - 1; last >= 0 {
		// Nothing may be appended into the last own chunk any more: the
		// layout now says where each chunk starts, not how big it is.
		c := f.chunks[last]
		f.chunks[last] = c[:len(c):len(c)]
	}
}

// at returns the chunk holding byte pos of f and pos's offset inside it.
func (f *memFile) at(pos int64) (int, int) {
	if !f.rope {
		return chunkAt(pos)
	}
	lo, hi := 0, len(f.starts)-1
	for lo < hi {
		mid := int(uint(lo+hi+1) >> 1)
		if f.starts[mid] <= pos {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo, int(pos - f.starts[lo])
}

func (m *MemStorage) appendFile(name string) (*memFile, error) {
	if m.fault != nil {
		return nil, m.fault
	}
	f, ok := m.files[name]
	if !ok {
		f = &memFile{}
		m.files[name] = f
	}
	return f, nil
}

func (m *MemStorage) appendTo(f *memFile, p []byte) {
	for len(p) > 0 {
		last := len(f.chunks) - 1
		if last < 0 || len(f.chunks[last]) == cap(f.chunks[last]) {
			class := len(f.chunks)
			if f.rope {
				class = smallChunks
				f.starts = append(f.starts, f.size)
			}
			f.chunks = append(f.chunks, m.newChunk(class))
			f.pinned = append(f.pinned, false)
			last++
		}
		c := f.chunks[last]
		n := min(len(p), cap(c)-len(c))
		f.chunks[last] = append(c, p[:n]...)
		p = p[n:]
		f.size += int64(n)
	}
}

// view returns the n bytes of the named file at off without copying them,
// if they lie in one chunk; ok is false otherwise (the caller then copies
// with ReadAt). The bytes stay valid and unchanged for as long as the
// caller keeps them, whatever later happens to the file: appends only write
// past them, and once a chunk is pinned by a view, truncate copies the part
// of it the file keeps into a fresh chunk instead of overwriting it later,
// and a released pinned chunk is left to the garbage collector rather than
// reused. The returned slice's capacity ends with it, so appending to it
// cannot reach the chunk; writing into it is a caller's bug (the log's
// tests check every batch's CRC after every operation to catch it).
func (m *MemStorage) view(name string, off, n int64) ([]byte, bool) {
	f, ok := m.files[name]
	if !ok || m.fault != nil || off < 0 || n <= 0 || off > f.size || n > f.size-off {
		return nil, false
	}
	i, o := f.at(off)
	c := f.chunks[i]
	if int64(len(c)-o) < n {
		return nil, false
	}
	f.pinned[i] = true
	return c[o : o+int(n) : o+int(n)], true
}

func (m *MemStorage) newChunk(i int) []byte {
	class := min(i, smallChunks)
	if free := m.free[class]; len(free) > 0 {
		c := free[len(free)-1]
		m.free[class] = free[:len(free)-1]
		m.freeBytes -= cap(c)
		return c[:0]
	}
	return make([]byte, 0, chunkCap(i))
}

// truncate shrinks f to size, releasing the chunks it no longer needs.
func (m *MemStorage) truncate(f *memFile, size int64) {
	keep := 0
	if size > 0 {
		i, o := f.at(size - 1)
		keep = i + 1
		if c := f.chunks[i]; f.rope && f.pinned[i] {
			// A rope needs no layout: keep the prefix by reference,
			// capacity clipped so that nothing is appended into it.
			f.chunks[i] = c[: o+1 : o+1]
		} else if f.pinned[i] && o+1 < len(c) {
			// Later appends would overwrite bytes a view may hold: keep
			// the prefix in a fresh chunk and leave the old one to the
			// views.
			f.chunks[i] = append(m.newChunk(i), c[:o+1]...)
			f.pinned[i] = false
		} else {
			f.chunks[i] = c[:o+1]
		}
	}
	for i, c := range f.chunks[keep:] {
		if f.pinned[keep+i] {
			continue // a view may hold it, or it is shared: never reuse
		}
		class := min(keep+i, smallChunks)
		if f.rope {
			class = smallChunks
		}
		if cap(c) == chunkCap(class) && m.freeBytes+cap(c) <= maxFreeBytes {
			m.free[class] = append(m.free[class], c)
			m.freeBytes += cap(c)
		}
	}
	clear(f.chunks[keep:])
	f.chunks = f.chunks[:keep]
	f.pinned = f.pinned[:keep]
	if f.rope {
		f.starts = f.starts[:keep]
		if keep == 0 {
			f.rope = false // empty: back to the doubling layout
		}
	}
	f.size = size
	f.synced = min(f.synced, size)
}

// Truncate shrinks the named file to size bytes.
func (m *MemStorage) Truncate(name string, size int64) error {
	f, err := m.file(name)
	if err != nil {
		return err
	}
	if size < 0 || size > f.size {
		return fmt.Errorf("truncate %s to %d: size is %d", name, size, f.size)
	}
	m.truncate(f, size)
	return nil
}

// Remove deletes the named file.
func (m *MemStorage) Remove(name string) error {
	if m.fault != nil {
		return m.fault
	}
	if f, ok := m.files[name]; ok {
		m.truncate(f, 0)
		delete(m.files, name)
	}
	return nil
}

// Sync makes the named file durable up to its current size.
func (m *MemStorage) Sync(name string) error {
	f, err := m.file(name)
	if err != nil {
		return err
	}
	f.synced = f.size
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
		return f.size
	}
	return f.size - f.synced
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
			m.truncate(f, 0)
			delete(m.files, name)
			continue
		}
		m.truncate(f, f.synced)
	}
}

// Bytes returns a copy of the named file's contents, for downloads and tests.
func (m *MemStorage) Bytes(name string) ([]byte, bool) {
	f, ok := m.files[name]
	if !ok {
		return nil, false
	}
	b := make([]byte, 0, f.size)
	for _, c := range f.chunks {
		b = append(b, c...)
	}
	return b, true
}

// Put replaces the named file with b, unsynced, for tests and fault injection.
func (m *MemStorage) Put(name string, b []byte) {
	m.Remove(name)
	m.Append(name, b)
}

// PutSynced replaces the named file with b, synced.
func (m *MemStorage) PutSynced(name string, b []byte) {
	m.Put(name, b)
	m.Sync(name)
}
