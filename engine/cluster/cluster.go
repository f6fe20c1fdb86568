package cluster

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/producer"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// Limits of the lab's cluster.
const (
	MinBrokers     = 1
	MaxBrokers     = 12
	DefaultBrokers = 3
)

// Node names of the on-demand client nodes.
const (
	ProducerNode sim.NodeID = "producer-1"
	ConsumerNode sim.NodeID = "consumer-1"
	AdminNode    sim.NodeID = "admin-1"
)

// Config configures a cluster. Zero values take Kafka's defaults.
type Config struct {
	Seed    uint64
	Brokers int // 1 to 12; 0 means 3
	// Controllers is the size of the controller quorum: 1 (the default; 0
	// means 1), 3 or 5 (quorum.go).
	Controllers int
	// DataDir, if set, keeps every broker's logs as real Kafka files under
	// DataDir/broker-<id>/<topic>-<partition>/; otherwise logs live in memory.
	DataDir string
	// Storage overrides the storage of every partition log (tests).
	Storage broker.StorageFunc
	// LatencyMs is the one-way network latency; 0 means sim.DefaultLatencyMs.
	LatencyMs int64

	// Broker and controller settings, with Kafka's names.
	ReplicaLagTimeMaxMs      int64 // replica.lag.time.max.ms (30000)
	ReplicaFetchWaitMaxMs    int32 // replica.fetch.wait.max.ms (500)
	NumPartitions            int32 // num.partitions (1)
	DefaultReplicationFactor int16 // default.replication.factor (1)
	SessionTimeoutMs         int64 // broker.session.timeout.ms (9000)
	RetentionCheckIntervalMs int64 // log.retention.check.interval.ms (300000)
	FlushIntervalMessages    int64 // log.flush.interval.messages (Long.MAX: never)
	// Automatic leader balancing: auto.leader.rebalance.enable (on unless
	// DisableAutoLeaderRebalance) every LeaderImbalanceCheckIntervalMs
	// (leader.imbalance.check.interval.seconds, 300 s; the lab may use less).
	DisableAutoLeaderRebalance     bool
	LeaderImbalanceCheckIntervalMs int64
	// TopicDefaults are broker-level topic config defaults as "name=value",
	// e.g. "min.insync.replicas=2".
	TopicDefaults []string

	// QuietRecords leaves the producer's per-record steps 1–3 out of the
	// trace (benchmarks); the messages are traced anyway.
	QuietRecords bool
	// TraceLimit and HashEveryStep are passed to the simulation.
	TraceLimit    int
	HashEveryStep bool
	// OnTrace, if set, sees every trace entry as it happens.
	OnTrace func(sim.TraceEntry)
	// MaxSteps bounds the events one call may process; 0 means 5,000,000.
	MaxSteps int
	// UnsafeTestBugHWIgnoresISR turns on a deliberately injected replication
	// bug in every broker (replica.Partition.UnsafeTestBugHWIgnoresISR: the
	// HW advances to the leader's LEO without waiting for the ISR), for the
	// fault checker's self-test only; default off.
	UnsafeTestBugHWIgnoresISR bool
}

// A Cluster is a simulated Kafka cluster: one KRaft controller, 1–12
// brokers numbered from 1, and client nodes created on demand. It implements
// toolsapi.Cluster. It is not safe for concurrent use.
type Cluster struct {
	cfg         Config
	sim         *sim.Sim
	controllers []*controller.Controller
	adminCtrl   int // the controller admin-1 sends to (index in controllers)
	quorumCheck *QuorumChecker
	brokers     []*broker.Broker
	producer    *producer.Producer
	clients     map[sim.NodeID]*client
	// dirs are the DataDir's storages (log.DirStorage), to close. Not typed
	// so: the type would keep DirStorage's methods in the wasm (datadir_js.go).
	dirs    []io.Closer
	appRecs []producer.Record // AppProduce's conversion buffer, reused between calls
}

var _ toolsapi.Cluster = (*Cluster)(nil)

// New builds a cluster; Start boots it.
func New(cfg Config) (*Cluster, error) {
	if cfg.Brokers == 0 {
		cfg.Brokers = DefaultBrokers
	}
	if cfg.Brokers < MinBrokers || cfg.Brokers > MaxBrokers {
		return nil, fmt.Errorf("cluster: %d brokers: the lab runs %d to %d", cfg.Brokers, MinBrokers, MaxBrokers)
	}
	if cfg.Controllers == 0 {
		cfg.Controllers = DefaultControllers
	}
	if cfg.Controllers != 1 && cfg.Controllers != 3 && cfg.Controllers != 5 {
		return nil, fmt.Errorf("cluster: %d controllers: the lab runs 1, 3 or 5", cfg.Controllers)
	}
	if cfg.MaxSteps == 0 {
		cfg.MaxSteps = 5_000_000
	}
	defaults := metadata.DefaultTopicConfig()
	for _, kv := range cfg.TopicDefaults {
		parsed, err := metadata.ParseTopicConfig([]string{kv})
		if err != nil {
			return nil, fmt.Errorf("cluster: topic default %q: %w", kv, err)
		}
		for _, name := range metadata.TopicConfigNames() {
			if parsed.IsSet(name) {
				v, _ := parsed.Get(name)
				_ = defaults.Set(name, v)
			}
		}
	}
	c := &Cluster{cfg: cfg, clients: map[sim.NodeID]*client{}}
	c.sim = sim.New(sim.Config{Seed: cfg.Seed, LatencyMs: cfg.LatencyMs, TraceLimit: cfg.TraceLimit, HashEveryStep: cfg.HashEveryStep, OnTrace: cfg.OnTrace})
	err := c.newControllers(controller.Config{ID: 0, SessionTimeoutMs: cfg.SessionTimeoutMs, NumPartitions: cfg.NumPartitions,
		DefaultReplicationFactor: cfg.DefaultReplicationFactor, TopicDefaults: defaults,
		DisableAutoLeaderRebalance: cfg.DisableAutoLeaderRebalance, LeaderImbalanceCheckIntervalMs: cfg.LeaderImbalanceCheckIntervalMs})
	if err != nil {
		return nil, err
	}
	var quorum []sim.NodeID
	if cfg.Controllers > 1 {
		quorum = c.controllerNodes()
	}
	storage := cfg.Storage
	if storage == nil && cfg.DataDir != "" {
		storage = c.dirStorage
	}
	for i := 1; i <= cfg.Brokers; i++ {
		b := broker.New(broker.Config{ID: int32(i), Controller: controller.NodeID, Controllers: quorum, ReplicaLagTimeMaxMs: cfg.ReplicaLagTimeMaxMs,
			ReplicaFetchWaitMaxMs: cfg.ReplicaFetchWaitMaxMs, RetentionCheckIntervalMs: cfg.RetentionCheckIntervalMs, Storage: storage,
			FlushIntervalMessages: cfg.FlushIntervalMessages, UnsafeTestBugHWIgnoresISR: cfg.UnsafeTestBugHWIgnoresISR,
			TopicDefaults: defaults, StaticConfigs: staticBrokerConfigs(cfg)})
		if err := c.sim.AddNode(b); err != nil {
			return nil, err
		}
		c.brokers = append(c.brokers, b)
	}
	return c, nil
}

// Close closes the files of a cluster with a DataDir.
func (c *Cluster) Close() error {
	var errs []error
	for _, d := range c.dirs {
		errs = append(errs, d.Close())
	}
	c.dirs = nil
	return errors.Join(errs...)
}

// Start boots the cluster: every broker registers with the controller and
// replays the metadata log until the controller unfences it.
func (c *Cluster) Start() error {
	if len(c.controllers) > 1 {
		for _, ctl := range c.controllers {
			if err := c.sim.Do(ctl.ID(), "start "+string(ctl.ID()), ctl.Start); err != nil {
				return err
			}
		}
	}
	for _, b := range c.brokers {
		b := b
		if err := c.sim.Do(b.ID(), fmt.Sprintf("start broker %d", b.BrokerID()), b.Start); err != nil {
			return err
		}
	}
	err := c.runUntil(func() bool {
		a := c.active()
		if a == nil {
			return false
		}
		st := a.Snapshot()
		for _, bs := range st.Brokers {
			if bs.Fenced {
				return false
			}
		}
		return len(st.Brokers) == len(c.brokers)
	}, 30_000)
	if err != nil {
		return fmt.Errorf("cluster: brokers did not register: %w", err)
	}
	return nil
}

// runUntil runs the simulation until cond holds, for at most timeoutMs of
// simulated time and Config.MaxSteps events.
func (c *Cluster) runUntil(cond func() bool, timeoutMs int64) error {
	deadline := c.sim.Now() + timeoutMs
	timedOut := false
	err := c.sim.RunUntil(func() bool {
		if cond() {
			return true
		}
		if next, ok := c.sim.NextTime(); !ok || next > deadline {
			timedOut = true
			return true
		}
		return false
	}, c.cfg.MaxSteps)
	if err != nil {
		return err
	}
	if timedOut {
		if next, ok := c.sim.NextTime(); ok && next > deadline {
			_ = c.sim.RunUntilTime(deadline, c.cfg.MaxSteps)
		}
		return kerr.Wrap(kerr.RequestTimedOut, "no answer within %d ms of simulated time", timeoutMs)
	}
	return nil
}

// Sim returns the simulation, for faults (Stop, Net().Slow …) and stepping.
func (c *Cluster) Sim() *sim.Sim { return c.sim }

// Now implements toolsapi.Cluster.
func (c *Cluster) Now() int64 { return c.sim.Now() }

// Brokers implements toolsapi.Cluster.
func (c *Cluster) Brokers() []toolsapi.BrokerInfo {
	var out []toolsapi.BrokerInfo
	for _, b := range c.brokers {
		cfg := b.Config()
		out = append(out, toolsapi.BrokerInfo{ID: cfg.ID, Host: cfg.Host, Port: cfg.Port, Up: c.sim.IsUp(b.ID())})
	}
	return out
}

// Step implements toolsapi.Cluster. After each event a broker whose
// controlled shutdown (SubmitShutdownBroker) is done exits, as after a
// step of the live lab, so that `step N` replays the lab's steps exactly.
func (c *Cluster) Step(n int) ([]sim.TraceEntry, error) {
	seq := c.sim.LastSeq()
	for range n {
		if _, ok := c.sim.Step(); !ok {
			break
		}
		c.FinishShutdowns()
	}
	return c.sim.TraceAfter(seq), nil
}

// RunFor implements toolsapi.Cluster.
func (c *Cluster) RunFor(ms int64) ([]sim.TraceEntry, error) {
	seq := c.sim.LastSeq()
	err := c.sim.RunFor(ms, c.cfg.MaxSteps)
	return c.sim.TraceAfter(seq), err
}

// RunUntilIdle implements toolsapi.Cluster: it runs until no client waits for
// an answer, every broker has replayed the whole metadata log, no ISR change
// is in flight, and on every partition each in-sync replica that is up has
// the leader's log end offset and high watermark. Heartbeats and parked
// fetches continue forever, so "idle" means only they remain. It gives up
// after a minute of simulated time.
func (c *Cluster) RunUntilIdle() ([]sim.TraceEntry, error) {
	seq := c.sim.LastSeq()
	err := c.runUntil(c.Quiescent, 60_000)
	if err != nil {
		err = fmt.Errorf("cluster: not idle after 60000 ms of simulated time: %w", err)
	}
	return c.sim.TraceAfter(seq), err
}

// Quiescent reports whether the cluster has nothing left to do but its
// periodic work (see RunUntilIdle): every broker that is up has replayed
// the whole metadata log and is registered and unfenced (a restarted one has
// finished registering, and the elections its unfencing triggers are in the
// log), no ISR change is in flight, and every alive follower is in its
// leader's ISR and caught up.
func (c *Cluster) Quiescent() bool {
	if c.producer != nil && !c.producer.Done() {
		return false
	}
	end, ok := c.committedEnd()
	if !ok {
		return false
	}
	leaders := map[protocol.TopicPartition]broker.ReplicaState{}
	type follower struct {
		id int32
		r  broker.ReplicaState
	}
	var followers []follower
	registered := c.registeredBrokers()
	for _, b := range c.brokers {
		if !c.sim.IsUp(b.ID()) {
			continue
		}
		if b.MetadataOffset() != end {
			return false
		}
		snap := b.Snapshot()
		if !registered[snap.ID] || snap.Epoch == 0 || snap.Fenced {
			return false // a (re)started broker still registering, or fenced until it catches up
		}
		for _, r := range snap.Replicas {
			switch {
			case r.PendingISR != nil:
				return false
			case r.Role == broker.RoleLeader:
				leaders[protocol.TopicPartition{Topic: r.Topic, Partition: r.Partition}] = r
			case r.Role == broker.RoleFollower:
				followers = append(followers, follower{b.BrokerID(), r})
			}
		}
	}
	for _, f := range followers {
		l, ok := leaders[protocol.TopicPartition{Topic: f.r.Topic, Partition: f.r.Partition}]
		if !ok {
			continue
		}
		if !slices.Contains(l.ISR, f.id) {
			return false // an alive follower catching up to rejoin the ISR
		}
		if f.r.LEO != l.LEO || f.r.HW != l.HW {
			return false
		}
	}
	return true
}

// registeredBrokers returns the brokers the controller has registered and
// unfenced, as the active controller has them: none while the quorum has
// no active controller, so settling waits for an election too.
func (c *Cluster) registeredBrokers() map[int32]bool {
	out := map[int32]bool{}
	a := c.active()
	if a == nil {
		return out
	}
	for _, bs := range a.Snapshot().Brokers {
		if !bs.Fenced {
			out[bs.ID] = true
		}
	}
	return out
}

// upBrokers returns the nodes of the brokers that are up, ascending by id.
func (c *Cluster) upBrokers() []sim.NodeID {
	var out []sim.NodeID
	for _, b := range c.brokers {
		if c.sim.IsUp(b.ID()) {
			out = append(out, b.ID())
		}
	}
	return out
}

// waitForMetadata runs until every up broker has replayed the controller's
// whole metadata log, so that a topic just created is known everywhere.
func (c *Cluster) waitForMetadata() error {
	end, ok := c.committedEnd()
	return c.runUntil(func() bool {
		if !ok {
			if end, ok = c.committedEnd(); !ok {
				return false
			}
		}
		for _, b := range c.brokers {
			if c.sim.IsUp(b.ID()) && b.MetadataOffset() < end {
				return false
			}
		}
		return true
	}, 10_000)
}
