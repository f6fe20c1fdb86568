package cluster

import "github.com/kafkalab/kafkalab/engine/sim"

// SnapshotReusing is Snapshot with the states of the brokers for which
// same reports true taken from prev instead of read again: the live lab's
// frame, where a step changes one or two of a dozen brokers' hundreds of
// replicas (web/live decides which from the trace). Each broker's Up is
// read again either way. The result shares the reused brokers' values with
// prev; both are read-only. A broker missing from prev is read.
func (c *Cluster) SnapshotReusing(prev State, same func(sim.NodeID) bool) State {
	s := State{Now: c.sim.Now(), Steps: c.sim.Steps(), Controller: c.shown().Snapshot(), Brokers: make([]BrokerState, 0, len(c.brokers))}
	for i, b := range c.brokers {
		bs := BrokerState{Node: b.ID(), Up: c.sim.IsUp(b.ID())}
		if i < len(prev.Brokers) && prev.Brokers[i].Node == b.ID() && same(b.ID()) {
			bs.State = prev.Brokers[i].State
		} else {
			bs.State = b.Snapshot()
		}
		s.Brokers = append(s.Brokers, bs)
	}
	return s
}
