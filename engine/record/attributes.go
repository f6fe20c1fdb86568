package record

import "strconv"

// A Codec is the compression codec in bits 0–2 of a batch's attributes
// (CompressionType.java).
type Codec int8

// The codecs Kafka defines. Only None is implemented here; see the package
// documentation.
const (
	None   Codec = 0
	Gzip   Codec = 1
	Snappy Codec = 2
	LZ4    Codec = 3
	Zstd   Codec = 4
)

// String returns Kafka's name for c, as in the compression.type config.
func (c Codec) String() string {
	switch c {
	case None:
		return "none"
	case Gzip:
		return "gzip"
	case Snappy:
		return "snappy"
	case LZ4:
		return "lz4"
	case Zstd:
		return "zstd"
	}
	return "codec(" + strconv.Itoa(int(c)) + ")"
}

// Attributes is the 16-bit attributes field of a batch
// (DefaultRecordBatch.java). Bits 7–15 are unused; they are kept as read.
type Attributes int16

// The attribute bits.
const (
	CodecMask        Attributes = 0x07 // compression codec, a Codec
	LogAppendTimeBit Attributes = 0x08 // timestamps were set by the broker, not the producer
	TransactionalBit Attributes = 0x10 // the batch belongs to a transaction
	ControlBit       Attributes = 0x20 // the batch holds one control record (a transaction marker)
	DeleteHorizonBit Attributes = 0x40 // BaseTimestamp holds the compaction delete horizon
)

// Compression returns the codec in bits 0–2.
func (a Attributes) Compression() Codec { return Codec(a & CodecMask) }

// LogAppendTime reports whether the timestamp type is LogAppendTime
// (otherwise it is CreateTime).
func (a Attributes) LogAppendTime() bool { return a&LogAppendTimeBit != 0 }

// Transactional reports whether the batch belongs to a transaction.
func (a Attributes) Transactional() bool { return a&TransactionalBit != 0 }

// Control reports whether the batch is a control batch.
func (a Attributes) Control() bool { return a&ControlBit != 0 }

// DeleteHorizonSet reports whether BaseTimestamp holds the delete horizon the
// log cleaner set (KIP-534).
func (a Attributes) DeleteHorizonSet() bool { return a&DeleteHorizonBit != 0 }
