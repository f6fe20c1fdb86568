package checks

import (
	"fmt"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// procLog remembers, from the trace's step-14 entries, how many times each
// group processed each record: a record processed twice was redelivered.
type procLog struct {
	seq   uint64
	count map[string]map[procKey]int // group → record → times processed
}

type procKey struct {
	Topic     string
	Partition int32
	Offset    int64
}

func (w *World) observeProcessing() {
	entries := w.C.TraceAfter(w.proc.seq)
	if len(entries) == 0 {
		return
	}
	w.proc.seq = entries[len(entries)-1].Seq
	groupOf := map[sim.NodeID]string{}
	for _, c := range w.C.Consumers() {
		groupOf[sim.NodeID(c.Name)] = c.Group
	}
	for _, e := range entries {
		if e.Lifecycle != 14 {
			continue
		}
		g, ok := groupOf[e.From]
		if !ok {
			continue
		}
		topic, p, o, ok := processedRecord(e.Label)
		if !ok {
			continue
		}
		part, _ := strconv.Atoi(p)
		off, _ := strconv.ParseInt(o, 10, 64)
		if w.proc.count == nil {
			w.proc.count = map[string]map[procKey]int{}
		}
		if w.proc.count[g] == nil {
			w.proc.count[g] = map[procKey]int{}
		}
		w.proc.count[g][procKey{topic, int32(part), off}]++
	}
}

// redelivered returns how many of the topic's records the group processed
// more than once.
func (w *World) redelivered(group, topic string) int {
	n := 0
	for k, c := range w.proc.count[group] {
		if k.Topic == topic && c > 1 {
			n++
		}
	}
	return n
}

// skipped returns how many records below the group's committed offsets on
// the topic the group never processed.
func (w *World) skipped(group, topic string) (int, error) {
	d, err := w.C.DescribeGroup(group)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, o := range d.Offsets {
		if o.Topic != topic || o.Committed < 0 {
			continue
		}
		l, ok := w.leader(topic, o.Partition)
		start := int64(0)
		if ok {
			start = l.LogStartOffset
		}
		for off := start; off < o.Committed; off++ {
			if w.proc.count[group][procKey{topic, o.Partition, off}] == 0 {
				n++
			}
		}
	}
	return n, nil
}

func (w *World) groupGeneration(group string) (int32, bool) {
	for _, v := range w.C.GroupViews() {
		if v.ID == group {
			return v.Generation, true
		}
	}
	return 0, false
}

func init() {
	register(Spec{Name: "group_assignor", Doc: "The group is Stable and its members agreed on this assignor (range, roundrobin, sticky, cooperative-sticky), as kafka-consumer-groups.sh --describe --state shows it. Asks the coordinator.",
		Params: []Param{pGroup, {"assignor", String, true, "the assignor's name, e.g. cooperative-sticky"}}, Eval: groupAssignor})
	register(Spec{Name: "group_generation_at_most", Doc: "The group's generation, on its coordinator, is at most max (no rebalance since then).",
		Params: []Param{pGroup, {"max", Int, true, "the largest generation that meets the goal"}}, Eval: groupGenerationAtMost})
	register(Spec{Name: "records_redelivered", Doc: "The group processed at least one of the topic's records more than once (at-least-once delivery after a crash).",
		Params: []Param{pGroup, pTopic}, Eval: recordsRedelivered})
	register(Spec{Name: "records_skipped", Doc: "The group committed past at least one of the topic's records it never processed (at-most-once delivery after a crash). Asks the coordinator.",
		Params: []Param{pGroup, pTopic}, Eval: recordsSkipped})

	q := func(x Query) { queries[x.Name] = x }
	q(Query{Name: "coordinator", Doc: "The broker coordinating the group: the leader of its __consumer_offsets partition. Answer: broker-N, or none.",
		Params: []Param{pGroup},
		Eval: func(w *World, p Params) (string, error) {
			return brokerName(w.C.GroupCoordinator(p.Str("group"))), nil
		}})
	q(Query{Name: "generation", Doc: "The group's generation on its coordinator. Answer: the number, e.g. 3.",
		Params: []Param{pGroup},
		Eval: func(w *World, p Params) (string, error) {
			g, ok := w.groupGeneration(p.Str("group"))
			if !ok {
				return "", fmt.Errorf("no group %s", p.Str("group"))
			}
			return fmt.Sprint(g), nil
		}})
	q(Query{Name: "group_lag", Doc: "The group's total lag as kafka-consumer-groups.sh --describe shows it (high watermark minus committed offset, summed). Answer: the number.",
		Params: []Param{pGroup},
		Eval: func(w *World, p Params) (string, error) {
			d, err := w.C.DescribeGroup(p.Str("group"))
			if err != nil {
				return "", err
			}
			var lag int64
			for _, o := range d.Offsets {
				if o.Lag >= 0 {
					lag += o.Lag
				}
			}
			return fmt.Sprint(lag), nil
		}})
	q(Query{Name: "committed", Doc: "The group's committed offset for the partition: the next offset it will read. Answer: the number, or none.",
		Params: []Param{pGroup, pTopic, pPartition},
		Eval: func(w *World, p Params) (string, error) {
			d, err := w.C.DescribeGroup(p.Str("group"))
			if err != nil {
				return "", err
			}
			for _, o := range d.Offsets {
				if o.Topic == p.Str("topic") && int64(o.Partition) == p.Int("partition", 0) && o.Committed >= 0 {
					return fmt.Sprint(o.Committed), nil
				}
			}
			return "none", nil
		}})
	q(Query{Name: "redelivered", Doc: "How many of the topic's records the group processed more than once. Answer: the number.",
		Params: []Param{pGroup, pTopic},
		Eval: func(w *World, p Params) (string, error) {
			return fmt.Sprint(w.redelivered(p.Str("group"), p.Str("topic"))), nil
		}})
}

func groupAssignor(w *World, p Params) Result {
	g, want := p.Str("group"), p.Str("assignor")
	d, err := w.C.DescribeGroup(g)
	if err != nil {
		return notMet("group %s cannot be described: %v", "无法查看消费者组 %s：%v", g, err)
	}
	if d.State != "Stable" {
		return notMet("group %s is %s, not Stable", "消费者组 %s 处于 %s 状态，而不是 Stable", g, d.State)
	}
	if d.Protocol != want {
		return notMet("group %s uses the %s assignor, the goal needs %s", "消费者组 %s 使用的分配策略是 %s，目标需要 %s", g, d.Protocol, want)
	}
	return met("group %s is Stable with the %s assignor", "消费者组 %s 已稳定，使用 %s 分配策略", g, want)
}

func groupGenerationAtMost(w *World, p Params) Result {
	g, max := p.Str("group"), p.Int("max", 0)
	gen, ok := w.groupGeneration(g)
	if !ok {
		return notMet("group %s has no coordinator that knows it", "没有协调者知道消费者组 %s", g)
	}
	if int64(gen) > max {
		return notMet("group %s is in generation %d: it rebalanced (the goal allows at most generation %d)", "消费者组 %s 已进入第 %d 代：它发生了再平衡（目标最多允许第 %d 代）", g, gen, max)
	}
	return met("group %s is still in generation %d", "消费者组 %s 仍在第 %d 代", g, gen)
}

func recordsRedelivered(w *World, p Params) Result {
	g, t := p.Str("group"), p.Str("topic")
	if n := w.redelivered(g, t); n > 0 {
		return met("group %s processed %d records of %s twice or more", "消费者组 %[1]s 把 %[3]s 中的 %[2]d 条记录处理了不止一次", g, n, t)
	}
	return notMet("group %s has processed every record of %s at most once", "消费者组 %s 对 %s 的每条记录最多只处理了一次", g, t)
}

func recordsSkipped(w *World, p Params) Result {
	g, t := p.Str("group"), p.Str("topic")
	n, err := w.skipped(g, t)
	if err != nil {
		return notMet("group %s cannot be described: %v", "无法查看消费者组 %s：%v", g, err)
	}
	if n > 0 {
		return met("group %s committed past %d records of %s it never processed", "消费者组 %[1]s 的提交位移越过了 %[3]s 中 %[2]d 条从未处理过的记录", g, n, t)
	}
	return notMet("group %s has processed every record of %s below its committed offsets", "消费者组 %s 已处理了 %s 中提交位移之前的每条记录", g, t)
}
