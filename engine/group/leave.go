package group

import (
	"github.com/kafkalab/kafkalab/engine/kerr"
)

// LeaveGroup handles a LeaveGroup request (GroupMetadataManager.classicGroupLeave):
// each listed member leaves, static members may be removed by instance id
// alone (an admin's removal), and the group rebalances.
func (c *Coordinator) LeaveGroup(now int64, ref Ref, req LeaveGroupRequest) []Output {
	resp := &LeaveGroupResponse{}
	c.respond(ref, resp) // filled in below; outputs after it are the rebalance's
	if err := c.check(req.GroupID); err != nil {
		resp.Err = err
		return c.flush()
	}
	g, ok := c.groups[req.GroupID]
	if !ok {
		resp.Err = wrap(kerr.UnknownMemberID, "group %s does not exist", req.GroupID)
		return c.flush()
	}
	if g.is(Dead) {
		resp.Err = wrap(kerr.CoordinatorNotAvailable, "group %s is being deleted", g.id)
		return c.flush()
	}
	left := 0
	for _, lm := range req.Members {
		r := LeaveMemberResponse{MemberID: lm.MemberID, GroupInstanceID: lm.GroupInstanceID}
		switch {
		case lm.MemberID == "":
			if id, ok := g.static[lm.GroupInstanceID]; ok && lm.GroupInstanceID != "" {
				c.leave(g, id)
				left++
			} else {
				r.Err = wrap(kerr.UnknownMemberID, "group %s has no static member %q", g.id, lm.GroupInstanceID)
			}
		case g.pending[lm.MemberID]:
			g.remove(lm.MemberID)
			c.cancel(heartbeatTimer(g.id, lm.MemberID))
			left++
		default:
			if err := g.validateMember(lm.MemberID, lm.GroupInstanceID, "leave-group"); err != nil {
				r.Err = err
			} else {
				c.leave(g, lm.MemberID)
				left++
			}
		}
		resp.Members = append(resp.Members, r)
	}
	if left > 0 {
		switch g.state {
		case Stable, CompletingRebalance:
			c.maybePrepareRebalanceOrCompleteJoin(now, g)
		case PreparingRebalance:
			c.maybeCompleteJoinPhase(now, g)
		}
	}
	return c.flush()
}

// leave removes a member that asked to leave
// (GroupMetadataManager.removeCurrentMemberFromClassicGroup).
func (c *Coordinator) leave(g *classicGroup, id string) {
	m := g.members[id]
	c.cancel(heartbeatTimer(g.id, id))
	if m.joinRef != nil {
		c.respond(*m.joinRef, &JoinGroupResponse{Err: wrap(kerr.UnknownMemberID, "member %s left group %s", id, g.id), GenerationID: -1})
		m.joinRef = nil
	}
	g.remove(id)
}
