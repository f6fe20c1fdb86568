package cluster_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

// TestOffsetResetNoneOutOfRange: with auto.offset.reset=none, a committed
// position that retention has deleted makes poll throw
// OffsetOutOfRangeException (FetchCollector.handleInitializeErrors) instead
// of resetting; the consumer stops with the error.
func TestOffsetResetNoneOutOfRange(t *testing.T) {
	c := start(t, cluster.Config{Seed: 7, RetentionCheckIntervalMs: 100})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "r", Partitions: 1, ReplicationFactor: 1, Configs: []string{"segment.ms=100", "retention.ms=5000"}})
	require.NoError(t, err)
	produce := func() {
		t.Helper()
		reps, err := c.Produce(tools.ProduceSpec{Topic: "r", Records: keyed(5, "v")})
		require.NoError(t, err)
		for _, r := range reps {
			require.NoError(t, r.Err)
		}
	}
	produce()
	spec := tools.ConsumerSpec{Name: "c1", Group: "g1", Topics: []string{"r"}, AutoOffsetReset: "earliest", Commit: "after"}
	require.NoError(t, c.StartConsumer(spec))
	_, err = c.RunFor(2000)
	require.NoError(t, err)
	require.EqualValues(t, 5, cons(t, c, "c1").Processed)
	require.NoError(t, c.StopConsumer("c1"))
	produce()
	_, err = c.RunFor(6000) // retention.ms deletes both batches (rolling the active segment first)
	require.NoError(t, err)
	d := describe(t, c, "g1")
	require.Len(t, d.Offsets, 1)
	require.EqualValues(t, 5, d.Offsets[0].Committed)

	spec.Name, spec.AutoOffsetReset = "c2", "none"
	require.NoError(t, c.StartConsumer(spec))
	_, err = c.RunFor(5000)
	require.NoError(t, err)
	k := cons(t, c, "c2")
	require.Error(t, k.Err())
	require.Contains(t, k.Err().Error(), "org.apache.kafka.clients.consumer.OffsetOutOfRangeException: Fetch position FetchPosition{offset=5} is out of range for partition r-0")
	require.Zero(t, k.Processed)
}
