package controller

import (
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// Kafka's defaults for the quorum (QuorumConfig.java).
const (
	DefaultElectionTimeoutMs = 1000 // controller.quorum.election.timeout.ms
	DefaultFetchTimeoutMs    = 2000 // controller.quorum.fetch.timeout.ms
	// quorumFetchMaxWaitMs is how long the leader holds a voter's fetch when
	// it has nothing new (KafkaRaftClient's fetchMaxWaitMs).
	quorumFetchMaxWaitMs = 500
	// checkQuorumFactor: a leader that has not heard from a majority of the
	// voters for 1.5 × controller.quorum.fetch.timeout.ms resigns
	// (LeaderState.CHECK_QUORUM_TIMEOUT_FACTOR).
	checkQuorumFactor = 1.5

	timerElection    = "election timeout"
	timerFetchQuorum = "fetch timeout"
	timerVoterWait   = "voter fetch wait"
	timerCheckQuorum = "check quorum"
)

// A Voter is one controller node of the quorum (controller.quorum.voters):
// its node.id and its node in the simulation.
type Voter struct {
	ID   int32
	Node sim.NodeID
}

// A Role is a controller node's state in the quorum (QuorumState.java).
type Role int

// The roles. Kafka's ResignedState and ProspectiveState are not modelled:
// a leader that steps down is Unattached.
const (
	Unattached Role = iota // no known leader in its epoch; it may have voted
	Follower               // fetches from the known leader of its epoch
	Candidate              // asks for votes in its epoch
	Leader                 // the leader of its epoch
)

func (r Role) String() string {
	return [...]string{"Unattached", "Follower", "Candidate", "Leader"}[r]
}

// quorum is the node's Raft state. epoch, votedFor and leader survive a
// crash (Kafka's quorum-state file), as does the log; the rest is memory.
type quorum struct {
	voters   []Voter
	self     int32
	role     Role
	epoch    int32
	votedFor int32 // -1: none in this epoch
	leader   int32 // -1: unknown
	votes    map[int32]bool

	electionTimer sim.TimerID
	fetchTimer    sim.TimerID
	checkTimer    sim.TimerID
	fetching      bool // a follower's fetch is in flight

	// Leader only.
	epochStart int64           // offset of its LeaderChange record
	matched    map[int32]int64 // each voter's fetch offset: it holds the log below it
	lastFetch  map[int32]int64 // when each voter last fetched
	active     bool            // the LeaderChange record is committed: the active controller
	parked     []parkedVoterFetch
	deferred   []deferredResponse
	// appended is set when an event appended records while voters' fetches
	// were parked: they are answered once the event is done (flushAppends),
	// with every record it wrote.
	appended bool
}

type parkedVoterFetch struct {
	from  sim.NodeID
	req   *protocol.QuorumFetchRequest
	timer sim.TimerID
}

// A deferredResponse waits until the records its request wrote are
// committed (QuorumController's deferred event queue).
type deferredResponse struct {
	waitFor int64 // the high watermark that commits them
	msg     sim.Message
}

// single reports whether this node is the whole quorum: every record is
// committed when appended, there are no elections, and the node is the
// active controller from the start (the lab's default, one controller).
func (c *Controller) single() bool { return len(c.q.voters) <= 1 }

// Active reports whether the node is the active controller: the quorum's
// leader, with its LeaderChange record committed.
func (c *Controller) Active() bool { return c.single() || c.q.active }

func (c *Controller) majority() int { return len(c.q.voters)/2 + 1 }

func (c *Controller) voterByNode(n sim.NodeID) (Voter, bool) {
	for _, v := range c.q.voters {
		if v.Node == n {
			return v, true
		}
	}
	return Voter{}, false
}

func (c *Controller) nodeOf(id int32) sim.NodeID {
	for _, v := range c.q.voters {
		if v.ID == id {
			return v.Node
		}
	}
	return ""
}

// lastEpoch is the epoch of the log's last record (0 for an empty log).
func (c *Controller) lastEpoch() int32 {
	if len(c.log) == 0 {
		return 0
	}
	return c.log[len(c.log)-1].Epoch
}

// endOffsetForEpoch returns the largest epoch ≤ epoch in the log and the
// offset where it ends (ReplicatedLog.endOffsetForEpoch): the first offset of
// the next epoch, or the log end. (0, 0) if no record has such an epoch.
func (c *Controller) endOffsetForEpoch(epoch int32) (int32, int64) {
	// The first record with an epoch > epoch.
	i, _ := slices.BinarySearchFunc(c.log, epoch, func(r protocol.MetadataRecord, e int32) int {
		if r.Epoch <= e {
			return -1
		}
		return 1
	})
	if i == 0 {
		return 0, 0
	}
	return c.log[i-1].Epoch, int64(i)
}

// HighWatermark returns the end of the committed prefix of the metadata log
// as this node knows it.
func (c *Controller) HighWatermark() int64 { return c.hw }

// QuorumState is one controller node's view of the quorum, for the UI,
// kafka-metadata-quorum.sh and tests.
type QuorumState struct {
	ID            int32
	Node          sim.NodeID
	Role          Role
	Active        bool // the active controller
	Epoch         int32
	LeaderID      int32 // -1: unknown
	VotedFor      int32 // -1: none
	EndOffset     int64
	HighWatermark int64
	// Followers, on the leader only: each voter's fetch offset and when it
	// last fetched (ms of simulated time; -1 never).
	Followers []FollowerState
}

// FollowerState is the leader's record of one voter.
type FollowerState struct {
	ID          int32
	EndOffset   int64
	LastFetchMs int64
}

// Quorum returns the node's quorum state.
func (c *Controller) Quorum() QuorumState {
	s := QuorumState{ID: c.cfg.ID, Node: c.id, Role: c.q.role, Active: c.Active(), Epoch: c.q.epoch,
		LeaderID: c.q.leader, VotedFor: c.q.votedFor, EndOffset: c.EndOffset(), HighWatermark: c.hw}
	if c.q.role == Leader && !c.single() {
		for _, v := range c.q.voters {
			f := FollowerState{ID: v.ID, EndOffset: c.q.matched[v.ID], LastFetchMs: -1}
			if t, ok := c.q.lastFetch[v.ID]; ok {
				f.LastFetchMs = t
			}
			if v.ID == c.cfg.ID {
				f.EndOffset, f.LastFetchMs = c.EndOffset(), -1
			}
			s.Followers = append(s.Followers, f)
		}
	}
	return s
}

// Log returns a copy of the node's whole metadata log, committed or not,
// for tests and the UI.
func (c *Controller) Log() []protocol.MetadataRecord { return slices.Clone(c.log) }

// appendQuorumState adds the Raft state to the state hash (quorum mode
// only, so the single controller's hash is what it always was).
func (c *Controller) appendQuorumState(w *sim.StateWriter) {
	w.Int(int64(c.q.role))
	w.Int(int64(c.q.epoch))
	w.Int(int64(c.q.votedFor))
	w.Int(int64(c.q.leader))
	w.Int(c.hw)
	w.Int(c.imageEnd)
	w.Bool(c.q.active)
	w.Int(int64(c.lastEpoch()))
	ids := make([]int32, 0, len(c.q.matched))
	for id := range c.q.matched {
		ids = append(ids, id)
	}
	slices.Sort(ids) // not SortFunc(cmp.Compare): one sort copy fewer in the wasm
	for _, id := range ids {
		w.Int(int64(id))
		w.Int(c.q.matched[id])
	}
	w.Int(int64(len(c.q.deferred)))
	w.Int(int64(len(c.q.parked)))
}

func (c *Controller) traceQuorum(env *sim.Env, format string, args ...any) {
	env.Record(sim.TraceEntry{Label: string(c.id) + " " + fmt.Sprintf(format, args...)})
}

// LogView returns the node's metadata log without copying it; the caller
// must not change it or keep it past the next event.
func (c *Controller) LogView() []protocol.MetadataRecord { return c.log }
