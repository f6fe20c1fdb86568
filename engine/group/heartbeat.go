package group

import (
	"github.com/kafkalab/kafkalab/engine/kerr"
)

// Heartbeat handles a Heartbeat request (GroupMetadataManager.classicGroupHeartbeat).
// It restarts the member's session; in PreparingRebalance it answers
// REBALANCE_IN_PROGRESS, which is how members learn they must rejoin.
func (c *Coordinator) Heartbeat(now int64, ref Ref, req HeartbeatRequest) []Output {
	c.respond(ref, &HeartbeatResponse{Err: c.heartbeat(now, req)})
	return c.flush()
}

func (c *Coordinator) heartbeat(now int64, req HeartbeatRequest) error {
	if err := c.check(req.GroupID); err != nil {
		return err
	}
	g, ok := c.groups[req.GroupID]
	if !ok {
		return wrap(kerr.UnknownMemberID, "group %s does not exist", req.GroupID)
	}
	if g.is(Dead) {
		return wrap(kerr.CoordinatorNotAvailable, "group %s is being deleted", g.id)
	}
	if err := g.validateMember(req.MemberID, req.GroupInstanceID, "heartbeat"); err != nil {
		return err
	}
	if req.GenerationID != g.generation {
		return wrap(kerr.IllegalGeneration, "member %s is at generation %d, group %s at %d", req.MemberID, req.GenerationID, g.id, g.generation)
	}
	m := g.members[req.MemberID]
	switch g.state {
	case Empty:
		return wrap(kerr.UnknownMemberID, "group %s is empty", g.id)
	case PreparingRebalance:
		c.schedule(now, heartbeatTimer(g.id, m.id), m.sessionTimeoutMs)
		return wrap(kerr.RebalanceInProgress, "group %s is rebalancing: rejoin", g.id)
	}
	c.schedule(now, heartbeatTimer(g.id, m.id), m.sessionTimeoutMs)
	return nil
}

// expireHeartbeat runs when a member's session timer fires
// (GroupMetadataManager.expireClassicGroupMemberHeartbeat).
func (c *Coordinator) expireHeartbeat(now int64, g *classicGroup, id string) {
	switch {
	case g.is(Dead):
		return
	case g.pending[id]:
		// The member never rejoined with the id MEMBER_ID_REQUIRED gave it.
		g.remove(id)
		if g.is(PreparingRebalance) && g.hasAllMembersJoined() {
			c.completeJoin(now, g)
		}
		return
	}
	m, ok := g.members[id]
	if !ok || m.hasSatisfiedHeartbeat() {
		return
	}
	c.removeMember(now, g, m)
}

// hasSatisfiedHeartbeat: members waiting in a rebalance need not heartbeat,
// except new members, whose join timeout this timer is
// (ClassicGroupMember.hasSatisfiedHeartbeat).
func (m *member) hasSatisfiedHeartbeat() bool {
	return !m.isNew && (m.joinRef != nil || m.syncRef != nil)
}

// removeMember removes a failed member and rebalances
// (GroupMetadataManager.removeMemberAndUpdateClassicGroup).
func (c *Coordinator) removeMember(now int64, g *classicGroup, m *member) {
	if m.joinRef != nil {
		c.respond(*m.joinRef, &JoinGroupResponse{Err: wrap(kerr.UnknownMemberID, "member %s was removed from group %s", m.id, g.id), GenerationID: -1})
		m.joinRef = nil
	}
	g.remove(m.id)
	switch g.state {
	case Stable, CompletingRebalance:
		c.maybePrepareRebalanceOrCompleteJoin(now, g)
	case PreparingRebalance:
		if g.hasAllMembersJoined() {
			c.completeJoin(now, g)
		}
	}
}

// expirePendingSync removes members that did not send SyncGroup within the
// rebalance timeout (GroupMetadataManager.expirePendingSync).
func (c *Coordinator) expirePendingSync(now int64, g *classicGroup, generation int32) {
	if generation != g.generation || (!g.is(CompletingRebalance) && !g.is(Stable)) || len(g.pendingSync) == 0 {
		return
	}
	for _, id := range sortedKeys(g.pendingSync) {
		g.remove(id)
		c.cancel(heartbeatTimer(g.id, id))
	}
	c.prepareRebalance(now, g)
}
