// Package record encodes and decodes Kafka record batches in the v2 format
// (magic 2), the unit Kafka producers send, leaders validate and append,
// followers fetch and segment files store.
//
// A batch is a fixed 61-byte header (BatchHeader) followed by its records.
// The header's CRC-32C covers everything from the attributes on, so the
// fields a leader rewrites on append (BaseOffset, PartitionLeaderEpoch) sit
// outside it. Each record stores its offset and timestamp as deltas from the
// batch's base values, in zigzag varints.
//
// The package mirrors these Kafka sources (apache/kafka, clients module,
// org.apache.kafka.common.record and .utils):
//
//   - DefaultRecordBatch.java: the header layout, attributes, CRC, and the
//     in-place setters (SetBaseOffset, SetPartitionLeaderEpoch,
//     SetMaxTimestamp, and SetLogAppendTime and SetCreateTime, the two
//     faces of setMaxTimestamp).
//   - DefaultRecord.java: the record layout and what its reader rejects.
//   - ByteUtils.java: varints and varlongs.
//   - ControlRecordType.java and EndTransactionMarker.java: control records.
//   - LogValidator.java (storage module): the checks Validate makes, and the
//     record timestamps ValidateProducerBatch gathers for the leader.
//
// Four checks share one record walker, so they can never disagree about a
// record: Decode builds the batch; Check accepts exactly what Decode accepts
// without allocating (it accepts the offset gaps and empty batches
// compaction leaves); Validate and ValidateProducerBatch add a producer's
// rules. CheckFrame checks only the frame (header, size, CRC, codec, record
// count), as Kafka checks the batches a follower fetches and recovery reads
// back (batch.isValid, ensureValid); SetTimestampTypeSplit sets the
// timestamp type in a copy of a header, for a log that must not modify the
// producer's bytes. PeekHeader parses a header
// from its first 61 bytes, for walking a file without reading whole batches;
// ParseHeader also requires the whole batch.
//
// Bytes are checked in two layers, with Kafka's two error codes: a bad frame
// (length, magic, CRC) is kerr.CorruptMessage, as Kafka's
// CorruptRecordException; a bad record inside a sound frame is
// kerr.InvalidRecord, as its InvalidRecordException. A compressed batch is
// kerr.UnsupportedCompressionType. Nothing panics on bad input, and no
// allocation is sized by a count read from the input.
//
// Not implemented, deliberately:
//
//   - Compression. Batches whose codec is gzip, snappy, lz4 or zstd are
//     rejected with kerr.UnsupportedCompressionType; AppendBatch always
//     writes records uncompressed. The lab's producers do not compress.
//   - Message formats v0 and v1 (magic 0 and 1), which Kafka 4 no longer
//     accepts from producers; they are kerr.CorruptMessage here.
//
// Deliberately stricter than Kafka, so that every batch this package
// accepts re-encodes to the same bytes: varints must be in their shortest
// form; key, value and header value lengths below -1 are rejected (Kafka
// reads any negative length as null); a batch's records must fill it
// exactly (Kafka ignores bytes after the declared count of records); and
// offset deltas must rise within [0, LastOffsetDelta]. Kafka itself never
// writes batches that break these rules.
package record
