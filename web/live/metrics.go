package live

import (
	"strconv"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/web"
)

// Metrics maps the strip's numbers now (m) and the run's history (hist,
// oldest first) to the strip's view model. Rates are the last whole
// simulated second's; before the first sample they are 0. brokers are the
// broker ids, ascending.
func Metrics(m lab.Metrics, hist []lab.Sample, brokers []int) web.MetricsVM {
	series := func(f func(lab.Sample) int64) *web.SparkVM {
		v := make([]int64, len(hist))
		for i, s := range hist {
			v[i] = f(s)
		}
		sp := web.Sparkline(v, lab.HistoryLen)
		return &sp
	}
	var last lab.Sample
	if n := len(hist); n > 0 {
		last = hist[n-1]
	}
	vm := web.MetricsVM{WindowS: len(hist)}
	vm.Tiles = []web.MetricTileVM{
		{ID: "urp", Label: "Under-replicated", Value: strconv.Itoa(m.UnderReplicated), Alert: m.UnderReplicated > 0,
			Title: "Partitions whose ISR is smaller than their replica set (UnderReplicatedPartitions), internal topics included",
			Spark: series(func(s lab.Sample) int64 { return int64(s.UnderReplicated) })},
		{ID: "offline", Label: "Offline", Value: strconv.Itoa(m.Offline), Alert: m.Offline > 0,
			Title: "Partitions without a leader (OfflinePartitionsCount): no ISR member is alive to lead",
			Spark: series(func(s lab.Sample) int64 { return int64(s.Offline) })},
		{ID: "isr", Label: "In sync", Value: strconv.Itoa(m.InSync) + " / " + strconv.Itoa(m.Replicas), Alert: m.InSync < m.Replicas,
			Title: "Replicas in their partition's ISR, of all replicas assigned"},
		{ID: "produce", Label: "Produce rec/s", Value: strconv.FormatInt(last.Produced, 10),
			Title: "Records appended to partition leaders in the last simulated second (growth of the leaders' log end offsets, user topics)",
			Spark: series(func(s lab.Sample) int64 { return s.Produced })},
		{ID: "consume", Label: "Consume rec/s", Value: strconv.FormatInt(last.Consumed, 10),
			Title: "Records the lab's consumers processed in the last simulated second",
			Spark: series(func(s lab.Sample) int64 { return s.Consumed })},
		{ID: "lag", Label: "Total lag", Value: strconv.FormatInt(m.Lag, 10), Alert: false,
			Title: "Sum over groups and partitions of high watermark − committed offset, as kafka-consumer-groups.sh computes LAG",
			Spark: series(func(s lab.Sample) int64 { return s.Lag })},
	}
	counts := make([]int, len(brokers))
	for i, id := range brokers {
		if id > 0 && id < len(m.Leaders) {
			counts[i] = m.Leaders[id]
		}
	}
	vm.Leaders, vm.LeadersMax = web.LayoutLeaders(brokers, counts)
	return vm
}
