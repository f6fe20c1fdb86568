package checks

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/broker"
)

// Checks and questions for the retention lesson (12): the log start offset
// and how many segments retention left.
func init() {
	pBroker := Param{"broker", Int, false, "the broker whose replica counts; the partition's leader when absent"}
	register(Spec{Name: "log_start_offset_at_least", Doc: "The log start offset of the partition's replica on broker (its leader when absent) is at least offset: retention moved it there.",
		Params: []Param{pTopic, pPartition, {"offset", Int, true, "the smallest log start offset that meets the goal"}, pBroker}, Eval: logStartAtLeast})
	register(Spec{Name: "segment_count_at_most", Doc: "The partition's replica on broker (its leader when absent) has at most n segments.",
		Params: []Param{pTopic, pPartition, {"n", Int, true, "the largest number of segments that meets the goal"}, pBroker}, Eval: segmentCountAtMost})

	queries["log_start_offset"] = Query{Name: "log_start_offset", Doc: "The log start offset of the partition's leader replica: the earliest offset a consumer can still read. Answer: the offset, e.g. 24.",
		Params: []Param{pTopic, pPartition},
		Eval: func(w *World, p Params) (string, error) {
			l, ok := w.leader(p.Str("topic"), int32(p.Int("partition", 0)))
			if !ok {
				return "", fmt.Errorf("%s-%d has no leader", p.Str("topic"), p.Int("partition", 0))
			}
			return fmt.Sprint(l.LogStartOffset), nil
		}}
}

// replicaFor returns the partition's replica on the broker named by the
// broker parameter, or on its leader.
func (w *World) replicaFor(p Params) (broker.ReplicaState, bool) {
	t, id := p.Str("topic"), int32(p.Int("partition", 0))
	if b := int32(p.Int("broker", -1)); b >= 0 {
		return w.C.Replica(b, t, id)
	}
	return w.leader(t, id)
}

func logStartAtLeast(w *World, p Params) Result {
	t, id, want := p.Str("topic"), p.Int("partition", 0), p.Int("offset", 0)
	r, ok := w.replicaFor(p)
	if !ok {
		return notMet("no such replica of %s-%d", "找不到 %s-%d 的这个副本", t, id)
	}
	if r.LogStartOffset < want {
		return notMet("%s-%d's log start offset is %d (%d segments kept), the goal needs at least %d", "%s-%d 的日志起始位移是 %d（保留了 %d 个段），目标至少需要 %d", t, id, r.LogStartOffset, r.Segments, want)
	}
	return met("%s-%d's log start offset is %d: the offsets below it are gone", "%s-%d 的日志起始位移是 %d：它之前的位移已被删除", t, id, r.LogStartOffset)
}

func segmentCountAtMost(w *World, p Params) Result {
	t, id, n := p.Str("topic"), p.Int("partition", 0), p.Int("n", 0)
	r, ok := w.replicaFor(p)
	if !ok {
		return notMet("no such replica of %s-%d", "找不到 %s-%d 的这个副本", t, id)
	}
	if int64(r.Segments) > n {
		return notMet("%s-%d has %d segments, the goal allows at most %d", "%s-%d 有 %d 个段，目标最多允许 %d 个", t, id, r.Segments, n)
	}
	return met("%s-%d has %d segments", "%s-%d 有 %d 个段", t, id, r.Segments)
}
