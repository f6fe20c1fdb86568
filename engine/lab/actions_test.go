package lab

import (
	"errors"
	"slices"
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/stretchr/testify/require"
)

func newLab(t *testing.T) *Session {
	t.Helper()
	s, err := New(Config{Seed: DefaultSeed})
	require.NoError(t, err)
	return s
}

// A topic the form asks for is checked as the controller checks it: a
// mistake has Kafka's error name and records nothing.
func TestCreateTopicErrorsAreKafkas(t *testing.T) {
	s := newLab(t)
	for _, c := range []struct {
		req  TopicRequest
		want *kerr.Error
	}{
		{TopicRequest{Name: "bad name!"}, kerr.InvalidTopicException},
		{TopicRequest{Name: ""}, kerr.InvalidTopicException},
		{TopicRequest{Name: ".."}, kerr.InvalidTopicException},
		{TopicRequest{Name: DefaultTopic}, kerr.TopicAlreadyExists},
		{TopicRequest{Name: "order.events"}, kerr.InvalidTopicException}, // collides with order_events
		{TopicRequest{Name: "t", ReplicationFactor: "4"}, kerr.InvalidReplicationFactor},
		{TopicRequest{Name: "t", ReplicationFactor: "0"}, kerr.InvalidReplicationFactor},
		{TopicRequest{Name: "t", ReplicationFactor: "two"}, kerr.InvalidReplicationFactor},
		{TopicRequest{Name: "t", Partitions: "0"}, kerr.InvalidPartitions},
		{TopicRequest{Name: "t", Partitions: "-3"}, kerr.InvalidPartitions},
		{TopicRequest{Name: "t", Partitions: "x"}, kerr.InvalidPartitions},
		{TopicRequest{Name: "t", MinISR: "0"}, kerr.InvalidConfig},
		{TopicRequest{Name: "t", MinISR: "many"}, kerr.InvalidConfig},
		{TopicRequest{Name: "t", Unclean: "maybe"}, kerr.InvalidConfig},
	} {
		_, err := s.CreateTopic(c.req)
		require.Error(t, err, "%+v", c.req)
		require.True(t, errors.Is(err, c.want), "%+v: %v, want %s", c.req, err, c.want.Name)
	}
	require.Empty(t, s.Inputs(), "a mistake records nothing")
}

// A created topic appears in the controller's metadata, with the form's
// partitions, replication factor and configs, after the learner steps
// through CreateTopics.
func TestCreateTopicFromTheForm(t *testing.T) {
	s := newLab(t)
	in, err := s.CreateTopic(TopicRequest{Name: "payments", Partitions: "2", ReplicationFactor: "2", MinISR: "2", Unclean: "false"})
	require.NoError(t, err)
	require.Equal(t, []string{"min.insync.replicas=2", "unclean.leader.election.enable=false"}, in.Configs)
	found := func() bool {
		for _, tp := range s.Cluster().Snapshot().Controller.Topics {
			if tp.Name == "payments" {
				require.Len(t, tp.Partitions, 2)
				for _, p := range tp.Partitions {
					require.Len(t, p.Replicas, 2)
				}
				return true
			}
		}
		return false
	}
	require.False(t, found(), "nothing happens before a step")
	for i := 0; i < 200 && !found(); i++ {
		_, err := s.Step()
		require.NoError(t, err)
	}
	require.True(t, found())
	_, err = s.CreateTopic(TopicRequest{Name: "payments"})
	require.True(t, errors.Is(err, kerr.TopicAlreadyExists), "%v", err)
	// The form's defaults: 3 partitions, RF 3.
	in, err = s.CreateTopic(TopicRequest{Name: "audit"})
	require.NoError(t, err)
	require.Equal(t, int32(3), in.Partitions)
	require.Equal(t, int16(3), in.RF)
}

// isr returns the controller's ISR of order_events-p.
func isr(s *Session, p int) []int32 {
	for _, tp := range s.Cluster().Snapshot().Controller.Topics {
		if tp.Name == DefaultTopic {
			return slices.Clone(tp.Partitions[p].ISR)
		}
	}
	return nil
}

// Cutting the link between a follower and its leader shrinks the ISR once
// replica.lag.time.max.ms has passed without a fetch; healing it lets the
// follower catch up and rejoin.
func TestCutLinkShrinksTheISRAndHealRestoresIt(t *testing.T) {
	s := newLab(t)
	// order_events-0 is led by broker 1 in the default seed.
	require.Equal(t, []int32{1, 2, 3}, sortedIDs(isr(s, 0)))
	require.NoError(t, s.CutLink("broker-2", "broker-1", false))
	cut := s.Cluster().Snapshot().Now
	for i := 0; i < 20_000 && slices.Contains(isr(s, 0), 2); i++ {
		_, err := s.Step()
		require.NoError(t, err)
	}
	require.NotContains(t, isr(s, 0), int32(2), "broker 2 left the ISR of order_events-0")
	require.GreaterOrEqual(t, s.Cluster().Snapshot().Now-cut, int64(30_000), "not before replica.lag.time.max.ms")
	require.NoError(t, s.HealLink("broker-2", "broker-1", false))
	for i := 0; i < 20_000 && !slices.Contains(isr(s, 0), 2); i++ {
		_, err := s.Step()
		require.NoError(t, err)
	}
	require.Contains(t, isr(s, 0), int32(2), "broker 2 is back in the ISR")
}

func sortedIDs(ids []int32) []int32 { slices.Sort(ids); return ids }

// A dropped message is a drop in the trace and never arrives.
func TestDropMessageInFlight(t *testing.T) {
	s := newLab(t)
	_, err := s.Produce(ProduceRequest{Topic: DefaultTopic, Key: "user-2", Value: "v", Acks: "all"})
	require.NoError(t, err)
	id := inFlight(t, s)
	require.NoError(t, s.DropMessage(id))
	var drop *sim.TraceEntry
	for _, e := range s.Cluster().TraceAfter(0) {
		if e.Msg == sim.MessageID(id) && e.Kind == sim.KindDrop {
			drop = &e
		}
	}
	require.NotNil(t, drop)
	require.Equal(t, sim.ReasonDropInFlight, drop.Reason)
	_, err = s.StepN(50)
	require.NoError(t, err)
	for _, e := range s.Cluster().TraceAfter(0) {
		require.False(t, e.Msg == sim.MessageID(id) && e.Kind == sim.KindDeliver, "the dropped message arrived")
	}
	require.Error(t, s.DropMessage(id), "it is gone")
	require.Error(t, s.DropMessage(1<<40), "no such message")
}

// A slow link delays every message on it by the given time.
func TestSlowLinkDelaysMessages(t *testing.T) {
	s := newLab(t)
	require.NoError(t, s.SlowLink("broker-2", "broker-1", 200, true))
	last := s.Cluster().Sim().LastSeq()
	_, err := s.StepN(200)
	require.NoError(t, err)
	n := 0
	for _, e := range s.Cluster().TraceAfter(last) {
		if e.Kind == sim.KindSend && e.From == "broker-2" && e.To == "broker-1" {
			require.GreaterOrEqual(t, e.ArriveAt-e.Time, int64(200), e.Label)
			n++
		}
		if e.Kind == sim.KindSend && e.From == "broker-1" && e.To == "broker-2" {
			require.Less(t, e.ArriveAt-e.Time, int64(200), "one way only: %s", e.Label)
		}
	}
	require.Positive(t, n)
	require.Error(t, s.SlowLink("broker-2", "broker-1", -1, false))
	require.Error(t, s.SlowLink("broker-2", "broker-1", MaxSlowMs+1, false))
}

func TestBadLinksAreRejected(t *testing.T) {
	s := newLab(t)
	for _, l := range [][2]string{{"broker-1", "broker-1"}, {"broker-0", "broker-1"}, {"broker-4", "controller"}, {"c1", "broker-1"}, {"", "broker-2"}, {"broker-x", "broker-2"}} {
		require.Error(t, s.CutLink(l[0], l[1], false), "%v", l)
		require.Error(t, s.HealLink(l[0], l[1], true), "%v", l)
	}
	require.NoError(t, s.CutLink("controller", "broker-3", true))
	require.Len(t, s.Inputs(), 1)
}

// Stepping back over each action lands exactly on the states the run went
// through: every position's state hash is the same after going back.
func TestStepBackOverActionsIsExact(t *testing.T) {
	s := newLab(t)
	var want []sim.Hash
	record := func(n int) {
		for range n {
			want = append(want, s.StateHash())
			_, err := s.Step()
			require.NoError(t, err)
		}
	}
	record(5)
	_, err := s.CreateTopic(TopicRequest{Name: "payments", Partitions: "1", ReplicationFactor: "3"})
	require.NoError(t, err)
	record(40)
	require.NoError(t, s.CutLink("broker-3", "broker-1", false))
	record(20)
	require.NoError(t, s.SlowLink("broker-2", "broker-1", 1000, false))
	_, err = s.Produce(ProduceRequest{Topic: DefaultTopic, Key: "user-1", Value: "v", Acks: "all"})
	require.NoError(t, err)
	record(5)
	id := inFlight(t, s)
	for uint64(len(want)) < s.Pos() {
		want = append(want, 0) // stepped by inFlight: not compared
	}
	require.NoError(t, s.DropMessage(id))
	record(20)
	require.NoError(t, s.HealLink("broker-3", "broker-1", false))
	record(20)
	for pos := len(want) - 1; pos >= 0; pos-- {
		require.NoError(t, s.Back())
		require.Equal(t, uint64(pos), s.Pos())
		if want[pos] != 0 {
			require.Equal(t, want[pos], s.StateHash(), "position %d", pos)
		}
	}
}
