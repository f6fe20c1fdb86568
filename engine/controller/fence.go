package controller

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/kerr"

	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// sessionExpired fences a broker that sent no heartbeat for
// broker.session.timeout.ms (BrokerHeartbeatManager.findOneStaleBroker).
func (c *Controller) sessionExpired(env *sim.Env, id int32) {
	b, ok := c.brokers[id]
	if !ok {
		return
	}
	b.sessionTimer = 0
	if !b.fenced {
		c.fence(env, b, fmt.Sprintf("no heartbeat for %d ms", c.cfg.SessionTimeoutMs))
	}
}

// fence moves every partition off the broker and then writes a
// FenceBrokerRecord (ReplicationControlManager.handleBrokerFenced): it
// leaves each ISR (unless that would empty it), and partitions it led get a
// clean election — or an unclean one where the topic allows it. A partition
// with no eligible replica goes offline (leader -1). The partition changes
// come first, as in Kafka, so no prefix of the event's records shows a
// fenced broker still leading.
func (c *Controller) fence(env *sim.Env, b *broker, why string) {
	b.fenced = true
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("controller fences broker %d: %s", b.id, why)})
	c.electAll(env, func(p metadata.Partition) bool { return p.IsReplica(b.id) })
	c.append(env, protocol.MetadataRecord{FenceBroker: &protocol.FenceBrokerRecord{BrokerID: b.id, BrokerEpoch: b.epoch}})
}

// unfence writes an UnfenceBrokerRecord and elects leaders for offline
// partitions the broker can now lead (handleBrokerUnfenced).
func (c *Controller) unfence(env *sim.Env, b *broker) {
	b.fenced = false
	c.append(env, protocol.MetadataRecord{UnfenceBroker: &protocol.UnfenceBrokerRecord{BrokerID: b.id, BrokerEpoch: b.epoch}})
	c.electAll(env, func(p metadata.Partition) bool { return !p.HasLeader() && p.IsReplica(b.id) })
}

// electAll runs an election on every partition matching which, writing a
// PartitionChangeRecord for each that changes. This is the hook later
// failure handling (issue 5) builds on.
func (c *Controller) electAll(env *sim.Env, which func(metadata.Partition) bool) {
	for _, name := range c.topicNames() {
		t := c.topics[name]
		for i, p := range t.Partitions {
			if !which(p) {
				continue
			}
			leader, isr, ok := metadata.ElectClean(p, c.alive)
			if !ok && t.Config.UncleanLeaderElectionEnable {
				leader, isr, ok = metadata.ElectUnclean(p, c.alive)
			}
			if !ok {
				leader = metadata.NoLeader
			}
			if next, changed := p.Change(leader, isr); changed {
				c.changePartition(env, t, int32(i), next)
			}
		}
	}
}

// ForceLeader makes broker the leader of tp if it is an alive ISR member, as a
// test or lesson input: Kafka reaches the same state through a preferred
// election after a reassignment, or when the old leader is fenced. It
// returns an error naming why it cannot.
func (c *Controller) ForceLeader(env *sim.Env, tp protocol.TopicPartition, leader int32) error {
	defer c.flushAppends(env)
	if !c.Active() {
		return fmt.Errorf("controller: %s is not the active controller: %w", c.id, c.notController(kerr.NotController))
	}
	t, ok := c.topics[tp.Topic]
	if !ok || tp.Partition < 0 || int(tp.Partition) >= len(t.Partitions) {
		return fmt.Errorf("controller: unknown partition %s", tp)
	}
	p := t.Partitions[tp.Partition]
	if !p.InISR(leader) || !c.alive(leader) {
		return fmt.Errorf("controller: broker %d is not an alive ISR member of %s (ISR %v)", leader, tp, p.ISR)
	}
	if next, changed := p.Change(leader, p.ISR); changed {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("controller moves the leadership of %s to broker %d", tp, leader)})
		c.changePartition(env, t, tp.Partition, next)
	}
	return nil
}
