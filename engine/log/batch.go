package log

import (
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/record"
)

// peekHeader reads the fixed header at the front of b (at least
// record.HeaderSize bytes) with record.PeekHeader, which checks the length
// and magic, and also rejects a negative last offset delta, which would make
// a batch end before it starts and so break the walk over a file.
func peekHeader(b []byte) (record.BatchHeader, error) {
	h, err := record.PeekHeader(b)
	if err != nil {
		return h, err
	}
	if h.LastOffsetDelta < 0 {
		return h, kerr.Wrap(kerr.CorruptMessage, "log: batch has negative last offset delta %d", h.LastOffsetDelta)
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

func batchRef(h record.BatchHeader, pos int64) BatchRef {
	return BatchRef{BaseOffset: h.BaseOffset, LastOffset: h.LastOffset(), Position: pos, Size: int64(h.Size()), MaxTimestamp: h.MaxTimestamp}
}

// headerAt reads the batch header at pos of the segment's .log.
func (s *Segment) headerAt(st Storage, buf *[record.HeaderSize]byte, pos int64) (record.BatchHeader, error) {
	if s.size-pos < record.HeaderSize {
		return record.BatchHeader{}, kerr.Wrap(kerr.CorruptMessage, "log: %s has %d bytes at position %d, less than a batch header", s.LogName(), s.size-pos, pos)
	}
	if err := st.ReadAt(s.LogName(), buf[:], pos); err != nil {
		return record.BatchHeader{}, storageErr("read "+s.LogName(), err)
	}
	h, err := peekHeader(buf[:])
	if err != nil {
		return h, err
	}
	if int64(h.Size()) > s.size-pos {
		return h, kerr.Wrap(kerr.CorruptMessage, "log: batch at position %d of %s has size %d, past the end of the file", pos, s.LogName(), h.Size())
	}
	return h, nil
}

// searchOffset scans batch headers from start for the first batch whose last
// offset is ≥ target (FileRecords.searchForOffsetWithSize), recording skipped
// batches in trace if it is not nil. ok is false if no such batch exists.
func (s *Segment) searchOffset(st Storage, buf *[record.HeaderSize]byte, target, start int64, trace *LookupTrace) (pos int64, h record.BatchHeader, ok bool, err error) {
	for pos = start; pos < s.size; pos += int64(h.Size()) {
		if h, err = s.headerAt(st, buf, pos); err != nil {
			return 0, h, false, err
		}
		if h.LastOffset() >= target {
			return pos, h, true, nil
		}
		if trace != nil {
			trace.Skipped = append(trace.Skipped, batchRef(h, pos))
		}
	}
	return pos, h, false, nil
}
