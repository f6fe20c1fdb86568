// Package assignor models the Java consumer's partition assignors and the
// consumer protocol bytes that carry subscriptions and assignments through
// the classic group protocol's JoinGroup and SyncGroup.
//
// In the classic protocol the group coordinator does not assign partitions:
// it hands the leader every member's Subscription, the leader runs the
// assignor chosen by the group, and sends back one Assignment per member in
// SyncGroup (step 11 of the lab's lifecycle, "coordinator assigns
// partitions", really happens in the leader consumer). An Assignor here is a
// pure function from members (with subscriptions, owned partitions and
// generation) and topic partition counts to a Plan, which also explains
// each member's share in a sentence for the lab's trace.
//
// It mirrors these Kafka sources (apache/kafka, clients/…/consumer/):
//
//   - RangeAssignor.java (range.go);
//   - RoundRobinAssignor.java (roundrobin.go);
//   - AbstractStickyAssignor.java, StickyAssignor.java (sticky.go);
//   - CooperativeStickyAssignor.java, with the client's side of KIP-429 in
//     ConsumerCoordinator.onJoinComplete (cooperative.go);
//   - AbstractPartitionAssignor.MemberInfo.compareTo for member order:
//     static members by group.instance.id, then dynamic ones by member id,
//     compared as Java compares strings (member.go);
//   - internals/ConsumerProtocol.java with ConsumerProtocolSubscription.json
//     and ConsumerProtocolAssignment.json, versions 0-3 (protocol.go),
//     checked byte for byte against franz-go's kmsg in tests.
//
// The tests port the examples of the assignors' javadoc and scenarios of
// RangeAssignorTest, RoundRobinAssignorTest and AbstractStickyAssignorTest,
// and check properties over seeded random groups (-seed=N replays one).
//
// Deviations, each documented where it lives:
//
//   - Sticky visits members in member id order where Kafka iterates a
//     HashMap, and uses a simpler balancing heuristic than Kafka's
//     generalAssign when subscriptions differ (same goals, possibly different
//     choices).
//   - With cooperative-sticky, the follow-up rebalance hands every withheld
//     partition out, but, as in Kafka, not always to the member the first
//     round aimed it at (TestCooperativeFollowUpCanPickAnotherMember).
//
// Not modelled: rack-aware assignment (KIP-881; members carry no rack, and
// without racks Kafka's results are the ones here), StickyAssignor's legacy
// userData encoding of the previous assignment, custom assignors, and the
// KIP-848 server-side assignors ("uniform", "range" run by the broker).
package assignor
