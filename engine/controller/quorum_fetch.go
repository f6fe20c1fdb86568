package controller

import (
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// Log replication, pull-based as in KRaft (KafkaRaftClient.handleFetchRequest
// and handleFetchResponse, LeaderState.updateReplicaState and
// updateHighWatermark):
//
//   - a follower fetches from the leader with its log end offset and the
//     epoch of its last record; the leader holds the fetch up to 500 ms when
//     it has nothing new;
//   - the leader checks that the follower's log matches its own at that
//     point: if the follower's last epoch ends earlier in the leader's log,
//     or is not in it, the answer carries the diverging epoch and its end
//     offset, and the follower truncates to the smaller of that offset and
//     its own end of that epoch, then fetches again;
//   - otherwise the fetch offset tells the leader the follower holds the log
//     below it; the high watermark is the largest offset that a majority of
//     the voters (the leader counting its own end offset) hold, and it only
//     moves once it passes the leader's epoch start offset — once the
//     leader's LeaderChange record is committed, which commits every record
//     of earlier epochs before it;
//   - the follower takes the leader's high watermark, capped at its own end
//     offset, and applies the committed records.

func (c *Controller) resetFetchTimeout(env *sim.Env) {
	c.cancelTimer(env, &c.q.fetchTimer)
	c.q.fetchTimer = env.After(c.cfg.FetchTimeoutMs, timerFetchQuorum, nil)
}

func (c *Controller) sendQuorumFetch(env *sim.Env) {
	if c.q.fetching || c.q.role != Follower {
		return
	}
	c.q.fetching = true
	env.Send(sim.Message{To: c.nodeOf(c.q.leader), API: protocol.APIQuorumFetch,
		Label: fmt.Sprintf("Fetch(__cluster_metadata, offset %d, last epoch %d)", c.EndOffset(), c.lastEpoch()),
		Body: &protocol.QuorumFetchRequest{ReplicaID: c.cfg.ID, CurrentLeaderEpoch: c.q.epoch, FetchOffset: c.EndOffset(),
			LastFetchedEpoch: c.lastEpoch(), MaxWaitMs: quorumFetchMaxWaitMs}})
}

func (c *Controller) handleQuorumFetch(env *sim.Env, from sim.NodeID, req *protocol.QuorumFetchRequest) {
	v, ok := c.voterByNode(from)
	if !ok || c.single() {
		return
	}
	if req.CurrentLeaderEpoch > c.q.epoch {
		c.becomeUnattached(env, req.CurrentLeaderEpoch)
	}
	resp := &protocol.QuorumFetchResponse{LeaderEpoch: c.q.epoch, LeaderID: c.q.leader, HighWatermark: -1, DivergingEndOffset: -1}
	switch {
	case req.CurrentLeaderEpoch < c.q.epoch:
		resp.Err = kerr.Wrap(kerr.FencedLeaderEpoch, "fetch in epoch %d, but the epoch is %d", req.CurrentLeaderEpoch, c.q.epoch)
	case c.q.role != Leader:
		resp.Err = c.notController(kerr.NotLeaderOrFollower)
	}
	if resp.Err != nil {
		c.sendVoterFetch(env, from, resp, "FetchResponse(__cluster_metadata): "+protocol.ErrName(resp.Err))
		return
	}
	if req.FetchOffset > 0 {
		epoch, end := c.endOffsetForEpoch(req.LastFetchedEpoch)
		if epoch != req.LastFetchedEpoch || end < req.FetchOffset {
			resp.DivergingEpoch, resp.DivergingEndOffset, resp.HighWatermark = epoch, end, c.hw
			c.sendVoterFetch(env, from, resp, fmt.Sprintf("FetchResponse(__cluster_metadata): diverging epoch %d ends at offset %d", epoch, end))
			return
		}
	}
	c.q.matched[v.ID] = req.FetchOffset
	c.q.lastFetch[v.ID] = env.Now()
	c.maybeAdvanceHW(env)
	if c.q.role != Leader {
		return
	}
	if req.FetchOffset >= c.EndOffset() && req.MaxWaitMs > 0 {
		c.q.parked = append(c.q.parked, parkedVoterFetch{from: from, req: req, timer: env.After(int64(req.MaxWaitMs), timerVoterWait, nil)})
		return
	}
	c.answerVoterFetch(env, from, req)
}

func (c *Controller) answerVoterFetch(env *sim.Env, to sim.NodeID, req *protocol.QuorumFetchRequest) {
	resp := &protocol.QuorumFetchResponse{LeaderEpoch: c.q.epoch, LeaderID: c.q.leader, HighWatermark: c.hw, DivergingEndOffset: -1}
	from := max(0, req.FetchOffset)
	end := min(c.EndOffset(), from+maxMetadataRecordsPerFetch)
	if from < end {
		resp.Records = slices.Clone(c.log[from:end])
	}
	label := "FetchResponse(__cluster_metadata): nothing new"
	if n := len(resp.Records); n > 0 {
		label = fmt.Sprintf("FetchResponse(__cluster_metadata): %d record(s) from offset %d", n, from)
	}
	c.sendVoterFetch(env, to, resp, label)
}

func (c *Controller) sendVoterFetch(env *sim.Env, to sim.NodeID, resp *protocol.QuorumFetchResponse, label string) {
	env.Send(sim.Message{To: to, API: protocol.Response(protocol.APIQuorumFetch), Body: resp, Label: label,
		Summary: fmt.Sprintf("epoch %d HW %d", resp.LeaderEpoch, resp.HighWatermark)})
}

// answerParkedVoters answers the voters' parked fetches after an append.
func (c *Controller) answerParkedVoters(env *sim.Env) {
	parked := c.q.parked
	c.q.parked = nil
	for _, p := range parked {
		env.Cancel(p.timer)
		c.answerVoterFetch(env, p.from, p.req)
	}
}

func (c *Controller) expireParkedVoter(env *sim.Env, id sim.TimerID) {
	for i, p := range c.q.parked {
		if p.timer == id {
			c.q.parked = append(c.q.parked[:i], c.q.parked[i+1:]...)
			c.answerVoterFetch(env, p.from, p.req)
			return
		}
	}
}

// maybeAdvanceHW moves the leader's high watermark to the offset a
// majority of the voters hold, once that passes its epoch start offset.
func (c *Controller) maybeAdvanceHW(env *sim.Env) {
	offsets := make([]int64, 0, len(c.q.voters))
	for _, v := range c.q.voters {
		if v.ID == c.cfg.ID {
			offsets = append(offsets, c.EndOffset())
		} else {
			offsets = append(offsets, c.q.matched[v.ID])
		}
	}
	// The majority-th highest offset. slices.Sort over int64 is linked
	// anyway; a descending SortFunc would add another sort copy to the wasm.
	slices.Sort(offsets)
	if hw := offsets[len(offsets)-c.majority()]; hw > c.q.epochStart {
		c.committed(env, hw)
	}
}

func (c *Controller) handleQuorumFetchResponse(env *sim.Env, from sim.NodeID, resp *protocol.QuorumFetchResponse) {
	if _, ok := c.voterByNode(from); !ok {
		return
	}
	if resp.LeaderEpoch > c.q.epoch || (resp.LeaderEpoch == c.q.epoch && c.q.role == Unattached && resp.LeaderID >= 0 && resp.LeaderID != c.cfg.ID) {
		if resp.LeaderID >= 0 && resp.LeaderID != c.cfg.ID {
			c.becomeFollower(env, resp.LeaderEpoch, resp.LeaderID)
		} else {
			c.becomeUnattached(env, resp.LeaderEpoch)
		}
		return
	}
	if c.q.role != Follower || resp.LeaderEpoch != c.q.epoch || from != c.nodeOf(c.q.leader) {
		return
	}
	c.q.fetching = false
	if resp.Err != nil {
		return // the leader resigned: the fetch timeout starts an election
	}
	c.resetFetchTimeout(env)
	if resp.DivergingEndOffset >= 0 {
		c.truncate(env, resp.DivergingEpoch, resp.DivergingEndOffset)
		c.sendQuorumFetch(env)
		return
	}
	for _, r := range resp.Records {
		if r.Offset != c.EndOffset() {
			break
		}
		c.log = append(c.log, r)
	}
	c.committed(env, min(resp.HighWatermark, c.EndOffset()))
	c.sendQuorumFetch(env)
}

// truncate cuts the follower's log where it diverges from the leader's
// (KafkaRaftClient.handleFetchResponse with a DivergingEpoch).
func (c *Controller) truncate(env *sim.Env, epoch int32, leaderEnd int64) {
	_, own := c.endOffsetForEpoch(epoch)
	to := min(leaderEnd, own, c.EndOffset())
	c.traceQuorum(env, "truncates its metadata log from offset %d to %d: it diverges from the leader's after epoch %d", c.EndOffset(), to, epoch)
	clear(c.log[to:])
	c.log = c.log[:to]
	if c.hw > to {
		// Never for a committed record; the randomized test checks it.
		c.hw = to
	}
	if c.imageEnd > to {
		c.rebuildImage(to)
	}
}
