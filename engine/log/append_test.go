package log

import (
	"encoding/binary"
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/stretchr/testify/require"
)

func TestAppendAssignsOffsetsAndEpochs(t *testing.T) {
	l, st := openMem(t, DefaultConfig())
	b := batch(3, 1000, "a")
	binary.BigEndian.PutUint64(b, 999) // whatever the producer put there is replaced
	info := mustAppend(t, l, b, 7, 1)
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
	l, st := openMem(t, DefaultConfig())
	b := batch(2, 10, "a")
	record.SetLogAppendTime(b, 10)
	info := mustAppend(t, l, b, 0, 777)
	require.Equal(t, int64(777), info.LogAppendTime)
	require.Equal(t, int64(777), info.MaxTimestamp)
	raw, _ := st.Bytes(FileName(0, LogSuffix))
	got, _, err := record.Decode(raw)
	require.NoError(t, err, "the CRC was recomputed")
	require.Equal(t, int64(777), got.Timestamp(&got.Records[1]))
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
		off = h.lastOffset() + 1
	}

	// Offsets must continue the log.
	r, _ := leader.Read(0, 1, leader.EndOffset())
	_, err := follower.AppendAsFollower(r.Records, 1)
	require.ErrorIs(t, err, kerr.OffsetOutOfRange)
	gap := batch(1, 1, "g")
	record.SetBaseOffset(gap, follower.EndOffset()+5)
	_, err = follower.AppendAsFollower(gap, 1)
	require.ErrorIs(t, err, kerr.OffsetOutOfRange)
}
