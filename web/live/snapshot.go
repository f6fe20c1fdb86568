package live

import (
	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// snapshots reads the cluster's state frame after frame, reading again
// only the brokers (and the controller) that something may have changed
// since the last frame.
// A broker's snapshot is all its replicas with their logs' offsets and ISR
// copies: at 12 brokers × 200 partitions reading every one cost a fifth of
// a frame, while a step changes the one or two brokers it names.
//
// Which ones: the nodes the trace entries since the last frame name (the
// node handling a step's event is its entries' From or To, lab.Session's
// Changes), every broker when the trace lost entries, names an input (a
// function run at a node, which may reach any) or the session changed the
// cluster outside its steps. TestSnapshotsMatchSnapshot checks the result
// against cluster.Snapshot over many random steps and actions.
type snapshots struct {
	c       *cluster.Cluster
	changes uint64
	seq     uint64 // the trace's LastSeq when st was read
	st      cluster.State
	named   map[sim.NodeID]bool
}

// take returns the state of s's cluster now, equal to Cluster.Snapshot.
func (sn *snapshots) take(s *lab.Session) cluster.State {
	c, changes := s.Changes()
	last := c.Sim().LastSeq()
	if !sn.reusable(c, changes, last) {
		sn.st = c.Snapshot()
	} else {
		sn.st = c.SnapshotReusing(sn.st, func(n sim.NodeID) bool { return !sn.named[n] })
	}
	sn.c, sn.changes, sn.seq = c, changes, last
	return sn.st
}

// reusable reports whether the last state may be reused in part, and
// fills sn.named with the nodes named since.
func (sn *snapshots) reusable(c *cluster.Cluster, changes, last uint64) bool {
	if sn.c != c || sn.changes != changes || last < sn.seq || c.Sim().Steps() < sn.st.Steps {
		return false
	}
	if sn.named == nil {
		sn.named = map[sim.NodeID]bool{}
	}
	clear(sn.named)
	if last == sn.seq {
		return true
	}
	trace := c.TraceAfter(sn.seq)
	if len(trace) == 0 || trace[0].Seq != sn.seq+1 {
		return false // entries lost to the trace's limit
	}
	for _, e := range trace {
		if e.Kind == sim.KindInput {
			return false
		}
		sn.named[e.From], sn.named[e.To] = true, true
	}
	return true
}
