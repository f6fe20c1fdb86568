package live

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// The workloads BENCHMARKS.md measures natively (bench_test.go) and in the
// browser (wasm/bench.go's kafkalab.debug.measure and .throughput), kept
// here so both run exactly the same code.

// A Shape is a lab cluster to measure: brokers, and topics of partitions
// each (replication factor min(3, brokers)), order_events included.
type Shape struct {
	Brokers, Topics, Partitions int
}

// BenchSession builds a lab session of shape sh: order_events altered to
// sh.Partitions partitions (when more than its 3) and topics load-1 … of
// sh.Partitions each, all with kafka-topics.sh from the terminal, so the
// session replays them like a learner's commands. Four records are queued
// on every topic so the steps carry produce and replication.
func BenchSession(sh Shape) (*lab.Session, error) {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed, Brokers: sh.Brokers})
	if err != nil {
		return nil, err
	}
	rf := min(3, sh.Brokers)
	topics := []string{lab.DefaultTopic}
	var cmds []string
	if sh.Partitions > 3 {
		cmds = append(cmds, fmt.Sprintf("kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic %s --partitions %d", lab.DefaultTopic, sh.Partitions))
	}
	for i := 1; i < sh.Topics; i++ {
		t := fmt.Sprintf("load-%d", i)
		topics = append(topics, t)
		cmds = append(cmds, fmt.Sprintf("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic %s --partitions %d --replication-factor %d", t, sh.Partitions, rf))
	}
	for _, cmd := range cmds {
		in, err := s.Command(cmd)
		if err != nil {
			return nil, err
		}
		if in.Result.Status != 0 {
			return nil, fmt.Errorf("live: %s: %s", cmd, in.Result.Output)
		}
	}
	for i, t := range topics {
		for k := range 4 {
			if _, err := s.Produce(lab.ProduceRequest{Topic: t, Key: fmt.Sprintf("k%d-%d", i, k), Value: "v", Acks: "all"}); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// A Throughput is the records/s workload: a 3-broker cluster with a topic
// of 3 partitions (RF 3), and rounds of 300 records (100-byte values, 100
// per partition) sent with the application producer (acks=all) until every
// one is acknowledged. Per-record tracing is off and no trace is kept, as in
// engine/cluster's BenchmarkProduceReplicate.
type Throughput struct {
	c    *cluster.Cluster
	recs []toolsapi.ProducerRecord
}

// NewThroughput builds the workload's cluster and sends one warm-up round.
func NewThroughput() (*Throughput, error) {
	c, err := cluster.New(cluster.Config{Seed: 1, Brokers: 3, QuietRecords: true, TraceLimit: -1, RetentionCheckIntervalMs: 100})
	if err != nil {
		return nil, err
	}
	if err := c.Start(); err != nil {
		return nil, err
	}
	if _, err := c.CreateTopic(toolsapi.CreateTopic{Name: "bench", Partitions: 3, ReplicationFactor: 3,
		Configs: []string{"segment.bytes=8388608", "retention.bytes=33554432"}}); err != nil {
		return nil, err
	}
	t := &Throughput{c: c}
	value := make([]byte, 100)
	for p := range 3 {
		for range 100 {
			t.recs = append(t.recs, toolsapi.ProducerRecord{Value: value, Partition: int32(p)})
		}
	}
	_, err = t.Round()
	return t, err
}

// Round sends one round and returns the records acknowledged.
func (t *Throughput) Round() (int, error) {
	reps, err := t.c.AppProduce("bench", t.recs)
	if err != nil {
		return 0, err
	}
	for _, r := range reps {
		if r.Err != nil {
			return 0, fmt.Errorf("live: throughput: %w", r.Err)
		}
	}
	return len(reps), nil
}
