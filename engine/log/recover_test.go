package log

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/stretchr/testify/require"
)

func recoverCfg() Config {
	cfg := DefaultConfig()
	cfg.SegmentBytes = 1000
	cfg.IndexIntervalBytes = 250
	return cfg
}

// written appends n 100-byte batches (epoch = offset/10 + 1).
func written(t *testing.T, st *MemStorage, n int) *Log {
	l, _, err := Open(st, recoverCfg(), Options{})
	require.NoError(t, err)
	for i := range n {
		mustAppend(t, l, sizedBatch(100, int64(1000+i)), int32(1+i/10), 1)
	}
	return l
}

func TestProcessCrashKeepsEverything(t *testing.T) {
	st := NewMemStorage()
	l := written(t, st, 25)
	st.ProcessCrash()
	l2, rep, err := Open(st, recoverCfg(), Options{RecoveryPoint: l.RecoveryPoint()})
	require.NoError(t, err)
	require.Equal(t, int64(25), l2.EndOffset())
	require.False(t, rep.Recovered(), rep.String())
	require.Equal(t, []SegmentRecovery{{Base: 0}, {Base: 10}, {Base: 20, Checked: true, Reason: "active segment", Batches: 5}}, rep.Segments)
	require.Equal(t, l.Epochs().Entries(), l2.Epochs().Entries())
	checkInvariants(t, l2)
}

func TestPowerLossLosesUnflushedTail(t *testing.T) {
	st := NewMemStorage()
	l := written(t, st, 25)
	require.NoError(t, l.Flush())
	for i := range 3 {
		mustAppend(t, l, sizedBatch(100, int64(2000+i)), 9, 1)
	}
	require.Equal(t, int64(28), l.EndOffset())
	st.PowerLoss()
	l2, rep, err := Open(st, recoverCfg(), Options{RecoveryPoint: 25})
	require.NoError(t, err)
	require.Equal(t, int64(25), l2.EndOffset(), "the three unflushed batches are gone")
	// Epoch 9 was written to the synced checkpoint but its batches were lost:
	// the cache is truncated to the recovered log end.
	require.Equal(t, []EpochEntry{{1, 0}, {2, 10}, {3, 20}}, l2.Epochs().Entries())
	checkInvariants(t, l2)
	mustAppend(t, l2, sizedBatch(100, 3000), 10, 1)
	require.Equal(t, int64(26), l2.EndOffset())
	_ = rep
}

func TestPowerLossBeforeAnyFlush(t *testing.T) {
	st := NewMemStorage()
	l := written(t, st, 15) // segment 0 rolled (and synced), segment 10 never flushed
	_ = l
	st.PowerLoss()
	l2, rep, err := Open(st, recoverCfg(), Options{})
	require.NoError(t, err)
	require.Equal(t, int64(10), l2.EndOffset(), "only the rolled segment survives")
	require.Len(t, l2.Segments(), 2, "the new segment's empty files were synced when it was created")
	checkInvariants(t, l2)
	_ = rep
}

func TestRecoverTornTail(t *testing.T) {
	st := NewMemStorage()
	written(t, st, 25)
	name := FileName(20, LogSuffix)
	b, _ := st.Bytes(name)
	st.Put(name, b[:len(b)-37]) // a torn last write
	l, rep, err := Open(st, recoverCfg(), Options{RecoveryPoint: 20})
	require.NoError(t, err)
	require.Equal(t, int64(24), l.EndOffset())
	sr := rep.Segments[2]
	require.True(t, sr.Checked)
	require.Equal(t, int64(63), sr.BytesTruncated)
	require.Contains(t, sr.TruncateReason, "past the end of the file")
	require.True(t, rep.Recovered())
	checkInvariants(t, l)
}

func TestRecoverCorruptBatch(t *testing.T) {
	st := NewMemStorage()
	written(t, st, 25)
	name := FileName(20, LogSuffix)
	b, _ := st.Bytes(name)
	b[250] ^= 0xff // inside the third batch's records
	st.Put(name, b)
	l, rep, err := Open(st, recoverCfg(), Options{RecoveryPoint: 20})
	require.NoError(t, err)
	require.Equal(t, int64(22), l.EndOffset())
	require.Equal(t, int64(300), rep.Segments[2].BytesTruncated)
	require.Contains(t, rep.Segments[2].TruncateReason, "crc")
	require.True(t, rep.Segments[2].IndexRebuilt, "the entry for offset 23 pointed into the cut bytes")
	checkInvariants(t, l)
}

func TestRecoverRebuildsIndexes(t *testing.T) {
	st := NewMemStorage()
	written(t, st, 25)
	want0, _ := st.Bytes(FileName(0, IndexSuffix))
	wantT0, _ := st.Bytes(FileName(0, TimeIndexSuffix))

	// Segment 0 is below the recovery point; a missing .index and a
	// corrupt .timeindex make Open check it anyway.
	require.NoError(t, st.Remove(FileName(0, IndexSuffix)))
	st.Put(FileName(10, TimeIndexSuffix), []byte{1, 2, 3})
	l, rep, err := Open(st, recoverCfg(), Options{RecoveryPoint: 25})
	require.NoError(t, err)
	require.Equal(t, int64(25), l.EndOffset())
	require.True(t, rep.Segments[0].Checked)
	require.Contains(t, rep.Segments[0].Reason, "missing")
	require.True(t, rep.Segments[0].IndexRebuilt)
	require.False(t, rep.Segments[0].TimeIndexRebuilt)
	require.True(t, rep.Segments[1].Checked)
	require.Contains(t, rep.Segments[1].Reason, "not a multiple")
	require.True(t, rep.Segments[1].TimeIndexRebuilt)
	got0, _ := st.Bytes(FileName(0, IndexSuffix))
	gotT0, _ := st.Bytes(FileName(0, TimeIndexSuffix))
	require.Equal(t, want0, got0)
	require.Equal(t, wantT0, gotT0)
	checkInvariants(t, l)

	// An index pointing past the end of its .log is caught too.
	st.Put(FileName(0, IndexSuffix), []byte{0, 0, 0, 5, 0, 1, 0, 0})
	_, rep, err = Open(st, recoverCfg(), Options{RecoveryPoint: 25})
	require.NoError(t, err)
	require.True(t, rep.Segments[0].IndexRebuilt, rep.String())
}

func TestRecoverCorruptOlderSegmentDropsLaterOnes(t *testing.T) {
	st := NewMemStorage()
	written(t, st, 25)
	name := FileName(10, LogSuffix)
	b, _ := st.Bytes(name)
	b[450] ^= 1
	st.Put(name, b)
	// With recovery point 10, segment 10 is checked; the batch at 400 is bad,
	// so it is cut there and segment 20 is deleted as untrustworthy.
	l, rep, err := Open(st, recoverCfg(), Options{RecoveryPoint: 10})
	require.NoError(t, err)
	require.Equal(t, int64(14), l.EndOffset())
	require.Len(t, l.Segments(), 2)
	require.Contains(t, rep.Removed, FileName(20, LogSuffix))
	require.Equal(t, []EpochEntry{{1, 0}, {2, 10}}, l.Epochs().Entries())
	checkInvariants(t, l)
}

func TestRecoverOrphansAndCheckpoint(t *testing.T) {
	st := NewMemStorage()
	written(t, st, 12)
	st.Put(FileName(99, IndexSuffix), []byte{1})
	st.Put(EpochCheckpointFile, []byte("garbage"))
	st.Put("unrelated.txt", []byte("kept"))
	l, rep, err := Open(st, recoverCfg(), Options{})
	require.NoError(t, err)
	require.Equal(t, []string{FileName(99, IndexSuffix)}, rep.Removed)
	require.True(t, rep.EpochsRebuilt)
	require.Equal(t, []EpochEntry{{1, 0}, {2, 10}}, l.Epochs().Entries())
	cp, _ := st.Bytes(EpochCheckpointFile)
	require.Equal(t, "0\n2\n1 0\n2 10\n", string(cp))
	_, ok := st.Bytes("unrelated.txt")
	require.True(t, ok)
}

func TestStorageFailureTakesLogOffline(t *testing.T) {
	st := NewMemStorage()
	l := written(t, st, 3)
	st.SetFault(errDisk)
	_, err := l.Append(sizedBatch(100, 1), 1, 1)
	require.ErrorIs(t, err, kerr.KafkaStorageError)
	st.SetFault(nil)
	_, err = l.Append(sizedBatch(100, 1), 1, 1)
	require.ErrorIs(t, err, kerr.KafkaStorageError, "offline until reopened")
	_, err = l.Read(0, 100, 3)
	require.ErrorIs(t, err, kerr.KafkaStorageError)
	l2, _, err := Open(st, recoverCfg(), Options{})
	require.NoError(t, err)
	require.Equal(t, int64(3), l2.EndOffset())
	st.SetFault(errDisk)
	_, _, err = Open(st, recoverCfg(), Options{})
	require.ErrorIs(t, err, kerr.KafkaStorageError)
}

var errDisk = errDiskT{}

type errDiskT struct{}

func (errDiskT) Error() string { return "disk on fire" }

func TestRecoverRejectsBadIndexesBelowRecoveryPoint(t *testing.T) {
	for name, idx := range map[string][]byte{
		"non-monotonic": {0, 0, 0, 6, 0, 0, 2, 88, 0, 0, 0, 3, 0, 0, 1, 44},
		"partial":       {0, 0, 0, 3, 0, 0, 1, 44, 0, 0},
		"too large":     make([]byte, 2000),
	} {
		t.Run(name, func(t *testing.T) {
			st := NewMemStorage()
			written(t, st, 25)
			want, _ := st.Bytes(FileName(0, IndexSuffix))
			st.PutSynced(FileName(0, IndexSuffix), idx)
			cfg := recoverCfg()
			cfg.SegmentIndexBytes = 1200
			l, rep, err := Open(st, cfg, Options{RecoveryPoint: 25})
			require.NoError(t, err)
			require.True(t, rep.Segments[0].Checked, rep.String())
			require.True(t, rep.Segments[0].IndexRebuilt)
			got, _ := st.Bytes(FileName(0, IndexSuffix))
			require.Equal(t, want, got)
			require.Equal(t, int64(25), l.EndOffset())
		})
	}
}

func TestRecoverAbsurdBatchLength(t *testing.T) {
	st := NewMemStorage()
	written(t, st, 22)
	name := FileName(20, LogSuffix)
	b, _ := st.Bytes(name)
	b[100+8] = 0x7f // the second batch claims almost 2 GiB
	st.Put(name, b)
	l, rep, err := Open(st, recoverCfg(), Options{RecoveryPoint: 20})
	require.NoError(t, err)
	require.Equal(t, int64(21), l.EndOffset())
	require.Equal(t, int64(100), rep.Segments[2].BytesTruncated)
}

func TestMissingCheckpointIsRebuiltFromHeaders(t *testing.T) {
	st := NewMemStorage()
	l := written(t, st, 25)
	require.NoError(t, st.Remove(EpochCheckpointFile))
	l2, rep, err := Open(st, recoverCfg(), Options{RecoveryPoint: 25})
	require.NoError(t, err)
	require.True(t, rep.EpochsRebuilt)
	require.Contains(t, rep.EpochsReason, "missing")
	require.False(t, rep.Segments[0].Checked, "older segments are only walked, not checked")
	require.Equal(t, l.Epochs().Entries(), l2.Epochs().Entries())
	require.Equal(t, int32(3), l2.LatestEpoch())
	e, end := l2.EndOffsetForEpoch(2)
	require.Equal(t, int32(2), e)
	require.Equal(t, int64(20), end)
}

func TestSetConfig(t *testing.T) {
	l, _ := openMem(t, DefaultConfig())
	c := l.Config()
	c.SegmentBytes = 1
	require.ErrorIs(t, l.SetConfig(c), kerr.InvalidConfig)
	c.SegmentBytes = 200
	require.NoError(t, l.SetConfig(c))
	for range 5 {
		mustAppend(t, l, sizedBatch(100, 1), 0, 0)
	}
	require.Len(t, l.Segments(), 3, "the new segment.bytes applies at once")
	s, ok := l.Segment(2)
	require.True(t, ok)
	require.Equal(t, int64(4), s.NextOffset())
	_, ok = l.Segment(3)
	require.False(t, ok)
}

func TestOpenKeepsTheLogStartOffset(t *testing.T) {
	st := NewMemStorage()
	l := written(t, st, 25)
	require.NoError(t, l.DeleteRecordsBefore(13, 25))
	l2, _, err := Open(st, recoverCfg(), Options{RecoveryPoint: l.RecoveryPoint(), LogStartOffset: l.StartOffset()})
	require.NoError(t, err)
	require.Equal(t, int64(13), l2.StartOffset())
	_, err = l2.Read(12, 100, 25)
	require.ErrorIs(t, err, kerr.OffsetOutOfRange)
	require.Equal(t, []EpochEntry{{2, 13}, {3, 20}}, l2.Epochs().Entries())

	// A log that ends before the start offset (its tail was lost) restarts
	// empty at the start offset.
	l3, rep, err := Open(st, recoverCfg(), Options{LogStartOffset: 40})
	require.NoError(t, err)
	require.Equal(t, int64(40), l3.StartOffset())
	require.Equal(t, int64(40), l3.EndOffset())
	require.Len(t, l3.Segments(), 1)
	require.Contains(t, rep.Removed, FileName(0, LogSuffix))
	require.Empty(t, l3.Epochs().Entries())
	checkInvariants(t, l3)
}
