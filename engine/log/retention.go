package log

import "github.com/kafkalab/kafkalab/engine/kerr"

// A Deletion is one segment removed by retention.
type Deletion struct {
	Base   int64  // the segment's base offset
	Size   int64  // its .log size
	Reason string // "log start offset", "retention.ms" or "retention.bytes"
}

// DeleteOldSegments deletes segments below the log start offset, then
// applies retention.ms and retention.bytes, as
// UnifiedLog.deleteOldSegments does, when cleanup.policy includes delete
// (a compact-only log keeps its segments: the lab does not compact). Only whole
// segments go, oldest first, stopping at the first one that must stay; a
// segment is never deleted unless all of its offsets are below highWatermark,
// so nothing a consumer has not been allowed to read, nor uncommitted data,
// is removed. When every segment qualifies (the active one too, which needs
// highWatermark = LEO), a new empty segment is rolled first so the log keeps
// one, exactly as Kafka does. The log start offset then moves to the first
// remaining segment's base, and the leader-epoch cache forgets what lies
// before it.
func (l *Log) DeleteOldSegments(nowMs, highWatermark int64) ([]Deletion, error) {
	if err := l.check(); err != nil {
		return nil, err
	}
	// Segments wholly below a start offset moved by DeleteRecordsBefore go
	// first (deleteLogStartOffsetBreachedSegments).
	deleted, err := l.deleteSegments(highWatermark, nowMs, "log start offset", func(s *Segment) bool {
		i := l.floorSegment(s.base, nil)
		return i+1 < len(l.segs) && l.segs[i+1].base <= l.start
	})
	if err != nil {
		return deleted, err
	}
	if !l.cfg.deletes() {
		// cleanup.policy=compact alone: only the log start offset breach
		// applies (UnifiedLog.deleteOldSegments). The lab does not model
		// compaction, so such a log (__consumer_offsets) is never cleaned.
		return deleted, nil
	}
	if l.cfg.RetentionMs >= 0 {
		d, err := l.deleteSegments(highWatermark, nowMs, "retention.ms", func(s *Segment) bool {
			return nowMs-s.LargestTimestamp() > l.cfg.RetentionMs
		})
		deleted = append(deleted, d...)
		if err != nil {
			return deleted, err
		}
	}
	if l.cfg.RetentionBytes >= 0 && l.Size() >= l.cfg.RetentionBytes {
		diff := l.Size() - l.cfg.RetentionBytes
		d, err := l.deleteSegments(highWatermark, nowMs, "retention.bytes", func(s *Segment) bool {
			if diff-s.size < 0 {
				return false
			}
			diff -= s.size
			return true
		})
		deleted = append(deleted, d...)
		if err != nil {
			return deleted, err
		}
	}
	return deleted, nil
}

// deleteSegments deletes the longest prefix of segments that pass the
// predicate and lie wholly below highWatermark (UnifiedLog.deletableSegments).
func (l *Log) deleteSegments(highWatermark, nowMs int64, reason string, pred func(*Segment) bool) ([]Deletion, error) {
	n := 0
	for i, s := range l.segs {
		upper := s.next // the offset after the segment: the next one's base, or the LEO
		if i+1 < len(l.segs) {
			upper = l.segs[i+1].base
		}
		lastAndEmpty := i == len(l.segs)-1 && s.size == 0
		if highWatermark < upper || lastAndEmpty || !pred(s) {
			break
		}
		n++
	}
	if n == 0 {
		return nil, nil
	}
	if n == len(l.segs) {
		if err := l.roll(nowMs); err != nil {
			return nil, err
		}
	}
	var deleted []Deletion
	for _, s := range l.segs[:n] {
		if err := s.remove(l.st); err != nil {
			return deleted, l.fail(err)
		}
		deleted = append(deleted, Deletion{Base: s.base, Size: s.size, Reason: reason})
	}
	l.segs = append(l.segs[:0:0], l.segs[n:]...)
	if err := l.advanceStart(l.segs[0].base); err != nil {
		return deleted, err
	}
	return deleted, nil
}

// advanceStart moves the log start offset forward to offset.
func (l *Log) advanceStart(offset int64) error {
	if offset <= l.start {
		return nil
	}
	l.start = offset
	if l.epochs.TruncateFromStart(offset) {
		if err := l.writeEpochs(); err != nil {
			return l.fail(err)
		}
	}
	return nil
}

// DeleteRecordsBefore moves the log start offset up to offset, as
// kafka-delete-records.sh does (UnifiedLog.deleteRecordsBefore): offsets below
// it can no longer be read at once, and the segments wholly below it are
// deleted by the next DeleteOldSegments. offset may not exceed highWatermark.
// Like Kafka's broker, the caller persists the start offset (StartOffset)
// and passes it back to Open as Options.LogStartOffset.
func (l *Log) DeleteRecordsBefore(offset, highWatermark int64) error {
	if err := l.check(); err != nil {
		return err
	}
	if offset > highWatermark || offset > l.EndOffset() {
		return kerr.Wrap(kerr.OffsetOutOfRange, "log: cannot delete records before %d, beyond the high watermark %d", offset, highWatermark)
	}
	return l.advanceStart(offset)
}
