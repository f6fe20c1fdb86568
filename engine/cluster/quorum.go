package cluster

import (
	"errors"
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// The controller quorum. Config.Controllers picks 1 (the default: the node
// "controller" is the whole quorum, as every transcript and lesson assumes),
// 3 or 5 controller nodes, named controller-1 … controller-N with node.id
// 3000, 3001 … (the ids Kafka's KafkaClusterTestKit gives controllers).
const (
	DefaultControllers = 1
	controllerIDBase   = 3000
)

// ControllerNode returns the node name of the k-th controller (from 1) of a
// quorum of n.
func ControllerNode(k, n int) sim.NodeID {
	if n <= 1 {
		return controller.NodeID
	}
	return sim.NodeID(fmt.Sprintf("controller-%d", k))
}

func (c *Cluster) newControllers(base controller.Config) error {
	n := c.cfg.Controllers
	var voters []controller.Voter
	if n > 1 {
		for k := 1; k <= n; k++ {
			voters = append(voters, controller.Voter{ID: int32(controllerIDBase + k - 1), Node: ControllerNode(k, n)})
		}
	}
	for k := 1; k <= n; k++ {
		cfg := base
		cfg.Node, cfg.Voters = ControllerNode(k, n), voters
		if n > 1 {
			cfg.ID = voters[k-1].ID
		}
		ctl := controller.New(cfg)
		if err := c.sim.AddNode(ctl); err != nil {
			return err
		}
		c.controllers = append(c.controllers, ctl)
	}
	return nil
}

// controllerNodes returns the controllers' node names.
func (c *Cluster) controllerNodes() []sim.NodeID {
	out := make([]sim.NodeID, len(c.controllers))
	for i, ctl := range c.controllers {
		out[i] = ctl.ID()
	}
	return out
}

// ControllerNodes returns the controllers' node names, in order.
func (c *Cluster) ControllerNodes() []sim.NodeID { return c.controllerNodes() }

// active returns the active controller, or nil while there is none (an
// election, or a leader whose LeaderChange record is not yet committed).
// Should an old leader that lost its quorum still believe it is active,
// the one with the highest epoch wins.
func (c *Cluster) active() *controller.Controller {
	var best *controller.Controller
	for _, ctl := range c.controllers {
		if !c.sim.IsUp(ctl.ID()) || !ctl.Active() {
			continue
		}
		if best == nil || ctl.Quorum().Epoch > best.Quorum().Epoch {
			best = ctl
		}
	}
	return best
}

// ActiveController returns the active controller's quorum state, as
// active chooses it; false while there is none.
func (c *Cluster) ActiveController() (ControllerQuorumState, bool) {
	a := c.active()
	if a == nil {
		return ControllerQuorumState{}, false
	}
	return ControllerQuorumState{Up: true, QuorumState: a.Quorum()}, true
}

// shown returns the controller whose state Snapshot shows: the active one,
// else the first that is up, else the first.
func (c *Cluster) shown() *controller.Controller {
	if a := c.active(); a != nil {
		return a
	}
	for _, ctl := range c.controllers {
		if c.sim.IsUp(ctl.ID()) {
			return ctl
		}
	}
	return c.controllers[0]
}

// committedEnd returns the metadata log's committed end offset (the active
// controller's high watermark) and whether there is an active controller.
func (c *Cluster) committedEnd() (int64, bool) {
	a := c.active()
	if a == nil {
		return 0, false
	}
	return a.HighWatermark(), true
}

// ControllerQuorumState is one controller node in Quorum: whether its
// process is up, and its view of the quorum.
type ControllerQuorumState struct {
	Up bool
	controller.QuorumState
}

// Quorum returns every controller node's quorum state, in order: its role
// (Leader, Follower, Candidate, Unattached), whether it is the active
// controller, its epoch, the leader it knows, its log end offset and high
// watermark. This is what a view of the quorum needs.
func (c *Cluster) Quorum() []ControllerQuorumState {
	out := make([]ControllerQuorumState, len(c.controllers))
	for i, ctl := range c.controllers {
		out[i] = ControllerQuorumState{Up: c.sim.IsUp(ctl.ID()), QuorumState: ctl.Quorum()}
	}
	return out
}

// ControllerLog returns controller node n's metadata log (committed or
// not), for tests and the UI.
func (c *Cluster) ControllerLog(n sim.NodeID) ([]protocol.MetadataRecord, error) {
	ctl, err := c.controllerByNode(n)
	if err != nil {
		return nil, err
	}
	return ctl.Log(), nil
}

// ControllerImage returns controller node n's image digest and how many
// records it reflects (controller.Controller.ImageDigest).
func (c *Cluster) ControllerImage(n sim.NodeID) (string, int64, error) {
	ctl, err := c.controllerByNode(n)
	if err != nil {
		return "", 0, err
	}
	d, end := ctl.ImageDigest()
	return d, end, nil
}

func (c *Cluster) controllerByNode(n sim.NodeID) (*controller.Controller, error) {
	for _, ctl := range c.controllers {
		if ctl.ID() == n {
			return ctl, nil
		}
	}
	return nil, fmt.Errorf("cluster: no controller %s (the controllers are %v)", n, c.controllerNodes())
}

// CrashController kills controller node n's process: its metadata log and
// quorum state stay on disk, its image, high watermark and broker sessions
// are lost. A crashed active controller's followers elect a new leader
// after controller.quorum.fetch.timeout.ms. With a single controller the
// cluster has no controller until RestartController.
func (c *Cluster) CrashController(n sim.NodeID) error {
	ctl, err := c.controllerByNode(n)
	if err != nil {
		return err
	}
	if !c.sim.IsUp(n) {
		return fmt.Errorf("cluster: %s is already down", n)
	}
	if len(c.controllers) == 1 {
		return fmt.Errorf("cluster: %s is the only controller; run the cluster with 3 controllers to see a failover", n)
	}
	c.sim.Fault(n, fmt.Sprintf("crash %s: the process dies; its metadata log and quorum state stay on disk", n))
	if err := c.sim.Stop(n); err != nil {
		return err
	}
	ctl.Crash()
	return nil
}

// RestartController boots a new process for controller node n (crashing
// the running one first): it reloads its log and quorum state, follows the
// leader it knew or stands for election, and catches up by fetching.
func (c *Cluster) RestartController(n sim.NodeID) error {
	ctl, err := c.controllerByNode(n)
	if err != nil {
		return err
	}
	if c.sim.IsUp(n) {
		if err := c.CrashController(n); err != nil {
			return err
		}
	}
	if err := c.sim.Start(n); err != nil {
		return err
	}
	return c.sim.Do(n, fmt.Sprintf("start %s", n), ctl.Start)
}

// callController sends an admin request to the active controller as
// Kafka's admin client does with --bootstrap-controller: an answer
// NOT_CONTROLLER moves it to the controller named in the answer, or to the
// next one; so does a request that timed out (a controller cut off) or a
// controller whose process is down (the connection is refused). It gives
// up after default.api.timeout.ms (60000) of simulated time. With one
// controller it is a plain call.
func (c *Cluster) callController(api, label string, build func(corr int32) any) (any, error) {
	if len(c.controllers) == 1 {
		return c.call(AdminNode, c.controllers[0].ID(), api, label, build)
	}
	deadline := c.sim.Now() + defaultAPITimeoutMs
	nodes := c.controllerNodes()
	var last error
	for c.sim.Now() < deadline {
		to := nodes[c.adminCtrl%len(nodes)]
		if !c.sim.IsUp(to) {
			// A dead process refuses the connection at once: the client
			// marks the node disconnected and tries the next one after
			// reconnect.backoff.ms (a cut link, by contrast, costs the whole
			// request.timeout.ms).
			c.adminCtrl++
			last = fmt.Errorf("%s: connection refused", to)
			if err := c.sim.RunFor(reconnectBackoffMs, c.cfg.MaxSteps); err != nil {
				return nil, err
			}
			continue
		}
		resp, err := c.callTimeout(AdminNode, to, api, label, build, min(requestTimeoutMs, max(1, deadline-c.sim.Now())))
		var hint string
		var moved bool
		switch {
		case errors.Is(err, kerr.RequestTimedOut), errors.Is(err, kerr.NetworkException):
			// No answer, or the connection closed as the process died:
			// try the next controller.
			last = err
		case err != nil:
			return nil, err
		default:
			hint, moved = protocol.LeaderHint(responseErr(resp))
			if !moved {
				return resp, nil
			}
			last = responseErr(resp)
		}
		if i := slices.Index(nodes, sim.NodeID(hint)); i >= 0 {
			c.adminCtrl = i
		} else {
			c.adminCtrl++
			// No leader known: wait for the election (retry.backoff.ms
			// grows to retry.backoff.max.ms, 1000).
			if err := c.sim.RunFor(retryBackoffMaxMs, c.cfg.MaxSteps); err != nil {
				return nil, err
			}
		}
	}
	return nil, fmt.Errorf("%s: no active controller answered within default.api.timeout.ms (%d ms): %w", api, defaultAPITimeoutMs, last)
}

const (
	defaultAPITimeoutMs = 60000 // default.api.timeout.ms
	retryBackoffMaxMs   = 1000  // retry.backoff.max.ms
	reconnectBackoffMs  = 50    // reconnect.backoff.ms
)

// responseErr returns the first error of an admin response.
func responseErr(resp any) error {
	switch r := resp.(type) {
	case *protocol.CreateTopicsResponse:
		for _, t := range r.Topics {
			return t.Err
		}
	case *protocol.DeleteTopicsResponse:
		for _, t := range r.Results {
			return t.Err
		}
	case *protocol.CreatePartitionsResponse:
		for _, t := range r.Results {
			return t.Err
		}
	case *protocol.ElectLeadersResponse:
		for _, t := range r.Results {
			return t.Err
		}
	case *protocol.IncrementalAlterConfigsResponse:
		for _, t := range r.Results {
			return t.Err
		}
	}
	return nil
}
