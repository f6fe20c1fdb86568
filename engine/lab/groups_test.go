package lab_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stepUntil steps until cond holds, at most n steps.
func stepUntil(t *testing.T, s *lab.Session, n int, cond func() bool) {
	t.Helper()
	for range n {
		if cond() {
			return
		}
		_, err := s.Step()
		require.NoError(t, err)
	}
	require.True(t, cond(), "not reached in %d steps (at %d)", n, s.Pos())
}

func groupView(s *lab.Session, id string) (group.GroupView, bool) {
	for _, g := range s.Cluster().GroupViews() {
		if g.ID == id {
			return g, true
		}
	}
	return group.GroupView{}, false
}

func stableAt(s *lab.Session, gen int32, members int) func() bool {
	return func() bool {
		g, ok := groupView(s, "orders")
		return ok && g.State == group.Stable && g.Generation == gen && len(g.Members) == members
	}
}

func TestASecondConsumerSplitsThePartitions(t *testing.T) {
	s := newSession(t)
	in, err := s.StartConsumer(lab.ConsumerRequest{Assignor: "range"})
	require.NoError(t, err)
	assert.Equal(t, "c1", in.Consumer.Name)
	stepUntil(t, s, 5000, stableAt(s, 1, 1))
	pos := s.Pos()
	_, err = s.StartConsumer(lab.ConsumerRequest{Assignor: "range"})
	require.NoError(t, err)
	before := s.StateHash() // position pos includes the input applied there
	stepUntil(t, s, 5000, stableAt(s, 2, 2))
	g, _ := groupView(s, "orders")
	owners, err := g.Owners()
	require.NoError(t, err)
	assert.Len(t, owners, 3)
	count := map[string]int{}
	for _, m := range owners {
		count[m]++
	}
	assert.Len(t, count, 2, "both members own partitions")
	_, ok := owners[assignor.TopicPartition{Topic: lab.DefaultTopic, Partition: 0}]
	assert.True(t, ok)

	require.NoError(t, s.GoTo(pos))
	assert.Equal(t, before, s.StateHash(), "going back replays the consumer inputs")

	// Crash and restart are inputs too.
	require.NoError(t, s.ConsumerAction(lab.InputCrashConsumer, "c1"))
	assert.Error(t, s.ConsumerAction(lab.InputCrashConsumer, "c1"))
	require.NoError(t, s.ConsumerAction(lab.InputRestartConsumer, "c1"))
}

func TestBrokerFaultsAreReplayed(t *testing.T) {
	s := newSession(t)
	_, err := s.StepN(50)
	require.NoError(t, err)
	before := s.StateHash()
	pos := s.Pos()
	_, err = s.StepN(1) // the crash comes one step after the position compared
	require.NoError(t, err)
	leaderEpoch := func() (int32, int32) {
		p := s.Cluster().Snapshot().Controller.Topics[0].Partitions[0]
		return p.Leader, p.LeaderEpoch
	}
	l0, e0 := leaderEpoch()
	require.NoError(t, s.BrokerFault(lab.InputCrashBroker, l0))
	stepUntil(t, s, 20000, func() bool { l, _ := leaderEpoch(); return l != l0 && l > 0 })
	_, e1 := leaderEpoch()
	assert.Greater(t, e1, e0)
	require.NoError(t, s.GoTo(pos))
	assert.Equal(t, before, s.StateHash())
	l, _ := leaderEpoch()
	assert.Equal(t, l0, l)

	require.NoError(t, s.BrokerFault(lab.InputPauseBroker, 2))
	assert.True(t, s.Cluster().Paused(2))
	require.NoError(t, s.BrokerFault(lab.InputResumeBroker, 2))
	require.NoError(t, s.BrokerFault(lab.InputShutdownBroker, 3))
	stepUntil(t, s, 20000, func() bool { return !s.Cluster().Sim().IsUp("broker-3") })
	require.NoError(t, s.BrokerFault(lab.InputRestartBroker, 3))
}
