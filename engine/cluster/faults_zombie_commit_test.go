package cluster_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

// cutOffLeader cuts broker 1, the leader, off from the controller and both
// followers; producer-1 can still reach it.
func cutOffLeader(t *testing.T, c *cluster.Cluster) uint64 {
	t.Helper()
	for _, n := range []string{"controller", "broker-2", "broker-3"} {
		require.NoError(t, c.CutLink("broker-1", sim.NodeID(n), false))
	}
	return c.Sim().LastSeq()
}

func logValues(t *testing.T, c *cluster.Cluster) []string {
	t.Helper()
	recs, err := c.Fetch(tools.FetchSpec{Topic: "t", Offset: tools.Earliest, TimeoutMs: 500})
	require.NoError(t, err)
	var out []string
	for _, r := range recs {
		out = append(out, string(r.Value))
	}
	return out
}

// A zombie leader cannot commit: its ISR shrink never reaches the
// controller (and is rejected with FENCED_LEADER_EPOCH once it does), so its
// ISR still holds the followers, which no longer fetch from it; its high
// watermark stays where they left it. An acks=all record it appends is
// never acknowledged by it; the producer times out, refreshes its metadata
// and the record is written by the new leader.
func TestZombieLeaderAcksAllNeverCommits(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 11}, "min.insync.replicas=2")
	produceN(t, c, "all", "a")
	_, hw0, _, _, _ := replica(t, c, 1)
	seq := cutOffLeader(t, c)
	reps := produceN(t, c, "all", "z") // runs until delivered (through the new leader) or failed
	require.Empty(t, labels(c, seq, "leader (broker 1) advances the high watermark"), "the zombie committed")
	require.NoError(t, c.HealAll())
	_, err := c.RunFor(10_000)
	require.NoError(t, err)
	_, hw1, leader, _, _ := replica(t, c, 1)
	require.NotEqual(t, int32(1), leader)
	require.GreaterOrEqual(t, hw1, hw0)
	vals := logValues(t, c)
	if reps[0].Err == nil {
		require.Equal(t, "z", vals[reps[0].Offset], "an acknowledged acks=all record is in the new leader's log")
	}
	require.Equal(t, "a", vals[0])
}

// With acks=1 the zombie acknowledges at once; once the links heal it
// learns it was replaced, follows the new leader and truncates the record:
// an acknowledged write is lost, as Kafka documents for acks=1.
func TestZombieLeaderAcksOneTruncated(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 12})
	produceN(t, c, "all", "a")
	cutOffLeader(t, c)
	reps := produceN(t, c, "1", "z")
	require.NoError(t, reps[0].Err)
	require.Equal(t, int64(1), reps[0].Offset)
	_, err := c.RunFor(12_000) // the controller fences broker 1 and elects broker 2
	require.NoError(t, err)
	require.NoError(t, c.HealAll())
	seq := c.Sim().LastSeq()
	_, err = c.RunFor(10_000)
	require.NoError(t, err)
	require.NotEmpty(t, labels(c, seq, "follower broker-1 truncates t-0 from LEO 2 to 1"))
	require.Equal(t, []string{"a"}, logValues(t, c))
}
