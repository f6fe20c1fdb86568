package record

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
// producer sequences); those belong to the log.
//
// Batches a follower fetches or the log cleaner wrote may legitimately have
// gaps or no records; check those with Decode, or with ParseHeader and
// VerifyCRC as a Kafka follower does.
func Validate(b []byte) (BatchHeader, error) {
	h, body, err := checkFrame(b)
	if err != nil {
		return BatchHeader{}, err
	}
	if h.RecordCount == 0 {
		return BatchHeader{}, invalid("batch has no records")
	}
	if h.LastOffsetDelta != h.RecordCount-1 {
		return BatchHeader{}, invalid("last offset delta %d is inconsistent with the count of %d records", h.LastOffsetDelta, h.RecordCount)
	}
	var r rawRecord
	for i := range h.RecordCount {
		if len(body) == 0 {
			return BatchHeader{}, invalid("batch declares %d records but holds %d", h.RecordCount, i)
		}
		if err := parseRecord(body, &r); err != nil {
			return BatchHeader{}, err
		}
		if r.offsetDelta != i {
			return BatchHeader{}, invalid("record %d has offset delta %d; offsets must be incremental", i, r.offsetDelta)
		}
		body = body[r.size:]
	}
	if len(body) != 0 {
		return BatchHeader{}, invalid("%d bytes follow the batch's %d declared records", len(body), h.RecordCount)
	}
	return h, nil
}
