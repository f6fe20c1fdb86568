package controller

import "github.com/kafkalab/kafkalab/engine/metadata"

// Partition returns a deep copy of the controller's registration of topic's
// partition p, the authority on its leader and ISR (a broker's view lags it,
// and a broker that is down or still replaying the metadata log has none).
func (c *Controller) Partition(topic string, p int32) (metadata.Partition, bool) {
	t, ok := c.topics[topic]
	if !ok || p < 0 || int(p) >= len(t.Partitions) {
		return metadata.Partition{}, false
	}
	return t.Partitions[p].Clone(), true
}
