package protocol

import (
	"github.com/google/uuid"
	"github.com/kafkalab/kafkalab/engine/metadata"
)

// A MetadataRequest asks a broker which brokers, topics and partition leaders
// it knows (MetadataRequest.json, API key 3). Clients send it to bootstrap and
// whenever a leader moves. Topics nil means all topics.
type MetadataRequest struct {
	CorrelationID int32
	Topics        []string // nil: every topic
}

// A MetadataResponse is the broker's view of the cluster, from its metadata
// image: it may lag the controller by the time the broker takes to fetch the
// metadata log.
type MetadataResponse struct {
	CorrelationID int32
	Brokers       []BrokerEndpoint // unfenced brokers, ascending by id
	ControllerID  int32
	Topics        []TopicMetadata // in request order, or sorted by name
}

// A BrokerEndpoint is where a broker listens.
type BrokerEndpoint struct {
	NodeID int32
	Host   string
	Port   int32
}

// TopicMetadata is one topic of a MetadataResponse.
type TopicMetadata struct {
	Err        error // UNKNOWN_TOPIC_OR_PARTITION for a topic the broker does not know
	Name       string
	ID         uuid.UUID
	Internal   bool
	Partitions []PartitionMetadata
}

// PartitionMetadata is one partition of a TopicMetadata.
type PartitionMetadata struct {
	Partition       int32
	Leader          int32 // -1 when offline
	LeaderEpoch     int32
	Replicas        []int32
	ISR             []int32
	OfflineReplicas []int32
}

// A CreateTopicsRequest creates topics (CreateTopicsRequest.json, API key
// 19). The lab's admin client sends it straight to the controller, as
// kafka-topics.sh --bootstrap-controller does (KIP-919); a broker would
// forward it there.
type CreateTopicsRequest struct {
	CorrelationID int32
	Topics        []CreatableTopic
	TimeoutMs     int32
	ValidateOnly  bool
}

// A CreatableTopic is one topic to create. NumPartitions and
// ReplicationFactor are -1 for the defaults; Assignment, when set, replaces
// both.
type CreatableTopic struct {
	Name              string
	NumPartitions     int32
	ReplicationFactor int16
	Assignment        [][]int32
	Configs           []string // "name=value"
}

// A CreateTopicsResponse answers a CreateTopicsRequest, one result per topic.
type CreateTopicsResponse struct {
	CorrelationID int32
	Topics        []CreatableTopicResult
}

// A CreatableTopicResult is one topic's outcome.
type CreatableTopicResult struct {
	Name              string
	ID                uuid.UUID
	Err               error
	NumPartitions     int32
	ReplicationFactor int16
}

// A DeleteTopicsRequest deletes topics by name (API key 20).
type DeleteTopicsRequest struct {
	CorrelationID int32
	Names         []string
}

// A DeleteTopicsResponse answers a DeleteTopicsRequest.
type DeleteTopicsResponse struct {
	CorrelationID int32
	Results       []TopicResult
}

// A TopicResult is the outcome of an admin request for one topic.
type TopicResult struct {
	Name string
	Err  error
}

// A CreatePartitionsRequest grows topics (API key 37).
type CreatePartitionsRequest struct {
	CorrelationID int32
	Topics        []CreatePartitionsTopic
}

// A CreatePartitionsTopic grows one topic to Count partitions; Assignment,
// when set, has one replica list per new partition.
type CreatePartitionsTopic struct {
	Name       string
	Count      int32
	Assignment [][]int32
}

// A CreatePartitionsResponse answers a CreatePartitionsRequest.
type CreatePartitionsResponse struct {
	CorrelationID int32
	Results       []TopicResult
}

// A DescribeConfigsRequest asks for topic configs (API key 32); the lab
// answers for topics only, from the broker's metadata image.
type DescribeConfigsRequest struct {
	CorrelationID int32
	Topics        []string
}

// A DescribeConfigsResponse answers a DescribeConfigsRequest.
type DescribeConfigsResponse struct {
	CorrelationID int32
	Results       []TopicConfigResult
}

// A TopicConfigResult is one topic's configs.
type TopicConfigResult struct {
	Name   string
	Err    error
	Config metadata.TopicConfig
}

// An ElectLeadersRequest runs a preferred or unclean leader election
// (ElectLeadersRequest.json, API key 43), as kafka-leader-election.sh does.
type ElectLeadersRequest struct {
	CorrelationID int32
	Unclean       bool // ElectionType 1; 0 is preferred
	Partitions    []TopicPartition
}

// An ElectLeadersResponse answers an ElectLeadersRequest.
type ElectLeadersResponse struct {
	CorrelationID int32
	Results       []ElectionResult
}

// An ElectionResult is one partition's outcome.
type ElectionResult struct {
	TopicPartition
	Err error
}
