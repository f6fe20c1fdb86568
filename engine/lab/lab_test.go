package lab_test

import (
	"testing"
	"time"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newSession(t testing.TB) *lab.Session {
	t.Helper()
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	require.NoError(t, err)
	return s
}

func TestDefaultSeedDrawsTheArticlesPicture(t *testing.T) {
	s := newSession(t)
	st := s.Cluster().Snapshot()
	require.Len(t, st.Controller.Topics, 1)
	for i, p := range st.Controller.Topics[0].Partitions {
		assert.Equal(t, int32(i+1), p.Leader, "partition %d", i)
	}
	assert.Zero(t, s.Pos())
}

func TestProduceIsNonBlockingAndLandsOnThePredictedPartition(t *testing.T) {
	s := newSession(t)
	req := lab.ProduceRequest{Topic: "order_events", Key: "user-2", Value: "hi", Acks: "all"}
	pred, err := s.Predict(req)
	require.NoError(t, err)
	assert.Equal(t, int32(2), pred.Partition)
	pos := s.Pos()
	_, err = s.Produce(req)
	require.NoError(t, err)
	assert.Equal(t, pos, s.Pos(), "submitting runs nothing")

	var labels []int
	for range 40 {
		last := s.Cluster().Sim().LastSeq()
		_, err := s.Step()
		require.NoError(t, err)
		for _, e := range s.Cluster().TraceAfter(last) {
			if e.Lifecycle > 0 {
				labels = append(labels, e.Lifecycle)
			}
		}
	}
	for step := 1; step <= 9; step++ {
		assert.Contains(t, labels, step)
	}
	reps := s.Cluster().ProducerReports()
	require.Len(t, reps, 1)
	assert.Equal(t, pred.Partition, reps[0].Partition)
	assert.Equal(t, int64(0), reps[0].Offset)
}

func TestInvalidProduceHasKafkasErrorNames(t *testing.T) {
	s := newSession(t)
	_, err := s.Produce(lab.ProduceRequest{Topic: "order_events", Key: "k", Acks: "2"})
	assert.ErrorIs(t, err, kerr.InvalidRequiredAcks)
	_, err = s.Produce(lab.ProduceRequest{Topic: "order_events", Key: "k", Partition: "3"})
	assert.ErrorIs(t, err, kerr.UnknownTopicOrPartition)
	_, err = s.Produce(lab.ProduceRequest{Topic: "nope", Key: "k"})
	assert.ErrorIs(t, err, kerr.UnknownTopicOrPartition)
	assert.Empty(t, s.Inputs())
}

// hashes steps n times from the session's position and returns the hash
// after each step.
func hashes(t testing.TB, s *lab.Session, n int) []sim.Hash {
	var out []sim.Hash
	for range n {
		_, err := s.Step()
		require.NoError(t, err)
		out = append(out, s.StateHash())
	}
	return out
}

// script is a run with every kind of input: a keyed produce, a broker
// stopped and started, a null-key produce with acks=1.
func script(t testing.TB, s *lab.Session) []sim.Hash {
	var hs []sim.Hash
	_, err := s.Produce(lab.ProduceRequest{Topic: "order_events", Key: "user-2", Value: "a", Acks: "all"})
	require.NoError(t, err)
	hs = append(hs, hashes(t, s, 30)...)
	require.NoError(t, s.StopBroker(3))
	hs[len(hs)-1] = s.StateHash() // the state at a position includes its inputs
	hs = append(hs, hashes(t, s, 200)...)
	_, err = s.Produce(lab.ProduceRequest{Topic: "order_events", NullKey: true, Value: "b", Acks: "1"})
	require.NoError(t, err)
	hs[len(hs)-1] = s.StateHash()
	hs = append(hs, hashes(t, s, 50)...)
	require.NoError(t, s.StartBroker(3))
	hs[len(hs)-1] = s.StateHash()
	hs = append(hs, hashes(t, s, 200)...)
	return hs
}

func TestStepBackIsExact(t *testing.T) {
	s := newSession(t)
	forward := script(t, s)
	head := s.Pos()
	// Every position, visited backwards, has the hash it had going forward.
	for p := int(head) - 1; p >= 1; p -= 37 {
		pos := uint64(p)
		require.NoError(t, s.GoTo(pos))
		require.Equal(t, forward[pos-1], s.StateHash(), "position %d", pos)
	}
	// One step back from the head.
	require.NoError(t, s.GoTo(head))
	require.NoError(t, s.Back())
	assert.Equal(t, forward[head-2], s.StateHash())
	// Redo: stepping forward again replays the recorded inputs.
	require.NoError(t, s.GoTo(head))
	assert.Equal(t, forward[head-1], s.StateHash())
	assert.Equal(t, head, s.Head())
}

func TestActingInThePastStartsANewBranch(t *testing.T) {
	s := newSession(t)
	script(t, s)
	require.Len(t, s.Inputs(), 4)
	require.NoError(t, s.GoTo(100))
	require.NoError(t, s.StartBroker(3)) // broker 3 is down at 100
	assert.Len(t, s.Inputs(), 3, "inputs after position 100 are dropped")
	assert.Equal(t, uint64(100), s.Head())
}

func TestResetAndSeed(t *testing.T) {
	s := newSession(t)
	h0 := s.StateHash()
	script(t, s)
	require.NoError(t, s.Reset())
	assert.Equal(t, h0, s.StateHash())
	assert.Empty(t, s.Inputs())
	require.NoError(t, s.SetSeed(8))
	assert.NotEqual(t, h0, s.StateHash())
	assert.Equal(t, uint64(8), s.Seed())
}

// tenThousand is a session 10,001 events into the script's run.
func tenThousand(t testing.TB) *lab.Session {
	s := newSession(t)
	script(t, s)
	_, err := s.StepN(10_001 - int(s.Pos()))
	require.NoError(t, err)
	return s
}

func TestBackFrom10000Events(t *testing.T) {
	s := tenThousand(t)
	h := s.StateHash()
	_, err := s.Step()
	require.NoError(t, err)
	start := time.Now()
	require.NoError(t, s.Back())
	t.Logf("back from %d events without checkpoints: %s", s.Pos()+1, time.Since(start))
	require.Equal(t, h, s.StateHash())

	for more := true; more; {
		more, err = s.Idle(500)
		require.NoError(t, err)
	}
	_, err = s.Step()
	require.NoError(t, err)
	rebuilds := s.Rebuilds
	start = time.Now()
	require.NoError(t, s.Back())
	t.Logf("back with checkpoints: %s", time.Since(start))
	assert.Equal(t, h, s.StateHash())
	assert.Equal(t, rebuilds, s.Rebuilds, "a checkpoint served the step back")

	// Scrubbing to any point with checkpoints, checked against a fresh replay.
	for _, pos := range []uint64{9_999, 5_432, 2_001, 7, 9_000} {
		require.NoError(t, s.GoTo(pos))
		fresh := newSession(t)
		script(t, fresh)
		if pos > fresh.Pos() {
			_, err := fresh.StepN(int(pos - fresh.Pos()))
			require.NoError(t, err)
		} else {
			require.NoError(t, fresh.GoTo(pos))
		}
		require.Equal(t, fresh.StateHash(), s.StateHash(), "position %d", pos)
		for more := true; more; {
			more, err = s.Idle(2000)
			require.NoError(t, err)
		}
	}
}

// BenchmarkBackFrom10000Events is one step back from about 10,000 events: a
// full replay from the seed (rebuild) or from the checkpoint below
// (checkpoints).
func BenchmarkBackFrom10000Events(b *testing.B) {
	b.Run("rebuild", func(b *testing.B) {
		s := tenThousand(b)
		for b.Loop() {
			b.StopTimer()
			s2 := tenThousand(b)
			b.StartTimer()
			require.NoError(b, s2.Back())
		}
		_ = s
	})
	// The worst step back with checkpoints built: from 10,000 to 9,999,
	// 999 steps replayed from the checkpoint at 9,000 (the one at 10,000,
	// and any spare parked past the position, are no help).
	b.Run("checkpoints", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s := tenThousand(b) // fresh: a spare parked at 9,999 would serve the back
			for more := true; more; {
				more, _ = s.Idle(5000)
			}
			require.NoError(b, s.GoTo(10_000))
			b.StartTimer()
			require.NoError(b, s.Back())
		}
	})
}

// BenchmarkScrub10000Events is the slider dragged to any point of a
// 10,001-event history with its checkpoints built: each iteration goes to
// the next of a fixed spread of positions, back or forward, as a seek in
// pieces (the browser's way) or one GoTo. The budget is 50 ms.
func BenchmarkScrub10000Events(b *testing.B) {
	targets := []uint64{5_432, 9_999, 17, 7_001, 2_999, 10_001, 4_500, 8_765, 1_234, 6_000}
	for _, mode := range []string{"goto", "seek"} {
		b.Run(mode, func(b *testing.B) {
			s := tenThousand(b)
			idle := func() {
				for more := true; more; {
					more, _ = s.Idle(5000)
				}
			}
			idle()
			i := 0
			var worst time.Duration
			for b.Loop() {
				to := targets[i%len(targets)]
				i++
				start := time.Now()
				if mode == "goto" {
					require.NoError(b, s.GoTo(to))
				} else {
					k, err := s.Seek(to)
					require.NoError(b, err)
					for done := false; !done; {
						done, err = k.Run(64)
						require.NoError(b, err)
					}
				}
				b.StopTimer()
				worst = max(worst, time.Since(start))
				require.Equal(b, to, s.Pos())
				idle() // the frames after a move rebuild the spare it used
				b.StartTimer()
			}
			b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
		})
	}
}
