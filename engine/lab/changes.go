package lab

import "github.com/kafkalab/kafkalab/engine/cluster"

// Changes counts what changed the current run's cluster outside the
// simulation's steps: inputs applied (a learner's action, a terminal
// command) and a broker's exit after a clean shutdown. With the cluster
// itself (Cluster, a new one after going back or a reset) it tells a frame
// whether it may reuse what it read before: while both stay the same, a
// node's state changes only in the steps that name it in the trace (the
// node handling the step's event is its entries' From or To), so a broker
// the new trace entries do not name is as it was. Only changes made
// through the Session are counted.
func (s *Session) Changes() (*cluster.Cluster, uint64) { return s.cur.c, s.cur.changes }
