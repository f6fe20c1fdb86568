package cluster

import (
	"github.com/kafkalab/kafkalab/engine/producer"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools"
)

// ProduceWithStaleMetadata sends one record with producer-1 without
// resetting it, so it uses the metadata it already holds.
func (c *Cluster) ProduceWithStaleMetadata(topic string, value []byte, props map[string]string) (tools.DeliveryReport, error) {
	p := c.producer
	before := p.Outstanding()
	_ = before
	sent := false
	n := len(p.Reports())
	err := c.sim.Do(ProducerNode, "send with cached metadata", func(env *sim.Env) {
		p.Send(env, topic, []producer.Record{{Value: value, Partition: 0}})
		sent = true
	})
	if err != nil {
		return tools.DeliveryReport{}, err
	}
	if err := c.runUntil(func() bool { return sent && p.Done() }, 60000); err != nil {
		return tools.DeliveryReport{}, err
	}
	r := p.Reports()[n]
	return tools.DeliveryReport{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset, Err: r.Err}, nil
}

// BenchProducer sends records with producer-1 configured by props (reset on
// first use only) and runs until every record has its report. It returns
// the number of simulation steps taken.
func (c *Cluster) BenchProduce(topic string, recs []producer.Record, cfg producer.Config) (uint64, error) {
	if c.producer == nil {
		c.producerNode(cfg)
		c.producer.Reset(cfg, c.upBrokers())
	}
	p := c.producer
	p.ClearReports()
	before := c.sim.Steps()
	sent := false
	if err := c.sim.Do(ProducerNode, "bench", func(env *sim.Env) {
		p.Send(env, topic, recs)
		sent = true
	}); err != nil {
		return 0, err
	}
	err := c.sim.RunUntil(func() bool { return sent && p.Done() }, c.cfg.MaxSteps)
	if p.Done() {
		if err := p.FirstErr(); err != nil {
			return 0, err
		}
	}
	return c.sim.Steps() - before, err
}
