package controller

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

const timerSession = "broker session timeout"

// handleRegistration answers BrokerRegistration
// (ClusterControlManager.registerBroker): every registration, including a
// restarted broker's, gets a new broker epoch, which fences requests from the
// old incarnation. The broker starts fenced and is unfenced once its
// heartbeat shows it has replayed the log up to its own registration record.
//
// A registration from another incarnation (a new process) while the old
// registration's session is still valid — unfenced, with a heartbeat less
// than broker.session.timeout.ms ago (BrokerHeartbeatManager.hasValidSession)
// — is rejected with DUPLICATE_BROKER_REGISTRATION: the controller cannot
// tell a restarted broker from a second one misconfigured with the same
// node.id. A broker that crashed and restarted at once thus retries until its
// old session expires and the controller fences it. The same incarnation
// registering again (its heartbeats were refused) is accepted.
func (c *Controller) handleRegistration(env *sim.Env, from sim.NodeID, req *protocol.BrokerRegistrationRequest) {
	b, ok := c.brokers[req.BrokerID]
	if ok && !b.fenced && b.incarnation != req.IncarnationID {
		err := kerr.Wrap(kerr.DuplicateBrokerRegistration, "another broker is registered with broker id %d", req.BrokerID)
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("controller rejects the registration of broker %d: incarnation %s, but the session of incarnation %s (epoch %d) is still valid",
			req.BrokerID, req.IncarnationID, b.incarnation, b.epoch)})
		c.respond(env, from, protocol.APIBrokerRegistration,
			&protocol.BrokerRegistrationResponse{CorrelationID: req.CorrelationID, Err: err},
			fmt.Sprintf("BrokerRegistrationResponse: broker %d %s", req.BrokerID, protocol.ErrName(err)), protocol.ErrName(err))
		return
	}
	epoch := c.nextEpoch
	c.nextEpoch++
	if !ok {
		b = &broker{id: req.BrokerID}
		c.brokers[req.BrokerID] = b
	}
	if b.sessionTimer != 0 {
		env.Cancel(b.sessionTimer)
	}
	if ok && !b.fenced {
		// A new incarnation while the old one was unfenced: the old process
		// died without a controlled shutdown
		// (ReplicationControlManager.handleBrokerUncleanShutdown).
		c.fence(env, b, "it registered again after an unclean shutdown")
	}
	b.shuttingDown, b.shutdownOffset = false, 0
	c.scheduleImbalanceCheck(env)
	b.epoch, b.incarnation, b.host, b.port, b.fenced = epoch, req.IncarnationID, req.Host, req.Port, true
	b.registeredAt = c.EndOffset()
	b.lastHeartbeat = env.Now()
	b.sessionTimer = env.After(c.cfg.SessionTimeoutMs, timerSession, req.BrokerID)
	c.append(env, protocol.MetadataRecord{RegisterBroker: &protocol.RegisterBrokerRecord{
		BrokerID: req.BrokerID, BrokerEpoch: epoch, IncarnationID: req.IncarnationID, Host: req.Host, Port: req.Port, Fenced: true,
	}})
	c.respond(env, from, protocol.APIBrokerRegistration,
		&protocol.BrokerRegistrationResponse{CorrelationID: req.CorrelationID, BrokerEpoch: epoch},
		fmt.Sprintf("BrokerRegistrationResponse: broker %d epoch %d", req.BrokerID, epoch), "NONE")
}
