package cluster_test

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// BenchmarkKfakeProduce is the yardstick: franz-go's in-memory fake Kafka
// (3 brokers, no replication: a produce is committed at once) with a kgo
// client producing 100-byte values with acks=all in batches of 100 records
// per partition over 3 partitions, over real localhost sockets and
// goroutines. It lives in a _test.go file, which the engine's determinism
// test skips.
func BenchmarkKfakeProduce(b *testing.B) {
	c, err := kfake.NewCluster(kfake.NumBrokers(3), kfake.SeedTopics(3, "bench"))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...), kgo.DefaultProduceTopic("bench"),
		kgo.RequiredAcks(kgo.AllISRAcks()), kgo.ProducerLinger(0), kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.ProducerBatchMaxBytes(1<<20))
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	value := make([]byte, 100)
	round := make([]*kgo.Record, 0, 300)
	for p := range int32(3) {
		for range 100 {
			round = append(round, &kgo.Record{Value: value, Partition: p})
		}
	}
	ctx := context.Background()
	if err := cl.ProduceSync(ctx, round...).FirstErr(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var records int
	start, cpu := time.Now(), cpuSeconds()
	for records < b.N {
		recs := make([]*kgo.Record, len(round))
		for i, r := range round {
			recs[i] = &kgo.Record{Value: r.Value, Partition: r.Partition}
		}
		if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
			b.Fatal(err)
		}
		records += len(recs)
	}
	elapsed, cpuUsed := time.Since(start), cpuSeconds()-cpu
	b.ReportMetric(float64(records)/elapsed.Seconds(), "records/s")
	if cpuUsed > 0 {
		b.ReportMetric(float64(records)/cpuUsed, "records/cpu-s")
	}
	b.ReportMetric(0, "ns/op")
}
