package producer

import (
	"encoding/binary"
	"hash/crc32"

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
	body := 1 + record.VarlongLen(tsDelta) + record.VarintLen(offsetDelta) +
		bytesLen(key) + bytesLen(value) + record.VarintLen(int32(len(headers)))
	for i := range headers {
		body += record.VarintLen(int32(len(headers[i].Key))) + len(headers[i].Key) + bytesLen(headers[i].Value)
	}
	dst = record.AppendVarint(dst, int32(body))
	dst = append(dst, 0)
	dst = record.AppendVarlong(dst, tsDelta)
	dst = record.AppendVarint(dst, offsetDelta)
	dst = appendNullable(dst, key)
	dst = appendNullable(dst, value)
	dst = record.AppendVarint(dst, int32(len(headers)))
	for i := range headers {
		h := &headers[i]
		dst = record.AppendVarint(dst, int32(len(h.Key)))
		dst = append(dst, h.Key...)
		dst = appendNullable(dst, h.Value)
	}
	return dst
}

func appendNullable(dst, b []byte) []byte {
	if b == nil {
		return record.AppendVarint(dst, -1)
	}
	return append(record.AppendVarint(dst, int32(len(b))), b...)
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
