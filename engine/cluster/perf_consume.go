package cluster

import (
	"github.com/kafkalab/kafkalab/engine/consumer"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// PerfConsumerNode is the consumer of kafka-consumer-perf-test.sh.
const PerfConsumerNode sim.NodeID = "perf-consumer"

var _ toolsapi.PerfConsumer = (*Cluster)(nil)

// ConsumePerf implements toolsapi.PerfConsumer with a group member as
// kafka-consumer-perf-test.sh runs one: client.id perf-consumer-client,
// auto-commit on, auto.offset.reset earliest unless FromLatest. JoinedMs is
// when the member first had its partitions and their positions (the tool's
// onPartitionsAssigned, which Kafka calls a little earlier, before the
// positions). The poll loop ends when Messages records have come (counting
// the whole poll that brought the last of them) or when no record came
// for TimeoutMs: then EndMs is the first 100 ms poll after the timeout, as
// the tool's loop checks the time after each poll(100 ms). The member then
// closes (commit, LeaveGroup) and its node stops.
func (c *Cluster) ConsumePerf(spec toolsapi.PerfConsumeSpec) (toolsapi.PerfConsumeResult, error) {
	res := toolsapi.PerfConsumeResult{JoinedMs: -1}
	reset := "earliest"
	if spec.FromLatest {
		reset = "latest"
	}
	cfg, err := c.ConsumerConfig(toolsapi.ConsumerSpec{Name: string(PerfConsumerNode), Group: spec.Group, Topics: []string{spec.Topic},
		AutoOffsetReset: reset, Assignor: spec.Properties["partition.assignment.strategy"]})
	if err != nil {
		return res, err
	}
	cfg.ClientID = "perf-consumer-client"
	if id := spec.Properties["client.id"]; id != "" {
		cfg.ClientID = id
	}
	cfg.QuietRecords = true
	var got int64
	last := int64(-1)
	cfg.OnPoll = func(int) bool {
		// The tool's loop checks its count between polls: the poll that
		// reaches Messages is counted whole, and none follows it, so
		// close commits only what the loop consumed.
		return got < spec.Messages
	}
	cfg.OnProcess = func(r consumer.Record) {
		got++
		last = c.sim.Now()
		res.Records = append(res.Records, toolsapi.PerfRecord{AtMs: last, Bytes: len(r.Key) + len(r.Value)})
	}
	cons, err := c.perfConsumer(cfg)
	if err != nil {
		return res, err
	}
	res.StartMs = c.sim.Now()
	if err := c.sim.Do(cons.ID(), "start kafka-consumer-perf-test.sh --group "+spec.Group, cons.Start); err != nil {
		return res, err
	}
	// Each round waits at most TimeoutMs for the next record, as the
	// tool's loop measures the time since the last record.
	for got < spec.Messages && cons.Err() == nil {
		n := got
		_ = c.runUntil(func() bool {
			if res.JoinedMs < 0 && cons.Stable() {
				res.JoinedMs = c.sim.Now()
			}
			return got > n || cons.Err() != nil
		}, spec.TimeoutMs)
		if got == n {
			break
		}
	}
	res.EndMs = c.sim.Now()
	if got < spec.Messages {
		res.TimedOut = true
		since := res.StartMs
		if last >= 0 {
			since = last
		}
		res.EndMs = max(c.sim.Now(), since+100*(spec.TimeoutMs/100+1))
		if res.EndMs > c.sim.Now() {
			_ = c.sim.RunUntilTime(res.EndMs, c.cfg.MaxSteps)
		}
	}
	ferr := cons.Err()
	_ = c.sim.Do(cons.ID(), "close the perf consumer", cons.Close)
	_ = c.runUntil(cons.Closed, 5000)
	_ = c.sim.Stop(cons.ID())
	return res, ferr
}

// perfConsumer returns perf-consumer configured with cfg, adding it on
// first use and otherwise starting its stopped node again.
func (c *Cluster) perfConsumer(cfg consumer.Config) (*consumer.Consumer, error) {
	if cons, ok := c.Consumer(string(PerfConsumerNode)); ok {
		*cons = *consumer.New(cfg)
		if !c.sim.IsUp(cons.ID()) {
			if err := c.sim.Start(cons.ID()); err != nil {
				return nil, err
			}
		}
		return cons, nil
	}
	cons := consumer.New(cfg)
	return cons, c.sim.AddNode(cons)
}
