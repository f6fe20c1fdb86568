package cluster_test

import (
	"testing"
	"time"

	"github.com/kafkalab/kafkalab/engine/tools"
)

// appRound is web/live.Throughput's round: 100 records of 100-byte values
// for each of 3 partitions, sent with AppProduce.
func appRound() []tools.ProducerRecord {
	value := make([]byte, 100)
	var recs []tools.ProducerRecord
	for p := range 3 {
		for range 100 {
			recs = append(recs, tools.ProducerRecord{Value: value, Partition: int32(p)})
		}
	}
	return recs
}

func appProduceRound(b *testing.B, c interface {
	AppProduce(string, []tools.ProducerRecord) ([]tools.DeliveryReport, error)
}, recs []tools.ProducerRecord) {
	reps, err := c.AppProduce("bench", recs)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range reps {
		if r.Err != nil {
			b.Fatal(r.Err)
		}
	}
}

// BenchmarkAppProduce is the browser's records/s workload (web/live.Throughput:
// 3 brokers, 3 partitions RF 3, acks=all, rounds of 300 records through the
// application producer) in the two ways it is run: steady is one cluster and
// one round per op, as web/live's BenchmarkThroughput; fresh-200 is a new
// cluster (built untimed, with its warm-up round) and 200 rounds per op, as
// kafkalab.debug.throughput(200) runs in the page. Built with GOOS=js
// GOARCH=wasm it measures the same under node.
func BenchmarkAppProduce(b *testing.B) {
	recs := appRound()
	b.Run("steady", func(b *testing.B) {
		c := benchCluster(b, 3, 3, 3)
		appProduceRound(b, c, recs)
		b.ResetTimer()
		start, cpu := time.Now(), cpuSeconds()
		for range b.N {
			appProduceRound(b, c, recs)
		}
		reportRecords(b, b.N*len(recs), time.Since(start), cpuSeconds()-cpu)
	})
	b.Run("fresh-200", func(b *testing.B) {
		var elapsed time.Duration
		var cpuUsed float64
		for range b.N {
			b.StopTimer()
			c := benchCluster(b, 3, 3, 3)
			appProduceRound(b, c, recs)
			b.StartTimer()
			start, cpu := time.Now(), cpuSeconds()
			for range 200 {
				appProduceRound(b, c, recs)
			}
			elapsed, cpuUsed = elapsed+time.Since(start), cpuUsed+cpuSeconds()-cpu
		}
		reportRecords(b, b.N*200*len(recs), elapsed, cpuUsed)
	})
}

func reportRecords(b *testing.B, records int, elapsed time.Duration, cpuUsed float64) {
	b.ReportMetric(float64(records)/elapsed.Seconds(), "records/s")
	if cpuUsed > 0 {
		b.ReportMetric(float64(records)/cpuUsed, "records/cpu-s")
	}
}
