// Package metadata holds the controller's pure rules for topics and
// partitions: which topic names and configs are legal, where a new topic's
// replicas go, and how leaders and ISRs change. It does no networking and
// keeps no cluster state; the controller node calls these functions with the
// state it owns and records what they return.
//
// It mirrors these Kafka sources (apache/kafka):
//
//   - clients/…/common/internals/Topic.java: name rules, internal topics,
//     '.'/'_' collisions (topicname.go); TopicCommand's collision warning;
//   - storage/…/LogConfig.java and clients/…/config/ConfigDef.java: topic
//     config names, defaults, parsing and validation messages (config.go);
//   - server-common/…/admin/AdminUtils.java and core/…/zk/AdminZkClient.scala:
//     rack-unaware replica placement, placement of added partitions
//     (placement.go), checked against AdminRackAwareTest's vector;
//   - metadata/…/controller/ReplicationControlManager.java: manual assignment
//     checks, createPartitions checks, new partition registrations, and
//     AlterPartition validation (placement.go, partition.go, alterpartition.go);
//   - metadata/…/controller/PartitionChangeBuilder.java and
//     metadata/…/PartitionRegistration.java: clean, unclean and preferred
//     elections, controlled shutdown, and the leader and partition epochs
//     (election.go, partition.go).
//
// The package follows the engine's one rule: it is deterministic. Placement
// randomness is a Layout the caller fixes or draws from its own *rand.Rand
// (RandomLayout); topic ids are passed in; no map iteration reaches a result.
// Errors that Kafka answers with a protocol code wrap the engine/kerr value
// with Kafka's message; others start with "metadata: ".
//
// Placement uses AdminUtils' layout although modern Kafka's KRaft controller
// places replicas with StripedReplicaPlacer (metadata/…/placement). Both spread
// leaders round-robin; the lab keeps AdminUtils because it is the layout the
// articles' diagrams and Kafka's own AdminUtils tests show, it is exactly
// reproducible from two numbers (start index and shift), and its vector is
// checked here. With one rack StripedReplicaPlacer also gives each partition
// consecutive brokers, but it starts at random offsets and reshuffles its
// broker lists as it goes, so its assignments differ from these in detail.
//
// Not modelled:
//
//   - rack-aware placement (broker.rack) and StripedReplicaPlacer itself;
//   - Eligible Leader Replicas (KIP-966) and the "last known leader";
//   - partition reassignment (adding/removing replicas) and directory ids;
//   - topic configs beyond the twelve in TopicConfigNames, broker configs
//     beyond those in BrokerConfigNames (dynamic.go: the broker-level
//     synonyms of the twelve, with DescribeConfigs' synonym chains, and a few
//     read-only settings the lab runs with), and Kafka 4.0's larger
//     segment.bytes floor (1 MiB; the lab keeps 3.x's 14 bytes, as
//     engine/log does);
//   - config values are stored in canonical form ("TRUE" is shown as
//     "true"); Kafka keeps the string as given.
//
// The lab caps topics at MaxPartitions partitions so the browser stays
// responsive; Kafka has no such limit.
package metadata
