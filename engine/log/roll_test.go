package log

import (
	"math"
	"testing"

	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/stretchr/testify/require"
)

func TestRollOnSegmentBytes(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SegmentBytes = 350
	l, st := openMem(t, cfg)
	// 100-byte batches: sizes 0,100,200 accept another (size ≤ 350−100); at 300 it rolls.
	var rolled []bool
	for i := range 7 {
		info := mustAppend(t, l, sizedBatch(100, int64(i)), 0, 1)
		rolled = append(rolled, info.Rolled)
		if info.Rolled {
			require.Equal(t, "segment.bytes", info.RollReason)
			require.Equal(t, int64(i), info.Segment, "the new segment starts at the batch's offset")
			require.Zero(t, info.Position)
		}
	}
	require.Equal(t, []bool{false, false, false, true, false, false, true}, rolled)
	require.Len(t, l.Segments(), 3)
	// A rolled segment is flushed; the active one is not yet.
	require.Zero(t, st.Unsynced(FileName(0, LogSuffix)))
	require.Equal(t, int64(100), st.Unsynced(FileName(6, LogSuffix)))
	require.Equal(t, int64(6), l.RecoveryPoint())
	checkInvariants(t, l)
}

func TestRollOnSegmentMs(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SegmentMs = 1000
	l, _ := openMem(t, cfg)
	// Record time decides: the first batch's timestamp is 5000.
	require.False(t, mustAppend(t, l, batch(1, 5000, "a"), 0, 0).Rolled)
	require.False(t, mustAppend(t, l, batch(1, 6000, "a"), 0, 99999).Rolled, "1000 ms is not more than segment.ms")
	info := mustAppend(t, l, batch(1, 6001, "a"), 0, 0)
	require.True(t, info.Rolled)
	require.Equal(t, "segment.ms", info.RollReason)

	// Without timestamps (-1) the segment's creation time on the caller's clock decides.
	l2, _ := openMem(t, cfg) // created at 0
	require.False(t, mustAppend(t, l2, batch(1, -1, "a"), 0, 500).Rolled)
	require.False(t, mustAppend(t, l2, batch(1, -1, "a"), 0, 1000).Rolled)
	require.True(t, mustAppend(t, l2, batch(1, -1, "a"), 0, 1001).Rolled)
}

func TestRollJitterIsSeeded(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SegmentMs = 1000
	cfg.SegmentJitterMs = 500
	j1 := segmentJitter(cfg, 42, 0)
	require.Equal(t, j1, segmentJitter(cfg, 42, 0))
	require.GreaterOrEqual(t, j1, int64(0))
	require.Less(t, j1, int64(500))
	l, _, err := Open(NewMemStorage(), cfg, Options{JitterSeed: 42})
	require.NoError(t, err)
	mustAppend(t, l, batch(1, 0, "a"), 0, 0)
	require.False(t, mustAppend(t, l, batch(1, 1000-j1, "a"), 0, 0).Rolled)
	require.True(t, mustAppend(t, l, batch(1, 1000-j1+1, "a"), 0, 0).Rolled)
}

func TestRollOnFullIndex(t *testing.T) {
	cfg := DefaultConfig()
	cfg.IndexIntervalBytes = 0 // an entry after every append but the first
	cfg.SegmentIndexBytes = 36 // 4 offset entries, 3 time entries
	l, _ := openMem(t, cfg)
	var reasons []string
	for i := range 10 {
		info := mustAppend(t, l, batch(1, int64(100+i), "a"), 0, 0)
		reasons = append(reasons, info.RollReason)
	}
	// Appends 1, 2, 3 add entries; the time index (3 entries) is full first.
	require.Equal(t, []string{"", "", "", "", "time index full", "", "", "", "time index full", ""}, reasons)
	checkInvariants(t, l)
	for _, s := range l.Segments()[:len(l.Segments())-1] {
		require.LessOrEqual(t, s.TimeIndex().Len(), 4, "the final entry may exceed a full index")
	}
}

func TestRollOnOffsetOverflow(t *testing.T) {
	l, _ := openMem(t, DefaultConfig())
	mustAppend(t, l, batch(5, 1, "a"), 0, 0)
	// A compacted batch from a leader: one record, but its offsets span more
	// than a relative int32 can hold from base 0.
	b := record.Batch{BaseOffset: 5, LastOffsetDelta: math.MaxInt32, BaseTimestamp: 1, MaxTimestamp: 1,
		ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1, Records: []record.Record{{Value: []byte("x")}}}
	info, err := l.AppendAsFollower(record.AppendBatch(nil, &b), 0)
	require.NoError(t, err)
	require.True(t, info.Rolled)
	require.Equal(t, "offset overflow", info.RollReason)
	require.Equal(t, int64(5), info.Segment)
	require.Equal(t, int64(5)+math.MaxInt32+1, l.EndOffset())
}

func TestForcedRoll(t *testing.T) {
	l, _ := openMem(t, DefaultConfig())
	require.NoError(t, l.Roll(0))
	require.Len(t, l.Segments(), 1, "an empty active segment is kept")
	mustAppend(t, l, batch(2, 1, "a"), 0, 0)
	require.NoError(t, l.Roll(0))
	require.Len(t, l.Segments(), 2)
	require.Equal(t, int64(2), l.Segments()[1].Base())
}
