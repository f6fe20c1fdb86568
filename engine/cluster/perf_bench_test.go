package cluster_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// perfSpec is a kafka-producer-perf-test.sh run of n 100-byte records at
// rate records per second (all at once when rate is 0).
func perfSpec(n, rate int) toolsapi.PerfProduceSpec {
	spec := toolsapi.PerfProduceSpec{Topic: "perf", Properties: map[string]string{"acks": "all"}}
	for i := range n {
		spec.Values = append(spec.Values, make([]byte, 100))
		at := int64(0)
		if rate > 0 {
			at = int64(i) * 1000 / int64(rate)
		}
		spec.SendAt = append(spec.SendAt, at)
	}
	return spec
}

// BenchmarkProducePerf is the cost of the largest perf test the lab allows
// (MaxPerfRecords records) on 3 brokers with acks=all, unthrottled and at
// 1,000 records per simulated second: what a learner's browser tab spends
// on one kafka-producer-perf-test.sh.
func BenchmarkProducePerf(b *testing.B) {
	for _, bc := range []struct {
		name    string
		n, rate int
	}{{"100k-unthrottled", tools.MaxPerfRecords, 0}, {"100k-at-1000", tools.MaxPerfRecords, 1000}} {
		b.Run(bc.name, func(b *testing.B) {
			spec := perfSpec(bc.n, bc.rate)
			for b.Loop() {
				b.StopTimer()
				c := start(b, cluster.Config{Seed: 1, Brokers: 3, QuietRecords: true})
				if _, err := c.CreateTopic(tools.CreateTopic{Name: "perf", Partitions: 3, ReplicationFactor: 3}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				res, err := c.ProducePerf(spec)
				if err != nil || len(res.Acks) != bc.n {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkConsumePerf is kafka-consumer-perf-test.sh reading 100,000
// records (the group join included).
func BenchmarkConsumePerf(b *testing.B) {
	c := start(b, cluster.Config{Seed: 1, Brokers: 3, QuietRecords: true})
	if _, err := c.CreateTopic(tools.CreateTopic{Name: "perf", Partitions: 3, ReplicationFactor: 3}); err != nil {
		b.Fatal(err)
	}
	if _, err := c.ProducePerf(perfSpec(tools.MaxPerfRecords, 0)); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		res, err := c.ConsumePerf(toolsapi.PerfConsumeSpec{Topic: "perf", Group: "bench-" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)), Messages: int64(tools.MaxPerfRecords), TimeoutMs: 10_000})
		if err != nil || len(res.Records) < tools.MaxPerfRecords {
			b.Fatal(err, len(res.Records))
		}
	}
}
