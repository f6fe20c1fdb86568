package cluster_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/tools"
)

func runLab(t *testing.T, c *cluster.Cluster, script string) string {
	t.Helper()
	var out strings.Builder
	r := tools.NewRunner(c, &out)
	r.ContinueOnError = true
	_, _ = r.RunScript(script)
	return out.String()
}

// The lab's controller commands and kafka-metadata-quorum.sh against a
// 3-controller quorum: crash the active controller, see another take over,
// and a second CreateTopics for the same topic answer TOPIC_ALREADY_EXISTS.
func TestLabControllerCommands(t *testing.T) {
	c := newQuorumCluster(t, 3)
	leader := activeNode(t, c)
	out := runLab(t, c, "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 2 --replication-factor 3\n"+
		"kafka-metadata-quorum.sh --bootstrap-controller controller-1:9093 describe --status\n"+
		"crash "+string(leader)+"\n"+
		"run 8s\n"+
		"quorum\n"+
		"kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 2 --replication-factor 3\n"+
		"restart "+string(leader)+"\n"+
		"run 3s\n"+
		"kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --replication\n")
	require.Contains(t, out, "Created topic orders.")
	require.Contains(t, out, "ClusterId:              "+c.ClusterID()+"\nLeaderId:               ")
	require.Contains(t, out, `CurrentVoters:          [{"id": 3000, "endpoints": ["CONTROLLER://controller-1:9093"]}, {"id": 3001, "endpoints": ["CONTROLLER://controller-2:9093"]}, {"id": 3002, "endpoints": ["CONTROLLER://controller-3:9093"]}]`)
	require.Contains(t, out, `CurrentObservers:       [{"id": 1}, {"id": 2}, {"id": 3}]`)
	require.Contains(t, out, string(leader)+"   ")
	require.Contains(t, out, "down  -")
	require.Contains(t, out, "Leader*")
	require.Contains(t, out, "Topic 'orders' already exists.")
	require.Contains(t, out, "NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus  \t\n")
	require.Equal(t, 1, strings.Count(out, "\tLeader  \t"), out)
	require.Equal(t, 2, strings.Count(out, "\tFollower\t"), out)
	require.Equal(t, 3, strings.Count(out, "\tObserver\t"), out)
	require.NotEqual(t, leader, activeNode(t, c))
}

func TestMetadataQuorumToolErrors(t *testing.T) {
	c := newQuorumCluster(t, 4)
	for _, tc := range []struct{ args, want string }{
		{"describe --status", "kafka-metadata-quorum: error: one of the arguments --bootstrap-server --bootstrap-controller is required"},
		{"--bootstrap-server localhost:9092 --bootstrap-controller controller-1:9093 describe --status", "argument --bootstrap-controller: not allowed with argument --bootstrap-server"},
		{"--bootstrap-server localhost:9092", "kafka-metadata-quorum: error: too few arguments"},
		{"--bootstrap-server localhost:9092 describe", "One of --status or --replication must be specified with describe sub-command"},
		{"--bootstrap-server localhost:9092 describe --status --replication", "Only one of --status or --replication should be specified with describe sub-command"},
		{"--bootstrap-server localhost:9092 describe --status --human-readable", "The option --human-readable is only supported along with --replication"},
		{"--bootstrap-server localhost:9092 describe --verbose", "unrecognized arguments: '--verbose'"},
		{"--bootstrap-server", "argument --bootstrap-server: expected one argument"},
	} {
		out := runLab(t, c, "kafka-metadata-quorum.sh "+tc.args+"\n")
		require.Contains(t, out, tc.want, tc.args)
		require.Contains(t, out, "[exit status 1]", tc.args)
	}
	// With the default single controller, the quorum is that one node.
	single, err := cluster.New(cluster.Config{Seed: 4, Brokers: 2})
	require.NoError(t, err)
	require.NoError(t, single.Start())
	out := runLab(t, single, "kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --status\ncrash controller\n")
	require.Contains(t, out, "LeaderId:               0\nLeaderEpoch:            1\n")
	require.Contains(t, out, `CurrentVoters:          [{"id": 0, "endpoints": ["CONTROLLER://controller:9093"]}]`)
	require.Contains(t, out, "crash: cluster: controller is the only controller; run the cluster with 3 controllers to see a failover")
}
