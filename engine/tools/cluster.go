package tools

import "github.com/kafkalab/kafkalab/engine/tools/toolsapi"

// The contract between the tools and a cluster lives in engine/tools/toolsapi,
// a leaf package, so that engine/cluster (and the lab's WebAssembly) need not
// link the tools. These aliases keep every name here: see toolsapi for the
// documentation.
type (
	Cluster              = toolsapi.Cluster
	BrokerInfo           = toolsapi.BrokerInfo
	CreateTopic          = toolsapi.CreateTopic
	CreatedTopic         = toolsapi.CreatedTopic
	TopicDescription     = toolsapi.TopicDescription
	PartitionDescription = toolsapi.PartitionDescription
	ProduceSpec          = toolsapi.ProduceSpec
	ProducerRecord       = toolsapi.ProducerRecord
	Header               = toolsapi.Header
	DeliveryReport       = toolsapi.DeliveryReport
	FetchSpec            = toolsapi.FetchSpec
	ConsumedRecord       = toolsapi.ConsumedRecord
	TraceSource          = toolsapi.TraceSource
	BrokerControl        = toolsapi.BrokerControl
	LinkControl          = toolsapi.LinkControl
	LeaderControl        = toolsapi.LeaderControl
	GroupCluster         = toolsapi.GroupCluster
	ConsumerSpec         = toolsapi.ConsumerSpec
	ConsumerInfo         = toolsapi.ConsumerInfo
	GroupListing         = toolsapi.GroupListing
	GroupDescription     = toolsapi.GroupDescription
	GroupMember          = toolsapi.GroupMember
	GroupOffset          = toolsapi.GroupOffset
	PartitionOffset      = toolsapi.PartitionOffset
	AppProducer          = toolsapi.AppProducer
	ConfigCluster        = toolsapi.ConfigCluster
	ConfigOp             = toolsapi.ConfigOp
	ConfigEntry          = toolsapi.ConfigEntry
	ConfigSynonym        = toolsapi.ConfigSynonym
	RateProducerCluster  = toolsapi.RateProducerCluster
	RateProducerSpec     = toolsapi.RateProducerSpec
	RateProducerInfo     = toolsapi.RateProducerInfo
)

// MaxRatePerSecond bounds a rate producer's rate (toolsapi.MaxRatePerSecond).
const MaxRatePerSecond = toolsapi.MaxRatePerSecond

// ListOffsets timestamps with special meaning, as in Kafka's ListOffsets API.
const (
	Latest   = toolsapi.Latest
	Earliest = toolsapi.Earliest
)
