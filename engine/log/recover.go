package log

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/record"
)

// A RecoveryReport says what Open found and repaired, for the UI and tests.
type RecoveryReport struct {
	Segments      []SegmentRecovery // every segment Open loaded, oldest first
	Removed       []string          // files deleted: orphaned indexes, segments after a corrupt one
	EpochsRebuilt bool              // the leader-epoch cache was rebuilt from the batches
	EpochsReason  string            // why: the checkpoint was missing or unreadable
	LogEndOffset  int64             // the log end offset after recovery
}

// A SegmentRecovery is what Open did with one segment.
type SegmentRecovery struct {
	Base int64 // the segment's base offset
	// Checked is set when every batch was validated (header, size, CRC) and
	// both indexes rebuilt from them, as LogSegment.recover does.
	Checked bool
	Reason  string // why the segment was checked, e.g. "active segment"
	Batches int    // valid batches found by the check
	// BytesTruncated is how many bytes of torn or corrupt tail were cut off,
	// and TruncateReason what was wrong with the first byte cut.
	BytesTruncated int64
	TruncateReason string
	// IndexRebuilt and TimeIndexRebuilt are set when the rebuilt file differs
	// from the one on disk (missing, corrupt, or stale).
	IndexRebuilt     bool
	TimeIndexRebuilt bool
}

// Recovered reports whether Open changed anything.
func (r RecoveryReport) Recovered() bool {
	if len(r.Removed) > 0 || r.EpochsRebuilt {
		return true
	}
	for _, s := range r.Segments {
		if s.BytesTruncated > 0 || s.IndexRebuilt || s.TimeIndexRebuilt {
			return true
		}
	}
	return false
}

// String summarizes the report in a few lines.
func (r RecoveryReport) String() string {
	var b strings.Builder
	for _, s := range r.Segments {
		if !s.Checked {
			continue
		}
		fmt.Fprintf(&b, "segment %d checked (%s): %d valid batches", s.Base, s.Reason, s.Batches)
		if s.BytesTruncated > 0 {
			fmt.Fprintf(&b, ", truncated %d bytes (%s)", s.BytesTruncated, s.TruncateReason)
		}
		if s.IndexRebuilt {
			b.WriteString(", .index rebuilt")
		}
		if s.TimeIndexRebuilt {
			b.WriteString(", .timeindex rebuilt")
		}
		b.WriteByte('\n')
	}
	for _, name := range r.Removed {
		fmt.Fprintf(&b, "removed %s\n", name)
	}
	if r.EpochsRebuilt {
		fmt.Fprintf(&b, "leader-epoch cache rebuilt (%s)\n", r.EpochsReason)
	}
	fmt.Fprintf(&b, "log end offset %d\n", r.LogEndOffset)
	return b.String()
}

// walkEpochs rebuilds leader-epoch entries from the batch headers of a
// segment that is not being recovered.
func (l *Log) walkEpochs(s *Segment) error {
	var h record.BatchHeader
	for pos := int64(0); pos < s.size; pos += int64(h.Size()) {
		var err error
		if h, err = s.headerAt(l.st, &l.buf, pos); err != nil {
			return err
		}
		l.assignRecovered(h.PartitionLeaderEpoch, h.BaseOffset)
	}
	return nil
}

// assignRecovered records a batch's epoch found during recovery, as
// LogSegment.recover does: only epochs newer than the latest count.
func (l *Log) assignRecovered(epoch int32, base int64) {
	if last, ok := l.epochs.Latest(); epoch >= 0 && (!ok || epoch > last.Epoch) {
		l.epochs.Assign(epoch, base)
	}
}

// recoverSegment validates every batch of s by header, size and CRC
// (record.CheckFrame, as LogSegment.recover's batch.ensureValid), cuts the
// tail at the first bad one, and rebuilds both indexes (LogSegment.recover).
func (l *Log) recoverSegment(s *Segment, files map[string]bool, prevNext int64, sr *SegmentRecovery) error {
	sr.Checked = true
	s.index = NewOffsetIndex(s.base, l.cfg.SegmentIndexBytes)
	s.timeIndex = NewTimeIndex(s.base, l.cfg.SegmentIndexBytes)
	s.maxTs = TimestampOffset{Timestamp: NoTimestamp, Offset: s.base}
	s.firstTs, s.next = NoTimestamp, s.base
	var valid, lastIndexed int64
	var buf []byte
	expect := max(s.base, prevNext)
	for valid < s.size {
		h, err := s.headerAt(l.st, &l.buf, valid)
		if err != nil {
			if kerr.Code(err) == kerr.KafkaStorageError.Code {
				return err
			}
			sr.TruncateReason = err.Error()
			break
		}
		if int64(cap(buf)) < int64(h.Size()) {
			buf = make([]byte, int64(h.Size()))
		}
		b := buf[:int64(h.Size())]
		if err := l.st.ReadAt(s.LogName(), b, valid); err != nil {
			return storageErr("read "+s.LogName(), err)
		}
		// LogSegment.recover checks each batch with ensureValid: size and
		// CRC, not each record.
		if _, err := record.CheckFrame(b); err != nil {
			sr.TruncateReason = fmt.Sprintf("batch at position %d: %v", valid, err)
			break
		}
		if h.BaseOffset < expect || !s.index.CanAppendOffset(h.LastOffset()) {
			sr.TruncateReason = fmt.Sprintf("batch at position %d has offsets %d..%d, expected from %d within the segment", valid, h.BaseOffset, h.LastOffset(), expect)
			break
		}
		if h.MaxTimestamp > s.maxTs.Timestamp {
			s.maxTs = TimestampOffset{Timestamp: h.MaxTimestamp, Offset: h.LastOffset()}
		}
		if valid-lastIndexed > int64(l.cfg.IndexIntervalBytes) && !s.index.IsFull() {
			if err := s.index.Append(h.LastOffset(), int32(valid)); err != nil {
				return err
			}
			if !s.timeIndex.IsFull() {
				if _, err := s.timeIndex.MaybeAppend(s.maxTs.Timestamp, s.maxTs.Offset, false); err != nil {
					return err
				}
			}
			lastIndexed = valid
		}
		if valid == 0 {
			s.firstTs = h.MaxTimestamp
		}
		valid += int64(h.Size())
		s.next = h.LastOffset() + 1
		expect = s.next
		sr.Batches++
		l.assignRecovered(h.PartitionLeaderEpoch, h.BaseOffset)
	}
	if valid < s.size {
		sr.BytesTruncated = s.size - valid
		if err := l.st.Truncate(s.LogName(), valid); err != nil {
			return storageErr("truncate "+s.LogName(), err)
		}
		s.size = valid
	}
	// Like Kafka, finish the time index with the segment's largest timestamp.
	// An active segment's file lacks that entry until it rolls or closes, so
	// a file equal to the index without it does not count as rebuilt.
	beforeFinal := s.timeIndex.Bytes()
	if _, err := s.timeIndex.MaybeAppend(s.maxTs.Timestamp, s.maxTs.Offset, true); err != nil {
		return err
	}
	var err error
	if sr.IndexRebuilt, err = l.rewrite(s.IndexName(), s.index.Bytes(), nil, files); err != nil {
		return err
	}
	if sr.TimeIndexRebuilt, err = l.rewrite(s.TimeIndexName(), s.timeIndex.Bytes(), beforeFinal, files); err != nil {
		return err
	}
	return s.sync(l.st)
}

// rewrite replaces a file with b unless it already holds exactly b. It
// reports whether the old file was missing or differed from both b and
// alike (a version of b that is equally acceptable), that is, whether the
// file was really rebuilt rather than confirmed.
func (l *Log) rewrite(name string, b, alike []byte, files map[string]bool) (bool, error) {
	rebuilt := true
	if files[name] {
		n, err := l.st.Size(name)
		if err != nil {
			return false, storageErr("size of "+name, err)
		}
		if n == int64(len(b)) || (alike != nil && n == int64(len(alike))) {
			old := make([]byte, n)
			if err := l.st.ReadAt(name, old, 0); err != nil {
				return false, storageErr("read "+name, err)
			}
			if bytes.Equal(old, b) {
				return false, nil
			}
			rebuilt = alike == nil || !bytes.Equal(old, alike)
		}
		if err := l.st.Truncate(name, 0); err != nil {
			return false, storageErr("truncate "+name, err)
		}
	}
	if err := l.st.Append(name, b); err != nil {
		return false, storageErr("write "+name, err)
	}
	return rebuilt, nil
}
