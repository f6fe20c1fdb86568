package cluster

import (
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/producer"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// AppProducerNode is the long-lived application producer of the app-produce
// lab command.
const AppProducerNode sim.NodeID = "app-producer"

var _ toolsapi.AppProducer = (*Cluster)(nil)

// AppProduce implements toolsapi.AppProducer: it sends records with
// app-producer, a KafkaProducer with Kafka 4.0's defaults (acks=all,
// linger.ms=5, retries until delivery.timeout.ms) that is started on first
// use and then lives on, as an application's producer does. Unlike Produce,
// which starts a fresh producer like each kafka-console-producer.sh run, it
// keeps its metadata between calls: after a leader moves it still sends to
// the old leader, gets NOT_LEADER_OR_FOLLOWER, refreshes its metadata and
// retries at the new one. Nothing is flushed: the records linger.ms as
// records that arrive over time do. It runs until every record has its
// delivery report, bounded by max.block.ms + delivery.timeout.ms.
func (c *Cluster) AppProduce(topic string, recs []toolsapi.ProducerRecord) ([]toolsapi.DeliveryReport, error) {
	p, err := c.appProducer()
	if err != nil {
		return nil, err
	}
	// The records are converted into a buffer the cluster keeps, so that a
	// lab sending rounds of records does not allocate it every round.
	// Fields are set one by one: assigning whole structs that hold pointers
	// is a typed copy, which in WebAssembly walks the type's pointer bitmap
	// under the write barrier, and the barrier is on for most of a run there
	// (the collector marks only through the mutator's assists).
	precs := slices.Grow(c.appRecs[:0], len(recs))[:len(recs)]
	for i := range recs {
		r, pr := &recs[i], &precs[i]
		pr.Key, pr.Value, pr.Partition = r.Key, r.Value, r.Partition
	}
	first := 0
	sent := false
	err = c.sim.Do(AppProducerNode, fmt.Sprintf("app-produce %s: %d record(s)", topic, len(precs)), func(env *sim.Env) {
		p.ClearReports() // forgets only a finished call's reports
		first = p.ReportCount()
		p.Send(env, topic, precs)
		sent = true
	})
	if err == nil {
		cfg := producer.DefaultConfig()
		if err = c.runUntil(func() bool { return sent && p.Done() }, cfg.MaxBlockMs+cfg.DeliveryTimeoutMs+1000); err != nil {
			err = fmt.Errorf("cluster: app-produce did not finish: %w", err)
		}
	}
	if sent {
		clear(precs) // the producer copied the records; keep no reference to the caller's bytes
		c.appRecs = precs[:0]
	} else {
		c.appRecs = nil // an input still queued owns precs
	}
	if err != nil {
		return nil, err
	}
	n := p.ReportCount() - first
	if n <= 0 {
		return nil, nil
	}
	out := make([]toolsapi.DeliveryReport, n)
	p.EachReport(first, func(r producer.Report) {
		d := &out[r.Index-first]
		d.Topic, d.Partition, d.Offset, d.Timestamp = r.Topic, r.Partition, r.Offset, r.Timestamp
		if r.Err != nil {
			d.Err = r.Err
		}
	})
	return out, nil
}

// appProducer returns app-producer, adding it on first use with the brokers
// that are up as its bootstrap servers.
func (c *Cluster) appProducer() (*producer.Producer, error) {
	if n, ok := c.sim.Node(AppProducerNode); ok {
		return n.(*producer.Producer), nil
	}
	cfg := producer.DefaultConfig()
	cfg.ClientID = string(AppProducerNode)
	cfg.TraceRecords = !c.cfg.QuietRecords
	p := producer.New(AppProducerNode, cfg, c.upBrokers())
	if err := c.sim.AddNode(p); err != nil {
		return nil, err
	}
	return p, nil
}
