package cluster_test

import (
	"errors"
	"testing"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

func produceOne(t *testing.T, c *cluster.Cluster, topic, value string, props map[string]string) (tools.DeliveryReport, int64) {
	t.Helper()
	before := c.Now()
	reports, err := c.Produce(tools.ProduceSpec{Topic: topic, Records: []tools.ProducerRecord{{Value: []byte(value), Partition: 0}}, Properties: props})
	require.NoError(t, err)
	require.Len(t, reports, 1)
	return reports[0], c.Now() - before
}

// TestAcksTiming checks the three acks levels on a 1-partition RF 3 topic
// with 10 ms links: acks=0 finishes when the request is sent, acks=1 after
// the leader's append (one round trip), acks=all after the followers fetched
// the batch and acknowledged it with their next fetch (two more trips).
func TestAcksTiming(t *testing.T) {
	c := start(t, cluster.Config{Seed: 7, LatencyMs: 10})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "orders", Partitions: 1, ReplicationFactor: 3})
	require.NoError(t, err)
	_, err = c.RunUntilIdle()
	require.NoError(t, err)

	linger0 := map[string]string{"linger.ms": "0"}
	with := func(acks string) map[string]string { return map[string]string{"linger.ms": "0", "acks": acks} }
	_ = linger0

	r0, d0 := produceOne(t, c, "orders", "a0", with("0"))
	require.NoError(t, r0.Err)
	require.Equal(t, int64(-1), r0.Offset, "acks=0 learns no offset")
	_, err = c.RunUntilIdle()
	require.NoError(t, err)

	r1, d1 := produceOne(t, c, "orders", "a1", with("1"))
	require.NoError(t, r1.Err)
	require.Equal(t, int64(1), r1.Offset)
	_, err = c.RunUntilIdle()
	require.NoError(t, err)

	rAll, dAll := produceOne(t, c, "orders", "a-all", with("all"))
	require.NoError(t, rAll.Err)
	require.Equal(t, int64(2), rAll.Offset)
	t.Logf("acks=0 %d ms, acks=1 %d ms, acks=all %d ms", d0, d1, dAll)
	// Each Produce first fetches metadata (one round trip, 20 ms).
	require.Less(t, d0, d1)
	require.Equal(t, int64(40), d1, "metadata + produce round trips")
	require.Equal(t, int64(60), dAll, "plus the fetch response carrying the batch to the followers and their next fetch")
	rep, _ := c.Replica(2, "orders", 0)
	require.Equal(t, int64(3), rep.LEO)
}

func leaderOf(t *testing.T, c *cluster.Cluster, topic string, p int32) (leader int32, isr []int32) {
	t.Helper()
	d, err := c.DescribeTopics([]string{topic})
	require.NoError(t, err)
	return d[0].Partitions[p].Leader, d[0].Partitions[p].ISR
}

// TestMinISRWithStoppedFollower: with min.insync.replicas=2 and one follower
// stopped, the leader drops it from the ISR after replica.lag.time.max.ms and
// acks=all still succeeds with ISR 2; with min.insync.replicas=3 the same
// produce fails before the append with NOT_ENOUGH_REPLICAS, while acks=1
// succeeds.
func TestMinISRWithStoppedFollower(t *testing.T) {
	c := start(t, cluster.Config{Seed: 3, ReplicaLagTimeMaxMs: 4000})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "payments", Assignment: [][]int32{{1, 2, 3}}, Configs: []string{"min.insync.replicas=2"}})
	require.NoError(t, err)
	_, err = c.CreateTopic(tools.CreateTopic{Name: "strict", Assignment: [][]int32{{1, 2, 3}}, Configs: []string{"min.insync.replicas=3"}})
	require.NoError(t, err)

	require.NoError(t, c.StopBroker(3))
	// A follower at the leader's LEO stays in sync however long it is
	// silent (Replica.isCaughtUp), so the ISR shrinks only once there is
	// something to replicate.
	r, _ := produceOne(t, c, "payments", "p-0", map[string]string{"acks": "1"})
	require.NoError(t, r.Err)
	r, _ = produceOne(t, c, "strict", "s-0", map[string]string{"acks": "1"})
	require.NoError(t, r.Err)
	// Shrink checks run every lag/2 = 2 s; the follower is out after 4 s,
	// before the controller would fence it (9 s).
	_, err = c.RunFor(6500)
	require.NoError(t, err)
	leader, isr := leaderOf(t, c, "payments", 0)
	require.Equal(t, int32(1), leader)
	require.ElementsMatch(t, []int32{1, 2}, isr)
	snap := c.Snapshot()
	require.False(t, snap.Controller.Brokers[2].Fenced, "the leader, not fencing, removed broker 3")

	r, _ = produceOne(t, c, "payments", "p-1", map[string]string{"acks": "all"})
	require.NoError(t, r.Err)

	r, _ = produceOne(t, c, "strict", "s-1", map[string]string{"acks": "all", "retries": "0"})
	require.ErrorIs(t, r.Err, kerr.NotEnoughReplicas)
	r, _ = produceOne(t, c, "strict", "s-2", map[string]string{"acks": "1"})
	require.NoError(t, r.Err)
	require.Equal(t, int64(1), r.Offset, "the acks=all record was never appended")

	// After broker.session.timeout.ms the controller fences broker 3 too.
	_, err = c.RunFor(10000)
	require.NoError(t, err)
	require.True(t, c.Snapshot().Controller.Brokers[2].Fenced)
	require.NoError(t, c.CheckInvariants())

	// Restarted, broker 3 catches up and rejoins both ISRs.
	require.NoError(t, c.StartBroker(3))
	_, err = c.RunUntilIdle()
	require.NoError(t, err)
	_, err = c.RunFor(1000)
	require.NoError(t, err)
	_, isr = leaderOf(t, c, "payments", 0)
	require.ElementsMatch(t, []int32{1, 2, 3}, isr)
	rep, _ := c.Replica(3, "strict", 0)
	require.Equal(t, int64(2), rep.LEO)
}

// TestSlowFollowerLeavesAndRejoinsISR slows the follower's fetches past
// replica.lag.time.max.ms: it leaves the ISR, and rejoins once healed.
func TestSlowFollowerLeavesAndRejoinsISR(t *testing.T) {
	c := start(t, cluster.Config{Seed: 5})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "clicks", Assignment: [][]int32{{1, 2, 3}}})
	require.NoError(t, err)
	// The follower's next fetch takes 100 s to reach the leader; the shrink
	// check (every 15 s) finds it out of sync at the first check more than
	// 30 s after it was last caught up.
	require.NoError(t, c.SlowLink(broker.NodeID(3), broker.NodeID(1), 100000))
	r, _ := produceOne(t, c, "clicks", "c1", map[string]string{"acks": "1"})
	require.NoError(t, r.Err)
	_, err = c.RunFor(46000)
	require.NoError(t, err)
	_, isr := leaderOf(t, c, "clicks", 0)
	require.ElementsMatch(t, []int32{1, 2}, isr, "broker 3 fell behind for more than 30 s")

	// Healing affects new messages; the fetch in flight still arrives at
	// 100 s, and the follower, caught up, rejoins the ISR.
	require.NoError(t, c.SlowLink(broker.NodeID(3), broker.NodeID(1), 0))
	_, err = c.RunFor(60000)
	require.NoError(t, err)
	_, isr = leaderOf(t, c, "clicks", 0)
	require.ElementsMatch(t, []int32{1, 2, 3}, isr, "broker 3 caught up and rejoined")
	rep, _ := c.Replica(3, "clicks", 0)
	require.Equal(t, int64(1), rep.LEO)
	require.NoError(t, c.CheckInvariants())
}

// TestStaleMetadataAfterLeaderMove: the producer caches the leader; after
// the controller moves leadership, its produce gets NOT_LEADER_OR_FOLLOWER,
// it refreshes its metadata and succeeds on the new leader.
func TestStaleMetadataAfterLeaderMove(t *testing.T) {
	c := start(t, cluster.Config{Seed: 9})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "orders", Assignment: [][]int32{{1, 2, 3}}})
	require.NoError(t, err)
	_, err = c.RunUntilIdle()
	require.NoError(t, err)

	// Produce a first record so the producer holds metadata naming broker 1.
	r, _ := produceOne(t, c, "orders", "first", map[string]string{"acks": "all"})
	require.NoError(t, r.Err)
	_, err = c.RunUntilIdle()
	require.NoError(t, err)
	require.NoError(t, c.MoveLeader("orders", 0, 2))
	leader, _ := leaderOf(t, c, "orders", 0)
	require.Equal(t, int32(2), leader)

	seq := c.Sim().LastSeq()
	stale, err := c.ProduceWithStaleMetadata("orders", []byte("second"), map[string]string{"acks": "all"})
	require.NoError(t, err)
	require.NoError(t, stale.Err)
	require.Equal(t, int64(1), stale.Offset)
	sawNotLeader := false
	for _, e := range c.Sim().TraceAfter(seq) {
		if e.API == "ProduceResponse" && containsAll(e.Label, "NOT_LEADER_OR_FOLLOWER") {
			sawNotLeader = true
		}
	}
	require.True(t, sawNotLeader, "the stale produce went to broker 1 first")
	_, err = c.RunUntilIdle()
	require.NoError(t, err)
	require.NoError(t, c.CheckInvariants())
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		found := false
		for i := 0; i+len(sub) <= len(s); i++ {
			if s[i:i+len(sub)] == sub {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// TestTopicValidation checks the controller's answers to bad CreateTopics,
// CreatePartitions and DeleteTopics requests.
func TestTopicValidation(t *testing.T) {
	c := start(t, cluster.Config{Seed: 1})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "orders", Partitions: 3, ReplicationFactor: 3})
	require.NoError(t, err)
	cases := []struct {
		req  tools.CreateTopic
		want *kerr.Error
	}{
		{tools.CreateTopic{Name: "orders", Partitions: 1, ReplicationFactor: 1}, kerr.TopicAlreadyExists},
		{tools.CreateTopic{Name: "bad name", Partitions: 1, ReplicationFactor: 1}, kerr.InvalidTopicException},
		{tools.CreateTopic{Name: "a.b", Partitions: 1, ReplicationFactor: 1}, nil},
		{tools.CreateTopic{Name: "a_b", Partitions: 1, ReplicationFactor: 1}, kerr.InvalidTopicException},
		{tools.CreateTopic{Name: "zero", Partitions: 0, ReplicationFactor: 1}, kerr.InvalidPartitions},
		{tools.CreateTopic{Name: "rf4", Partitions: 1, ReplicationFactor: 4}, kerr.InvalidReplicationFactor},
		{tools.CreateTopic{Name: "rf0", Partitions: 1, ReplicationFactor: 0}, kerr.InvalidReplicationFactor},
		{tools.CreateTopic{Name: "cfg", Partitions: 1, ReplicationFactor: 1, Configs: []string{"min.insync.replicas=0"}}, kerr.InvalidConfig},
		{tools.CreateTopic{Name: "defaults", Partitions: -1, ReplicationFactor: -1}, nil},
	}
	for _, tc := range cases {
		_, err := c.CreateTopic(tc.req)
		if tc.want == nil {
			require.NoError(t, err, tc.req.Name)
			continue
		}
		require.ErrorIs(t, err, tc.want, tc.req.Name)
		t.Logf("%s: %v", tc.req.Name, err)
	}
	require.ErrorIs(t, c.CreatePartitions("orders", 2, nil), kerr.InvalidPartitions)
	require.ErrorIs(t, c.CreatePartitions("nope", 2, nil), kerr.UnknownTopicOrPartition)
	require.NoError(t, c.CreatePartitions("orders", 5, nil))
	d, err := c.DescribeTopics([]string{"orders"})
	require.NoError(t, err)
	require.Len(t, d[0].Partitions, 5)
	require.ErrorIs(t, c.DeleteTopic("nope"), kerr.UnknownTopicOrPartition)
	require.NoError(t, c.DeleteTopic("orders"))
	names, err := c.ListTopics()
	require.NoError(t, err)
	require.Equal(t, []string{"a.b", "defaults"}, names)
	_, err = c.DescribeTopics([]string{"orders"})
	require.ErrorIs(t, err, kerr.UnknownTopicOrPartition)
	_, err = c.Produce(tools.ProduceSpec{Topic: "orders", Records: []tools.ProducerRecord{{Value: []byte("x"), Partition: -1}}, Properties: map[string]string{"max.block.ms": "1000"}})
	require.NoError(t, err)
	_, err = c.Produce(tools.ProduceSpec{Topic: "x", Properties: map[string]string{"acks": "2"}})
	require.ErrorIs(t, err, kerr.InvalidConfig)
	_, err = c.Produce(tools.ProduceSpec{Topic: "x", Properties: map[string]string{"no.such": "1"}})
	require.True(t, errors.Is(err, kerr.InvalidConfig))
}

// TestListOffsetsAndFetchStopAtHW: consumers see only committed records.
func TestListOffsetsAndFetchStopAtHW(t *testing.T) {
	c := start(t, cluster.Config{Seed: 11})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "t", Assignment: [][]int32{{1, 2, 3}}})
	require.NoError(t, err)
	var recs []tools.ProducerRecord
	for range 5 {
		recs = append(recs, tools.ProducerRecord{Value: []byte("v"), Partition: 0})
	}
	_, err = c.Produce(tools.ProduceSpec{Topic: "t", Records: recs, Properties: map[string]string{"acks": "all"}})
	require.NoError(t, err)
	latest, err := c.ListOffsets("t", 0, tools.Latest)
	require.NoError(t, err)
	require.Equal(t, int64(5), latest)
	earliest, err := c.ListOffsets("t", 0, tools.Earliest)
	require.NoError(t, err)
	require.Equal(t, int64(0), earliest)
	byTime, err := c.ListOffsets("t", 0, 0)
	require.NoError(t, err)
	require.Equal(t, int64(0), byTime)

	// Cut both followers off: an acks=1 record is appended but never
	// committed, so consumers do not see it and Latest stays at 5.
	require.NoError(t, c.SlowLink(broker.NodeID(2), broker.NodeID(1), 100000))
	require.NoError(t, c.SlowLink(broker.NodeID(3), broker.NodeID(1), 100000))
	_, err = c.RunFor(600)
	require.NoError(t, err)
	_, err = c.Produce(tools.ProduceSpec{Topic: "t", Records: recs[:1], Properties: map[string]string{"acks": "1"}})
	require.NoError(t, err)
	latest, err = c.ListOffsets("t", 0, tools.Latest)
	require.NoError(t, err)
	require.Equal(t, int64(5), latest)
	got, err := c.Fetch(tools.FetchSpec{Topic: "t", Offset: tools.Earliest, TimeoutMs: 1000})
	require.NoError(t, err)
	require.Len(t, got, 5)
	rep, _ := c.Replica(1, "t", 0)
	require.Equal(t, int64(6), rep.LEO)
	require.Equal(t, int64(5), rep.HW)
}

// TestLogAppendTime: a topic with message.timestamp.type=LogAppendTime gets
// the leader's clock in its records, and the delivery report says so.
func TestLogAppendTime(t *testing.T) {
	c := start(t, cluster.Config{Seed: 2})
	_, err := c.CreateTopic(tools.CreateTopic{Name: "lat", Assignment: [][]int32{{1, 2}}, Configs: []string{"message.timestamp.type=LogAppendTime"}})
	require.NoError(t, err)
	r, _ := produceOne(t, c, "lat", "x", map[string]string{"acks": "all"})
	require.NoError(t, r.Err)
	got, err := c.Fetch(tools.FetchSpec{Topic: "lat", Offset: tools.Earliest, MaxMessages: 1, TimeoutMs: 1000})
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, "LogAppendTime", got[0].TimestampType)
	require.Equal(t, r.Timestamp, got[0].Timestamp)
	require.Greater(t, got[0].Timestamp, int64(0))
}
