package metadata

import (
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// NoLeader is the leader of a partition that has none (LeaderConstants.NO_LEADER).
const NoLeader int32 = -1

// A Partition is the controller's registration of one partition, like KRaft's
// PartitionRegistration: the assigned replicas, the in-sync replicas, the
// leader and the two epochs that fence stale updates.
//
// The leader epoch grows whenever the leader changes (including to NoLeader);
// brokers and clients use it to reject requests from an old leader. The
// partition epoch grows on every change to the registration, including ISR
// changes that keep the leader, and fences stale AlterPartition requests.
type Partition struct {
	Replicas       []int32 // assigned brokers in assignment order; Replicas[0] is the preferred leader
	ISR            []int32 // in-sync replicas, in the order the last change gave
	Leader         int32   // the leader's broker id, or NoLeader
	LeaderEpoch    int32   // bumped on every leader change
	PartitionEpoch int32   // bumped on every change
	Recovering     bool    // LeaderRecoveryState RECOVERING: elected uncleanly, ISR must stay [leader] until it recovers
}

// NewPartition returns the registration of a new partition with the given
// replicas, as ReplicationControlManager.buildPartitionRegistration does: the
// ISR is the replicas that are active (unfenced and not shutting down; nil
// active means all), the leader is the first of them, and both epochs are 0.
// A partition with no active replica cannot be created:
// INVALID_REPLICATION_FACTOR with Kafka's message.
func NewPartition(replicas []int32, active func(int32) bool) (Partition, error) {
	isr := make([]int32, 0, len(replicas))
	for _, r := range replicas {
		if active == nil || active(r) {
			isr = append(isr, r)
		}
	}
	if len(isr) == 0 {
		return Partition{}, kerr.Wrap(kerr.InvalidReplicationFactor,
			"Unable to replicate the partition %d time(s): All brokers are currently fenced or in controlled shutdown.", len(replicas))
	}
	return Partition{Replicas: slices.Clone(replicas), ISR: isr, Leader: isr[0]}, nil
}

// Clone returns a deep copy of p.
func (p Partition) Clone() Partition {
	p.Replicas = slices.Clone(p.Replicas)
	p.ISR = slices.Clone(p.ISR)
	return p
}

// HasLeader reports whether the partition has a leader (is online).
func (p Partition) HasLeader() bool { return p.Leader != NoLeader }

// PreferredLeader returns the first assigned replica, the leader Kafka's
// preferred-replica election and auto leader rebalancing aim for.
func (p Partition) PreferredLeader() int32 {
	if len(p.Replicas) == 0 {
		return NoLeader
	}
	return p.Replicas[0]
}

// IsReplica reports whether broker holds a replica of the partition.
func (p Partition) IsReplica(broker int32) bool { return slices.Contains(p.Replicas, broker) }

// InISR reports whether broker is in the ISR.
func (p Partition) InISR(broker int32) bool { return slices.Contains(p.ISR, broker) }

// UnderReplicated reports whether some replica is out of sync, as
// kafka-topics.sh --under-replicated-partitions lists them.
func (p Partition) UnderReplicated() bool { return len(p.ISR) < len(p.Replicas) }

// UnderMinISR reports whether the ISR is smaller than minISR, capped at the
// replication factor as Kafka's effective min ISR is; acks=all produce then
// fails with NOT_ENOUGH_REPLICAS (kafka-topics.sh --under-min-isr-partitions).
func (p Partition) UnderMinISR(minISR int) bool { return len(p.ISR) < min(minISR, len(p.Replicas)) }

// Change returns p with the given leader and ISR, bumping the epochs as
// KRaft's PartitionRegistration.merge does for the PartitionChangeRecord that
// PartitionChangeBuilder would build: the leader epoch when the leader
// changes, the partition epoch on any change. A new leader from outside the
// current ISR is an unclean election and marks the partition Recovering.
// changed is false, and p is returned as is, when nothing changes; Kafka
// writes no record then.
//
// Since metadata version 3.6 an ISR shrink no longer bumps the leader epoch
// (KAFKA-15021); the lab models that current behaviour.
func (p Partition) Change(leader int32, isr []int32) (next Partition, changed bool) {
	leaderChanged := leader != p.Leader
	if !leaderChanged && slices.Equal(isr, p.ISR) {
		return p, false
	}
	next = p.Clone()
	next.ISR = slices.Clone(isr)
	next.PartitionEpoch++
	if leaderChanged {
		next.Leader = leader
		next.LeaderEpoch++
		if leader != NoLeader && !p.InISR(leader) {
			next.Recovering = true
		}
	}
	return next, true
}

// String renders the partition like a line of kafka-topics.sh --describe:
// "Leader: 1	Replicas: 1,2,3	Isr: 1,2,3"; a partition without a leader shows
// "Leader: none".
func (p Partition) String() string {
	leader := "none"
	if p.HasLeader() {
		leader = strconv.Itoa(int(p.Leader))
	}
	return "Leader: " + leader + "\tReplicas: " + joinIDs(p.Replicas) + "\tIsr: " + joinIDs(p.ISR)
}

func joinIDs(ids []int32) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(int(id))
	}
	return strings.Join(s, ",")
}
