package log

import (
	"github.com/kafkalab/kafkalab/engine/kerr"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRetentionByTime(t *testing.T) {
	l := fixture(t) // segments 0, 10, 20 with largest timestamps 1009, 1019, 1029
	l.cfg.RetentionMs = 100
	hw := l.EndOffset()
	// At 1115 only segment 0 is older than 100 ms.
	del, err := l.DeleteOldSegments(1115, hw)
	require.NoError(t, err)
	require.Equal(t, []Deletion{{Base: 0, Size: 1000, Reason: "retention.ms"}}, del)
	require.Equal(t, int64(10), l.StartOffset())
	_, ok := l.st.(*MemStorage).Bytes(FileName(0, LogSuffix))
	require.False(t, ok)
	checkInvariants(t, l)

	// The high watermark protects segments with uncommitted offsets.
	del, err = l.DeleteOldSegments(5000, 19)
	require.NoError(t, err)
	require.Empty(t, del, "segment 10 ends at 20 > HW 19")

	// When every segment is old and committed, Kafka rolls first so the log
	// keeps an (empty) active segment at the LEO.
	del, err = l.DeleteOldSegments(5000, hw)
	require.NoError(t, err)
	require.Len(t, del, 2)
	require.Len(t, l.Segments(), 1)
	require.Equal(t, int64(30), l.Segments()[0].Base())
	require.Equal(t, int64(30), l.StartOffset())
	require.Equal(t, int64(30), l.EndOffset())
	_, err = l.Read(29, 100, 30)
	require.Error(t, err, "deleted offsets are out of range")

	del, err = l.DeleteOldSegments(9999, hw)
	require.NoError(t, err)
	require.Empty(t, del, "the empty active segment stays")
}

func TestRetentionBySize(t *testing.T) {
	l := fixture(t) // 3000 bytes in three 1000-byte segments
	l.cfg.RetentionMs = -1
	l.cfg.RetentionBytes = 1500
	// diff = 1500: segment 0 (1000) fits in it, segment 10 would not.
	del, err := l.DeleteOldSegments(1<<40, l.EndOffset())
	require.NoError(t, err)
	require.Equal(t, []Deletion{{Base: 0, Size: 1000, Reason: "retention.bytes"}}, del)
	l.cfg.RetentionBytes = 1000
	del, err = l.DeleteOldSegments(0, l.EndOffset())
	require.NoError(t, err)
	require.Equal(t, []Deletion{{Base: 10, Size: 1000, Reason: "retention.bytes"}}, del)
	l.cfg.RetentionBytes = -1
	del, err = l.DeleteOldSegments(0, l.EndOffset())
	require.NoError(t, err)
	require.Empty(t, del)
}

func TestRetentionMovesEpochCache(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SegmentBytes = 1000
	cfg.RetentionMs = 10
	l, _ := openMem(t, cfg)
	for i := range 25 {
		mustAppend(t, l, sizedBatch(100, int64(i)), int32(i/5), 1)
	}
	_, err := l.DeleteOldSegments(1000, 20)
	require.NoError(t, err)
	require.Equal(t, int64(20), l.StartOffset())
	require.Equal(t, []EpochEntry{{4, 20}}, l.Epochs().Entries())
}

func TestDeleteRecordsBefore(t *testing.T) {
	l := fixture(t)
	l.cfg.RetentionMs = -1
	require.ErrorIs(t, l.DeleteRecordsBefore(25, 20), kerr.OffsetOutOfRange)
	require.NoError(t, l.DeleteRecordsBefore(15, 20))
	require.Equal(t, int64(15), l.StartOffset())
	_, err := l.Read(14, 100, 30)
	require.ErrorIs(t, err, kerr.OffsetOutOfRange)
	r, err := l.Read(15, 1, 30)
	require.NoError(t, err)
	require.Equal(t, int64(15), r.FirstOffset)
	ts, ok, err := l.OffsetForTimestamp(0)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, int64(15), ts.Offset, "timestamp lookups start at the log start offset")

	del, err := l.DeleteOldSegments(0, 20)
	require.NoError(t, err)
	require.Equal(t, []Deletion{{Base: 0, Size: 1000, Reason: "log start offset"}}, del, "segment 10 still holds offsets ≥ 15")
	require.Equal(t, int64(15), l.StartOffset(), "the start offset does not fall back to the segment base")
	checkInvariants(t, l)
}
