package lab

import (
	"flag"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var seekSeed = flag.Uint64("seek-seed", 0, "replay TestChunkedSeekEqualsGoTo with this seed")

// seekCommand is a long command for the seek tests: long enough to cross
// several checkpoints and pause many times, short enough to replay often.
const seekCommand = "kafka-producer-perf-test.sh --topic perf --num-records 3000 --record-size 100 --throughput 1000 --producer-props bootstrap.servers=localhost:9092"

// seekHistory is a history with a long command between ordinary steps and
// produces: the terminal's commands and the panel's inputs, then steps.
func seekHistory(t *testing.T) *Session {
	t.Helper()
	s := perfSession(t)
	_, err := s.StepN(300)
	require.NoError(t, err)
	_, err = s.Produce(ProduceRequest{Topic: DefaultTopic, Key: "user-2", Value: "a"})
	require.NoError(t, err)
	in, err := s.Command(seekCommand)
	require.NoError(t, err)
	require.Greater(t, in.Steps, uint64(2*CheckpointEvery), "the command spans checkpoints")
	_, err = s.StepN(1500)
	require.NoError(t, err)
	_, err = s.Produce(ProduceRequest{Topic: DefaultTopic, Key: "user-3", Value: "b"})
	require.NoError(t, err)
	_, err = s.StepN(700)
	require.NoError(t, err)
	return s
}

// TestChunkedSeekEqualsGoTo: seeking in pieces, with a host that drops
// seeks for other targets midway (inside a command's replay too) and
// builds spares in between, lands on the position and the state GoTo
// reaches on a twin session, for random targets.
func TestChunkedSeekEqualsGoTo(t *testing.T) {
	seed := *seekSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay: go test ./engine/lab -run TestChunkedSeekEqualsGoTo -seek-seed %d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))

	chunked, direct := seekHistory(t), seekHistory(t)
	require.Equal(t, direct.StateHash(), chunked.StateHash())
	head := chunked.Head()
	abandons, pauses := 0, 0
	abandonNext := false
	chunked.SetPause(func(p Progress) bool {
		pauses++
		if p.Abandon && abandonNext && rng.IntN(16) == 0 {
			abandonNext = false
			abandons++
			return true
		}
		return false
	})
	for i := range 20 {
		target := rng.Uint64N(head + 1)
		// The learner drags: a few seeks dropped on the way, then the target.
		for range rng.IntN(4) {
			k, err := chunked.Seek(rng.Uint64N(head + 1))
			require.NoError(t, err, "seed %d", seed)
			abandonNext = true
			_, err = k.Run(1 + rng.IntN(4000))
			if err != nil {
				require.ErrorIs(t, err, ErrSeekAbandoned, "seed %d", seed)
			}
			k.Stop()
		}
		abandonNext = false
		k, err := chunked.Seek(target)
		require.NoError(t, err, "seed %d", seed)
		want := k.Landing()
		for {
			done, err := k.Run(1 + rng.IntN(300))
			require.NoError(t, err, "seed %d, target %d", seed, target)
			if done {
				break
			}
		}
		require.NoError(t, direct.GoTo(target))
		require.Equal(t, direct.Pos(), chunked.Pos(), "seed %d, seek %d to %d", seed, i, target)
		require.Equal(t, want, chunked.Pos(), "seed %d: Landing said where it lands", seed)
		require.Equal(t, direct.StateHash(), chunked.StateHash(), "seed %d, seek %d to %d", seed, i, target)
		require.Equal(t, len(direct.Transcripts()), len(chunked.Transcripts()), "seed %d", seed)
		require.Equal(t, head, chunked.Head(), "seeking keeps the history")
		if rng.IntN(2) == 0 {
			_, err := chunked.Idle(rng.IntN(3000))
			require.NoError(t, err, "seed %d", seed)
		}
	}
	t.Logf("%d pauses, %d seeks abandoned inside a command", pauses, abandons)
	require.NoError(t, chunked.GoTo(head))
	require.NoError(t, direct.GoTo(head))
	assert.Equal(t, direct.StateHash(), chunked.StateHash())
}

// TestSeekBackAbandonedLeavesTheSession: a seek going back that its host
// abandons inside a command's replay changes nothing the learner sees.
func TestSeekBackAbandonedLeavesTheSession(t *testing.T) {
	s := seekHistory(t)
	pos, hash := s.Pos(), s.StateHash()
	var seen []Progress
	s.SetPause(func(p Progress) bool {
		seen = append(seen, p)
		return p.Abandon && p.Steps >= 10*PauseEvery
	})
	k, err := s.Seek(pos - 1)
	require.NoError(t, err)
	done, total := k.Progress()
	assert.Zero(t, done)
	assert.Equal(t, pos-1, total, "no spare yet: from the seed")
	done2, err := k.Run(1 << 30)
	require.ErrorIs(t, err, ErrSeekAbandoned)
	assert.False(t, done2)
	require.NotEmpty(t, seen)
	assert.True(t, seen[len(seen)-1].Abandon && seen[len(seen)-1].Replay)
	assert.Equal(t, pos, s.Pos())
	assert.Equal(t, hash, s.StateHash())

	// A forward seek on the current run may not be abandoned.
	s.SetPause(func(p Progress) bool {
		assert.False(t, p.Abandon, "a forward seek steps the current run")
		return false
	})
	require.NoError(t, s.GoTo(0))
	k, err = s.Seek(pos)
	require.NoError(t, err)
	for {
		done, err := k.Run(100)
		require.NoError(t, err)
		if done {
			break
		}
	}
	assert.Equal(t, hash, s.StateHash())
}

// TestSeekLandsBeforeACommand: a target inside a command's steps lands
// where the command started, as GoTo does.
func TestSeekLandsBeforeACommand(t *testing.T) {
	s := seekHistory(t)
	var cmd Input
	for _, in := range s.Inputs() {
		if in.Kind == InputCommand && in.Script == seekCommand {
			cmd = in
		}
	}
	k, err := s.Seek(cmd.At + cmd.Steps/2)
	require.NoError(t, err)
	assert.Equal(t, cmd.At, k.Landing())
	for done := false; !done; {
		done, err = k.Run(50)
		require.NoError(t, err)
	}
	assert.Equal(t, cmd.At, s.Pos())
}

// TestSeekToTheStartAppliesItsInputs: a seek back to position 0, built
// from the seed, applies the inputs stamped there, as GoTo does.
func TestSeekToTheStartAppliesItsInputs(t *testing.T) {
	s, err := New(Config{Seed: DefaultSeed})
	require.NoError(t, err)
	_, err = s.Produce(ProduceRequest{Topic: DefaultTopic, Key: "user-2", Value: "a"})
	require.NoError(t, err)
	want := s.StateHash()
	_, err = s.StepN(50)
	require.NoError(t, err)
	k, err := s.Seek(0)
	require.NoError(t, err)
	done, err := k.Run(10)
	require.NoError(t, err)
	assert.True(t, done)
	assert.Equal(t, uint64(0), s.Pos())
	assert.Equal(t, want, s.StateHash())
}
