package assignor

import (
	"fmt"
	"slices"
	"strings"
)

// A RebalanceProtocol is how a client gives up partitions during a rebalance
// (ConsumerPartitionAssignor.RebalanceProtocol).
type RebalanceProtocol int8

const (
	// Eager: every member revokes all its partitions before rejoining.
	Eager RebalanceProtocol = iota
	// Cooperative: members keep their partitions across the rebalance and
	// revoke only those the new assignment takes away (KIP-429).
	Cooperative
)

func (p RebalanceProtocol) String() string {
	if p == Cooperative {
		return "COOPERATIVE"
	}
	return "EAGER"
}

// An Assignor computes a group's assignment on the leader, as the Java
// client's ConsumerPartitionAssignor implementations do. Assign is a pure
// function: the same members and topics give the same Plan.
type Assignor interface {
	// Name is the protocol name sent in JoinGroup ("range", "roundrobin", …).
	Name() string
	// Protocol is the rebalance protocol the assignor supports.
	Protocol() RebalanceProtocol
	// Assign assigns the partitions of the subscribed topics. partitions
	// maps each topic that exists to its partition count; subscribed topics
	// missing from it are skipped, as Kafka skips topics without metadata.
	Assign(members []Member, partitions map[string]int32) Plan
}

// ByName returns the assignor Kafka registers under name.
func ByName(name string) (Assignor, bool) {
	switch name {
	case RangeName:
		return Range{}, true
	case RoundRobinName:
		return RoundRobin{}, true
	case StickyName:
		return Sticky{}, true
	case CooperativeStickyName:
		return CooperativeSticky{}, true
	}
	return nil, false
}

// The assignors' protocol names, as Kafka's classes return them from name().
const (
	RangeName             = "range"
	RoundRobinName        = "roundrobin"
	StickyName            = "sticky"
	CooperativeStickyName = "cooperative-sticky"
)

// A Plan is an assignor's result: one entry per member, in Kafka's member
// order for the assignor.
type Plan struct {
	Assignor string
	Members  []MemberPlan
}

// A MemberPlan is what one member is assigned, with the explanation the lab's
// trace shows.
type MemberPlan struct {
	MemberID   string
	InstanceID string
	// Partitions is the assignment sent to the member in SyncGroup, sorted.
	Partitions []TopicPartition
	// Pending lists partitions the target assignment gives this member but
	// that another member still owns: a cooperative assignor withholds them
	// until the owner has revoked them and the group has rebalanced again.
	// Always empty for eager assignors.
	Pending []TopicPartition
	// Explanation says, in one sentence, why the member got these partitions.
	Explanation string
}

// For returns the partitions assigned to memberID.
func (p Plan) For(memberID string) []TopicPartition {
	for _, m := range p.Members {
		if m.MemberID == memberID {
			return m.Partitions
		}
	}
	return nil
}

// Owners maps each assigned partition to its member. A partition assigned
// twice is an assignor bug; Owners reports it as an error.
func (p Plan) Owners() (map[TopicPartition]string, error) {
	out := map[TopicPartition]string{}
	for _, m := range p.Members {
		for _, tp := range m.Partitions {
			if prev, ok := out[tp]; ok {
				return nil, fmt.Errorf("assignor: %s assigned to both %s and %s", tp, prev, m.MemberID)
			}
			out[tp] = m.MemberID
		}
	}
	return out, nil
}

// String renders the plan one member per line, for tests and the trace.
func (p Plan) String() string {
	var b strings.Builder
	for _, m := range p.Members {
		fmt.Fprintf(&b, "%s %v", m.MemberID, m.Partitions)
		if len(m.Pending) > 0 {
			fmt.Fprintf(&b, " pending %v", m.Pending)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// planFor builds a Plan with members in the given order and their partitions sorted.
func planFor(name string, order []*Member, assigned map[string][]TopicPartition, explain map[string]string) Plan {
	p := Plan{Assignor: name, Members: make([]MemberPlan, 0, len(order))}
	for _, m := range order {
		tps := slices.Clone(assigned[m.ID])
		SortPartitions(tps)
		if tps == nil {
			tps = []TopicPartition{}
		}
		p.Members = append(p.Members, MemberPlan{MemberID: m.ID, InstanceID: m.InstanceID, Partitions: tps, Explanation: explain[m.ID]})
	}
	return p
}

// subscribedTopics returns the topics any member subscribes to that exist in
// partitions, sorted.
func subscribedTopics(members []Member, partitions map[string]int32) []string {
	set := map[string]bool{}
	for i := range members {
		for _, t := range members[i].Topics {
			if n, ok := partitions[t]; ok && n > 0 {
				set[t] = true
			}
		}
	}
	return sortedTopics(set)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
