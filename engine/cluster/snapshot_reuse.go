package cluster

import "github.com/kafkalab/kafkalab/engine/sim"

// SnapshotReusing is Snapshot with the state of every node for which same
// reports true taken from prev instead of read again: the live lab's
// frame, where a step changes one or two of a dozen brokers' hundreds of
// replicas (web/live decides which from the trace). The controller's state
// is reused when same holds for every controller node (which one is shown
// follows from their states and whether they are up). Each broker's Up is
// read again either way. prev must be a snapshot of this cluster (one with
// all its brokers; anything else is read in full). The result shares the
// reused values with prev; both are read-only.
func (c *Cluster) SnapshotReusing(prev State, same func(sim.NodeID) bool) State {
	full := len(prev.Brokers) != len(c.brokers)
	s := State{Now: c.sim.Now(), Steps: c.sim.Steps(), Brokers: make([]BrokerState, 0, len(c.brokers))}
	ctlSame := !full
	for _, ctl := range c.controllers {
		ctlSame = ctlSame && same(ctl.ID())
	}
	if ctlSame {
		s.Controller = prev.Controller
	} else {
		s.Controller = c.shown().Snapshot()
	}
	for i, b := range c.brokers {
		bs := BrokerState{Node: b.ID(), Up: c.sim.IsUp(b.ID())}
		if !full && prev.Brokers[i].Node == b.ID() && same(b.ID()) {
			bs.State = prev.Brokers[i].State
		} else {
			bs.State = b.Snapshot()
		}
		s.Brokers = append(s.Brokers, bs)
	}
	return s
}
