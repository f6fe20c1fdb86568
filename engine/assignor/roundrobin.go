package assignor

import "fmt"

// RoundRobin is Kafka's RoundRobinAssignor ("roundrobin", EAGER): all
// partitions of the subscribed topics, topics sorted, are dealt one at a time
// over the sorted members (static members first), skipping a member that
// does not subscribe to the partition's topic.
type RoundRobin struct{}

// Name returns "roundrobin".
func (RoundRobin) Name() string { return RoundRobinName }

// Protocol returns Eager.
func (RoundRobin) Protocol() RebalanceProtocol { return Eager }

// Assign implements RoundRobinAssignor.assign with its CircularIterator.
func (RoundRobin) Assign(members []Member, partitions map[string]int32) Plan {
	order := sortedMembers(members)
	assigned := map[string][]TopicPartition{}
	skipped := map[string]int{}
	next := 0
	total := 0
	for _, topic := range subscribedTopics(members, partitions) {
		for p := range partitions[topic] {
			// Advance to the next member that subscribes to topic; one does,
			// since topic came from a subscription.
			for !order[next].subscribes(topic) {
				skipped[order[next].ID]++
				next = (next + 1) % len(order)
			}
			m := order[next]
			assigned[m.ID] = append(assigned[m.ID], TopicPartition{topic, p})
			next = (next + 1) % len(order)
			total++
		}
	}
	explain := map[string]string{}
	for i, m := range order {
		s := fmt.Sprintf("roundrobin: %s dealt in topic order over %s; member #%d got %d",
			plural(total, "partition", "partitions"), plural(len(order), "member", "members"), i+1, len(assigned[m.ID]))
		if skipped[m.ID] > 0 {
			s += fmt.Sprintf(", skipped %s of topics it does not subscribe to", plural(skipped[m.ID], "time", "times"))
		}
		explain[m.ID] = s
	}
	return planFor(RoundRobinName, order, assigned, explain)
}
