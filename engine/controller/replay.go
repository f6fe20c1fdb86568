package controller

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
)

// apply replays one metadata record into the node's image: the broker
// registry, the topics and the next broker epoch. A standby controller
// applies each record once it is committed, and a new active controller
// starts from the image the committed log builds (QuorumController's
// handleCommit → replay). The active controller's handlers change the
// image as they write the records, which must come to the same thing:
// ImageDigest and ReplayDigest let tests check it.
func (c *Controller) apply(r *protocol.MetadataRecord) {
	switch {
	case r.RegisterBroker != nil:
		rb := r.RegisterBroker
		b, ok := c.brokers[rb.BrokerID]
		if !ok {
			b = &broker{id: rb.BrokerID}
			c.brokers[rb.BrokerID] = b
		}
		b.epoch, b.incarnation, b.host, b.port, b.fenced = rb.BrokerEpoch, rb.IncarnationID, rb.Host, rb.Port, rb.Fenced
		b.registeredAt = r.Offset
		b.shuttingDown, b.shutdownOffset = false, 0
		c.nextEpoch = max(c.nextEpoch, rb.BrokerEpoch+1)
	case r.FenceBroker != nil:
		if b, ok := c.brokers[r.FenceBroker.BrokerID]; ok {
			b.fenced = true
		}
	case r.UnfenceBroker != nil:
		if b, ok := c.brokers[r.UnfenceBroker.BrokerID]; ok {
			b.fenced = false
		}
	case r.Topic != nil:
		c.topics[r.Topic.Name] = &metadata.Topic{Name: r.Topic.Name, ID: r.Topic.ID, Config: r.Topic.Config}
	case r.Partition != nil:
		c.applyPartition(r.Partition.Topic, r.Partition.Partition, r.Partition.Registration)
	case r.PartitionChange != nil:
		c.applyPartition(r.PartitionChange.Topic, r.PartitionChange.Partition, r.PartitionChange.Registration)
	case r.RemoveTopic != nil:
		delete(c.topics, r.RemoveTopic.Name)
	case r.Config != nil:
		c.applyConfig(r.Config)
	}
}

func (c *Controller) applyPartition(topic string, p int32, reg metadata.Partition) {
	t, ok := c.topics[topic]
	if !ok || p < 0 {
		return
	}
	for int(p) >= len(t.Partitions) {
		t.Partitions = append(t.Partitions, metadata.Partition{Leader: metadata.NoLeader})
	}
	t.Partitions[p] = reg.Clone()
}

// rebuildImage forgets the image and replays log[:end]: a leader that
// steps down drops its uncommitted changes this way
// (SnapshotRegistry.revertToSnapshot in Kafka).
func (c *Controller) rebuildImage(end int64) {
	c.brokers = map[int32]*broker{}
	c.topics = map[string]*metadata.Topic{}
	c.dyn = dynamicConfigs{}
	c.nextEpoch = 1
	for i := range end {
		c.apply(&c.log[i])
	}
	c.imageEnd = end
}

// applyCommitted applies the records committed since the image was last
// brought up to date (standby nodes and a leader not yet active).
func (c *Controller) applyCommitted() {
	for c.imageEnd < c.hw {
		c.apply(&c.log[c.imageEnd])
		c.imageEnd++
	}
}

// ImageDigest returns a canonical text of the node's image (registrations,
// topics, partitions, next broker epoch) and how many records it reflects.
func (c *Controller) ImageDigest() (string, int64) { return c.digest(), c.imageEnd }

// ReplayDigest returns the ImageDigest of a fresh node that replayed recs.
func ReplayDigest(recs []protocol.MetadataRecord) string {
	r := New(Config{})
	r.log = recs
	r.rebuildImage(int64(len(recs)))
	return r.digest()
}

func (c *Controller) digest() string {
	var b strings.Builder
	fmt.Fprintf(&b, "next epoch %d\n", c.nextEpoch)
	for _, id := range slices.Sorted(maps.Keys(c.brokers)) {
		br := c.brokers[id]
		fmt.Fprintf(&b, "broker %d epoch %d incarnation %s %s:%d fenced=%t at %d\n", id, br.epoch, br.incarnation, br.host, br.port, br.fenced, br.registeredAt)
	}
	for _, name := range c.topicNames() {
		t := c.topics[name]
		fmt.Fprintf(&b, "topic %s %s %+v\n", name, t.ID, t.Config)
		for i, p := range t.Partitions {
			fmt.Fprintf(&b, "  %d %s LeaderEpoch %d PartitionEpoch %d\n", i, p, p.LeaderEpoch, p.PartitionEpoch)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(c.dyn.brokers)) {
		fmt.Fprintf(&b, "broker configs %q %v\n", id, c.dyn.brokers[id])
	}
	return b.String()
}

// ImageEnd returns how many records of the log the image reflects.
func (c *Controller) ImageEnd() int64 { return c.imageEnd }
