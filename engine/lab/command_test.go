package lab_test

import (
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const describe = "kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic order_events"

func TestCommandDescribePrintsKafkasFormat(t *testing.T) {
	s := newSession(t)
	in, err := s.Command(describe)
	require.NoError(t, err)
	assert.Equal(t, 0, in.Result.Status)
	lines := strings.Split(strings.TrimRight(in.Result.Output, "\n"), "\n")
	require.Len(t, lines, 4, in.Result.Output)
	assert.Regexp(t, `^Topic: order_events\tTopicId: \S+\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: `, lines[0])
	assert.Regexp(t, `^\tTopic: order_events\tPartition: 0\tLeader: 1\tReplicas: `, lines[1])
	require.Len(t, s.Transcripts(), 1)
}

func TestCommandIsReplayedExactly(t *testing.T) {
	s := newSession(t)
	_, err := s.StepN(5)
	require.NoError(t, err)
	before, at := s.StateHash(), s.Pos()
	in, err := s.Command("kafka-console-producer.sh --bootstrap-server localhost:9092 --topic order_events \\\n  --property parse.key=true --property key.separator=: <<EOF\nalice:order-1\nbob:order-2\nEOF")
	require.NoError(t, err)
	require.Equal(t, 0, in.Result.Status, in.Result.Output)
	require.Positive(t, in.Steps, "the producer settles the simulation")
	assert.Equal(t, at+in.Steps, s.Pos())
	assert.Equal(t, s.Pos(), s.Head())
	after := s.StateHash()

	// Back lands before the command, exactly.
	require.NoError(t, s.Back())
	assert.Equal(t, at, s.Pos())
	assert.Equal(t, before, s.StateHash())
	assert.Empty(t, s.Transcripts())
	// A position inside the command's span lands before it too.
	require.NoError(t, s.GoTo(at+in.Steps/2))
	assert.Equal(t, at, s.Pos())
	// Step redoes it.
	ok, err := s.Step()
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, at+in.Steps, s.Pos())
	assert.Equal(t, after, s.StateHash())
	require.Len(t, s.Transcripts(), 1)
	assert.Equal(t, in.Result, s.Transcripts()[0].Result)

	// From the seed, then checkpoints built in the background.
	require.NoError(t, s.GoTo(0))
	for more := true; more; {
		more, err = s.Idle(10_000)
		require.NoError(t, err)
	}
	require.NoError(t, s.GoTo(s.Head()))
	assert.Equal(t, after, s.StateHash())

	// A new session with the same inputs reaches the same state.
	s2 := newSession(t)
	_, err = s2.StepN(5)
	require.NoError(t, err)
	in2, err := s2.Command(in.Script)
	require.NoError(t, err)
	assert.Equal(t, in.Result, in2.Result)
	assert.Equal(t, after, s2.StateHash())
}

func TestBadCommandPrintsKafkasError(t *testing.T) {
	s := newSession(t)
	in, err := s.Command("kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic nope")
	require.NoError(t, err)
	assert.Equal(t, 1, in.Result.Status)
	assert.Contains(t, in.Result.Output, "Topic 'nope' does not exist as expected")

	in, err = s.Command("kafka-topics.sh --list $X")
	require.NoError(t, err)
	assert.Equal(t, 2, in.Result.Status)
	assert.True(t, in.Result.Rejected)
	assert.Len(t, s.Inputs(), 1, "a script that does not parse is not recorded")
	_ = lab.InputCommand
}
