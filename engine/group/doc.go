// Package group models Kafka's group coordinator for the classic consumer
// group protocol (JoinGroup/SyncGroup/Heartbeat/LeaveGroup) and committed
// offsets, as a deterministic state machine with no networking, clock or
// randomness of its own. It is steps 10, 11 and 15 of the lab's lifecycle:
// a consumer joins its group, the group gets an assignment, and the consumer
// commits its offsets.
//
// # What it mirrors
//
// apache/kafka's group-coordinator module: GroupMetadataManager.java
// (classicGroupJoin, completeClassicGroupJoin, classicGroupSync,
// classicGroupHeartbeat, classicGroupLeave and their helpers),
// classic/ClassicGroup.java (states, member validation, protocol selection,
// validateOffsetCommit), classic/ClassicGroupMember.java,
// OffsetMetadataManager.java, and the record schemas OffsetCommitKey.json,
// OffsetCommitValue.json, GroupMetadataKey.json, GroupMetadataValue.json.
// Each file cites the Java method it follows: join.go, sync.go,
// heartbeat.go, leave.go, offsets.go, admin.go (Describe/List/DeleteGroups),
// records.go (the __consumer_offsets records and Replay), state.go (the
// group and its state machine).
//
// # The host contract
//
// One Coordinator serves one partition of __consumer_offsets, on the broker
// that leads it: the groups whose partitioner.CoordinatorPartition is that
// partition. The host broker drives it with method calls and applies the
// Outputs each call returns, in order:
//
//   - Becoming leader: New(cfg), then Replay(key, value) for every record
//     of the partition in offset order, then Loaded(now). Requests before
//     Loaded answer COORDINATOR_LOAD_IN_PROGRESS. Losing leadership:
//     Unload(), which answers parked requests NOT_COORDINATOR; then drop it.
//   - Requests: JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit,
//     OffsetFetch, DescribeGroups, ListGroups, DeleteGroups, each with the
//     simulated time in ms and a Ref the host chose to route the answer.
//   - Response{Ref, Body}: send Body to the request tagged Ref. It may come
//     from a later call: a parked JoinGroup is answered when the join phase
//     ends (by another member's request or a timer), a follower's SyncGroup
//     when the leader's assignment is committed.
//   - SetTimer{Timer, At} / CancelTimer{Timer}: keep one deadline per Timer
//     (setting again moves it) and call Fire(At, Timer) when it comes.
//     Fires of cancelled or moved timers are ignored, so a host may skip
//     cancelling. Timers are member sessions, the join phase (rebalance
//     timeout, initial delay) and the sync deadline.
//   - Append{ID, Records}: append the records to the partition through the
//     normal replicated log (the records are Kafka's exact key/value bytes),
//     and call Appended(now, ID, nil) once the high watermark covers them
//     (__consumer_offsets is written with acks=all), or Appended(now, ID,
//     err) if the append failed. Commit responses, the move to Stable after
//     SyncGroup and DeleteGroups answers wait for it: that is why offsets
//     survive a coordinator failover (the next leader replays them).
//
// A worked example, one consumer (v9 JoinGroup, defaults):
//
//	t=0     JoinGroup(ref 1, member "")        → Response(1: MEMBER_ID_REQUIRED, "c-<uuid>"),
//	                                             SetTimer(heartbeat-g-c-<uuid>, 45000), Append(1: empty group)
//	        Appended(1, nil)                   → (nothing)
//	t=5     JoinGroup(ref 2, member c-<uuid>)  → SetTimer(heartbeat…, 300005) (new-member join timeout),
//	                                             SetTimer(join-g, 3005) (initial rebalance delay); ref 2 parked
//	t=3005  Fire(join-g)                       → Response(2: generation 1, leader, members),
//	                                             SetTimer(heartbeat…, 48005), SetTimer(sync-g, 303005)
//	t=3010  SyncGroup(ref 3, assignment)       → CancelTimer(sync-g), Append(2: GroupMetadata with assignment)
//	t=3020  Appended(2, nil)                   → Response(3: assignment), SetTimer(heartbeat…, 48020); Stable
//	t=6000  Heartbeat(ref 4)                   → SetTimer(heartbeat…, 51000), Response(4: NONE)
//	t=7000  OffsetCommit(ref 5, offset 42)     → Append(3: OffsetCommit record); ref 5 parked
//	t=7010  Appended(3, nil)                   → Response(5: NONE); OffsetFetch now returns 42
//
// # Versions and choices
//
// JoinGroup v4+ gets MEMBER_ID_REQUIRED (KIP-394); a static member rejoining
// a Stable group without protocol change gets the current generation
// without a rebalance, and from JoinGroup v9 the leader gets
// SkipAssignment=true (KIP-814). A JoinGroup, SyncGroup or Heartbeat naming
// a member of a group that does not exist answers UNKNOWN_MEMBER_ID (the
// Scala coordinator's answer, which the Java consumer handles by rejoining;
// Kafka 4's coordinator raises GROUP_ID_NOT_FOUND internally). A commit with
// a generation to a group that does not exist is ILLEGAL_GENERATION.
// Records are written in the versions Kafka writes (OffsetCommitValue v3,
// GroupMetadataValue v3) and read in versions 0-4.
//
// # Deviations
//
//   - Kafka applies records to its timeline state at once and reverts on a
//     failed append; the lab applies offsets when the append is committed,
//     as the Scala coordinator did, so the visible behaviour is the same.
//   - Ties in protocol selection: Kafka takes the first in a HashMap's
//     order; the lab orders candidates by their Java hash bucket, then name.
//   - Member order where Kafka iterates a HashMap (the leader's member list,
//     a new leader after the old one left) is join order.
//   - A second JoinGroup from a member already parked replaces the first,
//     which gets no answer, as in Kafka.
//
// # Not implemented
//
//   - The KIP-848 consumer protocol (group.protocol=consumer, Kafka 4 GA):
//     clients send one ConsumerGroupHeartbeat (API 68) with subscriptions
//     and owned partitions instead of Join/Sync, the broker runs the
//     assignor (uniform or range), a group epoch, a target-assignment epoch
//     and member epochs replace generations, and partitions move
//     incrementally once their owner confirms the revocation; states are
//     Empty/Assigning/Reconciling/Stable/Dead. Its records and errors
//     (FENCED_MEMBER_EPOCH, STALE_MEMBER_EPOCH, …) are not modelled; Replay
//     skips its record types.
//   - Transactional offset commits (TxnOffsetCommit), offset expiration
//     (offsets.retention.minutes) and OffsetDelete, offset.metadata.max.bytes
//     (OFFSET_METADATA_TOO_LARGE), group authorization, share groups,
//     rebalance metrics, and the protocol-type "connect" groups beyond their
//     generic handling.
package group
