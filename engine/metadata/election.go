package metadata

import "slices"

// Elections mirror KRaft's PartitionChangeBuilder (metadata/src/main/java/org/
// apache/kafka/controller/PartitionChangeBuilder.java, electAnyLeader and
// electPreferredLeader) together with the target ISR that
// ReplicationControlManager.generateLeaderAndIsrUpdates sets when a broker is
// fenced or starts a controlled shutdown. Each returns the new leader and ISR
// without changing p; Partition.Change applies them and bumps the epochs.
//
// Predicates say which brokers are alive (registered and unfenced) and which
// are shutting down. Eligible Leader Replicas (KIP-966) are not modelled.

// ElectClean returns the leader and ISR after a clean election: brokers that
// are not alive leave the ISR, unless that would empty it (without ELR the
// controller never writes an empty ISR, so the last member stays); the current
// leader is kept if it is still in the ISR and alive; otherwise the first
// replica in assignment order that is in the ISR and alive leads. ok is false
// when no such replica exists: the partition goes offline with leader
// NoLeader and waits for an ISR member to come back.
func ElectClean(p Partition, alive func(int32) bool) (leader int32, isr []int32, ok bool) {
	isr = targetISR(p.ISR, alive)
	leader = electFrom(p, isr, alive)
	return leader, isr, leader != NoLeader
}

// ElectUnclean is ElectClean for a topic with unclean.leader.election.enable:
// when no ISR member is alive it elects the first alive replica in assignment
// order and the ISR becomes just that leader (Election.UNCLEAN). Records the
// new leader never received are lost; Partition.Change marks it Recovering.
// ok is false only when no replica is alive at all.
func ElectUnclean(p Partition, alive func(int32) bool) (leader int32, isr []int32, ok bool) {
	leader, isr, ok = ElectClean(p, alive)
	if ok {
		return leader, isr, true
	}
	for _, r := range p.Replicas {
		if alive(r) {
			return r, []int32{r}, true
		}
	}
	return NoLeader, isr, false
}

// ElectPreferred returns the preferred replica (the first assigned) as leader
// when it is in the ISR and alive, as kafka-leader-election.sh
// --election-type preferred and auto leader rebalancing do; the ISR is
// unchanged. ok is false, with the current leader and ISR returned, when the
// preferred replica cannot lead (Kafka answers PREFERRED_LEADER_NOT_AVAILABLE).
// A partition already led by its preferred replica returns ok and no change.
func ElectPreferred(p Partition, alive func(int32) bool) (leader int32, isr []int32, ok bool) {
	pref := p.PreferredLeader()
	if pref != NoLeader && p.InISR(pref) && alive(pref) {
		return pref, slices.Clone(p.ISR), true
	}
	return p.Leader, slices.Clone(p.ISR), false
}

// ElectForShutdown returns the leader and ISR while brokers shut down in a
// controlled way (ReplicationControlManager.handleBrokerInControlledShutdown):
// brokers that are shutting down or not alive leave the ISR unless that would
// empty it, and leadership moves to the first replica in assignment order
// that is in the ISR, alive and not shutting down — the current leader stays
// if it qualifies. ok is false when none qualifies.
func ElectForShutdown(p Partition, alive, shuttingDown func(int32) bool) (leader int32, isr []int32, ok bool) {
	active := func(b int32) bool { return alive(b) && !shuttingDown(b) }
	isr = targetISR(p.ISR, active)
	leader = electFrom(p, isr, active)
	return leader, isr, leader != NoLeader
}

// targetISR keeps the ISR members for which keep holds; if none does, the
// ISR is left as it is, because PartitionChangeBuilder.build does not write an
// empty ISR when ELR is disabled.
func targetISR(isr []int32, keep func(int32) bool) []int32 {
	out := make([]int32, 0, len(isr))
	for _, b := range isr {
		if keep(b) {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return slices.Clone(isr)
	}
	return out
}

// electFrom is electAnyLeader without ELR and without the unclean fallback.
func electFrom(p Partition, isr []int32, acceptable func(int32) bool) int32 {
	valid := func(b int32) bool { return slices.Contains(isr, b) && acceptable(b) }
	if p.Leader != NoLeader && valid(p.Leader) {
		return p.Leader
	}
	for _, r := range p.Replicas {
		if valid(r) {
			return r
		}
	}
	return NoLeader
}
