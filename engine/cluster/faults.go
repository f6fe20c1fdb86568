package cluster

import (
	"fmt"
	"strings"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// Faults, each an input of the lab (a method here, a lab command in
// engine/tools/lab_faults.go) and a fault entry in the trace.
//
// Broker processes:
//
//   - CrashBroker: the process dies (kill -9). In-memory state is lost; the
//     logs keep what the page cache has; the controller fences the broker
//     after broker.session.timeout.ms, or at once when it registers again.
//     Its machine stays up, so its connections are reset at once and new
//     ones refused (sim.Crash): clients and followers notice immediately.
//   - PowerOffBroker: CrashBroker plus a power loss: each log loses its
//     unflushed tail (with Kafka's default log.flush.interval.messages,
//     everything not in a rolled segment), and nothing tells the peers:
//     their requests time out (sim.Stop).
//   - RestartBroker: a crashed, powered-off or stopped broker boots a new
//     process (a running one is crashed first): it registers with a new
//     broker epoch, replays the metadata log, recovers each log from its
//     checkpoints, follows the leaders, catches up and rejoins the ISRs.
//   - ShutdownBroker: a clean (controlled) shutdown: the controller moves
//     the broker's leaderships away first, then the broker flushes its
//     logs, writes its checkpoints and stops.
//   - PauseBroker and ResumeBroker: the process freezes (SIGSTOP, a long GC
//     pause) and wakes with a stale view: a zombie.
//
// Network (wrapping sim.Network): CutLink, HealLink, IsolateNode,
// RejoinNode, SplitNetwork, DropNextMessages, SlowLink, HealAll.

// CrashBroker kills broker id's process.
func (c *Cluster) CrashBroker(id int32) error { return c.crash(id, false) }

// PowerOffBroker cuts broker id's power: a crash that also loses every
// unflushed byte of its logs.
func (c *Cluster) PowerOffBroker(id int32) error { return c.crash(id, true) }

func (c *Cluster) crash(id int32, powerLoss bool) error {
	b, err := c.brokerByID(id)
	if err != nil {
		return err
	}
	if !c.sim.IsUp(b.ID()) && b.Crashed() {
		return fmt.Errorf("cluster: broker %d is already down", id)
	}
	what := "crash broker-%d: the process dies; the page cache keeps its logs"
	if powerLoss {
		what = "power off broker-%d: the process dies and each log loses its unflushed tail"
	}
	c.sim.Fault(b.ID(), fmt.Sprintf(what, id))
	if c.sim.IsUp(b.ID()) {
		// A process crash resets its connections at once (its machine stays
		// up); a power loss leaves its peers to time out (sim.Crash, Stop).
		stop := c.sim.Crash
		if powerLoss {
			stop = c.sim.Stop
		}
		if err := stop(b.ID()); err != nil {
			return err
		}
	}
	b.Crash(powerLoss)
	return nil
}

// RestartBroker boots a new process for broker id, crashing the old one if
// it is still running.
func (c *Cluster) RestartBroker(id int32) error {
	b, err := c.brokerByID(id)
	if err != nil {
		return err
	}
	if c.sim.IsUp(b.ID()) {
		if err := c.crash(id, false); err != nil {
			return err
		}
	}
	return c.StartBroker(id)
}

// ShutdownBroker shuts broker id down cleanly: a controlled shutdown through
// the controller (its leaderships move to other ISR members first), then
// the logs are flushed and closed and the checkpoints written before the
// process exits. If the controller does not answer within 30 s of simulated
// time, the broker flushes and stops anyway, as Kafka does after
// controlled.shutdown.max.retries.
func (c *Cluster) ShutdownBroker(id int32) error {
	b, err := c.brokerByID(id)
	if err != nil {
		return err
	}
	if !c.sim.IsUp(b.ID()) {
		return fmt.Errorf("cluster: broker %d is down", id)
	}
	if err := c.sim.Do(b.ID(), fmt.Sprintf("shutdown broker-%d (controlled)", id), b.BeginControlledShutdown); err != nil {
		return err
	}
	if err := c.runUntil(b.ShutDown, 30_000); err != nil {
		if err := c.sim.Do(b.ID(), fmt.Sprintf("broker-%d shuts down without the controller", id), b.FlushAndCheckpoint); err != nil {
			return err
		}
		if err := c.sim.RunUntil(func() bool { return true }, 1); err != nil {
			return err
		}
		c.sim.Step() // not c.Step: that would end the process before the exit below
	}
	c.sim.Fault(b.ID(), fmt.Sprintf("broker-%d exits after a clean shutdown", id))
	if err := c.sim.Crash(b.ID()); err != nil { // the exit closes its connections
		return err
	}
	b.Crash(false)
	return nil
}

// PauseBroker freezes broker id: its messages and timers are held until
// ResumeBroker.
func (c *Cluster) PauseBroker(id int32) error {
	b, err := c.brokerByID(id)
	if err != nil {
		return err
	}
	return c.sim.Pause(b.ID())
}

// ResumeBroker wakes a paused broker, which carries on from its stale state.
func (c *Cluster) ResumeBroker(id int32) error {
	b, err := c.brokerByID(id)
	if err != nil {
		return err
	}
	return c.sim.Resume(b.ID())
}

// node checks a node name: a broker, the controller or a client.
func (c *Cluster) node(name sim.NodeID) error {
	if _, ok := c.sim.Node(name); ok {
		return nil
	}
	if name == controller.NodeID || strings.HasPrefix(string(name), "broker-") || strings.HasPrefix(string(name), "controller-") {
		return fmt.Errorf("cluster: no node %s", name)
	}
	return nil // a client node that does not exist yet
}

// CutLink cuts the link from → to, and to → from unless oneWay.
func (c *Cluster) CutLink(from, to sim.NodeID, oneWay bool) error {
	if err := c.nodes(from, to); err != nil {
		return err
	}
	if oneWay {
		c.sim.Net().Cut(from, to)
	} else {
		c.sim.Net().CutBoth(from, to)
	}
	return nil
}

// HealLink heals the link from → to, and to → from unless oneWay.
func (c *Cluster) HealLink(from, to sim.NodeID, oneWay bool) error {
	if err := c.nodes(from, to); err != nil {
		return err
	}
	if oneWay {
		c.sim.Net().Heal(from, to)
	} else {
		c.sim.Net().HealBoth(from, to)
	}
	return nil
}

// IsolateNode cuts every link to and from the node.
func (c *Cluster) IsolateNode(n sim.NodeID) error {
	if err := c.node(n); err != nil {
		return err
	}
	c.sim.Net().Isolate(n)
	return nil
}

// RejoinNode ends IsolateNode.
func (c *Cluster) RejoinNode(n sim.NodeID) error {
	if err := c.node(n); err != nil {
		return err
	}
	c.sim.Net().Rejoin(n)
	return nil
}

// SplitNetwork cuts every link between the two sides, both ways.
func (c *Cluster) SplitNetwork(a, b []sim.NodeID) error {
	if err := c.nodes(append(append([]sim.NodeID{}, a...), b...)...); err != nil {
		return err
	}
	c.sim.Net().Split(a, b)
	return nil
}

// DropNextMessages drops the next n messages sent from → to.
func (c *Cluster) DropNextMessages(from, to sim.NodeID, n int) error {
	if err := c.nodes(from, to); err != nil {
		return err
	}
	c.sim.Net().DropNext(from, to, n)
	return nil
}

// RebalanceLeaders runs the controller's leader imbalance check now
// (auto.leader.rebalance.enable), rather than at the next
// leader.imbalance.check.interval.seconds.
func (c *Cluster) RebalanceLeaders() error {
	ctl := c.shown()
	if err := c.sim.Do(ctl.ID(), "leader imbalance check", ctl.RebalanceLeaders); err != nil {
		return err
	}
	return c.waitForMetadata()
}

func (c *Cluster) nodes(ids ...sim.NodeID) error {
	for _, id := range ids {
		if err := c.node(id); err != nil {
			return err
		}
	}
	return nil
}

// BrokerNode returns broker id's node name.
func BrokerNode(id int32) sim.NodeID { return broker.NodeID(id) }
