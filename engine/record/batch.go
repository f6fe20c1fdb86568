package record

// A Header is one record header. Kafka requires a key; the value may be null.
type Header struct {
	Key   string // UTF-8 in Kafka; kept here as the raw bytes
	Value []byte // nil is null (length -1); non-nil and empty is empty
}

// A Record is one record in a batch, as DefaultRecord.java lays it out. Its
// offset and timestamp are deltas from the batch's base values.
type Record struct {
	Attributes     int8  // unused by Kafka; written as 0 by producers
	TimestampDelta int64 // timestamp minus the batch's BaseTimestamp
	OffsetDelta    int32 // offset minus the batch's BaseOffset
	Key            []byte
	Value          []byte // nil is null (a tombstone on compacted topics)
	Headers        []Header
}

// A Batch is a decoded RecordBatch v2 (magic 2). Length, Magic, CRC and the
// record count are not fields: AppendBatch computes them.
type Batch struct {
	BaseOffset           int64 // offset of the first record; the leader assigns it
	PartitionLeaderEpoch int32 // epoch of the leader that appended the batch
	Attributes           Attributes
	LastOffsetDelta      int32 // offset of the last record minus BaseOffset
	BaseTimestamp        int64 // timestamp of the first record (or the delete horizon)
	MaxTimestamp         int64 // largest timestamp in the batch, or the LogAppendTime
	ProducerID           int64 // -1 when the producer is not idempotent
	ProducerEpoch        int16 // -1 when the producer is not idempotent
	BaseSequence         int32 // sequence number of the first record, or -1
	Records              []Record
}

// LastOffset returns the offset of the last record: BaseOffset+LastOffsetDelta.
func (b *Batch) LastOffset() int64 { return b.BaseOffset + int64(b.LastOffsetDelta) }

// Offset returns the absolute offset of r, a record of b.
func (b *Batch) Offset(r *Record) int64 { return b.BaseOffset + int64(r.OffsetDelta) }

// Timestamp returns the timestamp of r, a record of b. As in
// DefaultRecordBatch.java, every record of a LogAppendTime batch has the
// batch's MaxTimestamp.
func (b *Batch) Timestamp(r *Record) int64 {
	if b.Attributes.LogAppendTime() {
		return b.MaxTimestamp
	}
	return b.BaseTimestamp + r.TimestampDelta
}
