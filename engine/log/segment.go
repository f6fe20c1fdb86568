package log

import "github.com/kafkalab/kafkalab/engine/kerr"

// A Segment is one piece of a partition's log (LogSegment.java): a .log file
// of concatenated record batches whose offsets start at Base, with its sparse
// .index and .timeindex. Only the last segment of a log, the active one,
// receives appends.
type Segment struct {
	base      int64
	size      int64 // bytes in the .log file
	next      int64 // offset after the last batch; base when empty
	index     *OffsetIndex
	timeIndex *TimeIndex
	// maxTs is the largest batch MaxTimestamp and the last offset of its batch
	// (maxTimestampAndOffsetSoFar); (NoTimestamp, base) when unknown.
	maxTs TimestampOffset
	// firstTs is the first batch's MaxTimestamp, the clock segment.ms rolls by
	// (rollingBasedTimestamp); NoTimestamp while the segment is empty.
	firstTs    int64
	created    int64     // when the segment was created, for batches without timestamps
	modified   int64     // when the segment was last appended to: stands in for the file's mtime
	sinceIndex int64     // bytes appended since the last offset-index entry
	jitter     int64     // this segment's share of segment.jitter.ms
	entryBuf   []byte    // scratch for encoding one index entry without allocating
	names      [3]string // .log, .index and .timeindex file names, formatted once
}

func newSegment(base int64, cfg Config, nowMs int64, jitter int64) *Segment {
	return &Segment{
		base:      base,
		next:      base,
		index:     NewOffsetIndex(base, cfg.SegmentIndexBytes),
		timeIndex: NewTimeIndex(base, cfg.SegmentIndexBytes),
		maxTs:     TimestampOffset{Timestamp: NoTimestamp, Offset: base},
		firstTs:   NoTimestamp,
		created:   nowMs,
		modified:  nowMs,
		jitter:    jitter,
		names:     [3]string{FileName(base, LogSuffix), FileName(base, IndexSuffix), FileName(base, TimeIndexSuffix)},
	}
}

// Base returns the segment's base offset, the offset its file names carry.
func (s *Segment) Base() int64 { return s.base }

// Size returns the size of the .log file in bytes.
func (s *Segment) Size() int64 { return s.size }

// NextOffset returns the offset after the segment's last batch.
func (s *Segment) NextOffset() int64 { return s.next }

// Index returns the offset index. Callers must not modify it.
func (s *Segment) Index() *OffsetIndex { return s.index }

// TimeIndex returns the time index. Callers must not modify it.
func (s *Segment) TimeIndex() *TimeIndex { return s.timeIndex }

// MaxTimestamp returns the largest batch timestamp in the segment and the last
// offset of the batch that carried it, or (NoTimestamp, base).
func (s *Segment) MaxTimestamp() TimestampOffset { return s.maxTs }

// LargestTimestamp returns what retention compares with retention.ms: the
// largest timestamp, or the time of the last append when no batch has one
// (Kafka falls back to the file's modification time).
func (s *Segment) LargestTimestamp() int64 {
	if s.maxTs.Timestamp >= 0 {
		return s.maxTs.Timestamp
	}
	return s.modified
}

// LogName returns the name of the segment's .log file.
func (s *Segment) LogName() string { return s.names[0] }

// IndexName returns the name of the segment's .index file.
func (s *Segment) IndexName() string { return s.names[1] }

// TimeIndexName returns the name of the segment's .timeindex file.
func (s *Segment) TimeIndexName() string { return s.names[2] }

func (s *Segment) fileNames() [3]string {
	return s.names
}

// appendStats describes one append to a segment.
type appendStats struct {
	indexed     bool // an offset-index entry was added
	timeIndexed bool // a time-index entry was added
}

// append writes n bytes of batches, the concatenation of parts, which start
// at the segment's end and end at largestOffset, then indexes them exactly as
// LogSegment.append does: an entry is added once more than
// index.interval.bytes have gone in since the last one, and it pairs this
// append's last offset with its start position. scratch is the caller's
// buffer for storages that take one slice per write.
func (s *Segment) append(st Storage, parts [][]byte, shared bool, n int64, scratch *[]byte, largestOffset, largestTs, offsetOfMaxTs int64, interval int32, nowMs int64) (appendStats, error) {
	var stats appendStats
	if n == 0 {
		return stats, nil
	}
	pos := s.size
	if !s.index.CanAppendOffset(largestOffset) {
		return stats, kerr.Wrap(kerr.KafkaStorageError, "log: offset %d overflows segment %d", largestOffset, s.base)
	}
	if pos+n > 1<<31-1 {
		return stats, kerr.Wrap(kerr.KafkaStorageError, "log: segment %d would exceed 2 GiB", s.base)
	}
	if err := appendParts(st, s.LogName(), parts, scratch, shared); err != nil {
		return stats, storageErr("append to "+s.LogName(), err)
	}
	if pos == 0 {
		s.firstTs = largestTs
	}
	s.size += n
	s.next = largestOffset + 1
	s.modified = nowMs
	if largestTs > s.maxTs.Timestamp {
		s.maxTs = TimestampOffset{Timestamp: largestTs, Offset: offsetOfMaxTs}
	}
	if s.sinceIndex > int64(interval) {
		if err := s.index.Append(largestOffset, int32(pos)); err != nil {
			return stats, err
		}
		s.entryBuf = s.index.appendEntry(s.entryBuf[:0], s.index.Len()-1)
		if err := st.Append(s.IndexName(), s.entryBuf); err != nil {
			return stats, storageErr("append to "+s.IndexName(), err)
		}
		stats.indexed = true
		var err error
		if stats.timeIndexed, err = s.maybeAppendTimeIndex(st, false); err != nil {
			return stats, err
		}
		s.sinceIndex = 0
	}
	s.sinceIndex += n
	return stats, nil
}

// maybeAppendTimeIndex adds the segment's largest timestamp to the time index
// if it grew since the last entry.
func (s *Segment) maybeAppendTimeIndex(st Storage, skipFullCheck bool) (bool, error) {
	added, err := s.timeIndex.MaybeAppend(s.maxTs.Timestamp, s.maxTs.Offset, skipFullCheck)
	if err != nil || !added {
		return false, err
	}
	s.entryBuf = s.timeIndex.appendEntry(s.entryBuf[:0], s.timeIndex.Len()-1)
	if err := st.Append(s.TimeIndexName(), s.entryBuf); err != nil {
		return false, storageErr("append to "+s.TimeIndexName(), err)
	}
	return true, nil
}

// becomeInactive finishes the segment when a newer one takes over
// (onBecomeInactiveSegment): the largest timestamp goes into the time index so
// retention can read it, and the files are flushed, as Kafka flushes a rolled
// segment right after the roll. Our index files never hold unused
// preallocated space, so there is nothing to trim.
func (s *Segment) becomeInactive(st Storage) error {
	if _, err := s.maybeAppendTimeIndex(st, true); err != nil {
		return err
	}
	return s.sync(st)
}

func (s *Segment) sync(st Storage) error {
	for _, name := range s.fileNames() {
		if err := st.Sync(name); err != nil {
			return storageErr("sync "+name, err)
		}
	}
	return nil
}

// create makes the segment's three files, empty, and syncs them so that the
// segment survives a power loss even before its first flush.
func (s *Segment) create(st Storage) error {
	for _, name := range s.fileNames() {
		if err := st.Append(name, nil); err != nil {
			return storageErr("create "+name, err)
		}
	}
	return s.sync(st)
}

// remove deletes the segment's files.
func (s *Segment) remove(st Storage) error {
	for _, name := range s.fileNames() {
		if err := st.Remove(name); err != nil {
			return storageErr("remove "+name, err)
		}
	}
	return nil
}

// shouldRoll mirrors LogSegment.shouldRoll for an append of size bytes whose
// largest timestamp is maxTs and last offset lastOffset.
func (s *Segment) shouldRoll(cfg Config, size int64, maxTs, lastOffset, nowMs int64) (bool, string) {
	switch {
	case s.size > int64(cfg.SegmentBytes)-size:
		return true, "segment.bytes"
	case s.size > 0 && s.timeWaitedForRoll(nowMs, maxTs) > cfg.SegmentMs-s.jitter:
		return true, "segment.ms"
	case s.index.IsFull():
		return true, "offset index full"
	case s.timeIndex.IsFull():
		return true, "time index full"
	case !s.index.CanAppendOffset(lastOffset):
		return true, "offset overflow"
	}
	return false, ""
}

// timeWaitedForRoll measures segment age by record time when the first batch
// has a timestamp, and by the clock otherwise.
func (s *Segment) timeWaitedForRoll(nowMs, messageTs int64) int64 {
	if s.firstTs >= 0 {
		return messageTs - s.firstTs
	}
	return nowMs - s.created
}

func storageErr(what string, err error) error {
	return kerr.Wrap(kerr.KafkaStorageError, "log: %s: %v", what, err)
}

// splitmix64 derives a segment's jitter from the log's seed and the base
// offset, so the roll schedule is random-looking yet replayable.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// segmentJitter mirrors LogConfig.randomSegmentJitter with a seeded draw.
func segmentJitter(cfg Config, seed uint64, base int64) int64 {
	if cfg.SegmentJitterMs == 0 {
		return 0
	}
	return int64(splitmix64(seed^uint64(base)) % uint64(min(cfg.SegmentJitterMs, cfg.SegmentMs)))
}
