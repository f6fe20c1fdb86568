package controller

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// handleHeartbeat answers BrokerHeartbeat (BrokerHeartbeatManager,
// ClusterControlManager): it renews the broker's session, and unfences a
// fenced broker that asks to be unfenced and has replayed the metadata log
// past its registration. A heartbeat from an unknown broker or an old epoch
// gets STALE_BROKER_EPOCH (ClusterControlManager.checkBrokerEpoch).
func (c *Controller) handleHeartbeat(env *sim.Env, from sim.NodeID, req *protocol.BrokerHeartbeatRequest) {
	resp := &protocol.BrokerHeartbeatResponse{CorrelationID: req.CorrelationID}
	b, ok := c.brokers[req.BrokerID]
	if !ok || b.epoch != req.BrokerEpoch {
		resp.Err = kerr.Wrap(kerr.StaleBrokerEpoch, "broker %d epoch %d is not registered", req.BrokerID, req.BrokerEpoch)
		c.respond(env, from, protocol.APIBrokerHeartbeat, resp, "BrokerHeartbeatResponse: not registered", protocol.ErrName(resp.Err))
		return
	}
	b.lastHeartbeat = env.Now()
	env.Cancel(b.sessionTimer)
	b.sessionTimer = env.After(c.cfg.SessionTimeoutMs, timerSession, b.id)
	resp.IsCaughtUp = req.CurrentMetadataOffset >= b.registeredAt
	switch {
	case b.fenced && !req.WantFence && resp.IsCaughtUp:
		c.unfence(env, b)
	case !b.fenced && req.WantFence:
		c.fence(env, b, "the broker asked to be fenced")
	}
	if req.WantShutDown && !b.fenced {
		if !b.shuttingDown {
			c.beginControlledShutdown(env, b)
		}
		if c.shutdownReady(b, req.CurrentMetadataOffset) {
			resp.ShouldShutDown = true
			c.fence(env, b, "its controlled shutdown is complete")
		}
	}
	resp.IsFenced = b.fenced
	label := "BrokerHeartbeatResponse"
	if b.fenced {
		label += " (fenced)"
	}
	c.respond(env, from, protocol.APIBrokerHeartbeat, resp, label, fmt.Sprintf("caughtUp=%t fenced=%t", resp.IsCaughtUp, resp.IsFenced))
}
