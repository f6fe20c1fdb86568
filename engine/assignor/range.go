package assignor

import (
	"fmt"
	"strings"
)

// Range is Kafka's RangeAssignor ("range", EAGER), the first entry of the
// Java consumer's default partition.assignment.strategy. Topic by topic, the
// subscribers are sorted (static members by group.instance.id first, then
// dynamic members by member id) and member i of C gets the contiguous block
// of n = P/C partitions starting at n*i + min(i, P%C), one more if i < P%C.
//
// Kafka 3.5+ also co-locates partitions with consumers on the same rack
// (KIP-881) when both sides have racks; the lab's members carry no rack, and
// without racks Kafka's result is the one computed here.
type Range struct{}

// Name returns "range".
func (Range) Name() string { return RangeName }

// Protocol returns Eager.
func (Range) Protocol() RebalanceProtocol { return Eager }

// Assign implements RangeAssignor.assignPartitions.
func (Range) Assign(members []Member, partitions map[string]int32) Plan {
	order := sortedMembers(members)
	assigned := map[string][]TopicPartition{}
	notes := map[string][]string{}
	for _, topic := range subscribedTopics(members, partitions) {
		var subs []*Member
		for _, m := range order {
			if m.subscribes(topic) {
				subs = append(subs, m)
			}
		}
		p, c := int(partitions[topic]), len(subs)
		n, extra := p/c, p%c
		for i, m := range subs {
			start := n*i + min(i, extra)
			length := n
			if i < extra {
				length++
			}
			for k := start; k < start+length; k++ {
				assigned[m.ID] = append(assigned[m.ID], TopicPartition{topic, int32(k)})
			}
			notes[m.ID] = append(notes[m.ID], rangeNote(topic, p, c, n, extra, i, start, length))
		}
	}
	explain := map[string]string{}
	for id, ns := range notes {
		explain[id] = "range: " + strings.Join(ns, "; ")
	}
	return planFor(RangeName, order, assigned, explain)
}

// rangeNote explains one member's block of one topic.
func rangeNote(topic string, p, c, n, extra, i, start, length int) string {
	s := fmt.Sprintf("%s: %s / %s = %d each", topic, plural(p, "partition", "partitions"), plural(c, "member", "members"), n)
	switch {
	case extra == 1:
		s += ", 1 extra for the first member"
	case extra > 1:
		s += fmt.Sprintf(", 1 extra each for the first %d members", extra)
	}
	switch length {
	case 0:
		return s + fmt.Sprintf(", none for member #%d", i+1)
	case 1:
		return s + fmt.Sprintf(", member #%d gets %d", i+1, start)
	}
	return s + fmt.Sprintf(", member #%d gets %d-%d", i+1, start, start+length-1)
}
