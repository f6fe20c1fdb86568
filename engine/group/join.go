package group

import (
	"github.com/kafkalab/kafkalab/engine/kerr"
)

// JoinGroup handles a JoinGroup request (GroupMetadataManager.classicGroupJoin).
// The response is immediate for errors, MEMBER_ID_REQUIRED and rejoins that
// change nothing; otherwise the request is parked until the join phase ends.
func (c *Coordinator) JoinGroup(now int64, ref Ref, req JoinGroupRequest) []Output {
	if req.Version == 0 {
		req.RebalanceTimeoutMs = req.SessionTimeoutMs
	}
	fail := func(memberID string, err error) []Output {
		c.respond(ref, &JoinGroupResponse{Err: err, MemberID: memberID, GenerationID: -1})
		return c.flush()
	}
	if err := c.check(req.GroupID); err != nil {
		return fail(req.MemberID, err)
	}
	if req.SessionTimeoutMs < c.cfg.MinSessionTimeoutMs || req.SessionTimeoutMs > c.cfg.MaxSessionTimeoutMs {
		return fail(req.MemberID, wrap(kerr.InvalidSessionTimeout, "session.timeout.ms %d is outside group.min/max.session.timeout.ms [%d, %d]",
			req.SessionTimeoutMs, c.cfg.MinSessionTimeoutMs, c.cfg.MaxSessionTimeoutMs))
	}
	unknown := req.MemberID == ""
	g, ok := c.groups[req.GroupID]
	if !ok {
		if !unknown {
			return fail(req.MemberID, wrap(kerr.UnknownMemberID, "group %s does not exist", req.GroupID))
		}
		g = newGroup(req.GroupID, now)
		c.groups[req.GroupID] = g
		// Kafka writes the new, empty group so that it survives a failover
		// (classicGroupJoin's newEmptyGroupMetadataRecord).
		c.append([]Record{GroupMetadataRecord(g.snapshot())}, func(int64, error) {})
	}
	if !c.acceptJoiningMember(g, req.MemberID) {
		g.remove(req.MemberID)
		return fail("", wrap(kerr.GroupMaxSizeReached, "group %s has reached group.max.size %d", g.id, c.cfg.MaxSize))
	}
	if unknown {
		c.joinNewMember(now, ref, g, req)
	} else {
		c.joinExistingMember(now, ref, g, req)
	}
	return c.flush()
}

// acceptJoiningMember enforces group.max.size (GroupMetadataManager.acceptJoiningMember).
func (c *Coordinator) acceptJoiningMember(g *classicGroup, memberID string) bool {
	m, known := g.members[memberID]
	switch g.state {
	case PreparingRebalance:
		return (known && m.joinRef != nil) || g.awaitingJoin() < c.cfg.MaxSize
	case CompletingRebalance, Stable:
		return known || len(g.members) < c.cfg.MaxSize
	}
	return true
}

func (c *Coordinator) joinNewMember(now int64, ref Ref, g *classicGroup, req JoinGroupRequest) {
	if g.is(Dead) {
		c.respond(ref, &JoinGroupResponse{Err: wrap(kerr.CoordinatorNotAvailable, "group %s is being deleted", g.id), GenerationID: -1})
		return
	}
	if !g.supportsProtocols(req.ProtocolType, req.Protocols) {
		c.respond(ref, &JoinGroupResponse{Err: c.inconsistent(g, req), GenerationID: -1})
		return
	}
	// Member ids are clientId-UUID, or instanceId-UUID for static members
	// (ClassicGroup.generateMemberId).
	prefix := req.ClientID
	if req.GroupInstanceID != "" {
		prefix = req.GroupInstanceID
	}
	newID := prefix + "-" + c.cfg.NewUUID().String()

	if req.GroupInstanceID != "" {
		if old, ok := g.static[req.GroupInstanceID]; ok {
			c.replaceStaticMember(now, ref, g, req, old, newID)
			return
		}
		c.addMemberAndRebalance(now, ref, g, req, newID)
		return
	}
	if req.Version >= 4 {
		// KIP-394: hand out the id and wait for the member to rejoin with it,
		// so that a client retrying a lost response cannot pile up members.
		g.pending[newID] = true
		c.schedule(now, heartbeatTimer(g.id, newID), req.SessionTimeoutMs)
		c.respond(ref, &JoinGroupResponse{
			Err:          wrap(kerr.MemberIDRequired, "rejoin group %s with member id %s", g.id, newID),
			MemberID:     newID,
			GenerationID: -1,
		})
		return
	}
	c.addMemberAndRebalance(now, ref, g, req, newID)
}

func (c *Coordinator) inconsistent(g *classicGroup, req JoinGroupRequest) error {
	if len(g.members) == 0 {
		return wrap(kerr.InconsistentGroupProtocol, "the first member of group %s sent protocol type %q with %d protocols", g.id, req.ProtocolType, len(req.Protocols))
	}
	return wrap(kerr.InconsistentGroupProtocol, "group %s (protocol type %q) has no protocol in common with %v", g.id, g.protocolType, protocolNames(req.Protocols))
}

func protocolNames(ps []Protocol) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

func (c *Coordinator) joinExistingMember(now int64, ref Ref, g *classicGroup, req JoinGroupRequest) {
	id := req.MemberID
	fail := func(err error) {
		c.respond(ref, &JoinGroupResponse{Err: err, MemberID: id, GenerationID: -1})
	}
	switch {
	case g.is(Dead):
		fail(wrap(kerr.CoordinatorNotAvailable, "group %s is being deleted", g.id))
		return
	case !g.supportsProtocols(req.ProtocolType, req.Protocols):
		fail(c.inconsistent(g, req))
		return
	case g.pending[id]:
		// The member rejoins with the id MEMBER_ID_REQUIRED gave it.
		c.addMemberAndRebalance(now, ref, g, req, id)
		return
	}
	if err := g.validateMember(id, req.GroupInstanceID, "join-group"); err != nil {
		fail(err)
		return
	}
	m := g.members[id]
	switch g.state {
	case PreparingRebalance:
		c.updateMemberAndRebalance(now, ref, g, m, req)
	case CompletingRebalance:
		if m.matches(req.Protocols) {
			// The member lost its JoinGroup response: send it again.
			c.respond(ref, c.joinResponse(g, id, false))
		} else {
			c.updateMemberAndRebalance(now, ref, g, m, req)
		}
	case Stable:
		if g.isLeader(id) || !m.matches(req.Protocols) {
			// A leader rejoins to make the group rebalance (for example
			// after a topic gained partitions); anyone with new metadata too.
			c.updateMemberAndRebalance(now, ref, g, m, req)
		} else {
			c.respond(ref, &JoinGroupResponse{
				MemberID: id, GenerationID: g.generation, ProtocolType: g.protocolType,
				ProtocolName: g.protocol, Leader: g.leader,
			})
		}
	default:
		fail(wrap(kerr.UnknownMemberID, "group %s is %s", g.id, g.state))
	}
}

// joinResponse is the successful JoinGroup response for member id; only
// the leader gets the members and their metadata.
func (c *Coordinator) joinResponse(g *classicGroup, id string, skip bool) *JoinGroupResponse {
	r := &JoinGroupResponse{
		MemberID: id, GenerationID: g.generation, ProtocolType: g.protocolType,
		ProtocolName: g.protocol, Leader: g.leader, SkipAssignment: skip,
		Members: []JoinGroupMember{},
	}
	if g.isLeader(id) {
		r.Members = g.joinMembers()
	}
	return r
}

func (c *Coordinator) addMemberAndRebalance(now int64, ref Ref, g *classicGroup, req JoinGroupRequest, id string) {
	m := &member{
		id: id, instanceID: req.GroupInstanceID, clientID: req.ClientID, clientHost: req.ClientHost,
		rebalanceTimeoutMs: req.RebalanceTimeoutMs, sessionTimeoutMs: req.SessionTimeoutMs,
		protocolType: req.ProtocolType, protocols: req.Protocols, isNew: true,
		joinRef: &ref, joinVersion: req.Version,
	}
	if g.is(PreparingRebalance) && g.prevState == Empty {
		g.newMemberAdded = true // extends the initial rebalance delay
	}
	g.add(m)
	// A new member's session does not run while its JoinGroup is parked; a
	// separate, longer timeout removes members whose client gave up.
	c.schedule(now, heartbeatTimer(g.id, id), c.cfg.NewMemberJoinTimeoutMs)
	c.maybePrepareRebalanceOrCompleteJoin(now, g)
}

func (c *Coordinator) updateMemberAndRebalance(now int64, ref Ref, g *classicGroup, m *member, req JoinGroupRequest) {
	m.protocols, m.rebalanceTimeoutMs, m.sessionTimeoutMs = req.Protocols, req.RebalanceTimeoutMs, req.SessionTimeoutMs
	// A second JoinGroup replaces a parked one; the first gets no answer, as
	// in Kafka (its client has given up on it).
	m.joinRef, m.joinVersion = &ref, req.Version
	c.maybePrepareRebalanceOrCompleteJoin(now, g)
}

// replaceStaticMember handles a static member rejoining with an unknown
// member id: the new id replaces the old one (KIP-345,
// updateStaticMemberThenRebalanceOrCompleteJoin).
func (c *Coordinator) replaceStaticMember(now int64, ref Ref, g *classicGroup, req JoinGroupRequest, oldID, newID string) {
	oldLeader := g.leader
	m := g.members[oldID]
	// The old id's parked requests can never complete now.
	if m.joinRef != nil {
		c.respond(*m.joinRef, &JoinGroupResponse{Err: wrap(kerr.FencedInstanceID, "instance %q rejoined as %s", req.GroupInstanceID, newID), MemberID: oldID, GenerationID: -1})
		m.joinRef = nil
	}
	if m.syncRef != nil {
		c.respond(*m.syncRef, &SyncGroupResponse{Err: wrap(kerr.FencedInstanceID, "instance %q rejoined as %s", req.GroupInstanceID, newID)})
		m.syncRef = nil
	}
	c.cancel(heartbeatTimer(g.id, oldID))
	g.replaceStatic(req.GroupInstanceID, oldID, newID)
	c.schedule(now, heartbeatTimer(g.id, newID), m.sessionTimeoutMs)
	oldProtocols, oldRebalance, oldSession := m.protocols, m.rebalanceTimeoutMs, m.sessionTimeoutMs
	m.protocols, m.rebalanceTimeoutMs, m.sessionTimeoutMs = req.Protocols, req.RebalanceTimeoutMs, req.SessionTimeoutMs
	m.joinRef, m.joinVersion = &ref, req.Version

	switch g.state {
	case Stable:
		if g.selectProtocol() != g.protocol {
			c.maybePrepareRebalanceOrCompleteJoin(now, g)
			return
		}
		// No rebalance: persist the new member id, then give the member the
		// current generation. Since JoinGroup v9 the leader is told to skip
		// the assignment (KIP-814): it must not reassign, only resume.
		m.joinRef = nil
		c.append([]Record{GroupMetadataRecord(g.snapshot())}, func(now int64, err error) {
			if err != nil {
				m.protocols, m.rebalanceTimeoutMs, m.sessionTimeoutMs = oldProtocols, oldRebalance, oldSession
				if _, still := g.members[newID]; still {
					g.replaceStatic(req.GroupInstanceID, newID, oldID)
					c.cancel(heartbeatTimer(g.id, newID))
					c.schedule(now, heartbeatTimer(g.id, oldID), m.sessionTimeoutMs)
				}
				c.respond(ref, &JoinGroupResponse{Err: appendError(err), GenerationID: g.generation, Leader: oldLeader})
				return
			}
			if req.Version >= 9 {
				c.respond(ref, c.joinResponse(g, newID, g.isLeader(newID)))
				return
			}
			c.respond(ref, &JoinGroupResponse{
				MemberID: newID, GenerationID: g.generation, ProtocolType: g.protocolType,
				ProtocolName: g.protocol, Leader: oldLeader, Members: []JoinGroupMember{},
			})
		})
	case CompletingRebalance:
		// The leader may already have computed an assignment for the old id.
		c.prepareRebalance(now, g)
	default:
		c.maybeCompleteJoinPhase(now, g)
	}
}

// maybePrepareRebalanceOrCompleteJoin starts a rebalance if the group can
// enter PreparingRebalance, or else tries to end the join phase.
func (c *Coordinator) maybePrepareRebalanceOrCompleteJoin(now int64, g *classicGroup) {
	if g.canRebalance() {
		c.prepareRebalance(now, g)
	} else {
		c.maybeCompleteJoinPhase(now, g)
	}
}

// maybeCompleteJoinPhase ends the join phase once every member rejoined,
// except during the initial delay, which only its timer ends.
func (c *Coordinator) maybeCompleteJoinPhase(now int64, g *classicGroup) {
	if g.is(PreparingRebalance) && g.hasAllMembersJoined() && g.prevState != Empty {
		c.completeJoin(now, g)
	}
}

// prepareRebalance enters PreparingRebalance (GroupMetadataManager.prepareRebalance).
func (c *Coordinator) prepareRebalance(now int64, g *classicGroup) {
	if g.is(CompletingRebalance) {
		c.propagateAssignment(now, g, wrap(kerr.RebalanceInProgress, "group %s started another rebalance", g.id), true)
	}
	clear(g.pendingSync)
	c.cancel(syncTimer(g.id))

	initial := g.is(Empty)
	g.initialPhase = initial
	if initial {
		// A new group waits group.initial.rebalance.delay.ms for more
		// members, extended while they keep coming, up to the rebalance timeout.
		g.newMemberAdded = false
		g.initialDelayMs = c.cfg.InitialRebalanceDelayMs
		g.initialRemaining = max(g.rebalanceTimeoutMs()-c.cfg.InitialRebalanceDelayMs, 0)
		c.schedule(now, joinTimer(g.id), g.initialDelayMs)
	}
	g.transition(PreparingRebalance, now)
	if !initial {
		if g.hasAllMembersJoined() {
			c.completeJoin(now, g)
		} else {
			c.schedule(now, joinTimer(g.id), g.rebalanceTimeoutMs())
		}
	}
}

// tryCompleteInitialRebalance is one step of the initial delay
// (tryCompleteInitialRebalanceElseSchedule).
func (c *Coordinator) tryCompleteInitialRebalance(now int64, g *classicGroup) {
	if g.newMemberAdded && g.initialRemaining != 0 {
		g.newMemberAdded = false
		delay := min(c.cfg.InitialRebalanceDelayMs, g.initialRemaining)
		g.initialRemaining = max(g.initialRemaining-g.initialDelayMs, 0)
		g.initialDelayMs = delay
		c.schedule(now, joinTimer(g.id), delay)
		return
	}
	c.completeJoin(now, g)
}

// completeJoin ends the join phase (GroupMetadataManager.completeClassicGroupJoin):
// dynamic members that did not rejoin are dropped, the generation is bumped,
// a protocol is chosen, and every parked JoinGroup is answered.
func (c *Coordinator) completeJoin(now int64, g *classicGroup) {
	c.cancel(joinTimer(g.id))
	g.initialPhase = false
	for _, id := range append([]string(nil), g.order...) {
		m := g.members[id]
		if m.joinRef == nil && m.instanceID == "" {
			g.remove(id)
			c.cancel(heartbeatTimer(g.id, id))
		}
	}
	if g.is(Dead) {
		return
	}
	if !g.maybeElectNewJoinedLeader() && len(g.members) > 0 {
		// Only static members that have not rejoined are left: wait for
		// them, or for their sessions to expire.
		c.schedule(now, joinTimer(g.id), g.rebalanceTimeoutMs())
		return
	}
	g.generation++
	clear(g.pendingSync)
	if len(g.members) == 0 {
		g.protocol, g.leader = "", ""
		g.transition(Empty, now)
		c.append([]Record{GroupMetadataRecord(g.snapshot())}, func(int64, error) {})
		return
	}
	g.protocol = g.selectProtocol()
	g.transition(CompletingRebalance, now)
	for _, id := range g.order {
		m := g.members[id]
		if m.joinRef != nil {
			c.respond(*m.joinRef, c.joinResponse(g, id, false))
			m.joinRef = nil
		}
		c.schedule(now, heartbeatTimer(g.id, id), m.sessionTimeoutMs)
		m.isNew = false
		g.pendingSync[id] = true
	}
	g.syncGeneration = g.generation
	c.schedule(now, syncTimer(g.id), g.rebalanceTimeoutMs())
}
