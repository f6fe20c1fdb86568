package group

import (
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// A State is a classic group's state (classic/ClassicGroupState.java).
type State int8

const (
	// Empty: no members; offsets may still be committed by "simple" clients.
	Empty State = iota
	// PreparingRebalance: the join phase; JoinGroup requests are parked.
	PreparingRebalance
	// CompletingRebalance: waiting for the leader's assignment in SyncGroup.
	CompletingRebalance
	// Stable: every member has its assignment.
	Stable
	// Dead: the group is being removed.
	Dead
)

// String returns Kafka's name for the state, as DescribeGroups shows it.
func (s State) String() string {
	switch s {
	case Empty:
		return "Empty"
	case PreparingRebalance:
		return "PreparingRebalance"
	case CompletingRebalance:
		return "CompletingRebalance"
	case Stable:
		return "Stable"
	case Dead:
		return "Dead"
	}
	return fmt.Sprintf("State(%d)", int8(s))
}

// validPrevious lists the states each state may be entered from
// (ClassicGroupState's validPreviousStates).
func validPrevious(s State) []State {
	switch s {
	case Empty:
		return []State{PreparingRebalance}
	case PreparingRebalance:
		return []State{Stable, CompletingRebalance, Empty}
	case CompletingRebalance:
		return []State{PreparingRebalance}
	case Stable:
		return []State{CompletingRebalance}
	}
	return []State{Stable, PreparingRebalance, CompletingRebalance, Empty, Dead}
}

// classicGroup is one group (classic/ClassicGroup.java).
type classicGroup struct {
	id           string
	state        State
	prevState    State
	generation   int32
	protocolType string // "" until the first member joins
	protocol     string // the selected protocol of the generation; "" for none
	leader       string
	members      map[string]*member
	order        []string          // member ids in the order they were added
	static       map[string]string // group.instance.id → member id
	pending      map[string]bool   // member ids handed out with MEMBER_ID_REQUIRED
	pendingSync  map[string]bool   // members expected to send SyncGroup
	offsets      map[assignor.TopicPartition]Offset
	stateTime    int64 // currentStateTimestamp

	// The initial rebalance delay (prepareRebalance from Empty).
	newMemberAdded   bool
	initialDelayMs   int32
	initialRemaining int32
	initialPhase     bool
	syncGeneration   int32 // the generation the sync timer was set for
}

// member is one member (classic/ClassicGroupMember.java).
type member struct {
	id                 string
	instanceID         string
	clientID           string
	clientHost         string
	rebalanceTimeoutMs int32
	sessionTimeoutMs   int32
	protocolType       string
	protocols          []Protocol
	assignment         []byte
	isNew              bool

	joinRef     *Ref  // a parked JoinGroup
	joinVersion int16 // its API version
	syncRef     *Ref  // a parked SyncGroup
}

// An Offset is a committed offset: the next offset the group will consume.
type Offset struct {
	Offset          int64
	LeaderEpoch     int32
	Metadata        string
	CommitTimestamp int64
}

func newGroup(id string, now int64) *classicGroup {
	return &classicGroup{
		id: id, state: Empty, prevState: Empty,
		members: map[string]*member{}, static: map[string]string{},
		pending: map[string]bool{}, pendingSync: map[string]bool{},
		offsets: map[assignor.TopicPartition]Offset{}, stateTime: now,
	}
}

// transition moves the group to s, enforcing Kafka's allowed transitions:
// breaking them is a coordinator bug, so it panics as Kafka throws
// IllegalStateException.
func (g *classicGroup) transition(s State, now int64) {
	if !slices.Contains(validPrevious(s), g.state) {
		panic(fmt.Sprintf("group: %s cannot go from %s to %s", g.id, g.state, s))
	}
	g.prevState, g.state, g.stateTime = g.state, s, now
}

func (g *classicGroup) is(s State) bool { return g.state == s }

// canRebalance: PreparingRebalance may be entered from the current state.
func (g *classicGroup) canRebalance() bool {
	return slices.Contains(validPrevious(PreparingRebalance), g.state)
}

func (g *classicGroup) isLeader(id string) bool { return g.leader != "" && g.leader == id }

func (g *classicGroup) awaitingJoin() int {
	n := 0
	for _, m := range g.members {
		if m.joinRef != nil {
			n++
		}
	}
	return n
}

// hasAllMembersJoined: every member has a parked JoinGroup and no member id
// handed out with MEMBER_ID_REQUIRED is still expected.
func (g *classicGroup) hasAllMembersJoined() bool {
	return len(g.members) == g.awaitingJoin() && len(g.pending) == 0
}

// rebalanceTimeoutMs is the largest rebalance timeout of the members.
func (g *classicGroup) rebalanceTimeoutMs() int32 {
	var t int32
	for _, m := range g.members {
		t = max(t, m.rebalanceTimeoutMs)
	}
	return t
}

// add adds m; the first member added becomes the leader.
func (g *classicGroup) add(m *member) {
	if len(g.members) == 0 {
		g.protocolType = m.protocolType
	}
	g.members[m.id] = m
	g.order = append(g.order, m.id)
	if m.instanceID != "" {
		g.static[m.instanceID] = m.id
	}
	if g.leader == "" {
		g.leader = m.id
	}
	delete(g.pending, m.id)
}

// remove removes a member; a removed leader is replaced by the first
// remaining member (ClassicGroup.remove).
func (g *classicGroup) remove(id string) {
	if m, ok := g.members[id]; ok {
		delete(g.members, id)
		g.order = slices.DeleteFunc(g.order, func(x string) bool { return x == id })
		if m.instanceID != "" && g.static[m.instanceID] == id {
			delete(g.static, m.instanceID)
		}
	}
	if g.isLeader(id) {
		g.leader = ""
		if len(g.order) > 0 {
			g.leader = g.order[0]
		}
	}
	delete(g.pending, id)
	delete(g.pendingSync, id)
}

// replaceStatic moves a static member to a new member id (KIP-345).
func (g *classicGroup) replaceStatic(instanceID, oldID, newID string) *member {
	m := g.members[oldID]
	delete(g.members, oldID)
	m.id = newID
	g.members[newID] = m
	g.order[slices.Index(g.order, oldID)] = newID
	g.static[instanceID] = newID
	if g.isLeader(oldID) {
		g.leader = newID
	}
	if g.pendingSync[oldID] {
		delete(g.pendingSync, oldID)
		g.pendingSync[newID] = true
	}
	return m
}

// validateMember checks a request's member and instance ids
// (ClassicGroup.validateMember).
func (g *classicGroup) validateMember(memberID, instanceID, op string) error {
	if instanceID != "" {
		existing, ok := g.static[instanceID]
		if !ok {
			return wrap(errUnknownMember, "%s: group %s has no static member %q", op, g.id, instanceID)
		}
		if existing != memberID {
			return wrap(errFencedInstance, "%s: instance %q of group %s is member %s now, not %s", op, instanceID, g.id, existing, memberID)
		}
		return nil
	}
	if _, ok := g.members[memberID]; !ok {
		return wrap(errUnknownMember, "%s: group %s has no member %q", op, g.id, memberID)
	}
	return nil
}

// supportsProtocols: an Empty group accepts any non-empty protocol list;
// otherwise the type must match and one protocol must be supported by every
// member (ClassicGroup.supportsProtocols).
func (g *classicGroup) supportsProtocols(protocolType string, protocols []Protocol) bool {
	if len(g.members) == 0 {
		return protocolType != "" && len(protocols) > 0
	}
	if protocolType != g.protocolType {
		return false
	}
	for _, p := range protocols {
		all := true
		for _, m := range g.members {
			all = all && m.supports(p.Name)
		}
		if all {
			return true
		}
	}
	return false
}

func (m *member) supports(name string) bool {
	return slices.ContainsFunc(m.protocols, func(p Protocol) bool { return p.Name == name })
}

func (m *member) metadata(name string) []byte {
	for _, p := range m.protocols {
		if p.Name == name {
			return p.Metadata
		}
	}
	return nil
}

// matches: the member rejoined with the same protocols and metadata.
func (m *member) matches(protocols []Protocol) bool {
	return slices.EqualFunc(m.protocols, protocols, func(a, b Protocol) bool {
		return a.Name == b.Name && string(a.Metadata) == string(b.Metadata)
	})
}

// selectProtocol picks the protocol every member supports with the most
// members' votes; each member votes for its first supported candidate
// (ClassicGroup.selectProtocol). Kafka breaks a tie by HashMap iteration
// order; the lab mimics it with the bucket of the name's Java hash in a
// 16-slot table, then the name.
func (g *classicGroup) selectProtocol() string {
	var candidates []string
	first := g.members[g.order[0]]
	for _, p := range first.protocols {
		all := true
		for _, m := range g.members {
			all = all && m.supports(p.Name)
		}
		if all {
			candidates = append(candidates, p.Name)
		}
	}
	votes := map[string]int{}
	for _, id := range g.order {
		for _, p := range g.members[id].protocols {
			if slices.Contains(candidates, p.Name) {
				votes[p.Name]++
				break
			}
		}
	}
	slicesort.Func(candidates, func(a, b string) int {
		if d := hashBucket(a) - hashBucket(b); d != 0 {
			return d
		}
		return compareStrings(a, b)
	})
	best := ""
	for _, p := range candidates {
		if best == "" || votes[p] > votes[best] {
			best = p
		}
	}
	return best
}

// hashBucket is the bucket of key in a default-sized java.util.HashMap.
func hashBucket(key string) int {
	h := uint32(partitioner.JavaHashCode(key))
	return int((h ^ h>>16) & 15)
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// maybeElectNewJoinedLeader makes sure the leader is a member that
// rejoined: otherwise the first member that did becomes leader. It reports
// whether the group has a rejoined leader (ClassicGroup.maybeElectNewJoinedLeader).
func (g *classicGroup) maybeElectNewJoinedLeader() bool {
	if g.leader == "" {
		return false
	}
	if g.members[g.leader].joinRef != nil {
		return true
	}
	for _, id := range g.order {
		if g.members[id].joinRef != nil {
			g.leader = id
			return true
		}
	}
	return false
}

// joinMembers is the member list the leader receives.
func (g *classicGroup) joinMembers() []JoinGroupMember {
	out := make([]JoinGroupMember, 0, len(g.order))
	for _, id := range g.order {
		m := g.members[id]
		out = append(out, JoinGroupMember{MemberID: id, GroupInstanceID: m.instanceID, Metadata: m.metadata(g.protocol)})
	}
	return out
}
