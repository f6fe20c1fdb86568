package metadata

import "github.com/kafkalab/kafkalab/engine/kerr"

// Kafka error codes the controller answers AlterPartition with that engine/kerr
// does not define yet (Errors.java). They are *kerr.Error values, so kerr.Code
// reports their wire codes and errors.Is matches them by code; they belong in
// engine/kerr and should move there.
var (
	// InvalidUpdateVersion answers an AlterPartition whose partition epoch is stale.
	InvalidUpdateVersion = &kerr.Error{Name: "INVALID_UPDATE_VERSION", Code: 95, Retriable: false, Description: "The given update version was invalid."}
	// IneligibleReplica answers an AlterPartition whose new ISR holds a fenced,
	// shutting-down or unregistered broker.
	IneligibleReplica = &kerr.Error{Name: "INELIGIBLE_REPLICA", Code: 107, Retriable: false, Description: "The new ISR contains at least one ineligible replica."}
)
