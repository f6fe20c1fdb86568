package cluster_test

import (
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/tools"
)

func flushCluster(t *testing.T) *cluster.Cluster {
	t.Helper()
	c, err := cluster.New(cluster.Config{Seed: 7, Brokers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateTopic(tools.CreateTopic{Name: "t", Partitions: 1, ReplicationFactor: 3}); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestProduceFlushesAtEndOfInput: the console producer's records do not wait
// linger.ms when its input ends (producer.close()), but --sync's do.
func TestProduceFlushesAtEndOfInput(t *testing.T) {
	c := flushCluster(t)
	rec := []tools.ProducerRecord{{Value: []byte("v"), Partition: -1}}
	props := map[string]string{"linger.ms": "1000"}
	start := c.Now()
	if _, err := c.Produce(tools.ProduceSpec{Topic: "t", Records: rec, Properties: props}); err != nil {
		t.Fatal(err)
	}
	if took := c.Now() - start; took >= 1000 {
		t.Errorf("flushed produce took %d ms of simulated time, want < linger.ms", took)
	}
	start = c.Now()
	if _, err := c.Produce(tools.ProduceSpec{Topic: "t", Records: rec, Properties: props, Sync: true}); err != nil {
		t.Fatal(err)
	}
	if took := c.Now() - start; took < 1000 {
		t.Errorf("--sync produce took %d ms, want ≥ linger.ms", took)
	}
}

// TestAppProducerStaleMetadata: the long-lived producer keeps its metadata,
// sends to the old leader after a move, and recovers.
func TestAppProducerStaleMetadata(t *testing.T) {
	c := flushCluster(t)
	rep, err := c.AppProduce("t", []tools.ProducerRecord{{Value: []byte("a"), Partition: -1}})
	if err != nil || len(rep) != 1 || rep[0].Err != nil || rep[0].Offset != 0 {
		t.Fatalf("first send: %+v, %v", rep, err)
	}
	descs, err := c.DescribeTopics([]string{"t"})
	if err != nil {
		t.Fatal(err)
	}
	old := descs[0].Partitions[0].Leader
	if err := c.MoveLeader("t", 0, old%3+1); err != nil {
		t.Fatal(err)
	}
	seq := uint64(0)
	if tr := c.TraceAfter(0); len(tr) > 0 {
		seq = tr[len(tr)-1].Seq
	}
	rep, err = c.AppProduce("t", []tools.ProducerRecord{{Value: []byte("b"), Partition: -1}})
	if err != nil || len(rep) != 1 || rep[0].Err != nil || rep[0].Offset != 1 {
		t.Fatalf("send after the move: %+v, %v", rep, err)
	}
	stale := false
	for _, e := range c.TraceAfter(seq) {
		if e.From == cluster.AppProducerNode && e.Kind == "local" && strings.Contains(e.Label, "NOT_LEADER_OR_FOLLOWER") {
			stale = true
		}
	}
	if !stale {
		t.Error("app-producer never met NOT_LEADER_OR_FOLLOWER after the move")
	}
}
