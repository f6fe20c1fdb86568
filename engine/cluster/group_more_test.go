package cluster_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

// groupLabels returns the labels of the trace entries from seq on that contain
// every one of parts.
func groupLabels(c *cluster.Cluster, seq uint64, parts ...string) []string {
	var out []string
next:
	for _, e := range c.TraceAfter(seq) {
		for _, p := range parts {
			if !strings.Contains(e.Label+" "+e.Summary, p) {
				continue next
			}
		}
		out = append(out, e.Label+": "+e.Summary)
	}
	return out
}

func lastSeq(c *cluster.Cluster) uint64 {
	es := c.TraceAfter(0)
	if len(es) == 0 {
		return 0
	}
	return es[len(es)-1].Seq
}

// coordinatorOf returns the broker id coordinating group g.
func coordinatorOf(t *testing.T, c *cluster.Cluster, g string) int32 {
	t.Helper()
	return describe(t, c, g).Coordinator.ID
}

// TestGroupCoordinatorFailoverKeepsMembership: stopping the coordinator's
// broker moves the group to the new leader of its __consumer_offsets
// partition; the member finds it after its request times out and keeps its
// member id and generation (no rebalance); records produced afterwards are
// processed once and committed to the new coordinator (8 produced, 8
// processed).
func TestGroupCoordinatorFailoverKeepsMembership(t *testing.T) {
	c := groupLab(t, 6)
	spec := member("c1", "g1")
	spec.Commit = "after"
	require.NoError(t, c.StartConsumer(spec))
	_, err := c.RunFor(2000)
	require.NoError(t, err)
	k := cons(t, c, "c1")
	id, gen := k.MemberID(), k.Generation()
	require.EqualValues(t, 6, k.Processed)
	old := coordinatorOf(t, c, "g1")

	require.NoError(t, c.StopBroker(old))
	_, err = c.RunFor(40_000)
	require.NoError(t, err)
	reps, err := c.Produce(tools.ProduceSpec{Topic: "order_events", Records: keyed(2, "late")})
	require.NoError(t, err)
	for _, r := range reps {
		require.NoError(t, r.Err)
	}
	_, err = c.RunFor(3000)
	require.NoError(t, err)

	require.Equal(t, id, k.MemberID(), "same member")
	require.Equal(t, gen, k.Generation(), "no rebalance")
	require.EqualValues(t, 8, k.Processed, "every record processed once")
	d := describe(t, c, "g1")
	require.NotEqual(t, old, d.Coordinator.ID)
	require.Equal(t, "Stable", d.State)
	var total int64
	for _, o := range d.Offsets {
		require.Equal(t, o.LogEnd, o.Committed, "%s-%d committed to the new coordinator", o.Topic, o.Partition)
		total += o.Committed
	}
	require.EqualValues(t, 8, total)
}

// TestGroupCommitRetriedAfterFailover: a commitSync whose coordinator's
// broker stops before answering is retried at the new coordinator, not
// dropped.
func TestGroupCommitRetriedAfterFailover(t *testing.T) {
	c := groupLab(t, 0)
	spec := member("c1", "g1")
	spec.Commit = "after"
	require.NoError(t, c.StartConsumer(spec))
	old := coordinatorOf(t, c, "g1")
	// Stop the coordinator's broker as soon as the member sends its commit.
	_, err := c.Produce(tools.ProduceSpec{Topic: "order_events", Records: keyed(3, "x")})
	require.NoError(t, err)
	seq := lastSeq(c)
	for len(groupLabels(c, seq, "15. OffsetCommit(")) == 0 {
		_, ok := c.Sim().Step()
		require.True(t, ok)
	}
	require.NoError(t, c.StopBroker(old))
	_, err = c.RunFor(40_000)
	require.NoError(t, err)
	require.NotEmpty(t, groupLabels(c, seq, "commit failed (retriable)"))
	d := describe(t, c, "g1")
	var total int64
	for _, o := range d.Offsets {
		total += o.Committed
	}
	require.EqualValues(t, 3, total, "the commit was retried at broker %d", d.Coordinator.ID)
	require.EqualValues(t, 3, cons(t, c, "c1").Processed)
}

// TestGroupCooperativeSecondRebalance: with cooperative-sticky, a newcomer
// makes generation 2 in which the old member keeps what stays and revokes
// only what moves, and the newcomer is idle; generation 3 (the follow-up
// rebalance) gives it the moved partition.
func TestGroupCooperativeSecondRebalance(t *testing.T) {
	c := groupLab(t, 6)
	a := member("c1", "g1")
	a.Assignor = "cooperative-sticky"
	require.NoError(t, c.StartConsumer(a))
	require.Len(t, cons(t, c, "c1").Assignment(), 3)
	seq := lastSeq(c)
	b := member("c2", "g1")
	b.Assignor = "cooperative-sticky"
	require.NoError(t, c.StartConsumer(b))
	require.NoError(t, c.WaitGroupStable("g1", 60_000))

	gen2c1 := groupLabels(c, seq, "consumer c1 (", "joins generation 2")
	require.Len(t, gen2c1, 1)
	require.Contains(t, gen2c1[0], "revoked [", "only what moves is revoked")
	require.NotContains(t, gen2c1[0], "revoked [order_events-0, order_events-1, order_events-2]")
	gen2c2 := groupLabels(c, seq, "consumer c2 (", "joins generation 2")
	require.Len(t, gen2c2, 1)
	require.Contains(t, gen2c2[0], "no partitions: the member is idle")
	require.NotEmpty(t, groupLabels(c, seq, "consumer c1 revoked", "follow-up rebalance"))

	require.EqualValues(t, 3, cons(t, c, "c1").Generation())
	require.EqualValues(t, 3, cons(t, c, "c2").Generation())
	require.Len(t, cons(t, c, "c1").Assignment(), 2)
	require.Len(t, cons(t, c, "c2").Assignment(), 1)
	require.Empty(t, groupLabels(c, seq, "revokes all its partitions"), "nothing revoked eagerly")
}

// TestGroupMaxPollIntervalExpiry: a member whose processing outlasts
// max.poll.interval.ms leaves the group from its heartbeat thread
// (LeaveGroup) as Java's consumer does; the group rebalances without it,
// and it rejoins as a new member at its next poll.
func TestGroupMaxPollIntervalExpiry(t *testing.T) {
	c := groupLab(t, 0)
	slow := member("slow", "g1")
	slow.MaxPollIntervalMs = 10_000
	slow.ProcessMs = 5_000
	require.NoError(t, c.StartConsumer(slow))
	require.NoError(t, c.StartConsumer(member("fast", "g1")))
	k := cons(t, c, "slow")
	id := k.MemberID()
	gen := cons(t, c, "fast").Generation()
	seq := lastSeq(c)
	// Every partition gets records, so the slow member has some: 4 of them
	// take 20 s to process, past max.poll.interval.ms (10 s).
	_, err := c.Produce(tools.ProduceSpec{Topic: "order_events", Records: keyed(12, "x")})
	require.NoError(t, err)
	_, err = c.RunFor(15_000)
	require.NoError(t, err)
	require.NotEmpty(t, groupLabels(c, seq, "consumer slow: poll timeout has expired"))
	require.NotEmpty(t, groupLabels(c, seq, "LeaveGroup(g1, member "+id))
	require.Greater(t, cons(t, c, "fast").Generation(), gen, "the group rebalanced")
	require.Len(t, cons(t, c, "fast").Assignment(), 3, "the other member took every partition")
	_, err = c.RunFor(30_000)
	require.NoError(t, err)
	require.NotEqual(t, id, k.MemberID(), "it rejoined as a new member")
}

// TestConsoleConsumerGroupResumes: kafka-console-consumer.sh --group joins
// the group, commits on exit, and a second run resumes from the committed
// offsets.
func TestConsoleConsumerGroupResumes(t *testing.T) {
	c := groupLab(t, 6)
	run := func(args ...string) (string, string) {
		var out, errOut bytes.Buffer
		code := tools.ConsoleConsumer(c, append([]string{"--bootstrap-server", "localhost:9092", "--topic", "order_events", "--group", "cli"}, args...), strings.NewReader(""), &out, &errOut)
		require.Equal(t, 0, code, errOut.String())
		return out.String(), errOut.String()
	}
	out1, err1 := run("--from-beginning", "--timeout-ms", "3000")
	require.Equal(t, 6, strings.Count(out1, "\n"), out1)
	require.Contains(t, err1, "Processed a total of 6 messages")
	d := describe(t, c, "cli")
	require.Equal(t, "Empty", d.State, "the console consumer left the group")
	var committed int64
	for _, o := range d.Offsets {
		committed += o.Committed
	}
	require.EqualValues(t, 6, committed, "committed on exit")

	reps, err := c.Produce(tools.ProduceSpec{Topic: "order_events", Records: keyed(3, "more")})
	require.NoError(t, err)
	for _, r := range reps {
		require.NoError(t, r.Err)
	}
	out2, err2 := run("--from-beginning", "--timeout-ms", "3000")
	require.Contains(t, err2, "Processed a total of 3 messages", "resumes from the committed offsets, --from-beginning notwithstanding")
	for _, line := range strings.Split(strings.TrimSpace(out2), "\n") {
		require.NotContains(t, out1, line+"\n", "nothing read twice")
	}
	d = describe(t, c, "cli")
	for _, o := range d.Offsets {
		require.Equal(t, o.LogEnd, o.Committed, fmt.Sprintf("%s-%d", o.Topic, o.Partition))
	}
}

// TestDescribeUnknownGroup: DescribeGroups v6 answers GROUP_ID_NOT_FOUND.
func TestDescribeUnknownGroup(t *testing.T) {
	c := groupLab(t, 0)
	d, err := c.DescribeGroup("nobody")
	require.ErrorIs(t, err, kerr.GroupIDNotFound)
	require.Equal(t, "Dead", d.State)
}
