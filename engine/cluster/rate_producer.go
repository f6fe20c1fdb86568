package cluster

import (
	"fmt"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/producer"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

var _ toolsapi.RateProducerCluster = (*Cluster)(nil)

const timerRateTick = "rate tick"

// A rateProducer is an application producer that sends one record at a
// time at a steady rate: a KafkaProducer (engine/producer) plus a simulated
// timer that calls send, as an application's loop with a sleep would. It
// is a sim.Node under the producer's name; the producer's own timers and
// responses pass through.
type rateProducer struct {
	*producer.Producer
	spec    toolsapi.RateProducerSpec
	running bool
	next    int64 // index of the next record
	acked   int64
	failed  int64
	lastErr string
	// The counts when the producer's reports were last cleared.
	sentBase, ackedBase, failedBase int64
}

// Timer implements sim.Node: a tick sends the records due and sets the
// next tick; other timers are the producer's.
func (r *rateProducer) Timer(env *sim.Env, t sim.TimerEvent) {
	if t.Kind != timerRateTick {
		r.Producer.Timer(env, t)
		return
	}
	if !r.running {
		return
	}
	if r.Done() {
		r.tally() // cheap now, and it clears the reports
	}
	// Record i is due at floor(i·1000/rate) ms after the start, so any
	// rate up to one per millisecond keeps its average exactly.
	start := t.Data.(int64)
	rate := int64(r.spec.PerSecond)
	var recs []producer.Record
	for r.next*1000/rate <= env.Now()-start && (r.spec.Count == 0 || r.next < int64(r.spec.Count)) {
		recs = append(recs, r.record(r.next))
		r.next++
	}
	if len(recs) > 0 {
		r.Send(env, r.spec.Topic, recs)
	}
	if r.spec.Count > 0 && r.next >= int64(r.spec.Count) {
		r.running = false
		return
	}
	env.After(start+r.next*1000/rate-env.Now(), timerRateTick, start)
}

// record is the i-th record: value "NAME-i", key "key-(i mod keys)".
func (r *rateProducer) record(i int64) producer.Record {
	rec := producer.Record{Value: []byte(r.spec.Name + "-" + strconv.FormatInt(i, 10)), Partition: partitioner.NoPartition}
	if r.spec.Keys > 0 {
		rec.Key = []byte("key-" + strconv.FormatInt(i%int64(r.spec.Keys), 10))
	}
	return rec
}

// tally counts the delivery reports so far: acked are the records settled
// without an error. Once every record sent has its report, the counts are
// kept and the reports forgotten, so a long run keeps no growing history.
func (r *rateProducer) tally() {
	failed, lastErr := int64(0), ""
	for _, rep := range r.Reports() {
		if rep.Err != nil {
			failed++
			lastErr = rep.Err.Error()
		}
	}
	settled := r.next - r.sentBase - int64(r.Outstanding())
	r.acked, r.failed = r.ackedBase+settled-failed, r.failedBase+failed
	if lastErr != "" {
		r.lastErr = lastErr
	}
	if r.Done() {
		r.ackedBase, r.failedBase, r.sentBase = r.acked, r.failed, r.next
		r.ClearReports()
	}
}

// AppendState implements sim.Node.
func (r *rateProducer) AppendState(w *sim.StateWriter) {
	r.Producer.AppendState(w)
	w.Bool(r.running)
	w.Int(r.next)
}

// StartRateProducer implements toolsapi.RateProducerCluster.
func (c *Cluster) StartRateProducer(spec toolsapi.RateProducerSpec) error {
	switch {
	case spec.Name == "":
		return fmt.Errorf("cluster: a producer needs a name")
	case spec.Topic == "":
		return fmt.Errorf("cluster: producer %s needs a topic", spec.Name)
	case spec.PerSecond < 1 || spec.PerSecond > toolsapi.MaxRatePerSecond:
		return fmt.Errorf("cluster: rate %d/s: the lab sends 1 to %d records per second", spec.PerSecond, toolsapi.MaxRatePerSecond)
	case spec.Keys < 0 || spec.Count < 0:
		return fmt.Errorf("cluster: keys and count cannot be negative")
	}
	id := sim.NodeID(spec.Name)
	if n, ok := c.sim.Node(id); ok {
		if rp, isRate := n.(*rateProducer); isRate && rp.running {
			return fmt.Errorf("producer %s is already running", spec.Name)
		} else if !isRate {
			return fmt.Errorf("%s is already a node of the lab", spec.Name)
		}
	}
	cfg, err := c.producerConfig(spec.Properties)
	if err != nil {
		return err
	}
	cfg.ClientID = spec.Name
	var rp *rateProducer
	if n, ok := c.sim.Node(id); ok {
		rp = n.(*rateProducer)
		rp.Reset(cfg, c.upBrokers())
		*rp = rateProducer{Producer: rp.Producer, spec: spec}
	} else {
		rp = &rateProducer{Producer: producer.New(id, cfg, c.upBrokers()), spec: spec}
		if err := c.sim.AddNode(rp); err != nil {
			return err
		}
	}
	if err := c.sim.Do(id, fmt.Sprintf("start producer %s: %d/s to %s", spec.Name, spec.PerSecond, spec.Topic), func(env *sim.Env) {
		rp.running = true
		env.After(0, timerRateTick, env.Now())
	}); err != nil {
		return err
	}
	return c.runUntil(func() bool { return rp.running }, 1000)
}

// StopRateProducer implements toolsapi.RateProducerCluster.
func (c *Cluster) StopRateProducer(name string) error {
	rp, ok := c.rateProducer(name)
	if !ok {
		return fmt.Errorf("no producer called %s", name)
	}
	stopped := false
	if err := c.sim.Do(rp.ID(), "stop producer "+name, func(env *sim.Env) {
		rp.running, stopped = false, true
		rp.Flush(env)
	}); err != nil {
		return err
	}
	cfg := producer.DefaultConfig()
	err := c.runUntil(func() bool { return stopped && rp.Done() }, cfg.DeliveryTimeoutMs+1000)
	rp.tally()
	return err
}

// RateProducers implements toolsapi.RateProducerCluster.
func (c *Cluster) RateProducers() []toolsapi.RateProducerInfo {
	var out []toolsapi.RateProducerInfo
	for _, name := range c.rateProducerNames() {
		rp, _ := c.rateProducer(name)
		rp.tally()
		out = append(out, toolsapi.RateProducerInfo{Name: name, Topic: rp.spec.Topic, PerSecond: rp.spec.PerSecond, Running: rp.running,
			Sent: rp.next, Acked: rp.acked, Failed: rp.failed, LastErr: rp.lastErr})
	}
	return out
}

func (c *Cluster) rateProducer(name string) (*rateProducer, bool) {
	n, ok := c.sim.Node(sim.NodeID(name))
	if !ok {
		return nil, false
	}
	rp, ok := n.(*rateProducer)
	return rp, ok
}

func (c *Cluster) rateProducerNames() []string {
	var names []string
	for _, id := range c.sim.Nodes() { // sorted
		if _, ok := c.rateProducer(string(id)); ok {
			names = append(names, string(id))
		}
	}
	return names
}
