package log

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/stretchr/testify/require"
)

// TestRandomOperations drives a log with random appends, reads, rolls,
// truncations, retention, flushes, process crashes and power losses, and
// checks it after every step against a model: the value of every offset and
// where batches start. Reproduce a failure with its seed.
func TestRandomOperations(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) { randomRun(t, seed, 600) })
	}
}

func randomRun(t *testing.T, seed uint64, steps int) {
	rng := rand.New(rand.NewPCG(seed, 99))
	cfg := DefaultConfig()
	cfg.SegmentBytes = int32(300 + rng.IntN(1500))
	cfg.IndexIntervalBytes = int32(rng.IntN(400))
	cfg.SegmentIndexBytes = int32(24 + rng.IntN(200))
	cfg.RetentionMs = -1
	st := NewMemStorage()
	l, _, err := Open(st, cfg, Options{})
	require.NoError(t, err)

	now := int64(0)
	// A follower replicates the log as Kafka's fetcher does (KIP-101): find
	// where its latest epoch ends on the leader, truncate there, then fetch.
	fst := NewMemStorage()
	f, _, err := Open(fst, cfg, Options{})
	require.NoError(t, err)
	replicate := func(step int) {
		before := fmt.Sprintf("leader %d..%d %v, follower %d..%d %v", l.StartOffset(), l.EndOffset(), l.Epochs().Entries(), f.StartOffset(), f.EndOffset(), f.Epochs().Entries())
		if f.EndOffset() < l.StartOffset() || f.EndOffset() > l.EndOffset() && f.LatestEpoch() < 0 {
			require.NoError(t, f.TruncateFullyAndStartAt(l.StartOffset(), now))
		}
		// AbstractFetcherThread.getOffsetTruncationState, repeated until the
		// follower's latest epoch agrees with the leader's answer (KIP-279).
		for f.LatestEpoch() >= 0 {
			e, end := l.EndOffsetForEpoch(f.LatestEpoch())
			if e == UndefinedEpoch {
				require.NoError(t, f.TruncateFullyAndStartAt(l.StartOffset(), now))
				break
			}
			fe, fEnd := f.EndOffsetForEpoch(e)
			target, done := min(end, f.EndOffset()), true
			switch {
			case fe == UndefinedEpoch:
			case fe != e:
				target, done = fEnd, false
			default:
				target = min(end, fEnd)
			}
			if target < f.StartOffset() {
				require.NoError(t, f.TruncateFullyAndStartAt(l.StartOffset(), now))
				break
			}
			_, err := f.TruncateTo(target)
			require.NoError(t, err)
			if done {
				break
			}
		}
		if f.EndOffset() < l.StartOffset() {
			require.NoError(t, f.TruncateFullyAndStartAt(l.StartOffset(), now))
		}
		for f.EndOffset() < l.EndOffset() {
			r, err := l.Read(f.EndOffset(), 1+rng.IntN(800), l.EndOffset())
			require.NoError(t, err, "step %d", step)
			if r.FirstOffset < f.EndOffset() {
				// The follower ended inside a leader batch: drop its partial copy.
				_, err := f.TruncateTo(r.FirstOffset)
				require.NoError(t, err)
				if f.EndOffset() != r.FirstOffset {
					require.NoError(t, f.TruncateFullyAndStartAt(r.FirstOffset, now))
				}
			}
			_, err = f.AppendAsFollower(r.Records, now)
			require.NoError(t, err, "step %d", step)
		}
		require.Equal(t, l.EndOffset(), f.EndOffset())
		// The fetch response carries the leader's log start offset, and the
		// follower moves its own up to it.
		if l.StartOffset() > f.StartOffset() {
			require.NoError(t, f.DeleteRecordsBefore(l.StartOffset(), f.EndOffset()))
		}
		checkInvariants(t, f)
		// Byte for byte the same batches where both logs hold them.
		for off := max(l.StartOffset(), f.StartOffset()); off < l.EndOffset(); {
			a, err := l.Read(off, 1, l.EndOffset())
			require.NoError(t, err)
			b, err := f.Read(off, 1, f.EndOffset())
			require.NoError(t, err)
			require.Equal(t, a.Records, b.Records, "step %d offset %d: leader %d..%d %v, follower %d..%d %v (before: %s)", step, off,
				l.StartOffset(), l.EndOffset(), l.Epochs().Entries(), f.StartOffset(), f.EndOffset(), f.Epochs().Entries(), before)
			h, _ := peekHeader(a.Records)
			off = h.LastOffset() + 1
		}
	}

	values := map[int64]string{} // offset → value, for offsets in the log
	batchStart := map[int64]bool{}
	epoch := int32(0)
	reopen := func(what string) {
		l2, rep, err := Open(st, cfg, Options{RecoveryPoint: l.RecoveryPoint(), LogStartOffset: l.StartOffset(), NowMs: now})
		require.NoError(t, err, what)
		require.LessOrEqual(t, l2.EndOffset(), l.EndOffset(), "%s: %s", what, rep)
		l = l2
	}
	lastOp := 0
	for step := range steps {
		now += int64(rng.IntN(50))
		op := rng.IntN(100)
		lastOp = op
		switch {
		case op < 50:
			n := 1 + rng.IntN(5)
			b := record.Batch{BaseTimestamp: now, MaxTimestamp: now, LastOffsetDelta: int32(n - 1), ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1}
			for i := range n {
				b.Records = append(b.Records, record.Record{OffsetDelta: int32(i), Value: fmt.Appendf(nil, "s%d-%d", step, i)})
			}
			info, err := l.Append(record.AppendBatch(nil, &b), epoch, now)
			require.NoError(t, err, "step %d", step)
			batchStart[info.FirstOffset] = true
			for i := range n {
				values[info.FirstOffset+int64(i)] = fmt.Sprintf("s%d-%d", step, i)
			}
		case op < 70:
			off := l.StartOffset() + rng.Int64N(l.EndOffset()-l.StartOffset()+1)
			upTo := off + rng.Int64N(l.EndOffset()-off+1)
			r, err := l.Read(off, rng.IntN(600), upTo)
			require.NoError(t, err, "step %d read %d", step, off)
			for rest := r.Records; len(rest) > 0; {
				got, n, err := record.Decode(rest)
				require.NoError(t, err)
				require.Less(t, got.LastOffset(), upTo)
				require.GreaterOrEqual(t, got.LastOffset(), off)
				for i := range got.Records {
					o := got.Offset(&got.Records[i])
					require.Equal(t, values[o], string(got.Records[i].Value), "step %d offset %d", step, o)
				}
				rest = rest[n:]
			}
		case op < 75:
			target := l.StartOffset() + rng.Int64N(l.EndOffset()-l.StartOffset()+1)
			end, err := l.TruncateTo(target)
			require.NoError(t, err)
			require.LessOrEqual(t, end, target)
			require.True(t, end == l.EndOffset() && (batchStart[end] || end == target), "step %d: truncated to %d for %d", step, end, target)
			epoch++ // only a new leader's log loses its tail
		case op < 80:
			c := l.Config()
			c.RetentionBytes = rng.Int64N(3000)
			require.NoError(t, l.SetConfig(c))
			hw := l.StartOffset() + rng.Int64N(l.EndOffset()-l.StartOffset()+1)
			before := l.StartOffset()
			_, err := l.DeleteOldSegments(now, hw)
			require.NoError(t, err)
			require.GreaterOrEqual(t, l.StartOffset(), before)
			require.LessOrEqual(t, l.StartOffset(), max(hw, before))
		case op < 84:
			require.NoError(t, l.Flush())
		case op < 87:
			require.NoError(t, l.Roll(now))
		case op < 90:
			epoch++
		case op < 91:
			replicate(step)
		case op < 93:
			st.ProcessCrash()
			end := l.EndOffset()
			reopen("process crash")
			require.Equal(t, end, l.EndOffset(), "step %d: a process crash loses nothing", step)
		case op < 96:
			durable := l.RecoveryPoint()
			st.PowerLoss()
			reopen("power loss")
			require.GreaterOrEqual(t, l.EndOffset(), durable, "step %d: flushed data survives a power loss", step)
			epoch++
		default:
			hw := l.StartOffset() + rng.Int64N(l.EndOffset()-l.StartOffset()+1)
			require.NoError(t, l.DeleteRecordsBefore(hw, hw))
		}
		// Forget what the log no longer holds.
		for o := range values {
			if o >= l.EndOffset() {
				delete(values, o)
				delete(batchStart, o)
			}
		}
		checkInvariants(t, l)
		checkEpochs(t, l, fmt.Sprintf("step %d op %d", step, lastOp))
		if debugRandom {
			t.Logf("step %d op %d: leader %d..%d %v | follower %d..%d %v", step, lastOp, l.StartOffset(), l.EndOffset(), l.Epochs().Entries(), f.StartOffset(), f.EndOffset(), f.Epochs().Entries())
		}
		for _, s := range l.Segments() {
			require.LessOrEqual(t, s.Index().Len(), s.Index().MaxEntries())
		}
		// Every batch in the log holds the values the model expects.
		for off := l.StartOffset(); off < l.EndOffset(); {
			r, err := l.Read(off, 1, l.EndOffset())
			require.NoError(t, err, "step %d", step)
			got, _, err := record.Decode(r.Records)
			require.NoError(t, err)
			require.True(t, batchStart[got.BaseOffset], "step %d: batch at %d", step, got.BaseOffset)
			for i := range got.Records {
				o := got.Offset(&got.Records[i])
				require.Equal(t, values[o], string(got.Records[i].Value), "step %d offset %d", step, o)
			}
			off = got.LastOffset() + 1
		}
	}
}

// checkEpochs verifies that the leader-epoch cache describes the batches: each
// batch from the log start offset on carries the epoch of the last entry
// starting at or before it.
func checkEpochs(t *testing.T, l *Log, where string) {
	t.Helper()
	entries := l.Epochs().Entries()
	for off := l.StartOffset(); off < l.EndOffset(); {
		r, err := l.Read(off, 1, l.EndOffset())
		require.NoError(t, err)
		h, _ := peekHeader(r.Records)
		want := int32(-1)
		for _, e := range entries {
			if e.StartOffset <= max(h.BaseOffset, l.StartOffset()) {
				want = e.Epoch
			}
		}
		require.Equal(t, want, h.PartitionLeaderEpoch, "%s: batch at %d, start %d, cache %v", where, h.BaseOffset, l.StartOffset(), entries)
		off = h.LastOffset() + 1
	}
}

var debugRandom = false
