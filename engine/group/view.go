package group

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/assignor"
)

// A GroupView is a read-only copy of one group, for the lab's view and tests.
type GroupView struct {
	ID           string
	State        State
	Generation   int32
	ProtocolType string
	Protocol     string
	Leader       string
	Members      []MemberView // in join order
	Offsets      map[assignor.TopicPartition]Offset
}

// A MemberView is one member of a GroupView.
type MemberView struct {
	ID           string
	InstanceID   string
	ClientID     string
	Subscription []byte // metadata for the group's protocol
	Assignment   []byte
}

// Group returns a view of group id.
func (c *Coordinator) Group(id string) (GroupView, bool) {
	g, ok := c.groups[id]
	if !ok {
		return GroupView{}, false
	}
	v := GroupView{
		ID: id, State: g.state, Generation: g.generation, ProtocolType: g.protocolType,
		Protocol: g.protocol, Leader: g.leader, Offsets: map[assignor.TopicPartition]Offset{},
	}
	for _, mid := range g.order {
		m := g.members[mid]
		v.Members = append(v.Members, MemberView{ID: mid, InstanceID: m.instanceID, ClientID: m.clientID, Subscription: m.metadata(g.protocol), Assignment: m.assignment})
	}
	for tp, o := range g.offsets {
		v.Offsets[tp] = o
	}
	return v, true
}

// Groups returns the ids of the coordinator's groups, sorted.
func (c *Coordinator) Groups() []string { return sortedKeys(c.groups) }

// Owners decodes a Stable group's assignments and maps each partition to its
// member; a partition assigned to two members is an error (RELIABILITY.md
// B4a item 8: at most one owner per partition in a stable generation).
func (v GroupView) Owners() (map[assignor.TopicPartition]string, error) {
	out := map[assignor.TopicPartition]string{}
	for _, m := range v.Members {
		a, err := assignor.DecodeAssignment(m.Assignment)
		if err != nil {
			return nil, fmt.Errorf("group: member %s of %s: %w", m.ID, v.ID, err)
		}
		for _, tp := range a.Partitions {
			if prev, ok := out[tp]; ok {
				return nil, fmt.Errorf("group: %s owned by %s and %s in generation %d of %s", tp, prev, m.ID, v.Generation, v.ID)
			}
			out[tp] = m.ID
		}
	}
	return out, nil
}
