package record

// rawRecord is one record located in a batch's bytes without allocating: its
// fields, with key, value and headers as positions in the bytes parseRecord
// read (the record's own, from its length prefix on). Decode and Validate
// both read records through parseRecord, so they accept and reject exactly
// the same record bytes.
//
// Positions rather than subslices keep the struct free of pointers, so
// filling it takes no write barrier: in WebAssembly the garbage collector
// marks during most of a run (it has no thread of its own), and three
// barriered stores per record were a visible share of the leader's walk.
type rawRecord struct {
	size                  int // bytes including the length prefix
	attributes            int8
	timestampDelta        int64
	offsetDelta           int32
	keyAt, keyLen         int // keyLen is -1 for null
	valueAt, valueLen     int
	headerCount           int
	headersAt, headersEnd int // the encoded headers, already checked
}

// nullableAt returns the bytes at b[at:at+l], capacity-limited, or nil for
// l == -1: a key or value that parseRecord located.
func nullableAt(b []byte, at, l int) []byte {
	if l < 0 {
		return nil
	}
	return b[at : at+l : at+l]
}

// minRecordSize is the size of the smallest record: a one-byte varint for
// each of length, timestamp delta, offset delta, key length, value length and
// header count, plus the attributes byte. It bounds how many records a
// buffer can hold, so a forged count cannot make Decode over-allocate.
const minRecordSize = 7

// parseRecord reads the record at the front of b, checking it the way
// DefaultRecord.readFrom does: the length prefix must cover exactly the
// fields, and key, value and header lengths must fit. Unlike Kafka it also
// rejects lengths below -1 and padded varints, which Kafka would read but
// which cannot be written back byte for byte. Errors match kerr.InvalidRecord.
//
// parseRecord fills *r rather than returning a rawRecord so that the hot
// loops in Validate and Decode do not copy it.
func parseRecord(b []byte, r *rawRecord) error {
	*r = rawRecord{}
	length, n := Varint(b)
	if n <= 0 {
		return badVarint("record length", n)
	}
	if length < 0 {
		return invalid("record length %d is negative", length)
	}
	if int64(length) > int64(len(b)-n) {
		return invalid("record length %d exceeds the %d bytes left in the batch", length, len(b)-n)
	}
	r.size = n + int(length)
	bodyAt := n
	body := b[bodyAt:r.size]

	if len(body) == 0 {
		return invalid("record of length 0 has no attributes")
	}
	r.attributes = int8(body[0])
	p := 1
	if r.timestampDelta, n = Varlong(body[p:]); n <= 0 {
		return badVarint("timestamp delta", n)
	}
	p += n
	if r.offsetDelta, n = Varint(body[p:]); n <= 0 {
		return badVarint("offset delta", n)
	}
	p += n
	var err error
	if r.keyAt, r.keyLen, p, err = readNullable(body, p, "key"); err != nil {
		return err
	}
	if r.valueAt, r.valueLen, p, err = readNullable(body, p, "value"); err != nil {
		return err
	}
	count, n := Varint(body[p:])
	if n <= 0 {
		return badVarint("header count", n)
	}
	if count < 0 {
		return invalid("record has a negative header count %d", count)
	}
	p += n
	r.headerCount = int(count)
	headersStart := p
	for range r.headerCount {
		keyLen, n := Varint(body[p:])
		if n <= 0 {
			return badVarint("header key length", n)
		}
		if keyLen < 0 {
			return invalid("header key length %d is negative; header keys cannot be null", keyLen)
		}
		p += n
		if int(keyLen) > len(body)-p {
			return invalid("header key length %d exceeds the %d bytes left in the record", keyLen, len(body)-p)
		}
		p += int(keyLen)
		if _, _, p, err = readNullable(body, p, "header value"); err != nil {
			return err
		}
	}
	r.headersAt, r.headersEnd = bodyAt+headersStart, bodyAt+p
	// Key and value positions become positions in b, as record expects.
	r.keyAt += bodyAt
	r.valueAt += bodyAt
	if p != len(body) {
		return invalid("record length %d does not match the %d bytes its fields use", length, p)
	}
	return nil
}

// readNullable reads a varint length at p in b and checks that that many
// bytes follow: it returns where they start, the length (-1 for null) and
// the position after them.
func readNullable(b []byte, p int, what string) (at, l, next int, err error) {
	v, n := Varint(b[p:])
	if n <= 0 {
		return 0, 0, p, badVarint(what+" length", n)
	}
	p += n
	switch {
	case v == -1:
		return p, -1, p, nil
	case v < -1:
		return 0, 0, p, invalid("%s length %d is below -1 (null)", what, v)
	case int(v) > len(b)-p:
		return 0, 0, p, invalid("%s length %d exceeds the %d bytes left in the record", what, v, len(b)-p)
	}
	return p, int(v), p + int(v), nil
}

// readNullableBytes is readNullable returning the bytes themselves: nil for
// length -1 and a capacity-limited subslice otherwise.
func readNullableBytes(b []byte, p int, what string) ([]byte, int, error) {
	at, l, next, err := readNullable(b, p, what)
	if err != nil {
		return nil, next, err
	}
	return nullableAt(b, at, l), next, nil
}

// nextHeader reads one header from headers that parseRecord has checked.
func nextHeader(headers []byte) (key, value []byte, rest []byte) {
	keyLen, n := Varint(headers)
	end := n + int(keyLen)
	key = headers[n:end:end]
	value, end, _ = readNullableBytes(headers, end, "")
	return key, value, headers[end:]
}

func badVarint(what string, n int) error {
	if n == 0 {
		return invalid("record ends inside its %s varint", what)
	}
	return invalid("malformed %s varint (too long or not in shortest form)", what)
}

// walkRecords reads the RecordCount records in body, the records of the batch
// whose header is h, checking each as parseRecord does and their offset
// deltas as Decode requires: strictly rising within [0, LastOffsetDelta].
// With strict it applies a producer's rules instead (LogValidator.validateBatch):
// at least one record, LastOffsetDelta = RecordCount-1 and deltas 0, 1, …,
// RecordCount-1. It fills stats when stats is not nil and appends each record
// to out when out is not nil.
//
// Check, Decode, Validate and ValidateProducerBatch all read records here, so
// they accept and reject the same bytes with the same errors.
func walkRecords(h *BatchHeader, body []byte, strict bool, stats *RecordStats, out *[]Record) error {
	if strict {
		if h.RecordCount == 0 {
			return invalid("batch has no records")
		}
		if h.LastOffsetDelta != h.RecordCount-1 {
			return invalid("last offset delta %d is inconsistent with the count of %d records", h.LastOffsetDelta, h.RecordCount)
		}
	}
	if h.RecordCount == 0 && len(body) != 0 {
		return invalid("batch declares no records but has %d bytes of them", len(body))
	}
	if stats != nil {
		*stats = RecordStats{MaxTimestamp: noTimestamp, OffsetDeltaOfMaxTimestamp: -1, MinTimestamp: noTimestamp}
	}
	logAppendTime := h.Attributes.LogAppendTime()
	prevDelta := int32(-1)
	var r rawRecord
	for i := range h.RecordCount {
		if len(body) == 0 {
			return invalid("batch declares %d records but holds %d", h.RecordCount, i)
		}
		if err := parseRecord(body, &r); err != nil {
			return err
		}
		switch {
		case strict && r.offsetDelta != i:
			return invalid("record %d has offset delta %d; offsets must be incremental", i, r.offsetDelta)
		case r.offsetDelta <= prevDelta || r.offsetDelta > h.LastOffsetDelta:
			return invalid("record %d has offset delta %d; want more than %d and at most the last offset delta %d",
				i, r.offsetDelta, prevDelta, h.LastOffsetDelta)
		}
		prevDelta = r.offsetDelta
		if stats != nil {
			// Record.timestamp() in DefaultRecordBatch: every record of a
			// LogAppendTime batch carries the batch's MaxTimestamp.
			ts := h.BaseTimestamp + r.timestampDelta
			if logAppendTime {
				ts = h.MaxTimestamp
			}
			stats.add(ts, r.offsetDelta)
		}
		if out != nil {
			*out = append(*out, r.record(body))
		}
		body = body[r.size:]
	}
	if len(body) != 0 {
		return invalid("%d bytes follow the batch's %d declared records", len(body), h.RecordCount)
	}
	return nil
}
