package metadata

import "github.com/kafkalab/kafkalab/engine/kerr"

// Aliases for the AlterPartition answers, kept so callers in this package read
// naturally; the values live in engine/kerr with every other Kafka code.
var (
	// InvalidUpdateVersion answers an AlterPartition whose partition epoch is stale.
	InvalidUpdateVersion = kerr.InvalidUpdateVersion
	// IneligibleReplica answers an AlterPartition whose new ISR holds a fenced,
	// shutting-down or unregistered broker.
	IneligibleReplica = kerr.IneligibleReplica
)
