package log

import (
	"bytes"
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/stretchr/testify/require"
)

// fixture: 30 one-record batches of 100 bytes, segments of ten (bases 0, 10,
// 20), index entries at offsets base+3, +6, +9 (positions 300, 600, 900),
// timestamps 1000+offset.
func fixture(t *testing.T) *Log {
	cfg := DefaultConfig()
	cfg.SegmentBytes = 1000
	cfg.IndexIntervalBytes = 250
	l, _ := openMem(t, cfg)
	for i := range 30 {
		mustAppend(t, l, sizedBatch(100, int64(1000+i)), 0, 1)
	}
	return l
}

func TestRead(t *testing.T) {
	l := fixture(t)
	leo := l.EndOffset()
	require.Equal(t, int64(30), leo)

	r, err := l.Read(14, 250, leo)
	require.NoError(t, err)
	require.Equal(t, ReadResult{Records: r.Records, Segment: 10, Position: 400, FirstOffset: 14, Batches: 2}, r)
	require.Len(t, r.Records, 200)

	// KIP-74: one batch even when it is larger than maxBytes.
	r, err = l.Read(14, 1, leo)
	require.NoError(t, err)
	require.Equal(t, 1, r.Batches)
	r, err = l.Read(14, 0, leo)
	require.NoError(t, err)
	require.Equal(t, 1, r.Batches)

	// A read stays inside one segment.
	r, err = l.Read(18, 1<<20, leo)
	require.NoError(t, err)
	require.Equal(t, 2, r.Batches)

	// The visible end: a consumer at HW 16 sees offsets 14 and 15 only.
	r, err = l.Read(14, 1<<20, 16)
	require.NoError(t, err)
	require.Equal(t, 2, r.Batches)
	r, err = l.Read(16, 1<<20, 16)
	require.NoError(t, err)
	require.Empty(t, r.Records, "reading at the visible end is empty")
	r, err = l.Read(20, 1<<20, 16)
	require.NoError(t, err)
	require.Empty(t, r.Records, "beyond the high watermark but within the log: empty")
	r, err = l.Read(leo, 1<<20, leo)
	require.NoError(t, err)
	require.Empty(t, r.Records)

	for _, off := range []int64{-1, leo + 1} {
		_, err = l.Read(off, 100, leo)
		require.ErrorIs(t, err, kerr.OffsetOutOfRange, "offset %d", off)
	}
	_, err = l.Read(0, -1, leo)
	require.ErrorIs(t, err, kerr.InvalidRequest)
}

func TestReadMidBatchReturnsWholeBatch(t *testing.T) {
	l, _ := openMem(t, DefaultConfig())
	mustAppend(t, l, batch(5, 1, "a"), 0, 0)
	mustAppend(t, l, batch(5, 2, "b"), 0, 0)
	r, err := l.Read(7, 1<<20, l.EndOffset())
	require.NoError(t, err)
	require.Equal(t, int64(5), r.FirstOffset, "the batch holding 7 starts at 5")
	// A high watermark inside a batch hides that whole batch.
	r, err = l.Read(5, 1<<20, 8)
	require.NoError(t, err)
	require.Empty(t, r.Records)
}

func TestTraceOffset(t *testing.T) {
	l := fixture(t)
	tr, err := l.TraceOffset(27)
	require.NoError(t, err)
	// Binary search over bases [0 10 20]: mid 10, then mid 20.
	require.Equal(t, []SegmentProbe{{10, NoTimestamp}, {20, NoTimestamp}}, tr.Segments)
	require.Equal(t, int64(20), tr.Segment)
	// The floor entry for 27 is (26, 600); the scan starts there, skips 26, finds 27 at 700.
	require.Equal(t, OffsetPosition{26, 600}, tr.IndexFloor)
	require.Equal(t, 1, tr.FloorSlot)
	require.NotEmpty(t, tr.IndexProbes)
	require.Equal(t, int64(600), tr.ScanStart)
	require.Equal(t, []BatchRef{{BaseOffset: 26, LastOffset: 26, Position: 600, Size: 100, MaxTimestamp: 1026}}, tr.Skipped)
	require.True(t, tr.Found)
	require.Equal(t, BatchRef{BaseOffset: 27, LastOffset: 27, Position: 700, Size: 100, MaxTimestamp: 1027}, tr.Batch)

	// Below the first index entry: no floor entry, scan from position 0.
	tr, err = l.TraceOffset(12)
	require.NoError(t, err)
	require.Equal(t, -1, tr.FloorSlot)
	require.Equal(t, OffsetPosition{10, 0}, tr.IndexFloor)
	require.Len(t, tr.Skipped, 2)
	require.Equal(t, int64(200), tr.Batch.Position)

	tr, err = l.TraceOffset(30)
	require.NoError(t, err)
	require.False(t, tr.Found, "the log end offset has no batch yet")
	_, err = l.TraceOffset(31)
	require.ErrorIs(t, err, kerr.OffsetOutOfRange)
}

func TestOffsetForTimestamp(t *testing.T) {
	l := fixture(t)
	find := func(ts int64) (int64, bool) {
		r, ok, err := l.OffsetForTimestamp(ts)
		require.NoError(t, err)
		return r.Offset, ok
	}
	for _, c := range []struct{ ts, off int64 }{{0, 0}, {1000, 0}, {1013, 13}, {1029, 29}} {
		off, ok := find(c.ts)
		require.True(t, ok)
		require.Equal(t, c.off, off, "timestamp %d", c.ts)
	}
	_, ok := find(1030)
	require.False(t, ok, "no record that late")
	off, ok := find(LatestTimestamp)
	require.True(t, ok)
	require.Equal(t, int64(30), off)
	off, _ = find(EarliestTimestamp)
	require.Equal(t, int64(0), off)
	off, _ = find(MaxTimestamp)
	require.Equal(t, int64(29), off)
	_, _, err := l.OffsetForTimestamp(-7)
	require.ErrorIs(t, err, kerr.InvalidRequest)

	tr, err := l.TraceTimestamp(1017)
	require.NoError(t, err)
	require.Equal(t, []SegmentProbe{{0, 1009}, {10, 1019}}, tr.Segments, "first segment whose largest timestamp reaches 1017")
	require.Equal(t, int64(10), tr.Segment)
	require.Equal(t, TimestampOffset{1016, 16}, tr.TimeFloor)
	require.Equal(t, OffsetPosition{16, 600}, tr.IndexFloor)
	require.Equal(t, []BatchRef{{16, 16, 600, 100, 1016}}, tr.Skipped)
	require.Equal(t, int64(17), tr.Offset)
	require.Equal(t, int64(1017), tr.Timestamp)
}

func TestOffsetForTimestampInsideBatch(t *testing.T) {
	l, _ := openMem(t, DefaultConfig())
	mustAppend(t, l, batch(1, 100, "a"), 0, 0)
	// A batch whose records have timestamps 200, 210, 220.
	b := record.Batch{BaseTimestamp: 200, MaxTimestamp: 220, LastOffsetDelta: 2, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1}
	for i := range 3 {
		b.Records = append(b.Records, record.Record{OffsetDelta: int32(i), TimestampDelta: int64(10 * i)})
	}
	mustAppend(t, l, record.AppendBatch(nil, &b), 0, 0)
	for _, c := range []struct{ ts, off, at int64 }{{150, 1, 200}, {205, 2, 210}, {220, 3, 220}} {
		r, ok, err := l.OffsetForTimestamp(c.ts)
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, TimestampOffset{c.at, c.off}, r, "timestamp %d", c.ts)
	}
}

// Read's views of MemStorage's bytes stay valid and unchanged whatever the
// log does afterwards: appends, truncation, retention deleting the segment,
// a power loss and reopening, and the reuse of released memory by later
// appends.
func TestReadViewStaysValid(t *testing.T) {
	st := NewMemStorage()
	cfg := recoverCfg()
	cfg.SegmentBytes = 64 << 10
	cfg.RetentionBytes = 128 << 10
	l, _, err := Open(st, cfg, Options{})
	require.NoError(t, err)
	type view struct{ got, want []byte }
	var views []view
	keep := func(off int64) {
		r, err := l.Read(off, 1<<20, l.EndOffset())
		require.NoError(t, err)
		require.NotEmpty(t, r.Records)
		require.Equal(t, len(r.Records), cap(r.Records), "a view's capacity ends with it")
		views = append(views, view{r.Records, bytes.Clone(r.Records)})
	}
	now := int64(1)
	for round := range 40 {
		for i := range 50 {
			mustAppend(t, l, sizedBatch(300, 1000+int64(round*50+i)), int32(round+1), now)
		}
		keep(max(l.StartOffset(), l.EndOffset()-7))
		keep(l.StartOffset())
		switch round % 4 {
		case 1:
			_, err = l.TruncateTo(l.EndOffset() - 30)
			require.NoError(t, err)
		case 2:
			_, err = l.DeleteOldSegments(now, l.EndOffset())
			require.NoError(t, err)
		case 3:
			require.NoError(t, l.Flush())
			mustAppend(t, l, sizedBatch(300, 5000), int32(round+1), now)
			st.PowerLoss()
			l, _, err = Open(st, cfg, Options{RecoveryPoint: l.RecoveryPoint(), LogStartOffset: l.StartOffset()})
			require.NoError(t, err)
		}
		checkInvariants(t, l)
		for i, v := range views {
			require.Equal(t, v.want, v.got, "view %d changed", i)
		}
	}
}

// TestAppendSharedAsFollower checks a follower that keeps the leader's views
// by reference: its files read byte for byte as those of a follower that
// copies, through truncations, retention, power losses on either side and a
// follower turned leader appending its own batches after shared ones, and
// every view handed out by either log (the shared pieces included) never
// changes.
func TestAppendSharedAsFollower(t *testing.T) {
	cfg := recoverCfg()
	cfg.SegmentBytes = 64 << 10
	cfg.RetentionBytes = 128 << 10
	type replica struct {
		st *MemStorage
		l  *Log
	}
	open := func(st *MemStorage, l *Log) *Log {
		opts := Options{}
		if l != nil {
			opts = Options{RecoveryPoint: l.RecoveryPoint(), LogStartOffset: l.StartOffset()}
		}
		nl, _, err := Open(st, cfg, opts)
		require.NoError(t, err)
		return nl
	}
	leader := replica{st: NewMemStorage()}
	leader.l = open(leader.st, nil)
	shared, copied := replica{st: NewMemStorage()}, replica{st: NewMemStorage()}
	shared.l, copied.l = open(shared.st, nil), open(copied.st, nil)
	type view struct{ got, want []byte }
	var views []view
	keep := func(b []byte) { views = append(views, view{b, bytes.Clone(b)}) }
	now := int64(1)
	sync := func() {
		for _, f := range []replica{shared, copied} {
			if f.l.EndOffset() > leader.l.EndOffset() {
				_, err := f.l.TruncateTo(leader.l.EndOffset())
				require.NoError(t, err)
			}
			if f.l.EndOffset() < leader.l.StartOffset() {
				require.NoError(t, f.l.TruncateFullyAndStartAt(leader.l.StartOffset(), now))
			}
		}
		for shared.l.EndOffset() < leader.l.EndOffset() {
			r, err := leader.l.Read(shared.l.EndOffset(), 5000, leader.l.EndOffset())
			require.NoError(t, err)
			require.NotEmpty(t, r.Records)
			keep(r.Records)
			_, err = shared.l.AppendSharedAsFollower(r.Records, now)
			require.NoError(t, err)
			_, err = copied.l.AppendAsFollower(r.Records, now)
			require.NoError(t, err)
		}
	}
	same := func() {
		names, err := copied.st.List()
		require.NoError(t, err)
		got, err := shared.st.List()
		require.NoError(t, err)
		require.Equal(t, names, got)
		for _, name := range names {
			want, _ := copied.st.Bytes(name)
			b, _ := shared.st.Bytes(name)
			require.Equal(t, want, b, name)
			n, _ := shared.st.Size(name)
			if n > 0 { // ReadAt and view across the pieces
				p := make([]byte, n-n/3)
				require.NoError(t, shared.st.ReadAt(name, p, n/3))
				require.Equal(t, want[n/3:], p, name)
			}
			require.Equal(t, copied.st.Unsynced(name), shared.st.Unsynced(name), name)
		}
	}
	for round := range 48 {
		for i := range 40 {
			mustAppend(t, leader.l, sizedBatch(300, 1000+int64(round*40+i)), int32(round+1), now)
		}
		sync()
		switch round % 6 {
		case 1:
			_, err := leader.l.TruncateTo(leader.l.EndOffset() - 30)
			require.NoError(t, err)
		case 2:
			for _, r := range []replica{leader, shared, copied} {
				_, err := r.l.DeleteOldSegments(now, r.l.EndOffset())
				require.NoError(t, err)
			}
		case 3:
			require.NoError(t, leader.l.Flush())
			mustAppend(t, leader.l, sizedBatch(300, 5000), int32(round+1), now)
			leader.st.PowerLoss()
			leader.l = open(leader.st, leader.l)
		case 4: // the followers lose power, half flushed
			for _, f := range []*replica{&shared, &copied} {
				require.NoError(t, f.l.Flush())
			}
			sync()
			for _, f := range []*replica{&shared, &copied} {
				f.st.PowerLoss()
				f.l = open(f.st, f.l)
			}
		case 5: // the shared follower leads for a while (its own batches after shared pieces) and the copying one follows it
			for i := range 30 {
				mustAppend(t, shared.l, sizedBatch(300, 7000+int64(i)), int32(round+1), now)
			}
			r, err := shared.l.Read(shared.l.StartOffset(), 1<<20, shared.l.EndOffset())
			require.NoError(t, err)
			keep(r.Records)
			for copied.l.EndOffset() < shared.l.EndOffset() {
				r, err := shared.l.Read(copied.l.EndOffset(), 5000, shared.l.EndOffset())
				require.NoError(t, err)
				_, err = copied.l.AppendAsFollower(r.Records, now)
				require.NoError(t, err)
			}
			same() // sync then truncates both back to the leader, into the own chunk
		}
		sync()
		for _, r := range []replica{leader, shared, copied} {
			checkInvariants(t, r.l)
		}
		same()
		for i, v := range views {
			require.Equal(t, v.want, v.got, "view %d changed", i)
		}
	}
}
