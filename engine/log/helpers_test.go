package log

import (
	"fmt"
	"testing"

	"github.com/kafkalab/kafkalab/engine/record"
)

// batch encodes a producer batch of n records with keys k<i> and values
// v<first+i> at timestamp ts.
func batch(n int, ts int64, tag string) []byte {
	b := record.Batch{
		BaseTimestamp: ts, MaxTimestamp: ts,
		ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1,
		LastOffsetDelta: int32(n - 1),
	}
	for i := range n {
		b.Records = append(b.Records, record.Record{
			OffsetDelta: int32(i),
			Key:         fmt.Appendf(nil, "k%d", i),
			Value:       fmt.Appendf(nil, "%s-%d", tag, i),
		})
	}
	return record.AppendBatch(nil, &b)
}

// sizedBatch encodes a one-record batch whose encoding is exactly size bytes
// (size ≥ 70).
func sizedBatch(size int, ts int64) []byte {
	for v := max(0, size-70); ; v++ {
		b := record.Batch{BaseTimestamp: ts, MaxTimestamp: ts, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1,
			Records: []record.Record{{Value: make([]byte, v)}}}
		raw := record.AppendBatch(nil, &b)
		if len(raw) == size {
			return raw
		}
		if len(raw) > size {
			panic(fmt.Sprintf("cannot build a batch of %d bytes", size))
		}
	}
}

func smallConfig() Config {
	c := DefaultConfig()
	c.SegmentBytes = 1024
	c.IndexIntervalBytes = 200
	c.SegmentIndexBytes = 1200
	return c
}

func openMem(t testing.TB, cfg Config) (*Log, *MemStorage) {
	t.Helper()
	st := NewMemStorage()
	l, _, err := Open(st, cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l, st
}

func mustAppend(t testing.TB, l *Log, b []byte, epoch int32, now int64) AppendInfo {
	t.Helper()
	info, err := l.Append(b, epoch, now)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// checkInvariants verifies what must hold after every operation: segments in
// order and contiguous, indexes in step with the .log bytes, files the size
// the log believes.
func checkInvariants(t testing.TB, l *Log) {
	t.Helper()
	st := l.st
	prevNext := int64(-1)
	for i, s := range l.segs {
		if n, err := st.Size(s.LogName()); err != nil || n != s.size {
			t.Fatalf("segment %d: .log size %d (%v), log thinks %d", s.base, n, err, s.size)
		}
		if n, err := st.Size(s.IndexName()); err != nil || n != int64(s.index.Len()*OffsetEntrySize) {
			t.Fatalf("segment %d: .index size %d (%v), %d entries", s.base, n, err, s.index.Len())
		}
		if n, err := st.Size(s.TimeIndexName()); err != nil || n != int64(s.timeIndex.Len()*TimeEntrySize) {
			t.Fatalf("segment %d: .timeindex size %d (%v), %d entries", s.base, n, err, s.timeIndex.Len())
		}
		if i > 0 && s.base < prevNext {
			t.Fatalf("segment %d starts before the previous one ends (%d)", s.base, prevNext)
		}
		// Every index entry points at a batch start whose last offset is the entry's offset.
		for j := range s.index.Len() {
			e := s.index.Entry(j)
			h, err := s.headerAt(st, &l.buf, int64(e.Position))
			if err != nil || h.LastOffset() != e.Offset {
				t.Fatalf("segment %d index entry %d %+v: batch %+v, %v", s.base, j, e, h, err)
			}
		}
		var h record.BatchHeader
		next := s.base
		for pos := int64(0); pos < s.size; pos += int64(h.Size()) {
			var err error
			if h, err = s.headerAt(st, &l.buf, pos); err != nil {
				t.Fatal(err)
			}
			if h.BaseOffset < next {
				t.Fatalf("segment %d: batch at %d has offset %d < %d", s.base, pos, h.BaseOffset, next)
			}
			// The CRC still holds: nothing wrote into the log's bytes, such
			// as a caller into a view Read returned.
			raw := make([]byte, h.Size())
			if err := st.ReadAt(s.LogName(), raw, pos); err != nil {
				t.Fatal(err)
			}
			if _, err := record.CheckFrame(raw); err != nil {
				t.Fatalf("segment %d: batch at %d: %v", s.base, pos, err)
			}
			next = h.LastOffset() + 1
		}
		if s.size > 0 && next != s.next {
			t.Fatalf("segment %d ends at %d, log thinks %d", s.base, next, s.next)
		}
		prevNext = s.next
	}
}
