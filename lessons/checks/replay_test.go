package checks

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/stretchr/testify/require"
)

// lostWriteSession loses an acknowledged write (lesson 10: the ISR shrinks
// to the leader, it acknowledges alone, then crashes and an out-of-date
// replica is elected) in a lab session, command by command.
func lostWriteSession(t testing.TB) (*lab.Session, []string) {
	t.Helper()
	s, err := lab.New(lab.Config{Seed: 1, Bare: true, NoSettle: true})
	require.NoError(t, err)
	script := []string{ // lessons/en/10-lose-a-write.md
		"kafka-topics.sh --bootstrap-server localhost:9092 --create --topic jepsen --replica-assignment 1:2:3 --config min.insync.replicas=1 --config unclean.leader.election.enable=true\nrun idle",
		"crash broker-2\ncrash broker-3\nrun 40s",
		"printf 'w-2\\nw-3\\n' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic jepsen --producer-property acks=all",
		"crash broker-1\nrestart broker-2\nrestart broker-3\nrun 20s",
	}
	for _, sc := range script {
		in, err := s.Command(sc)
		require.NoError(t, err)
		require.Zero(t, in.Result.Status, "%s: %s", sc, in.Result.Output)
	}
	return s, script
}

// A replayed copy sees what a World running the same commands sees,
// including history (an acknowledged write that was lost), and leaves the
// learner's cluster alone even for checks that send requests.
func TestReplayed(t *testing.T) {
	s, script := lostWriteSession(t)
	w, err := NewWorld(3, 1)
	require.NoError(t, err)
	for _, sc := range script {
		require.NoError(t, w.Run(sc))
	}
	require.Equal(t, w.C.StateHash(), s.StateHash())

	before := s.StateHash()
	cp, err := Replayed(s)
	require.NoError(t, err)
	require.NotSame(t, s.Cluster(), cp.C)
	require.Equal(t, w.Lost("jepsen"), cp.Lost("jepsen"))
	lost, err := New("acked_write_lost", map[string]any{"topic": "jepsen"})
	require.NoError(t, err)
	require.True(t, lost.Eval(w).Met, lost.Eval(w).Why.EN)
	require.Equal(t, lost.Eval(w), lost.Eval(cp))
	// On the live cluster, attached without history, it is not seen: why
	// history checks replay.
	require.False(t, lost.Eval(Attach(s.Cluster())).Met)
	require.Equal(t, before, s.StateHash())

	// Going back: the copy is of the position shown.
	require.NoError(t, s.GoTo(s.Pos()/2))
	cp, err = Replayed(s)
	require.NoError(t, err)
	require.Equal(t, s.StateHash(), cp.C.StateHash())
}

// BenchmarkReplayed: what an exercise's check costs when it must replay
// the learner's run (natively; the wasm is slower).
func BenchmarkReplayed(b *testing.B) {
	s, _ := lostWriteSession(b)
	for b.Loop() {
		if _, err := Replayed(s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(s.Pos()), "steps")
}
