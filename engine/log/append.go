package log

import (
	"fmt"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/record"
)

// AppendInfo describes an append: where the batches went and what the
// segment did with them, for the produce response and for the UI.
type AppendInfo struct {
	FirstOffset  int64 // offset of the first record appended
	LastOffset   int64 // offset of the last record appended
	Batches      int   // number of batches appended
	Records      int   // number of records appended
	Bytes        int   // bytes appended
	MaxTimestamp int64 // largest batch MaxTimestamp
	// LogAppendTime is the broker time stamped into LogAppendTime batches, or
	// NoTimestamp when none of the batches uses LogAppendTime.
	LogAppendTime int64
	Segment       int64  // base offset of the segment appended to
	Position      int64  // byte position of the first batch in that segment
	Rolled        bool   // a new segment was rolled before the append
	RollReason    string // why it rolled: "segment.bytes", "segment.ms", "offset index full", …
	Indexed       bool   // an offset-index entry was added
	TimeIndexed   bool   // a time-index entry was added
}

// batchInfo is what a validation pass learns about a set of batches.
type batchInfo struct {
	batches, records int
	maxTs, maxTsLast int64 // largest MaxTimestamp, and the last offset of its batch
	lastOffset       int64
}

// Append appends records, one or more v2 record batches from a producer, as
// the partition leader in leaderEpoch, the way UnifiedLog.append does with
// LogValidator's in-place path for uncompressed batches. It validates every
// batch (header, CRC, records, timestamps, a BaseOffset of 0), assigns
// offsets from the log end offset, stamps the leader epoch and the timestamp
// type, rolls a new segment first if the active one should roll, and
// indexes the append.
//
// Append never modifies records, which stay the caller's (a producer may
// send the same bytes again on a retry): it writes each batch's header
// with the new fields from its own copy and the record bytes straight from
// records, so the batch is copied once, into the segment. It keeps no
// reference to records once it returns.
//
// Timestamps follow the topic's message.timestamp.type, not the batch's
// attribute bit (LogValidator.assignOffsetsNonCompressed):
//
//   - CreateTime: each batch's MaxTimestamp becomes the largest record
//     timestamp, whatever the producer wrote there, and the CRC is
//     recomputed only if that changes anything. Record timestamps must lie
//     within message.timestamp.before.max.ms before and
//     message.timestamp.after.max.ms after nowMs (records without a
//     timestamp, -1, are not checked).
//   - LogAppendTime: each batch gets the LogAppendTime bit and MaxTimestamp
//     nowMs, and AppendInfo.LogAppendTime is nowMs.
//
// In both, a producer may not set the LogAppendTime bit itself: Kafka
// rejects such a batch with INVALID_TIMESTAMP unless the topic is CreateTime
// and the batch has a MaxTimestamp, which then stands for every record's
// timestamp (LogValidator.validateTimestamp).
//
// The segment and its time index pair the largest timestamp with the last
// offset of the batch that carries it, as LogSegment.append does since
// Kafka 3.8 (KAFKA-16310); ListOffsets for the max timestamp then finds the
// record inside that batch (OffsetForTimestamp).
//
// Errors: MESSAGE_TOO_LARGE for a batch over max.message.bytes,
// RECORD_LIST_TOO_LARGE for records larger than segment.bytes,
// CORRUPT_MESSAGE or INVALID_RECORD for bad bytes, INVALID_RECORD with
// Kafka's message for a batch whose BaseOffset is not 0
// (UnifiedLog.analyzeAndValidateRecords, AppendOrigin.CLIENT),
// INVALID_TIMESTAMP for timestamps as above, KAFKA_STORAGE_ERROR when the
// storage fails. On error nothing is appended.
func (l *Log) Append(records []byte, leaderEpoch int32, nowMs int64) (AppendInfo, error) {
	if err := l.check(); err != nil {
		return AppendInfo{}, err
	}
	next := l.EndOffset()
	info := AppendInfo{FirstOffset: next, LogAppendTime: NoTimestamp}
	batches, err := l.validateLeader(records, nowMs)
	if err != nil {
		return info, err
	}
	logAppendTime := l.cfg.MessageTimestampType == TimestampLogAppendTime
	if logAppendTime {
		info.LogAppendTime = nowMs
	}
	// Set offsets, epochs and timestamps in the log's own copy of each
	// header, never in records, which stay the caller's: the storage gets
	// the patched header followed by the caller's record bytes, one copy.
	// BaseOffset and the epoch sit before the range the CRC covers; the
	// timestamp setter recomputes the CRC, over the patched header and the
	// records, only when it changes the batch.
	bi := batchInfo{batches: len(batches), maxTs: NoTimestamp, maxTsLast: -1}
	l.hdrs = l.hdrs[:0]
	pos := 0
	for i := range batches {
		h, stats := &batches[i].h, &batches[i].stats
		l.hdrs = append(l.hdrs, records[pos:pos+record.HeaderSize]...)
		hdr, rest := l.hdrs[len(l.hdrs)-record.HeaderSize:], records[pos+record.HeaderSize:pos+h.Size()]
		record.SetBaseOffset(hdr, next)
		record.SetPartitionLeaderEpoch(hdr, leaderEpoch)
		maxTs := stats.MaxTimestamp
		if logAppendTime {
			maxTs = nowMs
		}
		record.SetTimestampTypeSplit(hdr, rest, logAppendTime, maxTs)
		next += int64(h.LastOffsetDelta) + 1
		if maxTs > bi.maxTs {
			bi.maxTs, bi.maxTsLast = maxTs, next-1
		}
		bi.records += int(h.RecordCount)
		pos += h.Size()
	}
	bi.lastOffset = next - 1
	l.parts = l.parts[:0]
	pos = 0
	for i := range batches {
		size := batches[i].h.Size()
		l.parts = append(l.parts, l.hdrs[i*record.HeaderSize:(i+1)*record.HeaderSize], records[pos+record.HeaderSize:pos+size])
		pos += size
	}
	if leaderEpoch >= 0 && l.epochs.Assign(leaderEpoch, info.FirstOffset) {
		if err := l.writeEpochs(); err != nil {
			return info, l.fail(err)
		}
	}
	return l.appendValidated(l.parts, len(records), bi, info, nowMs)
}

// AppendAsFollower appends records fetched from the leader, keeping the
// leader's offsets, epochs and timestamps (UnifiedLog.appendAsFollower). Each
// batch is checked as Kafka's follower checks it, by header, size and CRC
// (record.CheckFrame), not record by record; that also accepts the gaps and
// empty batches a compacted leader sends. Records are only read, never
// modified, and not kept: they may be a view of the leader's log (Read). The first batch must not start
// below the log end offset, or the append fails with an
// *UnexpectedAppendOffsetError; it may start above it, as after compaction,
// and the log then skips the missing offsets as Kafka's does. Each later
// batch must start after the previous one ends.
//
// Unlike Kafka, which appends a whole fetch response at once and fails if it
// is larger than segment.bytes, it appends batch by batch, each with its own
// roll check, so the lab's tiny segments work with ordinary fetch sizes. The
// returned info covers all batches; its Segment and Position are those of
// the first.
func (l *Log) AppendAsFollower(records []byte, nowMs int64) (AppendInfo, error) {
	return l.appendAsFollower(records, nowMs)
}

// AppendSharedAsFollower is AppendAsFollower for records that never change
// for as long as anyone holds them: Read's results, which a fetch response
// carries from the leader (with MemStorage, views the leader never rewrites
// or reuses; with other storages, fresh copies nobody else holds). With
// MemStorage the log then keeps the batches by reference, as pieces of its
// segment, instead of copying them: replicas of one partition in one
// simulation share the bytes, as they are the same bytes, and a follower
// writes no memory for them. Everything else is AppendAsFollower's, and
// nothing can tell the two apart afterwards: the follower's files read the
// same, a view it hands out is as immutable as its own, and truncating it
// or losing power only drops references. Passing bytes that anyone later
// modifies would change this log's files behind its back.
func (l *Log) AppendSharedAsFollower(records []byte, nowMs int64) (AppendInfo, error) {
	l.shared = true
	defer func() { l.shared = false }()
	return l.appendAsFollower(records, nowMs)
}

func (l *Log) appendAsFollower(records []byte, nowMs int64) (AppendInfo, error) {
	if err := l.check(); err != nil {
		return AppendInfo{}, err
	}
	info := AppendInfo{FirstOffset: l.EndOffset(), LastOffset: l.EndOffset() - 1, MaxTimestamp: NoTimestamp, LogAppendTime: NoTimestamp}
	if err := l.validateFollower(records); err != nil {
		return info, err
	}
	for pos := 0; pos < len(records); {
		h, _ := peekHeader(records[pos:])
		b := records[pos : pos+h.Size()]
		bi := batchInfo{batches: 1, records: int(h.RecordCount), maxTs: h.MaxTimestamp, maxTsLast: h.LastOffset(), lastOffset: h.LastOffset()}
		if h.PartitionLeaderEpoch >= 0 && l.epochs.Assign(h.PartitionLeaderEpoch, h.BaseOffset) {
			if err := l.writeEpochs(); err != nil {
				return info, l.fail(err)
			}
		}
		l.parts = append(l.parts[:0], b)
		one, err := l.appendValidated(l.parts, len(b), bi, AppendInfo{FirstOffset: h.BaseOffset, LogAppendTime: NoTimestamp}, nowMs)
		if err != nil {
			return info, err
		}
		if pos == 0 {
			info.FirstOffset, info.Segment, info.Position = h.BaseOffset, one.Segment, one.Position
		}
		info.LastOffset = one.LastOffset
		info.Batches++
		info.Records += one.Records
		info.Bytes += one.Bytes
		info.MaxTimestamp = max(info.MaxTimestamp, one.MaxTimestamp)
		info.Rolled = info.Rolled || one.Rolled
		if one.Rolled {
			info.RollReason = one.RollReason
		}
		info.Indexed = info.Indexed || one.Indexed
		info.TimeIndexed = info.TimeIndexed || one.TimeIndexed
		pos += h.Size()
	}
	return info, nil
}

// An UnexpectedAppendOffsetError is AppendAsFollower's error for fetched
// batches that start below the log end offset, Kafka's
// UnexpectedAppendOffsetException (UnifiedLog.append). It has no error code
// of its own: kerr.Code gives UNKNOWN_SERVER_ERROR, and it never reaches the
// wire. Kafka's fetcher handles it in Partition.appendRecordsToFollowerOrFutureReplica:
// when the log is empty (LogEndOffset equals the log start offset) and the
// batch straddles the end (FirstOffset < LogEndOffset ≤ LastOffset), as after
// DeleteRecords moved the leader's start offset into a batch, it calls
// TruncateFullyAndStartAt(FirstOffset) and appends again; otherwise the
// fetcher marks the partition failed (AbstractFetcherThread) and stops
// fetching it.
type UnexpectedAppendOffsetError struct {
	FirstOffset  int64 // base offset of the first batch
	LastOffset   int64 // last offset of the first batch
	LogEndOffset int64 // the follower's log end offset
}

func (e *UnexpectedAppendOffsetError) Error() string {
	return "log: Unexpected offset in append: first offset " + strconv.FormatInt(e.FirstOffset, 10) +
		" is less than the next offset " + strconv.FormatInt(e.LogEndOffset, 10)
}

// Unwrap makes errors.Is(err, kerr.UnknownServerError) hold, the code a
// Kafka broker gives an unexpected exception.
func (e *UnexpectedAppendOffsetError) Unwrap() error { return kerr.UnknownServerError }

// appendValidated rolls if needed and appends n bytes of batches, already
// validated and carrying their final offsets, given as the parts whose
// concatenation they are.
func (l *Log) appendValidated(parts [][]byte, n int, bi batchInfo, info AppendInfo, nowMs int64) (AppendInfo, error) {
	if roll, why := l.active().shouldRoll(l.cfg, int64(n), bi.maxTs, bi.lastOffset, nowMs); roll {
		if err := l.roll(nowMs); err != nil {
			return info, err
		}
		info.Rolled, info.RollReason = true, why
	}
	s := l.active()
	info.Segment, info.Position = s.base, s.size
	stats, err := s.append(l.st, parts, l.shared, int64(n), &l.wbuf, bi.lastOffset, bi.maxTs, bi.maxTsLast, l.cfg.IndexIntervalBytes, nowMs)
	if err != nil {
		return info, l.fail(err)
	}
	info.LastOffset = bi.lastOffset
	info.Batches, info.Records, info.Bytes = bi.batches, bi.records, n
	info.MaxTimestamp = bi.maxTs
	info.Indexed, info.TimeIndexed = stats.indexed, stats.timeIndexed
	return info, nil
}

// leaderBatch is what validateLeader learns about one producer batch.
type leaderBatch struct {
	h     record.BatchHeader
	stats record.RecordStats
}

// frame returns the header and size of the batch at pos of records, checking
// that the bytes frame a whole batch (ByteBufferLogInputStream.nextBatch).
// A producer's batch over max.message.bytes is MESSAGE_TOO_LARGE, reported
// before the bytes are known to hold it, as Kafka sizes a batch by its
// header.
func (l *Log) frame(records []byte, pos int, leader bool) (record.BatchHeader, error) {
	rest := records[pos:]
	if len(rest) < record.HeaderSize {
		return record.BatchHeader{}, kerr.Wrap(kerr.CorruptMessage, "log: %d bytes at position %d are too few for a batch", len(rest), pos)
	}
	h, err := record.PeekHeader(rest)
	if err != nil {
		return h, fmt.Errorf("log: batch at position %d: %w", pos, err)
	}
	if leader && h.Size() > int(l.cfg.MaxMessageBytes) {
		return h, kerr.Wrap(kerr.MessageTooLarge, "log: batch of %d bytes exceeds max.message.bytes %d", h.Size(), l.cfg.MaxMessageBytes)
	}
	if h.Size() > len(rest) {
		return h, kerr.Wrap(kerr.CorruptMessage, "log: batch at position %d has size %d but %d bytes remain", pos, h.Size(), len(rest))
	}
	return h, nil
}

// validateLeader checks every producer batch in records the way
// UnifiedLog.analyzeAndValidateRecords and LogValidator do, before anything
// is written or rewritten, and returns what it learnt of each batch. The
// returned slice is the log's scratch space, valid until the next append.
func (l *Log) validateLeader(records []byte, nowMs int64) ([]leaderBatch, error) {
	if len(records) == 0 {
		return nil, kerr.Wrap(kerr.CorruptMessage, "log: append of no batches")
	}
	l.scratch = l.scratch[:0]
	for pos := 0; pos < len(records); {
		h, err := l.frame(records, pos, true)
		if err != nil {
			return nil, err
		}
		if h.BaseOffset != 0 {
			// UnifiedLog.analyzeAndValidateRecords, for AppendOrigin.CLIENT.
			return nil, kerr.Wrap(kerr.InvalidRecord, "log: The baseOffset of the record batch in the append to %s should be 0, but it is %d", l.Name(), h.BaseOffset)
		}
		b := records[pos : pos+h.Size()]
		h, stats, err := record.ValidateProducerBatch(b)
		if err != nil {
			return nil, err
		}
		if err := l.checkTimestamps(b, h, stats, nowMs); err != nil {
			return nil, err
		}
		l.scratch = append(l.scratch, leaderBatch{h, stats})
		pos += h.Size()
	}
	if int64(len(records)) > int64(l.cfg.SegmentBytes) {
		return nil, kerr.Wrap(kerr.RecordListTooLarge, "log: %d bytes of batches exceed segment.bytes %d", len(records), l.cfg.SegmentBytes)
	}
	return l.scratch, nil
}

// checkTimestamps applies LogValidator.validateTimestamp to every record of
// the producer batch b. The statistics decide it without a second walk
// unless a record has a negative timestamp other than -1, where Java's
// arithmetic could wrap; then, and to name the first bad record in an error,
// it decodes the batch.
func (l *Log) checkTimestamps(b []byte, h record.BatchHeader, stats record.RecordStats, nowMs int64) error {
	createTime := l.cfg.MessageTimestampType != TimestampLogAppendTime
	if h.Attributes.LogAppendTime() {
		// Every record's timestamp is the batch's MaxTimestamp.
		if !createTime || h.MaxTimestamp == NoTimestamp {
			return kerr.Wrap(kerr.InvalidTimestamp, "log: One or more records have been rejected due to invalid timestamp: "+
				"record 0: Invalid timestamp type in message with offset %d. Producer should not set timestamp type to LogAppendTime.", h.BaseOffset)
		}
	}
	if !createTime {
		return nil
	}
	before, after := l.cfg.MessageTimestampBeforeMaxMs, l.cfg.MessageTimestampAfterMaxMs
	if stats.MinTimestamp >= NoTimestamp &&
		(stats.MinTimestamp == NoTimestamp || nowMs-stats.MinTimestamp <= before) &&
		(stats.MaxTimestamp == NoTimestamp || stats.MaxTimestamp-nowMs <= after) {
		return nil
	}
	batch, _, err := record.Decode(b)
	if err != nil {
		return err
	}
	for i := range batch.Records {
		r := &batch.Records[i]
		ts := batch.Timestamp(r)
		if diff := nowMs - ts; ts != NoTimestamp && (diff > before || -diff > after) {
			return kerr.Wrap(kerr.InvalidTimestamp, "log: One or more records have been rejected due to invalid timestamp: "+
				"record %d: Timestamp %d of message with offset %d is out of range. The timestamp should be within [%d, %d]",
				i, ts, batch.Offset(r), nowMs-before, nowMs+after)
		}
	}
	return nil
}

// validateFollower checks every batch in records fetched from the leader
// before anything is written, as UnifiedLog.append with
// validateAndAssignOffsets false does (analyzeAndValidateRecords): each must
// pass record.CheckFrame (header, size, CRC), the first must not start below
// the log end offset, and the offsets must increase. Records are not walked.
func (l *Log) validateFollower(records []byte) error {
	if len(records) == 0 {
		return kerr.Wrap(kerr.CorruptMessage, "log: append of no batches")
	}
	next := l.EndOffset()
	for pos := 0; pos < len(records); {
		h, err := l.frame(records, pos, false)
		if err != nil {
			return err
		}
		// Kafka's follower checks each batch's size and CRC
		// (batch.isValid), not each record: the leader validated the
		// records when it appended them.
		if _, err := record.CheckFrame(records[pos : pos+h.Size()]); err != nil {
			return err
		}
		if h.LastOffsetDelta < 0 {
			return kerr.Wrap(kerr.InvalidRecord, "log: batch at position %d has negative last offset delta %d", pos, h.LastOffsetDelta)
		}
		if int64(h.Size()) > int64(l.cfg.SegmentBytes) {
			return kerr.Wrap(kerr.RecordListTooLarge, "log: batch of %d bytes exceeds segment.bytes %d", h.Size(), l.cfg.SegmentBytes)
		}
		switch {
		case pos == 0 && h.BaseOffset < next:
			return &UnexpectedAppendOffsetError{FirstOffset: h.BaseOffset, LastOffset: h.LastOffset(), LogEndOffset: next}
		case h.BaseOffset < next:
			// Kafka's OffsetsOutOfOrderException, also without a code.
			return kerr.Wrap(kerr.UnknownServerError, "log: Out of order offsets found in append: batch at position %d starts at %d, before %d", pos, h.BaseOffset, next)
		}
		next = h.LastOffset() + 1
		pos += h.Size()
	}
	return nil
}
