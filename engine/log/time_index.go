package log

import (
	"encoding/binary"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// TimeEntrySize is the size of one .timeindex entry: an 8-byte timestamp and
// a 4-byte offset relative to the segment's base offset, big-endian.
const TimeEntrySize = 12

// NoTimestamp is Kafka's RecordBatch.NO_TIMESTAMP.
const NoTimestamp = -1

// A TimestampOffset pairs a timestamp with an absolute offset.
type TimestampOffset struct {
	Timestamp int64 // milliseconds since the epoch, or NoTimestamp
	Offset    int64 // absolute offset
}

// A TimeProbe is one time-index entry a binary search looked at.
type TimeProbe struct {
	Slot int // the entry's number in the index
	TimestampOffset
}

// A TimeIndex is a segment's sparse .timeindex (TimeIndex.java): entries map
// the largest timestamp seen so far to the offset of the batch that carried
// it. Entries are added only when the timestamp grows, so timestamps strictly
// increase and offsets never decrease.
type TimeIndex struct {
	base       int64
	maxEntries int
	entries    []timeEntry
}

type timeEntry struct {
	ts  int64
	rel int32
}

// NewTimeIndex returns an empty time index for the segment starting at base,
// with room for maxIndexBytes/12 entries (segment.index.bytes).
func NewTimeIndex(base int64, maxIndexBytes int32) *TimeIndex {
	return &TimeIndex{base: base, maxEntries: int(max(maxIndexBytes, 0)) / TimeEntrySize}
}

// ParseTimeIndex decodes the bytes of a .timeindex file. It returns a
// CORRUPT_MESSAGE error for a partial entry, too many entries, negative
// relative offsets, timestamps that do not increase or offsets that decrease.
func ParseTimeIndex(b []byte, base int64, maxIndexBytes int32) (*TimeIndex, error) {
	x := NewTimeIndex(base, maxIndexBytes)
	if len(b)%TimeEntrySize != 0 {
		return nil, kerr.Wrap(kerr.CorruptMessage, "log: time index for segment %d has size %d, not a multiple of %d", base, len(b), TimeEntrySize)
	}
	n := len(b) / TimeEntrySize
	if n > x.maxEntries {
		return nil, kerr.Wrap(kerr.CorruptMessage, "log: time index for segment %d has %d entries, more than the %d segment.index.bytes allows", base, n, x.maxEntries)
	}
	x.entries = make([]timeEntry, n)
	for i := range n {
		e := timeEntry{
			ts:  int64(binary.BigEndian.Uint64(b[i*12:])),
			rel: int32(binary.BigEndian.Uint32(b[i*12+8:])),
		}
		if e.rel < 0 {
			return nil, kerr.Wrap(kerr.CorruptMessage, "log: time index for segment %d: entry %d has negative relative offset %d", base, i, e.rel)
		}
		if i > 0 {
			prev := x.entries[i-1]
			if e.ts <= prev.ts || e.rel < prev.rel {
				return nil, kerr.Wrap(kerr.CorruptMessage, "log: time index for segment %d: entry %d (timestamp %d, offset %d) does not follow entry %d (timestamp %d, offset %d)",
					base, i, e.ts, base+int64(e.rel), i-1, prev.ts, base+int64(prev.rel))
			}
		}
		x.entries[i] = e
	}
	return x, nil
}

// Base returns the base offset of the segment the index belongs to.
func (x *TimeIndex) Base() int64 { return x.base }

// Len returns the number of entries.
func (x *TimeIndex) Len() int { return len(x.entries) }

// MaxEntries returns how many entries fit in segment.index.bytes.
func (x *TimeIndex) MaxEntries() int { return x.maxEntries }

// IsFull reports whether no more entries fit; a full index forces a roll.
func (x *TimeIndex) IsFull() bool { return len(x.entries) >= x.maxEntries }

// Entry returns entry i.
func (x *TimeIndex) Entry(i int) TimestampOffset {
	e := x.entries[i]
	return TimestampOffset{Timestamp: e.ts, Offset: x.base + int64(e.rel)}
}

// LastEntry returns the last entry, or (NoTimestamp, base) if there is none.
func (x *TimeIndex) LastEntry() TimestampOffset {
	if len(x.entries) == 0 {
		return TimestampOffset{Timestamp: NoTimestamp, Offset: x.base}
	}
	return x.Entry(len(x.entries) - 1)
}

// MaybeAppend adds (timestamp, offset) if timestamp is larger than the last
// entry's and reports whether it did (TimeIndex.maybeAppend). skipFullCheck
// lets a segment that is becoming inactive add its final entry to a full index,
// as Kafka does.
func (x *TimeIndex) MaybeAppend(timestamp, offset int64, skipFullCheck bool) (bool, error) {
	last := x.LastEntry()
	switch {
	case !skipFullCheck && x.IsFull():
		return false, kerr.Wrap(kerr.KafkaStorageError, "log: time index for segment %d is full (%d entries)", x.base, x.maxEntries)
	case len(x.entries) > 0 && offset < last.Offset:
		return false, kerr.Wrap(kerr.KafkaStorageError, "log: time index offset %d is smaller than the last entry's %d", offset, last.Offset)
	case len(x.entries) > 0 && timestamp < last.Timestamp:
		return false, kerr.Wrap(kerr.KafkaStorageError, "log: time index timestamp %d is smaller than the last entry's %d", timestamp, last.Timestamp)
	case timestamp <= last.Timestamp:
		return false, nil
	}
	rel := offset - x.base
	if rel < 0 || rel > 1<<31-1 {
		return false, kerr.Wrap(kerr.KafkaStorageError, "log: offset %d does not fit the time index of segment %d", offset, x.base)
	}
	x.entries = append(x.entries, timeEntry{ts: timestamp, rel: int32(rel)})
	return true, nil
}

// Lookup returns the entry with the largest timestamp ≤ target, or
// (NoTimestamp, base) if there is none (TimeIndex.lookup).
func (x *TimeIndex) Lookup(target int64) TimestampOffset {
	return x.lookup(target, nil)
}

func (x *TimeIndex) lookup(target int64, probes *[]TimeProbe) TimestampOffset {
	n := len(x.entries)
	none := TimestampOffset{Timestamp: NoTimestamp, Offset: x.base}
	if n == 0 {
		return none
	}
	probe := func(i int) int64 {
		if probes != nil {
			*probes = append(*probes, TimeProbe{Slot: i, TimestampOffset: x.Entry(i)})
		}
		return x.entries[i].ts
	}
	firstHot := max(0, n-1-warmBytes/TimeEntrySize)
	var slot int
	switch {
	case probe(firstHot) < target:
		slot = floorSearch(firstHot, n-1, target, probe)
	case probe(0) > target:
		return none
	default:
		slot = floorSearch(0, firstHot, target, probe)
	}
	return x.Entry(slot)
}

// TruncateTo removes every entry whose offset is ≥ offset.
func (x *TimeIndex) TruncateTo(offset int64) {
	// Offsets are non-decreasing, so the survivors are a prefix.
	n := len(x.entries)
	for n > 0 && x.base+int64(x.entries[n-1].rel) >= offset {
		n--
	}
	x.entries = x.entries[:n]
}

// Bytes returns the index as it is stored in a .timeindex file.
func (x *TimeIndex) Bytes() []byte {
	b := make([]byte, 0, len(x.entries)*TimeEntrySize)
	for i := range x.entries {
		b = x.appendEntry(b, i)
	}
	return b
}

func (x *TimeIndex) appendEntry(b []byte, i int) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(x.entries[i].ts))
	return binary.BigEndian.AppendUint32(b, uint32(x.entries[i].rel))
}
