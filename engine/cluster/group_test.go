package cluster_test

import (
	"fmt"
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

// groupLab is a 3-broker cluster with order_events (3 partitions × RF 3)
// holding n keyed records.
func groupLab(t *testing.T, n int) *cluster.Cluster {
	t.Helper()
	c := start(t, cluster.Config{Seed: 7})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "order_events", Partitions: 3, ReplicationFactor: 3})
	require.NoError(t, err)
	if n > 0 {
		reps, err := c.Produce(tools.ProduceSpec{Topic: "order_events", Records: keyed(n, "order")})
		require.NoError(t, err)
		for _, r := range reps {
			require.NoError(t, r.Err)
		}
	}
	_, err = c.RunUntilIdle()
	require.NoError(t, err)
	return c
}

func describe(t *testing.T, c *cluster.Cluster, g string) tools.GroupDescription {
	t.Helper()
	d, err := c.DescribeGroup(g)
	require.NoError(t, err)
	return d
}

func offsets(d tools.GroupDescription) map[string]int64 {
	out := map[string]int64{}
	for _, o := range d.Offsets {
		out[fmt.Sprintf("%s-%d", o.Topic, o.Partition)] = o.Committed
	}
	return out
}

// TestGroupLifecycle: one consumer joins g1, gets every partition, reads the
// records from the start, processes and commits them; the trace has steps
// 10–15 in order, after 1–9.
func TestGroupLifecycle(t *testing.T) {
	c := groupLab(t, 9)
	seq := c.Sim().LastSeq()
	require.NoError(t, c.StartConsumer(tools.ConsumerSpec{Name: "c1", Group: "g1", Topics: []string{"order_events"}, AutoOffsetReset: "earliest", Commit: "after"}))
	_, err := c.RunFor(2000)
	require.NoError(t, err)
	cons, _ := c.Consumer("c1")
	require.EqualValues(t, 9, cons.Processed)
	require.Len(t, cons.Assignment(), 3)
	require.EqualValues(t, 1, cons.Generation())

	var steps []int
	for _, e := range c.Sim().TraceAfter(seq) {
		if e.Lifecycle >= 10 && (len(steps) == 0 || steps[len(steps)-1] != e.Lifecycle) {
			steps = append(steps, e.Lifecycle)
		}
	}
	require.NotEmpty(t, steps)
	first := map[int]int{}
	for i, s := range steps {
		if _, ok := first[s]; !ok {
			first[s] = i
		}
	}
	for s := 10; s <= 15; s++ {
		require.Contains(t, first, s, "step %d in the trace: %v", s, steps)
		if s > 10 {
			require.Less(t, first[s-1], first[s], "step %d before %d: %v", s-1, s, steps)
		}
	}
	d := describe(t, c, "g1")
	require.Equal(t, "Stable", d.State)
	require.Equal(t, "range", d.Protocol)
	total := int64(0)
	for _, o := range d.Offsets {
		require.Equal(t, o.LogEnd, o.Committed, "everything is committed")
		require.EqualValues(t, 0, o.Lag)
		total += o.Committed
	}
	require.EqualValues(t, 9, total)
}

func TestGroupTraceDump(t *testing.T) {
	if testing.Short() || !testing.Verbose() {
		t.Skip("dump only with -v")
	}
	c := groupLab(t, 3)
	seq := c.Sim().LastSeq()
	require.NoError(t, c.StartConsumer(tools.ConsumerSpec{Name: "c1", Group: "g1", Topics: []string{"order_events"}, AutoOffsetReset: "earliest"}))
	_, err := c.RunFor(6000)
	require.NoError(t, err)
	for _, e := range c.Sim().TraceAfter(seq) {
		if e.Kind == "deliver" || e.Kind == "local" {
			if e.API == "Fetch(__cluster_metadata)" || e.API == "BrokerHeartbeat" || e.API == "Fetch(__cluster_metadata)Response" || e.API == "BrokerHeartbeatResponse" || e.API == "Fetch" && e.From != "c1" && e.To != "c1" || e.API == "FetchResponse" && e.To != "c1" {
				continue
			}
			t.Logf("%6d %-8s %s→%s %s %s | %s", e.Time, e.Kind, e.From, e.To, e.API, e.Label, e.Summary)
		}
	}
}
