package consumer

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kafkalab/kafkalab/engine/assignor"
	"github.com/kafkalab/kafkalab/engine/group"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/record"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// CommitMode says when the consumer commits offsets.
type CommitMode int8

const (
	// CommitAuto is enable.auto.commit=true (Kafka's default).
	CommitAuto CommitMode = iota
	// CommitAfterProcess calls commitSync after processing each poll's
	// records: at least once.
	CommitAfterProcess
	// CommitBeforeProcess calls commitSync as soon as poll returns, before
	// processing: at most once.
	CommitBeforeProcess
	// CommitNever never commits.
	CommitNever
)

// Kafka's consumer defaults (ConsumerConfig.java).
const (
	DefaultSessionTimeoutMs     = 45000
	DefaultHeartbeatIntervalMs  = 3000
	DefaultMaxPollIntervalMs    = 300000
	DefaultAutoCommitIntervalMs = 5000
	DefaultFetchMaxWaitMs       = 500
	DefaultMaxPollRecords       = 500
	DefaultRequestTimeoutMs     = 30000
	DefaultRetryBackoffMs       = 100
	DefaultMaxPartitionBytes    = 1 << 20
	// DefaultAPITimeoutMs is default.api.timeout.ms: how long commitSync
	// retries retriable errors before it throws a TimeoutException.
	DefaultAPITimeoutMs = 60000
)

// Config configures a consumer, with Kafka's names. Zero values take Kafka's
// defaults.
type Config struct {
	Node            sim.NodeID // the node's id, e.g. "c1"
	ClientID        string     // client.id; default the node id
	GroupID         string     // group.id
	GroupInstanceID string     // group.instance.id: a static member
	Topics          []string   // subscribe(Topics)
	// Assignors is partition.assignment.strategy by name; default
	// [range, cooperative-sticky] as Kafka 3+.
	Assignors            []string
	Commit               CommitMode
	AutoCommitIntervalMs int64
	AutoOffsetReset      string // "latest" (default), "earliest" or "none"
	SessionTimeoutMs     int32
	HeartbeatIntervalMs  int64
	MaxPollIntervalMs    int64
	FetchMaxWaitMs       int32
	MaxPollRecords       int
	RequestTimeoutMs     int64
	RetryBackoffMs       int64
	// ProcessMs is how long processing one record takes, in simulated ms.
	ProcessMs int64
	// Bootstrap are the brokers asked first (bootstrap.servers).
	Bootstrap []sim.NodeID
	// QuietRecords traces one step-14 line per poll instead of per record.
	QuietRecords bool
	// OnProcess, if set, sees each record once processing it finished.
	OnProcess func(Record)
	// OnPoll, if set, is asked before each poll returns records, with
	// their number; false means the application has stopped calling poll
	// (a tool's loop ended): the records stay buffered and unconsumed.
	OnPoll func(records int) bool
}

func (c *Config) fill() {
	if c.ClientID == "" {
		c.ClientID = string(c.Node)
	}
	if len(c.Assignors) == 0 {
		c.Assignors = []string{assignor.RangeName, assignor.CooperativeStickyName}
	}
	if c.AutoCommitIntervalMs == 0 {
		c.AutoCommitIntervalMs = DefaultAutoCommitIntervalMs
	}
	if c.AutoOffsetReset == "" {
		c.AutoOffsetReset = "latest"
	}
	if c.SessionTimeoutMs == 0 {
		c.SessionTimeoutMs = DefaultSessionTimeoutMs
	}
	if c.HeartbeatIntervalMs == 0 {
		c.HeartbeatIntervalMs = DefaultHeartbeatIntervalMs
	}
	if c.MaxPollIntervalMs == 0 {
		c.MaxPollIntervalMs = DefaultMaxPollIntervalMs
	}
	if c.FetchMaxWaitMs == 0 {
		c.FetchMaxWaitMs = DefaultFetchMaxWaitMs
	}
	if c.MaxPollRecords == 0 {
		c.MaxPollRecords = DefaultMaxPollRecords
	}
	if c.RequestTimeoutMs == 0 {
		c.RequestTimeoutMs = DefaultRequestTimeoutMs
	}
	if c.RetryBackoffMs == 0 {
		c.RetryBackoffMs = DefaultRetryBackoffMs
	}
}

// A Record is one record as the consumer processed it.
type Record struct {
	Topic         string
	Partition     int32
	Offset        int64
	Timestamp     int64
	TimestampType string
	Key, Value    []byte
	Headers       []record.Header
	Generation    int32 // the generation it was consumed in
}

// TP returns the record's partition.
func (r Record) TP() protocol.TopicPartition {
	return protocol.TopicPartition{Topic: r.Topic, Partition: r.Partition}
}

type phase int8

const (
	phaseIdle   phase = iota // not started or closed
	phaseFind                // looking for the coordinator
	phaseJoin                // JoinGroup in flight
	phaseSync                // SyncGroup in flight
	phaseStable              // has an assignment
)

type reqKind int8

const (
	reqMetadata reqKind = iota + 1
	reqFind
	reqJoin
	reqSync
	reqHeartbeat
	reqLeave
	reqCommit
	reqOffsetFetch
	reqListOffsets
	reqFetch
)

type inflight struct {
	kind   reqKind
	to     sim.NodeID
	leader int32
	timer  sim.TimerID
	// commit is what an OffsetCommit carries, sync whether commitSync
	// waits for it.
	commit map[protocol.TopicPartition]int64
	sync   bool
}

const (
	timerRequest   = "request timeout"
	timerHeartbeat = "heartbeat"
	timerProcess   = "process"
	timerRetry     = "retry backoff"
)

// A Consumer is one KafkaConsumer in a group. It implements sim.Node.
type Consumer struct {
	cfg  Config
	corr int32

	running bool
	closing bool
	err     error // a fatal error (NoOffsetForPartition, FENCED_INSTANCE_ID)

	// Metadata.
	brokers    map[int32]sim.NodeID
	leaders    map[protocol.TopicPartition]int32
	partitions map[string]int32
	metaAt     int

	// Group membership.
	ph          phase
	coordinator sim.NodeID
	memberID    string
	generation  int32
	protocol    string
	needRejoin  bool
	hbTimer     sim.TimerID
	retryTimer  sim.TimerID
	lastPoll    int64
	pollExpired bool
	// assignSnap is the leader's metadata snapshot at its last assignment:
	// the partition count of each subscribed topic the metadata knew (a
	// topic it did not know is absent); nil when this member did not
	// assign. A metadata update that changes it makes the leader rejoin
	// (ConsumerCoordinator: assignmentSnapshot vs metadataSnapshot in
	// rejoinNeededOrPending, "cached metadata has changed").
	assignSnap map[string]int32
	// metaStale: a metadata update was requested and has not completed
	// (Metadata.updateRequested). pendingJoin is the JoinGroupResponse of
	// a leader waiting for it before it assigns
	// (ConsumerCoordinator.updateGroupSubscription: ensureFreshMetadata
	// with an unbounded timer, before performAssignment).
	metaStale   bool
	pendingJoin *protocol.JoinGroupResponse

	// Assignment and positions.
	owned     []protocol.TopicPartition
	position  map[protocol.TopicPartition]int64 // next offset to fetch
	consumed  map[protocol.TopicPartition]int64 // after the last record poll returned
	committed map[protocol.TopicPartition]int64 // last commit acknowledged
	buffered  []Record
	needPos   bool

	processing     bool
	nextAutoCommit int64

	// commitSync in progress: it blocks the poll loop until the commit
	// succeeds, fails with a non-retriable error, or syncDeadline
	// (default.api.timeout.ms) passes; then syncThen, if any, are
	// processed (commit before processing).
	syncing      bool
	syncWhy      string
	syncDeadline int64
	syncThen     []Record

	// unreachable are the brokers whose connection the client closed after
	// a request timed out; leastLoadedNode avoids them until they answer.
	unreachable map[sim.NodeID]bool
	// reconnects are the brokers in reconnect backoff after a lost
	// connection (Disconnected).
	reconnects sim.Reconnects

	inflight map[int32]inflight

	// Stats.
	Processed   int64
	Rebalances  int
	lastRecords []Record
}

// New returns a consumer that has not started; Start starts it.
func New(cfg Config) *Consumer {
	cfg.fill()
	return &Consumer{cfg: cfg}
}

// ID implements sim.Node.
func (c *Consumer) ID() sim.NodeID { return c.cfg.Node }

// Config returns the consumer's configuration.
func (c *Consumer) Config() Config { return c.cfg }

// MemberID returns the member id the coordinator gave, "" before joining.
func (c *Consumer) MemberID() string { return c.memberID }

// Generation returns the generation of the consumer's last assignment.
func (c *Consumer) Generation() int32 { return c.generation }

// Assignment returns the partitions the consumer owns, sorted.
func (c *Consumer) Assignment() []protocol.TopicPartition {
	return slices.Clone(c.owned)
}

// Stable reports whether the consumer has an assignment and positions for
// it.
func (c *Consumer) Stable() bool {
	return c.running && c.ph == phaseStable && !c.needPos && !c.needRejoin
}

// Err returns the consumer's fatal error, if any.
func (c *Consumer) Err() error { return c.err }

// Running reports whether the consumer was started and not closed.
func (c *Consumer) Running() bool { return c.running }

// Position returns the offset after the last record poll returned for tp.
func (c *Consumer) Position(tp protocol.TopicPartition) (int64, bool) {
	o, ok := c.consumed[tp]
	return o, ok
}

func (c *Consumer) nextCorr() int32 { c.corr++; return c.corr }

// Start starts (or restarts after a crash) the consumer as a new process:
// everything but its configuration is forgotten.
func (c *Consumer) Start(env *sim.Env) {
	*c = Consumer{cfg: c.cfg, corr: c.corr, running: true}
	c.brokers = map[int32]sim.NodeID{}
	c.leaders = map[protocol.TopicPartition]int32{}
	c.partitions = map[string]int32{}
	c.position = map[protocol.TopicPartition]int64{}
	c.consumed = map[protocol.TopicPartition]int64{}
	c.committed = map[protocol.TopicPartition]int64{}
	c.inflight = map[int32]inflight{}
	c.unreachable = map[sim.NodeID]bool{}
	c.generation = -1
	c.lastPoll = env.Now()
	c.nextAutoCommit = env.Now() + c.cfg.AutoCommitIntervalMs
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s starts: group %s, subscribe(%s), %s", c.cfg.ClientID, c.cfg.GroupID, strings.Join(c.cfg.Topics, ","), c.describeConfig())})
	c.requestMetadata(env)
	c.ph = phaseFind
	c.findCoordinator(env)
}

func (c *Consumer) describeConfig() string {
	s := "partition.assignment.strategy=" + strings.Join(c.cfg.Assignors, ",")
	switch c.cfg.Commit {
	case CommitAuto:
		s += fmt.Sprintf(", enable.auto.commit=true every %d ms", c.cfg.AutoCommitIntervalMs)
	case CommitAfterProcess:
		s += ", commitSync after processing"
	case CommitBeforeProcess:
		s += ", commitSync before processing"
	default:
		s += ", no commits"
	}
	if c.cfg.GroupInstanceID != "" {
		s += ", group.instance.id=" + c.cfg.GroupInstanceID
	}
	return s
}

// Close closes the consumer as KafkaConsumer.close does: with auto-commit it
// commits what poll returned, then a dynamic member leaves the group (a
// static member stays until its session expires).
func (c *Consumer) Close(env *sim.Env) {
	if !c.running || c.closing {
		return
	}
	c.closing = true
	if c.cfg.Commit == CommitAuto {
		c.commit(env, "close")
	}
	if c.memberID != "" && c.cfg.GroupInstanceID == "" && c.coordinator != "" {
		c.send(env, c.coordinator, reqLeave, -1, protocol.APILeaveGroup, fmt.Sprintf("LeaveGroup(%s, member %s): the consumer is closing", c.cfg.GroupID, c.memberID), func(corr int32) any {
			return &protocol.LeaveGroupRequest{CorrelationID: corr, LeaveGroupRequest: group.LeaveGroupRequest{GroupID: c.cfg.GroupID,
				Members: []group.LeaveMember{{MemberID: c.memberID, Reason: "the consumer is being closed"}}}}
		})
	}
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s closes", c.cfg.ClientID)})
}

// Closed reports whether Close finished: nothing is left in flight.
func (c *Consumer) Closed() bool { return c.closing && len(c.inflight) == 0 }

func (c *Consumer) send(env *sim.Env, to sim.NodeID, kind reqKind, leader int32, api, label string, build func(corr int32) any) int32 {
	corr := c.nextCorr()
	lifecycle := 0
	switch kind {
	case reqJoin:
		lifecycle = 10
	case reqFetch:
		lifecycle = 12
	case reqCommit:
		lifecycle = 15
	case reqSync:
		if strings.HasPrefix(label, "11.") {
			lifecycle = 11
		}
	}
	env.Send(sim.Message{To: to, API: api, Body: build(corr), Label: label, Lifecycle: lifecycle})
	t := env.After(c.cfg.RequestTimeoutMs, timerRequest, corr)
	c.inflight[corr] = inflight{kind: kind, to: to, leader: leader, timer: t}
	return corr
}

func (c *Consumer) has(kind reqKind) bool {
	for _, f := range c.inflight {
		if f.kind == kind {
			return true
		}
	}
	return false
}

func (c *Consumer) fetchingFrom(leader int32) bool {
	for _, f := range c.inflight {
		if f.kind == reqFetch && f.leader == leader {
			return true
		}
	}
	return false
}

// done takes a response's request out of the in-flight set; false for a
// response nobody waits for any more.
func (c *Consumer) done(env *sim.Env, corr int32) bool {
	f, ok := c.inflight[corr]
	if !ok {
		return false
	}
	env.Cancel(f.timer)
	delete(c.inflight, corr)
	return c.running
}

// bootstrap picks the node for a Metadata or FindCoordinator request, in
// turn over the known brokers (or bootstrap.servers), skipping those the
// client disconnected from while another is left, as
// NetworkClient.leastLoadedNode skips nodes it cannot connect to. When all
// were disconnected it takes one whose reconnect backoff has passed, or
// returns "" and the poll loop comes back after retry.backoff.ms.
func (c *Consumer) bootstrap(env *sim.Env) sim.NodeID {
	var nodes []sim.NodeID
	for _, id := range slices.Sorted(maps.Keys(c.brokers)) {
		nodes = append(nodes, c.brokers[id])
	}
	if len(nodes) == 0 {
		nodes = c.cfg.Bootstrap
	}
	if len(nodes) == 0 {
		return ""
	}
	for range nodes {
		c.metaAt++
		if n := nodes[c.metaAt%len(nodes)]; !c.unreachable[n] {
			return n
		}
	}
	for range nodes {
		c.metaAt++
		if n := nodes[c.metaAt%len(nodes)]; c.reconnects.Until(n, env.Now()) == 0 {
			return n
		}
	}
	c.retryLater(env)
	return ""
}

func (c *Consumer) requestMetadata(env *sim.Env) {
	c.metaStale = true
	if c.has(reqMetadata) {
		return
	}
	to := c.bootstrap(env)
	if to == "" {
		return
	}
	c.send(env, to, reqMetadata, -1, protocol.APIMetadata, fmt.Sprintf("Metadata(%s)", strings.Join(c.cfg.Topics, ",")), func(corr int32) any {
		return &protocol.MetadataRequest{CorrelationID: corr, Topics: c.cfg.Topics}
	})
}

func (c *Consumer) findCoordinator(env *sim.Env) {
	if c.has(reqFind) || c.closing {
		return
	}
	to := c.bootstrap(env)
	if to == "" {
		return
	}
	c.send(env, to, reqFind, -1, protocol.APIFindCoordinator, fmt.Sprintf("10. FindCoordinator(group %s)", c.cfg.GroupID), func(corr int32) any {
		return &protocol.FindCoordinatorRequest{CorrelationID: corr, Key: c.cfg.GroupID}
	})
}

// coordinatorUnknown forgets the coordinator (markCoordinatorUnknown) and
// looks it up again after retry.backoff.ms.
func (c *Consumer) coordinatorUnknown(env *sim.Env, why string) {
	if c.coordinator != "" {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s marks coordinator %s unknown: %s", c.cfg.ClientID, c.coordinator, why)})
	}
	c.coordinator = ""
	// Kafka's auto-commit sends every consumed offset each interval, changed
	// or not (maybeAutoCommitOffsetsAsync commits allConsumed); the lab
	// skips unchanged ones, so when the coordinator is lost it forgets what
	// it committed: the next commit sends everything again. A commit the
	// old coordinator acknowledged can be gone (a power loss of the offsets
	// partition's ISR), and would otherwise never be made again.
	clear(c.committed)
	if c.ph == phaseJoin || c.ph == phaseSync {
		c.needRejoin = true
	}
	c.retryLater(env)
}

func (c *Consumer) retryLater(env *sim.Env) {
	if c.retryTimer != 0 {
		return
	}
	c.retryTimer = env.After(c.cfg.RetryBackoffMs, timerRetry, nil)
}

// Receive implements sim.Node.
func (c *Consumer) Receive(env *sim.Env, m sim.Message) {
	delete(c.unreachable, m.From)
	c.reconnects.Connected(m.From)
	switch r := m.Body.(type) {
	case *protocol.MetadataResponse:
		if c.done(env, r.CorrelationID) {
			c.handleMetadata(env, r)
		}
	case *protocol.FindCoordinatorResponse:
		if c.done(env, r.CorrelationID) {
			c.handleFindCoordinator(env, r)
		}
	case *protocol.JoinGroupResponse:
		if c.done(env, r.CorrelationID) {
			c.handleJoin(env, r)
		}
	case *protocol.SyncGroupResponse:
		if c.done(env, r.CorrelationID) {
			c.handleSync(env, r)
		}
	case *protocol.HeartbeatResponse:
		if c.done(env, r.CorrelationID) {
			c.handleHeartbeat(env, r)
		}
	case *protocol.LeaveGroupResponse:
		c.done(env, r.CorrelationID)
	case *protocol.OffsetCommitResponse:
		f := c.inflight[r.CorrelationID]
		if c.done(env, r.CorrelationID) {
			c.handleCommit(env, f, r)
		}
	case *protocol.OffsetFetchResponse:
		if c.done(env, r.CorrelationID) {
			c.handleOffsetFetch(env, r)
		}
	case *protocol.ListOffsetsResponse:
		if c.done(env, r.CorrelationID) {
			c.handleListOffsets(env, r)
		}
	case *protocol.FetchResponse:
		if c.done(env, r.CorrelationID) {
			c.handleFetch(env, r)
		}
	}
}

// Timer implements sim.Node.
func (c *Consumer) Timer(env *sim.Env, t sim.TimerEvent) {
	if !c.running {
		return
	}
	switch t.Kind {
	case timerRequest:
		corr := t.Data.(int32)
		f, ok := c.inflight[corr]
		if !ok {
			return
		}
		c.disconnect(env, corr, f)
	case timerRetry:
		c.retryTimer = 0
		c.poll(env)
	case timerHeartbeat:
		c.hbTimer = 0
		c.heartbeat(env)
	case timerProcess:
		c.finishProcessing(env, t.Data.([]Record))
	}
}

// disconnect handles a request that timed out as NetworkClient does: it
// closes the connection to the node, so every request in flight to it
// fails at once (handleTimedOutRequests, then processDisconnection), and
// leastLoadedNode avoids the node until it answers again.
func (c *Consumer) disconnect(env *sim.Env, corr int32, f inflight) {
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s: request %d to %s timed out after request.timeout.ms=%d; it closes the connection", c.cfg.ClientID, corr, f.to, c.cfg.RequestTimeoutMs)})
	c.closeConnection(env, f.to, kerr.Wrap(kerr.RequestTimedOut, "disconnected from %s after request.timeout.ms", f.to))
}

// Disconnected implements sim.Disconnecter: the broker's process crashed
// or refused the connection, so NetworkClient.handleDisconnections fails
// every request in flight to it at once with a DisconnectException, and
// the broker is not tried again before reconnect.backoff.ms (doubling while
// it keeps failing). A coordinator on that connection is unavailable, which
// AbstractCoordinator.checkAndGetCoordinator turns into "coordinator
// unknown" and a FindCoordinator even when no request was in flight; a
// fetch is retried after a metadata refresh.
func (c *Consumer) Disconnected(env *sim.Env, peer sim.NodeID, _ bool) {
	if !c.running {
		return
	}
	c.reconnects.Failed(peer, env.Now())
	c.closeConnection(env, peer, kerr.Wrap(kerr.NetworkException, "disconnected from %s", peer))
	if c.coordinator == peer {
		c.coordinatorUnknown(env, "coordinator unavailable (disconnected)")
	}
}

// unavailable reports whether the client must not talk to node now
// (NetworkClient.isUnavailable: in reconnect backoff after a lost
// connection), and if so makes sure the poll loop comes back.
func (c *Consumer) unavailable(env *sim.Env, node sim.NodeID) bool {
	if c.reconnects.Until(node, env.Now()) == 0 {
		return false
	}
	c.retryLater(env)
	return true
}

// closeConnection fails every request in flight to node to with err.
func (c *Consumer) closeConnection(env *sim.Env, to sim.NodeID, err error) {
	var failed []int32
	for _, id := range slices.Sorted(maps.Keys(c.inflight)) {
		if c.inflight[id].to == to {
			failed = append(failed, id)
		}
	}
	c.unreachable[to] = true
	for _, id := range failed {
		g := c.inflight[id]
		env.Cancel(g.timer)
		delete(c.inflight, id)
		c.requestFailed(env, g, err)
	}
}

// requestFailed handles a request that got no answer: it timed out, or its
// connection closed.
func (c *Consumer) requestFailed(env *sim.Env, f inflight, err error) {
	switch f.kind {
	case reqFetch, reqListOffsets, reqMetadata:
		// The disconnect may be the result of stale metadata
		// (DefaultMetadataUpdater.handleServerDisconnect).
		c.requestMetadata(env)
		c.retryLater(env)
	case reqFind:
		c.retryLater(env)
	case reqLeave:
	case reqCommit:
		c.commitFailed(env, f, err)
	default:
		if c.coordinator == f.to {
			c.coordinatorUnknown(env, lostWhy(err))
		} else {
			c.retryLater(env)
		}
	}
}

// lostWhy says why a request got no answer, for the trace.
func lostWhy(err error) string {
	if errors.Is(err, kerr.NetworkException) {
		return "disconnected"
	}
	return "request timed out"
}

// AppendState implements sim.Node.
func (c *Consumer) AppendState(w *sim.StateWriter) {
	c.reconnects.AppendState(w)
	w.Bool(c.running)
	w.String(c.memberID)
	w.Int(int64(c.generation))
	w.Int(int64(c.ph))
	w.Int(c.Processed)
	for _, tp := range c.owned {
		w.String(tp.String())
		w.Int(c.consumed[tp])
	}
}

func (c *Consumer) handleMetadata(env *sim.Env, r *protocol.MetadataResponse) {
	c.metaStale = false
	if len(r.Brokers) > 0 {
		// The response replaces the cluster's nodes (Metadata.update).
		clear(c.brokers)
	}
	for _, b := range r.Brokers {
		c.brokers[b.NodeID] = sim.NodeID(b.Host)
	}
	for _, t := range r.Topics {
		if t.Err != nil {
			continue
		}
		c.partitions[t.Name] = int32(len(t.Partitions))
		for _, p := range t.Partitions {
			c.leaders[protocol.TopicPartition{Topic: t.Name, Partition: p.Partition}] = p.Leader
		}
	}
	if c.assignSnap != nil && !c.needRejoin {
		for t, n := range c.metadataSnapshot(slices.Collect(maps.Keys(c.assignSnap))) {
			if m, ok := c.assignSnap[t]; !ok || m != n {
				env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s (the leader) rejoins: the metadata of %s changed since its assignment (%d partitions, was %d)", c.cfg.ClientID, t, n, m)})
				c.needRejoin = true
				break
			}
		}
	}
	if j := c.pendingJoin; j != nil {
		c.pendingJoin = nil
		if c.ph == phaseSync && c.generation == j.GenerationID && c.memberID == j.MemberID {
			c.handleJoin(env, j)
		}
	}
	c.poll(env)
}

func (c *Consumer) handleFindCoordinator(env *sim.Env, r *protocol.FindCoordinatorResponse) {
	if r.Err != nil {
		c.retryLater(env)
		return
	}
	if to := sim.NodeID(r.Host); c.unavailable(env, to) {
		// ensureCoordinatorReady: a coordinator in reconnect backoff is
		// marked unknown again, and the lookup retried after the backoff.
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s: group coordinator %s is unavailable (disconnected); rediscovery after retry.backoff.ms", c.cfg.ClientID, to)})
		return
	}
	c.coordinator = sim.NodeID(r.Host)
	env.Record(sim.TraceEntry{Lifecycle: 10, Label: fmt.Sprintf("10. consumer %s: the coordinator of group %s is broker %d", c.cfg.ClientID, c.cfg.GroupID, r.NodeID)})
	if c.ph == phaseFind {
		c.ph = phaseJoin
		c.needRejoin = true
	}
	c.poll(env)
}

// poll is one turn of KafkaConsumer.poll: make sure the group is joined and
// positions are known, auto-commit if due, hand buffered records to
// processing, and fetch.
func (c *Consumer) poll(env *sim.Env) {
	if !c.running || c.closing || c.err != nil || c.processing {
		return
	}
	if c.syncing {
		c.continueCommitSync(env)
		return
	}
	c.lastPoll = env.Now()
	if c.pollExpired {
		c.pollExpired = false
		c.needRejoin = true
	}
	if c.coordinator == "" {
		// ConsumerCoordinator.poll looks for the coordinator, but a
		// member with an assignment keeps fetching meanwhile.
		c.findCoordinator(env)
		if c.ph != phaseStable {
			return
		}
	} else if c.needRejoin && !c.has(reqJoin) && !c.has(reqSync) {
		c.rejoin(env)
		return
	}
	if c.pendingJoin != nil && c.ph == phaseSync {
		// The leader waits for its metadata update (ensureFreshMetadata
		// polls until it completes, retrying after the backoff).
		c.requestMetadata(env)
		if !c.has(reqMetadata) {
			c.retryLater(env)
		}
		return
	}
	if c.ph != phaseStable {
		return
	}
	if c.cfg.Commit == CommitAuto && env.Now() >= c.nextAutoCommit && c.coordinator != "" {
		// Without a coordinator the auto-commit stays due
		// (maybeAutoCommitOffsetsAsync retries after the backoff).
		c.nextAutoCommit = env.Now() + c.cfg.AutoCommitIntervalMs
		c.commit(env, "auto-commit")
	}
	if c.needPos {
		if c.coordinator == "" {
			return
		}
		c.fetchPositions(env)
		return
	}
	if len(c.buffered) > 0 {
		n := min(len(c.buffered), c.cfg.MaxPollRecords)
		if c.cfg.OnPoll != nil && !c.cfg.OnPoll(n) {
			return
		}
		recs := c.buffered[:n:n]
		c.buffered = c.buffered[n:]
		c.returnRecords(env, recs)
		return
	}
	c.sendFetches(env)
}

// rejoin starts a rebalance from this member's side
// (ConsumerCoordinator.onJoinPrepare, then JoinGroup).
func (c *Consumer) rejoin(env *sim.Env) {
	c.needRejoin = false
	if c.eager() && len(c.owned) > 0 {
		if c.cfg.Commit == CommitAuto {
			c.commit(env, "before revoking (onJoinPrepare)")
		}
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s revokes all its partitions before rejoining (eager): %s", c.cfg.ClientID, tpList(c.owned))})
		c.revoke(c.owned)
	}
	c.ph = phaseJoin
	c.sendJoin(env)
}

func (c *Consumer) eager() bool {
	a, ok := assignor.ByName(c.protocol)
	if !ok {
		a, ok = assignor.ByName(c.cfg.Assignors[0])
	}
	return !ok || a.Protocol() == assignor.Eager
}

func (c *Consumer) revoke(tps []protocol.TopicPartition) {
	drop := map[protocol.TopicPartition]bool{}
	for _, tp := range tps {
		drop[tp] = true
		delete(c.position, tp)
		delete(c.consumed, tp)
		// What this member last committed says nothing about the
		// partition's committed offset when it owns it again (another
		// member may have committed, or the offset may be lost): the next
		// assignment starts from OffsetFetch.
		delete(c.committed, tp)
	}
	c.owned = slices.DeleteFunc(c.owned, func(tp protocol.TopicPartition) bool { return drop[tp] })
	c.buffered = slices.DeleteFunc(c.buffered, func(r Record) bool { return drop[r.TP()] })
}

func (c *Consumer) subscription() []byte {
	s := assignor.Subscription{Version: 3, Topics: slices.Clone(c.cfg.Topics), Generation: c.generation}
	for _, tp := range c.owned {
		s.Owned = append(s.Owned, assignor.TopicPartition{Topic: tp.Topic, Partition: tp.Partition})
	}
	return assignor.AppendSubscription(nil, s)
}

func (c *Consumer) sendJoin(env *sim.Env) {
	if c.has(reqJoin) {
		return
	}
	c.pendingJoin = nil
	meta := c.subscription()
	var protos []group.Protocol
	for _, name := range c.cfg.Assignors {
		protos = append(protos, group.Protocol{Name: name, Metadata: meta})
	}
	member := c.memberID
	if member == "" {
		member = `""`
	}
	c.send(env, c.coordinator, reqJoin, -1, protocol.APIJoinGroup, fmt.Sprintf("10. JoinGroup(%s, member %s, protocols %s)", c.cfg.GroupID, member, strings.Join(c.cfg.Assignors, ",")), func(corr int32) any {
		return &protocol.JoinGroupRequest{CorrelationID: corr, JoinGroupRequest: group.JoinGroupRequest{Version: 9, GroupID: c.cfg.GroupID,
			SessionTimeoutMs: c.cfg.SessionTimeoutMs, RebalanceTimeoutMs: int32(c.cfg.MaxPollIntervalMs), MemberID: c.memberID,
			GroupInstanceID: c.cfg.GroupInstanceID, ProtocolType: "consumer", Protocols: protos, ClientID: c.cfg.ClientID, ClientHost: "/" + string(c.cfg.Node)}}
	})
}

func (c *Consumer) groupError(env *sim.Env, err error) {
	switch {
	case errors.Is(err, kerr.NotCoordinator), errors.Is(err, kerr.CoordinatorNotAvailable), errors.Is(err, kerr.CoordinatorLoadInProgress):
		if errors.Is(err, kerr.CoordinatorLoadInProgress) {
			c.needRejoin = c.needRejoin || c.ph != phaseStable
			c.retryLater(env)
			return
		}
		c.coordinatorUnknown(env, protocol.ErrName(err))
	case errors.Is(err, kerr.UnknownMemberID):
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s: member %s is unknown to the coordinator; it rejoins as a new member", c.cfg.ClientID, c.memberID)})
		c.memberID = ""
		c.generation = -1
		c.lostPartitions(env)
		c.needRejoin = true
		c.retryLater(env)
	case errors.Is(err, kerr.IllegalGeneration):
		c.generation = -1
		c.lostPartitions(env)
		c.needRejoin = true
		c.retryLater(env)
	case errors.Is(err, kerr.RebalanceInProgress):
		c.needRejoin = true
		c.retryLater(env)
	case errors.Is(err, kerr.FencedInstanceID):
		c.err = err
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s is fenced: another consumer has group.instance.id %s", c.cfg.ClientID, c.cfg.GroupInstanceID)})
	default:
		c.needRejoin = true
		c.retryLater(env)
	}
}

// lostPartitions drops the partitions without committing (onPartitionsLost).
func (c *Consumer) lostPartitions(env *sim.Env) {
	if len(c.owned) > 0 {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s loses its partitions %s (no commit)", c.cfg.ClientID, tpList(c.owned))})
		c.revoke(c.owned)
	}
	c.ph = phaseJoin
}

func (c *Consumer) handleJoin(env *sim.Env, r *protocol.JoinGroupResponse) {
	if c.closing {
		return
	}
	if r.Err != nil {
		if errors.Is(r.Err, kerr.MemberIDRequired) {
			c.memberID = r.MemberID
			c.sendJoin(env)
			return
		}
		c.groupError(env, r.Err)
		return
	}
	c.memberID = r.MemberID
	c.generation = r.GenerationID
	c.protocol = r.ProtocolName
	c.ph = phaseSync
	if r.Leader == r.MemberID && !r.SkipAssignment && c.metaStale {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("leader %s waits for fresh metadata before it assigns generation %d", c.cfg.ClientID, r.GenerationID)})
		c.pendingJoin = r
		c.requestMetadata(env)
		return
	}
	var assignments []group.SyncGroupAssignment
	label := fmt.Sprintf("SyncGroup(%s, generation %d, member %s)", c.cfg.GroupID, r.GenerationID, r.MemberID)
	// Only the leader watches the metadata for changes
	// (ConsumerCoordinator.onJoinComplete clears assignmentSnapshot
	// otherwise).
	c.assignSnap = nil
	if r.Leader == r.MemberID && !r.SkipAssignment {
		plan, err := c.assign(r)
		if err != nil {
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s cannot assign: %v", c.cfg.ClientID, err)})
		}
		for _, mp := range plan.Members {
			a := assignor.Assignment{Version: 3, Partitions: mp.Partitions}
			assignments = append(assignments, group.SyncGroupAssignment{MemberID: mp.MemberID, Assignment: assignor.AppendAssignment(nil, a)})
		}
		env.Record(sim.TraceEntry{Lifecycle: 11, Label: fmt.Sprintf("11. leader %s runs the %s assignor for generation %d", c.cfg.ClientID, plan.Assignor, r.GenerationID), Summary: plan.String()})
		label = "11. " + label + ": the leader's assignment"
	}
	c.send(env, c.coordinator, reqSync, -1, protocol.APISyncGroup, label, func(corr int32) any {
		return &protocol.SyncGroupRequest{CorrelationID: corr, SyncGroupRequest: group.SyncGroupRequest{Version: 5, GroupID: c.cfg.GroupID,
			GenerationID: r.GenerationID, MemberID: r.MemberID, GroupInstanceID: c.cfg.GroupInstanceID, ProtocolType: "consumer",
			ProtocolName: r.ProtocolName, Assignments: assignments}}
	})
}

// assign runs the group's assignor over the members' subscriptions.
func (c *Consumer) assign(r *protocol.JoinGroupResponse) (assignor.Plan, error) {
	a, ok := assignor.ByName(r.ProtocolName)
	if !ok {
		return assignor.Plan{}, fmt.Errorf("unknown assignor %q", r.ProtocolName)
	}
	var members []assignor.Member
	counts := map[string]int32{}
	snap := map[string]int32{}
	for _, m := range r.Members {
		s, err := assignor.DecodeSubscription(m.Metadata)
		if err != nil {
			return assignor.Plan{}, err
		}
		members = append(members, assignor.Member{ID: m.MemberID, InstanceID: m.GroupInstanceID, Topics: s.Topics, Owned: s.Owned, Generation: s.Generation})
		for _, t := range s.Topics {
			if n, ok := c.partitions[t]; ok {
				counts[t] = n
			}
			// A topic the metadata does not know yet is in the snapshot
			// as -1 (so its arrival is a change).
			if _, ok := snap[t]; !ok {
				snap[t] = -1
			}
		}
	}
	for t := range snap {
		if n, ok := counts[t]; ok {
			snap[t] = n
		}
	}
	c.assignSnap = snap
	return a.Assign(members, counts), nil
}

// metadataSnapshot returns the partition count of each topic, -1 for a
// topic the metadata does not know (ConsumerCoordinator.MetadataSnapshot).
func (c *Consumer) metadataSnapshot(topics []string) map[string]int32 {
	snap := map[string]int32{}
	for _, t := range topics {
		n, ok := c.partitions[t]
		if !ok {
			n = -1
		}
		snap[t] = n
	}
	return snap
}

func (c *Consumer) handleSync(env *sim.Env, r *protocol.SyncGroupResponse) {
	if c.closing {
		return
	}
	if r.Err != nil {
		c.groupError(env, r.Err)
		return
	}
	a, err := assignor.DecodeAssignment(r.Assignment)
	if err != nil && len(r.Assignment) > 0 {
		c.groupError(env, err)
		return
	}
	var assigned []protocol.TopicPartition
	for _, tp := range a.Partitions {
		assigned = append(assigned, protocol.TopicPartition{Topic: tp.Topic, Partition: tp.Partition})
	}
	slicesort.Func(assigned, protocol.TopicPartition.Compare)
	var revoked, added []protocol.TopicPartition
	for _, tp := range c.owned {
		if !slices.Contains(assigned, tp) {
			revoked = append(revoked, tp)
		}
	}
	for _, tp := range assigned {
		if !slices.Contains(c.owned, tp) {
			added = append(added, tp)
		}
	}
	c.ph = phaseStable
	c.Rebalances++
	summary := fmt.Sprintf("assigned %s", tpList(assigned))
	if len(added) > 0 && len(added) != len(assigned) {
		summary += ", newly " + tpList(added)
	}
	if len(revoked) > 0 {
		summary += ", revoked " + tpList(revoked)
	}
	if len(assigned) == 0 {
		summary = "no partitions: the member is idle"
	}
	env.Record(sim.TraceEntry{Lifecycle: 11, Label: fmt.Sprintf("11. consumer %s (%s) joins generation %d of %s with %s", c.cfg.ClientID, c.memberID, c.generation, c.cfg.GroupID, c.protocol), Summary: summary})
	if len(revoked) > 0 {
		if c.cfg.Commit == CommitAuto {
			c.commitPartitions(env, "before revoking (onPartitionsRevoked)", revoked, false)
		}
		c.revoke(revoked)
		if !c.eager() {
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s revoked %s (cooperative): it rejoins for the follow-up rebalance", c.cfg.ClientID, tpList(revoked))})
			c.needRejoin = true
		}
	}
	for _, tp := range added {
		c.owned = append(c.owned, tp)
	}
	slicesort.Func(c.owned, protocol.TopicPartition.Compare)
	if len(added) > 0 {
		c.needPos = true
	}
	c.scheduleHeartbeat(env)
	c.poll(env)
}

func (c *Consumer) scheduleHeartbeat(env *sim.Env) {
	if c.hbTimer != 0 {
		env.Cancel(c.hbTimer)
	}
	c.hbTimer = env.After(c.cfg.HeartbeatIntervalMs, timerHeartbeat, nil)
}

// heartbeat is the heartbeat thread's turn: it checks max.poll.interval.ms
// and sends a Heartbeat.
func (c *Consumer) heartbeat(env *sim.Env) {
	if c.closing || c.err != nil {
		return
	}
	if c.memberID != "" && c.ph == phaseStable && env.Now()-c.lastPoll > c.cfg.MaxPollIntervalMs && !c.pollExpired {
		c.pollExpired = true
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s: poll timeout has expired (max.poll.interval.ms=%d): the member leaves the group", c.cfg.ClientID, c.cfg.MaxPollIntervalMs)})
		if c.cfg.GroupInstanceID == "" && c.coordinator != "" {
			member := c.memberID
			c.send(env, c.coordinator, reqLeave, -1, protocol.APILeaveGroup, fmt.Sprintf("LeaveGroup(%s, member %s): poll timeout", c.cfg.GroupID, member), func(corr int32) any {
				return &protocol.LeaveGroupRequest{CorrelationID: corr, LeaveGroupRequest: group.LeaveGroupRequest{GroupID: c.cfg.GroupID,
					Members: []group.LeaveMember{{MemberID: member, Reason: "consumer poll timeout has expired"}}}}
			})
			c.memberID = ""
			c.generation = -1
		}
		return
	}
	if c.pollExpired {
		return
	}
	if c.coordinator == "" && c.memberID != "" {
		// The heartbeat thread looks for the coordinator too.
		c.findCoordinator(env)
	}
	if c.coordinator != "" && c.memberID != "" && c.ph == phaseStable && !c.has(reqHeartbeat) {
		c.send(env, c.coordinator, reqHeartbeat, -1, protocol.APIHeartbeat, fmt.Sprintf("Heartbeat(%s, generation %d, member %s)", c.cfg.GroupID, c.generation, c.memberID), func(corr int32) any {
			return &protocol.HeartbeatRequest{CorrelationID: corr, HeartbeatRequest: group.HeartbeatRequest{GroupID: c.cfg.GroupID,
				GenerationID: c.generation, MemberID: c.memberID, GroupInstanceID: c.cfg.GroupInstanceID}}
		})
	}
	c.scheduleHeartbeat(env)
}

func (c *Consumer) handleHeartbeat(env *sim.Env, r *protocol.HeartbeatResponse) {
	if r.Err == nil || c.closing {
		return
	}
	if errors.Is(r.Err, kerr.RebalanceInProgress) {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s: the group is rebalancing; it rejoins", c.cfg.ClientID)})
	}
	c.groupError(env, r.Err)
	c.poll(env)
}

// commit commits the offsets poll returned for every owned partition.
func (c *Consumer) commit(env *sim.Env, why string) {
	c.commitPartitions(env, why, c.owned, false)
}

// commitPartitions sends an OffsetCommit of what poll returned for tps,
// leaving out what an earlier commit already carries; false if there was
// nothing to send.
func (c *Consumer) commitPartitions(env *sim.Env, why string, tps []protocol.TopicPartition, sync bool) bool {
	if c.coordinator == "" || c.memberID == "" {
		return false
	}
	topics := map[string][]group.OffsetCommitPartition{}
	var parts []string
	for _, tp := range tps {
		off, ok := c.consumed[tp]
		if prev, known := c.committed[tp]; !ok || known && prev == off {
			continue
		}
		topics[tp.Topic] = append(topics[tp.Topic], group.OffsetCommitPartition{Partition: tp.Partition, Offset: off, LeaderEpoch: -1})
		parts = append(parts, fmt.Sprintf("%s=%d", tp, off))
	}
	if len(parts) == 0 {
		return false
	}
	req := group.OffsetCommitRequest{GroupID: c.cfg.GroupID, GenerationID: c.generation, MemberID: c.memberID, GroupInstanceID: c.cfg.GroupInstanceID}
	for _, name := range slices.Sorted(maps.Keys(topics)) {
		req.Topics = append(req.Topics, group.OffsetCommitTopic{Name: name, Partitions: topics[name]})
	}
	corr := c.send(env, c.coordinator, reqCommit, -1, protocol.APIOffsetCommit, fmt.Sprintf("15. OffsetCommit(%s, generation %d, %s: %s)", c.cfg.GroupID, c.generation, why, strings.Join(parts, ", ")), func(corr int32) any {
		return &protocol.OffsetCommitRequest{CorrelationID: corr, OffsetCommitRequest: req}
	})
	// Remember what was sent, to skip commits that change nothing; a
	// failed commit forgets it again, so the next commit retries it.
	f := c.inflight[corr]
	f.commit = map[protocol.TopicPartition]int64{}
	f.sync = sync
	for _, t := range req.Topics {
		for _, p := range t.Partitions {
			tp := protocol.TopicPartition{Topic: t.Name, Partition: p.Partition}
			c.committed[tp] = p.Offset
			f.commit[tp] = p.Offset
		}
	}
	c.inflight[corr] = f
	return true
}

// commitSync starts KafkaConsumer.commitSync of what poll returned: the
// poll loop waits for it (then processes then, if any).
func (c *Consumer) commitSync(env *sim.Env, why string, then []Record) {
	c.syncing = true
	c.syncWhy = why
	c.syncDeadline = env.Now() + DefaultAPITimeoutMs
	c.syncThen = then
	c.continueCommitSync(env)
}

// continueCommitSync sends commitSync's OffsetCommit, again after a
// retriable error, once the coordinator is known
// (ConsumerCoordinator.commitOffsetsSync).
func (c *Consumer) continueCommitSync(env *sim.Env) {
	if c.has(reqCommit) {
		return
	}
	if env.Now() >= c.syncDeadline {
		env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s: commitSync failed: org.apache.kafka.common.errors.TimeoutException: Timeout of %dms expired before successfully committing offsets", c.cfg.ClientID, DefaultAPITimeoutMs)})
		c.endCommitSync(env)
		return
	}
	if c.coordinator == "" {
		c.findCoordinator(env)
		return
	}
	if !c.commitPartitions(env, c.syncWhy, c.owned, true) {
		c.endCommitSync(env)
	}
}

// endCommitSync returns from commitSync, then processes what it was
// committed before.
func (c *Consumer) endCommitSync(env *sim.Env) {
	then := c.syncThen
	c.syncing, c.syncThen = false, nil
	if len(then) > 0 {
		c.process(env, then)
		return
	}
	c.poll(env)
}

func (c *Consumer) handleCommit(env *sim.Env, f inflight, r *protocol.OffsetCommitResponse) {
	var err error = r.Err
	for _, p := range r.Partitions {
		if p.Err != nil {
			err = p.Err
		}
	}
	if err != nil {
		c.commitFailed(env, f, err)
		return
	}
	if f.sync && c.syncing {
		c.endCommitSync(env)
	}
}

// commitFailed forgets what a failed OffsetCommit carried, so the next
// commit sends it again. A retriable error (the coordinator moved or did
// not answer) marks the coordinator unknown; commitSync then retries
// until default.api.timeout.ms, an auto-commit at its next interval.
// Other errors end commitSync (CommitFailedException) and are handled as
// the group's (rejoin).
func (c *Consumer) commitFailed(env *sim.Env, f inflight, err error) {
	for tp, off := range f.commit {
		if c.committed[tp] == off {
			delete(c.committed, tp)
		}
	}
	lost := errors.Is(err, kerr.RequestTimedOut) || errors.Is(err, kerr.NetworkException) // no answer
	retriable := errors.Is(err, kerr.NotCoordinator) || errors.Is(err, kerr.CoordinatorNotAvailable) ||
		errors.Is(err, kerr.CoordinatorLoadInProgress) || lost
	what := "commit failed"
	if retriable {
		what += " (retriable)"
	} else if f.sync {
		what = "commitSync failed: CommitFailedException"
	}
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s: %s: %s", c.cfg.ClientID, what, protocol.ErrName(err))})
	if c.closing {
		return
	}
	switch {
	case lost:
		if c.coordinator == f.to {
			c.coordinatorUnknown(env, lostWhy(err))
		}
		c.retryLater(env)
	case retriable:
		c.groupError(env, err)
	default:
		if f.sync && c.syncing {
			then := c.syncThen
			c.syncing, c.syncThen = false, nil
			c.groupError(env, err)
			if len(then) > 0 {
				c.process(env, then)
			}
			return
		}
		c.groupError(env, err)
	}
}

// fetchPositions asks the coordinator for the committed offsets of the
// partitions without a position (step 12 starts from them).
func (c *Consumer) fetchPositions(env *sim.Env) {
	if c.has(reqOffsetFetch) || c.has(reqListOffsets) {
		return
	}
	var need []protocol.TopicPartition
	for _, tp := range c.owned {
		if _, ok := c.position[tp]; !ok {
			need = append(need, tp)
		}
	}
	if len(need) == 0 {
		c.needPos = false
		c.poll(env)
		return
	}
	topics := map[string][]int32{}
	for _, tp := range need {
		topics[tp.Topic] = append(topics[tp.Topic], tp.Partition)
	}
	req := group.OffsetFetchRequest{GroupID: c.cfg.GroupID}
	for _, name := range slices.Sorted(maps.Keys(topics)) {
		req.Topics = append(req.Topics, group.OffsetFetchTopic{Name: name, Partitions: topics[name]})
	}
	c.send(env, c.coordinator, reqOffsetFetch, -1, protocol.APIOffsetFetch, fmt.Sprintf("OffsetFetch(%s, %s)", c.cfg.GroupID, tpList(need)), func(corr int32) any {
		return &protocol.OffsetFetchRequest{CorrelationID: corr, OffsetFetchRequest: req}
	})
}

func (c *Consumer) handleOffsetFetch(env *sim.Env, r *protocol.OffsetFetchResponse) {
	if r.Err != nil {
		c.groupError(env, r.Err)
		return
	}
	var reset []protocol.TopicPartition
	for _, p := range r.Partitions {
		tp := protocol.TopicPartition{Topic: p.Topic, Partition: p.Partition}
		if !slices.Contains(c.owned, tp) {
			continue
		}
		if p.Offset >= 0 {
			c.position[tp] = p.Offset
			c.consumed[tp] = p.Offset
			c.committed[tp] = p.Offset
			env.Record(sim.TraceEntry{Lifecycle: 12, Label: fmt.Sprintf("12. consumer %s starts %s at its committed offset %d", c.cfg.ClientID, tp, p.Offset)})
			continue
		}
		reset = append(reset, tp)
	}
	if len(reset) > 0 {
		if c.cfg.AutoOffsetReset != "earliest" && c.cfg.AutoOffsetReset != "latest" {
			c.err = fmt.Errorf("org.apache.kafka.clients.consumer.NoOffsetForPartitionException: Undefined offset with no reset policy for partitions: [%s]", tpList(reset))
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s: nothing committed for %s and auto.offset.reset=none", c.cfg.ClientID, tpList(reset)), Summary: c.err.Error()})
			return
		}
		c.listOffsets(env, reset)
		return
	}
	c.fetchPositions(env)
}

func (c *Consumer) listOffsets(env *sim.Env, tps []protocol.TopicPartition) {
	ts := int64(-1)
	if c.cfg.AutoOffsetReset == "earliest" {
		ts = -2
	}
	byLeader := map[int32][]protocol.ListOffsetsPartition{}
	for _, tp := range tps {
		l, ok := c.leaders[tp]
		if !ok || l < 0 {
			c.requestMetadata(env)
			c.retryLater(env)
			continue
		}
		byLeader[l] = append(byLeader[l], protocol.ListOffsetsPartition{TopicPartition: tp, Timestamp: ts})
	}
	for _, l := range slices.Sorted(maps.Keys(byLeader)) {
		to, ok := c.brokers[l]
		if !ok {
			// The leader is not among the metadata's live brokers
			// (OffsetFetcher: leader unknown → requestUpdate, retry after
			// the backoff); without the retry nothing would ask again.
			c.requestMetadata(env)
			c.retryLater(env)
			continue
		}
		parts := byLeader[l]
		c.send(env, to, reqListOffsets, l, protocol.APIListOffsets, fmt.Sprintf("ListOffsets(auto.offset.reset=%s, %d partitions)", c.cfg.AutoOffsetReset, len(parts)), func(corr int32) any {
			return &protocol.ListOffsetsRequest{CorrelationID: corr, ReplicaID: protocol.ConsumerReplicaID, Partitions: parts}
		})
	}
}

func (c *Consumer) handleListOffsets(env *sim.Env, r *protocol.ListOffsetsResponse) {
	for _, p := range r.Partitions {
		if p.Err != nil || !slices.Contains(c.owned, p.TopicPartition) {
			c.requestMetadata(env)
			continue
		}
		c.position[p.TopicPartition] = p.Offset
		c.consumed[p.TopicPartition] = p.Offset
		env.Record(sim.TraceEntry{Lifecycle: 12, Label: fmt.Sprintf("12. consumer %s: nothing committed for %s; auto.offset.reset=%s starts it at offset %d", c.cfg.ClientID, p.TopicPartition, c.cfg.AutoOffsetReset, p.Offset)})
	}
	if !c.has(reqListOffsets) {
		c.fetchPositions(env)
	}
}

// sendFetches sends one Fetch to each leader of owned partitions that has
// none in flight (step 12).
func (c *Consumer) sendFetches(env *sim.Env) {
	byLeader := map[int32][]protocol.FetchPartition{}
	for _, tp := range c.owned {
		off, ok := c.position[tp]
		if !ok {
			continue
		}
		l, ok := c.leaders[tp]
		if !ok || l < 0 {
			c.requestMetadata(env)
			continue
		}
		byLeader[l] = append(byLeader[l], protocol.FetchPartition{TopicPartition: tp, CurrentLeaderEpoch: -1, FetchOffset: off, LastFetchedEpoch: -1, LogStartOffset: -1, PartitionMaxBytes: DefaultMaxPartitionBytes})
	}
	for _, l := range slices.Sorted(maps.Keys(byLeader)) {
		to, ok := c.brokers[l]
		if !ok {
			// AbstractFetch.prepareFetchRequests: no node for the leader →
			// requestUpdate, and the next poll tries again.
			c.requestMetadata(env)
			c.retryLater(env)
			continue
		}
		if c.fetchingFrom(l) || c.unavailable(env, to) {
			continue
		}
		parts := byLeader[l]
		var label strings.Builder
		for i, p := range parts {
			if i > 0 {
				label.WriteString(", ")
			}
			fmt.Fprintf(&label, "%s@%d", p.TopicPartition, p.FetchOffset)
		}
		c.send(env, to, reqFetch, l, protocol.APIFetch, fmt.Sprintf("12. FetchRequest(%s)", label.String()), func(corr int32) any {
			return &protocol.FetchRequest{CorrelationID: corr, ReplicaID: protocol.ConsumerReplicaID, MaxWaitMs: c.cfg.FetchMaxWaitMs, MinBytes: 1, MaxBytes: 52428800, Partitions: parts}
		})
	}
}

func (c *Consumer) handleFetch(env *sim.Env, r *protocol.FetchResponse) {
	stale := false
	for _, p := range r.Partitions {
		tp := p.TopicPartition
		pos, ok := c.position[tp]
		if !ok || !slices.Contains(c.owned, tp) {
			continue
		}
		if p.Err != nil {
			if errors.Is(p.Err, kerr.OffsetOutOfRange) {
				if c.cfg.AutoOffsetReset != "earliest" && c.cfg.AutoOffsetReset != "latest" {
					// No reset policy: poll throws to the application
					// (FetchCollector.handleInitializeErrors).
					c.err = fmt.Errorf("org.apache.kafka.clients.consumer.OffsetOutOfRangeException: Fetch position FetchPosition{offset=%d} is out of range for partition %s", pos, tp)
					env.Record(sim.TraceEntry{Label: fmt.Sprintf("consumer %s: fetch position %d of %s is out of range and auto.offset.reset=none: poll throws", c.cfg.ClientID, pos, tp), Summary: c.err.Error()})
					return
				}
				delete(c.position, tp)
				c.needPos = true
				c.listOffsets(env, []protocol.TopicPartition{tp})
				continue
			}
			stale = true
			continue
		}
		next := pos
		buf := p.Records
		for len(buf) > 0 {
			batch, n, err := record.Decode(buf)
			if err != nil {
				break
			}
			buf = buf[n:]
			typ := "CreateTime"
			if batch.Attributes.LogAppendTime() {
				typ = "LogAppendTime"
			}
			for i := range batch.Records {
				rec := &batch.Records[i]
				off := batch.Offset(rec)
				if off < pos {
					continue
				}
				c.buffered = append(c.buffered, Record{Topic: tp.Topic, Partition: tp.Partition, Offset: off, Timestamp: batch.Timestamp(rec),
					TimestampType: typ, Key: rec.Key, Value: rec.Value, Headers: rec.Headers, Generation: c.generation})
			}
			next = max(next, batch.LastOffset()+1)
		}
		c.position[tp] = next
	}
	if stale {
		c.requestMetadata(env)
	}
	if len(c.buffered) == 0 && !stale {
		// An empty long poll: poll again.
		c.poll(env)
		return
	}
	if stale && len(c.buffered) == 0 {
		c.retryLater(env)
		return
	}
	c.poll(env)
}

// returnRecords is poll returning records to the application (step 13),
// which deserializes and processes them (step 14).
func (c *Consumer) returnRecords(env *sim.Env, recs []Record) {
	for _, r := range recs {
		c.consumed[r.TP()] = r.Offset + 1
	}
	env.Record(sim.TraceEntry{Lifecycle: 13, Label: fmt.Sprintf("13. poll returns %s to consumer %s: %s", recordsWord(len(recs)), c.cfg.ClientID, recordRanges(recs))})
	if c.cfg.Commit == CommitBeforeProcess {
		c.commitSync(env, "before processing", recs)
		return
	}
	c.process(env, recs)
}

// process processes records (step 14), taking ProcessMs each.
func (c *Consumer) process(env *sim.Env, recs []Record) {
	c.processing = true
	if c.cfg.ProcessMs > 0 {
		env.After(c.cfg.ProcessMs*int64(len(recs)), timerProcess, recs)
		return
	}
	c.finishProcessing(env, recs)
}

func (c *Consumer) finishProcessing(env *sim.Env, recs []Record) {
	c.processing = false
	if c.cfg.QuietRecords {
		env.Record(sim.TraceEntry{Lifecycle: 14, Label: fmt.Sprintf("14. consumer %s deserializes and processes %s", c.cfg.ClientID, recordsWord(len(recs)))})
	}
	for _, r := range recs {
		if !c.cfg.QuietRecords {
			env.Record(sim.TraceEntry{Lifecycle: 14, Label: fmt.Sprintf("14. consumer %s deserializes and processes %s-%d@%d: key=%s value=%s", c.cfg.ClientID, r.Topic, r.Partition, r.Offset, nullable(r.Key), nullable(r.Value))})
		}
		c.Processed++
		if c.cfg.OnProcess != nil {
			c.cfg.OnProcess(r)
		}
	}
	if c.cfg.Commit == CommitAfterProcess {
		c.commitSync(env, "after processing", nil)
		return
	}
	c.poll(env)
}

func nullable(b []byte) string {
	if b == nil {
		return "null"
	}
	return string(b)
}

func recordsWord(n int) string {
	if n == 1 {
		return "1 record"
	}
	return fmt.Sprintf("%d records", n)
}

func recordRanges(recs []Record) string {
	var parts []string
	for i := 0; i < len(recs); {
		j := i
		for j+1 < len(recs) && recs[j+1].TP() == recs[i].TP() {
			j++
		}
		if i == j {
			parts = append(parts, fmt.Sprintf("%s@%d", recs[i].TP(), recs[i].Offset))
		} else {
			parts = append(parts, fmt.Sprintf("%s@%d–%d", recs[i].TP(), recs[i].Offset, recs[j].Offset))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

func tpList(tps []protocol.TopicPartition) string {
	var s []string
	for _, tp := range tps {
		s = append(s, tp.String())
	}
	return "[" + strings.Join(s, ", ") + "]"
}
