package assignor

// CooperativeSticky is Kafka's CooperativeStickyAssignor
// ("cooperative-sticky", COOPERATIVE), the second entry of the Java
// consumer's default partition.assignment.strategy.
//
// It computes the same target as Sticky, then removes from each member's
// assignment every partition that another member owns now
// (CooperativeStickyAssignor.adjustAssignment over
// partitionsTransferringOwnership). Those partitions appear in the member's
// MemberPlan.Pending. What happens next is the client's part of KIP-429,
// in ConsumerCoordinator.onJoinComplete:
//
//  1. Every member keeps the partitions it owns that are still assigned to
//     it, and revokes (onPartitionsRevoked) the owned ones that are not.
//  2. A member that revoked anything calls requestRejoin, so the group
//     rebalances again at once.
//  3. In that follow-up rebalance no one claims the revoked partitions any
//     more, so the assignor gives them to their target owner without delay.
//
// So no partition is ever owned by two members at once, and the members that
// keep their partitions never stop consuming them: the price is a second,
// cheap rebalance.
type CooperativeSticky struct{}

// Name returns "cooperative-sticky".
func (CooperativeSticky) Name() string { return CooperativeStickyName }

// Protocol returns Cooperative.
func (CooperativeSticky) Protocol() RebalanceProtocol { return Cooperative }

// Assign computes the sticky target and withholds the partitions that must
// first be revoked by their current owner.
func (CooperativeSticky) Assign(members []Member, partitions map[string]int32) Plan {
	return newSticky(members, partitions).plan(CooperativeStickyName, true)
}
