package cluster_test

import (
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/stretchr/testify/require"
)

// KIP-704: an unclean election leaves the partition RECOVERING with the ISR
// [leader]; the new leader marks itself RECOVERED as it takes over
// (Partition.makeLeader), a follower holds the controller's RECOVERING until
// the leader's first ISR expansion, which carries RECOVERED, and the
// controller writes the bigger ISR and RECOVERED in one record.
func TestUncleanElectionLeaderRecovery(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 6}, "min.insync.replicas=1", "unclean.leader.election.enable=true")
	produceN(t, c, "all", "a")
	_, err := c.RunUntilIdle()
	require.NoError(t, err)
	require.NoError(t, c.CrashBroker(2))
	require.NoError(t, c.CrashBroker(3))
	_, err = c.RunFor(12_000)
	require.NoError(t, err)
	produceN(t, c, "all", "b")
	seq := c.Sim().LastSeq()
	require.NoError(t, c.CrashBroker(1))
	require.NoError(t, c.RestartBroker(2))
	_, err = c.RunFor(15_000)
	require.NoError(t, err)

	reg, ok := c.ControllerPartition("t", 0)
	require.True(t, ok)
	require.Equal(t, int32(2), reg.Leader, "broker 2 elected uncleanly")
	require.Equal(t, []int32{2}, reg.ISR)
	require.True(t, reg.Recovering, "an unclean election leaves the partition RECOVERING")
	require.NotEmpty(t, labels(c, seq, "was marked as RECOVERING. Marking the topic partition as RECOVERED."))
	l, ok := c.Replica(2, "t", 0)
	require.True(t, ok)
	require.False(t, l.Recovering, "the leader is RECOVERED at once")
	var sawRecord bool
	for _, e := range c.Sim().TraceAfter(seq) {
		if strings.HasPrefix(e.Label, "controller appends PartitionChangeRecord") &&
			strings.Contains(e.Summary, "Leader: 2") && strings.HasSuffix(e.Summary, "LeaderRecoveryState: RECOVERING") {
			sawRecord = true
		}
	}
	require.True(t, sawRecord, "the metadata record shows LeaderRecoveryState: RECOVERING")

	// Broker 3 comes back: it follows in RECOVERING until broker 2 expands
	// the ISR with it, which ends the recovery.
	seq = c.Sim().LastSeq()
	require.NoError(t, c.RestartBroker(3))
	sawFollowerRecovering := false
	for range 20_000 {
		if _, err := c.Step(1); err != nil {
			break
		}
		if f, ok := c.Replica(3, "t", 0); ok && f.Leader == 2 && f.Recovering {
			sawFollowerRecovering = true
		}
		if r, _ := c.ControllerPartition("t", 0); !r.Recovering {
			break
		}
	}
	require.True(t, sawFollowerRecovering, "a follower holds the controller's RECOVERING")
	reg, _ = c.ControllerPartition("t", 0)
	require.False(t, reg.Recovering)
	require.ElementsMatch(t, []int32{2, 3}, reg.ISR, "RECOVERED comes with the first ISR expansion")
	require.NotEmpty(t, labels(c, seq, "has recovered from its unclean election (LeaderRecoveryState RECOVERING → RECOVERED)"))
	_, err = c.RunFor(2000)
	require.NoError(t, err)
	f, ok := c.Replica(3, "t", 0)
	require.True(t, ok)
	require.False(t, f.Recovering, "the follower learns RECOVERED from the metadata log")
}
