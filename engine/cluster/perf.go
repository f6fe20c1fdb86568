package cluster

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/producer"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// PerfProducerNode is the producer of kafka-producer-perf-test.sh.
const PerfProducerNode sim.NodeID = "perf-producer"

var _ toolsapi.PerfProducer = (*Cluster)(nil)

// ProducePerf implements toolsapi.PerfProducer. The producer (client.id
// perf-producer-client unless set) is reset with the spec's properties, as
// a new tool process starts a new KafkaProducer; each group of records due
// at the same simulated ms is sent by one input at that ms; after the last
// the producer is flushed, as the tool's producer.close() does, and the run
// goes on until every record has its delivery report, bounded by
// max.block.ms + delivery.timeout.ms. Each record's completion time is the
// simulated time of the event that settled it, as the tool's callback reads
// the clock; spec.Listener hears each as it settles.
func (c *Cluster) ProducePerf(spec toolsapi.PerfProduceSpec) (toolsapi.PerfProduceResult, error) {
	var res toolsapi.PerfProduceResult
	if len(spec.SendAt) != len(spec.Values) {
		return res, fmt.Errorf("cluster: %d send times for %d records", len(spec.SendAt), len(spec.Values))
	}
	props := map[string]string{"client.id": "perf-producer-client"}
	for k, v := range spec.Properties {
		props[k] = v
	}
	cfg, err := c.producerConfig(props)
	if err != nil {
		return res, err
	}
	cfg.TraceRecords = false // thousands of records: the batches tell the story
	p, err := c.perfProducer(cfg)
	if err != nil {
		return res, err
	}
	start := c.sim.Now()
	res.StartMs = start
	res.Acks = make([]toolsapi.PerfAck, len(spec.Values))
	if err := c.sim.Do(PerfProducerNode, "kafka-producer-perf-test.sh: start the producer", func(*sim.Env) {
		p.Reset(cfg, c.upBrokers())
	}); err != nil {
		return res, err
	}
	if spec.Listener != nil {
		spec.Listener.Started(start)
	}
	sent, settled, failed := 0, 0, 0
	var pending []int // records sent and not yet settled, in send order
	watch := func() {
		if done := sent - p.Outstanding(); done > settled {
			settled = done
			// A record's failure is recorded as it settles.
			failed = p.Failures(failed, func(i int, err error) { res.Acks[i].Err = err })
			kept := pending[:0]
			for _, i := range pending {
				if !p.Settled(i) {
					kept = append(kept, i)
					continue
				}
				a := &res.Acks[i]
				a.AckMs = c.sim.Now()
				if spec.Listener != nil {
					spec.Listener.Settled(i, *a)
				}
			}
			pending = kept
		}
	}
	limit := cfg.MaxBlockMs + cfg.DeliveryTimeoutMs + 1000
	for i := 0; i < len(spec.Values); {
		at := start + spec.SendAt[i]
		j := i
		var recs []producer.Record
		for ; j < len(spec.Values) && start+spec.SendAt[j] == at; j++ {
			recs = append(recs, producer.Record{Value: spec.Values[j], Partition: -1})
			res.Acks[j].SentMs = at
		}
		if err := c.runWatching(watch, at); err != nil {
			return res, err
		}
		last := j == len(spec.Values)
		label := fmt.Sprintf("kafka-producer-perf-test.sh: send records %d–%d", i, j-1)
		first, end := i, j
		if err := c.sim.Do(PerfProducerNode, label, func(env *sim.Env) {
			p.Send(env, spec.Topic, recs)
			for k := first; k < end; k++ {
				pending = append(pending, k)
			}
			sent = end // counted when the producer has them, so watch's arithmetic holds
			if last {
				p.Flush(env) // producer.close()
			}
		}); err != nil {
			return res, err
		}
		i = j
	}
	all := len(spec.Values)
	if err := c.runUntil(func() bool { watch(); return sent == all && p.Done() }, limit); err != nil {
		return res, fmt.Errorf("cluster: the perf producer did not finish: %w", err)
	}
	watch()
	res.EndMs = c.sim.Now()
	return res, nil
}

// runWatching runs the simulation up to time at, calling watch after each
// event, and leaves the clock at at.
func (c *Cluster) runWatching(watch func(), at int64) error {
	if at < c.sim.Now() {
		return nil
	}
	err := c.sim.RunUntil(func() bool {
		watch()
		next, ok := c.sim.NextTime()
		return !ok || next > at
	}, c.cfg.MaxSteps)
	if err != nil {
		return err
	}
	return c.sim.RunUntilTime(at, c.cfg.MaxSteps)
}

// perfProducer returns perf-producer, adding it on first use.
func (c *Cluster) perfProducer(cfg producer.Config) (*producer.Producer, error) {
	if n, ok := c.sim.Node(PerfProducerNode); ok {
		return n.(*producer.Producer), nil
	}
	p := producer.New(PerfProducerNode, cfg, c.upBrokers())
	if err := c.sim.AddNode(p); err != nil {
		return nil, err
	}
	return p, nil
}
