package log

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

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
	l := &Log{cfg: cfg, st: st, jitterSeed: opts.JitterSeed, name: opts.Name}
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
		if first.BaseOffset < max(s.base, prevNext) {
			return fmt.Errorf("first batch offset %d is below %d", first.BaseOffset, max(s.base, prevNext))
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
