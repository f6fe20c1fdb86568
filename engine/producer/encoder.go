package producer

import (
	"encoding/binary"
	"hash/crc32"
	"math/bits"
	"slices"

	"github.com/kafkalab/kafkalab/engine/record"
)

// The producer writes each batch's bytes as records join it, as the Java
// client's MemoryRecordsBuilder does: a batch is a buffer that starts with
// room for the 61-byte RecordBatch v2 header, each record is appended
// already encoded (DefaultRecord.writeTo), and closing the batch fills the
// header in and computes the CRC. There is no second pass over the records,
// and TestIncrementalEncoding checks the bytes against record.AppendBatch.

// Offsets of the RecordBatch v2 header fields (DefaultRecordBatch.java).
const (
	offLength          = 8
	offLeaderEpoch     = 12
	offMagic           = 16
	offCRC             = 17
	offAttributes      = 21
	offLastOffsetDelta = 23
	offBaseTimestamp   = 27
	offMaxTimestamp    = 35
	offProducerID      = 43
	offProducerEpoch   = 51
	offBaseSequence    = 53
	offRecordCount     = 57
)

// castagnoli is the CRC-32C table of the batch checksum (Crc32C.java),
// written once at package initialisation and only read afterwards.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// appendRecordBytes appends one record as DefaultRecord.writeTo lays it out:
// the body's length as a varint, then attributes (0), the timestamp and
// offset deltas, key, value and headers.
func appendRecordBytes(dst []byte, tsDelta int64, offsetDelta int32, key, value []byte, headers []record.Header) []byte {
	return appendRecord(dst, recordBodyLen(tsDelta, offsetDelta, key, value, headers), tsDelta, offsetDelta, key, value, headers)
}

// recordBodyLen returns the length of a record's body: everything
// appendRecord writes after the leading length varint.
func recordBodyLen(tsDelta int64, offsetDelta int32, key, value []byte, headers []record.Header) int {
	body := 1 + varlongLen(tsDelta) + varintLen(offsetDelta) + bytesLen(key) + bytesLen(value) + varintLen(int32(len(headers)))
	for i := range headers {
		body += varintLen(int32(len(headers[i].Key))) + len(headers[i].Key) + bytesLen(headers[i].Value)
	}
	return body
}

// recordLen returns how many bytes appendRecord writes for a body of body
// bytes.
func recordLen(body int) int { return varintLen(int32(body)) + body }

// appendRecord appends a record whose body is body bytes long (see
// recordBodyLen). It grows dst once and writes in place: the same bytes as
// record.AppendVarint and append would, without checking the capacity at
// every field.
func appendRecord(dst []byte, body int, tsDelta int64, offsetDelta int32, key, value []byte, headers []record.Header) []byte {
	n := len(dst)
	total := recordLen(body)
	if cap(dst)-n < total {
		dst = slices.Grow(dst, total)
	}
	dst = dst[:n+total]
	b := dst[n:]
	i := putVarint(b, int32(body))
	b[i] = 0 // attributes
	i++
	i += putVarlong(b[i:], tsDelta)
	i += putVarint(b[i:], offsetDelta)
	i += putNullable(b[i:], key)
	i += putNullable(b[i:], value)
	i += putVarint(b[i:], int32(len(headers)))
	for j := range headers {
		h := &headers[j]
		i += putVarint(b[i:], int32(len(h.Key)))
		i += copy(b[i:], h.Key)
		i += putNullable(b[i:], h.Value)
	}
	return dst
}

// varintLen and varlongLen are record.VarintLen and record.VarlongLen, here
// so that they inline into the encoder.
func varintLen(v int32) int {
	u := uint32(v<<1) ^ uint32(v>>31)
	return (bits.Len32(u|1) + 6) / 7
}

func varlongLen(v int64) int {
	u := uint64(v<<1) ^ uint64(v>>63)
	return (bits.Len64(u|1) + 6) / 7
}

func bytesLen(b []byte) int {
	if b == nil {
		return 1 // varint -1
	}
	return varintLen(int32(len(b))) + len(b)
}

// putVarint writes v as a zigzag varint at the front of b, as
// record.AppendVarint encodes it, and returns the bytes written.
func putVarint(b []byte, v int32) int {
	u := uint32(v<<1) ^ uint32(v>>31)
	if u < 0x80 {
		b[0] = byte(u)
		return 1
	}
	i := 0
	for u >= 0x80 {
		b[i] = byte(u) | 0x80
		u >>= 7
		i++
	}
	b[i] = byte(u)
	return i + 1
}

// putVarlong writes v as a zigzag varlong, as record.AppendVarlong does.
func putVarlong(b []byte, v int64) int {
	u := uint64(v<<1) ^ uint64(v>>63)
	if u < 0x80 {
		b[0] = byte(u)
		return 1
	}
	i := 0
	for u >= 0x80 {
		b[i] = byte(u) | 0x80
		u >>= 7
		i++
	}
	b[i] = byte(u)
	return i + 1
}

// putNullable writes b's length as a varint (-1 for nil) and b.
func putNullable(dst, b []byte) int {
	if b == nil {
		dst[0] = 1 // varint -1
		return 1
	}
	i := putVarint(dst, int32(len(b)))
	return i + copy(dst[i:], b)
}

// finishBatch fills in the header of buf, which holds a header's room and
// then count encoded records: base offset 0, no producer id (the producer is
// not idempotent), no compression, CreateTime.
func finishBatch(buf []byte, count int, baseTs, maxTs int64) {
	be := binary.BigEndian
	be.PutUint64(buf[0:], 0)
	be.PutUint32(buf[offLength:], uint32(len(buf)-record.LogOverhead))
	be.PutUint32(buf[offLeaderEpoch:], 0xffffffff) // -1: the leader sets it
	buf[offMagic] = record.Magic
	be.PutUint16(buf[offAttributes:], 0)
	be.PutUint32(buf[offLastOffsetDelta:], uint32(int32(count-1)))
	be.PutUint64(buf[offBaseTimestamp:], uint64(baseTs))
	be.PutUint64(buf[offMaxTimestamp:], uint64(maxTs))
	be.PutUint64(buf[offProducerID:], 0xffffffffffffffff)
	be.PutUint16(buf[offProducerEpoch:], 0xffff)
	be.PutUint32(buf[offBaseSequence:], 0xffffffff)
	be.PutUint32(buf[offRecordCount:], uint32(count))
	be.PutUint32(buf[offCRC:], crc32.Checksum(buf[offAttributes:], castagnoli))
}
