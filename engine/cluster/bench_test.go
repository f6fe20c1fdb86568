package cluster_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/producer"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/tools"
)

// benchCluster starts a cluster with a topic of the given shape, quiet
// per-record tracing and no kept trace.
func benchCluster(b *testing.B, brokers, partitions, rf int) *cluster.Cluster {
	return benchClusterQuorum(b, 1, brokers, partitions, rf)
}

// benchClusterQuorum is benchCluster with a quorum of controllers.
func benchClusterQuorum(b *testing.B, controllers, brokers, partitions, rf int) *cluster.Cluster {
	// Retention keeps memory bounded, as in engine/log's benchmarks: 8 MiB
	// segments, 32 MiB per partition, checked every 100 ms of simulated time.
	c, err := cluster.New(cluster.Config{Seed: 1, Brokers: brokers, Controllers: controllers, QuietRecords: true, TraceLimit: -1, RetentionCheckIntervalMs: 100})
	if err != nil {
		b.Fatal(err)
	}
	if err := c.Start(); err != nil {
		b.Fatal(err)
	}
	if _, err := c.CreateTopic(tools.CreateTopic{Name: "bench", Partitions: int32(partitions), ReplicationFactor: int16(rf),
		Configs: []string{"segment.bytes=8388608", "retention.bytes=33554432"}}); err != nil {
		b.Fatal(err)
	}
	return c
}

func benchProducerConfig() producer.Config {
	cfg := producer.DefaultConfig()
	cfg.Acks = protocol.AcksAll
	cfg.LingerMs = 0
	cfg.BatchSize = 100 * 120 // exactly one batch per partition per round of 100 records
	cfg.TraceRecords = false
	return cfg
}

// roundOf returns 100 records of 100-byte values for every partition, each
// partition's records together, so that each becomes one batch of 100.
func roundOf(partitions int) []producer.Record {
	value := make([]byte, 100)
	recs := make([]producer.Record, 0, 100*partitions)
	for p := range partitions {
		for range 100 {
			recs = append(recs, producer.Record{Value: value, Partition: int32(p)})
		}
	}
	return recs
}

// benchReplicate measures simulated produce → replicate → HW advance with
// acks=all, 100-byte values in batches of 100: every round sends one batch
// per partition and runs the simulation until every record is committed
// and acknowledged. It reports records/s of wall-clock time on one core,
// and the cost of one simulation step.
func benchReplicate(b *testing.B, brokers, partitions, rf int) {
	benchReplicateOn(b, benchCluster(b, brokers, partitions, rf), partitions)
}

func benchReplicateOn(b *testing.B, c *cluster.Cluster, partitions int) {
	cfg := benchProducerConfig()
	recs := roundOf(partitions)
	if _, err := c.BenchProduce("bench", recs, cfg); err != nil { // warm up: metadata, fetchers
		b.Fatal(err)
	}
	b.ResetTimer()
	var records, steps uint64
	start, cpu := time.Now(), cpuSeconds()
	for records < uint64(b.N) {
		n, err := c.BenchProduce("bench", recs, cfg)
		if err != nil {
			b.Fatal(err)
		}
		records += uint64(len(recs))
		steps += n
	}
	elapsed, cpuUsed := time.Since(start), cpuSeconds()-cpu
	b.ReportMetric(float64(records)/elapsed.Seconds(), "records/s")
	if cpuUsed > 0 {
		b.ReportMetric(float64(records)/cpuUsed, "records/cpu-s")
	}
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(steps), "ns/step")
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(records), "ns/record")
	b.ReportMetric(0, "ns/op")
}

func BenchmarkProduceReplicate(b *testing.B) {
	b.Run("brokers=3/partitions=3", func(b *testing.B) { benchReplicate(b, 3, 3, 3) })
}

// BenchmarkProduceReplicateControllers is BenchmarkProduceReplicate with a
// single controller and with a quorum of 3: the voters' metadata fetches
// are the quorum's cost while the metadata log is idle.
func BenchmarkProduceReplicateControllers(b *testing.B) {
	for _, n := range []int{1, 3} {
		b.Run(fmt.Sprintf("controllers=%d/brokers=3/partitions=3", n), func(b *testing.B) {
			benchReplicateOn(b, benchClusterQuorum(b, n, 3, 3, 3), 3)
		})
	}
}

func BenchmarkProduceReplicateScaling(b *testing.B) {
	for _, brokers := range []int{3, 6, 12} {
		b.Run(fmt.Sprintf("brokers=%d/partitions=3", brokers), func(b *testing.B) { benchReplicate(b, brokers, 3, 3) })
	}
	for _, partitions := range []int{30, 300} {
		b.Run(fmt.Sprintf("brokers=3/partitions=%d", partitions), func(b *testing.B) { benchReplicate(b, 3, partitions, 3) })
	}
}

// BenchmarkStateHash measures one StateHash of a 3-broker cluster holding a
// 3 × 3 topic, idle between produces.
func BenchmarkStateHash(b *testing.B) {
	for _, partitions := range []int{3, 300} {
		b.Run(fmt.Sprintf("partitions=%d", partitions), func(b *testing.B) {
			c := benchCluster(b, 3, partitions, 3)
			if _, err := c.BenchProduce("bench", roundOf(partitions), benchProducerConfig()); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				_ = c.StateHash()
			}
		})
	}
}
