package assignor_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/assignor"
)

// tp builds a partition list: tp("t0", 0, 1) is [t0-0, t0-1].
func tp(topic string, parts ...int32) []assignor.TopicPartition {
	out := []assignor.TopicPartition{}
	for _, p := range parts {
		out = append(out, assignor.TopicPartition{Topic: topic, Partition: p})
	}
	return out
}

func cat(lists ...[]assignor.TopicPartition) []assignor.TopicPartition {
	out := []assignor.TopicPartition{}
	for _, l := range lists {
		out = append(out, l...)
	}
	assignor.SortPartitions(out)
	return out
}

func member(id string, topics ...string) assignor.Member {
	return assignor.Member{ID: id, Topics: topics, Generation: assignor.DefaultGeneration}
}

func owning(m assignor.Member, gen int32, owned ...[]assignor.TopicPartition) assignor.Member {
	m.Owned = cat(owned...)
	m.Generation = gen
	return m
}

// expect checks every member's assignment.
func expect(t *testing.T, p assignor.Plan, want map[string][]assignor.TopicPartition) {
	t.Helper()
	require.Len(t, p.Members, len(want), "%s", p)
	for id, w := range want {
		assert.Equal(t, cat(w), p.For(id), "member %s in\n%s", id, p)
	}
}

// Kafka's documented examples (RangeAssignor and RoundRobinAssignor
// javadoc): C0 and C1 both subscribe to t0 and t1, three partitions each.
func TestDocumentedTwoTopicsExample(t *testing.T) {
	members := []assignor.Member{member("C0", "t0", "t1"), member("C1", "t0", "t1")}
	topics := map[string]int32{"t0": 3, "t1": 3}

	expect(t, assignor.Range{}.Assign(members, topics), map[string][]assignor.TopicPartition{
		"C0": cat(tp("t0", 0, 1), tp("t1", 0, 1)),
		"C1": cat(tp("t0", 2), tp("t1", 2)),
	})
	expect(t, assignor.RoundRobin{}.Assign(members, topics), map[string][]assignor.TopicPartition{
		"C0": cat(tp("t0", 0, 2), tp("t1", 1)),
		"C1": cat(tp("t0", 1), tp("t1", 0, 2)),
	})
}

// RoundRobinAssignor's javadoc: when subscriptions differ, a member is
// skipped for topics it does not subscribe to.
func TestDocumentedRoundRobinSkipExample(t *testing.T) {
	members := []assignor.Member{member("C0", "t0"), member("C1", "t0", "t1"), member("C2", "t0", "t1", "t2")}
	topics := map[string]int32{"t0": 1, "t1": 2, "t2": 3}
	expect(t, assignor.RoundRobin{}.Assign(members, topics), map[string][]assignor.TopicPartition{
		"C0": tp("t0", 0),
		"C1": tp("t1", 0),
		"C2": cat(tp("t1", 1), tp("t2", 0, 1, 2)),
	})
}

// Scenarios from Kafka's RangeAssignorTest.
func TestRangeAssignorKafkaTests(t *testing.T) {
	r := assignor.Range{}
	t.Run("one consumer, no topic", func(t *testing.T) {
		expect(t, r.Assign([]assignor.Member{member("c1")}, map[string]int32{}), map[string][]assignor.TopicPartition{"c1": {}})
	})
	t.Run("one consumer, nonexistent topic", func(t *testing.T) {
		expect(t, r.Assign([]assignor.Member{member("c1", "topic")}, map[string]int32{}), map[string][]assignor.TopicPartition{"c1": {}})
	})
	t.Run("one consumer, one topic", func(t *testing.T) {
		expect(t, r.Assign([]assignor.Member{member("c1", "topic")}, map[string]int32{"topic": 3}),
			map[string][]assignor.TopicPartition{"c1": tp("topic", 0, 1, 2)})
	})
	t.Run("only assigns partitions from subscribed topics", func(t *testing.T) {
		expect(t, r.Assign([]assignor.Member{member("c1", "topic")}, map[string]int32{"topic": 3, "other": 3}),
			map[string][]assignor.TopicPartition{"c1": tp("topic", 0, 1, 2)})
	})
	t.Run("two consumers, one topic, one partition", func(t *testing.T) {
		expect(t, r.Assign([]assignor.Member{member("c1", "topic"), member("c2", "topic")}, map[string]int32{"topic": 1}),
			map[string][]assignor.TopicPartition{"c1": tp("topic", 0), "c2": {}})
	})
	t.Run("multiple consumers, mixed topics", func(t *testing.T) {
		members := []assignor.Member{member("consumer1", "topic1"), member("consumer2", "topic1", "topic2"), member("consumer3", "topic1")}
		expect(t, r.Assign(members, map[string]int32{"topic1": 3, "topic2": 2}), map[string][]assignor.TopicPartition{
			"consumer1": tp("topic1", 0),
			"consumer2": cat(tp("topic1", 1), tp("topic2", 0, 1)),
			"consumer3": tp("topic1", 2),
		})
	})
	t.Run("static members sort by instance id, before dynamic members", func(t *testing.T) {
		// Member ids sort the other way; group.instance.id decides, and the
		// dynamic member "a" comes last although its id sorts first.
		m1, m2, m3 := member("z-1", "t"), member("y-2", "t"), member("a", "t")
		m1.InstanceID, m2.InstanceID = "instance1", "instance2"
		expect(t, r.Assign([]assignor.Member{m3, m2, m1}, map[string]int32{"t": 5}), map[string][]assignor.TopicPartition{
			"z-1": tp("t", 0, 1), "y-2": tp("t", 2, 3), "a": tp("t", 4),
		})
	})
}

// Scenarios from Kafka's RoundRobinAssignorTest.
func TestRoundRobinAssignorKafkaTests(t *testing.T) {
	rr := assignor.RoundRobin{}
	t.Run("two consumers, two topics, six partitions", func(t *testing.T) {
		members := []assignor.Member{member("consumer1", "topic1", "topic2"), member("consumer2", "topic1", "topic2")}
		expect(t, rr.Assign(members, map[string]int32{"topic1": 3, "topic2": 3}), map[string][]assignor.TopicPartition{
			"consumer1": cat(tp("topic1", 0, 2), tp("topic2", 1)),
			"consumer2": cat(tp("topic1", 1), tp("topic2", 0, 2)),
		})
	})
	t.Run("multiple consumers, mixed topics", func(t *testing.T) {
		members := []assignor.Member{member("consumer1", "topic1"), member("consumer2", "topic1", "topic2"), member("consumer3", "topic1")}
		expect(t, rr.Assign(members, map[string]int32{"topic1": 3, "topic2": 2}), map[string][]assignor.TopicPartition{
			"consumer1": tp("topic1", 0),
			"consumer2": cat(tp("topic1", 1), tp("topic2", 0, 1)),
			"consumer3": tp("topic1", 2),
		})
	})
}

// StickyAssignor's javadoc, example 1: three members, four topics of two
// partitions. The fresh assignment deals the sorted partitions round-robin.
func TestStickyDocumentedExample(t *testing.T) {
	topics := map[string]int32{"t0": 2, "t1": 2, "t2": 2, "t3": 2}
	all := []string{"t0", "t1", "t2", "t3"}
	members := []assignor.Member{member("C0", all...), member("C1", all...), member("C2", all...)}
	first := assignor.Sticky{}.Assign(members, topics)
	expect(t, first, map[string][]assignor.TopicPartition{
		"C0": cat(tp("t0", 0), tp("t1", 1), tp("t3", 0)),
		"C1": cat(tp("t0", 1), tp("t2", 0), tp("t3", 1)),
		"C2": cat(tp("t1", 0), tp("t2", 1)),
	})

	// C1 leaves. Sticky keeps every partition of C0 and C2 where it was and
	// deals C1's three; the javadoc (written for the older algorithm) shows
	// C0 [t0p0, t1p1, t3p0, t2p0], C2 [t1p0, t2p1, t0p1, t3p1]: the same
	// stickiness, a different choice of who takes which of C1's partitions.
	second := assignor.Sticky{}.Assign([]assignor.Member{
		owning(members[0], 1, first.For("C0")),
		owning(members[2], 1, first.For("C2")),
	}, topics)
	expect(t, second, map[string][]assignor.TopicPartition{
		"C0": cat(tp("t0", 0, 1), tp("t1", 1), tp("t3", 0)),
		"C2": cat(tp("t1", 0), tp("t2", 0, 1), tp("t3", 1)),
	})
	assert.Contains(t, second.Members[0].Explanation, "kept 3 previously owned, 1 newly assigned")
}

// StickyAssignor's javadoc, example 2: different subscriptions.
func TestStickyDocumentedExampleDifferentSubscriptions(t *testing.T) {
	topics := map[string]int32{"t0": 1, "t1": 2, "t2": 3}
	c0, c1, c2 := member("C0", "t0"), member("C1", "t0", "t1"), member("C2", "t0", "t1", "t2")
	first := assignor.Sticky{}.Assign([]assignor.Member{c0, c1, c2}, topics)
	expect(t, first, map[string][]assignor.TopicPartition{
		"C0": tp("t0", 0),
		"C1": tp("t1", 0, 1),
		"C2": tp("t2", 0, 1, 2),
	})
	// C0 leaves: sticky gives t0p0 to C1 and moves nothing else
	// (roundrobin would reshuffle to C1 [t0p0, t1p1], C2 [t1p0, t2p0, t2p1, t2p2]).
	second := assignor.Sticky{}.Assign([]assignor.Member{
		owning(c1, 1, first.For("C1")), owning(c2, 1, first.For("C2")),
	}, topics)
	expect(t, second, map[string][]assignor.TopicPartition{
		"C1": cat(tp("t0", 0), tp("t1", 0, 1)),
		"C2": tp("t2", 0, 1, 2),
	})
	expect(t, assignor.RoundRobin{}.Assign([]assignor.Member{c1, c2}, topics), map[string][]assignor.TopicPartition{
		"C1": cat(tp("t0", 0), tp("t1", 1)),
		"C2": cat(tp("t1", 0), tp("t2", 0, 1, 2)),
	})
}

// Scenarios from Kafka's AbstractStickyAssignorTest.
func TestStickyAssignorKafkaTests(t *testing.T) {
	s := assignor.Sticky{}
	t.Run("add and remove a consumer, one topic", func(t *testing.T) {
		c1, c2 := member("consumer1", "topic"), member("consumer2", "topic")
		topics := map[string]int32{"topic": 3}
		p := s.Assign([]assignor.Member{c1}, topics)
		expect(t, p, map[string][]assignor.TopicPartition{"consumer1": tp("topic", 0, 1, 2)})

		p = s.Assign([]assignor.Member{owning(c1, 1, p.For("consumer1")), c2}, topics)
		expect(t, p, map[string][]assignor.TopicPartition{"consumer1": tp("topic", 0, 1), "consumer2": tp("topic", 2)})

		p = s.Assign([]assignor.Member{owning(c2, 2, p.For("consumer2"))}, topics)
		expect(t, p, map[string][]assignor.TopicPartition{"consumer2": tp("topic", 0, 1, 2)})
	})
	t.Run("owned partitions of an older generation are ignored", func(t *testing.T) {
		// consumer2 claims partition 0 from generation 1, but consumer1
		// owns it in generation 2: only the newest generation counts.
		c1 := owning(member("consumer1", "topic"), 2, tp("topic", 0, 1))
		c2 := owning(member("consumer2", "topic"), 1, tp("topic", 0, 2))
		expect(t, s.Assign([]assignor.Member{c1, c2}, map[string]int32{"topic": 4}), map[string][]assignor.TopicPartition{
			"consumer1": tp("topic", 0, 1), "consumer2": tp("topic", 2, 3),
		})
	})
	t.Run("a partition claimed twice in one generation is reassigned", func(t *testing.T) {
		c1 := owning(member("consumer1", "topic"), 1, tp("topic", 0, 1))
		c2 := owning(member("consumer2", "topic"), 1, tp("topic", 1, 2))
		p := s.Assign([]assignor.Member{c1, c2}, map[string]int32{"topic": 4})
		owners, err := p.Owners()
		require.NoError(t, err)
		assert.Len(t, owners, 4)
		assert.Contains(t, p.For("consumer1"), assignor.TopicPartition{Topic: "topic", Partition: 0})
		assert.Contains(t, p.For("consumer2"), assignor.TopicPartition{Topic: "topic", Partition: 2})
	})
	t.Run("unsubscribed topics are revoked", func(t *testing.T) {
		c1 := owning(member("consumer1", "topic1"), 1, tp("topic1", 0), tp("topic2", 0))
		expect(t, s.Assign([]assignor.Member{c1}, map[string]int32{"topic1": 1, "topic2": 1}),
			map[string][]assignor.TopicPartition{"consumer1": tp("topic1", 0)})
	})
}

// The cooperative protocol in two rebalances: a new member joins a group
// where consumer1 owns everything.
func TestCooperativeStickyTwoRebalances(t *testing.T) {
	cs := assignor.CooperativeSticky{}
	topics := map[string]int32{"topic": 4}
	c1 := owning(member("consumer1", "topic"), 1, tp("topic", 0, 1, 2, 3))
	c2 := member("consumer2", "topic")

	first := cs.Assign([]assignor.Member{c1, c2}, topics)
	// consumer1 keeps 0 and 1 and must revoke 2 and 3; consumer2 gets
	// nothing yet: 2 and 3 are pending until consumer1 has revoked them.
	expect(t, first, map[string][]assignor.TopicPartition{"consumer1": tp("topic", 0, 1), "consumer2": {}})
	assert.Equal(t, tp("topic", 2, 3), first.Members[1].Pending)
	assert.Contains(t, first.Members[1].Explanation, "2 partitions withheld until the current owner revokes them")

	// consumer1 revoked 2 and 3 and rejoined; the follow-up rebalance
	// hands them over.
	second := cs.Assign([]assignor.Member{owning(c1, 2, first.For("consumer1")), owning(c2, 2, first.For("consumer2"))}, topics)
	expect(t, second, map[string][]assignor.TopicPartition{"consumer1": tp("topic", 0, 1), "consumer2": tp("topic", 2, 3)})
	assert.Empty(t, second.Members[1].Pending)

	// The eager sticky assignor would hand 2 and 3 over at once.
	expect(t, assignor.Sticky{}.Assign([]assignor.Member{c1, c2}, topics),
		map[string][]assignor.TopicPartition{"consumer1": tp("topic", 0, 1), "consumer2": tp("topic", 2, 3)})
}

func TestExplanations(t *testing.T) {
	members := []assignor.Member{member("C0", "t0"), member("C1", "t0")}
	p := assignor.Range{}.Assign(members, map[string]int32{"t0": 3})
	assert.Equal(t, "range: t0: 3 partitions / 2 members = 1 each, 1 extra for the first member, member #1 gets 0-1", p.Members[0].Explanation)
	assert.Equal(t, "range: t0: 3 partitions / 2 members = 1 each, 1 extra for the first member, member #2 gets 2", p.Members[1].Explanation)
	p = assignor.RoundRobin{}.Assign(members, map[string]int32{"t0": 3})
	assert.Equal(t, "roundrobin: 3 partitions dealt in topic order over 2 members; member #1 got 2", p.Members[0].Explanation)
}

func TestByName(t *testing.T) {
	for _, name := range []string{"range", "roundrobin", "sticky", "cooperative-sticky"} {
		a, ok := assignor.ByName(name)
		require.True(t, ok, name)
		assert.Equal(t, name, a.Name())
	}
	a, _ := assignor.ByName("cooperative-sticky")
	assert.Equal(t, assignor.Cooperative, a.Protocol())
	_, ok := assignor.ByName("uniform")
	assert.False(t, ok)
}
