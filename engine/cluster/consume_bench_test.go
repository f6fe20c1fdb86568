package cluster_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kafkalab/kafkalab/engine/consumer"
	"github.com/kafkalab/kafkalab/engine/tools"
)

// benchConsume measures simulated end-to-end consumption by a group: the
// records are produced untimed in the produce benchmark's shape (acks=all,
// RF 3, 100-byte values in batches of 100), then `members` consumers
// (auto-commit, auto.offset.reset=earliest, QuietRecords) join the group
// and read them all: joining, OffsetFetch, ListOffsets, fetches, polls,
// processing and auto-commits. It reports records/s of wall-clock time and
// records per CPU-second, comparable with BenchmarkProduceReplicate.
func benchConsume(b *testing.B, partitions, members int) {
	c := benchCluster(b, 3, partitions, 3)
	cfg := benchProducerConfig()
	recs := roundOf(partitions)
	var produced int
	for produced < max(b.N, 1) {
		if _, err := c.BenchProduce("bench", recs, cfg); err != nil {
			b.Fatal(err)
		}
		produced += len(recs)
	}
	var processed int
	b.ResetTimer()
	start, cpu := time.Now(), cpuSeconds()
	for i := range members {
		cc, err := c.ConsumerConfig(tools.ConsumerSpec{Name: fmt.Sprintf("bench-c%d", i+1), Group: "bench-group", Topics: []string{"bench"}, AutoOffsetReset: "earliest"})
		if err != nil {
			b.Fatal(err)
		}
		cc.QuietRecords = true
		cc.OnProcess = func(consumer.Record) { processed++ }
		if err := c.StartConsumerConfig(cc); err != nil {
			b.Fatal(err)
		}
	}
	for processed < produced {
		if _, err := c.RunFor(100); err != nil {
			b.Fatal(err)
		}
	}
	elapsed, cpuUsed := time.Since(start), cpuSeconds()-cpu
	b.ReportMetric(float64(produced)/elapsed.Seconds(), "records/s")
	if cpuUsed > 0 {
		b.ReportMetric(float64(produced)/cpuUsed, "records/cpu-s")
	}
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(produced), "ns/record")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkConsumeGroup sits beside BenchmarkProduceReplicate: three
// brokers, three partitions, RF 3; one consumer, then a group of three.
func BenchmarkConsumeGroup(b *testing.B) {
	b.Run("brokers=3/partitions=3/members=1", func(b *testing.B) { benchConsume(b, 3, 1) })
	b.Run("brokers=3/partitions=3/members=3", func(b *testing.B) { benchConsume(b, 3, 3) })
}
