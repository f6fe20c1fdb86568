package cluster_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

func start(t testing.TB, cfg cluster.Config) *cluster.Cluster {
	t.Helper()
	c, err := cluster.New(cfg)
	require.NoError(t, err)
	require.NoError(t, c.Start())
	return c
}

func keyed(n int, prefix string) []tools.ProducerRecord {
	var recs []tools.ProducerRecord
	for i := range n {
		recs = append(recs, tools.ProducerRecord{Key: []byte(fmt.Sprintf("user-%d", i)), Value: []byte(fmt.Sprintf("%s-%d", prefix, i)), Partition: -1})
	}
	return recs
}

// TestOrderEventsCommittedOnAllReplicas is the "done when": 3 brokers,
// order_events with 3 partitions × RF 3, keyed records with acks=all; each
// record is committed on all three replicas, the leaders are spread one per
// broker, and the trace names lifecycle steps 1–9 in order.
func TestOrderEventsCommittedOnAllReplicas(t *testing.T) {
	c := start(t, cluster.Config{Seed: 42})
	created, err := c.CreateTopic(tools.CreateTopic{Name: "order_events", Partitions: 3, ReplicationFactor: 3})
	require.NoError(t, err)
	require.Equal(t, "order_events", created.Name)
	require.NotEmpty(t, created.Warning, "'_' in the name draws kafka-topics.sh's collision warning")

	desc, err := c.DescribeTopics([]string{"order_events"})
	require.NoError(t, err)
	require.Len(t, desc[0].Partitions, 3)
	var leaders []int32
	for _, p := range desc[0].Partitions {
		require.Len(t, p.Replicas, 3)
		require.ElementsMatch(t, []int32{1, 2, 3}, p.ISR)
		leaders = append(leaders, p.Leader)
	}
	require.ElementsMatch(t, []int32{1, 2, 3}, leaders, "one leader per broker")

	seq := c.Sim().LastSeq()
	reports, err := c.Produce(tools.ProduceSpec{Topic: "order_events", Records: keyed(9, "order"), Properties: map[string]string{"acks": "all"}})
	require.NoError(t, err)
	require.Len(t, reports, 9)
	_, err = c.RunUntilIdle()
	require.NoError(t, err)
	for _, r := range reports {
		require.NoError(t, r.Err)
		require.GreaterOrEqual(t, r.Offset, int64(0))
		for id := int32(1); id <= 3; id++ {
			rep, ok := c.Replica(id, "order_events", r.Partition)
			require.True(t, ok)
			require.Greater(t, rep.HW, r.Offset, "record %s-%d@%d committed on broker %d", r.Topic, r.Partition, r.Offset, id)
			require.Greater(t, rep.LEO, r.Offset)
		}
	}
	require.NoError(t, c.CheckInvariants())

	// The trace names steps 1–9, and their first occurrences come in order.
	first := map[int]uint64{}
	for _, e := range c.Sim().TraceAfter(seq) {
		if e.Lifecycle > 0 {
			if _, ok := first[e.Lifecycle]; !ok {
				first[e.Lifecycle] = e.Seq
				t.Logf("%d %s", e.Lifecycle, e.Label)
			}
		}
	}
	for step := 1; step <= 9; step++ {
		require.Contains(t, first, step, "lifecycle step %d", step)
		if step > 1 {
			require.Less(t, first[step-1], first[step], "step %d before step %d", step-1, step)
		}
	}
	got, err := c.Fetch(tools.FetchSpec{Topic: "order_events", Offset: tools.Earliest, MaxMessages: 9, TimeoutMs: 2000})
	require.NoError(t, err)
	require.Len(t, got, 9)
	var values []string
	for _, r := range got {
		values = append(values, string(r.Value))
	}
	slices.Sort(values)
	require.Equal(t, "order-0", values[0])
	_ = sim.KindLocal
}
