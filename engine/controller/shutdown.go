package controller

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// Kafka's defaults for automatic leader balancing (ReplicationConfigs.java).
const (
	DefaultAutoLeaderRebalanceEnable          = true   // auto.leader.rebalance.enable
	DefaultLeaderImbalanceCheckIntervalMs     = 300000 // leader.imbalance.check.interval.seconds (300)
	DefaultLeaderImbalancePerBrokerPercentage = 10     // leader.imbalance.per.broker.percentage
	timerLeaderImbalance                      = "leader imbalance check"
)

// beginControlledShutdown handles a heartbeat with WantShutDown
// (BrokerHeartbeatManager PENDING_CONTROLLED_SHUTDOWN and
// ReplicationControlManager.handleBrokerInControlledShutdown): the broker
// no longer counts as active, so every partition it leads elects another
// leader among the ISR members that are alive and not shutting down, and it
// leaves every ISR (unless that would empty it).
func (c *Controller) beginControlledShutdown(env *sim.Env, b *broker) {
	b.shuttingDown = true
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("controller starts the controlled shutdown of broker %d: its leaderships move away", b.id)})
	shutting := func(id int32) bool { br, ok := c.brokers[id]; return ok && br.shuttingDown }
	for _, name := range c.topicNames() {
		t := c.topics[name]
		for i, p := range t.Partitions {
			if !p.IsReplica(b.id) {
				continue
			}
			leader, isr, ok := metadata.ElectForShutdown(p, c.registeredUnfenced, shutting)
			if !ok {
				leader = metadata.NoLeader
			}
			if next, changed := p.Change(leader, isr); changed {
				c.changePartition(env, t, int32(i), next)
			}
		}
	}
	b.shutdownOffset = c.EndOffset()
}

// shutdownReady reports whether a broker in controlled shutdown may stop:
// it has replayed the records that moved its leaderships
// (BrokerHeartbeatManager: SHUTDOWN_NOW once caught up and leading nothing).
func (c *Controller) shutdownReady(b *broker, metadataOffset int64) bool {
	if metadataOffset+1 < b.shutdownOffset {
		return false
	}
	for _, name := range c.topicNames() {
		for _, p := range c.topics[name].Partitions {
			if p.Leader == b.id {
				return false
			}
		}
	}
	return true
}

// registeredUnfenced is alive without the controlled-shutdown condition.
func (c *Controller) registeredUnfenced(id int32) bool {
	b, ok := c.brokers[id]
	return ok && !b.fenced
}

// scheduleImbalanceCheck arms the periodic leader imbalance check once.
func (c *Controller) scheduleImbalanceCheck(env *sim.Env) {
	if !c.cfg.AutoLeaderRebalanceEnable || c.imbalanceTimer != 0 {
		return
	}
	c.imbalanceTimer = env.After(c.cfg.LeaderImbalanceCheckIntervalMs, timerLeaderImbalance, nil)
}

// checkLeaderImbalance is auto leader rebalancing
// (QuorumController.maybeBalancePartitionLeaders): for each broker, the
// share of the partitions whose preferred leader it is but which another
// broker leads; above leader.imbalance.per.broker.percentage, a preferred
// election runs on those partitions where the preferred replica is an alive
// ISR member. (Kafka 3.x's KRaft controller elects every imbalanced
// partition once any broker is imbalanced; the lab applies the per-broker
// ratio as the ZooKeeper controller did, which is what the setting
// documents.)
func (c *Controller) checkLeaderImbalance(env *sim.Env) {
	c.imbalanceTimer = 0
	type ref struct {
		t *metadata.Topic
		p int32
	}
	preferred := map[int32]int{}
	imbalanced := map[int32][]ref{}
	for _, name := range c.topicNames() {
		t := c.topics[name]
		for i, p := range t.Partitions {
			pref := p.PreferredLeader()
			if pref == metadata.NoLeader {
				continue
			}
			preferred[pref]++
			if p.Leader != pref {
				imbalanced[pref] = append(imbalanced[pref], ref{t, int32(i)})
			}
		}
	}
	for _, id := range c.registeredBrokers() {
		refs := imbalanced[id]
		if len(refs) == 0 || preferred[id] == 0 || len(refs)*100 <= preferred[id]*c.cfg.LeaderImbalancePerBrokerPercentage {
			continue
		}
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("controller: broker %d leads %d of the %d partitions it prefers; leader imbalance %d%% > %d%%: preferred leader election",
			id, preferred[id]-len(refs), preferred[id], len(refs)*100/preferred[id], c.cfg.LeaderImbalancePerBrokerPercentage)})
		for _, r := range refs {
			p := r.t.Partitions[r.p]
			if leader, isr, ok := metadata.ElectPreferred(p, c.alive); ok {
				if next, changed := p.Change(leader, isr); changed {
					c.changePartition(env, r.t, r.p, next)
				}
			}
		}
	}
	c.scheduleImbalanceCheck(env)
}

// RebalanceLeaders runs the leader imbalance check now, as an input for
// tests and lessons that do not want to wait for the interval.
func (c *Controller) RebalanceLeaders(env *sim.Env) {
	defer c.flushAppends(env)
	if !c.Active() {
		return
	}
	if c.imbalanceTimer != 0 {
		env.Cancel(c.imbalanceTimer)
		c.imbalanceTimer = 0
	}
	c.checkLeaderImbalance(env)
}
