// Package consumer is the lab's KafkaConsumer: a simulation node that
// subscribes to topics as a member of a consumer group and runs the Java
// consumer's loop (ConsumerCoordinator, AbstractCoordinator, Fetcher,
// SubscriptionState) with the classic group protocol. It is steps 10–15 of
// the lab's lifecycle:
//
//  10. the consumer finds its coordinator (FindCoordinator) and joins the
//     group (JoinGroup, MEMBER_ID_REQUIRED then again with the member id);
//  11. the leader member runs the group's assignor (engine/assignor: range,
//     roundrobin, sticky, cooperative-sticky, chosen from each member's
//     partition.assignment.strategy as the coordinator selects) and sends
//     the plan in SyncGroup; every member gets its share;
//  12. it fetches from the partition leaders (ReplicaID -1, so only up to the
//     high watermark) starting at the committed offset (OffsetFetch), or by
//     auto.offset.reset (earliest, latest; none stops with
//     NoOffsetForPartitionException) when nothing is committed;
//  13. poll returns the records;
//  14. it deserializes and processes them (ProcessMs per record of simulated
//     time);
//  15. it commits: with enable.auto.commit every auto.commit.interval.ms at
//     the start of a poll, committing what earlier polls returned (the
//     "penultimate poll" of RELIABILITY.md B1), or manually after processing
//     (at least once), or before processing (at most once).
//
// Heartbeats go every heartbeat.interval.ms; a member whose poll loop stalls
// longer than max.poll.interval.ms leaves the group (a dynamic member sends
// LeaveGroup; a static one, with group.instance.id, lets its session expire
// as Kafka's does). Eager assignors revoke every partition before rejoining;
// cooperative-sticky revokes only the partitions that move, then rejoins
// for a second rebalance. Close commits (with auto-commit) and leaves;
// a crash (sim.Stop) leaves nothing: the coordinator notices when
// session.timeout.ms passes without a heartbeat.
//
// Deviations: one request of each group kind in flight at a time; a
// request without an answer within request.timeout.ms marks the
// coordinator (or the leader) unknown, where the Java client also notices a
// closed connection at once; no fetch sessions, no isolation levels, no
// pattern subscriptions, no rack awareness, and records are strings (the
// StringDeserializer).
package consumer
