package record

import "encoding/binary"

// Sizes and field offsets of the batch header (DefaultRecordBatch.java).
const (
	// LogOverhead is the size of BaseOffset and Length, the part of a batch
	// that Length does not count (Records.LOG_OVERHEAD).
	LogOverhead = 12
	// HeaderSize is the size of the fixed header before the first record,
	// and so the smallest possible batch (RECORD_BATCH_OVERHEAD).
	HeaderSize = 61
	// Magic is the only batch format version this package reads and writes.
	Magic = 2

	baseOffsetOffset           = 0
	lengthOffset               = 8
	partitionLeaderEpochOffset = 12
	magicOffset                = 16
	crcOffset                  = 17
	attributesOffset           = 21 // the CRC covers from here to the end
	lastOffsetDeltaOffset      = 23
	baseTimestampOffset        = 27
	maxTimestampOffset         = 35
	producerIDOffset           = 43
	producerEpochOffset        = 51
	baseSequenceOffset         = 53
	recordCountOffset          = 57
)

// A BatchHeader is the fixed 61-byte prefix of a batch, parsed without
// touching the records. The log reads it to find, index and skip batches.
type BatchHeader struct {
	BaseOffset           int64
	Length               int32 // bytes after the Length field: Size()-LogOverhead
	PartitionLeaderEpoch int32
	Magic                int8
	CRC                  uint32 // CRC-32C of the bytes from Attributes to the end
	Attributes           Attributes
	LastOffsetDelta      int32
	BaseTimestamp        int64
	MaxTimestamp         int64
	ProducerID           int64
	ProducerEpoch        int16
	BaseSequence         int32
	RecordCount          int32
}

// LastOffset returns the offset of the batch's last record.
func (h BatchHeader) LastOffset() int64 { return h.BaseOffset + int64(h.LastOffsetDelta) }

// Size returns the number of bytes the batch occupies in a log: Length plus
// the 12 bytes of BaseOffset and Length.
func (h BatchHeader) Size() int { return int(h.Length) + LogOverhead }

// PeekHeader parses the header at the front of b, which need only hold the
// fixed 61-byte header, not the whole batch: it is what a reader of a log
// file needs to find, index and skip batches without reading their records
// (FileLogInputStream.nextBatch reads just this much). It checks what Kafka
// checks before trusting a batch's size: the length covers at least a header
// and the magic is 2. It does not check that b holds the whole batch, nor the
// CRC; see ParseHeader and VerifyCRC.
//
// Every error matches kerr.CorruptMessage. When b ends before the header
// does, the error also matches ErrTruncated.
func PeekHeader(b []byte) (BatchHeader, error) {
	if len(b) < LogOverhead {
		return BatchHeader{}, truncated("%d bytes cannot hold a batch's offset and length", len(b))
	}
	length := int32(binary.BigEndian.Uint32(b[lengthOffset:]))
	if length < HeaderSize-LogOverhead {
		return BatchHeader{}, corrupt("batch length %d is below the minimum of %d", length, HeaderSize-LogOverhead)
	}
	if len(b) <= magicOffset {
		return BatchHeader{}, truncated("%d bytes end before the batch's magic byte", len(b))
	}
	if m := int8(b[magicOffset]); m != Magic {
		return BatchHeader{}, corrupt("batch has magic %d; only magic %d is supported", m, Magic)
	}
	if len(b) < HeaderSize {
		return BatchHeader{}, truncated("%d bytes end inside the batch's %d-byte header", len(b), HeaderSize)
	}
	return BatchHeader{
		BaseOffset:           int64(binary.BigEndian.Uint64(b[baseOffsetOffset:])),
		Length:               length,
		PartitionLeaderEpoch: int32(binary.BigEndian.Uint32(b[partitionLeaderEpochOffset:])),
		Magic:                int8(b[magicOffset]),
		CRC:                  binary.BigEndian.Uint32(b[crcOffset:]),
		Attributes:           Attributes(binary.BigEndian.Uint16(b[attributesOffset:])),
		LastOffsetDelta:      int32(binary.BigEndian.Uint32(b[lastOffsetDeltaOffset:])),
		BaseTimestamp:        int64(binary.BigEndian.Uint64(b[baseTimestampOffset:])),
		MaxTimestamp:         int64(binary.BigEndian.Uint64(b[maxTimestampOffset:])),
		ProducerID:           int64(binary.BigEndian.Uint64(b[producerIDOffset:])),
		ProducerEpoch:        int16(binary.BigEndian.Uint16(b[producerEpochOffset:])),
		BaseSequence:         int32(binary.BigEndian.Uint32(b[baseSequenceOffset:])),
		RecordCount:          int32(binary.BigEndian.Uint32(b[recordCountOffset:])),
	}, nil
}

// ParseHeader parses the header of the batch at the front of b. It checks
// what Kafka's batch reader checks before trusting a batch's size
// (ByteBufferLogInputStream.nextBatchSize, DefaultRecordBatch.ensureValid):
// the length covers at least a header, the magic is 2, and b holds the whole
// batch. It does not check the CRC; see VerifyCRC.
//
// Every error matches kerr.CorruptMessage. When b merely ends before the
// batch does, as at the torn tail of a log, the error also matches
// ErrTruncated.
func ParseHeader(b []byte) (BatchHeader, error) {
	h, err := PeekHeader(b)
	if err != nil {
		return BatchHeader{}, err
	}
	if int64(len(b)) < int64(h.Size()) {
		return BatchHeader{}, truncated("batch length %d exceeds buffer of %d bytes", h.Length, len(b)-LogOverhead)
	}
	return h, nil
}
