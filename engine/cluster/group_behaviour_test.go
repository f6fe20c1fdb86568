package cluster_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/consumer"
	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

func member(name, group string) tools.ConsumerSpec {
	return tools.ConsumerSpec{Name: name, Group: group, Topics: []string{"order_events"}, AutoOffsetReset: "earliest"}
}

func cons(t *testing.T, c *cluster.Cluster, name string) *consumer.Consumer {
	t.Helper()
	k, ok := c.Consumer(name)
	require.True(t, ok)
	return k
}

// TestGroupSecondMemberRebalances: c2 joining g1 makes generation 2 and
// splits the three partitions 2/1 (range); c2 crashing without leaving is
// noticed after session.timeout.ms, and generation 3 gives c1 everything.
func TestGroupSecondMemberRebalances(t *testing.T) {
	c := groupLab(t, 6)
	require.NoError(t, c.StartConsumer(member("c1", "g1")))
	require.EqualValues(t, 1, cons(t, c, "c1").Generation())
	require.NoError(t, c.StartConsumer(member("c2", "g1")))
	require.EqualValues(t, 2, cons(t, c, "c1").Generation())
	require.EqualValues(t, 2, cons(t, c, "c2").Generation())
	require.Len(t, cons(t, c, "c1").Assignment(), 2)
	require.Len(t, cons(t, c, "c2").Assignment(), 1)

	require.NoError(t, c.CrashConsumer("c2"))
	_, err := c.RunFor(30_000)
	require.NoError(t, err)
	require.EqualValues(t, 2, cons(t, c, "c1").Generation(), "no rebalance before session.timeout.ms (45 s)")
	_, err = c.RunFor(20_000)
	require.NoError(t, err)
	require.NoError(t, c.WaitGroupStable("g1", 60_000))
	require.EqualValues(t, 3, cons(t, c, "c1").Generation())
	require.Len(t, cons(t, c, "c1").Assignment(), 3)
	d := describe(t, c, "g1")
	require.Len(t, d.Members, 1)
}

// TestGroupsReadIndependently is the articles' picture: Group A with two
// consumers splits the partitions, Group B's single consumer owns all of
// them, and both read every record.
func TestGroupsReadIndependently(t *testing.T) {
	c := groupLab(t, 12)
	require.NoError(t, c.StartConsumer(member("a1", "group-a")))
	require.NoError(t, c.StartConsumer(member("a2", "group-a")))
	require.NoError(t, c.StartConsumer(member("b1", "group-b")))
	_, err := c.RunFor(2000)
	require.NoError(t, err)
	require.Len(t, cons(t, c, "b1").Assignment(), 3, "a single-consumer group owns every partition")
	a1, a2 := cons(t, c, "a1"), cons(t, c, "a2")
	require.Len(t, append(a1.Assignment(), a2.Assignment()...), 3)
	require.NotEmpty(t, a1.Assignment())
	require.NotEmpty(t, a2.Assignment())
	require.EqualValues(t, 12, a1.Processed+a2.Processed)
	require.EqualValues(t, 12, cons(t, c, "b1").Processed)
	groups, err := c.ListGroups()
	require.NoError(t, err)
	require.Len(t, groups, 2)
}

// TestGroupIdleMembers: four consumers for three partitions leave one idle,
// visible with no assignment in --describe's members.
func TestGroupIdleMembers(t *testing.T) {
	c := groupLab(t, 3)
	for _, n := range []string{"c1", "c2", "c3", "c4"} {
		require.NoError(t, c.StartConsumer(member(n, "g1")))
	}
	idle := 0
	for _, n := range []string{"c1", "c2", "c3", "c4"} {
		if len(cons(t, c, n).Assignment()) == 0 {
			idle++
		}
	}
	require.Equal(t, 1, idle)
	d := describe(t, c, "g1")
	require.Len(t, d.Members, 4)
	empty := 0
	for _, m := range d.Members {
		if len(m.Assignment) == 0 {
			empty++
		}
	}
	require.Equal(t, 1, empty)
}

// TestGroupLag: lag = HW − committed, as kafka-consumer-groups.sh computes.
func TestGroupLag(t *testing.T) {
	c := groupLab(t, 6)
	require.NoError(t, c.StartConsumer(tools.ConsumerSpec{Name: "c1", Group: "g1", Topics: []string{"order_events"}, AutoOffsetReset: "earliest", Commit: "after"}))
	_, err := c.RunFor(2000)
	require.NoError(t, err)
	require.NoError(t, c.StopConsumer("c1"))
	_, err = c.Produce(tools.ProduceSpec{Topic: "order_events", Records: keyed(9, "more")})
	require.NoError(t, err)
	_, err = c.RunUntilIdle()
	require.NoError(t, err)
	d := describe(t, c, "g1")
	require.Equal(t, "Empty", d.State)
	total := int64(0)
	for _, o := range d.Offsets {
		require.Equal(t, o.LogEnd-o.Committed, o.Lag)
		total += o.Lag
	}
	require.EqualValues(t, 9, total)
}

// TestGroupStaticMemberRestart: a static member (group.instance.id) that
// crashes and restarts within session.timeout.ms gets its partitions back
// without a rebalance: the generation stays.
func TestGroupStaticMemberRestart(t *testing.T) {
	c := groupLab(t, 3)
	s1 := member("c1", "g1")
	s1.StaticID = "instance-1"
	s2 := member("c2", "g1")
	s2.StaticID = "instance-2"
	require.NoError(t, c.StartConsumer(s1))
	require.NoError(t, c.StartConsumer(s2))
	gen := cons(t, c, "c1").Generation()
	before := cons(t, c, "c1").Assignment()
	require.NoError(t, c.CrashConsumer("c1"))
	_, err := c.RunFor(10_000)
	require.NoError(t, err)
	require.NoError(t, c.RestartConsumer("c1"))
	require.Equal(t, gen, cons(t, c, "c1").Generation(), "no rebalance")
	require.Equal(t, gen, cons(t, c, "c2").Generation())
	require.Equal(t, before, cons(t, c, "c1").Assignment())
}

// TestGroupCoordinatorFailover: stopping the broker that leads the group's
// __consumer_offsets partition moves the coordinator; the committed
// offsets survive, and the member keeps consuming.
func TestGroupCoordinatorFailover(t *testing.T) {
	c := groupLab(t, 6)
	require.NoError(t, c.StartConsumer(tools.ConsumerSpec{Name: "c1", Group: "g1", Topics: []string{"order_events"}, AutoOffsetReset: "earliest", Commit: "after"}))
	_, err := c.RunFor(2000)
	require.NoError(t, err)
	before := offsets(describe(t, c, "g1"))
	d := describe(t, c, "g1")
	p := int32(partitioner.CoordinatorPartition("g1", 3))
	require.NoError(t, c.StopBroker(d.Coordinator.ID))
	_, err = c.RunFor(40_000)
	require.NoError(t, err)
	d2 := describe(t, c, "g1")
	require.NotEqual(t, d.Coordinator.ID, d2.Coordinator.ID, "__consumer_offsets-%d has a new leader", p)
	require.Equal(t, before, offsets(d2), "committed offsets survive")
	_, err = c.Produce(tools.ProduceSpec{Topic: "order_events", Records: keyed(3, "after")})
	require.NoError(t, err)
	_, err = c.RunFor(5000)
	require.NoError(t, err)
	require.EqualValues(t, 9, cons(t, c, "c1").Processed)
}

// TestGroupAutoCommitCrashRedelivers: with enable.auto.commit, records
// processed after the last auto-commit are delivered again after a crash
// (at least once, RELIABILITY.md G7).
func TestGroupAutoCommitCrashRedelivers(t *testing.T) {
	c := groupLab(t, 0)
	spec := member("c1", "g1")
	spec.AutoCommitIntervalMs = 60_000
	var seen []string
	require.NoError(t, c.StartConsumer(spec))
	_, err := c.Produce(tools.ProduceSpec{Topic: "order_events", Records: keyed(6, "x")})
	require.NoError(t, err)
	_, err = c.RunFor(3000)
	require.NoError(t, err)
	require.EqualValues(t, 6, cons(t, c, "c1").Processed)
	require.NoError(t, c.CrashConsumer("c1"))
	_, err = c.RunFor(50_000)
	require.NoError(t, err)
	c2, err := c.ConsumerConfig(member("c2", "g1"))
	require.NoError(t, err)
	c2.OnProcess = func(r consumer.Record) { seen = append(seen, string(r.Value)) }
	require.NoError(t, c.StartConsumerConfig(c2))
	_, err = c.RunFor(2000)
	require.NoError(t, err)
	require.Len(t, seen, 6, "nothing was committed: all six are redelivered")
}

// TestGroupCommitBeforeProcessLoses: committing as soon as poll returns,
// then crashing while processing, loses the records (at most once).
func TestGroupCommitBeforeProcessLoses(t *testing.T) {
	c := groupLab(t, 0)
	spec := member("c1", "g1")
	spec.Commit = "before"
	spec.ProcessMs = 1000
	require.NoError(t, c.StartConsumer(spec))
	_, err := c.Produce(tools.ProduceSpec{Topic: "order_events", Records: keyed(6, "x")})
	require.NoError(t, err)
	_, err = c.RunFor(300)
	require.NoError(t, err)
	k := cons(t, c, "c1")
	require.NoError(t, c.CrashConsumer("c1"))
	processed := k.Processed
	_, err = c.RunFor(50_000)
	require.NoError(t, err)
	var seen []string
	c2, err := c.ConsumerConfig(member("c2", "g1"))
	require.NoError(t, err)
	c2.OnProcess = func(r consumer.Record) { seen = append(seen, string(r.Value)) }
	require.NoError(t, c.StartConsumerConfig(c2))
	_, err = c.RunFor(2000)
	require.NoError(t, err)
	require.Less(t, processed+int64(len(seen)), int64(6), "committed but never processed: lost")
}

var _ = sim.NodeID("")
