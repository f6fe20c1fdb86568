package cluster_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

func newQuorumCluster(t *testing.T, seed uint64) *cluster.Cluster {
	t.Helper()
	c, err := cluster.New(cluster.Config{Seed: seed, Brokers: 3, Controllers: 3})
	require.NoError(t, err)
	require.NoError(t, c.Start())
	return c
}

func activeNode(t *testing.T, c *cluster.Cluster) sim.NodeID {
	t.Helper()
	var out sim.NodeID
	for _, q := range c.Quorum() {
		if q.Up && q.Active {
			require.Empty(t, out, "two active controllers")
			out = q.Node
		}
	}
	require.NotEmpty(t, out, "no active controller")
	return out
}

func TestQuorumElectsALeaderAndBrokersRegister(t *testing.T) {
	c := newQuorumCluster(t, 1)
	leader := activeNode(t, c)
	var followers int
	for _, q := range c.Quorum() {
		if q.Node != leader {
			require.Equal(t, controller.Follower, q.Role)
			followers++
		}
		require.Positive(t, q.HighWatermark)
	}
	require.Equal(t, 2, followers)
	require.Len(t, c.Snapshot().Controller.Brokers, 3)
	for _, b := range c.Snapshot().Controller.Brokers {
		require.False(t, b.Fenced)
	}
}

func TestQuorumFailoverKeepsMetadata(t *testing.T) {
	c := newQuorumCluster(t, 2)
	_, err := c.CreateTopic(toolsapi.CreateTopic{Name: "orders", Partitions: 3, ReplicationFactor: 3})
	require.NoError(t, err)
	old := activeNode(t, c)
	require.NoError(t, c.CrashController(old))
	_, err = c.CreateTopic(toolsapi.CreateTopic{Name: "payments", Partitions: 1, ReplicationFactor: 3})
	require.NoError(t, err)
	now := activeNode(t, c)
	require.NotEqual(t, old, now)
	_, err = c.CreateTopic(toolsapi.CreateTopic{Name: "orders", Partitions: 3, ReplicationFactor: 3})
	require.ErrorIs(t, err, kerr.TopicAlreadyExists, "the new leader replayed the committed TopicRecord")
	names, err := c.ListTopics()
	require.NoError(t, err)
	require.Equal(t, []string{"orders", "payments"}, names)
	// Brokers find the new active controller and heartbeat to it: 20 s
	// later, more than broker.session.timeout.ms, nobody is fenced.
	_, err = c.RunFor(20_000)
	require.NoError(t, err)
	for _, b := range c.Snapshot().Controller.Brokers {
		require.False(t, b.Fenced, "broker %d: heartbeats follow the failover", b.ID)
	}
	// The new active controller keeps the sessions: a dead broker is fenced.
	require.NoError(t, c.CrashBroker(3))
	_, err = c.RunFor(12_000)
	require.NoError(t, err)
	require.True(t, c.Snapshot().Controller.Brokers[2].Fenced, "broker 3 fenced by the new controller")
	require.NoError(t, c.RestartBroker(3))
	require.NoError(t, c.RestartController(old))
	_, err = c.RunFor(5000)
	require.NoError(t, err)
	for _, q := range c.Quorum() {
		require.True(t, q.Up)
		require.Equal(t, c.Quorum()[0].HighWatermark, q.HighWatermark, "%s caught up", q.Node)
	}
}

// The same seed and inputs give the same run with a quorum too: elections,
// their random timeouts and a failover included.
func TestQuorumSameSeedSameRun(t *testing.T) {
	run := func() ([]string, []sim.Hash) {
		var labels []string
		var hashes []sim.Hash
		c, err := cluster.New(cluster.Config{Seed: 7, Brokers: 3, Controllers: 3, HashEveryStep: true, OnTrace: func(e sim.TraceEntry) {
			labels = append(labels, fmt.Sprintf("%d %s %s>%s %s", e.Time, e.Kind, e.From, e.To, e.Label))
			if !e.Hash.IsZero() {
				hashes = append(hashes, e.Hash)
			}
		}})
		require.NoError(t, err)
		require.NoError(t, c.Start())
		_, err = c.CreateTopic(toolsapi.CreateTopic{Name: "orders", Partitions: 2, ReplicationFactor: 3})
		require.NoError(t, err)
		require.NoError(t, c.CrashController(activeNode(t, c)))
		_, err = c.CreateTopic(toolsapi.CreateTopic{Name: "payments", Partitions: 1, ReplicationFactor: 3})
		require.NoError(t, err)
		return labels, hashes
	}
	l1, h1 := run()
	l2, h2 := run()
	require.Equal(t, l1, l2)
	require.Equal(t, h1, h2)
	require.Greater(t, len(h1), 100)
}

// A CreateTopics whose answer is lost, then the active controller crashes:
// the client's retry reaches the new active controller, which replayed the
// committed TopicRecord and answers TOPIC_ALREADY_EXISTS, as Kafka does; the
// topic is in the log once.
func TestQuorumRetriedCreateTopicsAfterFailover(t *testing.T) {
	c := newQuorumCluster(t, 5)
	leader := activeNode(t, c)
	require.NoError(t, c.DropNextMessages(leader, cluster.AdminNode, 1))
	require.NoError(t, c.SubmitCreateTopic(toolsapi.CreateTopic{Name: "orders", Partitions: 1, ReplicationFactor: 3}))
	committed := func() bool {
		for _, r := range mustLog(t, c, leader)[:quorumHW(c, leader)] {
			if r.Topic != nil && r.Topic.Name == "orders" {
				return true
			}
		}
		return false
	}
	for range 10_000 {
		if committed() {
			break
		}
		_, err := c.Step(1)
		require.NoError(t, err)
	}
	require.True(t, committed())
	require.NoError(t, c.CrashController(leader))
	_, err := c.CreateTopic(toolsapi.CreateTopic{Name: "orders", Partitions: 1, ReplicationFactor: 3})
	require.ErrorIs(t, err, kerr.TopicAlreadyExists)
	now := activeNode(t, c)
	require.NotEqual(t, leader, now)
	n := 0
	for _, r := range mustLog(t, c, now) {
		if r.Topic != nil && r.Topic.Name == "orders" {
			n++
		}
	}
	require.Equal(t, 1, n, "created once")
}

func mustLog(t *testing.T, c *cluster.Cluster, n sim.NodeID) []protocol.MetadataRecord {
	t.Helper()
	log, err := c.ControllerLog(n)
	require.NoError(t, err)
	return log
}

func quorumHW(c *cluster.Cluster, n sim.NodeID) int64 {
	for _, q := range c.Quorum() {
		if q.Node == n {
			return q.HighWatermark
		}
	}
	return 0
}
