package log

import (
	"encoding/binary"

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
// the partition leader in leaderEpoch. It validates every batch (header, CRC,
// records), assigns offsets from the log end offset, stamps the leader epoch
// (and, for LogAppendTime batches, nowMs as the timestamp) into the batches in
// place, rolls a new segment first if the active one should roll, and indexes
// the append.
//
// Errors: MESSAGE_TOO_LARGE for a batch over max.message.bytes,
// RECORD_LIST_TOO_LARGE for records larger than segment.bytes,
// CORRUPT_MESSAGE or INVALID_RECORD for bad bytes, KAFKA_STORAGE_ERROR when the
// storage fails. On error nothing is appended.
func (l *Log) Append(records []byte, leaderEpoch int32, nowMs int64) (AppendInfo, error) {
	if err := l.check(); err != nil {
		return AppendInfo{}, err
	}
	next := l.EndOffset()
	info := AppendInfo{FirstOffset: next, LogAppendTime: NoTimestamp}
	bi, err := l.validate(records, true)
	if err != nil {
		return info, err
	}
	// Rewrite offsets and epochs in place. Both fields sit before the range the
	// CRC covers, so the CRC stays valid; a LogAppendTime batch gets a new max
	// timestamp and therefore a new CRC (LogValidator.assignOffsetsNonCompressed).
	bi.maxTs, bi.maxTsLast = NoTimestamp, -1
	for pos := 0; pos < len(records); {
		size := batchSize(records[pos:])
		b := records[pos : pos+size]
		h, _ := peekHeader(b)
		record.SetBaseOffset(b, next)
		record.SetPartitionLeaderEpoch(b, leaderEpoch)
		if record.Attributes(binary.BigEndian.Uint16(b[21:])).LogAppendTime() {
			record.SetMaxTimestamp(b, nowMs)
			h.maxTimestamp = nowMs
			info.LogAppendTime = nowMs
		}
		next += int64(h.lastOffsetDelta) + 1
		if h.maxTimestamp > bi.maxTs {
			bi.maxTs, bi.maxTsLast = h.maxTimestamp, next-1
		}
		pos += size
	}
	bi.lastOffset = next - 1
	if leaderEpoch >= 0 && l.epochs.Assign(leaderEpoch, info.FirstOffset) {
		if err := l.writeEpochs(); err != nil {
			return info, l.fail(err)
		}
	}
	return l.appendValidated(records, bi, info, nowMs)
}

// AppendAsFollower appends records fetched from the leader, keeping the
// leader's offsets and epochs: the first batch must start at the log end
// offset and offsets must increase. Unlike Kafka, which appends a whole fetch
// response at once and fails if it is larger than segment.bytes, it appends
// batch by batch, each with its own roll check, so the lab's tiny segments
// work with ordinary fetch sizes. The returned info covers all batches; its
// Segment and Position are those of the first.
func (l *Log) AppendAsFollower(records []byte, nowMs int64) (AppendInfo, error) {
	if err := l.check(); err != nil {
		return AppendInfo{}, err
	}
	info := AppendInfo{FirstOffset: l.EndOffset(), LastOffset: l.EndOffset() - 1, MaxTimestamp: NoTimestamp, LogAppendTime: NoTimestamp}
	if _, err := l.validate(records, false); err != nil {
		return info, err
	}
	for pos := 0; pos < len(records); {
		size := batchSize(records[pos:])
		b := records[pos : pos+size]
		h, _ := peekHeader(b)
		bi := batchInfo{batches: 1, records: int(h.recordCount), maxTs: h.maxTimestamp, maxTsLast: h.lastOffset(), lastOffset: h.lastOffset()}
		if h.epoch >= 0 && l.epochs.Assign(h.epoch, h.baseOffset) {
			if err := l.writeEpochs(); err != nil {
				return info, l.fail(err)
			}
		}
		one, err := l.appendValidated(b, bi, AppendInfo{FirstOffset: h.baseOffset, LogAppendTime: NoTimestamp}, nowMs)
		if err != nil {
			return info, err
		}
		if pos == 0 {
			info.Segment, info.Position = one.Segment, one.Position
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
		pos += size
	}
	return info, nil
}

// appendValidated rolls if needed and appends records, already validated and
// carrying their final offsets.
func (l *Log) appendValidated(records []byte, bi batchInfo, info AppendInfo, nowMs int64) (AppendInfo, error) {
	if roll, why := l.active().shouldRoll(l.cfg, int64(len(records)), bi.maxTs, bi.lastOffset, nowMs); roll {
		if err := l.roll(nowMs); err != nil {
			return info, err
		}
		info.Rolled, info.RollReason = true, why
	}
	s := l.active()
	info.Segment, info.Position = s.base, s.size
	stats, err := s.append(l.st, records, bi.lastOffset, bi.maxTs, bi.maxTsLast, l.cfg.IndexIntervalBytes, nowMs)
	if err != nil {
		return info, l.fail(err)
	}
	info.LastOffset = bi.lastOffset
	info.Batches, info.Records, info.Bytes = bi.batches, bi.records, len(records)
	info.MaxTimestamp = bi.maxTs
	info.Indexed, info.TimeIndexed = stats.indexed, stats.timeIndexed
	return info, nil
}

// batchSize returns the size of the batch at the front of b, which validate
// has already checked.
func batchSize(b []byte) int {
	return int(int32(binary.BigEndian.Uint32(b[8:]))) + record.LogOverhead
}

// validate checks every batch in records the way UnifiedLog.analyzeAndValidateRecords
// does, before anything is written. For a leader append offsets are about to be
// assigned; for a follower append they must continue the log.
func (l *Log) validate(records []byte, leader bool) (batchInfo, error) {
	bi := batchInfo{maxTs: NoTimestamp, maxTsLast: -1}
	if len(records) == 0 {
		return bi, kerr.Wrap(kerr.CorruptMessage, "log: append of no batches")
	}
	next := l.EndOffset()
	for pos := 0; pos < len(records); {
		rest := records[pos:]
		if len(rest) < record.HeaderSize {
			return bi, kerr.Wrap(kerr.CorruptMessage, "log: %d bytes at position %d are too few for a batch", len(rest), pos)
		}
		size := int64(int32(binary.BigEndian.Uint32(rest[8:]))) + record.LogOverhead
		if size > int64(l.cfg.MaxMessageBytes) && leader {
			return bi, kerr.Wrap(kerr.MessageTooLarge, "log: batch of %d bytes exceeds max.message.bytes %d", size, l.cfg.MaxMessageBytes)
		}
		if size < record.HeaderSize || size > int64(len(rest)) {
			return bi, kerr.Wrap(kerr.CorruptMessage, "log: batch at position %d has size %d but %d bytes remain", pos, size, len(rest))
		}
		if err := checkBatch(rest[:size], leader); err != nil {
			return bi, err
		}
		h, _ := peekHeader(rest)
		if h.lastOffsetDelta < 0 {
			return bi, kerr.Wrap(kerr.InvalidRecord, "log: batch at position %d has negative last offset delta %d", pos, h.lastOffsetDelta)
		}
		if !leader {
			if h.baseOffset < next || (pos == 0 && h.baseOffset != next) {
				return bi, kerr.Wrap(kerr.OffsetOutOfRange, "log: follower batch at offset %d does not continue the log at %d", h.baseOffset, next)
			}
			next = h.lastOffset() + 1
		}
		bi.batches++
		bi.records += int(h.recordCount)
		pos += int(size)
	}
	if int64(len(records)) > int64(l.cfg.SegmentBytes) && leader {
		return bi, kerr.Wrap(kerr.RecordListTooLarge, "log: %d bytes of batches exceed segment.bytes %d", len(records), l.cfg.SegmentBytes)
	}
	if !leader {
		for pos := 0; pos < len(records); pos += batchSize(records[pos:]) {
			if int64(batchSize(records[pos:])) > int64(l.cfg.SegmentBytes) {
				return bi, kerr.Wrap(kerr.RecordListTooLarge, "log: batch of %d bytes exceeds segment.bytes %d", batchSize(records[pos:]), l.cfg.SegmentBytes)
			}
		}
	}
	return bi, nil
}

// checkBatch validates one batch. Producer batches must pass record.Validate
// (offset deltas 0..n-1, at least one record). Batches from a leader or from
// disk may have been thinned by compaction, so when strict is false a batch
// that fails only those producer rules is accepted if it decodes cleanly;
// the slower Decode runs only on that uncommon path.
func checkBatch(b []byte, strict bool) error {
	_, err := record.Validate(b)
	if err == nil || strict || kerr.Code(err) != kerr.InvalidRecord.Code {
		return err
	}
	_, _, err = record.Decode(b)
	return err
}
