// Package replica holds one broker's state for one partition it hosts: the
// log, the role (leader or follower), the leader and partition epochs, the
// ISR, the high watermark and, on the leader, what it knows of each follower
// (its log end offset and when it was last caught up). It is pure state and
// rules; the broker feeds it fetches and metadata and acts on what it returns.
//
// It mirrors these Kafka sources (apache/kafka):
//
//   - core/…/cluster/Partition.scala: makeLeader and makeFollower,
//     updateFollowerFetchState, maybeIncrementLeaderHW, getOutOfSyncReplicas
//     and maybeShrinkIsr, maybeExpandIsr and isFollowerInSync,
//     checkEnoughReplicasReachOffset, and the pending ISR states of
//     AlterPartition (PendingExpandIsr, PendingShrinkIsr: the "maximal ISR"
//     of KIP-497);
//   - core/…/cluster/Replica.scala: a follower's fetch state and the
//     lastCaughtUpTimeMs rule;
//   - storage/…/UnifiedLog.java maybeUpdateHighWatermark: a follower's high
//     watermark is the leader's, clamped to its own log.
//
// Rules, in one place:
//
//   - A follower's LEO, as the leader sees it, is the offset of its latest
//     fetch. It is caught up at fetch time t if it fetched at the leader's
//     LEO, or at the LEO the leader had at its previous fetch (then it was
//     caught up at that previous fetch's time).
//   - A follower is out of sync when it is neither at the leader's LEO nor
//     caught up within replica.lag.time.max.ms.
//   - The high watermark is the least LEO of the leader and of the replicas
//     in the maximal ISR (or caught up and eligible), and it does not move
//     while the ISR is smaller than min(min.insync.replicas, RF) (KAFKA-15583,
//     Kafka 3.7).
//   - A follower may join the ISR when its LEO reached both the high watermark
//     and the leader epoch's start offset, and its broker is eligible.
//
// The leader recovery state (KIP-704): a follower holds the controller's
// (RECOVERING after an unclean election); a leader marks itself RECOVERED as
// it becomes leader, as Partition.makeLeader does, so its first ISR
// expansion tells the controller it has recovered.
//
// Not implemented here: the leader's check of a follower's broker epoch on
// fetch, and Kafka's fetch-offset metadata (segment positions).
package replica
