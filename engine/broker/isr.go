package broker

import (
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/replica"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// maybeShrinkISRs is the "isr-expiration" task, run every
// replica.lag.time.max.ms / 2 (ReplicaManager.maybeShrinkIsr): every
// partition this broker leads drops the followers that have not caught up
// within replica.lag.time.max.ms, through an AlterPartition to the controller.
func (b *Broker) maybeShrinkISRs(env *sim.Env) {
	for _, tp := range b.sortedReplicas() {
		r := b.replicas[tp]
		if !r.IsLeader() || r.PendingISR != nil {
			continue
		}
		out := r.OutOfSync(env.Now(), b.cfg.ReplicaLagTimeMaxMs)
		if len(out) == 0 {
			continue
		}
		var isr []int32
		for _, id := range r.ISR {
			if !slices.Contains(out, id) {
				isr = append(isr, id)
			}
		}
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("leader broker-%d shrinks the ISR of %s: %v fell behind for more than replica.lag.time.max.ms (%d ms)", b.cfg.ID, tp, out, b.cfg.ReplicaLagTimeMaxMs)})
		b.alterPartition(env, r, isr)
	}
}

// maybeExpandISR adds a follower that caught up to the ISR
// (Partition.maybeExpandIsr): its LEO reached the high watermark and the
// start of the leader's epoch.
func (b *Broker) maybeExpandISR(env *sim.Env, r *replica.Partition, follower int32) {
	if r.PendingISR != nil || !r.ShouldExpand(follower, b.eligible) {
		return
	}
	isr := append(slices.Clone(r.ISR), follower)
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("leader broker-%d expands the ISR of %s: broker %d caught up (LEO %d ≥ HW %d)", b.cfg.ID, r.TP, follower, r.Follower(follower).LEO, r.HW)})
	b.alterPartition(env, r, isr)
}

// alterPartition sends the controller a proposed ISR; at most one is in
// flight per partition, and until it is answered the leader counts the
// union of the old and proposed ISRs for the high watermark.
func (b *Broker) alterPartition(env *sim.Env, r *replica.Partition, isr []int32) {
	if !r.ProposeISR(isr) {
		return
	}
	corr := b.nextCorr()
	b.alters[corr] = r.TP
	env.Send(sim.Message{To: b.cfg.Controller, API: protocol.APIAlterPartition,
		Body: &protocol.AlterPartitionRequest{CorrelationID: corr, BrokerID: b.cfg.ID, BrokerEpoch: b.epoch, TopicPartition: r.TP,
			AlterPartition: metadata.AlterPartition{BrokerID: b.cfg.ID, LeaderEpoch: r.LeaderEpoch, PartitionEpoch: r.PartitionEpoch, NewISR: slices.Clone(isr)}},
		Label: fmt.Sprintf("AlterPartition(%s, ISR %v → %v)", r.TP, r.ISR, isr)})
}

// handleAlterPartitionResponse adopts the controller's answer: the new ISR
// and partition epoch, then rechecks the high watermark, which a shrink may
// unblock.
func (b *Broker) handleAlterPartitionResponse(env *sim.Env, resp *protocol.AlterPartitionResponse) {
	tp, ok := b.alters[resp.CorrelationID]
	if !ok {
		return
	}
	delete(b.alters, resp.CorrelationID)
	r := b.replicas[tp]
	if r == nil || !r.IsLeader() {
		return
	}
	if r.SettleAlterPartition(resp.Err == nil, resp.ISR, resp.PartitionEpoch) {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("leader broker-%d: the ISR of %s is now %v (partition epoch %d)", b.cfg.ID, tp, r.ISR, r.PartitionEpoch)})
	}
	b.maybeIncrementHW(env, r)
	// Another change may have become due while this one was in flight.
	for i := range r.Followers {
		b.maybeExpandISR(env, r, r.Followers[i].BrokerID)
	}
}
