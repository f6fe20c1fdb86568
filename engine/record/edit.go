package record

import (
	"encoding/binary"
	"hash/crc32"
)

// The leader rewrites a few header fields of a validated batch in place as it
// appends it (LogValidator.assignOffsetsNonCompressed). Each function below
// expects b to start with a batch that ParseHeader accepted and panics, like
// an index expression, if b is too short.

// SetBaseOffset sets the batch's BaseOffset. The field is outside the CRC, so
// the CRC stays valid.
func SetBaseOffset(b []byte, off int64) {
	binary.BigEndian.PutUint64(b[baseOffsetOffset:], uint64(off))
}

// SetPartitionLeaderEpoch sets the batch's PartitionLeaderEpoch. The field is
// outside the CRC, so the CRC stays valid.
func SetPartitionLeaderEpoch(b []byte, epoch int32) {
	binary.BigEndian.PutUint32(b[partitionLeaderEpochOffset:], uint32(epoch))
}

// SetMaxTimestamp sets the batch's MaxTimestamp and recomputes the CRC, which
// covers it.
func SetMaxTimestamp(b []byte, ts int64) {
	binary.BigEndian.PutUint64(b[maxTimestampOffset:], uint64(ts))
	putCRC(batchBytes(b))
}

// SetLogAppendTime marks the batch's timestamps as LogAppendTime with the
// broker's time now, as a leader does for a topic with
// message.timestamp.type=LogAppendTime (DefaultRecordBatch.setMaxTimestamp,
// called by LogValidator.assignOffsetsNonCompressed). Like Kafka it rebuilds
// the attributes from their known bits, clearing the unused bits 7–15, and
// leaves the batch untouched if nothing would change.
func SetLogAppendTime(b []byte, now int64) {
	setMaxTimestamp(b, true, now)
}

// SetCreateTime marks the batch's timestamps as CreateTime with maxTimestamp
// as its MaxTimestamp, as a leader does for a topic with
// message.timestamp.type=CreateTime, passing the largest record timestamp
// it computed (RecordStats.MaxTimestamp). It is SetLogAppendTime's twin:
// the same DefaultRecordBatch.setMaxTimestamp, which clears a LogAppendTime
// bit the producer set, rebuilds the attributes from their known bits and
// recomputes the CRC only if the type or the timestamp changes.
func SetCreateTime(b []byte, maxTimestamp int64) {
	setMaxTimestamp(b, false, maxTimestamp)
}

func setMaxTimestamp(b []byte, logAppendTime bool, ts int64) {
	batch := batchBytes(b)
	SetTimestampTypeSplit(batch[:HeaderSize], batch[HeaderSize:], logAppendTime, ts)
}

// SetTimestampTypeSplit is SetLogAppendTime (logAppendTime true) or
// SetCreateTime (false) for a batch whose header and records lie apart: hdr
// holds the batch's first HeaderSize bytes, typically a copy, and rest the
// bytes after them. Only hdr is written; the CRC it stores covers hdr's part
// followed by rest, as if the two were one batch. It lets a log patch its
// own copy of a header without modifying, or copying, the caller's records.
func SetTimestampTypeSplit(hdr, rest []byte, logAppendTime bool, ts int64) {
	old := Attributes(binary.BigEndian.Uint16(hdr[attributesOffset:]))
	if old.LogAppendTime() == logAppendTime && int64(binary.BigEndian.Uint64(hdr[maxTimestampOffset:])) == ts {
		return
	}
	attrs := old & (CodecMask | TransactionalBit | ControlBit | DeleteHorizonBit)
	if logAppendTime {
		attrs |= LogAppendTimeBit
	}
	binary.BigEndian.PutUint16(hdr[attributesOffset:], uint16(attrs))
	binary.BigEndian.PutUint64(hdr[maxTimestampOffset:HeaderSize], uint64(ts))
	crc := crc32.Update(crc32.Checksum(hdr[attributesOffset:HeaderSize], castagnoli), castagnoli, rest)
	binary.BigEndian.PutUint32(hdr[crcOffset:], crc)
}

// batchBytes returns the batch at the front of b, sized by its Length field.
func batchBytes(b []byte) []byte {
	return b[:int(int32(binary.BigEndian.Uint32(b[lengthOffset:])))+LogOverhead]
}
