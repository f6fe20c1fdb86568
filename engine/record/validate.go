package record

// noTimestamp is RecordBatch.NO_TIMESTAMP: a record or batch without a
// timestamp.
const noTimestamp = -1

// RecordStats summarises the timestamps of a batch's records, as the leader
// computes them while it walks a producer's batch
// (LogValidator.assignOffsetsNonCompressed). A record's timestamp is
// BaseTimestamp plus its delta, or, in a batch with the LogAppendTime bit,
// the batch's MaxTimestamp (DefaultRecordBatch's record iterator).
type RecordStats struct {
	// MaxTimestamp is the largest record timestamp, or -1 (NO_TIMESTAMP)
	// when no record has a timestamp above -1. For a CreateTime topic Kafka
	// stores it as the batch's MaxTimestamp, whatever the producer wrote.
	MaxTimestamp int64
	// OffsetDeltaOfMaxTimestamp is the offset delta of the first record
	// carrying MaxTimestamp, or -1 when MaxTimestamp is -1
	// (RecordBatch.offsetOfMaxTimestamp).
	OffsetDeltaOfMaxTimestamp int32
	// MinTimestamp is the smallest record timestamp other than -1, or -1
	// when every record has -1. Kafka's timestamp range check
	// (message.timestamp.before.max.ms) skips records without a timestamp,
	// so MinTimestamp and MaxTimestamp bound every timestamp it checks.
	MinTimestamp int64
}

// add accounts for one record's timestamp.
func (s *RecordStats) add(ts int64, offsetDelta int32) {
	if ts > s.MaxTimestamp {
		s.MaxTimestamp, s.OffsetDeltaOfMaxTimestamp = ts, offsetDelta
	}
	if ts != noTimestamp && (s.MinTimestamp == noTimestamp || ts < s.MinTimestamp) {
		s.MinTimestamp = ts
	}
}

// Validate checks the batch at the front of b the way a partition leader
// checks a producer's batch before appending it (LogValidator.java), and
// returns its header. Beyond what Decode checks, it requires what Kafka
// requires of a client's batch: at least one record, a LastOffsetDelta of
// RecordCount-1, and offset deltas 0, 1, …, RecordCount-1 in order. (Kafka
// checks the last rule only inside compressed batches and renumbers
// uncompressed ones silently; the lab checks it everywhere so that a batch's
// own deltas always agree with the offsets the leader assigns.)
//
// Validate does not allocate. It does not apply the checks that depend on
// the topic or the request (null keys on compacted topics, timestamps
// against message.timestamp.*.max.ms, control batches from clients,
// producer sequences); those belong to the log. ValidateProducerBatch also
// returns the record timestamps those checks need.
//
// Batches a follower fetches or the log cleaner wrote may legitimately have
// gaps or no records; check those with Check.
func Validate(b []byte) (BatchHeader, error) {
	h, _, err := validate(b, nil)
	return h, err
}

// ValidateProducerBatch is Validate returning also the statistics of the
// batch's record timestamps, which a leader needs to set MaxTimestamp for a
// CreateTime topic and to apply message.timestamp.before.max.ms and
// after.max.ms. It accepts and rejects exactly what Validate does, reads
// the records once, and does not allocate.
func ValidateProducerBatch(b []byte) (BatchHeader, RecordStats, error) {
	var stats RecordStats
	h, _, err := validate(b, &stats)
	if err != nil {
		return BatchHeader{}, RecordStats{}, err
	}
	return h, stats, nil
}

func validate(b []byte, stats *RecordStats) (BatchHeader, []byte, error) {
	h, body, err := checkFrame(b)
	if err != nil {
		return BatchHeader{}, nil, err
	}
	if err := walkRecords(&h, body, true, stats, nil); err != nil {
		return BatchHeader{}, nil, err
	}
	return h, body, nil
}
