package log

import (
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/record"
)

// TruncateTo removes every batch that holds an offset ≥ offset, as a follower
// does when its log diverged from a new leader's (UnifiedLog.truncateTo), and
// returns the new log end offset. Kafka truncates whole batches: if offset
// falls inside a batch, that batch goes too, and the log ends at its base
// offset, which is returned. Later segments are removed, the indexes lose the
// entries that pointed into the removed bytes, and the leader-epoch cache
// forgets epochs that started at or after the new end. An offset at or beyond
// the log end offset changes nothing; one below the first segment's base
// empties the log and restarts it at offset.
func (l *Log) TruncateTo(offset int64) (int64, error) {
	if err := l.check(); err != nil {
		return l.EndOffset(), err
	}
	if offset < 0 {
		return l.EndOffset(), kerr.Wrap(kerr.OffsetOutOfRange, "log: cannot truncate to negative offset %d", offset)
	}
	if offset >= l.EndOffset() {
		// Kafka truncates the epoch cache all the same: this replica may
		// hold an epoch it started as leader (AssignEpochStart) at its end
		// but never wrote a batch in (UnifiedLog.truncateTo).
		if l.epochs.TruncateFromEnd(l.EndOffset()) {
			if err := l.writeEpochs(); err != nil {
				return l.EndOffset(), l.fail(err)
			}
		}
		return l.EndOffset(), nil
	}
	if offset < l.segs[0].base {
		return offset, l.TruncateFullyAndStartAt(offset, l.active().modified)
	}
	// Drop the segments that start after offset.
	keep := l.floorSegment(offset, nil) + 1
	for _, s := range l.segs[keep:] {
		if err := s.remove(l.st); err != nil {
			return l.EndOffset(), l.fail(err)
		}
	}
	l.segs = l.segs[:keep]
	if err := l.truncateSegment(l.active(), offset); err != nil {
		return l.EndOffset(), l.fail(err)
	}
	end := l.EndOffset()
	l.recoveryPoint = min(l.recoveryPoint, end)
	// A start offset moved inside the cut batch by DeleteRecordsBefore comes
	// back to the new end, as Kafka's truncateTo lowers it to the target.
	l.start = min(l.start, end)
	if l.epochs.TruncateFromEnd(end) {
		if err := l.writeEpochs(); err != nil {
			return end, l.fail(err)
		}
	}
	return end, nil
}

// truncateSegment cuts s at the batch holding offset (LogSegment.truncateTo)
// and recomputes what the cut invalidated.
func (l *Log) truncateSegment(s *Segment, offset int64) error {
	pos, h, ok, err := s.searchOffset(l.st, &l.buf, offset, int64(s.index.lookup(offset, nil).Position), nil)
	if err != nil {
		return err
	}
	if !ok {
		return nil // nothing at or after offset in this segment
	}
	s.index.TruncateTo(h.BaseOffset)
	s.timeIndex.TruncateTo(h.BaseOffset)
	if err := l.st.Truncate(s.LogName(), pos); err != nil {
		return storageErr("truncate "+s.LogName(), err)
	}
	if err := l.st.Truncate(s.IndexName(), int64(s.index.Len()*OffsetEntrySize)); err != nil {
		return storageErr("truncate "+s.IndexName(), err)
	}
	if err := l.st.Truncate(s.TimeIndexName(), int64(s.timeIndex.Len()*TimeEntrySize)); err != nil {
		return storageErr("truncate "+s.TimeIndexName(), err)
	}
	s.size = pos
	s.next = h.BaseOffset
	s.sinceIndex = 0
	return l.rescanTail(s)
}

// rescanTail recomputes a segment's largest timestamp and first-batch time
// from its last time-index entry onwards, after a truncation
// (LogSegment.readLargestTimestamp).
func (l *Log) rescanTail(s *Segment) error {
	s.maxTs = s.timeIndex.LastEntry()
	s.firstTs = NoTimestamp
	if s.size == 0 {
		s.next = s.base
		return nil
	}
	first, err := s.headerAt(l.st, &l.buf, 0)
	if err != nil {
		return err
	}
	s.firstTs = first.MaxTimestamp
	var h record.BatchHeader
	for pos := int64(s.index.lookup(s.maxTs.Offset, nil).Position); pos < s.size; pos += int64(h.Size()) {
		if h, err = s.headerAt(l.st, &l.buf, pos); err != nil {
			return err
		}
		if h.MaxTimestamp > s.maxTs.Timestamp {
			s.maxTs = TimestampOffset{Timestamp: h.MaxTimestamp, Offset: h.LastOffset()}
		}
		s.next = h.LastOffset() + 1
	}
	return nil
}

// TruncateFullyAndStartAt deletes every segment and starts an empty log at
// offset, as a follower does when the leader no longer has the offsets it
// needs (UnifiedLog.truncateFullyAndStartAt). The leader-epoch cache is
// cleared.
func (l *Log) TruncateFullyAndStartAt(offset int64, nowMs int64) error {
	if err := l.check(); err != nil {
		return err
	}
	if offset < 0 {
		return kerr.Wrap(kerr.OffsetOutOfRange, "log: cannot start at negative offset %d", offset)
	}
	for _, s := range l.segs {
		if err := s.remove(l.st); err != nil {
			return l.fail(err)
		}
	}
	s := newSegment(offset, l.cfg, nowMs, segmentJitter(l.cfg, l.jitterSeed, offset))
	if err := s.create(l.st); err != nil {
		return l.fail(err)
	}
	l.segs = append(l.segs[:0:0], s)
	l.start, l.recoveryPoint = offset, offset
	l.epochs.Clear()
	if err := l.writeEpochs(); err != nil {
		return l.fail(err)
	}
	return nil
}
