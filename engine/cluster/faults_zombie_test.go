package cluster_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/stretchr/testify/require"
)

// A leader cut off from the controller and its followers is fenced and
// replaced; once the links heal it learns the new metadata and follows.
func TestCutOffLeaderRejoinsAsFollower(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 8})
	produceN(t, c, "all", "a")
	for _, n := range []string{"controller", "broker-2", "broker-3"} {
		require.NoError(t, c.CutLink("broker-1", sim.NodeID(n), false))
	}
	_, err := c.RunFor(12_000)
	require.NoError(t, err)
	_, _, leader, _, _ := replica(t, c, 2)
	require.Equal(t, int32(2), leader)
	require.NoError(t, c.HealAll())
	seq := c.Sim().LastSeq()
	_, err = c.RunFor(6_000)
	require.NoError(t, err)
	for _, e := range c.Sim().TraceAfter(seq) {
		if e.From == "broker-1" || e.To == "broker-1" {
			t.Log(e.Time, e.Kind, e.From, e.To, e.Label)
		}
	}
	require.NotEmpty(t, labels(c, seq, "broker 1 follows broker 2"))
}
