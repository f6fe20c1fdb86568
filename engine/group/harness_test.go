package group_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/kafkalab/kafkalab/engine/partitioner"
)

// harness plays the host broker: it keeps the timers the coordinator asks
// for, fires them as simulated time passes, appends records to an in-memory
// __consumer_offsets partition (acknowledging at once unless holdAppends),
// and files responses by Ref.
type harness struct {
	t           testing.TB
	c           *group.Coordinator
	cfg         group.Config
	now         int64
	ref         group.Ref
	uuids       uint64
	timers      map[group.Timer]int64
	log         []group.Record // the committed records of the partition
	held        []group.Append
	holdAppends bool
	responses   map[group.Ref]any
}

// groupOn returns a group id that the coordinator of partition 0 owns.
func groupOn(name string, partitions int) string {
	for i := 0; ; i++ {
		id := fmt.Sprintf("%s-%d", name, i)
		if i == 0 {
			id = name
		}
		if partitioner.CoordinatorPartition(id, partitions) == 0 {
			return id
		}
	}
}

func newHarness(t testing.TB) *harness {
	h := &harness{t: t, timers: map[group.Timer]int64{}, responses: map[group.Ref]any{}}
	h.cfg = group.DefaultConfig(0, h.newUUID)
	h.cfg.NumPartitions = 1
	c, err := group.New(h.cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.c = c
	h.apply(c.Loaded(0))
	return h
}

// newUUID is a deterministic stand-in for the simulation's seeded stream.
func (h *harness) newUUID() uuid.UUID {
	h.uuids++
	var u uuid.UUID
	u[15] = byte(h.uuids)
	u[14] = byte(h.uuids >> 8)
	return u
}

func (h *harness) apply(outs []group.Output) {
	for _, o := range outs {
		switch o := o.(type) {
		case group.Response:
			h.responses[o.Ref] = o.Body
		case group.SetTimer:
			h.timers[o.Timer] = o.At
		case group.CancelTimer:
			delete(h.timers, o.Timer)
		case group.Append:
			if h.holdAppends {
				h.held = append(h.held, o)
				continue
			}
			h.log = append(h.log, o.Records...)
			h.apply(h.c.Appended(h.now, o.ID, nil))
		}
	}
}

// releaseAppends acknowledges held appends, or fails them with err.
func (h *harness) releaseAppends(err error) {
	held := h.held
	h.held = nil
	for _, a := range held {
		if err == nil {
			h.log = append(h.log, a.Records...)
		}
		h.apply(h.c.Appended(h.now, a.ID, err))
	}
}

// advance moves time forward by ms, firing due timers in time order.
func (h *harness) advance(ms int64) {
	end := h.now + ms
	for {
		var next group.Timer
		at := int64(-1)
		for _, t := range sortedTimers(h.timers) {
			if ta := h.timers[t]; ta <= end && (at < 0 || ta < at) {
				next, at = t, ta
			}
		}
		if at < 0 {
			break
		}
		h.now = at
		delete(h.timers, next)
		h.apply(h.c.Fire(h.now, next))
	}
	h.now = end
}

func sortedTimers(m map[group.Timer]int64) []group.Timer {
	var ts []group.Timer
	for t := range m {
		ts = append(ts, t)
	}
	slices.SortFunc(ts, func(a, b group.Timer) int {
		if a.String() < b.String() {
			return -1
		}
		if a.String() > b.String() {
			return 1
		}
		return 0
	})
	return ts
}

func (h *harness) nextRef() group.Ref { h.ref++; return h.ref }

// consumer describes a client for join requests.
type consumer struct {
	clientID   string
	instanceID string
	memberID   string
	generation int32
	topics     []string
	session    int32
	rebalance  int32
	protocols  []string
	version    int16
}

func newConsumer(clientID string, topics ...string) *consumer {
	return &consumer{clientID: clientID, topics: topics, session: 45000, rebalance: 300000, protocols: []string{"range"}, version: 9, generation: -1}
}

func (c *consumer) joinRequest(groupID string) group.JoinGroupRequest {
	var ps []group.Protocol
	for _, p := range c.protocols {
		ps = append(ps, group.Protocol{Name: p, Metadata: assignor.AppendSubscription(nil, assignor.Subscription{Version: 3, Topics: c.topics, Generation: -1})})
	}
	return group.JoinGroupRequest{
		Version: c.version, GroupID: groupID, SessionTimeoutMs: c.session, RebalanceTimeoutMs: c.rebalance,
		MemberID: c.memberID, GroupInstanceID: c.instanceID, ProtocolType: "consumer", Protocols: ps,
		ClientID: c.clientID, ClientHost: "/10.0.0.1",
	}
}

// join sends JoinGroup and returns its Ref; the response may be parked.
func (h *harness) join(groupID string, c *consumer) group.Ref {
	ref := h.nextRef()
	h.apply(h.c.JoinGroup(h.now, ref, c.joinRequest(groupID)))
	return ref
}

// joined returns the JoinGroup response for ref, or nil while parked, and
// updates the consumer from it.
func (h *harness) joined(ref group.Ref, c *consumer) *group.JoinGroupResponse {
	r, ok := h.responses[ref].(*group.JoinGroupResponse)
	if !ok {
		return nil
	}
	if r.MemberID != "" {
		c.memberID = r.MemberID
	}
	if r.Err == nil {
		c.generation = r.GenerationID
	}
	return r
}

func (h *harness) sync(groupID string, c *consumer, assignments []group.SyncGroupAssignment) group.Ref {
	ref := h.nextRef()
	h.apply(h.c.SyncGroup(h.now, ref, group.SyncGroupRequest{
		Version: 5, GroupID: groupID, GenerationID: c.generation, MemberID: c.memberID,
		GroupInstanceID: c.instanceID, ProtocolType: "consumer", Assignments: assignments,
	}))
	return ref
}

func (h *harness) heartbeat(groupID string, c *consumer) error {
	ref := h.nextRef()
	h.apply(h.c.Heartbeat(h.now, ref, group.HeartbeatRequest{GroupID: groupID, GenerationID: c.generation, MemberID: c.memberID, GroupInstanceID: c.instanceID}))
	return h.responses[ref].(*group.HeartbeatResponse).Err
}

func (h *harness) commit(groupID string, generation int32, memberID string, topic string, partition int32, offset int64) error {
	ref := h.nextRef()
	h.apply(h.c.OffsetCommit(h.now, ref, group.OffsetCommitRequest{
		GroupID: groupID, GenerationID: generation, MemberID: memberID,
		Topics: []group.OffsetCommitTopic{{Name: topic, Partitions: []group.OffsetCommitPartition{{Partition: partition, Offset: offset, LeaderEpoch: -1}}}},
	}))
	r, ok := h.responses[ref].(*group.OffsetCommitResponse)
	if !ok {
		h.t.Fatalf("commit not answered")
	}
	return r.Partitions[0].Err
}

func (h *harness) fetch(groupID, topic string, partition int32) int64 {
	ref := h.nextRef()
	h.apply(h.c.OffsetFetch(h.now, ref, group.OffsetFetchRequest{GroupID: groupID, Topics: []group.OffsetFetchTopic{{Name: topic, Partitions: []int32{partition}}}}))
	return h.responses[ref].(*group.OffsetFetchResponse).Partitions[0].Offset
}

// leaderAssign runs the assignor on the leader's JoinGroup response and
// returns the SyncGroup assignments, as the Java consumer's leader does.
func leaderAssign(t testing.TB, r *group.JoinGroupResponse, topics map[string]int32) []group.SyncGroupAssignment {
	a, ok := assignor.ByName(r.ProtocolName)
	if !ok {
		t.Fatalf("unknown protocol %q", r.ProtocolName)
	}
	var members []assignor.Member
	for _, m := range r.Members {
		s, err := assignor.DecodeSubscription(m.Metadata)
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, assignor.Member{ID: m.MemberID, InstanceID: m.GroupInstanceID, Topics: s.Topics, Owned: s.Owned, Generation: s.Generation})
	}
	plan := a.Assign(members, topics)
	var out []group.SyncGroupAssignment
	for _, mp := range plan.Members {
		out = append(out, group.SyncGroupAssignment{MemberID: mp.MemberID, Assignment: assignor.AppendAssignment(nil, assignor.Assignment{Version: 3, Partitions: mp.Partitions})})
	}
	return out
}

func assigned(t testing.TB, r any) []assignor.TopicPartition {
	s, ok := r.(*group.SyncGroupResponse)
	if !ok {
		t.Fatalf("SyncGroup not answered: %#v", r)
	}
	if s.Err != nil {
		t.Fatalf("SyncGroup failed: %v", s.Err)
	}
	a, err := assignor.DecodeAssignment(s.Assignment)
	if err != nil {
		t.Fatal(err)
	}
	return a.Partitions
}

func coordinatorOf(groupID string) int { return partitioner.CoordinatorPartition(groupID, 50) }
