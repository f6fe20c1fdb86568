// Package broker models a Kafka broker: it hosts replicas of partitions
// (engine/replica over engine/log), leads some and follows others, and
// serves the client APIs. It registers with the controller, heartbeats, and
// learns every topic, partition, leader and ISR by replaying the controller's
// metadata log, which it fetches with a long poll.
//
// One file per request kind, as in franz-go's kfake, each handler with a doc
// block naming the Kafka behaviour it mirrors and where it deviates:
// produce.go (Produce, steps 4–5 and 9 of the lifecycle), purgatory.go (the
// acks=all wait), fetch.go (Fetch from followers and consumers, step 6 and
// the delayed fetch), fetcher.go (the replica fetcher, steps 7–8),
// isr.go (ISR shrink and expand through AlterPartition), listoffsets.go,
// metadata_request.go (Metadata and DescribeConfigs), lifecycle.go
// (registration, heartbeats, the metadata log), image.go (replaying
// metadata: becoming leader or follower), retention.go, configs.go (dynamic
// topic and broker configs from ConfigRecords, applied to the replicas' logs
// at once — retention and roll settings take effect at the next retention
// check or append, min.insync.replicas at the next produce — and
// DescribeConfigs with synonyms; a broker's own dynamic configs apply on it
// only, as in Kafka).
//
// It mirrors these Kafka sources (apache/kafka, core/ and server/):
// KafkaApis.scala, ReplicaManager.scala, cluster/Partition.scala,
// DelayedProduce.scala and DelayedFetch.scala, ReplicaFetcherThread.scala
// and AbstractFetcherThread.scala, BrokerLifecycleManager.scala, and
// BrokerMetadataPublisher.scala.
//
// Replication is pull-based, as in Kafka. A follower broker runs one fetcher
// per leader broker (Kafka's ReplicaFetcherThread with
// num.replica.fetchers=1); each Fetch carries every partition it follows
// from that leader, with ReplicaID set to the follower's id. The leader
// records each follower's fetch offset as its LEO, advances the high
// watermark to the least LEO of the ISR (not while the ISR is below
// min.insync.replicas), and holds a fetch that finds nothing for up to
// replica.fetch.wait.max.ms (500 ms), answering it the moment new records
// are appended. Followers learn the high watermark from fetch responses, so
// a follower's HW trails the leader's by one fetch.
//
// Deviations from Kafka, kept small on purpose:
//
//   - A parked follower fetch is answered when data arrives or its wait ends,
//     not also when the leader's high watermark moves.
//   - Fetch errors back a partition off for replica.fetch.backoff.ms; an
//     OFFSET_OUT_OF_RANGE below the leader's log start restarts the follower's
//     log there, and other cases wait for the next metadata change.
//   - A deleted topic's files are removed at once.
//   - Crashes and restarts (crash.go): a crashed broker loses its memory
//     (metadata image, leaderships, ISRs, unflushed page cache on a power
//     loss); it checkpoints each partition's HW
//     (replication-offset-checkpoint), the recovery point and the log start
//     offset, and a restarted process recovers its logs, replays the whole
//     metadata log, and refuses every request until it has caught up (as
//     BrokerServer.startup enables request processing only then).
//
// After an unclean election the controller marks the partition RECOVERING
// (KIP-704) with the ISR [leader] and refuses to grow that ISR until the
// leader has recovered. As in Kafka 3.2+ (Partition.makeLeader), the new
// leader logs that it was marked RECOVERING and marks itself RECOVERED at
// once: it has nothing to recover, so its first ISR expansion carries
// RECOVERED and ends the state; followers hold RECOVERING until then
// (image.go, isr.go). kafka-topics.sh --describe does not show the state.
//
// A ProduceRequest carries no leader epoch, on purpose: Kafka's schema
// (clients/src/main/resources/common/message/ProduceRequest.json, every
// version) has only the transactional id, acks, the timeout and, per
// partition, the records; the batches' PartitionLeaderEpoch is -1 from the
// producer and the leader stamps its own epoch on append. A leader that is
// no longer the leader refuses the produce with NOT_LEADER_OR_FOLLOWER from
// its own view, and a zombie that still believes it leads may take it
// (acks=1) or fail it later in the purgatory (acks=all). So do not "add"
// a CurrentLeaderEpoch check to produce.go: only Fetch, ListOffsets and
// OffsetsForLeaderEpoch carry one (KIP-320).
//
// Controlled shutdown (BeginControlledShutdown, crash.go) asks the
// controller to move leadership away before the process stops.
//
// Not implemented: idempotent and transactional produce (producer state,
// sequence checks, the LSO and read_committed), fetch sessions (KIP-227),
// fetch from follower (KIP-392), OffsetsForLeaderEpoch as a separate request
// (the follower's LastFetchedEpoch covers it since IBP 2.7), the broker
// epoch check on follower fetches, quotas and
// throttling, compression, and auto topic creation.
package broker
