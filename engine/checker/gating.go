package checker

import (
	"slices"
	"strconv"
)

// Gating by power loss (RELIABILITY.md B3, G1's right-hand column): when
// every ISR member of a partition lost its unflushed tail in a power loss,
// the last replica standing comes back without records that were committed
// (KIP-966; the eligible leader replicas fix it, and the lab has no ELR).
// Kafka documents that loss, so the checker counts it as expected for that
// partition; a power loss of fewer replicas must lose nothing committed or
// acknowledged (G1, and G2 where the configuration gives it).
//
// The bookkeeping is conservative in the permissive direction: a replica
// that lost a tail stays marked for the rest of the run, even once it has
// caught up again.

// notePowerLoss is called just before broker id loses power.
func (r *run) notePowerLoss(id int32) {
	if r.tailLost == nil {
		r.tailLost = make([][]bool, r.cfg.Partitions)
		for p := range r.tailLost {
			r.tailLost[p] = make([]bool, r.cfg.Brokers)
		}
		r.kip966 = make([]bool, r.cfg.Partitions)
	}
	for p := range int32(r.cfg.Partitions) {
		r.tailLost[p][id-1] = true
		r.noteKIP966(p, "broker "+strconv.Itoa(int(id))+" loses power")
	}
}

// noteKIP966 marks partition p when its ISR holds only replicas that lost a
// tail. It runs at each power loss and after every step once one happened:
// the ISR can also shrink to such replicas later (a member that kept its log
// is fenced or shrunk out while a powered-off one is not yet fenced), and
// then the last replica standing is elected with its shorter log all the same.
func (r *run) noteKIP966(p int32, what string) {
	if r.kip966[p] {
		return
	}
	isr := r.currentISR(p)
	all := len(isr) > 0
	for _, m := range isr {
		if m < 1 || int(m) > r.cfg.Brokers || !r.tailLost[p][m-1] {
			all = false
		}
	}
	if all {
		r.kip966[p] = true
		r.res.Stats.PowerLossISR++
		r.expect("G1", r.kip966Why(p), "%s with ISR %v of partition %d", what, isr, p)
	}
}

// currentISR returns the ISR of partition p as the replica with the newest
// (leader epoch, partition epoch) sees it, up or not.
func (r *run) currentISR(p int32) []int32 {
	var isr []int32
	le, pe := int32(-1), int32(-1)
	for id := int32(1); id <= int32(r.cfg.Brokers); id++ {
		rs, ok := r.c.Replica(id, r.topic, p)
		if !ok {
			continue
		}
		if rs.LeaderEpoch > le || (rs.LeaderEpoch == le && rs.PartitionEpoch > pe) {
			le, pe, isr = rs.LeaderEpoch, rs.PartitionEpoch, slices.Clone(rs.ISR)
		}
	}
	return isr
}

func (r *run) kip966Why(p int32) string {
	return "every ISR member of partition " + strconv.Itoa(int(p)) + " lost its unflushed tail in a power loss (KIP-966 last replica standing)"
}

// refreshKIP966 re-runs noteKIP966 for p before a verdict: stepOnce runs it
// after every step it takes, but ForceLeader, ShutdownBroker and
// ElectPreferredLeaders run the simulation themselves, and a reader's
// callback inside them (seed 1068 -full: a controlled shutdown moves the
// leadership to the only other ISR member, which had silently lost its log
// in a power loss) comes before the checker's next step.
func (r *run) refreshKIP966(p int32) {
	if r.tailLost != nil && p >= 0 && int(p) < len(r.kip966) {
		r.noteKIP966(p, "the ISR shrinks to replicas that lost a tail")
	}
}

// g1 reports whether G1 and G4 hold for partition p, and if not, why.
func (r *run) g1(p int32) (bool, string) {
	if ok, why := r.cfg.G1Holds(); !ok {
		return ok, why
	}
	r.refreshKIP966(p)
	if p >= 0 && int(p) < len(r.kip966) && r.kip966[p] {
		return false, r.kip966Why(p)
	}
	return true, ""
}

// g2 reports whether G2 holds for partition p, and if not, why.
func (r *run) g2(p int32) (bool, string) {
	if ok, why := r.cfg.G2Holds(); !ok {
		return ok, why
	}
	r.refreshKIP966(p)
	if p >= 0 && int(p) < len(r.kip966) && r.kip966[p] {
		return false, r.kip966Why(p)
	}
	return true, ""
}

// anyKIP966 reports whether some partition met the power-loss condition.
func (r *run) anyKIP966() bool { return slices.Contains(r.kip966, true) }
