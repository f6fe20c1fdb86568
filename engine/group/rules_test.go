package group_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/kafkalab/kafkalab/engine/kerr"
)

// Heartbeat answers per state (the reference table of §4.2).
func TestHeartbeatPerState(t *testing.T) {
	h := newHarness(t)
	g := groupOn("orders-app", 1)
	c1, c2 := newConsumer("consumer-1", "orders"), newConsumer("consumer-2", "orders")

	// Unknown group and pending member: UNKNOWN_MEMBER_ID.
	assert.ErrorIs(t, h.heartbeat(g, c1), kerr.UnknownMemberID)
	h.joined(h.join(g, c1), c1)
	assert.ErrorIs(t, h.heartbeat(g, c1), kerr.UnknownMemberID, "a member id from MEMBER_ID_REQUIRED is not a member yet")

	ref := h.join(g, c1)
	h.advance(3000)
	h.joined(ref, c1)
	// CompletingRebalance: ok.
	assert.NoError(t, h.heartbeat(g, c1))
	stale := *c1
	stale.generation = 0
	assert.ErrorIs(t, h.heartbeat(g, &stale), kerr.IllegalGeneration)

	h.sync(g, c1, nil)
	// Stable: ok.
	assert.NoError(t, h.heartbeat(g, c1))

	// PreparingRebalance: REBALANCE_IN_PROGRESS.
	h.joined(h.join(g, c2), c2)
	h.join(g, c2)
	assert.ErrorIs(t, h.heartbeat(g, c1), kerr.RebalanceInProgress)

	// Fenced: a static member's id does not match its instance.
	wrong := *c1
	wrong.instanceID = "nobody"
	assert.ErrorIs(t, h.heartbeat(g, &wrong), kerr.UnknownMemberID)
}

// OffsetCommit per state (ClassicGroup.validateOffsetCommit), and fetch.
func TestOffsetCommitRules(t *testing.T) {
	h := newHarness(t)
	g := groupOn("orders-app", 1)

	// Nothing committed: -1.
	assert.Equal(t, int64(-1), h.fetch(g, "orders", 0))

	// Empty (here: no group yet): only "simple" commits, generation -1 and no member.
	assert.ErrorIs(t, h.commit(g, 1, "x", "orders", 0, 5), kerr.IllegalGeneration)
	require.NoError(t, h.commit(g, -1, "", "orders", 0, 42))
	assert.Equal(t, int64(42), h.fetch(g, "orders", 0), "the committed offset is the next offset to consume")

	c1 := newConsumer("consumer-1", "orders")
	h.joined(h.join(g, c1), c1)
	ref := h.join(g, c1)

	// PreparingRebalance: allowed if the generation matches (still 0 here).
	assert.NoError(t, h.commit(g, 0, c1.memberID, "orders", 0, 43))
	assert.ErrorIs(t, h.commit(g, -1, "", "orders", 0, 1), kerr.UnknownMemberID, "simple commits need an empty group")

	h.advance(3000)
	h.joined(ref, c1)
	// CompletingRebalance: REBALANCE_IN_PROGRESS.
	assert.ErrorIs(t, h.commit(g, 1, c1.memberID, "orders", 0, 44), kerr.RebalanceInProgress)

	h.sync(g, c1, nil)
	// Stable: ok; a stale generation and an unknown member are refused (G7).
	assert.NoError(t, h.commit(g, 1, c1.memberID, "orders", 0, 45))
	assert.ErrorIs(t, h.commit(g, 0, c1.memberID, "orders", 0, 46), kerr.IllegalGeneration)
	assert.ErrorIs(t, h.commit(g, 1, "ghost", "orders", 0, 46), kerr.UnknownMemberID)
	assert.Equal(t, int64(45), h.fetch(g, "orders", 0))

	// The response waits for the append to be committed.
	h.holdAppends = true
	ref = h.nextRef()
	h.apply(h.c.OffsetCommit(h.now, ref, group.OffsetCommitRequest{GroupID: g, GenerationID: 1, MemberID: c1.memberID,
		Topics: []group.OffsetCommitTopic{{Name: "orders", Partitions: []group.OffsetCommitPartition{{Partition: 0, Offset: 50}}}}}))
	assert.Nil(t, h.responses[ref], "not answered before the append is durable")
	assert.Equal(t, int64(45), h.fetch(g, "orders", 0), "not visible before it is durable")
	h.releaseAppends(kerr.NotEnoughReplicas)
	r := h.responses[ref].(*group.OffsetCommitResponse)
	assert.ErrorIs(t, r.Partitions[0].Err, kerr.CoordinatorNotAvailable, "NOT_ENOUGH_REPLICAS maps to COORDINATOR_NOT_AVAILABLE")
	assert.Equal(t, int64(45), h.fetch(g, "orders", 0))
}

// The initial rebalance delay is extended while new members keep coming,
// within the rebalance timeout.
func TestInitialRebalanceDelay(t *testing.T) {
	h := newHarness(t)
	g := groupOn("orders-app", 1)
	c1, c2 := newConsumer("consumer-1", "orders"), newConsumer("consumer-2", "orders")
	h.joined(h.join(g, c1), c1)
	ref1 := h.join(g, c1) // t=0: delay until 3000
	h.advance(2000)
	h.joined(h.join(g, c2), c2)
	h.join(g, c2) // t=2000: a new member extends by another 3000 at t=3000
	h.advance(1000)
	assert.Nil(t, h.joined(ref1, c1), "extended at t=3000")
	h.advance(2999)
	assert.Nil(t, h.joined(ref1, c1))
	h.advance(1)
	r := h.joined(ref1, c1)
	require.NotNil(t, r, "completed at t=6000")
	assert.Len(t, r.Members, 2)
}

// A member that does not rejoin within the rebalance timeout is dropped.
func TestRebalanceTimeoutDropsMembersThatDidNotRejoin(t *testing.T) {
	h := newHarness(t)
	g := groupOn("orders-app", 1)
	c1, c2, c3 := newConsumer("consumer-1", "orders"), newConsumer("consumer-2", "orders"), newConsumer("consumer-3", "orders")
	c1.rebalance, c2.rebalance, c3.rebalance = 10000, 10000, 10000
	c2.session = 60000
	stableGroup(t, h, g, c1, c2)

	h.joined(h.join(g, c3), c3)
	ref3 := h.join(g, c3)
	ref1 := h.join(g, c1)
	// c2 keeps heartbeating but never rejoins (stuck in processing).
	for range 3 {
		h.advance(3000)
		assert.ErrorIs(t, h.heartbeat(g, c2), kerr.RebalanceInProgress)
	}
	h.advance(1000) // the rebalance timeout (max rebalanceTimeoutMs = 10 s)
	r1, r3 := h.joined(ref1, c1), h.joined(ref3, c3)
	require.NotNil(t, r1)
	require.NotNil(t, r3)
	assert.Len(t, r1.Members, 2, "c2 was dropped")
	assert.ErrorIs(t, h.heartbeat(g, c2), kerr.UnknownMemberID)
}

// Requests to the wrong coordinator, during loading, and with no group id.
func TestCoordinatorAnswers(t *testing.T) {
	h := newHarness(t)
	c := newConsumer("consumer-1", "orders")
	r := h.joined(h.join("", c), c)
	assert.ErrorIs(t, r.Err, kerr.InvalidGroupID)
	c.session = 1000
	r = h.joined(h.join("g", c), c)
	assert.ErrorIs(t, r.Err, kerr.InvalidSessionTimeout)

	cfg := group.DefaultConfig(3, h.newUUID)
	loading, err := group.New(cfg)
	require.NoError(t, err)
	other := ""
	for i := 0; other == ""; i++ {
		if id := string(rune('a'+i%26)) + string(rune('a'+i/26)); h.cfg.NumPartitions > 0 && coordinatorOf(id) != 3 {
			other = id
		}
	}
	outs := loading.Heartbeat(0, 1, group.HeartbeatRequest{GroupID: other})
	assert.ErrorIs(t, outs[0].(group.Response).Body.(*group.HeartbeatResponse).Err, kerr.CoordinatorLoadInProgress)
	loading.Loaded(0)
	outs = loading.Heartbeat(0, 2, group.HeartbeatRequest{GroupID: other})
	assert.ErrorIs(t, outs[0].(group.Response).Body.(*group.HeartbeatResponse).Err, kerr.NotCoordinator)
}
