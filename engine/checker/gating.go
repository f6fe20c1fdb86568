package checker

import (
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// Gating by power loss (RELIABILITY.md B3, G1's right-hand column): when
// every ISR member of a partition lost its unflushed tail in a power loss,
// the last replica standing comes back without records that were committed
// (KIP-966; the eligible leader replicas fix it, and the lab has no ELR).
// Kafka documents that loss, so the checker counts it as expected for that
// partition; a power loss of fewer replicas must lose nothing committed or
// acknowledged (G1, and G2 where the configuration gives it).
//
// A replica stays marked until it holds every committed record again (its
// log end reached the commit point after the restart, noteCaughtUp): from
// then on it is an ISR member that keeps its log, until its next power loss,
// so a later power loss of the other members alone must lose nothing
// (TestKIP966CaughtUpReplicaKeepsItsLog).

// notePowerLoss is called just before broker id loses power.
func (r *run) notePowerLoss(id int32) {
	if r.tailLost == nil {
		r.tailLost = make([][]bool, r.cfg.Partitions)
		for p := range r.tailLost {
			r.tailLost[p] = make([]bool, r.cfg.Brokers)
		}
		r.kip966 = make([]bool, r.cfg.Partitions)
	}
	if r.restarted == nil {
		r.restarted = make([]bool, r.cfg.Brokers)
	}
	r.restarted[id-1] = false
	for p := range int32(r.cfg.Partitions) {
		r.tailLost[p][id-1] = true
		r.noteKIP966(p, "broker "+strconv.Itoa(int(id))+" loses power")
	}
}

// noteStart records that a broker's node started again (a "start broker-N"
// fault entry): only the new process's replicas can have caught up.
func (r *run) noteStart(e sim.TraceEntry) {
	const prefix = "start broker-"
	if r.restarted == nil || e.Kind != sim.KindFault || !strings.HasPrefix(e.Label, prefix) {
		return
	}
	if id, err := strconv.Atoi(e.Label[len(prefix):]); err == nil && id >= 1 && id <= r.cfg.Brokers {
		r.restarted[id-1] = true
	}
}

// noteCaughtUp clears broker id's mark for partition p once its replica, in
// a process started after the power loss, holds every committed record: its
// LEO reached the commit point. A member still in the ISR holds a prefix of
// its old log, committed records first; one that left the ISR rejoins only
// after truncating to the leader by epoch (KIP-101) and fetching; and the
// byte-for-byte checks compare what it holds with the ledger.
func (r *run) noteCaughtUp(id, p int32, rs *broker.ReplicaState) {
	if r.tailLost == nil || !r.tailLost[p][id-1] || r.kip966[p] || !r.restarted[id-1] {
		return
	}
	if rs.LEO >= r.safety.ledgers[p].end() {
		r.tailLost[p][id-1] = false
	}
}

// noteKIP966 marks partition p when the controller's ISR of p holds only
// replicas that lost a tail. It runs at each power loss and after every step
// of the controller once one happened, blocking calls' steps included
// (onTrace): the ISR can also shrink to such replicas later (a member that
// kept its log is fenced or shrunk out while a powered-off one is not yet
// fenced), and then the last replica standing is elected with its shorter
// log all the same.
//
// The controller's ISR is the authority: every ISR a broker ever holds was
// the controller's first, and a broker that is down or still replaying the
// metadata log holds none (seed 2463 -full, groups: the controller fenced
// the three members that had crashed, still replaying behind a split, and
// left ISR [1] with broker 1 powered off but not yet fenced; it came back
// with an empty log and led again, and by the time the other brokers had
// loaded the partition they had truncated to it and rejoined the ISR, so
// no broker's view ever showed ISR [1]).
func (r *run) noteKIP966(p int32, what string) {
	if r.kip966[p] {
		return
	}
	reg, ok := r.c.ControllerPartition(r.topic, p)
	if !ok || len(reg.ISR) == 0 {
		return
	}
	for _, m := range reg.ISR {
		if m < 1 || int(m) > r.cfg.Brokers || !r.tailLost[p][m-1] {
			return
		}
	}
	r.kip966[p] = true
	r.res.Stats.PowerLossISR++
	r.expect("G1", r.kip966Why(p), "%s with ISR %v of partition %d", what, reg.ISR, p)
}

func (r *run) kip966Why(p int32) string {
	return "every ISR member of partition " + strconv.Itoa(int(p)) + " lost its unflushed tail in a power loss (KIP-966 last replica standing)"
}

// noteKIP966After runs noteKIP966 for every partition after a step of the
// controller (the only node that changes the ISR), once a power loss
// happened.
func (r *run) noteKIP966After(e sim.TraceEntry) {
	if r.tailLost == nil || !r.isController(e.From) && !r.isController(e.To) {
		return
	}
	for p := range int32(r.cfg.Partitions) {
		r.noteKIP966(p, "the ISR shrinks to replicas that lost a tail")
	}
}

// isController reports whether n is one of the cluster's controller nodes
// (one named "controller", or a quorum's "controller-N").
func (r *run) isController(n sim.NodeID) bool {
	return slices.Contains(r.c.ControllerNodes(), n)
}

// g1 reports whether G1 and G4 hold for partition p, and if not, why.
func (r *run) g1(p int32) (bool, string) {
	if ok, why := r.cfg.G1Holds(); !ok {
		return ok, why
	}
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
	if p >= 0 && int(p) < len(r.kip966) && r.kip966[p] {
		return false, r.kip966Why(p)
	}
	return true, ""
}

// anyKIP966 reports whether some partition met the power-loss condition.
func (r *run) anyKIP966() bool { return slices.Contains(r.kip966, true) }
