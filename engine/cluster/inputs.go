package cluster

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/producer"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
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
		env.Send(sim.Message{To: controller.NodeID, API: protocol.APICreateTopics, Label: label,
			Body: &protocol.CreateTopicsRequest{CorrelationID: corr, Topics: []protocol.CreatableTopic{ct}, TimeoutMs: requestTimeoutMs}})
	})
}

// StepOne processes exactly one event, as Step(1) does, without building a
// slice of trace entries.
func (c *Cluster) StepOne() bool {
	_, ok := c.sim.Step()
	return ok
}
