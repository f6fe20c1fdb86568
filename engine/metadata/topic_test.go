package metadata

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewTopic(t *testing.T) {
	id := uuid.MustParse("4f3a1c2e-0000-4000-8000-000000000001")
	assignment, err := AssignReplicas([]int32{1, 2, 3}, 3, 3, Layout{0, 0})
	require.NoError(t, err)
	cfg, err := ParseTopicConfig([]string{"min.insync.replicas=2"})
	require.NoError(t, err)

	topic, err := NewTopic("orders", id, assignment, cfg, brokersIn(1, 2, 3))
	require.NoError(t, err)
	assert.Equal(t, id, topic.ID)
	assert.Equal(t, 3, topic.ReplicationFactor())
	assert.False(t, topic.IsInternal())
	assert.Equal(t, "min.insync.replicas=2", topic.Config.Describe())
	for i, p := range topic.Partitions {
		assert.Equal(t, assignment[i][0], p.Leader)
		assert.Equal(t, assignment[i], p.ISR)
		assert.Zero(t, p.LeaderEpoch)
		assert.Zero(t, p.PartitionEpoch)
	}

	// Broker 1 is down at creation: it starts outside the ISR.
	topic, err = NewTopic("orders", id, assignment, cfg, brokersIn(2, 3))
	require.NoError(t, err)
	assert.Equal(t, "Leader: 2\tReplicas: 1,2,3\tIsr: 2,3", topic.Partitions[0].String())

	_, err = NewTopic("bad name", id, assignment, cfg, nil)
	assert.Error(t, err)
	_, err = NewTopic("orders", id, [][]int32{{1}}, cfg, brokersIn())
	assert.Error(t, err)
	assert.Equal(t, 0, Topic{}.ReplicationFactor())
}
