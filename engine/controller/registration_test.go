package controller_test

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/stretchr/testify/require"
)

// fakeBroker is a broker node that sends what the test tells it and keeps
// the controller's answers.
type fakeBroker struct {
	id   sim.NodeID
	got  []any
	corr int32
}

func (f *fakeBroker) ID() sim.NodeID                    { return f.id }
func (f *fakeBroker) Receive(_ *sim.Env, m sim.Message) { f.got = append(f.got, m.Body) }
func (f *fakeBroker) Timer(*sim.Env, sim.TimerEvent)    {}
func (f *fakeBroker) AppendState(*sim.StateWriter)      {}

type harness struct {
	t *testing.T
	s *sim.Sim
	c *controller.Controller
	b *fakeBroker
}

func newHarness(t *testing.T) *harness {
	s := sim.New(sim.Config{Seed: 1})
	c := controller.New(controller.Config{DisableAutoLeaderRebalance: true})
	b := &fakeBroker{id: "broker-1"}
	require.NoError(t, s.AddNode(c))
	require.NoError(t, s.AddNode(b))
	return &harness{t: t, s: s, c: c, b: b}
}

// send sends body from the fake broker and returns the controller's answer.
func (h *harness) send(api string, body any) any {
	h.t.Helper()
	n := len(h.b.got)
	require.NoError(h.t, h.s.Do(h.b.id, "send "+api, func(env *sim.Env) {
		env.Send(sim.Message{To: controller.NodeID, API: api, Body: body, Label: api})
	}))
	require.NoError(h.t, h.s.RunFor(200, 10_000))
	require.Len(h.t, h.b.got, n+1, "one answer to %s", api)
	return h.b.got[n]
}

func (h *harness) register(incarnation uuid.UUID) *protocol.BrokerRegistrationResponse {
	h.b.corr++
	return h.send(protocol.APIBrokerRegistration, &protocol.BrokerRegistrationRequest{
		CorrelationID: h.b.corr, BrokerID: 1, Host: "broker-1", Port: 9092, IncarnationID: incarnation,
	}).(*protocol.BrokerRegistrationResponse)
}

func (h *harness) heartbeat(epoch int64) *protocol.BrokerHeartbeatResponse {
	h.b.corr++
	return h.send(protocol.APIBrokerHeartbeat, &protocol.BrokerHeartbeatRequest{
		CorrelationID: h.b.corr, BrokerID: 1, BrokerEpoch: epoch, CurrentMetadataOffset: h.c.EndOffset(),
	}).(*protocol.BrokerHeartbeatResponse)
}

func (h *harness) fenced() bool {
	for _, b := range h.c.Snapshot().Brokers {
		if b.ID == 1 {
			return b.Fenced
		}
	}
	h.t.Fatal("broker 1 is not registered")
	return false
}

// ClusterControlManager.registerBroker: while the registered incarnation's
// session is valid (unfenced, heartbeating), a registration from another
// incarnation is DUPLICATE_BROKER_REGISTRATION and changes nothing; the same
// incarnation may register again; once the session expires and the broker
// is fenced, the new incarnation is accepted with a new epoch.
func TestRegistrationFromAnotherIncarnationWhileSessionLive(t *testing.T) {
	h := newHarness(t)
	old, next := h.s.NewUUID(), h.s.NewUUID()
	r := h.register(old)
	require.NoError(t, r.Err)
	epoch := r.BrokerEpoch
	require.False(t, h.heartbeat(epoch).IsFenced, "caught up: unfenced")
	end := h.c.EndOffset()

	r = h.register(next)
	require.True(t, errors.Is(r.Err, kerr.DuplicateBrokerRegistration), "got %v", r.Err)
	require.Equal(t, end, h.c.EndOffset(), "a rejected registration writes no record")
	require.False(t, h.fenced(), "the live registration is untouched")
	require.Equal(t, epoch, h.c.Snapshot().Brokers[0].Epoch)

	// The session runs out: broker.session.timeout.ms without a heartbeat.
	require.NoError(t, h.s.RunFor(controller.DefaultSessionTimeoutMs+100, 100_000))
	require.True(t, h.fenced())
	r = h.register(next)
	require.NoError(t, r.Err)
	require.Greater(t, r.BrokerEpoch, epoch)
}

func TestRegistrationFromTheSameIncarnationIsAccepted(t *testing.T) {
	h := newHarness(t)
	inc := h.s.NewUUID()
	r := h.register(inc)
	require.NoError(t, r.Err)
	require.False(t, h.heartbeat(r.BrokerEpoch).IsFenced)
	r2 := h.register(inc)
	require.NoError(t, r2.Err)
	require.Greater(t, r2.BrokerEpoch, r.BrokerEpoch)
	// The old epoch is stale now.
	require.True(t, errors.Is(h.heartbeat(r.BrokerEpoch).Err, kerr.StaleBrokerEpoch))
}

// ReplicationControlManager.alterPartition checks the sender's broker epoch
// first (ClusterControlManager.checkBrokerEpoch): an old epoch or an
// unregistered broker gets the top-level STALE_BROKER_EPOCH; the current
// epoch gets past the check (here to UNKNOWN_TOPIC_OR_PARTITION, as no
// topic exists).
func TestAlterPartitionFromStaleBrokerEpoch(t *testing.T) {
	h := newHarness(t)
	alter := func(epoch int64) error {
		h.b.corr++
		return h.send(protocol.APIAlterPartition, &protocol.AlterPartitionRequest{
			CorrelationID: h.b.corr, BrokerID: 1, BrokerEpoch: epoch,
			TopicPartition: protocol.TopicPartition{Topic: "t", Partition: 0},
			AlterPartition: metadata.AlterPartition{BrokerID: 1, NewISR: []int32{1}},
		}).(*protocol.AlterPartitionResponse).Err
	}
	require.True(t, errors.Is(alter(1), kerr.StaleBrokerEpoch), "no registration at all")
	inc := h.s.NewUUID()
	first := h.register(inc).BrokerEpoch
	second := h.register(inc).BrokerEpoch
	end := h.c.EndOffset()
	require.True(t, errors.Is(alter(first), kerr.StaleBrokerEpoch))
	require.Equal(t, end, h.c.EndOffset())
	require.True(t, errors.Is(alter(second), kerr.UnknownTopicOrPartition))
}
