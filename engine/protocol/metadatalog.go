package protocol

import (
	"github.com/google/uuid"
	"github.com/kafkalab/kafkalab/engine/metadata"
)

// A MetadataFetchRequest is a broker fetching the __cluster_metadata log from
// the active controller, as a KRaft observer does with Fetch. The controller
// holds it up to MaxWaitMs when there is nothing new, like any long-poll fetch.
type MetadataFetchRequest struct {
	CorrelationID int32
	BrokerID      int32
	FetchOffset   int64
	MaxWaitMs     int32
}

// A MetadataFetchResponse carries the records from FetchOffset on and the
// log's high watermark (with one controller, every record is committed at
// once).
type MetadataFetchResponse struct {
	CorrelationID int32
	Err           error
	Records       []MetadataRecord
	HighWatermark int64
}

// A MetadataRecord is one entry of the metadata log at Offset. Exactly one of
// the pointer fields is set, mirroring Kafka's metadata record types
// (metadata/src/main/resources/common/metadata/*.json).
type MetadataRecord struct {
	Offset int64
	// Epoch is the KRaft leader epoch in which the record was appended
	// (the batch's partition leader epoch in Kafka).
	Epoch           int32
	LeaderChange    *LeaderChangeRecord
	RegisterBroker  *RegisterBrokerRecord
	FenceBroker     *FenceBrokerRecord
	UnfenceBroker   *UnfenceBrokerRecord
	Topic           *TopicRecord
	Partition       *PartitionRecord
	PartitionChange *PartitionChangeRecord
	RemoveTopic     *RemoveTopicRecord
	Config          *ConfigRecord
}

// Kind names the record's type as Kafka does.
func (r *MetadataRecord) Kind() string {
	switch {
	case r.RegisterBroker != nil:
		return "RegisterBrokerRecord"
	case r.FenceBroker != nil:
		return "FenceBrokerRecord"
	case r.UnfenceBroker != nil:
		return "UnfenceBrokerRecord"
	case r.Topic != nil:
		return "TopicRecord"
	case r.Partition != nil:
		return "PartitionRecord"
	case r.PartitionChange != nil:
		return "PartitionChangeRecord"
	case r.RemoveTopic != nil:
		return "RemoveTopicRecord"
	case r.LeaderChange != nil:
		return "LeaderChangeRecord"
	case r.Config != nil:
		return "ConfigRecord"
	}
	return "?"
}

// A RegisterBrokerRecord registers a broker, fenced until it catches up.
type RegisterBrokerRecord struct {
	BrokerID    int32
	BrokerEpoch int64
	// IncarnationID is the broker process's id, so that a new active
	// controller can tell a re-registration from a second process.
	IncarnationID uuid.UUID
	Host          string
	Port          int32
	Fenced        bool
}

// A FenceBrokerRecord fences a broker whose heartbeats stopped.
type FenceBrokerRecord struct {
	BrokerID    int32
	BrokerEpoch int64
}

// An UnfenceBrokerRecord unfences a broker that caught up with the log.
type UnfenceBrokerRecord struct {
	BrokerID    int32
	BrokerEpoch int64
}

// A TopicRecord creates a topic. Kafka writes its config overrides as
// separate ConfigRecords; the lab carries them here.
type TopicRecord struct {
	Name   string
	ID     uuid.UUID
	Config metadata.TopicConfig
}

// A PartitionRecord creates a partition with its full registration.
type PartitionRecord struct {
	TopicID      uuid.UUID
	Topic        string
	Partition    int32
	Registration metadata.Partition
}

// A PartitionChangeRecord changes a partition's leader or ISR. The lab
// carries the whole new registration; Kafka carries only the changed fields.
type PartitionChangeRecord struct {
	TopicID      uuid.UUID
	Topic        string
	Partition    int32
	Registration metadata.Partition
}

// A RemoveTopicRecord deletes a topic and all its partitions.
type RemoveTopicRecord struct {
	TopicID uuid.UUID
	Name    string
}
