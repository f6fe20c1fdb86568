package log

import (
	"encoding/binary"
	"math"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// OffsetEntrySize is the size of one .index entry: a 4-byte offset relative to
// the segment's base offset and a 4-byte position in the .log file, big-endian.
const OffsetEntrySize = 8

// warmBytes is the tail of an index that Kafka's lookups search first
// (AbstractIndex.warmEntries): the pages that recent appends and fetches touch.
const warmBytes = 8192

// An OffsetPosition pairs an absolute offset with a byte position in a
// segment's .log file.
type OffsetPosition struct {
	Offset   int64 // absolute offset: the segment's base offset plus the entry's relative offset
	Position int32 // byte position of a batch in the .log file
}

// An OffsetProbe is one entry a binary search looked at.
type OffsetProbe struct {
	Slot int // the entry's number in the index
	OffsetPosition
}

// An OffsetIndex is a segment's sparse .index (OffsetIndex.java): entries map
// the last offset of an append to the position where the append started, in
// increasing offset order, so a lookup finds where to start scanning the .log.
type OffsetIndex struct {
	base       int64
	maxEntries int
	entries    []offsetEntry
}

type offsetEntry struct {
	rel int32 // offset − base
	pos int32 // position in the .log
}

// NewOffsetIndex returns an empty index for the segment starting at base, with
// room for maxIndexBytes/8 entries (segment.index.bytes).
func NewOffsetIndex(base int64, maxIndexBytes int32) *OffsetIndex {
	return &OffsetIndex{base: base, maxEntries: int(max(maxIndexBytes, 0)) / OffsetEntrySize}
}

// ParseOffsetIndex decodes the bytes of a .index file. It returns a
// CORRUPT_MESSAGE error if the file has a partial entry, more entries than
// maxIndexBytes allows, a negative position or relative offset, or entries
// whose offsets do not increase or whose positions go backwards: an index
// whose binary search cannot be trusted.
func ParseOffsetIndex(b []byte, base int64, maxIndexBytes int32) (*OffsetIndex, error) {
	x := NewOffsetIndex(base, maxIndexBytes)
	if len(b)%OffsetEntrySize != 0 {
		return nil, kerr.Wrap(kerr.CorruptMessage, "log: offset index for segment %d has size %d, not a multiple of %d", base, len(b), OffsetEntrySize)
	}
	n := len(b) / OffsetEntrySize
	if n > x.maxEntries {
		return nil, kerr.Wrap(kerr.CorruptMessage, "log: offset index for segment %d has %d entries, more than the %d segment.index.bytes allows", base, n, x.maxEntries)
	}
	x.entries = make([]offsetEntry, n)
	for i := range n {
		e := offsetEntry{
			rel: int32(binary.BigEndian.Uint32(b[i*8:])),
			pos: int32(binary.BigEndian.Uint32(b[i*8+4:])),
		}
		if e.rel < 0 || e.pos < 0 {
			return nil, kerr.Wrap(kerr.CorruptMessage, "log: offset index for segment %d: entry %d has negative relative offset %d or position %d", base, i, e.rel, e.pos)
		}
		if i > 0 {
			prev := x.entries[i-1]
			if e.rel <= prev.rel || e.pos < prev.pos {
				return nil, kerr.Wrap(kerr.CorruptMessage, "log: offset index for segment %d: entry %d (offset %d, position %d) does not follow entry %d (offset %d, position %d)",
					base, i, base+int64(e.rel), e.pos, i-1, base+int64(prev.rel), prev.pos)
			}
		}
		x.entries[i] = e
	}
	return x, nil
}

// Base returns the base offset of the segment the index belongs to.
func (x *OffsetIndex) Base() int64 { return x.base }

// Len returns the number of entries.
func (x *OffsetIndex) Len() int { return len(x.entries) }

// MaxEntries returns how many entries fit in segment.index.bytes.
func (x *OffsetIndex) MaxEntries() int { return x.maxEntries }

// IsFull reports whether no more entries fit; a full index forces a roll.
func (x *OffsetIndex) IsFull() bool { return len(x.entries) >= x.maxEntries }

// Entry returns entry i.
func (x *OffsetIndex) Entry(i int) OffsetPosition {
	e := x.entries[i]
	return OffsetPosition{Offset: x.base + int64(e.rel), Position: e.pos}
}

// LastOffset returns the offset of the last entry, or the base offset when the
// index is empty.
func (x *OffsetIndex) LastOffset() int64 {
	if len(x.entries) == 0 {
		return x.base
	}
	return x.base + int64(x.entries[len(x.entries)-1].rel)
}

// CanAppendOffset reports whether offset fits in a relative int32 entry.
func (x *OffsetIndex) CanAppendOffset(offset int64) bool {
	rel := offset - x.base
	return rel >= 0 && rel <= math.MaxInt32
}

// Append adds an entry. Offsets must strictly increase, as in Kafka, where a
// violation is an InvalidOffsetException.
func (x *OffsetIndex) Append(offset int64, position int32) error {
	switch {
	case x.IsFull():
		return kerr.Wrap(kerr.KafkaStorageError, "log: offset index for segment %d is full (%d entries)", x.base, x.maxEntries)
	case !x.CanAppendOffset(offset):
		return kerr.Wrap(kerr.KafkaStorageError, "log: offset %d does not fit the index of segment %d", offset, x.base)
	case len(x.entries) > 0 && offset <= x.LastOffset():
		return kerr.Wrap(kerr.KafkaStorageError, "log: offset %d is no larger than the last index entry %d", offset, x.LastOffset())
	case position < 0:
		return kerr.Wrap(kerr.KafkaStorageError, "log: negative index position %d", position)
	}
	x.entries = append(x.entries, offsetEntry{rel: int32(offset - x.base), pos: position})
	return nil
}

// Lookup returns the entry with the largest offset ≤ target, or the base
// offset at position 0 if there is none (OffsetIndex.lookup).
func (x *OffsetIndex) Lookup(target int64) OffsetPosition {
	return x.lookup(target, nil)
}

func (x *OffsetIndex) lookup(target int64, probes *[]OffsetProbe) OffsetPosition {
	slot := x.floorSlot(target, probes)
	if slot < 0 {
		return OffsetPosition{Offset: x.base, Position: 0}
	}
	return x.Entry(slot)
}

// floorSlot finds the largest entry ≤ target the way AbstractIndex does: the
// warm tail first, then the rest, recording each entry it reads in probes.
func (x *OffsetIndex) floorSlot(target int64, probes *[]OffsetProbe) int {
	n := len(x.entries)
	if n == 0 {
		return -1
	}
	probe := func(i int) int64 {
		off := x.base + int64(x.entries[i].rel)
		if probes != nil {
			*probes = append(*probes, OffsetProbe{Slot: i, OffsetPosition: OffsetPosition{off, x.entries[i].pos}})
		}
		return off
	}
	firstHot := max(0, n-1-warmBytes/OffsetEntrySize)
	if probe(firstHot) < target {
		return floorSearch(firstHot, n-1, target, probe)
	}
	if probe(0) > target {
		return -1
	}
	return floorSearch(0, firstHot, target, probe)
}

// floorSearch returns the largest slot in [lo, hi] whose key is ≤ target,
// given that key(lo) ≤ target.
func floorSearch(lo, hi int, target int64, key func(int) int64) int {
	for lo < hi {
		mid := int(uint(lo+hi+1) >> 1)
		k := key(mid)
		switch {
		case k > target:
			hi = mid - 1
		case k < target:
			lo = mid
		default:
			return mid
		}
	}
	return lo
}

// TruncateTo removes every entry whose offset is ≥ offset.
func (x *OffsetIndex) TruncateTo(offset int64) {
	slot := x.floorSlot(offset, nil)
	switch {
	case slot < 0:
		x.entries = x.entries[:0]
	case x.Entry(slot).Offset == offset:
		x.entries = x.entries[:slot]
	default:
		x.entries = x.entries[:slot+1]
	}
}

// Bytes returns the index as it is stored in a .index file.
func (x *OffsetIndex) Bytes() []byte {
	b := make([]byte, 0, len(x.entries)*OffsetEntrySize)
	for i := range x.entries {
		b = x.appendEntry(b, i)
	}
	return b
}

func (x *OffsetIndex) appendEntry(b []byte, i int) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(x.entries[i].rel))
	return binary.BigEndian.AppendUint32(b, uint32(x.entries[i].pos))
}
