package cluster_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

// A partition without a leader does not stop an assign-mode read: the
// consumer reads the other partitions and keeps retrying that one until its
// timeout, and picks it up if a leader comes back in time.
func TestFetchReadsAroundALeaderlessPartition(t *testing.T) {
	c := start(t, cluster.Config{Seed: 4})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "t", Assignment: [][]int32{{1}, {2}}})
	require.NoError(t, err)
	for p, v := range []string{"zero", "one"} {
		_, err := c.Produce(tools.ProduceSpec{Topic: "t", Records: []tools.ProducerRecord{{Value: []byte(v), Partition: int32(p)}}})
		require.NoError(t, err)
	}
	require.NoError(t, c.CrashBroker(2))
	_, err = c.RunFor(12_000) // fenced: partition 1 has no leader
	require.NoError(t, err)
	values := func(recs []tools.ConsumedRecord) []string {
		var out []string
		for _, r := range recs {
			out = append(out, string(r.Value))
		}
		return out
	}
	recs, err := c.Fetch(tools.FetchSpec{Topic: "t", Offset: tools.Earliest, TimeoutMs: 2000})
	require.NoError(t, err)
	require.Equal(t, []string{"zero"}, values(recs))

	require.NoError(t, c.RestartBroker(2))
	recs, err = c.Fetch(tools.FetchSpec{Topic: "t", Offset: tools.Earliest, TimeoutMs: 20_000, MaxMessages: 2})
	require.NoError(t, err)
	require.Equal(t, []string{"zero", "one"}, values(recs), "partition 1 is read once broker 2 leads it again")
}
