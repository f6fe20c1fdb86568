package assignor

import (
	"slices"

	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// DefaultGeneration is the generation a subscription carries when its owner
// has never been part of a generation (AbstractStickyAssignor.DEFAULT_GENERATION).
const DefaultGeneration = -1

// A Member is one group member as the leader's assignor sees it: the JoinGroup
// member id, the optional static group.instance.id, and the decoded
// Subscription (topics, owned partitions and their generation).
type Member struct {
	ID         string           // member id, e.g. "consumer-1-5f0c…"
	InstanceID string           // group.instance.id of a static member; "" for a dynamic one
	Topics     []string         // subscribed topics
	Owned      []TopicPartition // partitions owned before this rebalance (Subscription v1+)
	Generation int32            // generation Owned comes from (Subscription v2+); DefaultGeneration if unknown
}

// compareMembers orders members as AbstractPartitionAssignor.MemberInfo.compareTo
// does: static members first, by group.instance.id, then dynamic members by
// member id.
func compareMembers(a, b *Member) int {
	switch {
	case a.InstanceID != "" && b.InstanceID != "":
		return javaCompare(a.InstanceID, b.InstanceID)
	case a.InstanceID != "":
		return -1
	case b.InstanceID != "":
		return 1
	}
	return javaCompare(a.ID, b.ID)
}

// sortedMembers returns pointers to members in MemberInfo order.
func sortedMembers(members []Member) []*Member {
	out := make([]*Member, len(members))
	for i := range members {
		out[i] = &members[i]
	}
	slicesort.Func(out, compareMembers)
	return out
}

func (m *Member) subscribes(topic string) bool { return slices.Contains(m.Topics, topic) }
