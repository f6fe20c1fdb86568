package cluster_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

func alter(t *testing.T, c *cluster.Cluster, typ, name string, ops ...tools.ConfigOp) {
	t.Helper()
	require.NoError(t, c.AlterConfigs(typ, name, ops))
}

func set(name, value string) tools.ConfigOp { return tools.ConfigOp{Name: name, Value: value} }

// Lowering retention.ms on a live topic deletes its old segments at the
// next retention check on every replica; without the change they stay.
func TestAlterRetentionDeletesSegments(t *testing.T) {
	for _, lower := range []bool{false, true} {
		c := faultCluster(t, cluster.Config{Seed: 2, RetentionCheckIntervalMs: 10_000}, "segment.bytes=150")
		for _, v := range []string{"a", "b", "c", "d"} {
			produceN(t, c, "all", v)
		}
		_, err := c.RunFor(2_000)
		require.NoError(t, err)
		if lower {
			alter(t, c, "topics", "t", set("retention.ms", "1000"))
		}
		_, err = c.RunFor(10_000)
		require.NoError(t, err)
		for id := int32(1); id <= 3; id++ {
			r, ok := c.Replica(id, "t", 0)
			require.True(t, ok)
			if lower {
				require.Equal(t, int64(4), r.LogStartOffset, "broker %d deleted every expired segment", id)
			} else {
				require.Equal(t, int64(0), r.LogStartOffset, "broker %d keeps its segments for 7 days", id)
			}
		}
	}
}

// Raising min.insync.replicas takes effect for the next acks=all produce:
// with one replica stopped the ISR of 2 is now too small.
func TestAlterMinInsyncReplicasFailsProduce(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 3})
	require.NoError(t, c.CrashBroker(3))
	_, err := c.RunFor(40_000)
	require.NoError(t, err)
	require.NoError(t, produceN(t, c, "all", "a")[0].Err)
	alter(t, c, "topics", "t", set("min.insync.replicas", "3"))
	require.ErrorIs(t, produceN(t, c, "all", "b")[0].Err, kerr.NotEnoughReplicas)
	require.NoError(t, produceN(t, c, "1", "c")[0].Err, "acks=1 ignores min.insync.replicas")
	// The cluster-wide default does not override the topic's own value.
	alter(t, c, "topics", "t", tools.ConfigOp{Name: "min.insync.replicas", Delete: true})
	alter(t, c, "brokers", "", set("min.insync.replicas", "3"))
	require.ErrorIs(t, produceN(t, c, "all", "d")[0].Err, kerr.NotEnoughReplicas, "the dynamic broker default applies")
	alter(t, c, "topics", "t", set("min.insync.replicas", "1"))
	require.NoError(t, produceN(t, c, "all", "e")[0].Err, "the topic override wins over the broker default")
}

// Setting unclean.leader.election.enable=true elects an out-of-sync
// replica for a partition without a leader at once, as Kafka's controller
// does when the config changes.
func TestAlterUncleanElectionElectsLeaderlessPartition(t *testing.T) {
	for _, level := range []string{"topics", "brokers"} {
		t.Run(level, func(t *testing.T) { testUncleanElectionOnAlter(t, level) })
	}
}

// testUncleanElectionOnAlter sets unclean.leader.election.enable on the
// topic, or as the cluster-wide broker default.
func testUncleanElectionOnAlter(t *testing.T, level string) {
	c := faultCluster(t, cluster.Config{Seed: 6})
	produceN(t, c, "all", "a")
	require.NoError(t, c.CrashBroker(2))
	require.NoError(t, c.CrashBroker(3))
	_, err := c.RunFor(40_000)
	require.NoError(t, err)
	require.NoError(t, c.CrashBroker(1))
	require.NoError(t, c.RestartBroker(2))
	require.NoError(t, c.RestartBroker(3))
	_, err = c.RunFor(15_000)
	require.NoError(t, err)
	require.Equal(t, int32(-1), c.Snapshot().Controller.Topics[0].Partitions[0].Leader, "offline: the only ISR member is down")
	if level == "topics" {
		alter(t, c, "topics", "t", set("unclean.leader.election.enable", "true"))
	} else {
		alter(t, c, "brokers", "", set("unclean.leader.election.enable", "true"))
	}
	p := c.Snapshot().Controller.Topics[0].Partitions[0]
	require.Equal(t, int32(2), p.Leader, "the first alive replica is elected uncleanly")
}

// A broker's own dynamic config applies on that broker only; the
// cluster-wide default on all; both survive a crash, replayed from the
// metadata log.
func TestDynamicBrokerConfigsApplyPerBroker(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 4})
	alter(t, c, "brokers", "2", set("log.segment.bytes", "150"))
	for _, v := range []string{"a", "b", "c"} {
		produceN(t, c, "all", v)
	}
	_, err := c.RunUntilIdle()
	require.NoError(t, err)
	segs := func(id int32) int {
		r, ok := c.Replica(id, "t", 0)
		require.True(t, ok)
		return r.Segments
	}
	require.Equal(t, 1, segs(1))
	require.Greater(t, segs(2), 1, "broker 2 rolls at its own log.segment.bytes")
	entries, err := c.DescribeConfigs("topics", "t")
	require.NoError(t, err)
	for _, e := range entries {
		if e.Name == "segment.bytes" {
			require.Equal(t, "1073741824", e.Value, "described by broker 1")
		}
	}
	require.NoError(t, c.CrashBroker(2))
	require.NoError(t, c.RestartBroker(2))
	_, err = c.RunFor(20_000)
	require.NoError(t, err)
	entries, err = c.DescribeConfigs("brokers", "2")
	require.NoError(t, err)
	found := false
	for _, e := range entries {
		if e.Name == "log.segment.bytes" {
			found = true
			require.Equal(t, "150", e.Value)
			require.Equal(t, "DYNAMIC_BROKER_CONFIG", e.Source)
		}
	}
	require.True(t, found)
}

// Bad changes are refused with Kafka's errors and change nothing.
func TestAlterConfigsErrors(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 5})
	before := c.Snapshot().Controller.MetadataEndOffset
	cases := []struct {
		typ, name string
		op        tools.ConfigOp
		want      *kerr.Error
		msg       string
	}{
		{"topics", "t", set("min.insync.replicas", "0"), kerr.InvalidConfig, "Invalid value 0 for configuration min.insync.replicas: Value must be at least 1"},
		{"topics", "t", set("retention.ms", "x"), kerr.InvalidConfig, "Invalid value x for configuration retention.ms: Not a number of type LONG"},
		{"topics", "t", set("nope", "1"), kerr.InvalidConfig, "Unknown topic config name: nope"},
		{"topics", "missing", set("retention.ms", "1"), kerr.UnknownTopicOrPartition, "The topic 'missing' does not exist."},
		{"brokers", "1", set("num.partitions", "3"), kerr.InvalidRequest, "Cannot update these configs dynamically: Set(num.partitions)"},
		{"brokers", "", set("log.retention.ms", "-5"), kerr.InvalidRequest, "Invalid value -5 for configuration log.retention.ms: Value must be at least -1"},
		{"brokers", "", set("log.cleaner.threads", "2"), kerr.InvalidRequest, "lab: the lab does not model"},
	}
	for _, tc := range cases {
		err := c.AlterConfigs(tc.typ, tc.name, []tools.ConfigOp{tc.op})
		require.ErrorIs(t, err, tc.want, "%s %s", tc.typ, tc.op.Name)
		require.Contains(t, err.Error(), tc.msg)
	}
	require.Equal(t, before, c.Snapshot().Controller.MetadataEndOffset, "no ConfigRecord was written")
	_, err := c.DescribeConfigs("brokers", "9")
	require.ErrorIs(t, err, kerr.RequestTimedOut)
}

// Setting a config to its current value, or deleting one that is not set,
// writes no ConfigRecord.
func TestAlterConfigsWithoutChangeWritesNothing(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 5}, "retention.ms=1000")
	before := c.Snapshot().Controller.MetadataEndOffset
	alter(t, c, "topics", "t", set("retention.ms", "1000"))
	alter(t, c, "brokers", "", tools.ConfigOp{Name: "log.retention.ms", Delete: true})
	require.Equal(t, before, c.Snapshot().Controller.MetadataEndOffset)
	alter(t, c, "topics", "t", set("retention.ms", "2000"), set("retention.ms", "2000"))
	require.Equal(t, before+1, c.Snapshot().Controller.MetadataEndOffset, "one record for one change")
}
