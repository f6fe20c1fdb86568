package controller

import (
	"fmt"
	"maps"
	"slices"

	"github.com/google/uuid"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// NodeID is the controller's node in the simulation.
const NodeID sim.NodeID = "controller"

// Kafka's defaults for the settings in Config (KRaftConfigs.java,
// ServerLogConfigs.java, ReplicationConfigs.java).
const (
	DefaultHeartbeatIntervalMs    = 2000 // broker.heartbeat.interval.ms
	DefaultSessionTimeoutMs       = 9000 // broker.session.timeout.ms
	DefaultNumPartitions          = 1    // num.partitions
	DefaultReplicationFactor      = 1    // default.replication.factor
	DefaultMetadataFetchMaxWaitMs = 500  // the KRaft client's fetch max wait
	maxMetadataRecordsPerFetch    = 4096
	placementStream               = "controller/placement"
)

// Config configures the controller.
type Config struct {
	ID                       int32 // node.id of the controller
	SessionTimeoutMs         int64 // broker.session.timeout.ms
	NumPartitions            int32 // num.partitions: the default for CreateTopics with -1
	DefaultReplicationFactor int16 // default.replication.factor
	// TopicDefaults are the broker-level defaults for topic configs
	// (log.segment.bytes, min.insync.replicas …) that topics inherit.
	TopicDefaults metadata.TopicConfig
	// Automatic leader balancing: auto.leader.rebalance.enable (true;
	// DisableAutoLeaderRebalance turns it off, as the zero value cannot),
	// leader.imbalance.check.interval.seconds (300, here in ms) and
	// leader.imbalance.per.broker.percentage (10).
	AutoLeaderRebalanceEnable          bool
	DisableAutoLeaderRebalance         bool
	LeaderImbalanceCheckIntervalMs     int64
	LeaderImbalancePerBrokerPercentage int

	// Node is the node's name in the simulation; "" means NodeID.
	Node sim.NodeID
	// Voters is the controller quorum (controller.quorum.voters), this
	// node among them. With none or one, the node is the whole quorum.
	Voters            []Voter
	ElectionTimeoutMs int64 // controller.quorum.election.timeout.ms (1000)
	FetchTimeoutMs    int64 // controller.quorum.fetch.timeout.ms (2000)
}

func (c *Config) fill() {
	if c.SessionTimeoutMs == 0 {
		c.SessionTimeoutMs = DefaultSessionTimeoutMs
	}
	if c.NumPartitions == 0 {
		c.NumPartitions = DefaultNumPartitions
	}
	if c.DefaultReplicationFactor == 0 {
		c.DefaultReplicationFactor = DefaultReplicationFactor
	}
	c.AutoLeaderRebalanceEnable = !c.DisableAutoLeaderRebalance
	if c.LeaderImbalanceCheckIntervalMs == 0 {
		c.LeaderImbalanceCheckIntervalMs = DefaultLeaderImbalanceCheckIntervalMs
	}
	if c.LeaderImbalancePerBrokerPercentage == 0 {
		c.LeaderImbalancePerBrokerPercentage = DefaultLeaderImbalancePerBrokerPercentage
	}
	if c.Node == "" {
		c.Node = NodeID
	}
	if c.ElectionTimeoutMs == 0 {
		c.ElectionTimeoutMs = DefaultElectionTimeoutMs
	}
	if c.FetchTimeoutMs == 0 {
		c.FetchTimeoutMs = DefaultFetchTimeoutMs
	}
	if c.TopicDefaults == (metadata.TopicConfig{}) {
		c.TopicDefaults = metadata.DefaultTopicConfig()
	}
}

// A broker is the controller's registration of one broker.
type broker struct {
	id            int32
	epoch         int64
	incarnation   uuid.UUID
	host          string
	port          int32
	fenced        bool
	registeredAt  int64 // offset of its RegisterBrokerRecord
	lastHeartbeat int64
	sessionTimer  sim.TimerID
	// Controlled shutdown: under way, and the metadata offset the broker
	// must replay before it may stop.
	shuttingDown   bool
	shutdownOffset int64
}

// A Controller is the KRaft controller node. It implements sim.Node.
type Controller struct {
	cfg Config
	id  sim.NodeID
	q   quorum
	// hw is the end of the committed prefix of log; imageEnd is how much
	// of log brokers, topics and nextEpoch reflect: hw on a standby node,
	// the whole log on the active controller, which applies its records as
	// it appends them.
	hw       int64
	imageEnd int64

	brokers   map[int32]*broker
	topics    map[string]*metadata.Topic
	log       []protocol.MetadataRecord
	nextEpoch int64
	parked    []parkedFetch

	imbalanceTimer sim.TimerID
	dyn            dynamicConfigs // configs.go
}

// New returns a controller with an empty metadata log.
func New(cfg Config) *Controller {
	cfg.fill()
	c := &Controller{
		cfg:       cfg,
		id:        cfg.Node,
		brokers:   map[int32]*broker{},
		topics:    map[string]*metadata.Topic{},
		nextEpoch: 1,
		q:         quorum{voters: slices.Clone(cfg.Voters), self: cfg.ID, votedFor: -1, leader: -1},
	}
	if c.single() {
		// The whole quorum: leader of epoch 1 from the start.
		c.q.role, c.q.epoch, c.q.leader, c.q.active = Leader, 1, cfg.ID, true
	}
	return c
}

// ID implements sim.Node.
func (c *Controller) ID() sim.NodeID { return c.id }

// Receive implements sim.Node: it dispatches requests to their handlers, one
// file per request kind.
func (c *Controller) Receive(env *sim.Env, m sim.Message) {
	defer c.flushAppends(env)
	if c.receiveQuorum(env, m) {
		return
	}
	if !c.Active() {
		c.rejectNotActive(env, m)
		return
	}
	switch req := m.Body.(type) {
	case *protocol.BrokerRegistrationRequest:
		c.handleRegistration(env, m.From, req)
	case *protocol.BrokerHeartbeatRequest:
		c.handleHeartbeat(env, m.From, req)
	case *protocol.MetadataFetchRequest:
		c.handleMetadataFetch(env, m.From, req)
	case *protocol.CreateTopicsRequest:
		c.handleCreateTopics(env, m.From, req)
	case *protocol.DeleteTopicsRequest:
		c.handleDeleteTopics(env, m.From, req)
	case *protocol.CreatePartitionsRequest:
		c.handleCreatePartitions(env, m.From, req)
	case *protocol.AlterPartitionRequest:
		c.handleAlterPartition(env, m.From, req)
	case *protocol.ElectLeadersRequest:
		c.handleElectLeaders(env, m.From, req)
	case *protocol.IncrementalAlterConfigsRequest:
		c.handleIncrementalAlterConfigs(env, m.From, req)
	}
}

// Timer implements sim.Node.
func (c *Controller) Timer(env *sim.Env, t sim.TimerEvent) {
	defer c.flushAppends(env)
	switch t.Kind {
	case timerSession:
		c.sessionExpired(env, t.Data.(int32))
	case timerMetadataFetch:
		c.expireParked(env, t.ID)
	case timerLeaderImbalance:
		c.checkLeaderImbalance(env)
	default:
		c.quorumTimer(env, t)
	}
}

// append adds records to the metadata log in the leader's epoch. With one
// controller they are committed at once, so parked metadata fetches are
// answered; in a quorum they are committed when a majority of the voters
// has fetched them (quorum_fetch.go).
func (c *Controller) append(env *sim.Env, recs ...protocol.MetadataRecord) {
	for _, r := range recs {
		r.Offset, r.Epoch = int64(len(c.log)), c.q.epoch
		c.log = append(c.log, r)
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("%s appends %s at metadata offset %d", c.id, r.Kind(), r.Offset), Summary: recordSummary(&r)})
	}
	if c.single() {
		c.hw, c.imageEnd = c.EndOffset(), c.EndOffset()
		c.answerParked(env)
		return
	}
	if c.q.active {
		c.imageEnd = c.EndOffset()
	}
	c.q.appended = true
}

// flushAppends answers the voters' parked fetches once an event has
// appended all its records. Kafka's QuorumController appends the records of
// one event (a ControllerResult) to the Raft log in one call, so a voter
// never fetches part of them: answering after each record would let a
// failover commit a fence without the leader changes that go with it
// (seed 4363: broker 1 fenced but still leader of checked-0 in the
// committed log, so it led again with the log it had lost in a power loss).
func (c *Controller) flushAppends(env *sim.Env) {
	if !c.q.appended {
		return
	}
	c.q.appended = false
	c.answerParkedVoters(env)
}

// EndOffset returns the metadata log's end offset.
func (c *Controller) EndOffset() int64 { return int64(len(c.log)) }

// alive reports whether broker id is registered, unfenced and not in a
// controlled shutdown (Kafka's "active"): the brokers that may lead or join
// an ISR.
func (c *Controller) alive(id int32) bool {
	b, ok := c.brokers[id]
	return ok && !b.fenced && !b.shuttingDown
}

// usableBrokers returns the unfenced brokers, ascending.
func (c *Controller) usableBrokers() []int32 {
	var ids []int32
	for _, id := range slices.Sorted(maps.Keys(c.brokers)) {
		if !c.brokers[id].fenced {
			ids = append(ids, id)
		}
	}
	return ids
}

func (c *Controller) registeredBrokers() []int32 {
	return slices.Sorted(maps.Keys(c.brokers))
}

func (c *Controller) topicNames() []string {
	return slices.Sorted(maps.Keys(c.topics))
}

// changePartition writes a PartitionChangeRecord when reg differs from the
// topic's partition p.
func (c *Controller) changePartition(env *sim.Env, t *metadata.Topic, p int32, reg metadata.Partition) {
	t.Partitions[p] = reg
	c.append(env, protocol.MetadataRecord{PartitionChange: &protocol.PartitionChangeRecord{
		TopicID: t.ID, Topic: t.Name, Partition: p, Registration: reg.Clone(),
	}})
}

// respond answers a request. In a quorum the answer waits until every
// record written so far is committed, so a client never hears of a change
// that a failover could still lose (QuorumController completes a write
// event when its last offset is committed).
func (c *Controller) respond(env *sim.Env, to sim.NodeID, api string, body any, label, summary string) {
	m := sim.Message{To: to, API: protocol.Response(api), Body: body, Label: label, Summary: summary}
	if c.hw < c.EndOffset() {
		c.q.deferred = append(c.q.deferred, deferredResponse{waitFor: c.EndOffset(), msg: m})
		return
	}
	env.Send(m)
}

func recordSummary(r *protocol.MetadataRecord) string {
	switch {
	case r.RegisterBroker != nil:
		return fmt.Sprintf("broker %d epoch %d fenced=%t", r.RegisterBroker.BrokerID, r.RegisterBroker.BrokerEpoch, r.RegisterBroker.Fenced)
	case r.FenceBroker != nil:
		return fmt.Sprintf("broker %d", r.FenceBroker.BrokerID)
	case r.UnfenceBroker != nil:
		return fmt.Sprintf("broker %d", r.UnfenceBroker.BrokerID)
	case r.Topic != nil:
		return fmt.Sprintf("%s id %s", r.Topic.Name, r.Topic.ID)
	case r.Partition != nil:
		return fmt.Sprintf("%s-%d %s", r.Partition.Topic, r.Partition.Partition, r.Partition.Registration)
	case r.PartitionChange != nil:
		p := r.PartitionChange
		return fmt.Sprintf("%s-%d %s LeaderEpoch: %d PartitionEpoch: %d", p.Topic, p.Partition, p.Registration, p.Registration.LeaderEpoch, p.Registration.PartitionEpoch) + recoverySummary(p.Registration)
	case r.RemoveTopic != nil:
		return r.RemoveTopic.Name
	case r.LeaderChange != nil:
		return fmt.Sprintf("leader %d epoch %d voters %v", r.LeaderChange.LeaderID, r.LeaderChange.LeaderEpoch, r.LeaderChange.Voters)
	case r.Config != nil:
		return configSummary(r.Config)
	}
	return ""
}

// AppendState implements sim.Node.
func (c *Controller) AppendState(w *sim.StateWriter) {
	w.Int(int64(len(c.log)))
	w.Int(c.nextEpoch)
	for _, id := range c.registeredBrokers() {
		b := c.brokers[id]
		w.Int(int64(id))
		w.Int(b.epoch)
		w.Bool(b.fenced)
		w.Int(b.lastHeartbeat)
		if b.shuttingDown {
			w.Int(b.shutdownOffset)
		}
	}
	for _, name := range c.topicNames() {
		t := c.topics[name]
		w.String(name)
		w.Bytes(t.ID[:])
		for _, p := range t.Partitions {
			w.Int(int64(p.Leader))
			w.Int(int64(p.LeaderEpoch))
			w.Int(int64(p.PartitionEpoch))
			for _, id := range p.ISR {
				w.Int(int64(id))
			}
		}
	}
	w.Int(int64(len(c.parked)))
	if !c.single() {
		c.appendQuorumState(w)
	}
}

// ---- read-only views for the UI and tests ----

// BrokerState is the controller's registration of one broker.
type BrokerState struct {
	ID              int32
	Epoch           int64
	Fenced          bool
	LastHeartbeatMs int64
}

// State is a snapshot of the controller.
type State struct {
	ID                int32
	MetadataEndOffset int64
	Brokers           []BrokerState // ascending by id
	Topics            []TopicState  // sorted by name
}

// TopicState is one topic as the controller knows it.
type TopicState struct {
	Name       string
	ID         uuid.UUID
	Config     metadata.TopicConfig
	Partitions []metadata.Partition // deep copies, by partition id
}

// Snapshot returns the controller's state as plain values.
func (c *Controller) Snapshot() State {
	s := State{ID: c.cfg.ID, MetadataEndOffset: c.EndOffset()}
	for _, id := range c.registeredBrokers() {
		b := c.brokers[id]
		s.Brokers = append(s.Brokers, BrokerState{ID: id, Epoch: b.epoch, Fenced: b.fenced, LastHeartbeatMs: b.lastHeartbeat})
	}
	for _, name := range c.topicNames() {
		t := c.topics[name]
		ts := TopicState{Name: name, ID: t.ID, Config: t.Config}
		for _, p := range t.Partitions {
			ts.Partitions = append(ts.Partitions, p.Clone())
		}
		s.Topics = append(s.Topics, ts)
	}
	return s
}

// Records returns the metadata log from offset on, for the UI.
func (c *Controller) Records(from int64) []protocol.MetadataRecord {
	if from < 0 || from >= int64(len(c.log)) {
		return nil
	}
	return slices.Clone(c.log[from:])
}
