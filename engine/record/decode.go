package record

import "bytes"

// checkFrame checks everything about the batch at the front of b except its
// records: the header (ParseHeader), the CRC, the codec and the sign of the
// record count. It returns the header and the record bytes.
func checkFrame(b []byte) (BatchHeader, []byte, error) {
	h, err := ParseHeader(b)
	if err != nil {
		return h, nil, err
	}
	batch := b[:h.Size()]
	if err := verifyCRC(batch, h.CRC); err != nil {
		return h, nil, err
	}
	if c := h.Attributes.Compression(); c != None {
		return h, nil, unsupportedCodec(c)
	}
	if h.RecordCount < 0 {
		return h, nil, invalid("batch has a negative record count %d", h.RecordCount)
	}
	return h, batch[HeaderSize:], nil
}

// CheckFrame checks the batch at the front of b as Kafka checks a batch it
// does not walk record by record, and returns its header: the header as
// ParseHeader checks it (a length covering at least a header, magic 2, the
// whole batch present), the CRC-32C (DefaultRecordBatch.isValid and
// ensureValid), no compression (the lab reads no compressed batches) and a
// record count that is not negative. It does not read the records and does
// not allocate. The batch occupies h.Size() bytes of b.
//
// It is what a follower checks of the batches it fetches
// (UnifiedLog.analyzeAndValidateRecords: batch.isValid) and what recovery
// checks of the batches it reads back from disk (LogSegment.recover:
// batch.ensureValid); a leader checks a producer's batch fully, with
// ValidateProducerBatch.
func CheckFrame(b []byte) (BatchHeader, error) {
	h, _, err := checkFrame(b)
	if err != nil {
		return BatchHeader{}, err
	}
	return h, nil
}

// Check checks the batch at the front of b exactly as Decode does, and
// returns its header, without allocating: it accepts what Decode accepts and
// rejects what Decode rejects, with the same error. The batch occupies
// h.Size() bytes of b.
//
// It is the check for batches that need not follow a producer's rules: those
// a follower fetches from its leader and those recovery reads from disk, which
// the log cleaner may have left with gaps between offsets or with no records
// at all.
func Check(b []byte) (BatchHeader, error) {
	h, body, err := checkFrame(b)
	if err != nil {
		return BatchHeader{}, err
	}
	if err := walkRecords(&h, body, false, nil, nil); err != nil {
		return BatchHeader{}, err
	}
	return h, nil
}

// Decode decodes the batch at the front of b and returns it with the number
// of bytes it occupies. It checks the header and CRC as ParseHeader and
// VerifyCRC do, rejects compressed batches (kerr.UnsupportedCompressionType),
// and reads every record (errors match kerr.InvalidRecord). The records must
// fill the batch exactly, their count must match the header, and their
// offset deltas must rise strictly within [0, LastOffsetDelta].
//
// Decode accepts batches the log cleaner leaves behind: records with gaps
// between offset deltas, and batches with no records. The stricter rules a
// leader applies to a producer's batch are Validate's. Check accepts exactly
// what Decode accepts without building the records.
//
// The returned Batch does not alias b: Decode copies the record bytes once
// and the keys, values and header values point into that copy.
func Decode(b []byte) (Batch, int, error) {
	h, body, err := checkFrame(b)
	if err != nil {
		return Batch{}, 0, err
	}
	batch := Batch{
		BaseOffset:           h.BaseOffset,
		PartitionLeaderEpoch: h.PartitionLeaderEpoch,
		Attributes:           h.Attributes,
		LastOffsetDelta:      h.LastOffsetDelta,
		BaseTimestamp:        h.BaseTimestamp,
		MaxTimestamp:         h.MaxTimestamp,
		ProducerID:           h.ProducerID,
		ProducerEpoch:        h.ProducerEpoch,
		BaseSequence:         h.BaseSequence,
	}
	if h.RecordCount == 0 {
		if err := walkRecords(&h, body, false, nil, nil); err != nil {
			return Batch{}, 0, err
		}
		return batch, h.Size(), nil
	}
	data := bytes.Clone(body)
	batch.Records = make([]Record, 0, min(int(h.RecordCount), len(data)/minRecordSize))
	if err := walkRecords(&h, data, false, nil, &batch.Records); err != nil {
		return Batch{}, 0, err
	}
	return batch, h.Size(), nil
}

// record builds a Record from r, which parseRecord read from b, allocating
// only for its headers.
func (r *rawRecord) record(b []byte) Record {
	rec := Record{
		Attributes:     r.attributes,
		TimestampDelta: r.timestampDelta,
		OffsetDelta:    r.offsetDelta,
		Key:            nullableAt(b, r.keyAt, r.keyLen),
		Value:          nullableAt(b, r.valueAt, r.valueLen),
	}
	if r.headerCount > 0 {
		rec.Headers = make([]Header, r.headerCount)
		rest := b[r.headersAt:r.headersEnd]
		for i := range rec.Headers {
			var key []byte
			key, rec.Headers[i].Value, rest = nextHeader(rest)
			rec.Headers[i].Key = string(key)
		}
	}
	return rec
}
