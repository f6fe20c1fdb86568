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
//     fetched with an offset and a long-poll wait (metadatafetch.go).
//
// Deviations, each a simplification that keeps the behaviour learners see:
//
//   - One controller, which is the whole quorum: a record is committed the
//     moment it is appended. The node's state keeps the log, the image and the
//     broker registry apart, so a quorum of controllers (issue 5) can replicate
//     the log without changing the handlers.
//   - The log holds Go records (protocol.MetadataRecord), not RecordBatch
//     bytes, and there are no snapshots: a broker replays it from offset 0.
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
//     scan.
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
// Not implemented: controller failover and a Raft quorum (issue 5), ELR
// (KIP-966), partition reassignment, ACLs, quotas, feature levels and
// metadata versions, and auto.create.topics.enable (topics must be created
// explicitly).
package controller
