// Package controller models Kafka's KRaft controller: the one component that
// owns the cluster's metadata. It registers brokers and tracks their
// heartbeats, creates and deletes topics with Kafka's validation and replica
// placement, grows topics, elects partition leaders, and accepts the ISR
// changes leaders propose with AlterPartition. Every change is a record
// appended to the metadata log (__cluster_metadata), which brokers fetch and
// replay; the controller never pushes state to a broker.
//
// It mirrors these Kafka sources (apache/kafka, metadata/ and server/):
//
//   - controller/ClusterControlManager.java and BrokerHeartbeatManager.java:
//     registration (a new broker epoch per registration, fenced until the
//     broker has replayed the log up to its own registration), heartbeats
//     every broker.heartbeat.interval.ms (2000), and fencing after
//     broker.session.timeout.ms (9000) without one (registration.go,
//     heartbeat.go, fence.go);
//   - controller/ConfigurationControlManager.java: incrementalAlterConfigs
//     for topics and brokers, validated as topic creation validates
//     (configs.go), with ReplicationControlManager's unclean elections when
//     unclean.leader.election.enable becomes true;
//   - controller/ReplicationControlManager.java: createTopics, deleteTopics,
//     createPartitions, alterPartition, electLeaders, and the handling of
//     fenced and unfenced brokers (createtopics.go, deletetopics.go,
//     createpartitions.go, alterpartition.go, electleaders.go, fence.go);
//     the rules themselves live in engine/metadata;
//   - raft/KafkaRaftClient.java, seen from a broker: the metadata log is
//     fetched with an offset and a long-poll wait (metadatafetch.go);
//   - raft/KafkaRaftClient.java, QuorumState.java, LeaderState.java and
//     controller/QuorumController.java for the quorum (below).
//
// # The controller quorum
//
// A cluster runs one controller (the default, which every transcript and
// lesson shows) or a quorum of 3 or 5 (Config.Voters): controller nodes that
// replicate the metadata log Raft-style, as raft/KafkaRaftClient.java,
// QuorumState.java and LeaderState.java do:
//
//   - elections (quorum_vote.go): a voter that hears from no leader stands
//     for election after controller.quorum.election.timeout.ms (1000) plus a
//     random jitter of up to as much again, drawn from its seeded stream; a
//     follower does so when it has not fetched from its leader for
//     controller.quorum.fetch.timeout.ms (2000). The candidate bumps the
//     epoch, votes for itself and sends Vote; a voter grants one vote per
//     epoch, and only to a candidate whose log is at least as up to date
//     (last epoch, then end offset). Any message with a higher epoch makes a
//     node adopt it. The winner appends a LeaderChange record and sends
//     BeginQuorumEpoch. A leader that a majority has not fetched from for
//     1.5 × the fetch timeout resigns (check quorum);
//   - replication (quorum_fetch.go): followers fetch from the leader with
//     their end offset and last epoch; the leader answers a diverging log
//     with the epoch and end offset to truncate to; the high watermark is
//     the offset a majority holds, and moves only once it passes the
//     leader's LeaderChange record (which commits the earlier epochs' tail).
//     The records one event writes (leader changes, then the fence) reach
//     the log together: parked voter fetches are answered once the event is
//     done, as QuorumController appends a ControllerResult in one call;
//   - the active controller (active.go): the leader acts as the controller
//     only once its LeaderChange record is committed; its image is then the
//     replay of the whole committed log (replay.go), every broker gets a
//     fresh heartbeat session, and it handles registrations, heartbeats,
//     admin requests and AlterPartition. It applies a change to its image
//     as it appends the records, and answers only once they are committed,
//     so no client hears of a change a failover could lose; a leader that
//     steps down drops those answers and reverts its image to the committed
//     log (QuorumController's renounce). Standby controllers apply records as
//     they are committed. A retried CreateTopics after a failover thus
//     answers TOPIC_ALREADY_EXISTS when the first one was committed;
//   - every other node answers NOT_CONTROLLER (NOT_LEADER_OR_FOLLOWER on a
//     metadata fetch) naming the leader it knows
//     (protocol.NotControllerError); brokers and clients follow it;
//   - a crashed controller keeps its log and its quorum state (epoch, vote,
//     leader), which KRaft flushes to disk; it loses its image, high
//     watermark and broker sessions, follows the leader it knew again on
//     restart, and catches up by fetching.
//
// Deviations, each a simplification that keeps the behaviour learners see:
//
//   - A single controller is the whole quorum without an election: it is
//     the leader of epoch 1 from the start, writes no LeaderChange record,
//     and a record is committed the moment it is appended.
//   - No pre-vote (KIP-996), no election backoff
//     (controller.quorum.election.backoff.max.ms), no dynamic quorum
//     (KIP-853); BeginQuorumEpoch has no response; a follower whose fetch
//     response is lost waits for the fetch timeout instead of resending
//     after controller.quorum.request.timeout.ms.
//   - Brokers are observers that fetch only committed records from the
//     active controller, so they never truncate.
//   - The log holds Go records (protocol.MetadataRecord), not RecordBatch
//     bytes, and there are no snapshots: a broker or a restarted controller
//     replays it from offset 0.
//   - A topic's creation overrides travel inside TopicRecord instead of
//     ConfigRecords, and PartitionChangeRecord carries the whole
//     registration. Later changes (kafka-configs.sh, IncrementalAlterConfigs)
//     are ConfigRecords, one per changed key, as in Kafka (configs.go); a
//     creation override equal to the static broker default is taken for the
//     default, so a later dynamic broker default changes it too.
//   - Replicas are placed with AdminUtils' rack-unaware layout (see
//     engine/metadata for why) from a seeded stream, not StripedReplicaPlacer.
//   - Admin requests come straight to the controller, as with
//     kafka-topics.sh --bootstrap-controller (KIP-919); with
//     --bootstrap-server a broker would forward them.
//   - A broker's session is valid while it is unfenced: the lab fences a
//     broker the moment broker.session.timeout.ms passes without a
//     heartbeat, where Kafka's BrokerHeartbeatManager notices it on its next
//     scan. A controlled shutdown in progress is not in the log: after a
//     failover the broker's next heartbeat starts it again.
//
// Broker failures are handled as KRaft handles them: a broker without a
// heartbeat for broker.session.timeout.ms is fenced and loses its
// leaderships and ISR places (fence.go); a restarted process registers
// with a new incarnation id and is refused (DUPLICATE_BROKER_REGISTRATION)
// while its old incarnation's session is still valid (registration.go);
// heartbeats and AlterPartition from an old broker epoch get
// STALE_BROKER_EPOCH (heartbeat.go, alterpartition.go); a controlled
// shutdown moves leaderships away before the broker stops (shutdown.go);
// preferred leader elections run on request (electleaders.go) and, with
// auto.leader.rebalance.enable, every leader.imbalance.check.interval.seconds
// when a broker's imbalance passes leader.imbalance.per.broker.percentage
// (shutdown.go).
//
// Not implemented: ELR (KIP-966), partition reassignment, ACLs, quotas,
// feature levels and metadata versions, and auto.create.topics.enable
// (topics must be created explicitly).
package controller
