package protocol

import (
	"errors"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// API names, as Kafka's ApiKeys spell them; a response is the name with
// "Response" appended. They go into sim.Message.API and the trace.
const (
	APIProduce            = "Produce"
	APIFetch              = "Fetch"
	APIListOffsets        = "ListOffsets"
	APIMetadata           = "Metadata"
	APICreateTopics       = "CreateTopics"
	APIDeleteTopics       = "DeleteTopics"
	APICreatePartitions   = "CreatePartitions"
	APIDescribeConfigs    = "DescribeConfigs"
	APIElectLeaders       = "ElectLeaders"
	APIBrokerRegistration = "BrokerRegistration"
	APIBrokerHeartbeat    = "BrokerHeartbeat"
	APIAlterPartition     = "AlterPartition"
	// APIMetadataFetch is a broker fetching the __cluster_metadata log from
	// the controller. On the wire it is a Fetch (API key 1) of that topic;
	// the lab names it apart so the trace tells data from metadata.
	APIMetadataFetch = "Fetch(__cluster_metadata)"
)

// Response returns the API name of the response to api.
func Response(api string) string { return api + "Response" }

// Acks values of a ProduceRequest.
const (
	AcksNone   int16 = 0  // no response at all
	AcksLeader int16 = 1  // respond after the leader's append
	AcksAll    int16 = -1 // respond once the high watermark passes the batch
)

// ConsumerReplicaID is the ReplicaID of a fetch from a consumer (or any
// client that is not a broker).
const ConsumerReplicaID int32 = -1

// A TopicPartition names one partition of a topic.
type TopicPartition struct {
	Topic     string
	Partition int32
}

// String renders tp as Kafka does: "topic-partition".
func (tp TopicPartition) String() string {
	return tp.Topic + "-" + strconv.Itoa(int(tp.Partition))
}

// Compare orders partitions by topic, then partition.
func (tp TopicPartition) Compare(o TopicPartition) int {
	switch {
	case tp.Topic < o.Topic:
		return -1
	case tp.Topic > o.Topic:
		return 1
	case tp.Partition < o.Partition:
		return -1
	case tp.Partition > o.Partition:
		return 1
	}
	return 0
}

// ErrName returns the Kafka name of err's code for a trace summary: "NONE"
// for nil, UNKNOWN_SERVER_ERROR for an error that carries no Kafka code.
func ErrName(err error) string {
	if err == nil {
		return "NONE"
	}
	var ke *kerr.Error
	if errors.As(err, &ke) {
		return ke.Name
	}
	return kerr.UnknownServerError.Name
}
