package controller

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// The leader recovery state (KIP-704, Kafka 3.2+): an unclean election sets
// the partition's LeaderRecoveryState to RECOVERING with the ISR [leader]
// (PartitionChangeBuilder.tryElection, metadata.Partition.Change), and the
// controller refuses to grow that ISR until the leader says it recovered
// (metadata.Partition.Apply: INVALID_REQUEST). Kafka's leader marks itself
// RECOVERED as it becomes leader, so its first ISR expansion carries
// RECOVERED and the controller writes both in one PartitionChangeRecord.
// kafka-topics.sh --describe does not show the state (TopicCommand prints
// Leader, Replicas, Isr and, with ELR, Elr and LastKnownElr); the metadata
// log does, as the record's LeaderRecoveryState field.

// recoverySummary is the LeaderRecoveryState part of a partition record's
// trace summary: shown while RECOVERING (RECOVERED is the default, which
// Kafka's records leave out).
func recoverySummary(p metadata.Partition) string {
	if p.Recovering {
		return " LeaderRecoveryState: RECOVERING"
	}
	return ""
}

// noteRecovered records an accepted AlterPartition that ended a RECOVERING
// state.
func noteRecovered(env *sim.Env, req *protocol.AlterPartitionRequest, cur, next metadata.Partition) {
	if cur.Recovering && !next.Recovering {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("controller: leader %d of %s has recovered from its unclean election (LeaderRecoveryState RECOVERING → RECOVERED)", req.BrokerID, req.TopicPartition),
			Summary: fmt.Sprintf("ISR %v", next.ISR)})
	}
}
