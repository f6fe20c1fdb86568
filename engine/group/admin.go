package group

import (
	"slices"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// DescribeGroups handles DescribeGroups (ClassicGroup.describe): members
// with their metadata and assignment in Stable, without them otherwise. An
// unknown group is described as Dead with GROUP_ID_NOT_FOUND ("Group X not
// found."), as Kafka 4 answers version 6, the version its admin client
// sends; versions before 6 answered Dead without an error.
func (c *Coordinator) DescribeGroups(now int64, ref Ref, req DescribeGroupsRequest) []Output {
	resp := &DescribeGroupsResponse{}
	for _, id := range req.Groups {
		d := DescribedGroup{GroupID: id, State: Dead.String(), Members: []DescribedMember{}}
		if err := c.check(id); err != nil {
			d.Err = err
		} else if g, ok := c.groups[id]; !ok {
			d.Err = wrap(kerr.GroupIDNotFound, "Group %s not found.", id)
		} else {
			d.State, d.ProtocolType = g.state.String(), g.protocolType
			stable := g.is(Stable)
			if stable {
				d.Protocol = g.protocol
			}
			for _, mid := range g.order {
				m := g.members[mid]
				dm := DescribedMember{MemberID: mid, GroupInstanceID: m.instanceID, ClientID: m.clientID, ClientHost: m.clientHost}
				if stable {
					dm.Metadata, dm.Assignment = m.metadata(g.protocol), m.assignment
				}
				d.Members = append(d.Members, dm)
			}
		}
		resp.Groups = append(resp.Groups, d)
	}
	c.respond(ref, resp)
	return c.flush()
}

// ListGroups handles ListGroups for this coordinator's groups, filtered by
// state names if any are given.
func (c *Coordinator) ListGroups(now int64, ref Ref, req ListGroupsRequest) []Output {
	resp := &ListGroupsResponse{Groups: []ListedGroup{}}
	switch c.phase {
	case loading:
		resp.Err = wrap(kerr.CoordinatorLoadInProgress, "__consumer_offsets-%d is loading", c.cfg.Partition)
	case unloaded:
		resp.Err = wrap(kerr.NotCoordinator, "this broker no longer leads __consumer_offsets-%d", c.cfg.Partition)
	default:
		for _, id := range sortedKeys(c.groups) {
			g := c.groups[id]
			if len(req.StatesFilter) > 0 && !slices.Contains(req.StatesFilter, g.state.String()) {
				continue
			}
			resp.Groups = append(resp.Groups, ListedGroup{GroupID: id, ProtocolType: g.protocolType, State: g.state.String()})
		}
	}
	c.respond(ref, resp)
	return c.flush()
}

// DeleteGroups handles DeleteGroups: an Empty group becomes Dead and its
// offsets and metadata are tombstoned; the response waits for the append.
// A group with members is NON_EMPTY_GROUP, an unknown one GROUP_ID_NOT_FOUND.
func (c *Coordinator) DeleteGroups(now int64, ref Ref, req DeleteGroupsRequest) []Output {
	resp := &DeleteGroupsResponse{}
	var records []Record
	var deleted []*classicGroup
	for _, id := range req.Groups {
		r := DeletedGroup{GroupID: id}
		g, ok := c.groups[id]
		switch err := c.check(id); {
		case err != nil:
			r.Err = err
		case !ok || g.is(Dead):
			r.Err = wrap(kerr.GroupIDNotFound, "group %s does not exist", id)
		case !g.is(Empty):
			r.Err = wrap(kerr.NonEmptyGroup, "group %s is %s with %d members", id, g.state, len(g.members))
		default:
			for _, tp := range sortedPartitions(g.offsets) {
				records = append(records, Record{Key: OffsetCommitKey(id, tp)})
			}
			records = append(records, Record{Key: GroupMetadataKey(id)})
			g.transition(Dead, now)
			deleted = append(deleted, g)
		}
		resp.Results = append(resp.Results, r)
	}
	if len(records) == 0 {
		c.respond(ref, resp)
		return c.flush()
	}
	c.append(records, func(now int64, err error) {
		for _, g := range deleted {
			if err != nil {
				g.state = Empty // the tombstones did not land: the group lives on
				for i := range resp.Results {
					if resp.Results[i].GroupID == g.id {
						resp.Results[i].Err = appendError(err)
					}
				}
				continue
			}
			delete(c.groups, g.id)
			for _, t := range sortedTimers(c.timers) {
				if t.Group == g.id {
					c.cancel(t)
				}
			}
		}
		c.respond(ref, resp)
	})
	return c.flush()
}
