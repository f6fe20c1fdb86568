package log

import (
	"encoding/binary"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// peekedHeader is the part of a batch header the log needs to walk a .log
// file: read from the first bytes of a batch without the rest of it.
type peekedHeader struct {
	baseOffset      int64
	size            int64 // Length + 12
	epoch           int32
	lastOffsetDelta int32
	maxTimestamp    int64
	recordCount     int32
}

func (h peekedHeader) lastOffset() int64 { return h.baseOffset + int64(h.lastOffsetDelta) }

func (h peekedHeader) ref(pos int64) BatchRef {
	return BatchRef{BaseOffset: h.baseOffset, LastOffset: h.lastOffset(), Position: pos, Size: h.size, MaxTimestamp: h.maxTimestamp}
}

// peekHeaderLen is how much of a batch peekHeader needs: everything up to and
// including RecordCount, the whole 61-byte fixed header.
const peekHeaderLen = 61

// peekHeader decodes the fixed header at the front of b (at least 61 bytes),
// checking only what makes walking safe: a length that covers a header and a
// non-negative last offset delta.
func peekHeader(b []byte) (peekedHeader, error) {
	h := peekedHeader{
		baseOffset:      int64(binary.BigEndian.Uint64(b[0:])),
		size:            int64(int32(binary.BigEndian.Uint32(b[8:]))) + 12,
		epoch:           int32(binary.BigEndian.Uint32(b[12:])),
		lastOffsetDelta: int32(binary.BigEndian.Uint32(b[23:])),
		maxTimestamp:    int64(binary.BigEndian.Uint64(b[35:])),
		recordCount:     int32(binary.BigEndian.Uint32(b[57:])),
	}
	if h.size < peekHeaderLen {
		return h, kerr.Wrap(kerr.CorruptMessage, "log: batch size %d is smaller than a batch header", h.size)
	}
	if b[16] != 2 {
		return h, kerr.Wrap(kerr.CorruptMessage, "log: batch has magic %d, not 2", int8(b[16]))
	}
	if h.lastOffsetDelta < 0 {
		return h, kerr.Wrap(kerr.CorruptMessage, "log: batch has negative last offset delta %d", h.lastOffsetDelta)
	}
	return h, nil
}

// A BatchRef locates one batch in a segment's .log file.
type BatchRef struct {
	BaseOffset   int64 // offset of the batch's first record
	LastOffset   int64 // offset of its last record
	Position     int64 // byte position in the .log file
	Size         int64 // bytes, header included
	MaxTimestamp int64 // the batch's MaxTimestamp
}

// headerAt reads the batch header at pos of the segment's .log.
func (s *Segment) headerAt(st Storage, buf *[peekHeaderLen]byte, pos int64) (peekedHeader, error) {
	if s.size-pos < peekHeaderLen {
		return peekedHeader{}, kerr.Wrap(kerr.CorruptMessage, "log: %s has %d bytes at position %d, less than a batch header", s.LogName(), s.size-pos, pos)
	}
	if err := st.ReadAt(s.LogName(), buf[:], pos); err != nil {
		return peekedHeader{}, storageErr("read "+s.LogName(), err)
	}
	h, err := peekHeader(buf[:])
	if err != nil {
		return h, err
	}
	if h.size > s.size-pos {
		return h, kerr.Wrap(kerr.CorruptMessage, "log: batch at position %d of %s has size %d, past the end of the file", pos, s.LogName(), h.size)
	}
	return h, nil
}

// searchOffset scans batch headers from start for the first batch whose last
// offset is ≥ target (FileRecords.searchForOffsetWithSize), recording skipped
// batches in trace if it is not nil. ok is false if no such batch exists.
func (s *Segment) searchOffset(st Storage, buf *[peekHeaderLen]byte, target, start int64, trace *LookupTrace) (pos int64, h peekedHeader, ok bool, err error) {
	for pos = start; pos < s.size; pos += h.size {
		if h, err = s.headerAt(st, buf, pos); err != nil {
			return 0, h, false, err
		}
		if h.lastOffset() >= target {
			return pos, h, true, nil
		}
		if trace != nil {
			trace.Skipped = append(trace.Skipped, h.ref(pos))
		}
	}
	return pos, h, false, nil
}
