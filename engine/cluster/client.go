package cluster

import (
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// A client is a plain request/response client node, as the admin client and
// the console consumer use: the cluster's methods send a request from it and
// run the simulation until the answer arrives.
type client struct {
	id        sim.NodeID
	corr      int32
	responses map[int32]any
	closed    map[sim.NodeID]bool // connections a crashed process closed (Disconnected)
}

// Disconnected implements sim.Disconnecter: the admin client's NetworkClient
// fails a request in flight on a closed connection at once.
func (c *client) Disconnected(_ *sim.Env, peer sim.NodeID, _ bool) { c.closed[peer] = true }

func (c *client) ID() sim.NodeID                 { return c.id }
func (c *client) Timer(*sim.Env, sim.TimerEvent) {}
func (c *client) AppendState(w *sim.StateWriter) {
	w.Int(int64(c.corr))
	w.Int(int64(len(c.responses)))
}

// Receive implements sim.Node: it keeps each response by correlation id.
func (c *client) Receive(_ *sim.Env, m sim.Message) {
	if id, ok := correlationID(m.Body); ok {
		c.responses[id] = m.Body
	}
}

func correlationID(body any) (int32, bool) {
	switch r := body.(type) {
	case *protocol.MetadataResponse:
		return r.CorrelationID, true
	case *protocol.CreateTopicsResponse:
		return r.CorrelationID, true
	case *protocol.DeleteTopicsResponse:
		return r.CorrelationID, true
	case *protocol.CreatePartitionsResponse:
		return r.CorrelationID, true
	case *protocol.DescribeConfigsResponse:
		return r.CorrelationID, true
	case *protocol.ElectLeadersResponse:
		return r.CorrelationID, true
	case *protocol.ListOffsetsResponse:
		return r.CorrelationID, true
	case *protocol.FetchResponse:
		return r.CorrelationID, true
	case *protocol.DescribeResourceConfigsResponse:
		return r.CorrelationID, true
	case *protocol.IncrementalAlterConfigsResponse:
		return r.CorrelationID, true
	}
	return 0, false
}

// clientNode returns the client node called id, adding it on first use.
func (c *Cluster) clientNode(id sim.NodeID) *client {
	if cl, ok := c.clients[id]; ok {
		return cl
	}
	cl := &client{id: id, responses: map[int32]any{}, closed: map[sim.NodeID]bool{}}
	if err := c.sim.AddNode(cl); err != nil {
		panic(err) // ids are the package's constants; a clash is a bug
	}
	c.clients[id] = cl
	return cl
}

// requestTimeoutMs is request.timeout.ms of the lab's admin and consumer
// clients (Kafka's default is 30000 for both).
const requestTimeoutMs = 30000

// call sends a request from the client node to another node and runs the
// simulation until the response arrives, or request.timeout.ms passes.
// setCorr receives the correlation id to put in the request.
func (c *Cluster) call(from, to sim.NodeID, api, label string, build func(corr int32) any) (any, error) {
	return c.callTimeout(from, to, api, label, build, requestTimeoutMs)
}

func (c *Cluster) callTimeout(from, to sim.NodeID, api, label string, build func(corr int32) any, timeoutMs int64) (any, error) {
	cl := c.clientNode(from)
	cl.corr++
	corr := cl.corr
	body := build(corr)
	delete(cl.closed, to)
	err := c.sim.Do(from, label, func(env *sim.Env) {
		env.Send(sim.Message{To: to, API: api, Body: body, Label: label})
	})
	if err != nil {
		return nil, err
	}
	if err := c.runUntil(func() bool { _, ok := cl.responses[corr]; return ok || cl.closed[to] }, timeoutMs); err != nil {
		return nil, kerr.Wrap(kerr.RequestTimedOut, "%s to %s: no response within request.timeout.ms (%d ms)", api, to, timeoutMs)
	}
	if _, ok := cl.responses[corr]; !ok {
		return nil, kerr.Wrap(kerr.NetworkException, "%s to %s: disconnected before a response (its process is down)", api, to)
	}
	resp := cl.responses[corr]
	delete(cl.responses, corr)
	return resp, nil
}

// bootstrap returns the broker a client asks first: the lowest-numbered one
// that is up.
func (c *Cluster) bootstrap() (sim.NodeID, error) {
	up := c.upBrokers()
	if len(up) == 0 {
		return "", kerr.Wrap(kerr.BrokerNotAvailable, "no broker is up")
	}
	return up[0], nil
}

// metadata asks a broker for the metadata of topics (nil: all).
func (c *Cluster) metadata(from sim.NodeID, topics []string) (*protocol.MetadataResponse, error) {
	to, err := c.bootstrap()
	if err != nil {
		return nil, err
	}
	resp, err := c.call(from, to, protocol.APIMetadata, "Metadata", func(corr int32) any {
		return &protocol.MetadataRequest{CorrelationID: corr, Topics: topics}
	})
	if err != nil {
		return nil, err
	}
	return resp.(*protocol.MetadataResponse), nil
}
