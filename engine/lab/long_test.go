package lab

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// perfCommand is a long command: 30,000 records at 5,000 a second, so the
// tool prints Kafka's 5-second progress lines.
const perfCommand = "kafka-producer-perf-test.sh --topic perf --num-records 30000 --record-size 100 --throughput 5000 --producer-props bootstrap.servers=localhost:9092 acks=all"

// perfSession is a lab with a topic whose segments take the perf test's
// batches (the lab's default segment.bytes is 1024).
func perfSession(t *testing.T) *Session {
	t.Helper()
	s, err := New(Config{Seed: DefaultSeed})
	require.NoError(t, err)
	in, err := s.Command("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic perf --partitions 3 --replication-factor 3 --config segment.bytes=1048576")
	require.NoError(t, err)
	require.Equal(t, 0, in.Result.Status, in.Result.Output)
	return s
}

// TestPauseDoesNotChangeTheRun: a session whose host pauses every
// PauseEvery steps prints the same transcript and reaches the same state as
// one that does not.
func TestPauseDoesNotChangeTheRun(t *testing.T) {
	plain := perfSession(t)
	want, err := plain.Command(perfCommand)
	require.NoError(t, err)
	require.Contains(t, want.Result.Output, " records sent, ", "the perf test ran")
	require.Equal(t, 1, strings.Count(want.Result.Output, "ms max latency.\n"), "a 5-second progress line:\n%s", want.Result.Output)

	s := perfSession(t)
	var calls []Progress
	s.SetPause(func(p Progress) bool { calls = append(calls, p); return false })
	got, err := s.Command(perfCommand)
	require.NoError(t, err)
	assert.Equal(t, want.Result, got.Result)
	assert.Equal(t, want.Steps, got.Steps)
	assert.Equal(t, plain.StateHash(), s.StateHash())
	breaths, steps := 0, 0
	for _, c := range calls {
		assert.False(t, c.Replay)
		if c.Steps == 0 {
			breaths++
		} else {
			steps++
			assert.Zero(t, c.Steps%PauseEvery, "a pause every %d steps", PauseEvery)
		}
	}
	assert.Equal(t, 30000/1024, breaths, "the tool breathes while it fills its payloads, before its first step")
	assert.Equal(t, int(want.Steps/PauseEvery), steps, "one pause every %d steps", PauseEvery)
}

// TestInterruptIsExact: Ctrl-C stops the command after a step; going back
// and forward again, and a share link, replay it to the same step and the
// same state.
func TestInterruptIsExact(t *testing.T) {
	s := perfSession(t)
	calls := 0
	s.SetPause(func(p Progress) bool {
		if p.Replay {
			return false // true would abandon Idle's spare; GoTo must not get it
		}
		if p.Steps > 0 {
			calls++
		}
		return !p.Replay && calls == 5
	})
	in, err := s.Command(perfCommand)
	require.NoError(t, err)
	assert.True(t, in.Interrupted)
	assert.Equal(t, uint64(5*PauseEvery), in.Steps)
	assert.Equal(t, "^C\n", in.Result.Output, "the perf tool prints at its end: nothing before the interrupt")
	assert.Equal(t, InterruptedStatus, in.Result.Status)
	assert.Equal(t, in.At+in.Steps, s.Pos())
	// The cluster goes on: records in flight still arrive.
	_, err = s.StepN(300)
	require.NoError(t, err)
	after := s.StateHash()
	end := s.Pos()

	require.NoError(t, s.GoTo(0))
	require.NoError(t, s.GoTo(end))
	assert.Equal(t, after, s.StateHash(), "replayed to the interrupt")
	assert.Equal(t, in.Result, s.Transcripts()[1].Result)

	code, err := s.ShareCode()
	require.NoError(t, err)
	shared, err := FromShare(Config{}, code)
	require.NoError(t, err)
	assert.Equal(t, after, shared.StateHash(), "a share link replays the interrupt")
	require.Len(t, shared.Inputs(), 2)
	assert.True(t, shared.Inputs()[1].Interrupted)

	// A command that ends before the step a code interrupts it at is a bad
	// code.
	sh := s.Share()
	sh.Inputs[1].Script = "kafka-topics.sh --bootstrap-server localhost:9092 --list"
	bad, err := EncodeShare(sh)
	require.NoError(t, err)
	_, err = FromShare(Config{}, bad)
	assert.ErrorContains(t, err, "ended before step")
}

// TestInterruptWhileFilling: Ctrl-C while the perf tool fills its payloads,
// before its first step, stops it with nothing sent, and replays so.
func TestInterruptWhileFilling(t *testing.T) {
	s := perfSession(t)
	before := s.StateHash()
	s.SetPause(func(Progress) bool { return true })
	in, err := s.Command(perfCommand)
	require.NoError(t, err)
	assert.True(t, in.Interrupted)
	assert.Zero(t, in.Steps)
	assert.Equal(t, "^C\n", in.Result.Output)
	assert.Equal(t, before, s.StateHash(), "nothing ran")
	code, err := s.ShareCode()
	require.NoError(t, err)
	shared, err := FromShare(Config{}, code)
	require.NoError(t, err)
	assert.Equal(t, before, shared.StateHash())
	assert.True(t, shared.Inputs()[1].Interrupted)
}

// TestIdleAbandonsAReplay: a Pause that returns true while Idle replays a
// command to build a spare drops that spare and changes nothing else; the
// spare is built again later, and going back still lands exactly.
func TestIdleAbandonsAReplay(t *testing.T) {
	s := perfSession(t)
	_, err := s.Command(perfCommand)
	require.NoError(t, err)
	_, err = s.StepN(2 * CheckpointEvery)
	require.NoError(t, err)
	end, hash := s.Pos(), s.StateHash()
	abandon := true
	replays := 0
	s.SetPause(func(p Progress) bool {
		if p.Replay {
			replays++
		}
		return p.Replay && abandon
	})
	more, err := s.Idle(400)
	require.NoError(t, err)
	assert.True(t, more, "work remains")
	assert.Positive(t, replays, "Idle replayed the command")
	assert.Nil(t, s.build, "the half-built spare is dropped")
	assert.Equal(t, hash, s.StateHash())
	assert.Equal(t, end, s.Pos())

	abandon = false
	for more && err == nil {
		more, err = s.Idle(100_000)
	}
	require.NoError(t, err)
	require.NoError(t, s.GoTo(end-1))
	require.NoError(t, s.GoTo(end))
	assert.Equal(t, hash, s.StateHash())
}

// TestInterruptKeepsWhatWasPrinted: the host sees the perf tool's 5-second
// line while the command runs (Progress.Printed); Ctrl-C after it keeps
// the line above "^C", and going back and a share link replay the same
// transcript.
func TestInterruptKeepsWhatWasPrinted(t *testing.T) {
	s := perfSession(t)
	seen := ""
	s.SetPause(func(p Progress) bool {
		if p.Replay {
			assert.Nil(t, p.Printed, "a replay's output is known")
			return false
		}
		more := p.Printed(len(seen))
		assert.Equal(t, seen+more, p.Printed(0), "Printed(from) is the output from byte from on")
		seen += more
		return strings.Contains(seen, "records sent")
	})
	in, err := s.Command(perfCommand)
	require.NoError(t, err)
	require.True(t, in.Interrupted)
	assert.Regexp(t, `^\d+ records sent, [\d.]+ records/sec \([\d.]+ MB/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency\.\n$`, seen)
	assert.Equal(t, seen+"^C\n", in.Result.Output, "the line printed before the interrupt stays")
	assert.Equal(t, InterruptedStatus, in.Result.Status)
	end := s.Pos()

	require.NoError(t, s.GoTo(0))
	require.NoError(t, s.GoTo(end))
	assert.Equal(t, in.Result, s.Transcripts()[1].Result)
	code, err := s.ShareCode()
	require.NoError(t, err)
	shared, err := FromShare(Config{}, code)
	require.NoError(t, err)
	assert.Equal(t, in.Result, shared.Transcripts()[1].Result, "a share link replays the transcript")
}
