// Package protocol holds the messages the lab's nodes exchange through the
// simulated network, as plain Go structs named for Kafka's APIs:
// ProduceRequest/ProduceResponse, FetchRequest/FetchResponse, ListOffsets,
// Metadata, CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs,
// ElectLeaders, and the KRaft broker-to-controller APIs BrokerRegistration,
// BrokerHeartbeat and AlterPartition. The controller's metadata log travels
// as MetadataFetchRequest/Response carrying MetadataRecords (TopicRecord,
// PartitionRecord, PartitionChangeRecord, RegisterBrokerRecord,
// LeaderChangeRecord …); a controller quorum's voters exchange Vote,
// BeginQuorumEpoch and QuorumFetch (quorum.go).
//
// Field names follow Kafka's JSON message definitions
// (clients/src/main/resources/common/message/*.json) where the lab has the
// field, so a reader can look them up. Records travel as real RecordBatch v2
// bytes (engine/record), exactly what a producer sends and a segment file
// stores.
//
// Deliberate differences from the wire protocol:
//
//   - There are no API versions, request headers or sizes: a message is the
//     Go value itself, and the simulated network carries it as is.
//   - Error codes are Go errors: nil is NONE; otherwise a value from
//     engine/kerr, possibly wrapped with a detail (kerr.Code gives the wire
//     code). Kafka sends only the code and, for some APIs, a message.
//   - Every request carries a CorrelationID that its response echoes, as
//     Kafka's request header does; clients use it to match answers.
//   - The metadata log is fetched as Go records, not as RecordBatch bytes of
//     the __cluster_metadata topic (see MetadataFetchRequest).
//   - Topics are named in requests (no topic ids in Produce and Fetch, as in
//     Produce v0–12 and Fetch v0–12).
package protocol
