package cluster_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// Dynamic configs are metadata like any other: a controller that becomes
// active rebuilds them from the committed ConfigRecords, so a failover
// neither loses a kafka-configs.sh change nor applies it twice.
func TestQuorumFailoverKeepsDynamicConfigs(t *testing.T) {
	c := newQuorumCluster(t, 3)
	_, err := c.CreateTopic(toolsapi.CreateTopic{Name: "orders", Partitions: 1, ReplicationFactor: 3})
	require.NoError(t, err)
	require.NoError(t, c.AlterConfigs("topics", "orders", []toolsapi.ConfigOp{{Name: "retention.ms", Value: "60000"}}))
	require.NoError(t, c.AlterConfigs("brokers", "", []toolsapi.ConfigOp{{Name: "log.retention.ms", Value: "120000"}}))
	_, err = c.RunFor(1000)
	require.NoError(t, err)
	old := activeNode(t, c)
	require.NoError(t, c.CrashController(old))
	_, err = c.RunFor(5000)
	require.NoError(t, err)
	require.NotEqual(t, old, activeNode(t, c))
	// A later change of another key keeps the first: the new active
	// controller computes it over the overrides it replayed.
	require.NoError(t, c.AlterConfigs("topics", "orders", []toolsapi.ConfigOp{{Name: "segment.ms", Value: "30000"}}))
	var cfg = c.Snapshot().Controller.Topics[0].Config
	require.EqualValues(t, 60000, cfg.RetentionMs, "the topic override survived the failover")
	require.EqualValues(t, 30000, cfg.SegmentMs)
	require.NoError(t, c.CheckInvariants(), "every controller's image equals the replay of its committed log")
}
