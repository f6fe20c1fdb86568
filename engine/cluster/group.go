package cluster

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/consumer"
	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/slicesort"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// GroupAdminNode is the admin client kafka-consumer-groups.sh uses.
const GroupAdminNode sim.NodeID = "admin-groups"

// ConsoleGroupNode is the group member kafka-console-consumer.sh --group runs.
const ConsoleGroupNode sim.NodeID = "console-consumer"

var _ toolsapi.GroupCluster = (*Cluster)(nil)

// SetOffsetsTopicPartitions sets offsets.topic.num.partitions on every
// broker (the lab's default is broker.DefaultOffsetsTopicPartitions = 3,
// Kafka's 50). Call it before the first group is used: __consumer_offsets
// is created on the first FindCoordinator.
func (c *Cluster) SetOffsetsTopicPartitions(n int32) {
	for _, b := range c.brokers {
		b.SetOffsetsTopicPartitions(n)
	}
}

// groupAdmin is the request/response client of the group tools.
type groupAdmin struct {
	corr      int32
	responses map[int32]any
	closed    map[sim.NodeID]bool // connections a crashed process closed
}

// Disconnected implements sim.Disconnecter, as client.Disconnected.
func (a *groupAdmin) Disconnected(_ *sim.Env, peer sim.NodeID, _ bool) { a.closed[peer] = true }

func (a *groupAdmin) ID() sim.NodeID                 { return GroupAdminNode }
func (a *groupAdmin) Timer(*sim.Env, sim.TimerEvent) {}
func (a *groupAdmin) AppendState(w *sim.StateWriter) { w.Int(int64(a.corr)) }
func (a *groupAdmin) Receive(_ *sim.Env, m sim.Message) {
	if id, ok := groupCorrelationID(m.Body); ok {
		a.responses[id] = m.Body
	}
}

func groupCorrelationID(body any) (int32, bool) {
	switch r := body.(type) {
	case *protocol.FindCoordinatorResponse:
		return r.CorrelationID, true
	case *protocol.DescribeGroupsResponse:
		return r.CorrelationID, true
	case *protocol.ListGroupsResponse:
		return r.CorrelationID, true
	case *protocol.OffsetFetchResponse:
		return r.CorrelationID, true
	case *protocol.OffsetCommitResponse:
		return r.CorrelationID, true
	case *protocol.DeleteGroupsResponse:
		return r.CorrelationID, true
	case *protocol.MetadataResponse:
		return r.CorrelationID, true
	}
	return 0, false
}

func (c *Cluster) groupAdmin() *groupAdmin {
	if n, ok := c.sim.Node(GroupAdminNode); ok {
		return n.(*groupAdmin)
	}
	a := &groupAdmin{responses: map[int32]any{}, closed: map[sim.NodeID]bool{}}
	if err := c.sim.AddNode(a); err != nil {
		panic(err)
	}
	return a
}

// gcall sends a request from the group admin node and runs until its answer.
func (c *Cluster) gcall(to sim.NodeID, api, label string, build func(corr int32) any) (any, error) {
	a := c.groupAdmin()
	a.corr++
	corr := a.corr
	body := build(corr)
	delete(a.closed, to)
	if err := c.sim.Do(GroupAdminNode, label, func(env *sim.Env) {
		env.Send(sim.Message{To: to, API: api, Body: body, Label: label})
	}); err != nil {
		return nil, err
	}
	if err := c.runUntil(func() bool { _, ok := a.responses[corr]; return ok || a.closed[to] }, requestTimeoutMs); err != nil {
		return nil, kerr.Wrap(kerr.RequestTimedOut, "%s to %s: no response within request.timeout.ms (%d ms)", api, to, requestTimeoutMs)
	}
	if _, ok := a.responses[corr]; !ok {
		return nil, kerr.Wrap(kerr.NetworkException, "%s to %s: disconnected before a response (its process is down)", api, to)
	}
	resp := a.responses[corr]
	delete(a.responses, corr)
	return resp, nil
}

// findCoordinator asks for the group's coordinator, retrying while it is
// not available (the topic being created, a leader being elected).
func (c *Cluster) findCoordinator(groupID string) (sim.NodeID, int32, error) {
	var last error
	for range 100 {
		to, err := c.bootstrap()
		if err != nil {
			return "", -1, err
		}
		resp, err := c.gcall(to, protocol.APIFindCoordinator, fmt.Sprintf("FindCoordinator(group %s)", groupID), func(corr int32) any {
			return &protocol.FindCoordinatorRequest{CorrelationID: corr, Key: groupID}
		})
		if err != nil {
			return "", -1, err
		}
		r := resp.(*protocol.FindCoordinatorResponse)
		if r.Err == nil {
			return sim.NodeID(r.Host), r.NodeID, nil
		}
		last = r.Err
		if !errors.Is(r.Err, kerr.CoordinatorNotAvailable) {
			return "", -1, r.Err
		}
		if err := c.sim.RunFor(100, c.cfg.MaxSteps); err != nil {
			return "", -1, err
		}
	}
	return "", -1, last
}

// adminAPITimeoutMs is the admin client's default.api.timeout.ms: how long
// a group call retries before it fails with a TimeoutException.
const adminAPITimeoutMs = 60000

// groupRequest sends a request to the group's coordinator as Kafka's admin
// client does (CoordinatorStrategy): it looks the coordinator up with
// FindCoordinator and, on NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE,
// COORDINATOR_LOAD_IN_PROGRESS, a request timeout or a closed connection,
// looks it up again and retries after retry.backoff.ms, until
// default.api.timeout.ms (60 s) passes.
func (c *Cluster) groupRequest(groupID, api, label string, build func(corr int32) any, errOf func(any) error) (any, error) {
	deadline := c.sim.Now() + adminAPITimeoutMs
	var last error
	for c.sim.Now() < deadline {
		to, _, err := c.findCoordinator(groupID)
		if err != nil {
			if !errors.Is(err, kerr.RequestTimedOut) && !errors.Is(err, kerr.NetworkException) && !errors.Is(err, kerr.CoordinatorNotAvailable) {
				return nil, err
			}
			last = err
		} else {
			resp, err := c.gcall(to, api, label, build)
			if err != nil {
				if !errors.Is(err, kerr.RequestTimedOut) && !errors.Is(err, kerr.NetworkException) {
					return nil, err
				}
				last = err
			} else {
				last = errOf(resp)
				if !errors.Is(last, kerr.NotCoordinator) && !errors.Is(last, kerr.CoordinatorLoadInProgress) && !errors.Is(last, kerr.CoordinatorNotAvailable) {
					return resp, nil
				}
			}
		}
		if err := c.sim.RunFor(100, c.cfg.MaxSteps); err != nil {
			return nil, err
		}
	}
	return nil, kerr.Wrap(kerr.RequestTimedOut, "Call(callName=%s, group %s) timed out after default.api.timeout.ms=%d ms: %v", api, groupID, adminAPITimeoutMs, last)
}

// Consumer returns the lab's group member called name.
func (c *Cluster) Consumer(name string) (*consumer.Consumer, bool) {
	n, ok := c.sim.Node(sim.NodeID(name))
	if !ok {
		return nil, false
	}
	cons, ok := n.(*consumer.Consumer)
	return cons, ok
}

// ConsumerConfig turns a toolsapi.ConsumerSpec into the consumer's Config.
func (c *Cluster) ConsumerConfig(spec toolsapi.ConsumerSpec) (consumer.Config, error) {
	cfg := consumer.Config{Node: sim.NodeID(spec.Name), GroupID: spec.Group, Topics: spec.Topics, GroupInstanceID: spec.StaticID,
		AutoCommitIntervalMs: spec.AutoCommitIntervalMs, AutoOffsetReset: spec.AutoOffsetReset, ProcessMs: spec.ProcessMs,
		SessionTimeoutMs: spec.SessionTimeoutMs, MaxPollIntervalMs: spec.MaxPollIntervalMs, QuietRecords: c.cfg.QuietRecords}
	if spec.Assignor != "" {
		for _, name := range strings.Split(spec.Assignor, ",") {
			if _, ok := assignor.ByName(name); !ok {
				return cfg, fmt.Errorf("unknown assignor %q: the lab has range, roundrobin, sticky and cooperative-sticky", name)
			}
			cfg.Assignors = append(cfg.Assignors, name)
		}
	}
	switch spec.Commit {
	case "", "auto":
		cfg.Commit = consumer.CommitAuto
	case "after":
		cfg.Commit = consumer.CommitAfterProcess
	case "before":
		cfg.Commit = consumer.CommitBeforeProcess
	case "none":
		cfg.Commit = consumer.CommitNever
	default:
		return cfg, fmt.Errorf("unknown commit mode %q: auto, after, before or none", spec.Commit)
	}
	switch cfg.AutoOffsetReset {
	case "", "earliest", "latest", "none":
	default:
		return cfg, fmt.Errorf("Invalid value %s for configuration auto.offset.reset: String must be one of: latest, earliest, none", cfg.AutoOffsetReset)
	}
	if spec.Group == "" || len(spec.Topics) == 0 {
		return cfg, errors.New("a group member needs a group and at least one topic")
	}
	cfg.Bootstrap = c.upBrokers()
	return cfg, nil
}

// StartConsumer implements toolsapi.GroupCluster: it adds the member (or
// restarts a stopped one with its configuration) and runs until every
// running member of its group has an assignment, for at most a minute.
func (c *Cluster) StartConsumer(spec toolsapi.ConsumerSpec) error {
	cfg, err := c.ConsumerConfig(spec)
	if err != nil {
		return err
	}
	return c.StartConsumerConfig(cfg)
}

// StartConsumerConfig starts a member with a full consumer Config.
func (c *Cluster) StartConsumerConfig(cfg consumer.Config) error {
	id := cfg.Node
	if n, ok := c.sim.Node(id); ok {
		cons, isConsumer := n.(*consumer.Consumer)
		if !isConsumer {
			return fmt.Errorf("%s is already a node of the lab", id)
		}
		if c.sim.IsUp(id) && cons.Running() && !cons.Closed() {
			return fmt.Errorf("consumer %s is already running", id)
		}
		if !c.sim.IsUp(id) {
			if err := c.sim.Start(id); err != nil {
				return err
			}
		}
		if err := c.sim.Do(id, fmt.Sprintf("restart consumer %s", id), cons.Start); err != nil {
			return err
		}
	} else {
		cons := consumer.New(cfg)
		if err := c.sim.AddNode(cons); err != nil {
			return err
		}
		if err := c.sim.Do(id, fmt.Sprintf("start consumer %s", id), cons.Start); err != nil {
			return err
		}
	}
	return c.WaitGroupStable(cfg.GroupID, 60_000)
}

// WaitGroupStable runs until every running member of the group has an
// assignment and positions, or timeoutMs passes.
func (c *Cluster) WaitGroupStable(groupID string, timeoutMs int64) error {
	return c.runUntil(func() bool {
		for _, cons := range c.consumers() {
			if cons.Config().GroupID != groupID || !c.sim.IsUp(cons.ID()) || cons.Err() != nil || cons.Closed() {
				continue
			}
			if !cons.Stable() {
				return false
			}
		}
		return true
	}, timeoutMs)
}

func (c *Cluster) consumers() []*consumer.Consumer {
	var out []*consumer.Consumer
	for _, id := range c.sim.Nodes() {
		n, _ := c.sim.Node(id)
		if cons, ok := n.(*consumer.Consumer); ok {
			out = append(out, cons)
		}
	}
	slicesort.Func(out, func(a, b *consumer.Consumer) int { return strings.Compare(string(a.ID()), string(b.ID())) })
	return out
}

// StopConsumer implements toolsapi.GroupCluster.
func (c *Cluster) StopConsumer(name string) error {
	cons, ok := c.Consumer(name)
	if !ok || !c.sim.IsUp(cons.ID()) {
		return fmt.Errorf("no running consumer %s", name)
	}
	if err := c.sim.Do(cons.ID(), fmt.Sprintf("close consumer %s", name), cons.Close); err != nil {
		return err
	}
	_ = c.runUntil(cons.Closed, 5000)
	return c.sim.Stop(cons.ID())
}

// CrashConsumer implements toolsapi.GroupCluster.
func (c *Cluster) CrashConsumer(name string) error {
	cons, ok := c.Consumer(name)
	if !ok || !c.sim.IsUp(cons.ID()) {
		return fmt.Errorf("no running consumer %s", name)
	}
	return c.sim.Stop(cons.ID())
}

// RestartConsumer starts a stopped or crashed member again, as a new
// process with the same configuration (and group.instance.id).
func (c *Cluster) RestartConsumer(name string) error {
	cons, ok := c.Consumer(name)
	if !ok {
		return fmt.Errorf("no consumer %s", name)
	}
	return c.StartConsumerConfig(cons.Config())
}

// Consumers implements toolsapi.GroupCluster.
func (c *Cluster) Consumers() []toolsapi.ConsumerInfo {
	var out []toolsapi.ConsumerInfo
	for _, cons := range c.consumers() {
		if cons.ID() == ConsoleGroupNode {
			continue
		}
		info := toolsapi.ConsumerInfo{Name: string(cons.ID()), Group: cons.Config().GroupID, Running: c.sim.IsUp(cons.ID()) && cons.Running() && !cons.Closed(),
			MemberID: cons.MemberID(), Generation: cons.Generation(), Processed: cons.Processed}
		for _, tp := range cons.Assignment() {
			info.Assignment = append(info.Assignment, tp.String())
		}
		if err := cons.Err(); err != nil {
			info.Err = err.Error()
		}
		out = append(out, info)
	}
	return out
}

// ListGroups implements toolsapi.GroupCluster: ListGroups to every broker.
func (c *Cluster) ListGroups() ([]toolsapi.GroupListing, error) {
	var out []toolsapi.GroupListing
	for _, to := range c.upBrokers() {
		resp, err := c.gcall(to, protocol.APIListGroups, "ListGroups", func(corr int32) any {
			return &protocol.ListGroupsRequest{CorrelationID: corr}
		})
		if err != nil {
			return nil, err
		}
		for _, g := range resp.(*protocol.ListGroupsResponse).Groups {
			out = append(out, toolsapi.GroupListing{ID: g.GroupID, ProtocolType: g.ProtocolType, State: g.State})
		}
	}
	slicesort.Func(out, func(a, b toolsapi.GroupListing) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// DescribeGroup implements toolsapi.GroupCluster: DescribeGroups and
// OffsetFetch at the coordinator, and ListOffsets (latest: the high
// watermark) at each partition's leader for LOG-END-OFFSET and LAG.
func (c *Cluster) DescribeGroup(id string) (toolsapi.GroupDescription, error) {
	d := toolsapi.GroupDescription{ID: id}
	resp, err := c.groupRequest(id, protocol.APIDescribeGroups, fmt.Sprintf("DescribeGroups(%s)", id), func(corr int32) any {
		return &protocol.DescribeGroupsRequest{CorrelationID: corr, DescribeGroupsRequest: group.DescribeGroupsRequest{Groups: []string{id}}}
	}, func(r any) error { return r.(*protocol.DescribeGroupsResponse).Err })
	if err != nil {
		return d, err
	}
	coord, coordID, err := c.findCoordinator(id)
	if err != nil {
		return d, err
	}
	d.Coordinator = toolsapi.BrokerInfo{ID: coordID, Host: string(coord), Port: broker.DefaultPort + coordID - 1, Up: true}
	dg := resp.(*protocol.DescribeGroupsResponse).Groups[0]
	if dg.Err != nil {
		if errors.Is(dg.Err, kerr.GroupIDNotFound) {
			// DescribeGroups v6 still describes the group as Dead.
			d.State = dg.State
		}
		return d, dg.Err
	}
	d.State, d.Protocol = dg.State, dg.Protocol
	owner := map[protocol.TopicPartition]toolsapi.GroupMember{}
	for _, m := range dg.Members {
		gm := toolsapi.GroupMember{MemberID: m.MemberID, InstanceID: m.GroupInstanceID, ClientID: m.ClientID, Host: m.ClientHost}
		if a, err := assignor.DecodeAssignment(m.Assignment); err == nil && len(m.Assignment) > 0 {
			for _, tp := range a.Partitions {
				gm.Assignment = append(gm.Assignment, toolsapi.PartitionOffset{Topic: tp.Topic, Partition: tp.Partition})
				owner[protocol.TopicPartition{Topic: tp.Topic, Partition: tp.Partition}] = gm
			}
		}
		d.Members = append(d.Members, gm)
	}
	oresp, err := c.groupRequest(id, protocol.APIOffsetFetch, fmt.Sprintf("OffsetFetch(%s)", id), func(corr int32) any {
		return &protocol.OffsetFetchRequest{CorrelationID: corr, OffsetFetchRequest: group.OffsetFetchRequest{GroupID: id}}
	}, func(r any) error { return r.(*protocol.OffsetFetchResponse).Err })
	if err != nil {
		return d, err
	}
	committed := map[protocol.TopicPartition]int64{}
	for _, p := range oresp.(*protocol.OffsetFetchResponse).Partitions {
		committed[protocol.TopicPartition{Topic: p.Topic, Partition: p.Partition}] = p.Offset
	}
	var tps []protocol.TopicPartition
	for tp := range committed {
		tps = append(tps, tp)
	}
	for tp := range owner {
		if _, ok := committed[tp]; !ok {
			tps = append(tps, tp)
		}
	}
	slicesort.Func(tps, protocol.TopicPartition.Compare)
	for _, tp := range tps {
		row := toolsapi.GroupOffset{Topic: tp.Topic, Partition: tp.Partition, Committed: -1, LogEnd: -1, Lag: -1}
		if o, ok := committed[tp]; ok {
			row.Committed = o
		}
		if hw, err := c.ListOffsets(tp.Topic, tp.Partition, toolsapi.Latest); err == nil {
			row.LogEnd = hw
			if lag, ok := group.Lag(hw, row.Committed); ok && row.Committed >= 0 {
				row.Lag = lag
			}
		}
		if m, ok := owner[tp]; ok {
			row.MemberID, row.ClientID, row.Host = m.MemberID, m.ClientID, m.Host
		}
		d.Offsets = append(d.Offsets, row)
	}
	return d, nil
}

// CommitOffsets implements toolsapi.GroupCluster.
func (c *Cluster) CommitOffsets(groupID string, offsets []toolsapi.PartitionOffset) error {
	req := group.OffsetCommitRequest{GroupID: groupID, GenerationID: -1}
	for _, o := range offsets {
		if n := len(req.Topics); n == 0 || req.Topics[n-1].Name != o.Topic {
			req.Topics = append(req.Topics, group.OffsetCommitTopic{Name: o.Topic})
		}
		t := &req.Topics[len(req.Topics)-1]
		t.Partitions = append(t.Partitions, group.OffsetCommitPartition{Partition: o.Partition, Offset: o.Offset, LeaderEpoch: -1})
	}
	resp, err := c.groupRequest(groupID, protocol.APIOffsetCommit, fmt.Sprintf("OffsetCommit(%s, %d partitions)", groupID, len(offsets)), func(corr int32) any {
		return &protocol.OffsetCommitRequest{CorrelationID: corr, OffsetCommitRequest: req}
	}, func(r any) error { return r.(*protocol.OffsetCommitResponse).Err })
	if err != nil {
		return err
	}
	for _, p := range resp.(*protocol.OffsetCommitResponse).Partitions {
		if p.Err != nil {
			return p.Err
		}
	}
	return nil
}

// DeleteGroup implements toolsapi.GroupCluster.
func (c *Cluster) DeleteGroup(id string) error {
	resp, err := c.groupRequest(id, protocol.APIDeleteGroups, fmt.Sprintf("DeleteGroups(%s)", id), func(corr int32) any {
		return &protocol.DeleteGroupsRequest{CorrelationID: corr, DeleteGroupsRequest: group.DeleteGroupsRequest{Groups: []string{id}}}
	}, func(r any) error { return r.(*protocol.DeleteGroupsResponse).Err })
	if err != nil {
		return err
	}
	return resp.(*protocol.DeleteGroupsResponse).Results[0].Err
}

// GroupFetch implements toolsapi.GroupCluster: the console consumer joins the
// group as member "console-consumer" (auto-commit on), reads until
// spec.MaxMessages records or spec.TimeoutMs without records once it has
// its assignment, and closes (committing and leaving).
func (c *Cluster) GroupFetch(spec toolsapi.FetchSpec, groupID string) ([]toolsapi.ConsumedRecord, error) {
	var out []toolsapi.ConsumedRecord
	reset := spec.Properties["auto.offset.reset"]
	if spec.Offset == toolsapi.Earliest && reset == "" {
		reset = "earliest"
	}
	cfg, err := c.ConsumerConfig(toolsapi.ConsumerSpec{Name: string(ConsoleGroupNode), Group: groupID, Topics: []string{spec.Topic}, AutoOffsetReset: reset,
		Assignor: spec.Properties["partition.assignment.strategy"]})
	if err != nil {
		return nil, err
	}
	if id := spec.Properties["client.id"]; id != "" {
		cfg.ClientID = id
	}
	if spec.Properties["enable.auto.commit"] == "false" {
		cfg.Commit = consumer.CommitNever
	}
	cfg.OnProcess = func(r consumer.Record) {
		if spec.MaxMessages > 0 && len(out) >= spec.MaxMessages {
			return
		}
		cr := toolsapi.ConsumedRecord{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset, Timestamp: r.Timestamp, TimestampType: r.TimestampType, Key: r.Key, Value: r.Value}
		for _, h := range r.Headers {
			cr.Headers = append(cr.Headers, toolsapi.Header{Key: h.Key, Value: h.Value})
		}
		out = append(out, cr)
	}
	var cons *consumer.Consumer
	if existing, ok := c.Consumer(string(ConsoleGroupNode)); ok {
		cons = existing
		*cons = *consumer.New(cfg)
		if !c.sim.IsUp(cons.ID()) {
			if err := c.sim.Start(cons.ID()); err != nil {
				return nil, err
			}
		}
	} else {
		cons = consumer.New(cfg)
		if err := c.sim.AddNode(cons); err != nil {
			return nil, err
		}
	}
	if err := c.sim.Do(cons.ID(), "start kafka-console-consumer.sh --group "+groupID, cons.Start); err != nil {
		return nil, err
	}
	_ = c.runUntil(func() bool { return cons.Stable() || cons.Err() != nil }, 60_000)
	for cons.Err() == nil && (spec.MaxMessages == 0 || len(out) < spec.MaxMessages) {
		n := len(out)
		_ = c.runUntil(func() bool { return len(out) > n && (spec.MaxMessages == 0 || len(out) >= spec.MaxMessages) }, spec.TimeoutMs)
		if len(out) == n {
			break
		}
	}
	ferr := cons.Err()
	_ = c.sim.Do(cons.ID(), "close the console consumer", cons.Close)
	_ = c.runUntil(cons.Closed, 5000)
	_ = c.sim.Stop(cons.ID())
	return out, ferr
}
