package cluster_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

// faultCluster starts 3 brokers with topic t: one partition on 1,2,3.
func faultCluster(t *testing.T, cfg cluster.Config, configs ...string) *cluster.Cluster {
	t.Helper()
	c := start(t, cfg)
	_, err := c.CreateTopic(tools.CreateTopic{Name: "t", Partitions: -1, ReplicationFactor: -1,
		Assignment: [][]int32{{1, 2, 3}}, Configs: configs})
	require.NoError(t, err)
	_, err = c.RunUntilIdle()
	require.NoError(t, err)
	return c
}

func produceN(t *testing.T, c *cluster.Cluster, acks string, values ...string) []tools.DeliveryReport {
	t.Helper()
	var recs []tools.ProducerRecord
	for _, v := range values {
		recs = append(recs, tools.ProducerRecord{Value: []byte(v), Partition: 0})
	}
	reps, err := c.Produce(tools.ProduceSpec{Topic: "t", Records: recs, Properties: map[string]string{"acks": acks}})
	require.NoError(t, err)
	return reps
}

func labels(c *cluster.Cluster, since uint64, substr string) []string {
	var out []string
	for _, e := range c.Sim().TraceAfter(since) {
		if strings.Contains(e.Label, substr) {
			out = append(out, e.Label)
		}
	}
	return out
}

func replica(t *testing.T, c *cluster.Cluster, id int32) (leo, hw int64, leader int32, epoch int32, isr []int32) {
	t.Helper()
	r, ok := c.Replica(id, "t", 0)
	require.True(t, ok, "broker %d has no replica", id)
	return r.LEO, r.HW, r.Leader, r.LeaderEpoch, r.ISR
}

// A crashed leader is fenced after the session timeout and a clean election
// moves leadership to the next ISR member in assignment order with a new
// leader epoch; the restarted broker loads its log from disk (page cache
// kept), follows, catches up and rejoins the ISR.
func TestCrashAndRestart(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 3})
	for _, r := range produceN(t, c, "all", "a", "b", "c") {
		require.NoError(t, r.Err)
	}
	_, _, _, epoch0, _ := replica(t, c, 2)
	seq := c.Sim().LastSeq()
	require.NoError(t, c.CrashBroker(1))
	require.NotEmpty(t, labels(c, seq, "crash broker-1"), "the crash is a fault entry")
	_, err := c.RunFor(12_000)
	require.NoError(t, err)
	_, _, leader, epoch, isr := replica(t, c, 2)
	require.Equal(t, int32(2), leader, "first alive ISR member in assignment order")
	require.Equal(t, epoch0+1, epoch)
	require.Equal(t, []int32{2, 3}, isr)

	seq = c.Sim().LastSeq()
	require.NoError(t, c.RestartBroker(1))
	_, err = c.RunUntilIdle()
	require.NoError(t, err)
	require.NotEmpty(t, labels(c, seq, "broker 1 loads the log of t-0: LEO 3"), "the page cache kept the log")
	_, err = c.RunFor(31_000) // the follower rejoins within replica.lag.time.max.ms checks
	require.NoError(t, err)
	leo, hw, leader, _, _ := replica(t, c, 1)
	require.Equal(t, int64(3), leo)
	require.Equal(t, int64(3), hw)
	require.Equal(t, int32(2), leader)
	_, _, _, _, isr = replica(t, c, 2)
	require.ElementsMatch(t, []int32{1, 2, 3}, isr)
	require.NoError(t, c.CheckInvariants())
}

// A power loss loses each log's unflushed tail: with Kafka's default
// (no flush per message) the restarted follower's log is empty and it
// refetches everything; with log.flush.interval.messages=1 it keeps all.
func TestPowerLossLosesUnflushedTail(t *testing.T) {
	for _, tc := range []struct {
		flush int64
		leo   int64
	}{{0, 0}, {1, 3}} {
		c := faultCluster(t, cluster.Config{Seed: 4, FlushIntervalMessages: tc.flush})
		produceN(t, c, "all", "a", "b", "c")
		_, err := c.RunUntilIdle()
		require.NoError(t, err)
		require.NoError(t, c.PowerOffBroker(3))
		seq := c.Sim().LastSeq()
		require.NoError(t, c.RestartBroker(3))
		// The new process's registration is refused
		// (DUPLICATE_BROKER_REGISTRATION) until the old one's session
		// expires, up to broker.session.timeout.ms after the crash.
		_, err = c.RunFor(12_000)
		require.NoError(t, err)
		require.NotEmpty(t, labels(c, seq, "controller rejects the registration of broker 3"))
		loaded := labels(c, seq, "broker 3 loads the log of t-0")
		require.Len(t, loaded, 1)
		require.Contains(t, loaded[0], fmt.Sprintf("LEO %d,", tc.leo), "flush=%d", tc.flush)
		_, err = c.RunUntilIdle()
		require.NoError(t, err)
		leo, _, _, _, _ := replica(t, c, 3)
		require.Equal(t, int64(3), leo, "caught up from the leader again")
	}
}

// A controlled shutdown moves leadership before the broker stops: no
// session timeout, no unavailability; the broker is fenced and out of the
// ISR, and its next start needs no recovery.
func TestControlledShutdown(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 5})
	produceN(t, c, "all", "a", "b")
	start := c.Now()
	seq := c.Sim().LastSeq()
	require.NoError(t, c.ShutdownBroker(1))
	require.Less(t, c.Now()-start, int64(3000), "faster than broker.session.timeout.ms")
	require.NotEmpty(t, labels(c, seq, "controller starts the controlled shutdown of broker 1"))
	require.NotEmpty(t, labels(c, seq, "broker 1 completes its controlled shutdown"))
	_, _, leader, _, isr := replica(t, c, 2)
	require.Equal(t, int32(2), leader)
	require.Equal(t, []int32{2, 3}, isr)
	for _, r := range produceN(t, c, "all", "c") {
		require.NoError(t, r.Err)
	}
	seq = c.Sim().LastSeq()
	require.NoError(t, c.RestartBroker(1))
	_, err := c.RunUntilIdle()
	require.NoError(t, err)
	for _, l := range labels(c, seq, "loads the log") {
		require.Contains(t, l, "recovery point 2", l)
	}
	leo, _, _, _, _ := replica(t, c, 1)
	require.Equal(t, int64(3), leo)
}

// With no alive ISR member and unclean election off the partition goes
// offline (leader -1) and producers get NOT_LEADER_OR_FOLLOWER / time out;
// with it on, the first alive replica leads with ISR [it], and what only
// the lost ISR had is gone.
func TestOfflineVersusUncleanElection(t *testing.T) {
	for _, unclean := range []bool{false, true} {
		cfgs := []string{"min.insync.replicas=1"}
		if unclean {
			cfgs = append(cfgs, "unclean.leader.election.enable=true")
		}
		c := faultCluster(t, cluster.Config{Seed: 6}, cfgs...)
		produceN(t, c, "all", "a")
		_, err := c.RunUntilIdle()
		require.NoError(t, err)
		// Brokers 2 and 3 fall out of the ISR, then the leader dies.
		require.NoError(t, c.CrashBroker(2))
		require.NoError(t, c.CrashBroker(3))
		_, err = c.RunFor(12_000)
		require.NoError(t, err)
		_, _, _, _, isr := replica(t, c, 1)
		require.Equal(t, []int32{1}, isr)
		for _, r := range produceN(t, c, "all", "b", "c") {
			require.NoError(t, r.Err, "acks=all with minISR=1 and ISR [1] is acknowledged")
		}
		require.NoError(t, c.CrashBroker(1))
		require.NoError(t, c.RestartBroker(2))
		require.NoError(t, c.RestartBroker(3))
		_, err = c.RunFor(15_000)
		require.NoError(t, err)
		p := c.Snapshot().Controller.Topics[0].Partitions[0]
		if !unclean {
			require.Equal(t, int32(-1), p.Leader, "offline: no ISR member is alive")
			require.Equal(t, []int32{1}, p.ISR)
			continue
		}
		require.Equal(t, int32(2), p.Leader, "first alive replica")
		require.Equal(t, []int32{2}, p.ISR[:1])
		recs, err := c.Fetch(tools.FetchSpec{Topic: "t", Partitions: []int32{0}, Offset: tools.Earliest, TimeoutMs: 1000})
		if err != nil {
			require.ErrorIs(t, err, kerr.RequestTimedOut)
		}
		var got []string
		for _, r := range recs {
			got = append(got, string(r.Value))
		}
		require.Equal(t, []string{"a"}, got, "the acknowledged b and c are lost")
	}
}

// A paused leader is a zombie: on resume it still thinks it leads until it
// replays the metadata; the controller fenced it and its old followers
// follow the new leader, so it cannot commit.
func TestPausedLeaderIsFenced(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 7})
	produceN(t, c, "all", "a")
	require.NoError(t, c.PauseBroker(1))
	_, err := c.RunFor(12_000)
	require.NoError(t, err)
	require.True(t, c.Sim().Held(sim.NodeID("broker-1")) > 0)
	_, _, leader, _, _ := replica(t, c, 2)
	require.Equal(t, int32(2), leader)
	seq := c.Sim().LastSeq()
	require.NoError(t, c.ResumeBroker(1))
	_, err = c.RunUntilIdle()
	require.NoError(t, err)
	require.NotEmpty(t, labels(c, seq, "broker 1 follows broker 2"))
	require.NoError(t, c.CheckInvariants())
}

// run idle after a broker restart waits until the broker has registered,
// been unfenced and rejoined its ISRs, not just until its metadata is
// replayed.
func TestRunUntilIdleWaitsForARestartedBroker(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 8})
	require.NoError(t, c.StopBroker(2))
	_, err := c.RunFor(40_000)
	require.NoError(t, err)
	_, _, _, _, isr := replica(t, c, 1)
	require.NotContains(t, isr, int32(2))
	require.NoError(t, c.StartBroker(2))
	_, err = c.RunUntilIdle()
	require.NoError(t, err)
	for _, b := range c.Snapshot().Controller.Brokers {
		require.False(t, b.Fenced, "broker %d", b.ID)
	}
	_, _, _, _, isr = replica(t, c, 1)
	require.Contains(t, isr, int32(2), "broker 2 rejoined the ISR before run idle returned")
}
