package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/record"
)

var (
	pTopic     = Param{"topic", String, true, "the topic's name"}
	pTopicOpt  = Param{"topic", String, false, "the topic's name; every topic when absent"}
	pPartition = Param{"partition", Int, true, "the partition number, from 0"}
	pGroup     = Param{"group", String, true, "the consumer group's id"}
)

func init() {
	register(Spec{Name: "topic_exists", Doc: "The topic exists, with this many partitions and this replication factor when given.",
		Params: []Param{pTopic, {"partitions", Int, false, "the number of partitions it must have"}, {"rf", Int, false, "the replication factor it must have"}},
		Eval:   topicExists})
	register(Spec{Name: "record_on_partition", Doc: "A record with this key is committed (below the high watermark) on this partition.",
		Params: []Param{pTopic, {"key", String, true, "the record's key"}, pPartition},
		Eval:   recordOnPartition})
	register(Spec{Name: "leaders_balanced", Doc: "Every broker that is up leads the same number of the topic's partitions, give or take one.",
		Params: []Param{pTopicOpt}, Eval: leadersBalanced})
	register(Spec{Name: "no_under_replicated", Doc: "Every partition's ISR holds all its replicas.",
		Params: []Param{pTopicOpt}, Eval: noUnderReplicated})
	register(Spec{Name: "isr_size", Doc: "The partition's ISR has exactly n members.",
		Params: []Param{pTopic, pPartition, {"n", Int, true, "the ISR's size"}}, Eval: isrSize})
	register(Spec{Name: "leader_is", Doc: "The partition's leader is this broker (-1: the partition has no leader).",
		Params: []Param{pTopic, pPartition, {"broker", Int, true, "the broker id, or -1 for none"}}, Eval: leaderIs})
	register(Spec{Name: "hw_at_least", Doc: "The partition's high watermark, on its leader, is at least offset.",
		Params: []Param{pTopic, pPartition, {"offset", Int, true, "the smallest high watermark that meets the goal"}}, Eval: hwAtLeast})
	register(Spec{Name: "group_stable", Doc: "The group has this many running members, all in one generation, sharing the topic's partitions with none left out (and, with one_each, exactly one partition each).",
		Params: []Param{pGroup, {"members", Int, true, "the number of members"}, {"one_each", Bool, false, "every member owns exactly one partition"}}, Eval: groupStable})
	register(Spec{Name: "group_lag", Doc: "The group's total lag (high watermark minus committed offset, over its partitions) is at most max. Asks the coordinator, as kafka-consumer-groups.sh --describe does.",
		Params: []Param{pGroup, {"max", Int, true, "the largest total lag that meets the goal"}}, Eval: groupLag})
	register(Spec{Name: "committed_offset", Doc: "The group's committed offset for the partition is at least offset. Asks the coordinator.",
		Params: []Param{pGroup, pTopic, pPartition, {"offset", Int, true, "the smallest committed offset that meets the goal"}}, Eval: committedOffset})
	register(Spec{Name: "acked_write_lost", Doc: "A write the producer saw acknowledged is no longer in its partition's leader's log (for break-it exercises).",
		Params: []Param{pTopicOpt}, Eval: ackedWriteLost})
	register(Spec{Name: "segment_count_at_least", Doc: "The partition's replica on broker (its leader when absent) has at least n segments.",
		Params: []Param{pTopic, pPartition, {"n", Int, true, "the number of segments"}, {"broker", Int, false, "the broker whose replica counts"}}, Eval: segmentCount})
	register(Spec{Name: "consumer_idle", Doc: "The group has a running member with no partition (more members than partitions). With consumer, that member must be the idle one.",
		Params: []Param{pGroup, {"consumer", String, false, "the lab consumer's name, e.g. c4"}}, Eval: consumerIdle})
	register(Spec{Name: "broker_down", Doc: "The broker is down (true) or up (false).",
		Params: []Param{{"broker", Int, true, "the broker id"}, {"down", Bool, false, "true (default): down; false: up"}}, Eval: brokerDown})
}

func topicExists(w *World, p Params) Result {
	t := p.Str("topic")
	parts, ok := w.partitions(t)
	if !ok {
		return notMet("topic %s does not exist yet", "主题 %s 还不存在", t)
	}
	if n := p.Int("partitions", -1); n >= 0 && int64(len(parts)) != n {
		return notMet("topic %s has %d partitions, the goal needs %d", "主题 %s 有 %d 个分区，目标需要 %d 个", t, len(parts), n)
	}
	if rf := p.Int("rf", -1); rf >= 0 && len(parts) > 0 && int64(len(parts[0].Replicas)) != rf {
		return notMet("topic %s has replication factor %d, the goal needs %d", "主题 %s 的副本因子是 %d，目标需要 %d", t, len(parts[0].Replicas), rf)
	}
	return met("topic %s exists with %d partitions", "主题 %s 已存在，有 %d 个分区", t, len(parts))
}

// committedKeys returns the keys of the records below the high watermark on
// the partition's leader.
func (w *World) committedKeys(topic string, part int32) ([]string, bool) {
	l, ok := w.leader(topic, part)
	if !ok {
		return nil, false
	}
	var keys []string
	for off := l.LogStartOffset; off < l.HW; {
		b, err := w.C.ReadReplicaLog(l.Leader, topic, part, off, 1<<20, l.HW)
		if err != nil || len(b) == 0 {
			break
		}
		next := off
		for len(b) > 0 {
			batch, n, err := record.Decode(b)
			if err != nil || n <= 0 {
				b = nil
				break
			}
			for i := range batch.Records {
				if batch.Offset(&batch.Records[i]) >= off && batch.Offset(&batch.Records[i]) < l.HW {
					keys = append(keys, string(batch.Records[i].Key))
				}
			}
			next = batch.LastOffset() + 1
			b = b[n:]
		}
		if next <= off {
			break
		}
		off = next
	}
	return keys, true
}

func recordOnPartition(w *World, p Params) Result {
	t, k, part := p.Str("topic"), p.Str("key"), int32(p.Int("partition", 0))
	keys, ok := w.committedKeys(t, part)
	if !ok {
		return notMet("%s-%d has no leader, so nothing on it can be read", "%s-%d 没有 leader，无法读取", t, part)
	}
	if slices.Contains(keys, k) {
		return met("a record with key %s is committed on %s-%d", "键为 %s 的记录已提交到 %s-%d", k, t, part)
	}
	return notMet("no committed record with key %s on %s-%d (it holds %d committed records)", "%[2]s-%[3]d 上没有键为 %[1]s 的已提交记录（共有 %[4]d 条已提交记录）", k, t, part, len(keys))
}

func (w *World) topics(only string) []string {
	var out []string
	for _, t := range w.C.Snapshot().Controller.Topics {
		if strings.HasPrefix(t.Name, "__") {
			continue
		}
		if only == "" || t.Name == only {
			out = append(out, t.Name)
		}
	}
	return out
}

func leadersBalanced(w *World, p Params) Result {
	count := map[int32]int{}
	up := 0
	for _, b := range w.C.Snapshot().Brokers {
		if b.Up {
			count[b.ID] = 0
			up++
		}
	}
	total := 0
	for _, t := range w.topics(p.Str("topic")) {
		parts, _ := w.partitions(t)
		for _, pt := range parts {
			if pt.Leader >= 0 {
				count[pt.Leader]++
				total++
			}
		}
	}
	lo, hi, loB, hiB := total+1, -1, int32(0), int32(0)
	for id := int32(1); id <= int32(len(w.C.Snapshot().Brokers)); id++ {
		n, ok := count[id]
		if !ok {
			continue
		}
		if n < lo {
			lo, loB = n, id
		}
		if n > hi {
			hi, hiB = n, id
		}
	}
	if up == 0 || hi-lo <= 1 {
		return met("leaders are spread evenly over the brokers", "leader 在各 broker 上分布均匀")
	}
	return notMet("broker %d leads %d partitions but broker %d leads %d: leaders are not balanced", "broker %d 是 %d 个分区的 leader，而 broker %d 只有 %d 个：leader 分布不均衡", hiB, hi, loB, lo)
}

func noUnderReplicated(w *World, p Params) Result {
	for _, t := range w.topics(p.Str("topic")) {
		parts, _ := w.partitions(t)
		for _, pt := range parts {
			if len(pt.ISR) < len(pt.Replicas) {
				return notMet("%s-%d is under-replicated: ISR %v of replicas %v", "%s-%d 副本不足：ISR 为 %v，副本为 %v", t, pt.ID, pt.ISR, pt.Replicas)
			}
		}
	}
	return met("no partition is under-replicated", "没有副本不足的分区")
}

func (w *World) part(topic string, id int32) (partition, Result, bool) {
	parts, ok := w.partitions(topic)
	if !ok {
		return partition{}, notMet("topic %s does not exist", "主题 %s 不存在", topic), false
	}
	if id < 0 || int(id) >= len(parts) {
		return partition{}, notMet("topic %s has no partition %d", "主题 %s 没有分区 %d", topic, id), false
	}
	return parts[id], Result{}, true
}

func isrSize(w *World, p Params) Result {
	t, id, n := p.Str("topic"), int32(p.Int("partition", 0)), p.Int("n", 0)
	pt, r, ok := w.part(t, id)
	if !ok {
		return r
	}
	if int64(len(pt.ISR)) != n {
		return notMet("the ISR of %s-%d is %v (%d replicas), the goal needs %d", "%s-%d 的 ISR 是 %v（%d 个副本），目标需要 %d 个", t, id, pt.ISR, len(pt.ISR), n)
	}
	return met("the ISR of %s-%d is %v", "%s-%d 的 ISR 是 %v", t, id, pt.ISR)
}

func leaderIs(w *World, p Params) Result {
	t, id, want := p.Str("topic"), int32(p.Int("partition", 0)), int32(p.Int("broker", 0))
	pt, r, ok := w.part(t, id)
	if !ok {
		return r
	}
	if want < 0 {
		want = -1
	}
	if pt.Leader != want {
		return notMet("the leader of %s-%d is %s, the goal needs %s", "%s-%d 的 leader 是 %s，目标需要 %s", t, id, brokerName(pt.Leader), brokerName(want))
	}
	return met("the leader of %s-%d is %s", "%s-%d 的 leader 是 %s", t, id, brokerName(want))
}

func brokerName(id int32) string {
	if id < 0 {
		return "none"
	}
	return fmt.Sprintf("broker-%d", id)
}

func hwAtLeast(w *World, p Params) Result {
	t, id, want := p.Str("topic"), int32(p.Int("partition", 0)), p.Int("offset", 0)
	l, ok := w.leader(t, id)
	if !ok {
		return notMet("%s-%d has no leader", "%s-%d 没有 leader", t, id)
	}
	if l.HW < want {
		return notMet("the high watermark of %s-%d is %d, the goal needs at least %d", "%s-%d 的高水位是 %d，目标至少需要 %d", t, id, l.HW, want)
	}
	return met("the high watermark of %s-%d is %d", "%s-%d 的高水位是 %d", t, id, l.HW)
}

func groupStable(w *World, p Params) Result {
	g, want := p.Str("group"), p.Int("members", 0)
	var gen int32 = -1
	owned := map[string]string{}
	n := int64(0)
	for _, c := range w.C.Consumers() {
		if c.Group != g || !c.Running {
			continue
		}
		n++
		if gen >= 0 && c.Generation != gen {
			return notMet("group %s is rebalancing: its members are in different generations", "消费者组 %s 正在再平衡：成员处于不同的代（generation）", g)
		}
		gen = c.Generation
		if p.Bool("one_each", false) && len(c.Assignment) != 1 {
			return notMet("%s owns %d partitions, the goal needs exactly one each", "%s 拥有 %d 个分区，目标要求每个成员恰好一个", c.Name, len(c.Assignment))
		}
		for _, tp := range c.Assignment {
			if other, dup := owned[tp]; dup {
				return notMet("%s is owned by both %s and %s: the group is still rebalancing", "%s 同时属于 %s 和 %s：消费者组仍在再平衡", tp, other, c.Name)
			}
			owned[tp] = c.Name
		}
	}
	if n != want {
		return notMet("group %s has %d running members, the goal needs %d", "消费者组 %s 有 %d 个运行中的成员，目标需要 %d 个", g, n, want)
	}
	if n > 0 && gen <= 0 {
		return notMet("group %s has not finished joining", "消费者组 %s 还没有完成加入", g)
	}
	return met("group %s is stable with %d members in generation %d", "消费者组 %s 已稳定：%d 个成员，第 %d 代", g, n, gen)
}

func groupLag(w *World, p Params) Result {
	g, max := p.Str("group"), p.Int("max", 0)
	d, err := w.C.DescribeGroup(g)
	if err != nil {
		return notMet("group %s cannot be described: %v", "无法查看消费者组 %s：%v", g, err)
	}
	var lag int64
	for _, o := range d.Offsets {
		if o.Lag >= 0 {
			lag += o.Lag
		} else {
			lag += o.LogEnd
		}
	}
	if lag > max {
		return notMet("group %s lags %d records behind, the goal allows at most %d", "消费者组 %s 落后 %d 条记录，目标最多允许 %d 条", g, lag, max)
	}
	return met("group %s lags %d records", "消费者组 %s 落后 %d 条记录", g, lag)
}

func committedOffset(w *World, p Params) Result {
	g, t, id, want := p.Str("group"), p.Str("topic"), int32(p.Int("partition", 0)), p.Int("offset", 0)
	d, err := w.C.DescribeGroup(g)
	if err != nil {
		return notMet("group %s cannot be described: %v", "无法查看消费者组 %s：%v", g, err)
	}
	for _, o := range d.Offsets {
		if o.Topic == t && o.Partition == id {
			if o.Committed < want {
				return notMet("group %s has committed offset %d on %s-%d, the goal needs at least %d", "消费者组 %[1]s 在 %[3]s-%[4]d 上提交的位移是 %[2]d，目标至少需要 %[5]d", g, o.Committed, t, id, want)
			}
			return met("group %s has committed offset %d on %s-%d", "消费者组 %[1]s 在 %[3]s-%[4]d 上提交的位移是 %[2]d", g, o.Committed, t, id)
		}
	}
	return notMet("group %s has committed nothing on %s-%d", "消费者组 %s 在 %s-%d 上还没有提交位移", g, t, id)
}

func ackedWriteLost(w *World, p Params) Result {
	lost := w.Lost(p.Str("topic"))
	if len(lost) == 0 {
		return notMet("every acknowledged write is still in its leader's log", "所有已确认的写入仍在 leader 的日志中")
	}
	return met("acknowledged writes were lost: %s", "已确认的写入丢失了：%s", strings.Join(lost, ", "))
}

func segmentCount(w *World, p Params) Result {
	t, id, n := p.Str("topic"), int32(p.Int("partition", 0)), p.Int("n", 0)
	var r broker.ReplicaState
	ok := false
	if b := int32(p.Int("broker", -1)); b > 0 {
		r, ok = w.C.Replica(b, t, id)
	} else {
		r, ok = w.leader(t, id)
	}
	if !ok {
		return notMet("no such replica of %s-%d", "找不到 %s-%d 的这个副本", t, id)
	}
	if int64(r.Segments) < n {
		return notMet("%s-%d has %d segments, the goal needs at least %d", "%s-%d 有 %d 个段，目标至少需要 %d 个", t, id, r.Segments, n)
	}
	return met("%s-%d has %d segments", "%s-%d 有 %d 个段", t, id, r.Segments)
}

func consumerIdle(w *World, p Params) Result {
	g, name := p.Str("group"), p.Str("consumer")
	for _, c := range w.C.Consumers() {
		if c.Group == g && c.Running && c.Generation > 0 && len(c.Assignment) == 0 && (name == "" || c.Name == name) {
			return met("%s is in group %s with no partition: it waits idle", "%s 在消费者组 %s 中但没有分区：它处于空闲状态", c.Name, g)
		}
	}
	if name != "" {
		return notMet("%s is not an idle member of group %s", "%s 不是消费者组 %s 中的空闲成员", name, g)
	}
	return notMet("every running member of group %s owns a partition", "消费者组 %s 的每个运行中的成员都有分区", g)
}

func brokerDown(w *World, p Params) Result {
	id, down := int32(p.Int("broker", 0)), p.Bool("down", true)
	for _, b := range w.C.Snapshot().Brokers {
		if b.ID == id {
			if b.Up == !down {
				if down {
					return met("broker-%d is down", "broker-%d 已宕机", id)
				}
				return met("broker-%d is up", "broker-%d 正在运行", id)
			}
			if down {
				return notMet("broker-%d is still up", "broker-%d 仍在运行", id)
			}
			return notMet("broker-%d is down", "broker-%d 已宕机", id)
		}
	}
	return notMet("there is no broker-%d", "没有 broker-%d", id)
}
