package metadata

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

func TestAlterPartition(t *testing.T) {
	p := part([]int32{1, 2, 3}, []int32{1, 2}, 1) // leader epoch 4, partition epoch 9
	ok := func(isr ...int32) AlterPartition {
		return AlterPartition{BrokerID: 1, LeaderEpoch: 4, PartitionEpoch: 9, NewISR: isr}
	}
	for _, tc := range []struct {
		name string
		req  AlterPartition
		code *kerr.Error
		msg  string
	}{
		{"newer leader epoch", AlterPartition{BrokerID: 1, LeaderEpoch: 5, PartitionEpoch: 9, NewISR: []int32{1}}, kerr.NotController,
			"NOT_CONTROLLER: Rejecting AlterPartition request from node 1 because its leader epoch 5 is newer than the controller's 4."},
		{"newer partition epoch", AlterPartition{BrokerID: 1, LeaderEpoch: 4, PartitionEpoch: 10, NewISR: []int32{1}}, kerr.NotController,
			"NOT_CONTROLLER: Rejecting AlterPartition request from node 1 because its partition epoch 10 is newer than the controller's 9."},
		{"stale leader epoch", AlterPartition{BrokerID: 1, LeaderEpoch: 3, PartitionEpoch: 9, NewISR: []int32{1}}, kerr.FencedLeaderEpoch,
			"FENCED_LEADER_EPOCH: Rejecting AlterPartition request from node 1 because the current leader epoch is 4, not 3."},
		{"not the leader", AlterPartition{BrokerID: 2, LeaderEpoch: 4, PartitionEpoch: 9, NewISR: []int32{2}}, kerr.InvalidRequest,
			"INVALID_REQUEST: Rejecting AlterPartition request from node 2 because the current leader is 1."},
		{"stale partition epoch", AlterPartition{BrokerID: 1, LeaderEpoch: 4, PartitionEpoch: 8, NewISR: []int32{1}}, InvalidUpdateVersion,
			"INVALID_UPDATE_VERSION: Rejecting AlterPartition request from node 1 because the current partition epoch is 9, not 8."},
		{"not a replica", ok(1, 7), kerr.InvalidRequest,
			"INVALID_REQUEST: Rejecting AlterPartition request from node 1 because it specified an invalid ISR [1 7]."},
		{"duplicate", ok(1, 2, 2), kerr.InvalidRequest,
			"INVALID_REQUEST: Rejecting AlterPartition request from node 1 because it specified an invalid ISR [1 2 2]."},
		{"without the leader", ok(2, 3), kerr.InvalidRequest,
			"INVALID_REQUEST: Rejecting AlterPartition request from node 1 because it specified an invalid ISR [2 3] that doesn't include itself."},
		{"empty", ok(), kerr.InvalidRequest,
			"INVALID_REQUEST: Rejecting AlterPartition request from node 1 because it specified an invalid ISR [] that doesn't include itself."},
		{"recovering with followers", AlterPartition{BrokerID: 1, LeaderEpoch: 4, PartitionEpoch: 9, NewISR: []int32{1, 2}, Recovering: true}, kerr.InvalidRequest,
			"INVALID_REQUEST: Rejecting AlterPartition request from node 1 because the ISR [1 2] had more than one replica while the leader was still recovering from an unclean leader election."},
		{"back to recovering", AlterPartition{BrokerID: 1, LeaderEpoch: 4, PartitionEpoch: 9, NewISR: []int32{1}, Recovering: true}, kerr.InvalidRequest,
			"INVALID_REQUEST: Rejecting AlterPartition request from node 1 because the leader recovery state cannot change from RECOVERED to RECOVERING."},
		{"ineligible", ok(1, 2, 3), IneligibleReplica,
			"INELIGIBLE_REPLICA: Rejecting AlterPartition request from node 1 because it specified ineligible replicas [3] in the new ISR [1 2 3]."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := p.Apply(tc.req, brokersIn(1, 2))
			require.Error(t, err)
			assert.Equal(t, tc.msg, err.Error())
			assert.ErrorIs(t, err, tc.code)
			assert.Equal(t, tc.code.Code, kerr.Code(err))
			assert.Equal(t, p, got)
		})
	}
}

func TestAlterPartitionAccepted(t *testing.T) {
	p := part([]int32{1, 2, 3}, []int32{1, 2}, 1)

	// Expand: only the partition epoch moves.
	next, err := p.Apply(AlterPartition{BrokerID: 1, LeaderEpoch: 4, PartitionEpoch: 9, NewISR: []int32{1, 2, 3}}, nil)
	require.NoError(t, err)
	assert.Equal(t, []int32{1, 2, 3}, next.ISR)
	assert.Equal(t, int32(4), next.LeaderEpoch)
	assert.Equal(t, int32(10), next.PartitionEpoch)
	assert.Equal(t, []int32{1, 2}, p.ISR)

	// The same request again is now stale: another change won.
	_, err = next.Apply(AlterPartition{BrokerID: 1, LeaderEpoch: 4, PartitionEpoch: 9, NewISR: []int32{1}}, nil)
	assert.ErrorIs(t, err, InvalidUpdateVersion)
	assert.Equal(t, int16(95), kerr.Code(err))

	// Shrink with the new epoch.
	shrunk, err := next.Apply(AlterPartition{BrokerID: 1, LeaderEpoch: 4, PartitionEpoch: 10, NewISR: []int32{1}}, nil)
	require.NoError(t, err)
	assert.Equal(t, int32(11), shrunk.PartitionEpoch)
	assert.Equal(t, int32(4), shrunk.LeaderEpoch)

	// No change: no new epoch.
	same, err := shrunk.Apply(AlterPartition{BrokerID: 1, LeaderEpoch: 4, PartitionEpoch: 11, NewISR: []int32{1}}, nil)
	require.NoError(t, err)
	assert.Equal(t, shrunk, same)

	// A leader elected uncleanly reports recovery done, then expands.
	rec := Partition{Replicas: []int32{1, 2}, ISR: []int32{2}, Leader: 2, LeaderEpoch: 1, PartitionEpoch: 1, Recovering: true}
	done, err := rec.Apply(AlterPartition{BrokerID: 2, LeaderEpoch: 1, PartitionEpoch: 1, NewISR: []int32{2}}, nil)
	require.NoError(t, err)
	assert.False(t, done.Recovering)
	assert.Equal(t, int32(2), done.PartitionEpoch)
}
