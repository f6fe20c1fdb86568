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
//
// The state hash follows the same rule (hash): the nodes not named since
// the last frame keep last frame's encoding.
type snapshots struct {
	c       *cluster.Cluster
	changes uint64
	seq     uint64 // the trace's LastSeq when st was read
	st      cluster.State
	named   map[sim.NodeID]bool
	reused  bool           // the last take reused what was read before
	nodes   sim.NodeStates // each node's encoding for the state hash
}

// take returns the state of s's cluster now, equal to Cluster.Snapshot.
func (sn *snapshots) take(s *lab.Session) cluster.State {
	c, changes := s.Changes()
	last := c.Sim().LastSeq()
	sn.reused = sn.reusable(c, changes, last)
	if !sn.reused {
		sn.st = c.Snapshot()
	} else {
		sn.st = c.SnapshotReusing(sn.st, sn.same)
	}
	sn.c, sn.changes, sn.seq = c, changes, last
	return sn.st
}

// same reports whether node n was not named since the last frame.
func (sn *snapshots) same(n sim.NodeID) bool { return sn.reused && !sn.named[n] }

// hash returns the state hash of the cluster the last take read, equal to
// its StateHash, encoding again only the nodes named since the frame
// before (all of them when that take read everything).
func (sn *snapshots) hash() sim.Hash { return sn.c.Sim().StateHashReusing(&sn.nodes, sn.same) }

// maxNamedScan is the most trace entries a frame scans for the nodes they
// name: after more (a running command's pauses are thousands of steps
// apart) it reads every broker again.
const maxNamedScan = 2048

// forgetHash drops the nodes' encodings: after a take whose hash was not
// computed, the nodes named since the hash before are not known.
func (sn *snapshots) forgetHash() { sn.nodes = sim.NodeStates{} }

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
	if last-sn.seq > maxNamedScan {
		return false // reading every broker again is cheaper than the scan
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
