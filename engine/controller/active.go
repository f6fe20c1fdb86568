package controller

import (
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// notController is the error a node that is not the active controller
// answers with, naming the leader it knows.
func (c *Controller) notController(code *kerr.Error) error {
	e := &protocol.NotControllerError{Code: code, LeaderID: c.q.leader}
	if c.q.leader >= 0 {
		e.Leader = string(c.nodeOf(c.q.leader))
	}
	return e
}

// rejectNotActive answers a request meant for the active controller
// (ControllerApis: NOT_CONTROLLER from an inactive controller). Brokers and
// clients retry against the leader named in the error.
func (c *Controller) rejectNotActive(env *sim.Env, m sim.Message) {
	nc := c.notController(kerr.NotController)
	var resp any
	switch req := m.Body.(type) {
	case *protocol.BrokerRegistrationRequest:
		resp = &protocol.BrokerRegistrationResponse{CorrelationID: req.CorrelationID, Err: nc}
	case *protocol.BrokerHeartbeatRequest:
		resp = &protocol.BrokerHeartbeatResponse{CorrelationID: req.CorrelationID, Err: nc}
	case *protocol.MetadataFetchRequest:
		resp = &protocol.MetadataFetchResponse{CorrelationID: req.CorrelationID, Err: c.notController(kerr.NotLeaderOrFollower), HighWatermark: -1}
	case *protocol.AlterPartitionRequest:
		resp = &protocol.AlterPartitionResponse{CorrelationID: req.CorrelationID, TopicPartition: req.TopicPartition, Err: nc}
	case *protocol.CreateTopicsRequest:
		r := &protocol.CreateTopicsResponse{CorrelationID: req.CorrelationID}
		for _, t := range req.Topics {
			r.Topics = append(r.Topics, protocol.CreatableTopicResult{Name: t.Name, NumPartitions: -1, ReplicationFactor: -1, Err: nc})
		}
		resp = r
	case *protocol.DeleteTopicsRequest:
		r := &protocol.DeleteTopicsResponse{CorrelationID: req.CorrelationID}
		for _, n := range req.Names {
			r.Results = append(r.Results, protocol.TopicResult{Name: n, Err: nc})
		}
		resp = r
	case *protocol.CreatePartitionsRequest:
		r := &protocol.CreatePartitionsResponse{CorrelationID: req.CorrelationID}
		for _, t := range req.Topics {
			r.Results = append(r.Results, protocol.TopicResult{Name: t.Name, Err: nc})
		}
		resp = r
	case *protocol.ElectLeadersRequest:
		r := &protocol.ElectLeadersResponse{CorrelationID: req.CorrelationID}
		for _, tp := range req.Partitions {
			r.Results = append(r.Results, protocol.ElectionResult{TopicPartition: tp, Err: nc})
		}
		resp = r
	case *protocol.IncrementalAlterConfigsRequest:
		r := &protocol.IncrementalAlterConfigsResponse{CorrelationID: req.CorrelationID}
		for _, res := range req.Resources {
			r.Results = append(r.Results, protocol.AlterConfigsResult{Resource: res.Resource, Err: nc})
		}
		resp = r
	default:
		return
	}
	env.Send(sim.Message{To: m.From, API: protocol.Response(m.API), Body: resp,
		Label: protocol.Response(m.API) + ": " + nc.Error(), Summary: protocol.ErrName(nc)})
}

// committed runs after the high watermark moved to hw: a standby applies
// the newly committed records; a leader whose LeaderChange record is now
// committed becomes the active controller; answers waiting for the
// records are sent, and brokers' parked metadata fetches answered.
func (c *Controller) committed(env *sim.Env, hw int64) {
	if hw <= c.hw {
		return
	}
	c.hw = hw
	if !c.q.active {
		c.applyCommitted()
		if c.q.role == Leader && c.hw > c.q.epochStart {
			c.activate(env)
		}
	}
	if !c.q.active {
		return
	}
	var keep []deferredResponse
	for _, d := range c.q.deferred {
		if d.waitFor <= c.hw {
			env.Send(d.msg)
		} else {
			keep = append(keep, d)
		}
	}
	c.q.deferred = keep
	c.answerParked(env)
}

// activate makes the leader the active controller once its LeaderChange
// record is committed: its image is then the whole committed log, which
// includes every change an earlier leader committed
// (QuorumController.handleLeaderChange → claim). Heartbeat sessions are not
// in the log: every registered broker gets a fresh session from now
// (ClusterControlManager.activate touches each registration in a new
// BrokerHeartbeatManager), so a broker is not fenced for the time the
// election took.
func (c *Controller) activate(env *sim.Env) {
	c.q.active = true
	c.traceQuorum(env, "is the active controller: its LeaderChange record (epoch %d, offset %d) is committed", c.q.epoch, c.q.epochStart)
	for _, id := range c.registeredBrokers() {
		b := c.brokers[id]
		b.lastHeartbeat = env.Now()
		b.sessionTimer = env.After(c.cfg.SessionTimeoutMs, timerSession, id)
	}
	if len(c.brokers) > 0 {
		c.scheduleImbalanceCheck(env)
	}
}

// resign ends the node's leadership (newLeader: the leader it now knows,
// -1 if none): as the active controller, it drops
// the answers still waiting for a commit (their clients time out and retry
// elsewhere), stops the broker sessions and the imbalance check, tells the
// brokers waiting on a metadata fetch, and reverts its image to the
// committed log (QuorumController.renounce).
func (c *Controller) resign(env *sim.Env, newLeader int32) {
	if c.q.role != Leader {
		return
	}
	c.q.leader = newLeader
	for _, id := range c.registeredBrokers() {
		if t := c.brokers[id].sessionTimer; t != 0 {
			env.Cancel(t)
			c.brokers[id].sessionTimer = 0
		}
	}
	if c.imbalanceTimer != 0 {
		env.Cancel(c.imbalanceTimer)
		c.imbalanceTimer = 0
	}
	if n := len(c.q.deferred); n > 0 {
		c.traceQuorum(env, "drops %d answer(s) waiting for records it could not commit", n)
	}
	c.q.deferred = nil
	for _, p := range c.parked {
		env.Cancel(p.timer)
		env.Send(sim.Message{To: p.from, API: protocol.Response(protocol.APIMetadataFetch),
			Body:  &protocol.MetadataFetchResponse{CorrelationID: p.req.CorrelationID, Err: c.notController(kerr.NotLeaderOrFollower), HighWatermark: -1},
			Label: "FetchResponse(__cluster_metadata): NOT_LEADER_OR_FOLLOWER"})
	}
	c.parked = nil
	for _, p := range c.q.parked {
		env.Cancel(p.timer)
	}
	c.q.parked = nil
	if c.q.checkTimer != 0 {
		env.Cancel(c.q.checkTimer)
		c.q.checkTimer = 0
	}
	if c.imageEnd > c.hw {
		c.traceQuorum(env, "reverts its image to the committed log (offset %d of %d)", c.hw, c.EndOffset())
		c.rebuildImage(c.hw)
	}
	c.q.active = false
	c.q.matched, c.q.lastFetch = nil, nil
}
