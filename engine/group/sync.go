package group

import (
	"github.com/kafkalab/kafkalab/engine/kerr"
)

// SyncGroup handles a SyncGroup request (GroupMetadataManager.classicGroupSync).
// In CompletingRebalance followers are parked; the leader's assignment is
// appended to __consumer_offsets and, once committed, every parked member
// gets its share and the group is Stable.
func (c *Coordinator) SyncGroup(now int64, ref Ref, req SyncGroupRequest) []Output {
	fail := func(err error) []Output {
		c.respond(ref, &SyncGroupResponse{Err: err})
		return c.flush()
	}
	if err := c.check(req.GroupID); err != nil {
		return fail(err)
	}
	g, ok := c.groups[req.GroupID]
	if !ok {
		return fail(wrap(kerr.UnknownMemberID, "group %s does not exist", req.GroupID))
	}
	if g.is(Dead) {
		return fail(wrap(kerr.CoordinatorNotAvailable, "group %s is being deleted", g.id))
	}
	if err := g.validateMember(req.MemberID, req.GroupInstanceID, "sync-group"); err != nil {
		return fail(err)
	}
	if req.GenerationID != g.generation {
		return fail(wrap(kerr.IllegalGeneration, "member %s synced generation %d, group %s is at %d", req.MemberID, req.GenerationID, g.id, g.generation))
	}
	if inconsistent(req.ProtocolType, g.protocolType) || inconsistent(req.ProtocolName, g.protocol) {
		return fail(wrap(kerr.InconsistentGroupProtocol, "member %s synced protocol %q/%q, group %s uses %q/%q", req.MemberID, req.ProtocolType, req.ProtocolName, g.id, g.protocolType, g.protocol))
	}
	switch g.state {
	case Empty:
		return fail(wrap(kerr.UnknownMemberID, "group %s is empty", g.id))
	case PreparingRebalance:
		return fail(wrap(kerr.RebalanceInProgress, "group %s is rebalancing: rejoin", g.id))
	case Stable:
		c.removePendingSync(g, req.MemberID)
		m := g.members[req.MemberID]
		c.respond(ref, &SyncGroupResponse{ProtocolType: g.protocolType, ProtocolName: g.protocol, Assignment: m.assignment})
		return c.flush()
	}
	// CompletingRebalance.
	m := g.members[req.MemberID]
	m.syncRef = &ref
	c.removePendingSync(g, req.MemberID)
	if !g.isLeader(req.MemberID) {
		return c.flush()
	}
	assignment := map[string][]byte{}
	for _, a := range req.Assignments {
		assignment[a.MemberID] = a.Assignment
	}
	for _, id := range g.order {
		if _, ok := assignment[id]; !ok {
			assignment[id] = []byte{} // Kafka warns and sends an empty assignment
		}
	}
	gen := g.generation
	snap := g.snapshot()
	for i := range snap.Members {
		snap.Members[i].Assignment = assignment[snap.Members[i].MemberID]
	}
	c.append([]Record{GroupMetadataRecord(snap)}, func(now int64, err error) {
		// The group may have moved on while the append was in flight.
		if !g.is(CompletingRebalance) || g.generation != gen {
			return
		}
		if err != nil {
			c.propagateAssignment(now, g, appendError(err), true)
			c.maybePrepareRebalanceOrCompleteJoin(now, g)
			return
		}
		for id, m := range g.members {
			m.assignment = assignment[id]
		}
		c.propagateAssignment(now, g, nil, false)
		g.transition(Stable, now)
	})
	return c.flush()
}

func inconsistent(request, group string) bool {
	return request != "" && group != "" && request != group
}

// propagateAssignment answers every parked SyncGroup with its member's
// assignment or err, and restarts the member's session
// (GroupMetadataManager.propagateAssignment); reset clears assignments first.
func (c *Coordinator) propagateAssignment(now int64, g *classicGroup, err error, reset bool) {
	for _, id := range g.order {
		m := g.members[id]
		if reset {
			m.assignment = nil
		}
		if m.syncRef == nil {
			continue
		}
		r := &SyncGroupResponse{Err: err, Assignment: m.assignment}
		if err == nil {
			r.ProtocolType, r.ProtocolName = g.protocolType, g.protocol
		}
		if r.Assignment == nil {
			r.Assignment = []byte{}
		}
		c.respond(*m.syncRef, r)
		m.syncRef = nil
		c.schedule(now, heartbeatTimer(g.id, id), m.sessionTimeoutMs)
	}
}

func (c *Coordinator) removePendingSync(g *classicGroup, id string) {
	delete(g.pendingSync, id)
	if (!g.is(CompletingRebalance) && !g.is(Stable)) || len(g.pendingSync) == 0 {
		c.cancel(syncTimer(g.id))
	}
}
