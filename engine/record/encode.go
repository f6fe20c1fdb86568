package record

import (
	"encoding/binary"
	"math"
)

// AppendBatch appends b to dst as a RecordBatch v2 and returns the extended
// slice. It writes every field of b as given (it does not derive
// LastOffsetDelta or MaxTimestamp from the records) and computes Length, the
// record count (len(b.Records)) and the CRC. Records are written
// uncompressed whatever codec the attributes name, so callers should leave
// the codec bits at None.
//
// AppendBatch allocates only when dst lacks capacity. It panics if the batch
// would exceed math.MaxInt32 bytes, which Length cannot express.
func AppendBatch(dst []byte, b *Batch) []byte {
	start := len(dst)
	dst = binary.BigEndian.AppendUint64(dst, uint64(b.BaseOffset))
	dst = binary.BigEndian.AppendUint32(dst, 0) // Length, filled in below
	dst = binary.BigEndian.AppendUint32(dst, uint32(b.PartitionLeaderEpoch))
	dst = append(dst, Magic)
	dst = binary.BigEndian.AppendUint32(dst, 0) // CRC, filled in below
	dst = binary.BigEndian.AppendUint16(dst, uint16(b.Attributes))
	dst = binary.BigEndian.AppendUint32(dst, uint32(b.LastOffsetDelta))
	dst = binary.BigEndian.AppendUint64(dst, uint64(b.BaseTimestamp))
	dst = binary.BigEndian.AppendUint64(dst, uint64(b.MaxTimestamp))
	dst = binary.BigEndian.AppendUint64(dst, uint64(b.ProducerID))
	dst = binary.BigEndian.AppendUint16(dst, uint16(b.ProducerEpoch))
	dst = binary.BigEndian.AppendUint32(dst, uint32(b.BaseSequence))
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(b.Records)))
	for i := range b.Records {
		dst = appendRecord(dst, &b.Records[i])
	}

	batch := dst[start:]
	if len(batch)-LogOverhead > math.MaxInt32 {
		panic("record: batch exceeds the maximum size of a Kafka batch")
	}
	binary.BigEndian.PutUint32(batch[lengthOffset:], uint32(len(batch)-LogOverhead))
	putCRC(batch)
	return dst
}

// appendRecord appends r as DefaultRecord.writeTo lays it out: its body
// length as a varint, then the body.
func appendRecord(dst []byte, r *Record) []byte {
	dst = AppendVarint(dst, int32(r.bodySize()))
	dst = append(dst, byte(r.Attributes))
	dst = AppendVarlong(dst, r.TimestampDelta)
	dst = AppendVarint(dst, r.OffsetDelta)
	dst = appendNullableBytes(dst, r.Key)
	dst = appendNullableBytes(dst, r.Value)
	dst = AppendVarint(dst, int32(len(r.Headers)))
	for i := range r.Headers {
		h := &r.Headers[i]
		dst = AppendVarint(dst, int32(len(h.Key)))
		dst = append(dst, h.Key...)
		dst = appendNullableBytes(dst, h.Value)
	}
	return dst
}

// bodySize returns the size of r after its length prefix
// (DefaultRecord.sizeOfBodyInBytes).
func (r *Record) bodySize() int {
	n := 1 + VarlongLen(r.TimestampDelta) + VarintLen(r.OffsetDelta) +
		nullableBytesSize(r.Key) + nullableBytesSize(r.Value) +
		VarintLen(int32(len(r.Headers)))
	for i := range r.Headers {
		h := &r.Headers[i]
		n += VarintLen(int32(len(h.Key))) + len(h.Key) + nullableBytesSize(h.Value)
	}
	return n
}

// appendNullableBytes writes a varint length and the bytes, or -1 for nil.
func appendNullableBytes(dst, b []byte) []byte {
	if b == nil {
		return AppendVarint(dst, -1)
	}
	dst = AppendVarint(dst, int32(len(b)))
	return append(dst, b...)
}

func nullableBytesSize(b []byte) int {
	if b == nil {
		return 1
	}
	return VarintLen(int32(len(b))) + len(b)
}
