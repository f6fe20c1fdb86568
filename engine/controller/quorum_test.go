package controller_test

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// A quorum harness: controller-1 is a real controller, controller-2 and
// controller-3 are fake voters the test speaks for, broker-1 a fake broker.
type quorumHarness struct {
	t      *testing.T
	s      *sim.Sim
	c      *controller.Controller
	c2, c3 *fakeBroker
	b      *fakeBroker
}

var testVoters = []controller.Voter{{ID: 3000, Node: "controller-1"}, {ID: 3001, Node: "controller-2"}, {ID: 3002, Node: "controller-3"}}

func newQuorumHarness(t *testing.T) *quorumHarness {
	s := sim.New(sim.Config{Seed: 1})
	c := controller.New(controller.Config{ID: 3000, Node: "controller-1", Voters: testVoters, DisableAutoLeaderRebalance: true})
	h := &quorumHarness{t: t, s: s, c: c, c2: &fakeBroker{id: "controller-2"}, c3: &fakeBroker{id: "controller-3"}, b: &fakeBroker{id: "broker-1"}}
	for _, n := range []sim.Node{c, h.c2, h.c3, h.b} {
		require.NoError(t, s.AddNode(n))
	}
	return h
}

// from sends body from a fake node to controller-1 and runs 10 ms.
func (h *quorumHarness) from(f *fakeBroker, api string, body any) {
	h.t.Helper()
	require.NoError(h.t, h.s.Do(f.id, "send "+api, func(env *sim.Env) {
		env.Send(sim.Message{To: "controller-1", API: api, Body: body, Label: api})
	}))
	require.NoError(h.t, h.s.RunFor(10, 10_000))
}

// last returns the last message of type T a fake node got.
func last[T any](t *testing.T, f *fakeBroker) T {
	t.Helper()
	for i := len(f.got) - 1; i >= 0; i-- {
		if v, ok := f.got[i].(T); ok {
			return v
		}
	}
	var zero T
	t.Fatalf("%s got no %T", f.id, zero)
	return zero
}

func (h *quorumHarness) vote(f *fakeBroker, epoch, cand, lastEpoch int32, lastOffset int64) *protocol.VoteResponse {
	h.from(f, protocol.APIVote, &protocol.VoteRequest{CandidateEpoch: epoch, CandidateID: cand, LastOffsetEpoch: lastEpoch, LastOffset: lastOffset})
	return last[*protocol.VoteResponse](h.t, f)
}

// follow makes controller-1 follow controller-2 in epoch and hands it recs
// (numbered from its end offset) with high watermark hw.
func (h *quorumHarness) follow(epoch int32, recs []protocol.MetadataRecord, hw int64) {
	h.from(h.c2, protocol.APIBeginQuorumEpoch, &protocol.BeginQuorumEpochRequest{LeaderEpoch: epoch, LeaderID: 3001})
	fetch := last[*protocol.QuorumFetchRequest](h.t, h.c2)
	require.Equal(h.t, epoch, fetch.CurrentLeaderEpoch)
	for i := range recs {
		recs[i].Offset = fetch.FetchOffset + int64(i)
	}
	h.from(h.c2, protocol.Response(protocol.APIQuorumFetch), &protocol.QuorumFetchResponse{LeaderEpoch: epoch, LeaderID: 3001, HighWatermark: hw, Records: recs, DivergingEndOffset: -1})
}

func registerRec(id int32, epoch int32) protocol.MetadataRecord {
	return protocol.MetadataRecord{Epoch: epoch, RegisterBroker: &protocol.RegisterBrokerRecord{BrokerID: id, BrokerEpoch: int64(id), Host: "broker", Port: 9092, Fenced: true}}
}

// A voter grants one vote per epoch, only to a candidate whose log is at
// least as up to date (last epoch, then end offset), and refuses an old
// epoch with FENCED_LEADER_EPOCH.
func TestVoteRules(t *testing.T) {
	h := newQuorumHarness(t)
	require.True(t, h.vote(h.c2, 1, 3001, 0, 0).VoteGranted, "first candidate of epoch 1")
	require.False(t, h.vote(h.c3, 1, 3002, 0, 0).VoteGranted, "one vote per epoch")
	require.True(t, h.vote(h.c2, 1, 3001, 0, 0).VoteGranted, "the same candidate again")
	resp := h.vote(h.c3, 0, 3002, 0, 0)
	require.False(t, resp.VoteGranted)
	require.True(t, errors.Is(resp.Err, kerr.FencedLeaderEpoch))

	h.follow(2, []protocol.MetadataRecord{registerRec(1, 2), registerRec(2, 2)}, 2)
	require.Equal(t, int64(2), h.c.EndOffset())
	require.False(t, h.vote(h.c3, 3, 3002, 1, 9).VoteGranted, "an older last epoch loses, however long")
	require.False(t, h.vote(h.c3, 4, 3002, 2, 1).VoteGranted, "the same last epoch, a shorter log")
	require.True(t, h.vote(h.c3, 5, 3002, 2, 2).VoteGranted, "as up to date")
	require.Equal(t, controller.Unattached, h.c.Quorum().Role, "a vote request of a later epoch ends following")
	require.Equal(t, int32(5), h.c.Quorum().Epoch)
}

// A follower whose log diverges from the new leader's truncates to the
// diverging epoch's end offset and fetches again from there; committed
// records are applied once, in order.
func TestFollowerTruncatesDivergingLog(t *testing.T) {
	h := newQuorumHarness(t)
	h.follow(1, []protocol.MetadataRecord{registerRec(1, 1), registerRec(2, 1), registerRec(3, 1)}, 1)
	require.Equal(t, int64(3), h.c.EndOffset())
	require.Equal(t, int64(1), h.c.HighWatermark())
	digest, end := h.c.ImageDigest()
	require.Equal(t, int64(1), end)
	require.Equal(t, controller.ReplayDigest(h.c.Log()[:1]), digest)

	h.from(h.c3, protocol.APIBeginQuorumEpoch, &protocol.BeginQuorumEpochRequest{LeaderEpoch: 3, LeaderID: 3002})
	fetch := last[*protocol.QuorumFetchRequest](t, h.c3)
	require.Equal(t, int64(3), fetch.FetchOffset)
	require.Equal(t, int32(1), fetch.LastFetchedEpoch)
	h.from(h.c3, protocol.Response(protocol.APIQuorumFetch), &protocol.QuorumFetchResponse{LeaderEpoch: 3, LeaderID: 3002, HighWatermark: 1,
		DivergingEpoch: 1, DivergingEndOffset: 1})
	require.Equal(t, int64(1), h.c.EndOffset(), "truncated to the end of epoch 1 in the leader's log")
	fetch = last[*protocol.QuorumFetchRequest](t, h.c3)
	require.Equal(t, int64(1), fetch.FetchOffset)
	require.Equal(t, int32(1), fetch.LastFetchedEpoch)

	recs := []protocol.MetadataRecord{registerRec(4, 3), {Epoch: 3, LeaderChange: &protocol.LeaderChangeRecord{LeaderID: 3002, LeaderEpoch: 3}}}
	recs[0].Offset, recs[1].Offset = 1, 2
	h.from(h.c3, protocol.Response(protocol.APIQuorumFetch), &protocol.QuorumFetchResponse{LeaderEpoch: 3, LeaderID: 3002, HighWatermark: 3, Records: recs, DivergingEndOffset: -1})
	require.Equal(t, int64(3), h.c.HighWatermark())
	digest, end = h.c.ImageDigest()
	require.Equal(t, int64(3), end)
	require.Equal(t, controller.ReplayDigest(h.c.Log()), digest)
	require.Contains(t, digest, "broker 4 ")
	require.NotContains(t, digest, "broker 2 ", "the truncated record is gone")
}

// A new leader commits nothing (and is not the active controller) until a
// majority holds its LeaderChange record; the active controller answers a
// write only once it is committed; a leader that steps down drops the
// waiting answers and reverts its image to the committed log.
func TestLeaderActivationCommitAndResign(t *testing.T) {
	h := newQuorumHarness(t)
	h.follow(1, []protocol.MetadataRecord{registerRec(1, 1), registerRec(2, 1)}, 0)
	// controller-2 goes silent: controller-1 stands for election in epoch 2.
	require.NoError(t, h.s.RunFor(2500, 100_000))
	q := h.c.Quorum()
	require.Equal(t, controller.Candidate, q.Role)
	require.Equal(t, int32(2), q.Epoch)
	h.from(h.c3, protocol.Response(protocol.APIVote), &protocol.VoteResponse{LeaderEpoch: 2, LeaderID: -1, VoteGranted: true})
	q = h.c.Quorum()
	require.Equal(t, controller.Leader, q.Role)
	require.Equal(t, int64(3), h.c.EndOffset(), "the LeaderChange record at offset 2")
	require.False(t, h.c.Active())

	// A registration before activation: NOT_CONTROLLER naming itself.
	h.b.corr++
	h.from(h.b, protocol.APIBrokerRegistration, &protocol.BrokerRegistrationRequest{CorrelationID: h.b.corr, BrokerID: 5, IncarnationID: uuid.New()})
	reg := last[*protocol.BrokerRegistrationResponse](t, h.b)
	hint, ok := protocol.LeaderHint(reg.Err)
	require.True(t, ok)
	require.Equal(t, "controller-1", hint)

	// controller-3 holds the epoch-1 records: a majority, but not of an
	// epoch-2 record, so nothing is committed yet.
	h.from(h.c3, protocol.APIQuorumFetch, &protocol.QuorumFetchRequest{ReplicaID: 3002, CurrentLeaderEpoch: 2, FetchOffset: 2, LastFetchedEpoch: 1})
	require.Equal(t, int64(0), h.c.HighWatermark())
	require.False(t, h.c.Active())
	h.from(h.c3, protocol.APIQuorumFetch, &protocol.QuorumFetchRequest{ReplicaID: 3002, CurrentLeaderEpoch: 2, FetchOffset: 3, LastFetchedEpoch: 2})
	require.Equal(t, int64(3), h.c.HighWatermark())
	require.True(t, h.c.Active())
	digest, _ := h.c.ImageDigest()
	require.Equal(t, controller.ReplayDigest(h.c.Log()), digest, "the image is the committed log")

	// A registration is appended at once but answered only when committed.
	n := len(h.b.got)
	h.b.corr++
	h.from(h.b, protocol.APIBrokerRegistration, &protocol.BrokerRegistrationRequest{CorrelationID: h.b.corr, BrokerID: 5, IncarnationID: uuid.New()})
	require.Equal(t, int64(4), h.c.EndOffset())
	require.Len(t, h.b.got, n, "no answer before the record is committed")
	h.from(h.c3, protocol.APIQuorumFetch, &protocol.QuorumFetchRequest{ReplicaID: 3002, CurrentLeaderEpoch: 2, FetchOffset: 4, LastFetchedEpoch: 2})
	require.Len(t, h.b.got, n+1)
	require.NoError(t, last[*protocol.BrokerRegistrationResponse](t, h.b).Err)

	// Another registration, then a later epoch: the answer is dropped and
	// the uncommitted registration leaves the image.
	h.b.corr++
	h.from(h.b, protocol.APIBrokerRegistration, &protocol.BrokerRegistrationRequest{CorrelationID: h.b.corr, BrokerID: 6, IncarnationID: uuid.New()})
	digest, _ = h.c.ImageDigest()
	require.Contains(t, digest, "broker 6 ")
	h.vote(h.c2, 7, 3001, 2, 5)
	require.False(t, h.c.Active())
	require.Equal(t, controller.Unattached, h.c.Quorum().Role)
	digest, end := h.c.ImageDigest()
	require.Equal(t, int64(4), end)
	require.NotContains(t, digest, "broker 6 ")
	require.Equal(t, controller.ReplayDigest(h.c.Log()[:4]), digest)
	require.Len(t, h.b.got, n+1, "the answer for broker 6 is dropped")
}
