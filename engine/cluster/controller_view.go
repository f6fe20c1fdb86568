package cluster

import "github.com/kafkalab/kafkalab/engine/metadata"

// ControllerPartition returns the controller's registration of topic's
// partition (leader, ISR, epochs, leader recovery state), a deep copy, as
// the active controller (or, during an election, the first live one) has it.
func (c *Cluster) ControllerPartition(topic string, partition int32) (metadata.Partition, bool) {
	return c.shown().Partition(topic, partition)
}
