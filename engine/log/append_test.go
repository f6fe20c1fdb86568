package log

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/stretchr/testify/require"
)

func TestAppendAssignsOffsetsAndEpochs(t *testing.T) {
	l, st := openMem(t, DefaultConfig())
	b := batch(3, 1000, "a")
	sent := bytes.Clone(b)
	info := mustAppend(t, l, b, 7, 1)
	require.Equal(t, sent, b, "Append must not modify the caller's bytes")
	require.Equal(t, AppendInfo{FirstOffset: 0, LastOffset: 2, Batches: 1, Records: 3, Bytes: len(b), MaxTimestamp: 1000,
		LogAppendTime: NoTimestamp, Segment: 0, Position: 0}, info)
	info = mustAppend(t, l, batch(2, 1001, "b"), 7, 1)
	require.Equal(t, int64(3), info.FirstOffset)
	require.Equal(t, int64(len(b)), info.Position)
	require.Equal(t, int64(5), l.EndOffset())

	raw, _ := st.Bytes(FileName(0, LogSuffix))
	got, n, err := record.Decode(raw)
	require.NoError(t, err)
	require.Equal(t, int64(0), got.BaseOffset)
	require.Equal(t, int32(7), got.PartitionLeaderEpoch)
	second, _, err := record.Decode(raw[n:])
	require.NoError(t, err)
	require.Equal(t, int64(3), second.BaseOffset)
	require.Equal(t, []EpochEntry{{7, 0}}, l.Epochs().Entries())

	mustAppend(t, l, batch(1, 1002, "c"), 9, 1)
	require.Equal(t, []EpochEntry{{7, 0}, {9, 5}}, l.Epochs().Entries())
	cp, _ := st.Bytes(EpochCheckpointFile)
	require.Equal(t, "0\n2\n7 0\n9 5\n", string(cp))
	require.Zero(t, st.Unsynced(EpochCheckpointFile), "the checkpoint is synced on every new epoch")
}

func TestAppendSeveralBatchesAtOnce(t *testing.T) {
	l, _ := openMem(t, DefaultConfig())
	recs := append(batch(2, 10, "a"), batch(3, 30, "b")...)
	info := mustAppend(t, l, recs, 0, 1)
	require.Equal(t, int64(0), info.FirstOffset)
	require.Equal(t, int64(4), info.LastOffset)
	require.Equal(t, 2, info.Batches)
	require.Equal(t, int64(30), info.MaxTimestamp)
	r, err := l.Read(2, 1<<20, l.EndOffset())
	require.NoError(t, err)
	require.Equal(t, int64(2), r.FirstOffset)
	require.Equal(t, 1, r.Batches)
}

func TestAppendLogAppendTime(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MessageTimestampType = TimestampLogAppendTime
	l, st := openMem(t, cfg)
	b := batch(2, 10, "a") // a producer's CreateTime batch
	info := mustAppend(t, l, b, 0, 777)
	require.Equal(t, int64(777), info.LogAppendTime)
	require.Equal(t, int64(777), info.MaxTimestamp)
	require.Equal(t, TimestampOffset{Timestamp: 777, Offset: 1}, l.active().MaxTimestamp(), "(now, last offset of the batch)")

	raw, _ := st.Bytes(FileName(0, LogSuffix))
	got, _, err := record.Decode(raw)
	require.NoError(t, err, "the CRC was recomputed")
	require.True(t, got.Attributes.LogAppendTime(), "the leader set the bit")
	require.Equal(t, int64(777), got.MaxTimestamp)
	require.Equal(t, int64(777), got.Timestamp(&got.Records[1]))

	// The time index gets (777, 1) when the segment closes, as Kafka's does.
	require.NoError(t, l.Close())
	ti, _ := st.Bytes(FileName(0, TimeIndexSuffix))
	require.Equal(t, []byte{0, 0, 0, 0, 0, 0, 3, 9, 0, 0, 0, 1}, ti)
}

func TestAppendProducerMayNotSetLogAppendTime(t *testing.T) {
	lat := batch(2, 10, "a")
	record.SetLogAppendTime(lat, 10)

	cfg := DefaultConfig()
	cfg.MessageTimestampType = TimestampLogAppendTime
	l, _ := openMem(t, cfg)
	_, err := l.Append(append([]byte(nil), lat...), 0, 777)
	require.ErrorIs(t, err, kerr.InvalidTimestamp)
	require.Contains(t, err.Error(), "Producer should not set timestamp type to LogAppendTime")

	// On a CreateTime topic the batch's MaxTimestamp stands for every record's
	// timestamp, and the leader turns the batch back into CreateTime.
	l, st := openMem(t, DefaultConfig())
	info := mustAppend(t, l, append([]byte(nil), lat...), 0, 777)
	require.Equal(t, int64(NoTimestamp), info.LogAppendTime)
	require.Equal(t, int64(10), info.MaxTimestamp)
	raw, _ := st.Bytes(FileName(0, LogSuffix))
	got, _, err := record.Decode(raw)
	require.NoError(t, err)
	require.False(t, got.Attributes.LogAppendTime())
	require.Equal(t, int64(10), got.MaxTimestamp)

	// Unless it has no MaxTimestamp.
	noTs := batch(1, -1, "x")
	record.SetLogAppendTime(noTs, -1)
	_, err = l.Append(noTs, 0, 777)
	require.ErrorIs(t, err, kerr.InvalidTimestamp)
}

func TestAppendCreateTimeComputesMaxTimestamp(t *testing.T) {
	// The producer lied: MaxTimestamp 5, but the records say 1050, first at
	// offset delta 1.
	b := record.Batch{BaseTimestamp: 1000, MaxTimestamp: 5, LastOffsetDelta: 2, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1,
		Records: []record.Record{{OffsetDelta: 0}, {OffsetDelta: 1, TimestampDelta: 50}, {OffsetDelta: 2, TimestampDelta: 50}}}
	cfg := DefaultConfig()
	cfg.IndexIntervalBytes = 0 // an index entry with every append after the first
	l, st := openMem(t, cfg)
	mustAppend(t, l, batch(1, 900, "first"), 0, 2000)
	info := mustAppend(t, l, record.AppendBatch(nil, &b), 0, 2000)
	require.Equal(t, int64(1050), info.MaxTimestamp)
	require.True(t, info.TimeIndexed)
	require.Equal(t, TimestampOffset{Timestamp: 1050, Offset: 3}, l.active().MaxTimestamp(),
		"the max pairs with its batch's last offset (LogSegment.append since KAFKA-16310)")
	require.Equal(t, TimestampOffset{Timestamp: 1050, Offset: 3}, l.active().TimeIndex().Entry(0))

	raw, _ := st.Bytes(FileName(0, LogSuffix))
	h, err := record.ParseHeader(raw[len(raw)-info.Bytes:])
	require.NoError(t, err)
	require.Equal(t, int64(1050), h.MaxTimestamp)
	require.NoError(t, record.VerifyCRC(raw[len(raw)-info.Bytes:]), "CRC recomputed")

	// ListOffsets for the max timestamp finds the first record carrying it.
	res, ok, err := l.OffsetForTimestamp(MaxTimestamp)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, TimestampOffset{Timestamp: 1050, Offset: 2}, res)

	// An honest batch is written as it came, CRC and all.
	honest := batch(2, 1100, "h")
	want := append([]byte(nil), honest...)
	record.SetBaseOffset(want, 4)
	mustAppend(t, l, honest, 0, 2000)
	raw, _ = st.Bytes(FileName(0, LogSuffix))
	require.Equal(t, want, raw[len(raw)-len(want):])
}

func TestAppendTimestampRange(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MessageTimestampBeforeMaxMs = 100
	cfg.MessageTimestampAfterMaxMs = 10
	l, _ := openMem(t, cfg)
	now := int64(1000)
	mustAppend(t, l, batch(1, 900, "oldest allowed"), 0, now)
	mustAppend(t, l, batch(1, 1010, "newest allowed"), 0, now)
	mustAppend(t, l, batch(1, -1, "no timestamp is not checked"), 0, now)

	_, err := l.Append(batch(1, 899, "too old"), 0, now)
	require.ErrorIs(t, err, kerr.InvalidTimestamp)
	require.Contains(t, err.Error(), "Timestamp 899 of message with offset 0 is out of range. The timestamp should be within [900, 1010]")
	_, err = l.Append(batch(1, 1011, "too new"), 0, now)
	require.ErrorIs(t, err, kerr.InvalidTimestamp)
	_, err = l.Append(batch(1, -2, "negative"), 0, now)
	require.ErrorIs(t, err, kerr.InvalidTimestamp)

	// The second record is the bad one.
	b := record.Batch{BaseTimestamp: 950, MaxTimestamp: 950, LastOffsetDelta: 1, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1,
		Records: []record.Record{{OffsetDelta: 0}, {OffsetDelta: 1, TimestampDelta: 100}}}
	_, err = l.Append(record.AppendBatch(nil, &b), 0, now)
	require.ErrorIs(t, err, kerr.InvalidTimestamp)
	require.Contains(t, err.Error(), "record 1: Timestamp 1050")

	// LogAppendTime ignores both limits.
	cfg.MessageTimestampType = TimestampLogAppendTime
	require.NoError(t, l.SetConfig(cfg))
	mustAppend(t, l, batch(1, 1, "ancient"), 0, now)
	require.Equal(t, int64(4), l.EndOffset())
}

func TestLeaderAndFollowerChecksDoNotAllocate(t *testing.T) {
	l, _ := openMem(t, DefaultConfig())
	raw := append(batch(10, 1000, "a"), batch(5, 1000, "b")...)
	if _, err := l.validateLeader(raw, 1000); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(20, func() { _, _ = l.validateLeader(raw, 1000) }); n != 0 {
		t.Errorf("validateLeader: %v allocations", n)
	}
	compacted := compactedBatch(0)
	if err := l.validateFollower(compacted); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(20, func() { _ = l.validateFollower(compacted) }); n != 0 {
		t.Errorf("validateFollower of a compacted batch: %v allocations", n)
	}
}

// compactedBatch encodes what the log cleaner leaves of a five-record batch
// at base: the records at offset deltas 1 and 3.
func compactedBatch(base int64) []byte {
	b := record.Batch{BaseOffset: base, BaseTimestamp: 1000, MaxTimestamp: 1004, LastOffsetDelta: 4, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1,
		Records: []record.Record{{OffsetDelta: 1, Key: []byte("a")}, {OffsetDelta: 3, Key: []byte("b")}}}
	return record.AppendBatch(nil, &b)
}

func TestFollowerAndRecoveryAcceptCompactedBatches(t *testing.T) {
	l, st := openMem(t, DefaultConfig())
	empty := record.AppendBatch(nil, &record.Batch{BaseOffset: 5, LastOffsetDelta: 2, BaseTimestamp: -1, MaxTimestamp: -1, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1})
	info, err := l.AppendAsFollower(append(compactedBatch(0), empty...), 1)
	require.NoError(t, err)
	require.Equal(t, 2, info.Batches)
	require.Equal(t, int64(8), l.EndOffset())
	require.NoError(t, l.Close())

	l, rep, err := Open(st, DefaultConfig(), Options{})
	require.NoError(t, err)
	require.Zero(t, rep.Segments[0].BytesTruncated, "recovery keeps them: %s", rep.Segments[0].TruncateReason)
	require.Equal(t, int64(8), l.EndOffset())
}

func TestAppendRejects(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SegmentBytes = 500
	cfg.MaxMessageBytes = 300
	l, st := openMem(t, cfg)

	_, err := l.Append(sizedBatch(301, 1), 0, 1)
	require.ErrorIs(t, err, kerr.MessageTooLarge)
	_, err = l.Append(append(sizedBatch(300, 1), sizedBatch(300, 1)...), 0, 1)
	require.ErrorIs(t, err, kerr.RecordListTooLarge)

	b := batch(2, 1, "x")
	b[len(b)-1] ^= 1
	_, err = l.Append(b, 0, 1)
	require.ErrorIs(t, err, kerr.CorruptMessage)
	_, err = l.Append(batch(2, 1, "x")[:70], 0, 1)
	require.ErrorIs(t, err, kerr.CorruptMessage)
	_, err = l.Append(nil, 0, 1)
	require.ErrorIs(t, err, kerr.CorruptMessage)
	// A bad second batch rejects the whole append.
	good := batch(1, 1, "ok")
	_, err = l.Append(append(good, b...), 0, 1)
	require.Error(t, err)
	neg := batch(1, 1, "x")
	binary.BigEndian.PutUint32(neg[8:], 0xfffffff0)
	_, err = l.Append(neg, 0, 1)
	require.ErrorIs(t, err, kerr.CorruptMessage)

	require.Equal(t, int64(0), l.EndOffset(), "nothing was appended")
	n, _ := st.Size(FileName(0, LogSuffix))
	require.Zero(t, n)
}

func TestAppendAsFollower(t *testing.T) {
	leader, _ := openMem(t, smallConfig())
	for i := range 20 {
		mustAppend(t, leader, batch(1+i%3, int64(100+i), "v"), int32(1+i/10), 1)
	}
	follower, _ := openMem(t, smallConfig())
	for follower.EndOffset() < leader.EndOffset() {
		r, err := leader.Read(follower.EndOffset(), 300, leader.EndOffset())
		require.NoError(t, err)
		_, err = follower.AppendAsFollower(r.Records, 1)
		require.NoError(t, err)
	}
	require.Equal(t, leader.Epochs().Entries(), follower.Epochs().Entries())
	checkInvariants(t, follower)
	// Same batches, byte for byte.
	for off := int64(0); off < leader.EndOffset(); {
		a, err := leader.Read(off, 1, leader.EndOffset())
		require.NoError(t, err)
		b, err := follower.Read(off, 1, follower.EndOffset())
		require.NoError(t, err)
		require.Equal(t, a.Records, b.Records)
		h, _ := peekHeader(a.Records)
		off = h.LastOffset() + 1
	}

	// Batches below the log end offset are Kafka's
	// UnexpectedAppendOffsetException, which has no wire code.
	r, _ := leader.Read(0, 1, leader.EndOffset())
	leo := follower.EndOffset()
	_, err := follower.AppendAsFollower(r.Records, 1)
	var unexpected *UnexpectedAppendOffsetError
	require.ErrorAs(t, err, &unexpected)
	h, _ := peekHeader(r.Records)
	require.Equal(t, UnexpectedAppendOffsetError{FirstOffset: 0, LastOffset: h.LastOffset(), LogEndOffset: leo}, *unexpected)
	require.Equal(t, kerr.UnknownServerError.Code, kerr.Code(err))
	require.Equal(t, leo, follower.EndOffset())

	// Out-of-order batches after the first are rejected too, and nothing is
	// appended.
	first, second := batch(1, 1, "a"), batch(1, 1, "b")
	record.SetBaseOffset(first, leo)
	record.SetBaseOffset(second, leo)
	_, err = follower.AppendAsFollower(append(first, second...), 1)
	require.ErrorIs(t, err, kerr.UnknownServerError)
	require.Equal(t, leo, follower.EndOffset())

	// A batch above the log end offset is appended, as Kafka's follower
	// appends what a compacted leader sends: the log skips the gap.
	gap := batch(1, 1, "g")
	record.SetBaseOffset(gap, leo+5)
	info, err := follower.AppendAsFollower(gap, 1)
	require.NoError(t, err)
	require.Equal(t, leo+5, info.FirstOffset)
	require.Equal(t, leo+6, follower.EndOffset())
}

// A producer's batch must have BaseOffset 0, as Kafka's leader requires
// (UnifiedLog.analyzeAndValidateRecords for AppendOrigin.CLIENT); the log
// does not rewrite the caller's bytes, so a retried batch is sent unchanged.
func TestAppendRequiresBaseOffsetZero(t *testing.T) {
	l, _ := openMem(t, DefaultConfig())
	l.name = "orders-0"
	b := batch(3, 1000, "a")
	mustAppend(t, l, b, 7, 1)
	mustAppend(t, l, b, 7, 1) // a retry: the same bytes, still base offset 0
	require.Equal(t, int64(6), l.EndOffset())
	binary.BigEndian.PutUint64(b, 999)
	_, err := l.Append(b, 7, 1)
	require.ErrorIs(t, err, kerr.InvalidRecord)
	require.Equal(t, "INVALID_RECORD: log: The baseOffset of the record batch in the append to orders-0 should be 0, but it is 999", err.Error())
	require.Equal(t, int64(6), l.EndOffset())
}

// Append patches its own copy of each header: the caller's bytes are never
// written, also when the timestamp type or MaxTimestamp changes and the CRC
// is recomputed.
func TestAppendLeavesInputUntouched(t *testing.T) {
	for _, tt := range []string{TimestampCreateTime, TimestampLogAppendTime} {
		cfg := DefaultConfig()
		cfg.MessageTimestampType = tt
		l, st := openMem(t, cfg)
		recs := append(batch(2, 10, "a"), batch(3, 30, "b")...)
		record.SetMaxTimestamp(recs, 5) // a wrong MaxTimestamp: the leader fixes it
		sent := bytes.Clone(recs)
		mustAppend(t, l, recs, 4, 500)
		require.Equal(t, sent, recs)
		raw, _ := st.Bytes(FileName(0, LogSuffix))
		for pos := 0; pos < len(raw); {
			h, err := record.Check(raw[pos:])
			require.NoError(t, err)
			require.Equal(t, int32(4), h.PartitionLeaderEpoch)
			pos += h.Size()
		}
		checkInvariants(t, l)
	}
}

// A follower checks a fetched batch as Kafka's does (batch.isValid): header,
// size and CRC, not each record. A batch whose records are bad under a
// valid CRC (only a broken leader could send one) goes in; a bad CRC does
// not. Recovery checks batches the same way (LogSegment.recover).
func TestFollowerAndRecoveryCheckCRCNotRecords(t *testing.T) {
	b := batch(2, 1000, "a")
	binary.BigEndian.PutUint32(b[57:], 3) // RecordCount 3 over two records
	record.SetMaxTimestamp(b, 1000)       // and a CRC that covers it
	_, err := record.Check(b)
	require.Error(t, err, "the records are bad")

	st := NewMemStorage()
	l, _, err := Open(st, recoverCfg(), Options{})
	require.NoError(t, err)
	_, err = l.Append(b, 0, 1)
	require.ErrorIs(t, err, kerr.InvalidRecord, "a leader walks every record")
	_, err = l.AppendAsFollower(b, 1)
	require.NoError(t, err)
	require.Equal(t, int64(2), l.EndOffset())

	bad := batch(1, 1001, "b")
	binary.BigEndian.PutUint64(bad, 2)
	bad[len(bad)-1] ^= 1
	_, err = l.AppendAsFollower(bad, 1)
	require.ErrorIs(t, err, kerr.CorruptMessage)
	require.Equal(t, int64(2), l.EndOffset())

	l2, rep, err := Open(st, recoverCfg(), Options{})
	require.NoError(t, err)
	require.Equal(t, int64(2), l2.EndOffset(), rep.String())
	require.Zero(t, rep.Segments[0].BytesTruncated)
}
