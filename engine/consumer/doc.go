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
//     (at least once), or before processing (at most once). Manual commits
//     are commitSync: the poll loop waits for the answer, and retriable
//     errors (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE,
//     COORDINATOR_LOAD_IN_PROGRESS, a timeout) rediscover the coordinator
//     and retry until default.api.timeout.ms (60 s) passes; others
//     (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS) end it
//     as a CommitFailedException and the member rejoins. A failed commit,
//     auto-commit included, is sent again by the next commit.
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
// Lost connections (Disconnected, as NetworkClient handles them): when a
// broker's process crashes its connections close at once, and a request to
// a process that is down is refused, so every request in flight to it
// fails without waiting for request.timeout.ms, and the broker is not tried
// again before reconnect.backoff.ms (50 ms, doubling to 1 s while it keeps
// failing; no jitter). A coordinator in that state is unknown: the member
// asks FindCoordinator every retry.backoff.ms until it names a live one. A
// power loss, a paused process or a cut link closes nothing: the member
// learns of it only when a request times out (request.timeout.ms, 30 s),
// and then closes the connection itself, failing every request in flight
// to that broker, as NetworkClient does.
//
// Coordinator failover: a member that loses its coordinator (an error
// naming it, a closed connection or a timeout) marks it unknown, finds the
// new one with FindCoordinator and goes on heartbeating with the same
// member id and generation; the new coordinator loaded the group's members
// from __consumer_offsets and keeps them while their session lasts. Meanwhile
// the member keeps fetching what it owns (ConsumerCoordinator.poll does
// not block fetching on the coordinator). A partition whose leader moved
// answers NOT_LEADER_OR_FOLLOWER, or the request times out; either
// refreshes the metadata and the next fetch goes to the new leader.
//
// Deviations: one request of each group kind in flight at a time.
// Commits skip offsets that did not change since the last commit (Kafka's
// auto-commit sends all of them every interval), except that losing the
// coordinator makes the next commit send everything again, so a commit the
// old coordinator lost (a power loss of the offsets partition) is made
// again. A
// broker the client disconnected from is avoided for Metadata and
// FindCoordinator until it answers again. commitSync's records, when it commits before
// processing, are processed even if it fails. No fetch sessions, no
// isolation levels, no pattern subscriptions, no rack awareness, and
// records are strings (the StringDeserializer).
package consumer
