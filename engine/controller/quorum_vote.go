package controller

import (
	"strconv"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// Elections, as raft/KafkaRaftClient.java and QuorumState.java run them:
//
//   - a voter with no leader (Unattached) or a Candidate whose election
//     timed out becomes a Candidate in the next epoch, votes for itself and
//     sends Vote to the other voters; a Follower becomes a Candidate when it
//     has not fetched from its leader for controller.quorum.fetch.timeout.ms;
//   - the election timeout is controller.quorum.election.timeout.ms plus a
//     random jitter of up to as much again (QuorumState.randomElectionTimeoutMs),
//     drawn from the node's seeded stream;
//   - a voter grants at most one vote per epoch, and only to a candidate
//     whose log is at least as up to date as its own: a later last epoch,
//     or the same last epoch and an end offset at least as large;
//   - any message with a higher epoch makes the node adopt that epoch
//     (and resign if it was the leader);
//   - the candidate with a majority becomes Leader: it appends a
//     LeaderChange record and sends BeginQuorumEpoch to the other voters.
//
// Deviations: no pre-vote (KIP-996) and no election backoff
// (controller.quorum.election.backoff.max.ms): a candidate whose election
// timed out starts the next one at once, the random timeout alone spreading
// the candidates; BeginQuorumEpoch has no response.

// Start boots the controller process. In a quorum it waits for a leader,
// standing for election when none appears in time; a single controller
// needs nothing.
func (c *Controller) Start(env *sim.Env) {
	if c.single() {
		return
	}
	if c.q.leader >= 0 && c.q.leader != c.cfg.ID {
		c.becomeFollower(env, c.q.epoch, c.q.leader)
		return
	}
	c.q.role, c.q.leader = Unattached, -1
	c.armElection(env)
}

// Crash drops everything the controller process held in memory. The
// metadata log and the quorum state (epoch, vote, leader) are on disk, as
// KRaft flushes both before it acknowledges them; the image, the high
// watermark and the broker sessions are rebuilt after Start.
func (c *Controller) Crash() {
	if c.single() {
		return
	}
	c.q = quorum{voters: c.q.voters, self: c.q.self, epoch: c.q.epoch, votedFor: c.q.votedFor, leader: c.q.leader}
	c.parked, c.imbalanceTimer = nil, 0
	c.hw = 0
	c.rebuildImage(0)
}

func (c *Controller) armElection(env *sim.Env) {
	if c.q.electionTimer != 0 {
		env.Cancel(c.q.electionTimer)
	}
	t := c.cfg.ElectionTimeoutMs
	c.q.electionTimer = env.After(t+env.Rand(string(c.id)+"/election").Int64N(t), timerElection, nil)
}

func (c *Controller) cancelTimer(env *sim.Env, t *sim.TimerID) {
	if *t != 0 {
		env.Cancel(*t)
		*t = 0
	}
}

func (c *Controller) becomeUnattached(env *sim.Env, epoch int32) {
	c.resign(env, -1)
	if epoch > c.q.epoch {
		c.q.epoch, c.q.votedFor = epoch, -1
	}
	c.q.role, c.q.leader, c.q.votes, c.q.fetching = Unattached, -1, nil, false
	c.cancelTimer(env, &c.q.fetchTimer)
	c.traceQuorum(env, "is unattached in epoch %d: no leader known", c.q.epoch)
	c.armElection(env)
}

func (c *Controller) becomeFollower(env *sim.Env, epoch, leader int32) {
	c.resign(env, leader)
	if epoch > c.q.epoch {
		c.q.votedFor = -1
	}
	c.q.epoch, c.q.role, c.q.leader, c.q.votes, c.q.fetching = epoch, Follower, leader, nil, false
	c.cancelTimer(env, &c.q.electionTimer)
	c.traceQuorum(env, "follows %s, the leader of epoch %d", c.nodeOf(leader), epoch)
	c.resetFetchTimeout(env)
	c.sendQuorumFetch(env)
}

func (c *Controller) becomeCandidate(env *sim.Env) {
	c.resign(env, -1)
	c.cancelTimer(env, &c.q.fetchTimer)
	c.q.epoch++
	c.q.role, c.q.leader, c.q.votedFor, c.q.fetching = Candidate, -1, c.cfg.ID, false
	c.q.votes = map[int32]bool{c.cfg.ID: true}
	c.traceQuorum(env, "stands for election in epoch %d (last epoch %d, end offset %d)", c.q.epoch, c.lastEpoch(), c.EndOffset())
	for _, v := range c.q.voters {
		if v.ID == c.cfg.ID {
			continue
		}
		env.Send(sim.Message{To: v.Node, API: protocol.APIVote, Label: "Vote(epoch " + itoa(int64(c.q.epoch)) + ")",
			Body: &protocol.VoteRequest{CandidateEpoch: c.q.epoch, CandidateID: c.cfg.ID, LastOffsetEpoch: c.lastEpoch(), LastOffset: c.EndOffset()}})
	}
	c.armElection(env)
}

func (c *Controller) becomeLeader(env *sim.Env) {
	c.cancelTimer(env, &c.q.electionTimer)
	c.q.role, c.q.leader, c.q.active = Leader, c.cfg.ID, false
	c.q.epochStart = c.EndOffset()
	c.q.matched, c.q.lastFetch = map[int32]int64{}, map[int32]int64{}
	c.traceQuorum(env, "wins the election of epoch %d with %d vote(s)", c.q.epoch, len(c.q.votes))
	var ids []int32
	for _, v := range c.q.voters {
		ids = append(ids, v.ID)
	}
	c.append(env, protocol.MetadataRecord{LeaderChange: &protocol.LeaderChangeRecord{LeaderID: c.cfg.ID, LeaderEpoch: c.q.epoch, Voters: ids}})
	for _, v := range c.q.voters {
		if v.ID != c.cfg.ID {
			env.Send(sim.Message{To: v.Node, API: protocol.APIBeginQuorumEpoch, Label: "BeginQuorumEpoch(epoch " + itoa(int64(c.q.epoch)) + ")",
				Body: &protocol.BeginQuorumEpochRequest{LeaderEpoch: c.q.epoch, LeaderID: c.cfg.ID}})
		}
	}
	c.q.checkTimer = env.After(c.checkQuorumMs(), timerCheckQuorum, nil)
}

func (c *Controller) checkQuorumMs() int64 {
	return int64(float64(c.cfg.FetchTimeoutMs) * checkQuorumFactor)
}

// receiveQuorum handles the quorum's own messages; it reports whether m was
// one.
func (c *Controller) receiveQuorum(env *sim.Env, m sim.Message) bool {
	switch b := m.Body.(type) {
	case *protocol.VoteRequest:
		c.handleVote(env, m.From, b)
	case *protocol.VoteResponse:
		c.handleVoteResponse(env, m.From, b)
	case *protocol.BeginQuorumEpochRequest:
		c.handleBeginQuorumEpoch(env, b)
	case *protocol.QuorumFetchRequest:
		c.handleQuorumFetch(env, m.From, b)
	case *protocol.QuorumFetchResponse:
		c.handleQuorumFetchResponse(env, m.From, b)
	default:
		return false
	}
	return true
}

func (c *Controller) handleVote(env *sim.Env, from sim.NodeID, req *protocol.VoteRequest) {
	if _, ok := c.voterByNode(from); !ok || c.single() {
		return
	}
	if req.CandidateEpoch > c.q.epoch {
		c.becomeUnattached(env, req.CandidateEpoch)
	}
	resp := &protocol.VoteResponse{LeaderEpoch: c.q.epoch, LeaderID: c.q.leader}
	upToDate := req.LastOffsetEpoch > c.lastEpoch() || (req.LastOffsetEpoch == c.lastEpoch() && req.LastOffset >= c.EndOffset())
	switch {
	case req.CandidateEpoch < c.q.epoch:
		resp.Err = kerr.Wrap(kerr.FencedLeaderEpoch, "vote for epoch %d, but the epoch is %d", req.CandidateEpoch, c.q.epoch)
	case c.q.role == Unattached && (c.q.votedFor == -1 || c.q.votedFor == req.CandidateID) && upToDate:
		resp.VoteGranted = true
		c.q.votedFor = req.CandidateID
		c.armElection(env)
	}
	label := "VoteResponse: rejected"
	if resp.VoteGranted {
		label = "VoteResponse: granted"
	}
	env.Send(sim.Message{To: from, API: protocol.Response(protocol.APIVote), Body: resp, Label: label,
		Summary: "epoch " + itoa(int64(resp.LeaderEpoch))})
}

func (c *Controller) handleVoteResponse(env *sim.Env, from sim.NodeID, resp *protocol.VoteResponse) {
	v, ok := c.voterByNode(from)
	if !ok {
		return
	}
	if resp.LeaderEpoch > c.q.epoch {
		if resp.LeaderID >= 0 {
			c.becomeFollower(env, resp.LeaderEpoch, resp.LeaderID)
		} else {
			c.becomeUnattached(env, resp.LeaderEpoch)
		}
		return
	}
	if c.q.role != Candidate || resp.LeaderEpoch != c.q.epoch || !resp.VoteGranted {
		return
	}
	c.q.votes[v.ID] = true
	if len(c.q.votes) >= c.majority() {
		c.becomeLeader(env)
	}
}

func (c *Controller) handleBeginQuorumEpoch(env *sim.Env, req *protocol.BeginQuorumEpochRequest) {
	switch {
	case req.LeaderEpoch < c.q.epoch, req.LeaderID == c.cfg.ID:
	case req.LeaderEpoch == c.q.epoch && c.q.role == Follower && c.q.leader == req.LeaderID:
	case req.LeaderEpoch == c.q.epoch && c.q.role == Leader:
	default:
		c.becomeFollower(env, req.LeaderEpoch, req.LeaderID)
	}
}

// quorumTimer handles the quorum's timers.
func (c *Controller) quorumTimer(env *sim.Env, t sim.TimerEvent) {
	switch t.Kind {
	case timerElection:
		c.q.electionTimer = 0
		if c.q.role == Unattached || c.q.role == Candidate {
			c.becomeCandidate(env)
		}
	case timerFetchQuorum:
		c.q.fetchTimer = 0
		if c.q.role == Follower {
			c.traceQuorum(env, "has not fetched from %s for controller.quorum.fetch.timeout.ms (%d ms)", c.nodeOf(c.q.leader), c.cfg.FetchTimeoutMs)
			c.becomeCandidate(env)
		}
	case timerVoterWait:
		c.expireParkedVoter(env, t.ID)
	case timerCheckQuorum:
		c.q.checkTimer = 0
		c.checkQuorum(env)
	}
}

// checkQuorum makes a leader that a majority of the voters has not fetched
// from within 1.5 × controller.quorum.fetch.timeout.ms resign, so a leader
// cut off from the quorum stops acting as the controller
// (LeaderState.timeUntilCheckQuorumExpires).
func (c *Controller) checkQuorum(env *sim.Env) {
	if c.q.role != Leader {
		return
	}
	window := c.checkQuorumMs()
	heard := 1
	for _, v := range c.q.voters {
		if t, ok := c.q.lastFetch[v.ID]; ok && v.ID != c.cfg.ID && env.Now()-t <= window {
			heard++
		}
	}
	if heard < c.majority() {
		c.traceQuorum(env, "resigns: only %d of %d voters fetched within %d ms", heard, len(c.q.voters), window)
		c.becomeUnattached(env, c.q.epoch)
		return
	}
	c.q.checkTimer = env.After(window, timerCheckQuorum, nil)
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
