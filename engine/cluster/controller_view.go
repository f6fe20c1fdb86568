package cluster

import "github.com/kafkalab/kafkalab/engine/metadata"

// ControllerPartition returns the controller's registration of topic's
// partition (leader, ISR, epochs, leader recovery state), a deep copy.
func (c *Cluster) ControllerPartition(topic string, partition int32) (metadata.Partition, bool) {
	return c.controller.Partition(topic, partition)
}
