package record

import (
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/lessons"
	"github.com/stretchr/testify/require"
)

func recording(t *testing.T) *lab.Session {
	t.Helper()
	s, err := lab.New(lab.Config{Seed: 42, Brokers: 3, Bare: true, NoSettle: true})
	require.NoError(t, err)
	cmd := func(script string) {
		in, err := s.Command(script)
		require.NoError(t, err)
		require.Zero(t, in.Result.Status, in.Result.Output)
	}
	cmd("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3 --config min.insync.replicas=2")
	_, err = s.StepN(25)
	require.NoError(t, err)
	cmd("kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --property parse.key=true --property key.separator=: <<EOF\nalice:order-1\nbob:```\nEOF")
	cmd("consumer start c1 --group billing --topic orders")
	_, err = s.StepN(137)
	require.NoError(t, err)
	cmd("stop broker-2")
	_, err = s.StepN(60)
	require.NoError(t, err)
	return s
}

// The file a recording makes loads with the lesson loader and replays, as
// go test ./lessons plays a lesson, to the session's exact state.
func TestScenarioReplaysToTheSameState(t *testing.T) {
	s := recording(t)
	file, err := Scenario(s, "Broker two goes away")
	require.NoError(t, err)
	t.Log("\n" + file)
	l, err := lessons.Parse("en/99-recorded.md", []byte(file))
	require.NoError(t, err)
	require.Equal(t, "Broker two goes away", l.Title)
	require.Equal(t, 3, l.Scenario.BrokerCount())
	require.Equal(t, uint64(42), l.Scenario.SeedValue())
	require.Len(t, l.Steps, 1)
	w, err := l.WorldAt(len(l.Steps), 0)
	require.NoError(t, err)
	require.Equal(t, s.StateHash(), w.C.StateHash())
	require.Empty(t, l.Verify())

	// Back in the history: the file replays to the position shown.
	require.NoError(t, s.GoTo(30))
	file, err = Scenario(s, "")
	require.NoError(t, err)
	require.Contains(t, file, `title: "Recorded scenario"`)
	require.NotContains(t, file, "consumer start")
	l, err = lessons.Parse("en/99-recorded.md", []byte(file))
	require.NoError(t, err)
	w, err = l.WorldAt(1, 0)
	require.NoError(t, err)
	require.Equal(t, s.StateHash(), w.C.StateHash())
}

func TestScenarioRefuses(t *testing.T) {
	plain, err := lab.New(lab.Config{Seed: 7})
	require.NoError(t, err)
	_, err = Scenario(plain, "")
	require.ErrorIs(t, err, ErrNotRecording)

	f, err := lab.New(lab.Config{Seed: 7, Bare: true, NoSettle: true})
	require.NoError(t, err)
	_, err = f.Command("kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic nope")
	require.NoError(t, err)
	_, err = Scenario(f, "")
	require.ErrorContains(t, err, "failed (exit status")
}

func TestEmptyRecording(t *testing.T) {
	s, err := lab.New(lab.Config{Seed: 7, Bare: true, NoSettle: true})
	require.NoError(t, err)
	file, err := Scenario(s, "Empty")
	require.NoError(t, err)
	l, err := lessons.Parse("en/99-empty.md", []byte(file))
	require.NoError(t, err)
	w, err := l.WorldAt(1, 0)
	require.NoError(t, err)
	require.Equal(t, s.StateHash(), w.C.StateHash())
	require.True(t, strings.Contains(file, "```lab\n"))
}

// A recording of a 3-controller lab keeps its quorum, crashes and cut
// controller links included, and replays to the same state.
func TestScenarioKeepsTheQuorum(t *testing.T) {
	s, err := lab.New(lab.Config{Seed: 42, Brokers: 3, Controllers: 3, Bare: true, NoSettle: true})
	require.NoError(t, err)
	in, err := s.Command("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3")
	require.NoError(t, err)
	require.Zero(t, in.Result.Status, in.Result.Output)
	require.NoError(t, s.CutLink("controller-1", "controller-2", false))
	_, err = s.StepN(200)
	require.NoError(t, err)
	require.NoError(t, s.ControllerFault(lab.InputCrashController, "controller-3"))
	_, err = s.StepN(300)
	require.NoError(t, err)
	file, err := Scenario(s, "A quorum under stress")
	require.NoError(t, err)
	require.Contains(t, file, "  controllers: 3\n")
	l, err := lessons.Parse("en/99-recorded.md", []byte(file))
	require.NoError(t, err)
	require.Equal(t, 3, l.Scenario.ControllerCount())
	w, err := l.WorldAt(len(l.Steps), 0)
	require.NoError(t, err)
	require.Equal(t, s.StateHash(), w.C.StateHash(), "the lesson's world is the recorded lab:\n%s", file)
}
