package log

import (
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/record"
)

// Special timestamps of a ListOffsets request (ListOffsetsRequest.java).
const (
	LatestTimestamp   = -1 // the log end offset
	EarliestTimestamp = -2 // the log start offset
	MaxTimestamp      = -3 // the record with the largest timestamp
)

// A SegmentProbe is one segment a lookup compared with its target.
type SegmentProbe struct {
	Base             int64 // the segment's base offset
	LargestTimestamp int64 // its largest timestamp (for timestamp lookups)
}

// A LookupTrace records every step of a lookup, so the UI can animate it:
// the binary search over segments, the index search inside the chosen
// segment, and the scan of batch headers that finishes the job.
type LookupTrace struct {
	Target      int64          // the offset, or the timestamp, looked up
	ByTimestamp bool           // whether Target is a timestamp
	Segments    []SegmentProbe // segments compared, in order
	Segment     int64          // base offset of the chosen segment; -1 if none
	// TimeProbes are the time-index entries the binary search read, and
	// TimeFloor the entry it settled on (timestamp lookups only).
	TimeProbes []TimeProbe
	TimeFloor  TimestampOffset
	// IndexTarget is the offset looked up in the offset index: Target for an
	// offset lookup, the time-index floor's offset for a timestamp lookup.
	IndexTarget int64
	IndexProbes []OffsetProbe  // offset-index entries read, in order
	IndexFloor  OffsetPosition // the floor entry, or (base, 0) when no entry is ≤ IndexTarget
	FloorSlot   int            // the floor entry's slot, or -1
	ScanStart   int64          // position the header scan started at
	Skipped     []BatchRef     // batches the scan stepped over
	Found       bool           // whether a batch was found
	Batch       BatchRef       // the batch found
	Offset      int64          // the answer: the offset found (for timestamps: of the first record at or after Target)
	Timestamp   int64          // the timestamp of that record (timestamp lookups)
}

// locate finds the batch holding offset (the first batch whose last offset is
// ≥ offset), starting from the floor segment and moving to later segments when
// a segment holds nothing at or after offset, as LocalLog.read does.
func (l *Log) locate(offset int64, trace *LookupTrace) (seg int, pos int64, h record.BatchHeader, ok bool, err error) {
	var probes *[]int64
	var bases []int64
	if trace != nil {
		probes = &bases
	}
	seg = l.floorSegment(offset, probes)
	if trace != nil {
		for _, b := range bases {
			trace.Segments = append(trace.Segments, SegmentProbe{Base: b, LargestTimestamp: NoTimestamp})
		}
	}
	if seg < 0 {
		seg = 0
	}
	for ; seg < len(l.segs); seg++ {
		s := l.segs[seg]
		var ip *[]OffsetProbe
		if trace != nil {
			trace.Segment = s.base
			trace.IndexTarget = offset
			trace.IndexProbes = trace.IndexProbes[:0]
			trace.Skipped = trace.Skipped[:0]
			ip = &trace.IndexProbes
		}
		slot := s.index.floorSlot(offset, ip)
		start := int64(0)
		if slot >= 0 {
			start = int64(s.index.entries[slot].pos)
		}
		if trace != nil {
			trace.FloorSlot = slot
			trace.IndexFloor = OffsetPosition{Offset: s.base, Position: 0}
			if slot >= 0 {
				trace.IndexFloor = s.index.Entry(slot)
			}
			trace.ScanStart = start
		}
		pos, h, ok, err = s.searchOffset(l.st, &l.buf, offset, start, trace)
		if err != nil || ok {
			if ok && trace != nil {
				trace.Found, trace.Batch, trace.Offset = true, batchRef(h, pos), offset
			}
			return seg, pos, h, ok, err
		}
	}
	return len(l.segs) - 1, 0, h, false, nil
}

// TraceOffset looks offset up the way a fetch does and returns every step.
func (l *Log) TraceOffset(offset int64) (LookupTrace, error) {
	t := LookupTrace{Target: offset, Segment: -1, FloorSlot: -1, Offset: -1, Timestamp: NoTimestamp}
	if err := l.check(); err != nil {
		return t, err
	}
	if err := l.checkRange(offset); err != nil {
		return t, err
	}
	_, _, _, _, err := l.locate(offset, &t)
	return t, err
}

func (l *Log) checkRange(offset int64) error {
	if offset < l.start || offset > l.EndOffset() {
		return kerr.Wrap(kerr.OffsetOutOfRange, "log: offset %d is outside [%d, %d]", offset, l.start, l.EndOffset())
	}
	return nil
}

// OffsetForTimestamp answers a ListOffsets request on this log: for
// LatestTimestamp the log end offset, for EarliestTimestamp the log start
// offset, for MaxTimestamp the first record carrying the largest timestamp,
// and otherwise the first record whose timestamp is ≥ ts (at or after the log
// start offset). ok is false when no record qualifies, which Kafka answers
// with offset -1. The partition, not the log, caps "latest" at the high
// watermark for consumers.
func (l *Log) OffsetForTimestamp(ts int64) (res TimestampOffset, ok bool, err error) {
	t, err := l.traceTimestamp(ts, false)
	return TimestampOffset{Timestamp: t.Timestamp, Offset: t.Offset}, t.Found, err
}

// TraceTimestamp is OffsetForTimestamp returning every step of the search.
func (l *Log) TraceTimestamp(ts int64) (LookupTrace, error) {
	return l.traceTimestamp(ts, true)
}

// traceTimestamp searches for ts, recording the steps when traced is set.
func (l *Log) traceTimestamp(ts int64, traced bool) (LookupTrace, error) {
	res := LookupTrace{Target: ts, ByTimestamp: true, Segment: -1, FloorSlot: -1, Offset: -1, Timestamp: NoTimestamp,
		TimeFloor: TimestampOffset{Timestamp: NoTimestamp, Offset: -1}}
	if err := l.check(); err != nil {
		return res, err
	}
	switch ts {
	case LatestTimestamp:
		res.Found, res.Offset = true, l.EndOffset()
		return res, nil
	case EarliestTimestamp:
		res.Found, res.Offset = true, l.start
		return res, nil
	case MaxTimestamp:
		return l.maxTimestampOffset(res)
	}
	if ts < 0 {
		return res, kerr.Wrap(kerr.InvalidRequest, "log: invalid timestamp %d", ts)
	}
	// The first segment whose largest timestamp reaches the target. Segments
	// wholly below the log start offset (waiting for DeleteOldSegments after
	// DeleteRecordsBefore) are skipped; Kafka would search them and find nothing.
	seg := -1
	for i, s := range l.segs {
		if s.next <= l.start && s != l.active() {
			continue
		}
		if traced {
			res.Segments = append(res.Segments, SegmentProbe{Base: s.base, LargestTimestamp: s.LargestTimestamp()})
		}
		if s.LargestTimestamp() >= ts {
			seg = i
			break
		}
	}
	if seg < 0 {
		return res, nil
	}
	s := l.segs[seg]
	res.Segment = s.base
	var tp *[]TimeProbe
	var ip *[]OffsetProbe
	if traced {
		tp, ip = &res.TimeProbes, &res.IndexProbes
	}
	floor := s.timeIndex.lookup(ts, tp)
	res.TimeFloor = floor
	res.IndexTarget = max(floor.Offset, l.start)
	slot := s.index.floorSlot(res.IndexTarget, ip)
	start := int64(0)
	res.IndexFloor = OffsetPosition{Offset: s.base}
	if slot >= 0 {
		res.IndexFloor = s.index.Entry(slot)
		start = int64(res.IndexFloor.Position)
	}
	res.FloorSlot, res.ScanStart = slot, start
	// Scan for the first batch that reaches the target, then its first record
	// that does (FileRecords.searchForTimestamp).
	var h record.BatchHeader
	for pos := start; pos < s.size; pos += int64(h.Size()) {
		var err error
		if h, err = s.headerAt(l.st, &l.buf, pos); err != nil {
			return res, err
		}
		if h.MaxTimestamp < ts || h.LastOffset() < l.start {
			if traced {
				res.Skipped = append(res.Skipped, batchRef(h, pos))
			}
			continue
		}
		off, rts, found, err := l.firstRecordAtOrAfter(s, pos, h, ts)
		if err != nil {
			return res, err
		}
		if found {
			res.Found, res.Batch, res.Offset, res.Timestamp = true, batchRef(h, pos), off, rts
			return res, nil
		}
		if traced {
			res.Skipped = append(res.Skipped, batchRef(h, pos))
		}
	}
	return res, nil
}

// firstRecordAtOrAfter decodes the batch at pos and returns its first record
// with timestamp ≥ ts and offset ≥ the log start offset.
func (l *Log) firstRecordAtOrAfter(s *Segment, pos int64, h record.BatchHeader, ts int64) (int64, int64, bool, error) {
	b := make([]byte, int64(h.Size()))
	if err := l.st.ReadAt(s.LogName(), b, pos); err != nil {
		return 0, 0, false, storageErr("read "+s.LogName(), err)
	}
	batch, _, err := record.Decode(b)
	if err != nil {
		return 0, 0, false, err
	}
	for i := range batch.Records {
		r := &batch.Records[i]
		if rts, off := batch.Timestamp(r), batch.Offset(r); rts >= ts && off >= l.start {
			return off, rts, true, nil
		}
	}
	return 0, 0, false, nil
}

// maxTimestampOffset finds the first record carrying the log's largest
// timestamp (ListOffsets with MAX_TIMESTAMP, KIP-734).
func (l *Log) maxTimestampOffset(res LookupTrace) (LookupTrace, error) {
	best := -1
	for i, s := range l.segs {
		if s.maxTs.Timestamp >= 0 && (best < 0 || s.maxTs.Timestamp > l.segs[best].maxTs.Timestamp) {
			best = i
		}
	}
	if best < 0 {
		return res, nil
	}
	s := l.segs[best]
	res.Segment = s.base
	seg, pos, h, ok, err := l.locate(s.maxTs.Offset, nil)
	if err != nil || !ok || l.segs[seg] != s {
		return res, err
	}
	off, rts, found, err := l.firstRecordAtOrAfter(s, pos, h, s.maxTs.Timestamp)
	if err != nil || !found {
		return res, err
	}
	res.Found, res.Batch, res.Offset, res.Timestamp = true, batchRef(h, pos), off, rts
	return res, nil
}
