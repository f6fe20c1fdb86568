package broker

import (
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/kafkalab/kafkalab/engine/replica"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// Group coordination (Kafka's GroupCoordinatorService hosted by the broker):
// the broker that leads partition p of __consumer_offsets hosts the
// engine/group Coordinator of p, for every group whose id hashes to p
// (partitioner.CoordinatorPartition).
//
//   - __consumer_offsets is created on the first FindCoordinator, as Kafka's
//     AutoTopicCreationManager does: the broker sends CreateTopics to the
//     controller with offsets.topic.num.partitions partitions (the lab's
//     default is DefaultOffsetsTopicPartitions = 3, Kafka's is 50; see
//     SetOffsetsTopicPartitions), replication factor min(3, unfenced
//     brokers) (offsets.topic.replication.factor=3, which Kafka refuses to
//     lower; the lab lowers it so a 1- or 2-broker lab works) and
//     cleanup.policy=compact, and answers COORDINATOR_NOT_AVAILABLE until
//     the topic has a leader.
//   - Becoming the leader of a partition (seen after replaying the metadata
//     log) creates its Coordinator, replays the partition's records from the
//     log start to the log end offset, and calls Loaded after
//     coordinatorLoadMs: requests meanwhile answer COORDINATOR_LOAD_IN_PROGRESS.
//     Losing leadership (or a restart of the broker) Unloads it: parked
//     requests answer NOT_COORDINATOR.
//   - The coordinator's appends go through the leader's log like a
//     producer's (min.insync.replicas is checked as for acks=all), and it
//     learns they are committed when the high watermark passes them.
//   - Its timers are the broker's timers ("group coordinator").
//
// Deviation: Kafka loads asynchronously for as long as reading the log
// takes; the lab replays at once and opens after a fixed coordinatorLoadMs.

// DefaultOffsetsTopicPartitions is the lab's offsets.topic.num.partitions:
// small, so a learner sees every coordinator partition (Kafka's default is 50).
const DefaultOffsetsTopicPartitions = 3

const (
	timerCoordinator  = "group coordinator"
	timerCoordLoaded  = "group coordinator loaded"
	coordinatorLoadMs = 1
)

// coordinatorHost is the broker's state for the coordinators it hosts.
type coordinatorHost struct {
	partitions int32 // offsets.topic.num.partitions for creating the topic
	creating   int32 // correlation id of the CreateTopics in flight, 0 if none
	coords     map[int32]*hostedCoordinator
	refs       map[group.Ref]pendingGroupRequest
	nextRef    group.Ref
	env        *sim.Env
	applying   bool
	hwDirty    bool
}

type hostedCoordinator struct {
	c           *group.Coordinator
	partition   int32
	tp          protocol.TopicPartition
	leaderEpoch int32
	brokerEpoch int64
	loaded      bool
	timers      map[group.Timer]sim.TimerID
	appends     []pendingCoordAppend
}

type pendingCoordAppend struct {
	id       uint64
	required int64
}

type pendingGroupRequest struct {
	to   sim.NodeID
	corr int32
}

type coordTimer struct {
	h *hostedCoordinator
	t group.Timer
}

// SetOffsetsTopicPartitions sets offsets.topic.num.partitions, the number of
// partitions __consumer_offsets is created with (default
// DefaultOffsetsTopicPartitions). Call it before the topic exists.
func (b *Broker) SetOffsetsTopicPartitions(n int32) { b.groups.partitions = n }

// Coordinator returns the group coordinator this broker hosts for partition
// p of __consumer_offsets, if it leads it, for the lab's views and tests.
func (b *Broker) Coordinator(p int32) (*group.Coordinator, bool) {
	h := b.groups.coords[p]
	if h == nil || h.brokerEpoch != b.epoch {
		return nil, false
	}
	return h.c, true
}

// CoordinatorPartitions returns the __consumer_offsets partitions whose
// coordinators this broker hosts, ascending.
func (b *Broker) CoordinatorPartitions() []int32 {
	var out []int32
	for p, h := range b.groups.coords {
		if h.brokerEpoch == b.epoch {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

func (h *coordinatorHost) init() {
	if h.coords == nil {
		h.coords = map[int32]*hostedCoordinator{}
		h.refs = map[group.Ref]pendingGroupRequest{}
	}
	if h.partitions == 0 {
		h.partitions = DefaultOffsetsTopicPartitions
	}
}

// handleGroupMessage serves the group coordinator's APIs and
// FindCoordinator; other messages are ignored.
func (b *Broker) handleGroupMessage(env *sim.Env, m sim.Message) {
	h := &b.groups
	h.init()
	h.env = env
	switch body := m.Body.(type) {
	case *protocol.FindCoordinatorRequest:
		b.handleFindCoordinator(env, m.From, body)
	case *protocol.CreateTopicsResponse:
		if body.CorrelationID == h.creating {
			h.creating = 0
			for _, t := range body.Topics {
				b.controllerMoved(env, t.Err)
			}
		}
	case *protocol.ListGroupsRequest:
		b.handleListGroups(env, m.From, body)
	default:
		gid, ok := protocol.GroupOf(m.Body)
		if !ok {
			return
		}
		b.routeGroupRequest(env, m.From, gid, m.Body)
	}
}

func (b *Broker) offsetsTopic() (*topicInfo, bool) {
	t, ok := b.image.topics[protocol.OffsetsTopic]
	return t, ok && len(t.parts) > 0
}

func (b *Broker) handleFindCoordinator(env *sim.Env, from sim.NodeID, req *protocol.FindCoordinatorRequest) {
	resp := &protocol.FindCoordinatorResponse{CorrelationID: req.CorrelationID, NodeID: -1, Port: -1}
	label := ""
	t, ok := b.offsetsTopic()
	switch {
	case req.KeyType != protocol.CoordinatorKeyGroup:
		resp.Err = kerr.Wrap(kerr.InvalidRequest, "the lab has group coordinators only (key type 0)")
	case req.Key == "":
		resp.Err = kerr.Wrap(kerr.InvalidGroupID, "the group id is empty")
	case !ok:
		b.createOffsetsTopic(env)
		resp.Err = kerr.Wrap(kerr.CoordinatorNotAvailable, "%s is being created", protocol.OffsetsTopic)
	default:
		p := int32(partitioner.CoordinatorPartition(req.Key, len(t.parts)))
		leader := t.parts[p].Leader
		info, known := b.image.brokers[leader]
		if leader == metadata.NoLeader || !known {
			resp.Err = kerr.Wrap(kerr.CoordinatorNotAvailable, "%s-%d has no leader", protocol.OffsetsTopic, p)
			break
		}
		resp.NodeID, resp.Host, resp.Port = leader, info.host, info.port
		label = fmt.Sprintf("group %s → %s-%d, led by broker %d", req.Key, protocol.OffsetsTopic, p, leader)
	}
	if resp.Err != nil {
		label = fmt.Sprintf("group %s: %s", req.Key, protocol.ErrName(resp.Err))
	}
	env.Send(sim.Message{To: from, API: protocol.Response(protocol.APIFindCoordinator), Body: resp, Lifecycle: 10,
		Label: "FindCoordinatorResponse(" + label + ")"})
}

// createOffsetsTopic asks the controller to create __consumer_offsets
// (AutoTopicCreationManager), once at a time.
func (b *Broker) createOffsetsTopic(env *sim.Env) {
	h := &b.groups
	if h.creating != 0 {
		return
	}
	unfenced := 0
	for _, info := range b.image.brokers {
		if !info.fenced {
			unfenced++
		}
	}
	rf := int16(min(3, max(1, unfenced)))
	h.creating = b.nextCorr()
	env.Send(sim.Message{To: b.controller(), API: protocol.APICreateTopics,
		Body: &protocol.CreateTopicsRequest{CorrelationID: h.creating, TimeoutMs: 30000, Topics: []protocol.CreatableTopic{{
			Name: protocol.OffsetsTopic, NumPartitions: h.partitions, ReplicationFactor: rf,
			Configs: []string{"cleanup.policy=compact"}}}},
		Label: fmt.Sprintf("CreateTopics(%s, %d partitions, RF %d): auto-created for the first FindCoordinator", protocol.OffsetsTopic, h.partitions, rf)})
}

// routeGroupRequest hands a group request to the coordinator of the group's
// partition, or answers NOT_COORDINATOR if this broker does not host it.
func (b *Broker) routeGroupRequest(env *sim.Env, from sim.NodeID, gid string, body any) {
	h := &b.groups
	var hc *hostedCoordinator
	if t, ok := b.offsetsTopic(); ok {
		p := int32(partitioner.CoordinatorPartition(gid, len(t.parts)))
		hc = h.coords[p]
		if hc != nil && hc.brokerEpoch != b.epoch {
			hc = nil
		}
	}
	if hc == nil {
		resp := notCoordinatorResponse(body, kerr.Wrap(kerr.NotCoordinator, "broker %d is not the coordinator of group %s", b.cfg.ID, gid))
		b.sendGroupResponse(env, from, resp)
		return
	}
	h.nextRef++
	ref := h.nextRef
	now := env.Now()
	var outs []group.Output
	switch r := body.(type) {
	case *protocol.JoinGroupRequest:
		h.refs[ref] = pendingGroupRequest{from, r.CorrelationID}
		req := r.JoinGroupRequest
		if req.ClientHost == "" {
			req.ClientHost = "/" + string(from)
		}
		outs = hc.c.JoinGroup(now, ref, req)
	case *protocol.SyncGroupRequest:
		h.refs[ref] = pendingGroupRequest{from, r.CorrelationID}
		outs = hc.c.SyncGroup(now, ref, r.SyncGroupRequest)
	case *protocol.HeartbeatRequest:
		h.refs[ref] = pendingGroupRequest{from, r.CorrelationID}
		outs = hc.c.Heartbeat(now, ref, r.HeartbeatRequest)
	case *protocol.LeaveGroupRequest:
		h.refs[ref] = pendingGroupRequest{from, r.CorrelationID}
		outs = hc.c.LeaveGroup(now, ref, r.LeaveGroupRequest)
	case *protocol.OffsetCommitRequest:
		h.refs[ref] = pendingGroupRequest{from, r.CorrelationID}
		outs = hc.c.OffsetCommit(now, ref, r.OffsetCommitRequest)
	case *protocol.OffsetFetchRequest:
		h.refs[ref] = pendingGroupRequest{from, r.CorrelationID}
		outs = hc.c.OffsetFetch(now, ref, r.OffsetFetchRequest)
	case *protocol.DescribeGroupsRequest:
		h.refs[ref] = pendingGroupRequest{from, r.CorrelationID}
		outs = hc.c.DescribeGroups(now, ref, r.DescribeGroupsRequest)
	case *protocol.DeleteGroupsRequest:
		h.refs[ref] = pendingGroupRequest{from, r.CorrelationID}
		outs = hc.c.DeleteGroups(now, ref, r.DeleteGroupsRequest)
	default:
		return
	}
	b.applyGroupOutputs(env, hc, outs)
}

// handleListGroups lists the groups of every coordinator this broker hosts
// (each broker answers for its own coordinators, as in Kafka).
func (b *Broker) handleListGroups(env *sim.Env, from sim.NodeID, req *protocol.ListGroupsRequest) {
	resp := &protocol.ListGroupsResponse{CorrelationID: req.CorrelationID}
	for _, p := range b.CoordinatorPartitions() {
		hc := b.groups.coords[p]
		if !hc.loaded {
			resp.Err = kerr.Wrap(kerr.CoordinatorLoadInProgress, "%s is loading", hc.tp)
			continue
		}
		for _, id := range hc.c.Groups() {
			v, ok := hc.c.Group(id)
			if !ok {
				continue
			}
			st := v.State.String()
			if len(req.StatesFilter) > 0 && !slices.ContainsFunc(req.StatesFilter, func(s string) bool { return equalFoldASCII(s, st) }) {
				continue
			}
			resp.Groups = append(resp.Groups, group.ListedGroup{GroupID: id, ProtocolType: v.ProtocolType, State: st})
		}
	}
	slicesort.Func(resp.Groups, func(a, b group.ListedGroup) int {
		switch {
		case a.GroupID < b.GroupID:
			return -1
		case a.GroupID > b.GroupID:
			return 1
		}
		return 0
	})
	b.sendGroupResponse(env, from, resp)
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// applyGroupOutputs applies a coordinator's outputs in order, then settles
// the appends the high watermark committed meanwhile.
func (b *Broker) applyGroupOutputs(env *sim.Env, hc *hostedCoordinator, outs []group.Output) {
	h := &b.groups
	nested := h.applying
	h.applying = true
	for _, o := range outs {
		switch o := o.(type) {
		case group.Response:
			pr, ok := h.refs[o.Ref]
			if !ok {
				continue
			}
			delete(h.refs, o.Ref)
			if resp := wrapGroupResponse(pr.corr, o.Body); resp != nil {
				b.sendGroupResponse(env, pr.to, resp)
			}
		case group.SetTimer:
			if id, ok := hc.timers[o.Timer]; ok {
				env.Cancel(id)
			}
			hc.timers[o.Timer] = env.After(max(0, o.At-env.Now()), timerCoordinator, &coordTimer{h: hc, t: o.Timer})
		case group.CancelTimer:
			if id, ok := hc.timers[o.Timer]; ok {
				env.Cancel(id)
				delete(hc.timers, o.Timer)
			}
		case group.Append:
			b.coordinatorAppend(env, hc, o)
		}
	}
	if nested {
		return
	}
	for h.hwDirty {
		h.hwDirty = false
		b.settleCoordinatorAppends(env)
	}
	h.applying = false
}

// coordinatorAppend writes a coordinator's records to its partition as the
// leader, as an acks=all produce would.
func (b *Broker) coordinatorAppend(env *sim.Env, hc *hostedCoordinator, a group.Append) {
	r := b.replicas[hc.tp]
	fail := func(err error) {
		b.applyGroupOutputs(env, hc, hc.c.Appended(env.Now(), a.ID, err))
	}
	switch {
	case r == nil || !r.IsLeader():
		fail(kerr.Wrap(kerr.NotLeaderOrFollower, "broker %d no longer leads %s", b.cfg.ID, hc.tp))
		return
	case r.UnderMinISR():
		fail(kerr.Wrap(kerr.NotEnoughReplicas, "The size of the current ISR %v is insufficient to satisfy the min.isr requirement of %d for partition %s", r.ISR, r.EffectiveMinISR(), hc.tp))
		return
	}
	now := env.Now()
	batch := record.Batch{LastOffsetDelta: int32(len(a.Records) - 1), BaseTimestamp: now, MaxTimestamp: now, ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1}
	for i, rec := range a.Records {
		batch.Records = append(batch.Records, record.Record{OffsetDelta: int32(i), Key: rec.Key, Value: rec.Value})
	}
	info, err := r.Log.Append(record.AppendBatch(nil, &batch), r.LeaderEpoch, now)
	if err != nil {
		fail(err)
		return
	}
	hc.appends = append(hc.appends, pendingCoordAppend{id: a.ID, required: info.LastOffset + 1})
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("coordinator (broker %d) appends %s to %s at %s", b.cfg.ID, recordsWord(info.Records), hc.tp, offsetRange(info.FirstOffset, info.LastOffset)),
		Summary: describeCoordinatorRecords(a.Records)})
	b.groups.hwDirty = true
	b.wakeFetches(env, hc.tp)
	b.maybeIncrementHW(env, r)
}

func describeCoordinatorRecords(recs []group.Record) string {
	s := ""
	for i, r := range recs {
		if i > 0 {
			s += "; "
		}
		k, err := group.DecodeKey(r.Key)
		if err != nil {
			s += "?"
			continue
		}
		switch {
		case k.Type == 2 && r.Value == nil:
			s += "GroupMetadata " + k.GroupID + " (tombstone)"
		case k.Type == 2:
			s += "GroupMetadata " + k.GroupID
		case r.Value == nil:
			s += fmt.Sprintf("OffsetCommit %s %s (tombstone)", k.GroupID, k.Partition)
		default:
			o, _ := group.DecodeOffsetCommitValue(r.Value)
			s += fmt.Sprintf("OffsetCommit %s %s=%d", k.GroupID, k.Partition, o.Offset)
		}
	}
	return s
}

// coordinatorHWAdvanced is called when a partition's high watermark moved:
// the coordinator's appends it covers are committed.
func (b *Broker) coordinatorHWAdvanced(env *sim.Env, r *replica.Partition) {
	if r.TP.Topic != protocol.OffsetsTopic || b.groups.coords == nil {
		return
	}
	b.groups.hwDirty = true
	if b.groups.applying {
		return
	}
	b.groups.env = env
	b.applyGroupOutputs(env, nil, nil)
}

// settleCoordinatorAppends calls Appended for every pending append the
// high watermark now covers.
func (b *Broker) settleCoordinatorAppends(env *sim.Env) {
	for _, p := range b.CoordinatorPartitions() {
		hc := b.groups.coords[p]
		r := b.replicas[hc.tp]
		if r == nil {
			continue
		}
		for len(hc.appends) > 0 && hc.appends[0].required <= r.HW {
			a := hc.appends[0]
			hc.appends = hc.appends[1:]
			b.applyGroupOutputs(env, hc, hc.c.Appended(env.Now(), a.id, nil))
		}
	}
}

// handleGroupTimer fires the coordinators' timers.
func (b *Broker) handleGroupTimer(env *sim.Env, t sim.TimerEvent) {
	h := &b.groups
	h.init()
	h.env = env
	switch t.Kind {
	case timerCoordinator:
		ct := t.Data.(*coordTimer)
		hc := ct.h
		if h.coords[hc.partition] != hc || hc.brokerEpoch != b.epoch {
			return
		}
		if hc.timers[ct.t] == t.ID {
			delete(hc.timers, ct.t)
		}
		b.applyGroupOutputs(env, hc, hc.c.Fire(env.Now(), ct.t))
	case timerCoordLoaded:
		hc := t.Data.(*hostedCoordinator)
		if h.coords[hc.partition] != hc || hc.brokerEpoch != b.epoch {
			return
		}
		hc.loaded = true
		groups := hc.c.Groups()
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("coordinator (broker %d) loaded %s: %d groups", b.cfg.ID, hc.tp, len(groups)),
			Summary: fmt.Sprint(groups)})
		b.applyGroupOutputs(env, hc, hc.c.Loaded(env.Now()))
	}
}

// syncCoordinators loads a coordinator for each __consumer_offsets partition
// this broker now leads and unloads the others; it runs after every
// metadata batch the broker replays.
func (b *Broker) syncCoordinators(env *sim.Env) {
	h := &b.groups
	if h.coords == nil {
		if _, ok := b.offsetsTopic(); !ok {
			return
		}
		h.init()
	}
	h.env = env
	t, ok := b.offsetsTopic()
	for _, p := range slices.Sorted(mapsKeys(h.coords)) {
		hc := h.coords[p]
		r := b.replicas[hc.tp]
		if !ok || r == nil || !r.IsLeader() || r.LeaderEpoch != hc.leaderEpoch || hc.brokerEpoch != b.epoch {
			b.unloadCoordinator(env, hc)
		}
	}
	if !ok || b.epoch == 0 {
		return
	}
	for p := range int32(len(t.parts)) {
		tp := protocol.TopicPartition{Topic: protocol.OffsetsTopic, Partition: p}
		r := b.replicas[tp]
		if r == nil || !r.IsLeader() || h.coords[p] != nil {
			continue
		}
		b.loadCoordinator(env, r, len(t.parts))
	}
}

func mapsKeys(m map[int32]*hostedCoordinator) func(func(int32) bool) {
	return func(yield func(int32) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func (b *Broker) loadCoordinator(env *sim.Env, r *replica.Partition, numPartitions int) {
	h := &b.groups
	p := r.TP.Partition
	cfg := group.DefaultConfig(int(p), func() uuid.UUID { return h.env.NewUUID() })
	cfg.NumPartitions = numPartitions
	cfg.PartitionExists = func(topic string, part int32) bool {
		_, _, ok := b.image.partition(protocol.TopicPartition{Topic: topic, Partition: part})
		return ok
	}
	c, err := group.New(cfg)
	if err != nil {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d cannot host the coordinator of %s", b.cfg.ID, r.TP), Summary: err.Error()})
		return
	}
	hc := &hostedCoordinator{c: c, partition: p, tp: r.TP, leaderEpoch: r.LeaderEpoch, brokerEpoch: b.epoch, timers: map[group.Timer]sim.TimerID{}}
	h.coords[p] = hc
	n, err := replayOffsets(r, c)
	summary := fmt.Sprintf("%d records replayed from offset %d to %d; COORDINATOR_LOAD_IN_PROGRESS until loaded", n, r.Log.StartOffset(), r.LEO())
	if err != nil {
		summary += "; " + err.Error()
	}
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d becomes the group coordinator for %s (leader epoch %d): loading", b.cfg.ID, r.TP, r.LeaderEpoch), Summary: summary})
	env.After(coordinatorLoadMs, timerCoordLoaded, hc)
}

// replayOffsets replays every record of the partition's log, in offset order.
func replayOffsets(r *replica.Partition, c *group.Coordinator) (int, error) {
	n := 0
	off, end := r.Log.StartOffset(), r.LEO()
	for off < end {
		res, err := r.Log.Read(off, 1<<20, end)
		if err != nil {
			return n, err
		}
		if len(res.Records) == 0 {
			break
		}
		buf := res.Records
		for len(buf) > 0 {
			batch, size, err := record.Decode(buf)
			if err != nil {
				return n, err
			}
			buf = buf[size:]
			for i := range batch.Records {
				rec := &batch.Records[i]
				if batch.Offset(rec) < off {
					continue
				}
				if err := c.Replay(rec.Key, rec.Value); err == nil {
					n++
				}
			}
			off = batch.LastOffset() + 1
		}
	}
	return n, nil
}

func (b *Broker) unloadCoordinator(env *sim.Env, hc *hostedCoordinator) {
	delete(b.groups.coords, hc.partition)
	for _, id := range hc.timers {
		env.Cancel(id)
	}
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d is no longer the group coordinator for %s: unloaded", b.cfg.ID, hc.tp)})
	outs := hc.c.Unload()
	hc.timers = map[group.Timer]sim.TimerID{}
	// Only responses matter now: timers and appends of an unloaded
	// coordinator are dropped.
	var resp []group.Output
	for _, o := range outs {
		if r, ok := o.(group.Response); ok {
			resp = append(resp, r)
		}
	}
	b.applyGroupOutputs(env, hc, resp)
}

// sendGroupResponse sends a group API response with its trace label.
func (b *Broker) sendGroupResponse(env *sim.Env, to sim.NodeID, body any) {
	api, label, lifecycle := groupResponseLabel(body)
	env.Send(sim.Message{To: to, API: protocol.Response(api), Body: body, Label: label, Lifecycle: lifecycle})
}

func groupResponseLabel(body any) (api, label string, lifecycle int) {
	switch r := body.(type) {
	case *protocol.JoinGroupResponse:
		if r.Err != nil {
			return protocol.APIJoinGroup, fmt.Sprintf("JoinGroupResponse(%s, member %s)", protocol.ErrName(r.Err), r.MemberID), 0
		}
		role := "follower"
		if r.Leader == r.MemberID {
			role = fmt.Sprintf("leader of %d members", len(r.Members))
		}
		return protocol.APIJoinGroup, fmt.Sprintf("10. JoinGroupResponse(generation %d, %s, protocol %s, %s)", r.GenerationID, r.MemberID, r.ProtocolName, role), 10
	case *protocol.SyncGroupResponse:
		if r.Err != nil {
			return protocol.APISyncGroup, fmt.Sprintf("SyncGroupResponse(%s)", protocol.ErrName(r.Err)), 0
		}
		return protocol.APISyncGroup, "11. SyncGroupResponse: coordinator hands out the leader's assignment" + assignmentSuffix(r.Assignment), 11
	case *protocol.HeartbeatResponse:
		return protocol.APIHeartbeat, "HeartbeatResponse(" + protocol.ErrName(r.Err) + ")", 0
	case *protocol.LeaveGroupResponse:
		return protocol.APILeaveGroup, "LeaveGroupResponse(" + protocol.ErrName(r.Err) + ")", 0
	case *protocol.OffsetCommitResponse:
		err := r.Err
		for _, p := range r.Partitions {
			if err == nil && p.Err != nil {
				err = p.Err
			}
		}
		if err != nil {
			return protocol.APIOffsetCommit, "OffsetCommitResponse(" + protocol.ErrName(err) + ")", 0
		}
		return protocol.APIOffsetCommit, fmt.Sprintf("15. OffsetCommitResponse: %d partitions committed to __consumer_offsets", len(r.Partitions)), 15
	case *protocol.OffsetFetchResponse:
		return protocol.APIOffsetFetch, "OffsetFetchResponse(" + protocol.ErrName(r.Err) + ")", 0
	case *protocol.DescribeGroupsResponse:
		return protocol.APIDescribeGroups, "DescribeGroupsResponse", 0
	case *protocol.ListGroupsResponse:
		return protocol.APIListGroups, fmt.Sprintf("ListGroupsResponse(%d groups)", len(r.Groups)), 0
	case *protocol.DeleteGroupsResponse:
		return protocol.APIDeleteGroups, "DeleteGroupsResponse", 0
	}
	return "Unknown", "", 0
}

func assignmentSuffix(b []byte) string {
	if b == nil {
		return ""
	}
	return fmt.Sprintf(" (%d bytes)", len(b))
}

// wrapGroupResponse puts a coordinator's response into its protocol message.
func wrapGroupResponse(corr int32, body any) any {
	switch r := body.(type) {
	case *group.JoinGroupResponse:
		return &protocol.JoinGroupResponse{CorrelationID: corr, JoinGroupResponse: *r}
	case *group.SyncGroupResponse:
		return &protocol.SyncGroupResponse{CorrelationID: corr, SyncGroupResponse: *r}
	case *group.HeartbeatResponse:
		return &protocol.HeartbeatResponse{CorrelationID: corr, HeartbeatResponse: *r}
	case *group.LeaveGroupResponse:
		return &protocol.LeaveGroupResponse{CorrelationID: corr, LeaveGroupResponse: *r}
	case *group.OffsetCommitResponse:
		return &protocol.OffsetCommitResponse{CorrelationID: corr, OffsetCommitResponse: *r}
	case *group.OffsetFetchResponse:
		return &protocol.OffsetFetchResponse{CorrelationID: corr, OffsetFetchResponse: *r}
	case *group.DescribeGroupsResponse:
		return &protocol.DescribeGroupsResponse{CorrelationID: corr, DescribeGroupsResponse: *r}
	case *group.ListGroupsResponse:
		return &protocol.ListGroupsResponse{CorrelationID: corr, ListGroupsResponse: *r}
	case *group.DeleteGroupsResponse:
		return &protocol.DeleteGroupsResponse{CorrelationID: corr, DeleteGroupsResponse: *r}
	}
	return nil
}

// notCoordinatorResponse answers a group request with err (NOT_COORDINATOR).
func notCoordinatorResponse(body any, err error) any {
	switch r := body.(type) {
	case *protocol.JoinGroupRequest:
		return &protocol.JoinGroupResponse{CorrelationID: r.CorrelationID, JoinGroupResponse: group.JoinGroupResponse{Err: err, GenerationID: -1, MemberID: r.MemberID}}
	case *protocol.SyncGroupRequest:
		return &protocol.SyncGroupResponse{CorrelationID: r.CorrelationID, SyncGroupResponse: group.SyncGroupResponse{Err: err}}
	case *protocol.HeartbeatRequest:
		return &protocol.HeartbeatResponse{CorrelationID: r.CorrelationID, HeartbeatResponse: group.HeartbeatResponse{Err: err}}
	case *protocol.LeaveGroupRequest:
		return &protocol.LeaveGroupResponse{CorrelationID: r.CorrelationID, LeaveGroupResponse: group.LeaveGroupResponse{Err: err}}
	case *protocol.OffsetCommitRequest:
		resp := &protocol.OffsetCommitResponse{CorrelationID: r.CorrelationID, Err: err}
		for _, t := range r.Topics {
			for _, p := range t.Partitions {
				resp.Partitions = append(resp.Partitions, group.OffsetCommitPartitionResponse{Topic: t.Name, Partition: p.Partition, Err: err})
			}
		}
		return resp
	case *protocol.OffsetFetchRequest:
		return &protocol.OffsetFetchResponse{CorrelationID: r.CorrelationID, OffsetFetchResponse: group.OffsetFetchResponse{Err: err}}
	case *protocol.DescribeGroupsRequest:
		resp := &protocol.DescribeGroupsResponse{CorrelationID: r.CorrelationID, Err: err}
		for _, g := range r.Groups {
			resp.Groups = append(resp.Groups, group.DescribedGroup{Err: err, GroupID: g})
		}
		return resp
	case *protocol.DeleteGroupsRequest:
		resp := &protocol.DeleteGroupsResponse{CorrelationID: r.CorrelationID, Err: err}
		for _, g := range r.Groups {
			resp.Results = append(resp.Results, group.DeletedGroup{GroupID: g, Err: err})
		}
		return resp
	}
	return nil
}
