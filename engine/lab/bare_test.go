package lab

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A bare session starts with no topic, and an unsettled one leaves time to
// the learner: a command that acts on the cluster returns without running
// the simulation on.
func TestBareUnsettled(t *testing.T) {
	s, err := New(Config{Seed: 7, Bare: true, NoSettle: true})
	require.NoError(t, err)
	require.Empty(t, s.Cluster().Snapshot().Controller.Topics)
	in, err := s.Command("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1")
	require.NoError(t, err)
	require.Zero(t, in.Result.Status, in.Result.Output)

	settled, err := New(Config{Seed: 7, Bare: true})
	require.NoError(t, err)
	_, err = settled.Command("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1")
	require.NoError(t, err)
	in, err = s.Command("consumer start c1 --group g --topic t")
	require.NoError(t, err)
	in2, err := settled.Command("consumer start c1 --group g --topic t")
	require.NoError(t, err)
	require.Greater(t, in2.Steps, in.Steps, "settling runs the simulation on after the command")
}
