package cluster_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/stretchr/testify/require"
)

// The shutdown button queues a controlled shutdown; the broker's process
// exits during the steps after it once its leaderships have moved, when
// stepped with Step (the tools' `step N`) as with the lab's own step.
func TestPanelShutdownEndsWithinSteps(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 3})
	require.NoError(t, c.PanelBroker("shutdown", 1))
	require.True(t, c.Sim().IsUp(cluster.BrokerNode(1)), "queued, not run")
	for range 500 {
		if !c.Sim().IsUp(cluster.BrokerNode(1)) {
			break
		}
		_, err := c.Step(1)
		require.NoError(t, err)
	}
	require.False(t, c.Sim().IsUp(cluster.BrokerNode(1)), "the broker exits after its clean shutdown")
	require.NoError(t, c.PanelBroker("restart", 1))
	_, err := c.RunUntilIdle()
	require.NoError(t, err)
	require.True(t, c.Sim().IsUp(cluster.BrokerNode(1)))
	require.ErrorContains(t, c.PanelBroker("reboot", 1), "not a broker button")
	require.ErrorContains(t, c.PanelLink("snip", "broker-1", "broker-2", false, 0), "not a link action")
}
