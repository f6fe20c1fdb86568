package cluster_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/stretchr/testify/require"
)

// A follower's Fetch lost on the network times out after
// replica.socket.timeout.ms; the follower backs off and fetches again, so it
// catches up and stays in the ISR (before, one lost Fetch stalled it until
// it restarted).
func TestLostFollowerFetchTimesOut(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 5})
	produceN(t, c, "all", "a")
	require.NoError(t, c.DropNextMessages("broker-2", "broker-1", 1))
	_, err := c.RunFor(1_000) // broker 2's next Fetch is lost
	require.NoError(t, err)
	seq := c.Sim().LastSeq()
	produceN(t, c, "1", "b", "c")
	_, err = c.RunFor(40_000)
	require.NoError(t, err)
	require.NotEmpty(t, labels(c, seq, "follower broker-2: its Fetch to broker-1 timed out after replica.socket.timeout.ms (30000 ms)"))
	leo1, _, _, _, _ := replica(t, c, 1)
	leo2, hw2, _, _, _ := replica(t, c, 2)
	_, _, _, _, isr := replica(t, c, 1)
	require.Equal(t, leo1, leo2)
	require.Equal(t, leo1, hw2)
	require.ElementsMatch(t, []int32{1, 2, 3}, isr)
}

// A leader that crashes and restarts closed its followers' connections:
// their Fetch in flight fails as soon as they see its new registration, so
// when it leads again (here by preferred leader election) they fetch from it
// at once. Before, the fetcher to broker 1 kept waiting for an answer that
// would never come, and the followers never fetched from it again.
func TestRestartedLeaderFailsFetchesInFlight(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 6})
	produceN(t, c, "all", "a")
	require.NoError(t, c.RestartBroker(1))
	_, err := c.RunFor(15_000)
	require.NoError(t, err)
	_, _, leader, _, _ := replica(t, c, 2)
	require.NotEqual(t, int32(1), leader)
	_, err = c.ElectPreferredLeaders("t")
	require.NoError(t, err)
	_, err = c.RunFor(1_000)
	require.NoError(t, err)
	_, _, leader, _, _ = replica(t, c, 2)
	require.Equal(t, int32(1), leader)
	produceN(t, c, "all", "b")
	_, err = c.RunFor(1_000)
	require.NoError(t, err)
	leo1, _, _, _, isr := replica(t, c, 1)
	require.ElementsMatch(t, []int32{1, 2, 3}, isr)
	for _, id := range []int32{2, 3} {
		leo, _, _, _, _ := replica(t, c, id)
		require.Equal(t, leo1, leo, "broker %d", id)
	}
}

// A BrokerRegistration lost on the network is sent again; the broker
// registers, catches up and rejoins the ISR.
func TestLostRegistrationIsResent(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 7})
	produceN(t, c, "all", "a")
	require.NoError(t, c.CrashBroker(3))
	require.NoError(t, c.DropNextMessages("broker-3", "controller", 1))
	require.NoError(t, c.StartBroker(3))
	_, err := c.RunFor(40_000)
	require.NoError(t, err)
	produceN(t, c, "all", "b")
	_, err = c.RunFor(2_000)
	require.NoError(t, err)
	leo3, _, _, _, _ := replica(t, c, 3)
	_, _, leader, _, isr := replica(t, c, 1)
	lleo, _, _, _, _ := replica(t, c, leader)
	require.Equal(t, lleo, leo3)
	require.Contains(t, isr, int32(3))
}
