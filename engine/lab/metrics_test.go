package lab_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handState is a cluster drawn by hand: three brokers, broker 3 down.
// orders has three partitions (RF 3): P0 led by 1 with ISR {1,2,3}, P1 led
// by 2 with ISR {1,2} (3 dropped out), P2 without a leader (ISR {3}, the
// last member, down). __consumer_offsets has one partition led by 1,
// ISR {1}, replicas {1,2}.
func handState() cluster.State {
	p := func(leader int32, isr ...int32) metadata.Partition {
		return metadata.Partition{Replicas: []int32{1, 2, 3}, ISR: isr, Leader: leader}
	}
	rep := func(topic string, part, leader int32, leo, hw int64) broker.ReplicaState {
		return broker.ReplicaState{Topic: topic, Partition: part, Leader: leader, LEO: leo, HW: hw}
	}
	return cluster.State{
		Controller: controller.State{Topics: []controller.TopicState{
			{Name: "__consumer_offsets", Partitions: []metadata.Partition{{Replicas: []int32{1, 2}, ISR: []int32{1}, Leader: 1}}},
			{Name: "orders", Partitions: []metadata.Partition{p(1, 1, 2, 3), p(2, 1, 2), p(metadata.NoLeader, 3)}},
		}},
		Brokers: []cluster.BrokerState{
			{Up: true, State: broker.State{ID: 1, Replicas: []broker.ReplicaState{
				rep("__consumer_offsets", 0, 1, 4, 4), rep("orders", 0, 1, 10, 8), rep("orders", 1, 2, 5, 5)}}},
			{Up: true, State: broker.State{ID: 2, Replicas: []broker.ReplicaState{
				rep("orders", 0, 1, 9, 8), rep("orders", 1, 2, 7, 6)}}},
			// Down, and it still believes it leads P2: a dead broker's view
			// answers nothing.
			{Up: false, State: broker.State{ID: 3, Replicas: []broker.ReplicaState{rep("orders", 2, 3, 30, 30)}}},
		},
	}
}

func TestMeasureByHand(t *testing.T) {
	groups := []group.GroupView{
		{ID: "a", Offsets: map[assignor.TopicPartition]group.Offset{
			{Topic: "orders", Partition: 0}: {Offset: 3}, // HW 8: lag 5
			{Topic: "orders", Partition: 1}: {Offset: 6}, // HW 6: lag 0
			{Topic: "orders", Partition: 2}: {Offset: 1}, // offline: no HW, left out
		}},
		{ID: "b", Offsets: map[assignor.TopicPartition]group.Offset{
			{Topic: "orders", Partition: 1}: {Offset: 2},  // HW 6: lag 4
			{Topic: "orders", Partition: 0}: {Offset: 11}, // past the HW: lag 0, never negative
		}},
	}
	m := lab.Measure(handState(), groups, map[string]int64{"c1": 7})
	assert.Equal(t, 4, m.Partitions)
	assert.Equal(t, 3, m.UnderReplicated, "orders P1, P2 and __consumer_offsets P0")
	assert.Equal(t, 1, m.Offline)
	assert.Equal(t, 11, m.Replicas)
	assert.Equal(t, 7, m.InSync)
	assert.Equal(t, []int{0, 2, 1, 0}, m.Leaders)
	assert.Equal(t, int64(9), m.Lag)
	// The leaders' LEOs on user topics: P0 on broker 1, P1 on broker 2;
	// P2 has no leader and __consumer_offsets is internal.
	assert.Equal(t, map[protocol.TopicPartition]int64{{Topic: "orders", Partition: 0}: 10, {Topic: "orders", Partition: 1}: 7}, m.Appended)
}

func TestDeltasNeverNegative(t *testing.T) {
	prev := lab.Metrics{Appended: map[protocol.TopicPartition]int64{{Topic: "t", Partition: 0}: 10, {Topic: "t", Partition: 1}: 5}, Processed: map[string]int64{"c1": 40, "c2": 3}}
	cur := lab.Metrics{Appended: map[protocol.TopicPartition]int64{{Topic: "t", Partition: 0}: 8, {Topic: "t", Partition: 1}: 9, {Topic: "t", Partition: 2}: 2}, Processed: map[string]int64{"c1": 6, "c2": 5, "c3": 1}}
	app, proc := lab.Deltas(prev, cur)
	assert.Equal(t, int64(4+2), app, "t/0 truncated by a new leader counts 0; t/1 +4; new t/2 +2")
	assert.Equal(t, int64(6+2+1), proc, "c1 restarted counts from 0")
}

func produceN(t *testing.T, s *lab.Session, n int) {
	t.Helper()
	for i := range n {
		_, err := s.Produce(lab.ProduceRequest{Topic: lab.DefaultTopic, Key: "k" + string(rune('a'+i%26)), Value: "v", Acks: "all"})
		require.NoError(t, err)
	}
}

func TestHistorySamplesEverySimulatedSecond(t *testing.T) {
	s := newSession(t)
	produceN(t, s, 5)
	stepUntil(t, s, 200_000, func() bool { return len(s.MetricsHistory()) >= 5 })
	h := s.MetricsHistory()
	var produced int64
	for i, smp := range h {
		assert.Zero(t, smp.AtMs%lab.SampleEveryMs, "sample %d at a whole second", i)
		if i > 0 {
			assert.Equal(t, h[i-1].AtMs+lab.SampleEveryMs, smp.AtMs)
		}
		assert.LessOrEqual(t, smp.AtMs, s.Cluster().Now())
		produced += smp.Produced
	}
	assert.Equal(t, int64(5), produced, "each record appended to a leader once")

	// Bounded: after more than a minute of simulated time, the last minute.
	end := s.Cluster().Now() + 70*lab.SampleEveryMs
	stepUntil(t, s, 2_000_000, func() bool { return s.Cluster().Now() > end })
	h = s.MetricsHistory()
	require.Len(t, h, lab.HistoryLen)
	assert.Greater(t, h[len(h)-1].AtMs, end-2*lab.SampleEveryMs)
}

func TestHistoryIsExactAfterSteppingBack(t *testing.T) {
	s := newSession(t)
	produceN(t, s, 3)
	stepUntil(t, s, 200_000, func() bool { return s.Pos() > lab.CheckpointEvery+100 })
	pos := s.Pos()
	want := s.MetricsHistory()
	produceN(t, s, 4) // a future the past must not see
	stepUntil(t, s, 400_000, func() bool { return len(s.MetricsHistory()) >= len(want)+3 })
	require.NoError(t, s.GoTo(pos)) // replayed from the seed
	assert.Equal(t, want, s.MetricsHistory())

	require.NoError(t, s.GoTo(s.Head()))
	for more := true; more; {
		var err error
		more, err = s.Idle(100_000)
		require.NoError(t, err)
	}
	rebuilds := s.Rebuilds
	require.NoError(t, s.GoTo(pos)) // from a spare parked at a checkpoint
	assert.Equal(t, rebuilds, s.Rebuilds, "no rebuild from the seed")
	assert.Equal(t, want, s.MetricsHistory())
	require.NoError(t, s.Back())
	assert.LessOrEqual(t, len(s.MetricsHistory()), len(want))
}

func TestCrashRaisesUnderReplicatedThenOffline(t *testing.T) {
	s := newSession(t)
	// Records on partition 2, led by broker 3, which crashes: while P2 has
	// no leader and once broker 1 or 2 leads it, its records are not
	// counted again.
	for range 4 {
		_, err := s.Produce(lab.ProduceRequest{Topic: lab.DefaultTopic, Key: "k", Value: "v", Partition: "2", Acks: "all"})
		require.NoError(t, err)
	}
	stepUntil(t, s, 200_000, func() bool {
		h := s.MetricsHistory()
		return len(h) > 0 && h[len(h)-1].Produced == 0 && s.Metrics().Appended[protocol.TopicPartition{Topic: lab.DefaultTopic, Partition: 2}] == 4
	})
	m := s.Metrics()
	require.Zero(t, m.UnderReplicated)
	require.Equal(t, 9, m.InSync)
	assert.Equal(t, []int{0, 1, 1, 1}, m.Leaders)

	require.NoError(t, s.BrokerFault(lab.InputCrashBroker, 3))
	stepUntil(t, s, 200_000, func() bool { return s.Metrics().UnderReplicated == 3 })
	m = s.Metrics()
	assert.Equal(t, 6, m.InSync, "broker 3 left every ISR")
	assert.Zero(t, m.Offline)
	assert.Zero(t, m.Leaders[3])
	assert.Equal(t, 3, m.Leaders[1]+m.Leaders[2])

	require.NoError(t, s.BrokerFault(lab.InputCrashBroker, 2))
	stepUntil(t, s, 200_000, func() bool { return s.Metrics().InSync == 3 })
	require.NoError(t, s.BrokerFault(lab.InputCrashBroker, 1))
	stepUntil(t, s, 200_000, func() bool { return s.Metrics().Offline == 3 })
	m = s.Metrics()
	assert.Equal(t, 3, m.UnderReplicated)
	assert.Equal(t, []int{0, 0, 0, 0}, m.Leaders)
	stepUntil(t, s, 200_000, func() bool {
		h := s.MetricsHistory()
		return len(h) > 0 && h[len(h)-1].Offline == 3
	})
	var produced int64
	for _, smp := range s.MetricsHistory() {
		produced += smp.Produced
	}
	assert.Equal(t, int64(4), produced, "the 4 records, once, through two elections")
	assert.LessOrEqual(t, len(s.MetricsHistory()), lab.HistoryLen)
}
