package broker

import (
	"errors"
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/kerr"
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
		if !r.IsLeader() || r.PendingISR != nil || b.alterInFlightFor(tp) {
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
	if r.PendingISR != nil || !r.ShouldExpand(follower, b.eligible) || b.alterInFlightFor(r.TP) {
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
	if b.alterInFlightFor(r.TP) || !r.ProposeISR(isr) {
		return
	}
	// The leader recovery state is the leader's own, always RECOVERED
	// (replica.Partition.Recovering): after an unclean election the first
	// expansion is what moves the controller's registration to RECOVERED.
	b.sendAlter(env, r.TP, metadata.AlterPartition{BrokerID: b.cfg.ID, LeaderEpoch: r.LeaderEpoch, PartitionEpoch: r.PartitionEpoch, NewISR: slices.Clone(isr), Recovering: r.Recovering},
		fmt.Sprintf("AlterPartition(%s, ISR %v → %v)", r.TP, r.ISR, isr))
}

func (b *Broker) sendAlter(env *sim.Env, tp protocol.TopicPartition, ap metadata.AlterPartition, lbl string) {
	corr := b.nextCorr()
	req := &protocol.AlterPartitionRequest{CorrelationID: corr, BrokerID: b.cfg.ID, BrokerEpoch: b.epoch, TopicPartition: tp, AlterPartition: ap}
	b.alters[corr] = &alterInFlight{tp: tp, req: req, label: lbl, sentAt: env.Now()}
	env.Send(sim.Message{To: b.controller(), API: protocol.APIAlterPartition, Body: req, Label: lbl})
}

// handleAlterPartitionResponse settles the partition's pending ISR as
// Partition.scala does when its AlterPartition completes:
//
//   - if the pending ISR is no longer the one proposed (a metadata record
//     with a newer partition epoch, or a leader change, already replaced
//     it), the answer is out of date and ignored;
//   - on success the leader adopts the controller's ISR and partition epoch
//     at once (handleAlterPartitionUpdate) and rechecks the high watermark;
//   - INELIGIBLE_REPLICA means the change was not
//     applied: back to the committed ISR;
//   - FENCED_LEADER_EPOCH, INVALID_UPDATE_VERSION and
//     UNKNOWN_TOPIC_OR_PARTITION leave the change pending until the metadata
//     log brings the partition's newer state (a zombie leader thus keeps
//     counting the whole committed ISR and cannot commit alone);
//   - STALE_BROKER_EPOCH, a top-level error, means the controller holds a
//     newer registration than the epoch the request carried:
//     AlterPartitionManager logs "Broker had a stale broker epoch (N),
//     retrying." and sends the same change again with the broker's current
//     epoch. If the broker's own epoch is the stale one (a zombie whose id a
//     newer registration took), the change stays pending and is resent only
//     when its request times out, instead of spinning;
//   - any other error is retried (handleAlterPartitionError).
func (b *Broker) handleAlterPartitionResponse(env *sim.Env, resp *protocol.AlterPartitionResponse) {
	a, ok := b.alters[resp.CorrelationID]
	if !ok {
		return
	}
	delete(b.alters, resp.CorrelationID)
	r := b.replicas[a.tp]
	if r == nil || !r.IsLeader() || !slices.Equal(r.PendingISR, a.req.NewISR) || r.LeaderEpoch != a.req.LeaderEpoch {
		return
	}
	tp := a.tp
	switch {
	case errors.Is(resp.Err, kerr.StaleBrokerEpoch):
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d had a stale broker epoch (%d), retrying AlterPartition(%s)", b.cfg.ID, a.req.BrokerEpoch, tp)})
		if b.epoch != 0 && b.epoch != a.req.BrokerEpoch {
			b.sendAlter(env, tp, a.req.AlterPartition, a.label)
		} else {
			b.alters[resp.CorrelationID] = a // resent by expireRequests
		}
		return
	case resp.Err == nil:
		if r.SettleAlterPartition(true, resp.ISR, resp.PartitionEpoch) {
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("leader broker-%d: the ISR of %s is now %v (partition epoch %d)", b.cfg.ID, tp, r.ISR, r.PartitionEpoch)})
		}
	case errors.Is(resp.Err, metadata.IneligibleReplica):
		r.SettleAlterPartition(false, nil, 0)
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("leader broker-%d: AlterPartition(%s) was not applied (%s); the ISR stays %v", b.cfg.ID, tp, protocol.ErrName(resp.Err), r.ISR)})
	case errors.Is(resp.Err, kerr.FencedLeaderEpoch) || errors.Is(resp.Err, metadata.InvalidUpdateVersion) || errors.Is(resp.Err, kerr.UnknownTopicOrPartition):
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("leader broker-%d: AlterPartition(%s) rejected (%s); the ISR change stays pending until the metadata log shows the partition's newer state", b.cfg.ID, tp, protocol.ErrName(resp.Err))})
		return
	default:
		if hint, ok := protocol.LeaderHint(resp.Err); ok && hint == "" {
			// No active controller yet (an election): resend from the
			// lifecycle tick after one heartbeat interval, not at once.
			b.controllerMoved(env, resp.Err)
			a.retryAt = env.Now() + b.cfg.HeartbeatIntervalMs
			b.alters[resp.CorrelationID] = a
			return
		}
		b.controllerMoved(env, resp.Err)
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("leader broker-%d: AlterPartition(%s) failed (%s); it retries", b.cfg.ID, tp, protocol.ErrName(resp.Err))})
		b.sendAlter(env, tp, a.req.AlterPartition, a.label)
		return
	}
	b.maybeIncrementHW(env, r)
	// Another change may have become due while this one was in flight.
	for i := range r.Followers {
		b.maybeExpandISR(env, r, r.Followers[i].BrokerID)
	}
}
