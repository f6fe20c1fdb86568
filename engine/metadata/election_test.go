package metadata

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

func brokersIn(ids ...int32) func(int32) bool {
	return func(b int32) bool { return slices.Contains(ids, b) }
}

func part(replicas, isr []int32, leader int32) Partition {
	return Partition{Replicas: replicas, ISR: isr, Leader: leader, LeaderEpoch: 4, PartitionEpoch: 9}
}

func TestElections(t *testing.T) {
	r123 := []int32{1, 2, 3}
	for _, tc := range []struct {
		name       string
		elect      func(Partition) (int32, []int32, bool)
		p          Partition
		leader     int32
		isr        []int32
		ok         bool
		recovering bool
	}{
		{"clean keeps a healthy leader", func(p Partition) (int32, []int32, bool) { return ElectClean(p, brokersIn(1, 2, 3)) },
			part(r123, []int32{2, 1, 3}, 2), 2, []int32{2, 1, 3}, true, false},
		{"clean: leader died, first ISR replica in assignment order", func(p Partition) (int32, []int32, bool) { return ElectClean(p, brokersIn(2, 3)) },
			part(r123, []int32{3, 2, 1}, 1), 2, []int32{3, 2}, true, false},
		{"clean: follower died, leader stays, ISR shrinks", func(p Partition) (int32, []int32, bool) { return ElectClean(p, brokersIn(1, 3)) },
			part(r123, r123, 1), 1, []int32{1, 3}, true, false},
		{"clean: alive replica outside the ISR is not eligible", func(p Partition) (int32, []int32, bool) { return ElectClean(p, brokersIn(3)) },
			part(r123, []int32{1, 2}, 1), NoLeader, []int32{1, 2}, false, false},
		{"clean: last ISR member dies, ISR keeps it, no leader", func(p Partition) (int32, []int32, bool) { return ElectClean(p, brokersIn(2, 3)) },
			part(r123, []int32{1}, 1), NoLeader, []int32{1}, false, false},
		{"clean: the last ISR member returns", func(p Partition) (int32, []int32, bool) { return ElectClean(p, brokersIn(1, 2, 3)) },
			part(r123, []int32{1}, NoLeader), 1, []int32{1}, true, false},
		{"unclean: same as clean when an ISR member lives", func(p Partition) (int32, []int32, bool) { return ElectUnclean(p, brokersIn(2, 3)) },
			part(r123, []int32{1, 2}, 1), 2, []int32{2}, true, false},
		{"unclean: first alive replica, ISR = [leader]", func(p Partition) (int32, []int32, bool) { return ElectUnclean(p, brokersIn(2, 3)) },
			part(r123, []int32{1}, 1), 2, []int32{2}, true, true},
		{"unclean: nothing alive", func(p Partition) (int32, []int32, bool) { return ElectUnclean(p, brokersIn()) },
			part(r123, []int32{1}, 1), NoLeader, []int32{1}, false, false},
		{"preferred: back to the first replica", func(p Partition) (int32, []int32, bool) { return ElectPreferred(p, brokersIn(1, 2, 3)) },
			part(r123, []int32{2, 3, 1}, 2), 1, []int32{2, 3, 1}, true, false},
		{"preferred: not in ISR", func(p Partition) (int32, []int32, bool) { return ElectPreferred(p, brokersIn(1, 2, 3)) },
			part(r123, []int32{2, 3}, 2), 2, []int32{2, 3}, false, false},
		{"preferred: not alive", func(p Partition) (int32, []int32, bool) { return ElectPreferred(p, brokersIn(2, 3)) },
			part(r123, []int32{2, 3, 1}, 2), 2, []int32{2, 3, 1}, false, false},
		{"shutdown: leader hands over and leaves the ISR", func(p Partition) (int32, []int32, bool) {
			return ElectForShutdown(p, brokersIn(1, 2, 3), brokersIn(1))
		}, part(r123, r123, 1), 2, []int32{2, 3}, true, false},
		{"shutdown: follower leaves the ISR, leader stays", func(p Partition) (int32, []int32, bool) {
			return ElectForShutdown(p, brokersIn(1, 2, 3), brokersIn(3))
		}, part(r123, r123, 1), 1, []int32{1, 2}, true, false},
		{"shutdown: sole replica, partition goes offline with ISR kept", func(p Partition) (int32, []int32, bool) {
			return ElectForShutdown(p, brokersIn(1), brokersIn(1))
		}, part([]int32{1}, []int32{1}, 1), NoLeader, []int32{1}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.p.Clone()
			leader, isr, ok := tc.elect(tc.p)
			assert.Equal(t, tc.leader, leader)
			assert.Equal(t, tc.isr, isr)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, before, tc.p, "the election must not modify its input")
			next, _ := tc.p.Change(leader, isr)
			assert.Equal(t, tc.recovering, next.Recovering)
		})
	}
}

// TestChangeEpochs: the leader epoch bumps only when the leader changes (also
// to and from NoLeader), the partition epoch on every change, and an ISR
// change alone bumps only the partition epoch.
func TestChangeEpochs(t *testing.T) {
	p := part([]int32{1, 2, 3}, []int32{1, 2, 3}, 1)

	same, changed := p.Change(1, []int32{1, 2, 3})
	assert.False(t, changed)
	assert.Equal(t, p, same)

	shrunk, changed := p.Change(1, []int32{1, 2})
	require.True(t, changed)
	assert.Equal(t, int32(4), shrunk.LeaderEpoch)
	assert.Equal(t, int32(10), shrunk.PartitionEpoch)
	assert.Equal(t, []int32{1, 2, 3}, p.ISR, "Change must not modify p")

	moved, _ := shrunk.Change(2, []int32{2})
	assert.Equal(t, int32(5), moved.LeaderEpoch)
	assert.Equal(t, int32(11), moved.PartitionEpoch)
	assert.False(t, moved.Recovering)

	offline, _ := moved.Change(NoLeader, []int32{2})
	assert.Equal(t, int32(6), offline.LeaderEpoch)
	assert.False(t, offline.HasLeader())
	assert.Equal(t, "Leader: none\tReplicas: 1,2,3\tIsr: 2", offline.String())

	unclean, _ := offline.Change(3, []int32{3})
	assert.True(t, unclean.Recovering)
	assert.Equal(t, int32(7), unclean.LeaderEpoch)
	assert.Equal(t, "Leader: 3\tReplicas: 1,2,3\tIsr: 3", unclean.String())
}

func TestNewPartitionAndHelpers(t *testing.T) {
	p, err := NewPartition([]int32{2, 3, 1}, brokersIn(3, 1))
	require.NoError(t, err)
	assert.Equal(t, Partition{Replicas: []int32{2, 3, 1}, ISR: []int32{3, 1}, Leader: 3}, p)
	assert.Equal(t, int32(2), p.PreferredLeader())
	assert.True(t, p.IsReplica(2))
	assert.False(t, p.InISR(2))
	assert.True(t, p.UnderReplicated())
	assert.False(t, p.UnderMinISR(2))
	assert.True(t, p.UnderMinISR(3))

	full, _ := NewPartition([]int32{1, 2}, nil)
	assert.False(t, full.UnderMinISR(5))
	assert.Equal(t, NoLeader, Partition{}.PreferredLeader())

	_, err = NewPartition([]int32{1, 2}, brokersIn())
	assert.EqualError(t, err, "INVALID_REPLICATION_FACTOR: Unable to replicate the partition 2 time(s): All brokers are currently fenced or in controlled shutdown.")
	assert.ErrorIs(t, err, kerr.InvalidReplicationFactor)
}
