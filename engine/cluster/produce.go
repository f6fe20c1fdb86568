package cluster

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kafkalab/kafkalab/engine/producer"
	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// Produce implements toolsapi.Cluster: producer-1 is (re)started with the
// spec's properties, as kafka-console-producer.sh starts a KafkaProducer,
// sends every record and, unless spec.Sync, flushes at once as the tool's
// close at the end of its input does (so the last batch does not wait
// linger.ms), and the simulation runs until each record has its delivery
// report — bounded by max.block.ms + delivery.timeout.ms.
func (c *Cluster) Produce(spec toolsapi.ProduceSpec) ([]toolsapi.DeliveryReport, error) {
	cfg, err := c.producerConfig(spec.Properties)
	if err != nil {
		return nil, err
	}
	p := c.producerNode(cfg)
	recs := make([]producer.Record, len(spec.Records))
	for i, r := range spec.Records {
		recs[i] = producer.Record{Key: r.Key, Value: r.Value, Partition: r.Partition}
		for _, h := range r.Headers {
			recs[i].Headers = append(recs[i].Headers, record.Header{Key: h.Key, Value: h.Value})
		}
	}
	bootstrap := c.upBrokers()
	label := fmt.Sprintf("kafka-console-producer.sh --topic %s: %d record(s)%s", spec.Topic, len(recs), propsLabel(spec.Properties))
	sent := false
	if err := c.sim.Do(ProducerNode, label, func(env *sim.Env) {
		p.Reset(cfg, bootstrap)
		p.Send(env, spec.Topic, recs)
		if !spec.Sync {
			// The input ends here: the tool closes its producer, which
			// flushes instead of waiting linger.ms (producer.close()).
			p.Flush(env)
		}
		sent = true
	}); err != nil {
		return nil, err
	}
	done := func() bool { return sent && p.Done() }
	if err := c.runUntil(done, cfg.MaxBlockMs+cfg.DeliveryTimeoutMs+1000); err != nil {
		return nil, fmt.Errorf("cluster: produce did not finish: %w", err)
	}
	var out []toolsapi.DeliveryReport
	for _, r := range p.Reports() {
		out = append(out, toolsapi.DeliveryReport{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset, Timestamp: r.Timestamp, Err: r.Err})
	}
	return out, nil
}

func (c *Cluster) producerConfig(props map[string]string) (producer.Config, error) {
	cfg, err := producer.ParseConfig(props)
	if err != nil {
		return cfg, err
	}
	cfg.TraceRecords = !c.cfg.QuietRecords
	return cfg, nil
}

// producerNode returns producer-1, adding it on first use.
func (c *Cluster) producerNode(cfg producer.Config) *producer.Producer {
	if c.producer == nil {
		c.producer = producer.New(ProducerNode, cfg, c.upBrokers())
		if err := c.sim.AddNode(c.producer); err != nil {
			panic(err)
		}
	}
	return c.producer
}

func propsLabel(props map[string]string) string {
	if len(props) == 0 {
		return ""
	}
	var kv []string
	for k, v := range props {
		kv = append(kv, k+"="+v)
	}
	slices.Sort(kv)
	return " (" + strings.Join(kv, ", ") + ")"
}
