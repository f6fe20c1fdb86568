package controller_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// TestFenceReachesVotersWithItsLeaderChanges: when a broker's session
// expires, the FenceBrokerRecord and the PartitionChangeRecords that move
// its partitions away are one controller event, appended to the Raft log
// together (QuorumController appends a ControllerResult's records in one
// call). A voter's parked fetch must get all of them in one answer: answered
// after the fence alone, a failover could commit the fence without the
// leader change, leaving a fenced broker the leader of its partition in the
// committed log (checker seed 4363: it came back from a power loss with an
// empty log and led again at epoch 0).
func TestFenceReachesVotersWithItsLeaderChanges(t *testing.T) {
	s := sim.New(sim.Config{Seed: 1})
	c := controller.New(controller.Config{ID: 3000, Node: "controller-1", Voters: testVoters, SessionTimeoutMs: 600, DisableAutoLeaderRebalance: true})
	h := &quorumHarness{t: t, s: s, c: c, c2: &fakeBroker{id: "controller-2"}, c3: &fakeBroker{id: "controller-3"}, b: &fakeBroker{id: "broker-1"}}
	for _, n := range []sim.Node{c, h.c2, h.c3, h.b} {
		require.NoError(t, s.AddNode(n))
	}
	topicID := uuid.New()
	recs := []protocol.MetadataRecord{
		registerRec(1, 1), registerRec(2, 1),
		{Epoch: 1, UnfenceBroker: &protocol.UnfenceBrokerRecord{BrokerID: 1, BrokerEpoch: 1}},
		{Epoch: 1, UnfenceBroker: &protocol.UnfenceBrokerRecord{BrokerID: 2, BrokerEpoch: 2}},
		{Epoch: 1, Topic: &protocol.TopicRecord{Name: "t", ID: topicID}},
		{Epoch: 1, Partition: &protocol.PartitionRecord{TopicID: topicID, Topic: "t", Partition: 0,
			Registration: metadata.Partition{Replicas: []int32{1, 2}, ISR: []int32{1, 2}, Leader: 1}}},
	}
	h.follow(1, recs, 0)
	// controller-2 goes silent: controller-1 is elected in epoch 2 with
	// controller-3's vote, and activated once controller-3 holds its
	// LeaderChange record (offset 6).
	require.NoError(t, s.RunFor(2500, 100_000))
	h.from(h.c3, protocol.Response(protocol.APIVote), &protocol.VoteResponse{LeaderEpoch: 2, LeaderID: -1, VoteGranted: true})
	require.Equal(t, controller.Leader, c.Quorum().Role)
	h.from(h.c3, protocol.APIQuorumFetch, &protocol.QuorumFetchRequest{ReplicaID: 3002, CurrentLeaderEpoch: 2, FetchOffset: 6, LastFetchedEpoch: 1})
	// controller-3 now waits at the end of the log for new records.
	n := len(h.c3.got)
	h.from(h.c3, protocol.APIQuorumFetch, &protocol.QuorumFetchRequest{ReplicaID: 3002, CurrentLeaderEpoch: 2, FetchOffset: 7, LastFetchedEpoch: 2, MaxWaitMs: 5000})
	require.True(t, c.Active())
	require.Len(t, h.c3.got, n, "the fetch is parked")

	// Neither broker heartbeats: broker 1's session expires first (both
	// were armed at activation; timers fire in order), then broker 2's.
	require.NoError(t, s.RunFor(700, 100_000))
	resp := last[*protocol.QuorumFetchResponse](t, h.c3)
	require.Len(t, h.c3.got, n+1, "one answer to the parked fetch")
	fenceAt, movedAt := -1, -1
	for i, r := range resp.Records {
		if r.FenceBroker != nil && r.FenceBroker.BrokerID == 1 {
			fenceAt = i
		}
		if pc := r.PartitionChange; pc != nil && pc.Partition == 0 && pc.Registration.Leader != 1 && movedAt < 0 {
			movedAt = i
		}
	}
	require.GreaterOrEqual(t, fenceAt, 0, "the answer holds broker 1's fence: %+v", resp.Records)
	require.GreaterOrEqual(t, movedAt, 0, "and the leader change of t-0 written with it, not only the fence: %+v", resp.Records)
	// ReplicationControlManager.handleBrokerFenced writes the leader and
	// ISR changes first and the fence last.
	require.Less(t, movedAt, fenceAt, "the leader change comes before the fence: %+v", resp.Records)
}
