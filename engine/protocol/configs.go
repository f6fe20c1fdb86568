package protocol

import "github.com/kafkalab/kafkalab/engine/metadata"

// APIIncrementalAlterConfigs is kafka-configs.sh --alter's request (API key
// 44).
const APIIncrementalAlterConfigs = "IncrementalAlterConfigs"

// Config resource types, as ConfigResource.Type numbers them.
const (
	ResourceTopic  int8 = 2
	ResourceBroker int8 = 4
)

// A ConfigResource names what a config belongs to: a topic, a broker by its
// id ("1"), or every broker by the empty name (the cluster-wide default).
type ConfigResource struct {
	Type int8
	Name string
}

// Config operations of an IncrementalAlterConfigsRequest
// (AlterConfigOp.OpType). APPEND and SUBTRACT are not modelled.
const (
	OpSet    int8 = 0
	OpDelete int8 = 1
)

// An AlterConfigOp sets or deletes one config.
type AlterConfigOp struct {
	Name  string
	Value string // unused by OpDelete
	Op    int8
}

// An IncrementalAlterConfigsRequest changes configs of resources
// (IncrementalAlterConfigsRequest.json). The lab sends it straight to the
// controller, as admin requests go with --bootstrap-controller.
type IncrementalAlterConfigsRequest struct {
	CorrelationID int32
	Resources     []AlterConfigsResource
	ValidateOnly  bool
}

// AlterConfigsResource is one resource's changes.
type AlterConfigsResource struct {
	Resource ConfigResource
	Ops      []AlterConfigOp
}

// An IncrementalAlterConfigsResponse answers with one result per resource.
type IncrementalAlterConfigsResponse struct {
	CorrelationID int32
	Results       []AlterConfigsResult
}

// AlterConfigsResult is one resource's outcome.
type AlterConfigsResult struct {
	Resource ConfigResource
	Err      error
}

// A DescribeResourceConfigsRequest is DescribeConfigs with synonyms
// (API key 32, include_synonyms=true) for any resource type, as
// kafka-configs.sh --describe sends it. The older DescribeConfigsRequest
// is kafka-topics.sh's topic-only form.
type DescribeResourceConfigsRequest struct {
	CorrelationID int32
	Resources     []ConfigResource
}

// A DescribeResourceConfigsResponse answers with one result per resource.
type DescribeResourceConfigsResponse struct {
	CorrelationID int32
	Results       []ResourceConfigsResult
}

// ResourceConfigsResult is one resource's configs, sorted by name.
type ResourceConfigsResult struct {
	Resource ConfigResource
	Err      error
	Entries  []metadata.ConfigEntry
}

// A ConfigRecord sets (or, with Remove, deletes) one config of a resource
// in the metadata log (ConfigRecord.json, whose Value is null on delete).
type ConfigRecord struct {
	Resource ConfigResource
	Name     string
	Value    string
	Remove   bool
}
