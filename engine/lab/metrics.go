package lab

import (
	"strings"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/kafkalab/kafkalab/engine/protocol"
)

// The metrics strip: the numbers engineers watch on a Kafka cluster
// (kafka-ui's conventions), with a short history over simulated time.
//
// The history belongs to the run, not to the page: each run samples its
// cluster once per simulated second as it steps, so a run rebuilt from the
// seed, or a spare parked at a checkpoint, holds exactly the samples taken
// up to its position. Going back can never show a sample from the future.
//
// Simplifications, said here and in the strip's tooltips: the engine keeps
// no JMX-style counters, so the produce rate is the growth of the leaders'
// log end offsets (user topics; a leader change that truncates uncommitted
// records counts as no growth, never as negative), and the consume rate is
// the records the lab's consumers processed (consumer.Processed). Steps a
// terminal command takes in one go are sampled when the run next steps: the
// first sample after the command holds its records, the others zero.

// SampleEveryMs is the simulated time between two samples.
const SampleEveryMs = 1000

// HistoryLen bounds the samples a run keeps: the last minute.
const HistoryLen = 60

// A Sample is the cluster at the end of one simulated second.
type Sample struct {
	AtMs            int64 // simulated time of the sample
	Produced        int64 // records appended to leaders in the second before AtMs
	Consumed        int64 // records the consumers processed in that second
	Lag             int64 // total consumer lag at AtMs
	UnderReplicated int   // partitions whose ISR is smaller than their replicas
	Offline         int   // partitions without a leader
}

// Metrics are the strip's numbers at one moment.
type Metrics struct {
	Partitions      int // every partition, internal topics included
	UnderReplicated int // ISR smaller than the replica set (UnderReplicatedPartitions)
	Offline         int // no leader (OfflinePartitionsCount)
	Replicas        int // replicas assigned, summed over partitions
	InSync          int // of them, in the ISR
	// Leaders is the number of partitions each broker leads, by broker id
	// (index 0 unused), for brokers 1 to len-1.
	Leaders []int
	// Lag is the total consumer lag, summed over groups and partitions as
	// kafka-consumer-groups.sh computes LAG (high watermark − committed);
	// partitions without a commit or without a leader are left out.
	Lag int64
	// Appended is the sum of the leaders' log end offsets on user topics,
	// by partition, and Processed the consumers' processed records by
	// name: the counters the rates are deltas of.
	Appended  map[protocol.TopicPartition]int64
	Processed map[string]int64
}

// Measure computes the strip's numbers from the cluster's state, the group
// coordinators' views and the consumers' processed counts. It is a pure
// function of its arguments.
func Measure(st cluster.State, groups []group.GroupView, processed map[string]int64) Metrics {
	// Struct keys, not formatted strings: Measure runs every frame, and
	// 600 replicas' keys were 800 allocations of it.
	m := Metrics{Leaders: make([]int, len(st.Brokers)+1), Appended: map[protocol.TopicPartition]int64{}, Processed: processed}
	leo := map[protocol.TopicPartition]int64{}
	hw := map[protocol.TopicPartition]int64{}
	for _, b := range st.Brokers {
		if !b.Up {
			continue
		}
		for _, r := range b.Replicas {
			k := tpKey(r.Topic, r.Partition)
			if r.Leader == b.ID {
				leo[k], hw[k] = r.LEO, r.HW
			}
		}
	}
	for _, t := range st.Controller.Topics {
		for pi, p := range t.Partitions {
			m.Partitions++
			m.Replicas += len(p.Replicas)
			m.InSync += len(p.ISR)
			if len(p.ISR) < len(p.Replicas) {
				m.UnderReplicated++
			}
			k := tpKey(t.Name, int32(pi))
			if p.Leader < 0 {
				m.Offline++
				delete(hw, k) // a stale leader's view is no answer to ListOffsets
				continue
			}
			if int(p.Leader) < len(m.Leaders) {
				m.Leaders[p.Leader]++
			}
			if !strings.HasPrefix(t.Name, "__") {
				if v, ok := leo[k]; ok {
					m.Appended[k] = v
				}
			}
		}
	}
	for _, g := range groups {
		for tp, o := range g.Offsets {
			h, ok := hw[tpKey(tp.Topic, tp.Partition)]
			if !ok {
				continue
			}
			if lag, ok := group.Lag(h, o.Offset); ok {
				m.Lag += lag
			}
		}
	}
	return m
}

func tpKey(topic string, p int32) protocol.TopicPartition {
	return protocol.TopicPartition{Topic: topic, Partition: p}
}

// Deltas returns the records appended and processed between prev and m:
// each partition's and each consumer's growth, never negative. A partition
// whose new leader has a shorter log (uncommitted records truncated) grew
// by nothing; a consumer restarted as a new process counts from zero.
func Deltas(prev, m Metrics) (appended, processed int64) {
	for k, v := range m.Appended {
		if d := v - prev.Appended[k]; d > 0 {
			appended += d
		}
	}
	for k, v := range m.Processed {
		old := prev.Processed[k]
		if v < old {
			old = 0
		}
		processed += v - old
	}
	return appended, processed
}

// carry returns cur with the log end offsets of the partitions it lacks
// (no leader just now) taken from prev: when a new leader is elected the
// partition's growth is counted from where it was, not from zero.
func carry(prev, cur Metrics) Metrics {
	for k, v := range prev.Appended {
		if _, ok := cur.Appended[k]; !ok {
			cur.Appended[k] = v
		}
	}
	return cur
}

// sampler is a run's metrics history.
type sampler struct {
	next int64   // simulated time of the next sample
	last Metrics // at the last sample (or the run's start)
	hist []Sample
}

// measure returns the strip's numbers for the cluster now.
func measure(c *cluster.Cluster) Metrics {
	return Measure(c.Snapshot(), c.GroupViews(), ProcessedBy(c))
}

// ProcessedBy returns each lab consumer's processed-record count
// (consumer.Processed), by name.
func ProcessedBy(c *cluster.Cluster) map[string]int64 {
	out := map[string]int64{}
	for _, info := range c.Consumers() {
		if cons, ok := c.Consumer(info.Name); ok {
			out[info.Name] = cons.Processed
		}
	}
	return out
}

// startSampling sets r's baseline: the first sample is at the first whole
// simulated second after now.
func (r *run) startSampling() {
	now := r.c.Now()
	r.m = sampler{next: (now/SampleEveryMs + 1) * SampleEveryMs, last: measure(r.c)}
}

// sampleDue takes the samples whose time has come before the next event
// runs: the state now is the state at time t for every t before the next
// event's time. Seconds without events repeat the state with no records.
func (r *run) sampleDue() {
	t, ok := r.c.Sim().NextTime()
	if !ok || r.m.next >= t {
		return
	}
	cur := measure(r.c)
	app, proc := Deltas(r.m.last, cur)
	r.m.last = carry(r.m.last, cur)
	for n := 0; r.m.next < t; n++ {
		if n == HistoryLen { // a long quiet stretch: the older empty seconds fall out anyway
			r.m.next += (t - r.m.next - 1) / SampleEveryMs * SampleEveryMs
		}
		r.m.push(Sample{AtMs: r.m.next, Produced: app, Consumed: proc, Lag: cur.Lag,
			UnderReplicated: cur.UnderReplicated, Offline: cur.Offline})
		app, proc = 0, 0
		r.m.next += SampleEveryMs
	}
}

func (m *sampler) push(s Sample) {
	if len(m.hist) == HistoryLen {
		copy(m.hist, m.hist[1:])
		m.hist = m.hist[:HistoryLen-1]
	}
	m.hist = append(m.hist, s)
}

// MetricsHistory returns the run's samples, oldest first: at most
// HistoryLen, each at a whole simulated second up to the current position.
func (s *Session) MetricsHistory() []Sample {
	return append([]Sample(nil), s.cur.m.hist...)
}

// Metrics returns the strip's numbers at the current position.
func (s *Session) Metrics() Metrics { return measure(s.cur.c) }
