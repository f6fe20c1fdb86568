package cluster_test

import (
	"errors"
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
	"github.com/stretchr/testify/require"
)

// ListOffsets with KIP-1005's timestamps on a cluster without tiered
// storage: -4 (earliest-local) is the log start offset, -5 (latest-tiered)
// has no answer (-1), as UnifiedLog answers with remote storage off.
func TestListOffsetsTieredTimestamps(t *testing.T) {
	c := start(t, cluster.Config{Seed: 3})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "t", Partitions: 1, ReplicationFactor: 3})
	require.NoError(t, err)
	_, err = c.Produce(tools.ProduceSpec{Topic: "t", Records: keyed(4, "v")})
	require.NoError(t, err)
	for ts, want := range map[int64]int64{toolsapi.Earliest: 0, toolsapi.Latest: 4, toolsapi.EarliestLocal: 0, toolsapi.LatestTiered: -1} {
		off, err := c.ListOffsets("t", 0, ts)
		require.NoError(t, err, "timestamp %d", ts)
		require.Equal(t, want, off, "timestamp %d", ts)
	}
	_, err = c.ListOffsets("t", 0, -7)
	require.True(t, errors.Is(err, kerr.InvalidRequest), "an unknown special timestamp: %v", err)
}

// The brokers' disks as kafka-dump-log.sh reads them: partition directories
// and files, readable after the broker stopped; a missing file or broker is
// ErrNoSuchFile.
func TestLogDirs(t *testing.T) {
	c := start(t, cluster.Config{Seed: 3})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "t", Partitions: 2, ReplicationFactor: 3})
	require.NoError(t, err)
	_, err = c.Produce(tools.ProduceSpec{Topic: "t", Records: keyed(6, "v")})
	require.NoError(t, err)
	_, err = c.RunUntilIdle()
	require.NoError(t, err)
	dirs, err := c.LogPartitionDirs(2)
	require.NoError(t, err)
	require.Equal(t, []string{"t-0", "t-1"}, dirs)
	files, err := c.LogFiles(2, "t-0")
	require.NoError(t, err)
	require.Equal(t, "00000000000000000000.index", files[0].Name)
	require.NoError(t, c.StopBroker(2))
	b, err := c.ReadLogFile(2, "t-0", "00000000000000000000.log")
	require.NoError(t, err, "a stopped broker's disk is still there")
	require.Equal(t, files[1].Size, int64(len(b)))
	for _, bad := range [][3]any{{int32(2), "t-0", "nope.log"}, {int32(2), "u-0", "x"}, {int32(9), "t-0", "x"}} {
		_, err := c.ReadLogFile(bad[0].(int32), bad[1].(string), bad[2].(string))
		require.ErrorIs(t, err, toolsapi.ErrNoSuchFile, "%v", bad)
	}
}

// ElectLeaders for all partitions leaves out those whose election is not
// needed, as Kafka's controller does for a request without partitions; a
// named partition gets its ELECTION_NOT_NEEDED.
func TestElectLeadersAll(t *testing.T) {
	c := start(t, cluster.Config{Seed: 3})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "t", Partitions: 2, ReplicationFactor: 3})
	require.NoError(t, err)
	res, err := c.ElectLeaders(false, nil, true)
	require.NoError(t, err)
	require.Empty(t, res)
	res, err = c.ElectLeaders(false, []toolsapi.TopicPartition{{Topic: "t", Partition: 1}}, false)
	require.NoError(t, err)
	require.Len(t, res, 1)
	require.ErrorIs(t, res[0].Err, kerr.ElectionNotNeeded)
}
