package cluster_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

// firstAfter returns the time of the first trace entry after seq whose
// label contains substr, or -1.
func firstAfter(c *cluster.Cluster, seq uint64, substr string) int64 {
	for _, e := range c.Sim().TraceAfter(seq) {
		if strings.Contains(e.Label, substr) {
			return e.Time
		}
	}
	return -1
}

// A crashed broker's process resets its connections: the group member marks
// its coordinator unknown within a link latency and finds the new
// coordinator as soon as the controller has moved the offsets partition,
// far sooner than request.timeout.ms (30 s). After a power loss nothing
// tells it: it learns only when a request times out.
func TestCrashedCoordinatorIsNoticedAtOnce(t *testing.T) {
	for _, power := range []bool{false, true} {
		c := groupLab(t, 3)
		require.NoError(t, c.StartConsumer(tools.ConsumerSpec{Name: "c1", Group: "g1", Topics: []string{"order_events"}, AutoOffsetReset: "earliest", Commit: "after"}))
		_, err := c.RunFor(3000)
		require.NoError(t, err)
		co := c.GroupCoordinator("g1")
		require.Positive(t, co)
		seq, at := c.Sim().LastSeq(), c.Now()
		if power {
			require.NoError(t, c.PowerOffBroker(co))
		} else {
			require.NoError(t, c.CrashBroker(co))
		}
		_, err = c.RunFor(40_000)
		require.NoError(t, err)
		unknown := firstAfter(c, seq, fmt.Sprintf("consumer c1 marks coordinator broker-%d unknown", co))
		found := firstAfter(c, seq, "10. consumer c1: the coordinator of group g1 is broker")
		if power {
			require.Greater(t, unknown-at, int64(20_000), "a power loss closes nothing: the oldest request times out (request.timeout.ms)")
			continue
		}
		require.Equal(t, at+1, unknown, "the connection reset arrives one link latency later")
		require.Positive(t, found)
		require.Less(t, found-at, int64(15_000), "the new coordinator, once the controller fenced the dead broker")
		require.NotEqual(t, c.GroupCoordinator("g1"), co)
	}
}

// A follower's fetch to a leader whose process crashed fails at once and is
// retried after replica.fetch.backoff.ms; each retry is refused until the
// controller moves the leadership.
func TestCrashedLeaderFailsFollowerFetchAtOnce(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 3})
	produceN(t, c, "all", "a")
	_, err := c.RunUntilIdle()
	require.NoError(t, err)
	seq, at := c.Sim().LastSeq(), c.Now()
	require.NoError(t, c.CrashBroker(1))
	_, err = c.RunFor(2000)
	require.NoError(t, err)
	failed := firstAfter(c, seq, "follower broker-2: its Fetch to broker-1 failed: the connection to broker-1 closed")
	require.Positive(t, failed)
	require.LessOrEqual(t, failed-at, int64(2), "one link latency, not replica.socket.timeout.ms")
	var refused int
	for _, e := range c.Sim().TraceAfter(seq) {
		if e.Kind == sim.KindDrop && e.Reason == sim.ReasonRefused && e.To == "broker-1" {
			refused++
		}
	}
	require.Positive(t, refused, "the retried fetch is refused by the dead process's machine")
}

// A producer whose leader's process is down does not burn its retries on
// refused connections: the batch waits (reconnect.backoff.ms) until the
// metadata names the new leader, and is delivered there.
func TestProducerWaitsOutRefusedLeader(t *testing.T) {
	c := faultCluster(t, cluster.Config{Seed: 3})
	produceN(t, c, "all", "a")
	_, err := c.RunUntilIdle()
	require.NoError(t, err)
	require.NoError(t, c.CrashBroker(1))
	seq := c.Sim().LastSeq()
	for _, r := range produceN(t, c, "all", "b") {
		require.NoError(t, r.Err, "delivered to the new leader")
	}
	require.Positive(t, firstAfter(c, seq, "connection to broker-1 refused: 1 batch(es) wait, no retry used"))
	require.Negative(t, firstAfter(c, seq, ", retry 1)"), "no retry was used")
	_, _, leader, _, _ := replica(t, c, 2)
	require.NotEqual(t, int32(1), leader)
}
