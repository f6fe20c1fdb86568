package protocol

import (
	"github.com/google/uuid"
	"github.com/kafkalab/kafkalab/engine/metadata"
)

// A BrokerRegistrationRequest is a broker introducing itself to the
// controller when it starts (BrokerRegistrationRequest.json, API key 62).
type BrokerRegistrationRequest struct {
	CorrelationID int32
	BrokerID      int32
	Host          string
	Port          int32
	// IncarnationID tells a restarted broker process from the old one: a
	// random UUID drawn when the process starts.
	IncarnationID uuid.UUID
}

// A BrokerRegistrationResponse gives the broker its epoch, which fences
// requests from its earlier incarnations.
type BrokerRegistrationResponse struct {
	CorrelationID int32
	Err           error
	BrokerEpoch   int64
}

// A BrokerHeartbeatRequest keeps a broker's registration alive
// (BrokerHeartbeatRequest.json, API key 63), every
// broker.heartbeat.interval.ms (2000). It reports how far the broker has
// replayed the metadata log, which is how a new broker becomes unfenced.
type BrokerHeartbeatRequest struct {
	CorrelationID         int32
	BrokerID              int32
	BrokerEpoch           int64
	CurrentMetadataOffset int64
	WantFence             bool
	WantShutDown          bool
}

// A BrokerHeartbeatResponse tells the broker its state.
type BrokerHeartbeatResponse struct {
	CorrelationID  int32
	Err            error
	IsCaughtUp     bool
	IsFenced       bool
	ShouldShutDown bool
}

// An AlterPartitionRequest is a partition leader asking the controller to
// change the ISR (AlterPartitionRequest.json, API key 56): shrink it when a
// follower falls behind for replica.lag.time.max.ms, expand it when one
// catches up.
type AlterPartitionRequest struct {
	CorrelationID int32
	BrokerID      int32
	BrokerEpoch   int64
	TopicPartition
	metadata.AlterPartition
}

// An AlterPartitionResponse carries the partition's state after the change,
// or the error that rejected it.
type AlterPartitionResponse struct {
	CorrelationID int32
	TopicPartition
	Err            error
	Leader         int32
	LeaderEpoch    int32
	ISR            []int32
	PartitionEpoch int32
}
