package group_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/kafkalab/kafkalab/engine/kerr"
)

var orders = map[string]int32{"orders": 4}

// stableGroup brings one consumer through the whole first rebalance.
func stableGroup(t *testing.T, h *harness, g string, cs ...*consumer) {
	t.Helper()
	refs := map[*consumer]group.Ref{}
	for _, c := range cs {
		if c.instanceID == "" {
			h.joined(h.join(g, c), c) // MEMBER_ID_REQUIRED
		}
		refs[c] = h.join(g, c)
	}
	// group.initial.rebalance.delay.ms, extended once per new member.
	h.advance(3000 * int64(len(cs)))
	var leader *group.JoinGroupResponse
	for _, c := range cs {
		r := h.joined(refs[c], c)
		require.NotNil(t, r, "join of %s parked", c.clientID)
		require.NoError(t, r.Err)
		if r.Leader == c.memberID {
			leader = r
		}
	}
	for _, c := range cs {
		var a []group.SyncGroupAssignment
		if leader.MemberID == c.memberID {
			a = leaderAssign(t, leader, orders)
		}
		h.sync(g, c, a)
	}
	v, _ := h.c.Group(g)
	require.Equal(t, group.Stable, v.State)
}

// The first rebalance of a new group, step by step.
func TestFirstJoinMemberIDRequiredThenJoin(t *testing.T) {
	h := newHarness(t)
	g := groupOn("orders-app", 1)
	c := newConsumer("consumer-1", "orders")

	// 1. A v4+ JoinGroup with no member id gets MEMBER_ID_REQUIRED and an id
	//    "clientId-UUID": the member must rejoin with it (KIP-394).
	r := h.joined(h.join(g, c), c)
	require.ErrorIs(t, r.Err, kerr.MemberIDRequired)
	assert.Equal(t, "consumer-1-00000000-0000-0000-0000-000000000001", r.MemberID)

	// 2. The rejoin is parked: the group is new, so it waits
	//    group.initial.rebalance.delay.ms (3 s) for more members.
	ref := h.join(g, c)
	assert.Nil(t, h.joined(ref, c))
	v, _ := h.c.Group(g)
	assert.Equal(t, group.PreparingRebalance, v.State)

	// 3. After 3 s the join phase ends: generation 1, this member leads and
	//    alone receives the members' subscriptions.
	h.advance(2999)
	assert.Nil(t, h.joined(ref, c))
	h.advance(1)
	r = h.joined(ref, c)
	require.NoError(t, r.Err)
	assert.Equal(t, int32(1), r.GenerationID)
	assert.Equal(t, "range", r.ProtocolName)
	assert.Equal(t, c.memberID, r.Leader)
	require.Len(t, r.Members, 1)

	// 4. The leader's SyncGroup carries the assignment; once the group's
	//    record is committed in __consumer_offsets the group is Stable.
	s := h.sync(g, c, leaderAssign(t, r, orders))
	assert.Equal(t, []assignor.TopicPartition{{Topic: "orders", Partition: 0}, {Topic: "orders", Partition: 1}, {Topic: "orders", Partition: 2}, {Topic: "orders", Partition: 3}}, assigned(t, h.responses[s]))
	v, _ = h.c.Group(g)
	assert.Equal(t, group.Stable, v.State)
}

// A second member joins a Stable group: PreparingRebalance, the first
// member learns it from its heartbeat, rejoins, and generation 2 splits the
// partitions.
func TestSecondMemberSplitsTheAssignment(t *testing.T) {
	h := newHarness(t)
	g := groupOn("orders-app", 1)
	c1, c2 := newConsumer("consumer-1", "orders"), newConsumer("consumer-2", "orders")
	stableGroup(t, h, g, c1)

	h.joined(h.join(g, c2), c2) // MEMBER_ID_REQUIRED
	ref2 := h.join(g, c2)
	v, _ := h.c.Group(g)
	assert.Equal(t, group.PreparingRebalance, v.State)
	assert.Nil(t, h.joined(ref2, c2), "parked until every member rejoined")

	require.ErrorIs(t, h.heartbeat(g, c1), kerr.RebalanceInProgress)
	ref1 := h.join(g, c1)
	r1, r2 := h.joined(ref1, c1), h.joined(ref2, c2)
	require.NotNil(t, r1)
	require.NotNil(t, r2)
	assert.Equal(t, int32(2), r1.GenerationID)
	assert.Equal(t, c1.memberID, r1.Leader, "the first member stays leader")
	assert.Empty(t, r2.Members, "only the leader gets the members")

	s2 := h.sync(g, c2, nil)
	assert.Nil(t, h.responses[s2], "a follower waits for the leader")
	s1 := h.sync(g, c1, leaderAssign(t, r1, orders))
	assert.Equal(t, []assignor.TopicPartition{{Topic: "orders", Partition: 0}, {Topic: "orders", Partition: 1}}, assigned(t, h.responses[s1]))
	assert.Equal(t, []assignor.TopicPartition{{Topic: "orders", Partition: 2}, {Topic: "orders", Partition: 3}}, assigned(t, h.responses[s2]))
}

// A member whose session expires is removed and the group rebalances.
func TestSessionExpiryRebalances(t *testing.T) {
	h := newHarness(t)
	g := groupOn("orders-app", 1)
	c1, c2 := newConsumer("consumer-1", "orders"), newConsumer("consumer-2", "orders")
	stableGroup(t, h, g, c1, c2)

	for range 4 { // c1 heartbeats every 3 s for 12 s; c2 is silent
		h.advance(3000)
		require.NoError(t, h.heartbeat(g, c1))
	}
	h.advance(45000 - 12000)
	v, _ := h.c.Group(g)
	assert.Equal(t, group.PreparingRebalance, v.State)
	require.Len(t, v.Members, 1)
	assert.Equal(t, c1.memberID, v.Members[0].ID)

	// c1 rejoins alone: generation 2 with everything.
	r := h.joined(h.join(g, c1), c1)
	require.NotNil(t, r)
	assert.Equal(t, int32(2), r.GenerationID, "generation 1 plus this rebalance")
	assert.ErrorIs(t, h.heartbeat(g, c2), kerr.UnknownMemberID)
}

// LeaveGroup removes the member at once, without waiting for its session.
func TestLeaveGroup(t *testing.T) {
	h := newHarness(t)
	g := groupOn("orders-app", 1)
	c1, c2 := newConsumer("consumer-1", "orders"), newConsumer("consumer-2", "orders")
	stableGroup(t, h, g, c1, c2)

	ref := h.nextRef()
	h.apply(h.c.LeaveGroup(h.now, ref, group.LeaveGroupRequest{GroupID: g, Members: []group.LeaveMember{{MemberID: c2.memberID}, {MemberID: "ghost"}}}))
	resp := h.responses[ref].(*group.LeaveGroupResponse)
	assert.NoError(t, resp.Members[0].Err)
	assert.ErrorIs(t, resp.Members[1].Err, kerr.UnknownMemberID)
	v, _ := h.c.Group(g)
	assert.Equal(t, group.PreparingRebalance, v.State)
	assert.Len(t, v.Members, 1)

	// The last member leaves during the rebalance: generation 2 is Empty.
	ref = h.nextRef()
	h.apply(h.c.LeaveGroup(h.now, ref, group.LeaveGroupRequest{GroupID: g, Members: []group.LeaveMember{{MemberID: c1.memberID}}}))
	v, _ = h.c.Group(g)
	assert.Equal(t, group.Empty, v.State)
	assert.Equal(t, int32(2), v.Generation)
}

// KIP-345: a static member restarts within its session and gets its
// assignment back without a rebalance; its old member id is fenced.
func TestStaticMemberRestartWithoutRebalance(t *testing.T) {
	h := newHarness(t)
	g := groupOn("orders-app", 1)
	c1, c2 := newConsumer("consumer-1", "orders"), newConsumer("consumer-2", "orders")
	c1.instanceID, c2.instanceID = "host-a", "host-b"
	stableGroup(t, h, g, c1, c2)
	before, _ := h.c.Group(g)
	oldID := c1.memberID
	assert.Contains(t, oldID, "host-a-", "static member ids start with the instance id")

	// The process restarts: no member id, same group.instance.id.
	restarted := *c1
	restarted.memberID = ""
	r := h.joined(h.join(g, &restarted), &restarted)
	require.NotNil(t, r, "answered at once: no rebalance")
	require.NoError(t, r.Err)
	assert.NotEqual(t, oldID, r.MemberID)
	assert.Equal(t, before.Generation, r.GenerationID)
	assert.True(t, r.SkipAssignment, "v9+: the leader must not reassign")

	v, _ := h.c.Group(g)
	assert.Equal(t, group.Stable, v.State)
	s := h.sync(g, &restarted, nil)
	assert.Equal(t, []assignor.TopicPartition{{Topic: "orders", Partition: 0}, {Topic: "orders", Partition: 1}}, assigned(t, h.responses[s]), "the same partitions as before")

	// The old process (a zombie with the old id) is fenced.
	assert.ErrorIs(t, h.heartbeat(g, c1), kerr.FencedInstanceID)
	assert.NoError(t, h.heartbeat(g, &restarted))
}
