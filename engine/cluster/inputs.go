package cluster

import (
	"fmt"
	"strings"

	"github.com/kafkalab/kafkalab/engine/consumer"
	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/kafkalab/kafkalab/engine/producer"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/slicesort"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// Non-blocking inputs for the live lab.
//
// Produce, CreateTopic and the other toolsapi.Cluster calls run the simulation
// until their answer arrives. The lab instead lets the learner step through
// the consequences of an action event by event, so the methods here only
// queue an input event (sim.Do) and return at once: nothing runs until the
// caller steps. Each one is a single input in the trace, so a driver that
// records when it submitted what (the step count) replays a run exactly.

// SubmitProduce queues an input on producer-1 that sends recs to topic and
// returns at once. props are producer configs with Kafka's names (acks,
// linger.ms …), parsed as kafka-console-producer.sh --producer-property
// does. With restart, producer-1 starts over with props, as a new
// KafkaProducer would (it forgets its metadata and any record still in
// flight); without it, the producer keeps its configuration and metadata
// and the records join its accumulator, as further send() calls do. The
// first call creates producer-1 with props either way.
func (c *Cluster) SubmitProduce(topic string, recs []producer.Record, props map[string]string, restart bool) error {
	cfg, err := c.producerConfig(props)
	if err != nil {
		return err
	}
	fresh := c.producer == nil
	p := c.producerNode(cfg)
	label := fmt.Sprintf("producer-1: send %d record(s) to %s%s", len(recs), topic, propsLabel(props))
	return c.sim.Do(ProducerNode, label, func(env *sim.Env) {
		if restart || fresh {
			p.Reset(cfg, c.upBrokers())
		} else if p.Done() {
			p.ClearReports()
		}
		p.Send(env, topic, recs)
	})
}

// ProducerReports returns producer-1's delivery reports since it last
// started or was last idle, by record index; nil before the first produce.
func (c *Cluster) ProducerReports() []producer.Report {
	if c.producer == nil {
		return nil
	}
	return c.producer.Reports()
}

// SubmitCreateTopic queues an input on admin-1 that sends CreateTopics to the
// controller and returns at once; the answer arrives as the simulation
// steps, and the brokers learn of the topic from the metadata log.
func (c *Cluster) SubmitCreateTopic(req toolsapi.CreateTopic) error {
	ct := protocol.CreatableTopic{Name: req.Name, NumPartitions: req.Partitions, ReplicationFactor: req.ReplicationFactor,
		Assignment: req.Assignment, Configs: req.Configs}
	cl := c.clientNode(AdminNode)
	cl.corr++
	corr := cl.corr
	label := fmt.Sprintf("CreateTopics(%s)", req.Name)
	return c.sim.Do(AdminNode, label, func(env *sim.Env) {
		env.Send(sim.Message{To: c.shown().ID(), API: protocol.APICreateTopics, Label: label,
			Body: &protocol.CreateTopicsRequest{CorrelationID: corr, Topics: []protocol.CreatableTopic{ct}, TimeoutMs: requestTimeoutMs}})
	})
}

// StepOne processes exactly one event, as Step(1) does, without building a
// slice of trace entries.
func (c *Cluster) StepOne() bool {
	_, ok := c.sim.Step()
	return ok
}

// SubmitStartConsumer queues an input that starts group member spec.Name
// (a new consumer, or a stopped or crashed one again, as a new process with
// spec's configuration) and returns at once: unlike StartConsumer it does
// not wait for the group to stabilise; the learner steps through
// FindCoordinator, JoinGroup, SyncGroup and the first fetches.
func (c *Cluster) SubmitStartConsumer(spec toolsapi.ConsumerSpec) error {
	cfg, err := c.ConsumerConfig(spec)
	if err != nil {
		return err
	}
	id := cfg.Node
	if n, ok := c.sim.Node(id); ok {
		cons, isConsumer := n.(*consumer.Consumer)
		if !isConsumer {
			return fmt.Errorf("%s is already a node of the lab", id)
		}
		if c.sim.IsUp(id) && cons.Running() && !cons.Closed() {
			return fmt.Errorf("consumer %s is already running", id)
		}
		if !c.sim.IsUp(id) {
			if err := c.sim.Start(id); err != nil {
				return err
			}
		}
		return c.sim.Do(id, fmt.Sprintf("restart consumer %s", id), cons.Start)
	}
	cons := consumer.New(cfg)
	if err := c.sim.AddNode(cons); err != nil {
		return err
	}
	return c.sim.Do(id, fmt.Sprintf("start consumer %s", id), cons.Start)
}

// SubmitRestartConsumer queues a restart of a stopped or crashed member with
// its configuration (and group.instance.id), and returns at once.
func (c *Cluster) SubmitRestartConsumer(name string) error {
	cons, ok := c.Consumer(name)
	if !ok {
		return fmt.Errorf("no consumer %s", name)
	}
	id := cons.ID()
	if c.sim.IsUp(id) && cons.Running() && !cons.Closed() {
		return fmt.Errorf("consumer %s is already running", id)
	}
	if !c.sim.IsUp(id) {
		if err := c.sim.Start(id); err != nil {
			return err
		}
	}
	return c.sim.Do(id, fmt.Sprintf("restart consumer %s", id), cons.Start)
}

// SubmitStopConsumer queues consumer.close() on member name: it commits (as
// its commit mode says), sends LeaveGroup and stops fetching, so the group
// rebalances at once. It returns at once.
func (c *Cluster) SubmitStopConsumer(name string) error {
	cons, ok := c.Consumer(name)
	if !ok || !c.sim.IsUp(cons.ID()) || !cons.Running() || cons.Closed() {
		return fmt.Errorf("no running consumer %s", name)
	}
	return c.sim.Do(cons.ID(), fmt.Sprintf("close consumer %s", name), cons.Close)
}

// SubmitCrashConsumer kills member name's process: no LeaveGroup, so the
// coordinator notices only when session.timeout.ms passes without a
// heartbeat. It takes effect now, as CrashConsumer does.
func (c *Cluster) SubmitCrashConsumer(name string) error { return c.CrashConsumer(name) }

// SubmitCrashBroker, SubmitPowerOffBroker, SubmitPauseBroker,
// SubmitResumeBroker and SubmitRestartBroker are the lab's broker faults:
// each takes effect now (the restart queues the new process's first input)
// and returns at once, so the learner steps through the fencing, the
// elections and the catching up.
func (c *Cluster) SubmitCrashBroker(id int32) error    { return c.CrashBroker(id) }
func (c *Cluster) SubmitPowerOffBroker(id int32) error { return c.PowerOffBroker(id) }
func (c *Cluster) SubmitPauseBroker(id int32) error    { return c.PauseBroker(id) }
func (c *Cluster) SubmitResumeBroker(id int32) error   { return c.ResumeBroker(id) }
func (c *Cluster) SubmitRestartBroker(id int32) error  { return c.RestartBroker(id) }

// SubmitShutdownBroker queues a controlled shutdown of broker id: the
// broker asks the controller to move its leaderships away. The broker's
// process exits when FinishShutdowns sees it done, which the caller runs
// after each step.
func (c *Cluster) SubmitShutdownBroker(id int32) error {
	b, err := c.brokerByID(id)
	if err != nil {
		return err
	}
	if !c.sim.IsUp(b.ID()) {
		return fmt.Errorf("cluster: broker %d is down", id)
	}
	return c.sim.Do(b.ID(), fmt.Sprintf("shutdown broker-%d (controlled)", id), b.BeginControlledShutdown)
}

// FinishShutdowns stops every broker whose controlled shutdown is done (its
// leaderships moved, its logs flushed): the process exits, as ShutdownBroker
// does at the end. It reports whether it stopped one.
func (c *Cluster) FinishShutdowns() bool {
	done := false
	for _, b := range c.brokers {
		if c.sim.IsUp(b.ID()) && b.ShutDown() {
			c.sim.Fault(b.ID(), fmt.Sprintf("%s exits after a clean shutdown", b.ID()))
			if c.sim.Crash(b.ID()) == nil { // the exit closes its connections
				b.Crash(false)
				done = true
			}
		}
	}
	return done
}

// Paused reports whether broker id's process is frozen (PauseBroker).
func (c *Cluster) Paused(id int32) bool {
	b, err := c.brokerByID(id)
	return err == nil && c.sim.IsPaused(b.ID())
}

// GroupViews returns every consumer group as its current coordinator holds
// it (state, generation, members with their assignments, committed
// offsets), sorted by id, without sending a request: the lab's Groups tab.
func (c *Cluster) GroupViews() []group.GroupView {
	seen := map[string]bool{}
	var out []group.GroupView
	for _, b := range c.brokers {
		if !c.sim.IsUp(b.ID()) {
			continue
		}
		for _, p := range b.CoordinatorPartitions() {
			co, ok := b.Coordinator(p)
			if !ok {
				continue
			}
			for _, id := range co.Groups() {
				if seen[id] {
					continue
				}
				if v, ok := co.Group(id); ok {
					seen[id] = true
					out = append(out, v)
				}
			}
		}
	}
	slicesort.Func(out, func(a, b group.GroupView) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// GroupCoordinator returns the broker hosting group id's coordinator, or -1.
func (c *Cluster) GroupCoordinator(id string) int32 {
	for _, b := range c.brokers {
		if !c.sim.IsUp(b.ID()) {
			continue
		}
		for _, p := range b.CoordinatorPartitions() {
			if co, ok := b.Coordinator(p); ok {
				if _, ok := co.Group(id); ok {
					return b.Config().ID
				}
			}
		}
	}
	return -1
}
