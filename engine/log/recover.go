package log

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
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
	// Checked is set when every batch was validated (header, CRC, records) and
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

// Open loads the log kept in st, recovering it as Kafka's LogLoader does
// after an unclean shutdown: every segment from the one holding
// opts.RecoveryPoint onwards, and always the last, is checked batch by batch
// (header, CRC, records, increasing offsets); a torn or corrupt tail is cut at
// the last valid batch (and any later segment deleted); indexes are rebuilt
// from the batches. Older segments are trusted, but a missing or corrupt index
// makes Open check that segment too. An empty storage gets a first segment at
// offset 0.
func Open(st Storage, cfg Config, opts Options) (*Log, RecoveryReport, error) {
	var rep RecoveryReport
	if err := cfg.Validate(); err != nil {
		return nil, rep, err
	}
	l := &Log{cfg: cfg, st: st, jitterSeed: opts.JitterSeed}
	names, err := st.List()
	if err != nil {
		return nil, rep, storageErr("list files", err)
	}
	var bases []int64
	files := map[string]bool{}
	for _, name := range names {
		files[name] = true
		if base, suffix, ok := parseFileName(name); ok && suffix == LogSuffix {
			bases = append(bases, base)
		}
	}
	// Index files without a .log are leftovers of a deletion that crashed.
	for _, name := range names {
		if base, suffix, ok := parseFileName(name); ok && suffix != LogSuffix && !files[FileName(base, LogSuffix)] {
			if err := st.Remove(name); err != nil {
				return nil, rep, storageErr("remove "+name, err)
			}
			rep.Removed = append(rep.Removed, name)
		}
	}

	epochsOK := false
	if files[EpochCheckpointFile] {
		if b, err := readFile(st, EpochCheckpointFile, maxCheckpointBytes); err != nil {
			rep.EpochsReason = err.Error()
		} else if c, err := ParseCheckpoint(b); err != nil {
			rep.EpochsReason = err.Error()
		} else {
			l.epochs, epochsOK = c, true
		}
	} else if len(bases) > 0 {
		rep.EpochsReason = EpochCheckpointFile + " is missing"
	}

	recoverFrom := 0
	for i, base := range bases {
		if base <= opts.RecoveryPoint {
			recoverFrom = i
		}
	}
	for i, base := range bases {
		s := newSegment(base, cfg, opts.NowMs, segmentJitter(cfg, l.jitterSeed, base))
		if s.size, err = st.Size(s.LogName()); err != nil {
			return nil, rep, storageErr("size of "+s.LogName(), err)
		}
		prevNext := int64(0)
		if len(l.segs) > 0 {
			prevNext = l.active().next
		}
		sr := SegmentRecovery{Base: base}
		switch {
		case i == len(bases)-1:
			sr.Reason = "active segment"
		case i >= recoverFrom:
			sr.Reason = "at or after the recovery point"
		default:
			if err := l.loadSegment(s, files, prevNext); err != nil {
				if kerr.Code(err) == kerr.KafkaStorageError.Code {
					return nil, rep, err
				}
				sr.Reason = err.Error()
			} else if !epochsOK {
				if err := l.walkEpochs(s); err != nil {
					sr.Reason = err.Error()
				}
			}
		}
		if sr.Reason != "" {
			if err := l.recoverSegment(s, files, prevNext, &sr); err != nil {
				return nil, rep, err
			}
		}
		l.segs = append(l.segs, s)
		rep.Segments = append(rep.Segments, sr)
		if sr.BytesTruncated > 0 && i < len(bases)-1 {
			// What follows a corrupt batch cannot be trusted (LogLoader.recoverLog).
			for _, b := range bases[i+1:] {
				gone := newSegment(b, cfg, opts.NowMs, 0)
				if err := gone.remove(st); err != nil {
					return nil, rep, err
				}
				for _, name := range gone.fileNames() {
					if files[name] {
						rep.Removed = append(rep.Removed, name)
					}
				}
			}
			break
		}
	}
	if len(l.segs) == 0 {
		s := newSegment(0, cfg, opts.NowMs, segmentJitter(cfg, l.jitterSeed, 0))
		if err := s.create(st); err != nil {
			return nil, rep, err
		}
		l.segs = append(l.segs, s)
	}
	if l.EndOffset() < opts.LogStartOffset {
		// Everything the log holds lies below the start offset (LogLoader
		// deletes all segments in this case).
		for _, s := range l.segs {
			if err := s.remove(st); err != nil {
				return nil, rep, err
			}
			rep.Removed = append(rep.Removed, s.LogName(), s.IndexName(), s.TimeIndexName())
		}
		s := newSegment(opts.LogStartOffset, cfg, opts.NowMs, segmentJitter(cfg, l.jitterSeed, opts.LogStartOffset))
		if err := s.create(st); err != nil {
			return nil, rep, err
		}
		l.segs = append(l.segs[:0:0], s)
		l.epochs.Clear()
	}
	l.start = max(l.segs[0].base, opts.LogStartOffset)
	l.recoveryPoint = l.EndOffset()

	// A caller that passes an older LogStartOffset than the log last had
	// (or none) may expose batches whose epochs the cache has already
	// forgotten: rebuild it from the batch headers.
	if first, ok := l.epochs.Earliest(); epochsOK && l.EndOffset() > l.start && (!ok || first.StartOffset > l.start) {
		epochsOK = false
		rep.EpochsReason = fmt.Sprintf("%s does not cover the log start offset %d", EpochCheckpointFile, l.start)
		l.epochs.Clear()
		for _, s := range l.segs {
			if err := l.walkEpochs(s); err != nil {
				if kerr.Code(err) == kerr.KafkaStorageError.Code {
					return nil, rep, err
				}
				break // an unreadable header in an old segment: keep what we have
			}
		}
	}
	rep.EpochsRebuilt = !epochsOK && rep.EpochsReason != ""
	changed := !epochsOK
	changed = l.epochs.TruncateFromEnd(l.EndOffset()) || changed
	changed = l.epochs.TruncateFromStart(l.start) || changed
	if changed || !files[EpochCheckpointFile] {
		if err := l.writeEpochs(); err != nil {
			return nil, rep, err
		}
	}
	rep.LogEndOffset = l.EndOffset()
	return l, rep, nil
}

// loadSegment loads a segment below the recovery point without validating
// its batches: its indexes must pass a sanity check (AbstractIndex.sanityCheck
// plus positions inside the file), and its tail is walked from the last
// index entry to find where it ends.
func (l *Log) loadSegment(s *Segment, files map[string]bool, prevNext int64) error {
	if !files[s.IndexName()] {
		return errors.New("missing " + s.IndexName())
	}
	if !files[s.TimeIndexName()] {
		return errors.New("missing " + s.TimeIndexName())
	}
	idx, err := l.readIndex(s.IndexName(), OffsetEntrySize)
	if err != nil {
		return err
	}
	if s.index, err = ParseOffsetIndex(idx, s.base, l.cfg.SegmentIndexBytes); err != nil {
		return err
	}
	tidx, err := l.readIndex(s.TimeIndexName(), TimeEntrySize)
	if err != nil {
		return err
	}
	if s.timeIndex, err = ParseTimeIndex(tidx, s.base, l.cfg.SegmentIndexBytes); err != nil {
		return err
	}
	if n := s.index.Len(); n > 0 && int64(s.index.Entry(n-1).Position) >= s.size {
		return fmt.Errorf("%s points past the end of %s", s.IndexName(), s.LogName())
	}
	if err := l.rescanTail(s); err != nil {
		return err
	}
	if s.size > 0 {
		first, _ := s.headerAt(l.st, &l.buf, 0)
		if first.baseOffset < max(s.base, prevNext) {
			return fmt.Errorf("first batch offset %d is below %d", first.baseOffset, max(s.base, prevNext))
		}
	}
	if n := s.timeIndex.Len(); n > 0 && s.timeIndex.Entry(n-1).Offset >= s.next {
		return fmt.Errorf("%s points past the end of %s", s.TimeIndexName(), s.LogName())
	}
	return nil
}

// readIndex reads an index file, refusing one larger than
// segment.index.bytes allows.
func (l *Log) readIndex(name string, entrySize int) ([]byte, error) {
	limit := int64(l.cfg.SegmentIndexBytes) / int64(entrySize) * int64(entrySize)
	b, err := readFile(l.st, name, limit)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, errTooLarge) {
		return nil, err // a reason to rebuild the index, not a storage failure
	}
	if err != nil {
		return nil, storageErr("read "+name, err)
	}
	return b, nil
}

// walkEpochs rebuilds leader-epoch entries from the batch headers of a
// segment that is not being recovered.
func (l *Log) walkEpochs(s *Segment) error {
	var h peekedHeader
	for pos := int64(0); pos < s.size; pos += h.size {
		var err error
		if h, err = s.headerAt(l.st, &l.buf, pos); err != nil {
			return err
		}
		l.assignRecovered(h.epoch, h.baseOffset)
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

// recoverSegment validates every batch of s, cuts the tail at the first bad
// one, and rebuilds both indexes (LogSegment.recover).
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
		if int64(cap(buf)) < h.size {
			buf = make([]byte, h.size)
		}
		b := buf[:h.size]
		if err := l.st.ReadAt(s.LogName(), b, valid); err != nil {
			return storageErr("read "+s.LogName(), err)
		}
		if err := checkBatch(b, false); err != nil {
			sr.TruncateReason = fmt.Sprintf("batch at position %d: %v", valid, err)
			break
		}
		if h.baseOffset < expect || !s.index.CanAppendOffset(h.lastOffset()) {
			sr.TruncateReason = fmt.Sprintf("batch at position %d has offsets %d..%d, expected from %d within the segment", valid, h.baseOffset, h.lastOffset(), expect)
			break
		}
		if h.maxTimestamp > s.maxTs.Timestamp {
			s.maxTs = TimestampOffset{Timestamp: h.maxTimestamp, Offset: h.lastOffset()}
		}
		if valid-lastIndexed > int64(l.cfg.IndexIntervalBytes) && !s.index.IsFull() {
			if err := s.index.Append(h.lastOffset(), int32(valid)); err != nil {
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
			s.firstTs = h.maxTimestamp
		}
		valid += h.size
		s.next = h.lastOffset() + 1
		expect = s.next
		sr.Batches++
		l.assignRecovered(h.epoch, h.baseOffset)
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
