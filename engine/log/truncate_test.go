package log

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/stretchr/testify/require"
)

func TestTruncateTo(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SegmentBytes = 1000
	cfg.IndexIntervalBytes = 250
	l, _ := openMem(t, cfg)
	for i := range 30 {
		mustAppend(t, l, sizedBatch(100, int64(1000+i)), int32(1+i/8), 1)
	}
	require.Equal(t, []EpochEntry{{1, 0}, {2, 8}, {3, 16}, {4, 24}}, l.Epochs().Entries())

	end, err := l.TruncateTo(30)
	require.NoError(t, err)
	require.Equal(t, int64(30), end, "at the LEO: nothing to do")

	end, err = l.TruncateTo(17)
	require.NoError(t, err)
	require.Equal(t, int64(17), end)
	require.Len(t, l.Segments(), 2)
	s := l.Segments()[1]
	require.Equal(t, int64(700), s.Size())
	require.Equal(t, 2, s.Index().Len(), "entries 13 and 16 survive, 19 does not")
	require.Equal(t, TimestampOffset{1016, 16}, s.MaxTimestamp())
	require.Equal(t, []EpochEntry{{1, 0}, {2, 8}, {3, 16}}, l.Epochs().Entries())
	checkInvariants(t, l)

	// The log keeps working: appends continue at 17 and the index rule resumes.
	info := mustAppend(t, l, sizedBatch(100, 2000), 5, 1)
	require.Equal(t, int64(17), info.FirstOffset)
	require.Equal(t, int64(700), info.Position)
	r, err := l.Read(17, 1, l.EndOffset())
	require.NoError(t, err)
	require.Equal(t, int64(17), r.FirstOffset)
	checkInvariants(t, l)
}

func TestTruncateToMidBatch(t *testing.T) {
	l, _ := openMem(t, DefaultConfig())
	mustAppend(t, l, batch(5, 1, "a"), 1, 0)
	mustAppend(t, l, batch(5, 2, "b"), 2, 0)
	end, err := l.TruncateTo(7)
	require.NoError(t, err)
	require.Equal(t, int64(5), end, "Kafka truncates whole batches")
	require.Equal(t, int64(5), l.EndOffset())
	require.Equal(t, []EpochEntry{{1, 0}}, l.Epochs().Entries())
	_, err = l.TruncateTo(-1)
	require.ErrorIs(t, err, kerr.OffsetOutOfRange)
}

func TestTruncateFully(t *testing.T) {
	l := fixture(t)
	require.NoError(t, l.TruncateFullyAndStartAt(500, 9))
	require.Len(t, l.Segments(), 1)
	require.Equal(t, int64(500), l.StartOffset())
	require.Equal(t, int64(500), l.EndOffset())
	require.Empty(t, l.Epochs().Entries())
	names, _ := l.st.List()
	require.Equal(t, []string{"00000000000000000500.index", "00000000000000000500.log", "00000000000000000500.timeindex", EpochCheckpointFile}, names)
	info := mustAppend(t, l, batch(1, 1, "x"), 3, 0)
	require.Equal(t, int64(500), info.FirstOffset)

	// Truncating below the first segment does the same.
	end, err := l.TruncateTo(100)
	require.NoError(t, err)
	require.Equal(t, int64(100), end)
	require.Equal(t, int64(100), l.StartOffset())
}
