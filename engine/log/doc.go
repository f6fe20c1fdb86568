// Package log models a Kafka partition's log as one broker stores it: an
// ordered list of segments, each a .log file of record batches with a sparse
// .index (offset → position) and .timeindex (timestamp → offset), named by
// the segment's base offset zero-padded to 20 digits. The files use Kafka's
// formats and are written by Kafka's rules (when to roll, when to add an
// index entry, what each entry holds), so a learner can download them and
// open them with kafka-dump-log.sh.
//
// It mirrors these Kafka sources (apache/kafka, storage/ and core/):
//
//   - LogSegment.java: append and its index-entry rule, shouldRoll, recover,
//     truncateTo, findOffsetByTimestamp (segment.go, recover.go,
//     truncate.go, lookup.go), and FileRecords' walk over batch headers
//     (batch.go);
//   - OffsetIndex.java, TimeIndex.java, AbstractIndex.java: entry layout, the
//     floor lookup with its warm-section binary search, maybeAppend,
//     truncation and sanity checks (offset_index.go, time_index.go);
//   - UnifiedLog.scala and LocalLog.scala: append with offset assignment,
//     follower append, read with KIP-74's "at least one batch", ListOffsets by
//     timestamp, retention by time and size, truncateTo and
//     truncateFullyAndStartAt (append.go, read.go, lookup.go, retention.go,
//     truncate.go);
//   - LeaderEpochFileCache.java and the leader-epoch-checkpoint file
//     (epoch_cache.go);
//   - LogLoader.scala: loading a log and recovering it after an unclean
//     shutdown (open.go, recover.go);
//   - DumpLogSegments.java: the kafka-dump-log.sh output format (dump.go).
//
// The package follows the engine's one rule: it is a deterministic state
// machine. It starts no goroutines, reads no clock (callers pass the time in
// milliseconds), draws segment.jitter.ms from a seed, and touches files only
// through the Storage interface. MemStorage keeps everything in memory with
// an explicit synced size per file, so a simulation can tell a process crash
// (nothing lost) from a power loss (unsynced bytes lost); DirStorage is a
// real directory. InspectLog, InspectIndex and InspectTimeIndex decode files
// field by field with byte ranges for a hex view; LookupTrace exposes each
// step of a lookup so the UI can animate it.
//
// Deliberate differences from Kafka:
//
//   - Index files hold exactly their entries at all times, as Kafka's do once
//     a segment is rolled or closed; Kafka preallocates the active segment's
//     index files to segment.index.bytes.
//   - Read returns whole batches; Kafka returns a byte range that may end in a
//     partial batch, which clients drop.
//   - A follower append is written batch by batch, each with its own roll
//     check, so the lab's tiny segments work with ordinary fetch sizes; Kafka
//     appends a fetch response at once and rejects one larger than
//     segment.bytes.
//   - A rolled segment is flushed at once, not by a background task.
//   - The file modification time (used by retention.ms for batches without
//     timestamps) is the time of the last append, reset when the log is
//     reopened.
//   - The recovery point and the log start offset are passed to Open by the
//     caller, which keeps them as Kafka's broker keeps its per-directory
//     recovery-point-offset-checkpoint and log-start-offset-checkpoint
//     files; there is no clean-shutdown marker, so the last segment is
//     always checked.
//   - A timestamp lookup skips segments wholly below the log start offset;
//     Kafka searches them too and then finds nothing.
//   - Append takes several batches at once; Kafka's leader takes one v2 batch
//     per partition and request. Like Kafka it requires each batch's
//     BaseOffset to be 0.
//   - A follower append rejects a batch that starts inside the previous one;
//     Kafka only requires last offsets to increase.
//
// How strictly batches are checked depends on where they come from, as in
// Kafka:
//
//   - A producer's batch (Append, the leader) is validated in full, as
//     UnifiedLog.analyzeAndValidateRecords and LogValidator do: BaseOffset 0
//     (INVALID_RECORD, "The baseOffset of the record batch in the append to
//     <topic-partition> should be 0, but it is <n>"), header, size, CRC, and
//     every record (record.ValidateProducerBatch), and its timestamps.
//   - A batch a follower fetched (AppendAsFollower) is checked as Kafka's
//     follower checks it (appendAsFollower, validateAndAssignOffsets=false:
//     batch.isValid): header, size and CRC-32C (record.CheckFrame), plus the
//     offset order; its records are not walked, since the leader validated
//     them and the CRC shows they arrived as the leader stored them.
//   - Recovery (LogSegment.recover, batch.ensureValid) checks each batch of
//     a segment it reads back the same way, header, size and CRC, and cuts
//     the log at the first batch that fails.
//
// record.CheckFrame also rejects compressed batches and a negative record
// count, which Kafka's CRC check would let through: the lab reads no
// compressed batches, and its leaders never write either.
//
// Ownership of bytes: Append and AppendAsFollower only read their input and
// keep no reference to it once they return. AppendSharedAsFollower is the
// exception, for input that never changes (Read's results, carried by a
// fetch response): with MemStorage the follower keeps those batches by
// reference, so the replicas of a partition in one simulation share their
// bytes instead of each writing a copy; its files read exactly as a copying
// follower's, and the shared pieces are pinned like viewed chunks (never
// written into, never reused; truncation only drops or shortens references). Append writes each batch's
// header from its own patched copy (offsets, leader epoch, timestamp type,
// and the CRC when the timestamps change) followed by the caller's record
// bytes, so a batch is copied once, into the segment, and a producer that
// sends the same bytes again on a retry sends what it built. Read returns
// whole batches that, with MemStorage, are a read-only view of the
// segment's bytes rather than a copy; MemStorage never rewrites or reuses
// memory a view may hold (see Read), so a view stays valid and unchanged
// however long a fetch response carrying it is in flight.
//
// Timestamps follow Kafka 3.8 and later: Append sets each batch's timestamps
// by message.timestamp.type (LogValidator) and checks them against
// message.timestamp.before.max.ms and after.max.ms (KIP-937, with 4.0's one
// hour default for after, KIP-1030). A segment pairs its largest timestamp
// with the last offset of the batch holding it, and so does the time index
// (LogSegment.append after KAFKA-16310); ListOffsets for the max timestamp
// then looks inside that batch for the record.
//
// Not implemented:
//
//   - compaction (cleanup.policy=compact) and the log cleaner: retention.ms
//     and retention.bytes apply only when cleanup.policy includes delete, so
//     a compact-only log (__consumer_offsets) keeps every segment forever;
//   - the transaction index (.txnindex), aborted transactions and the last
//     stable offset;
//   - producer state and its .snapshot files (idempotence, sequence checks);
//   - compressed batches (engine/record rejects them);
//   - splitting a segment whose offsets overflow during recovery (such a
//     batch is treated as corruption);
//   - asynchronous segment deletion (.deleted files), renames, and tiered
//     storage.
package log
