package checks

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestKeyInOnePartitionAndPartitionsWithRecords(t *testing.T) {
	w, err := NewWorld(3, 7)
	require.NoError(t, err)
	require.NoError(t, w.Run("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 3 --replication-factor 3\nrun idle\n"))

	ask, err := NewAsk("partitions_with_records", map[string]any{"topic": "t"})
	require.NoError(t, err)
	ans, err := ask.Eval(w)
	require.NoError(t, err)
	require.Equal(t, "0", ans)

	c := func(min int) Result {
		spec, _ := Lookup("key_in_one_partition")
		return spec.Eval(w, Params{"topic": "t", "key": "alice", "min": int64(min)})
	}
	require.False(t, c(1).Met, c(1).Why.EN)

	// Two records with the key: one partition, in order.
	require.NoError(t, w.Run("printf 'alice:1\\nalice:2\\n' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --property parse.key=true --property key.separator=:\n"))
	require.True(t, c(2).Met, c(2).Why.EN)
	require.False(t, c(3).Met, c(3).Why.EN)
	ans, _ = ask.Eval(w)
	require.Equal(t, "1", ans)

	// More partitions move the key (murmur2 % 4 differs from % 3 for alice):
	// its records are now spread.
	require.NoError(t, w.Run("kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic t --partitions 4\nrun idle\n"+
		"echo 'alice:3' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --property parse.key=true --property key.separator=:\n"))
	r := c(1)
	require.False(t, r.Met)
	require.Contains(t, r.Why.EN, "spread over partitions")
	ans, _ = ask.Eval(w)
	require.Equal(t, "2", ans)
}
