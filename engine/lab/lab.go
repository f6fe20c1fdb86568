// Package lab is the live lab's session: one simulated cluster driven by a
// learner, with time travel.
//
// A Session owns a cluster.Cluster and the ordered log of the learner's
// inputs (produce a record, stop or start a broker …), each stamped with
// the step count at which it was applied. Because the engine is
// deterministic, the position in the run is just a step count: going back
// to step n rebuilds the cluster from the seed, runs the same setup, and
// replays the steps and inputs up to n. The inputs after the current
// position stay recorded (stepping forward again redoes them) until the
// learner acts at an earlier point, which starts a new branch of history.
//
// Inputs are non-blocking: they queue an input event (cluster.SubmitProduce
// …) and the learner steps through the consequences event by event.
//
// The cluster view's actions (actions.go) simplify Kafka where a real
// network does not fit the picture: a cut link drops every message on it
// (no TCP connection times out or reconnects; the clients' and brokers'
// request timeouts do the rest), a slow link delays every message on it by
// a fixed time (a "slow follower" is its broker's link to the leader's,
// both ways, not a slow disk or CPU), and a message dropped in flight is
// simply lost, as if its connection had died with it: nothing retransmits
// it below Kafka's own retries.
//
// Each run also keeps the metrics strip's history (metrics.go): one sample
// per simulated second, the last 60, taken as the run steps, so replaying to
// a position restores exactly the samples taken up to it. Where the lab
// simplifies Kafka there: the engine keeps no JMX counters, so the produce
// rate is the growth of the leaders' log end offsets on user topics and the
// consume rate the records the lab's consumers processed; under-replicated,
// offline and leader counts come from the controller's metadata, and the
// total lag is computed as kafka-consumer-groups.sh computes LAG.
//
// A long terminal command (a perf test of 100,000 records) can pause
// between simulation steps and be interrupted with Ctrl-C (long.go): the
// interrupt is part of the input, exact in every replay and share link.
// Where the lab simplifies a shell there: the interrupted command prints
// ^C and exits 130, and what it had started goes on in the cluster, as if
// its process had died with requests on the wire.
//
// A Seek (seek.go) is GoTo in pieces, for a host that must stay responsive
// while a replay crosses a long command: it lands on the same position and
// state, and a seek going back can be dropped for a newer target without
// changing the session.
//
// The package is pure Go and deterministic, like the rest of engine/: it is
// tested natively and compiled unchanged into the browser's wasm.
package lab

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// DefaultSeed draws the source articles' picture: order_events' partitions
// 0, 1 and 2 led by brokers 1, 2 and 3.
const DefaultSeed = 7

// DefaultTopic is the topic the lab creates at start, as in the articles.
const DefaultTopic = "order_events"

// MaxHistory bounds the number of steps a session records.
const MaxHistory = 1_000_000

// Config configures a session.
type Config struct {
	Seed    uint64
	Brokers int // 0 means 3
	// Bare starts the cluster without order_events, for a lesson whose
	// scenario creates its own topics.
	Bare bool
	// NoSettle runs terminal commands as a lesson's scripts run
	// (lessons/checks.World): time passes only with step, run or play, so a
	// lesson replayed here reaches the state its checks were written for.
	NoSettle bool
	// Controllers is the size of the KRaft controller quorum: 1 (0 means
	// 1) or 3 (controllers.go).
	Controllers int
}

// An InputKind names a learner action.
type InputKind string

// The learner's actions.
const (
	InputProduce     InputKind = "produce"
	InputStopBroker  InputKind = "stop-broker"
	InputStartBroker InputKind = "start-broker"
	// Consumer group members.
	InputStartConsumer   InputKind = "start-consumer"
	InputStopConsumer    InputKind = "stop-consumer"
	InputCrashConsumer   InputKind = "crash-consumer"
	InputRestartConsumer InputKind = "restart-consumer"
	// Broker faults (engine/cluster/faults.go).
	InputCrashBroker    InputKind = "crash-broker"
	InputPowerOffBroker InputKind = "power-off-broker"
	InputPauseBroker    InputKind = "pause-broker"
	InputResumeBroker   InputKind = "resume-broker"
	InputRestartBroker  InputKind = "restart-broker"
	InputShutdownBroker InputKind = "shutdown-broker"
)

// An Input is one learner action, stamped with the step count at which it
// was applied (before the next step).
type Input struct {
	At     uint64
	Kind   InputKind
	Broker int32
	// Produce inputs.
	Topic     string
	Key       []byte // nil: a null key
	Value     []byte
	Partition int32 // partitioner.NoPartition: let the producer choose
	Acks      int16
	restart   bool
	// Consumer inputs: the member's name (its node and client.id) and,
	// when it starts, its configuration.
	Consumer ConsumerRequest
	// Command inputs (command.go): the script, what it printed the first
	// time it ran and the simulation steps it took.
	Script string
	Result Transcript
	Steps  uint64
	ran    bool
	// Interrupted: the learner stopped the command with Ctrl-C after Steps
	// steps (long.go); a replay stops it there too.
	Interrupted bool
	// Create-topic inputs (actions.go): Topic, and the partitions, the
	// replication factor and the --config overrides ("name=value").
	Partitions int32
	RF         int16
	Configs    []string
	// Link inputs (actions.go): the link From → To, and To → From too
	// unless OneWay; the extra delay of a slow link.
	From, To string
	OneWay   bool
	DelayMs  int64
	// Drop inputs (actions.go): the message taken off the wire.
	Msg uint64
	// Controller inputs (controllers.go): the controller node.
	Controller string
}

// A ConsumerRequest is what the consumer panel sends: a group member
// subscribed to one topic.
type ConsumerRequest struct {
	Name     string // node and client.id; "" picks c1, c2 …
	Group    string
	Topic    string
	Assignor string // range, roundrobin, sticky, cooperative-sticky; "" for Kafka's default
	StaticID string // group.instance.id, "" for a dynamic member
	Commit   string // auto, after, before or none
}

func (r ConsumerRequest) panel() toolsapi.PanelConsumer { return toolsapi.PanelConsumer(r) }

func (r ConsumerRequest) spec() toolsapi.ConsumerSpec { return r.panel().Spec() }

// A ProduceRequest is what the produce panel sends.
type ProduceRequest struct {
	Topic     string
	Key       string
	NullKey   bool
	Value     string
	Partition string // "" lets the partitioner choose
	Acks      string // "-1", "all", "0" or "1"
}

// A Prediction says which partition a record will go to, before it is sent.
type Prediction struct {
	Partition int32  // -1 when the producer chooses (sticky, null key)
	Reason    string // e.g. murmur2("user-2") % 3 = 2
}

// A Session is one learner's run. It is not safe for concurrent use.
//
// Going back rebuilds from the seed, which costs one replayed step per
// position (measured in BENCHMARKS.md). To keep that under a frame or two in
// the browser the session keeps spare runs at checkpoints every
// CheckpointEvery positions: a spare is a whole cluster parked there (the
// engine has no deep copy; a parked replay is the copy). Going back takes
// the nearest spare below the target and replays at most CheckpointEvery
// steps; the spare it used is rebuilt by Idle, a little per animation frame.
type Session struct {
	cfg     Config
	cur     *run
	spares  []*run // parked runs, consumed by GoTo
	build   *run   // the spare Idle is building, towards buildTo
	buildTo uint64
	short   map[uint64]bool // checkpoints inside a command: built as far as they go
	inputs  []Input
	head    uint64
	changes uint64 // Changes
	pause   Pause  // SetPause (long.go)
	// Rebuilds counts runs built from the seed, for tests and benchmarks.
	Rebuilds int
}

// CheckpointEvery is the spacing of the spare runs kept for going back.
const CheckpointEvery = 1000

// maxSpares bounds the parked runs (each is a whole cluster).
const maxSpares = 24

// A run is one cluster replaying the session's inputs.
type run struct {
	c        *cluster.Cluster
	base     uint64 // sim steps taken by setup; positions count from here
	applied  int    // the session's inputs[:applied] have been applied
	acks     int16  // acks of the last produce (restart the producer on change)
	hasAcks  bool
	files    map[fileKey]*log.MemStorage // every replica's files, for the storage view
	changes  uint64                      // inputs applied and exits after shutdowns (Session.Changes)
	noSettle bool                        // Config.NoSettle
	runner   *tools.Runner               // the terminal's, made by the first command
	m        sampler                     // the metrics strip's history (metrics.go)
	pause    *Pause                      // the session's (long.go)
	abandon  bool                        // its replay may be abandoned (Progress.Abandon)
}

func (r *run) pos() uint64 { return r.c.Sim().Steps() - r.base }

// New builds a session: a cluster of cfg.Brokers brokers, started, with
// order_events (3 partitions, replication factor 3) created unless cfg.Bare. Setup runs to
// completion; position 0 is the moment after it.
func New(cfg Config) (*Session, error) {
	if cfg.Brokers == 0 {
		cfg.Brokers = cluster.DefaultBrokers
	}
	if cfg.Controllers == 0 {
		cfg.Controllers = cluster.DefaultControllers
	}
	if cfg.Controllers != 1 && cfg.Controllers != 3 {
		return nil, fmt.Errorf("lab: %d controllers: the lab runs 1 or 3", cfg.Controllers)
	}
	s := &Session{cfg: cfg}
	r, err := s.newRun(noLimit)
	if err != nil {
		return nil, err
	}
	s.cur = r
	return s, nil
}

// newRun builds a run from the seed at position 0, with the inputs due there
// applied (a command only if it ends by limit).
func (s *Session) newRun(limit uint64) (*run, error) {
	r, err := s.setupRun()
	if err != nil {
		return nil, err
	}
	return r, s.applyDue(r, limit)
}

// setupRun builds a run from the seed at position 0, before the inputs due
// there.
func (s *Session) setupRun() (*run, error) {
	files := map[fileKey]*log.MemStorage{}
	c, err := cluster.New(cluster.Config{Seed: s.cfg.Seed, Brokers: s.cfg.Brokers, Controllers: s.cfg.Controllers, TopicDefaults: TopicDefaults,
		Storage: func(b int32, tp protocol.TopicPartition) (log.Storage, error) {
			m := log.NewMemStorage()
			files[fileKey{b, tp.Topic, tp.Partition}] = m
			return m, nil
		}})
	if err != nil {
		return nil, err
	}
	if err := c.Start(); err != nil {
		return nil, fmt.Errorf("lab: start: %w", err)
	}
	rf := int16(min(3, s.cfg.Brokers))
	if s.cfg.Bare {
		r := &run{c: c, base: c.Sim().Steps(), files: files, noSettle: s.cfg.NoSettle, pause: &s.pause}
		s.Rebuilds++
		return r, nil
	}
	if _, err := c.CreateTopic(toolsapi.CreateTopic{Name: DefaultTopic, Partitions: 3, ReplicationFactor: rf}); err != nil {
		return nil, fmt.Errorf("lab: create %s: %w", DefaultTopic, err)
	}
	r := &run{c: c, base: c.Sim().Steps(), files: files, noSettle: s.cfg.NoSettle, pause: &s.pause}
	r.startSampling()
	s.Rebuilds++
	return r, nil
}

// Cluster returns the cluster at the current position, for reading. Do not
// change it: changes outside the session's inputs are not replayed.
func (s *Session) Cluster() *cluster.Cluster { return s.cur.c }

// Seed returns the run's seed.
func (s *Session) Seed() uint64 { return s.cfg.Seed }

// Brokers returns the number of brokers.
func (s *Session) Brokers() int { return s.cfg.Brokers }

// Pos returns the current position: steps since setup.
func (s *Session) Pos() uint64 { return s.cur.pos() }

// Head returns the furthest position recorded: the end of the history
// slider.
func (s *Session) Head() uint64 { return s.head }

// BaseSteps returns the simulation steps setup took.
func (s *Session) BaseSteps() uint64 { return s.cur.base }

// Inputs returns the learner's inputs, in order.
func (s *Session) Inputs() []Input { return slices.Clone(s.inputs) }

// StateHash returns the cluster's state hash at the current position.
func (s *Session) StateHash() sim.Hash { return s.cur.c.StateHash() }

// applyDue applies the recorded inputs stamped with r's position, stopping
// before a command that would take r past limit. A command moves r forward;
// the inputs stamped with its end are due then.
func (s *Session) applyDue(r *run, limit uint64) error {
	for s.due(r) && s.fits(r, limit) {
		if err := r.apply(&s.inputs[r.applied]); err != nil {
			return err
		}
		r.applied++
	}
	return nil
}

func (r *run) apply(in *Input) error {
	r.changes++
	// Every panel input goes through the cluster's Panel* methods, as its
	// twin lab command `panel …` does (engine/tools/lab_panel.go), so that a
	// recorded scenario (lessons/record) replays it exactly.
	switch in.Kind {
	case InputProduce:
		restart := !r.hasAcks || r.acks != in.Acks
		r.acks, r.hasAcks = in.Acks, true
		return r.c.PanelProduce(in.Topic, in.Key, in.Value, in.Partition, in.Acks, restart)
	case InputStartConsumer, InputStopConsumer, InputCrashConsumer, InputRestartConsumer:
		return r.c.PanelConsumer(in.Kind.panelAction(), in.Consumer.panel())
	case InputStopBroker, InputStartBroker, InputCrashBroker, InputPowerOffBroker, InputPauseBroker,
		InputResumeBroker, InputRestartBroker, InputShutdownBroker:
		return r.c.PanelBroker(in.Kind.panelAction(), in.Broker)
	case InputCommand:
		return r.runCommand(in)
	case InputCrashController, InputRestartController:
		return r.applyController(in)
	}
	return r.applyAction(in)
}

// step moves r one event forward and applies the inputs due, or, when a
// command is due at r's position (held back by a limit), applies it if it
// ends by limit.
func (s *Session) step(r *run, limit uint64) (bool, error) {
	if s.due(r) {
		if !s.fits(r, limit) {
			return false, nil
		}
		return true, s.applyDue(r, limit)
	}
	r.sampleDue()
	if !r.c.StepOne() {
		return false, nil
	}
	if r.c.FinishShutdowns() { // a controlled shutdown's process exits when done
		r.changes++
	}
	return true, s.applyDue(r, limit)
}

// Step moves one event forward. At the head of the history it runs the
// simulation one more event; it reports false when nothing is left to run.
func (s *Session) Step() (bool, error) {
	if s.Pos() >= MaxHistory {
		return false, fmt.Errorf("lab: the history is full (%d steps); reset to go on", MaxHistory)
	}
	ok, err := s.step(s.cur, noLimit)
	if s.Pos() > s.head {
		s.head = s.Pos()
	}
	return ok, err
}

// StepN moves up to n events forward and returns how many it moved.
func (s *Session) StepN(n int) (int, error) {
	for i := range n {
		ok, err := s.Step()
		if err != nil || !ok {
			return i, err
		}
	}
	return n, nil
}

// Back moves one event back: the same state, exactly, as before the last
// step. At position 0 it does nothing.
func (s *Session) Back() error {
	if s.Pos() == 0 {
		return nil
	}
	return s.GoTo(s.Pos() - 1)
}

// GoTo moves to position pos (at most Head): from the nearest spare run at
// or below pos when there is one past the current position or pos is
// behind it, else forward by stepping, or back from the seed. A
// position inside a terminal command's steps lands before the command.
func (s *Session) GoTo(pos uint64) error {
	k, err := s.Seek(pos)
	if err != nil {
		return err
	}
	if _, err := k.Run(math.MaxInt); err != nil {
		return err
	}
	return nil
}

// bestSpare returns the index of the highest spare at or below pos, or -1.
// Going forward, one above the current position saves the steps between.
func (s *Session) bestSpare(pos uint64) int {
	best := -1
	for i, r := range s.spares {
		if r.pos() <= pos && (best < 0 || r.pos() > s.spares[best].pos()) {
			best = i
		}
	}
	return best
}

// park keeps r as a spare, dropping the least useful spare when there are
// too many: one off the checkpoint grid, else the highest.
func (s *Session) park(r *run) {
	s.spares = append(s.spares, r)
	if len(s.spares) <= maxSpares {
		return
	}
	drop := -1
	for i, sp := range s.spares {
		if sp.pos()%CheckpointEvery != 0 && (drop < 0 || sp.pos() > s.spares[drop].pos()) {
			drop = i
		}
	}
	if drop < 0 {
		drop = len(s.spares) - 1
	}
	s.spares = slices.Delete(s.spares, drop, drop+1)
}

// Idle does up to maxSteps steps of background work: building a missing
// spare at a checkpoint, highest first. It reports whether work remains. The
// browser calls it from animation frames with time to spare. A Pause that
// returns true while it replays a command abandons the spare (long.go).
func (s *Session) Idle(maxSteps int) (more bool, err error) {
	defer func() {
		if s.abandonBuild(recover()) {
			more, err = true, nil
		}
	}()
	return s.idle(maxSteps)
}

func (s *Session) idle(maxSteps int) (bool, error) {
	for maxSteps > 0 {
		if s.build == nil {
			to, ok := s.missingCheckpoint()
			if !ok {
				return false, nil
			}
			r, err := s.setupRun()
			if err != nil {
				return false, err
			}
			r.abandon = true // before the inputs due at 0: a command may be among them
			s.build, s.buildTo = r, to
			if err := s.applyDue(r, to); err != nil {
				s.build = nil
				return false, err
			}
		}
		for maxSteps > 0 && s.build.pos() < s.buildTo {
			ok, err := s.step(s.build, s.buildTo)
			if err != nil {
				s.build = nil
				return false, err
			}
			maxSteps--
			if !ok {
				if s.short == nil {
					s.short = map[uint64]bool{}
				}
				s.short[s.buildTo] = true // a command spans it: park before the command
				break
			}
		}
		if s.build.pos() >= s.buildTo || maxSteps > 0 {
			s.build.abandon = false
			s.park(s.build)
			s.build = nil
		}
	}
	_, more := s.missingCheckpoint()
	return more || s.build != nil, nil
}

// missingCheckpoint returns the highest checkpoint position below the
// current position that has no spare parked at it.
func (s *Session) missingCheckpoint() (uint64, bool) {
	have := map[uint64]bool{}
	for _, r := range s.spares {
		have[r.pos()] = true
	}
	n := 0
	for p := (s.Pos() / CheckpointEvery) * CheckpointEvery; p > 0 && n < maxSpares/2; p -= CheckpointEvery {
		if p == s.Pos() {
			continue
		}
		if !have[p] && !s.short[p] {
			return p, true
		}
		n++
	}
	return 0, false
}

// Reset goes back to position 0 and forgets every input: a fresh run with
// the same seed.
func (s *Session) Reset() error {
	s.inputs, s.head, s.spares, s.build, s.short = nil, 0, nil, nil, nil
	r, err := s.newRun(noLimit)
	if err != nil {
		return err
	}
	s.cur = r
	return nil
}

// SetSeed starts a fresh run with another seed.
func (s *Session) SetSeed(seed uint64) error {
	s.cfg.Seed = seed
	return s.Reset()
}

// record applies in now and adds it to the history, dropping any recorded
// future (a new branch) and the spares that belong to it.
func (s *Session) record(in Input) error {
	pos := s.Pos()
	in.At = pos
	s.inputs = s.inputs[:s.cur.applied]
	s.head = pos
	s.spares = slices.DeleteFunc(s.spares, func(r *run) bool { return r.pos() >= pos })
	s.short = nil
	if s.build != nil && (s.build.pos() >= pos || s.buildTo > pos) {
		s.build = nil
	}
	if err := s.cur.apply(&in); err != nil {
		return err
	}
	s.inputs = append(s.inputs, in)
	s.cur.applied++
	return nil
}

// Produce validates req, then queues the send on producer-1 and returns at
// once. Invalid input is a *kerr.Error-wrapped error with Kafka's name.
func (s *Session) Produce(req ProduceRequest) (Input, error) {
	in, err := s.ValidateProduce(req)
	if err != nil {
		return in, err
	}
	return in, s.record(in)
}

// ValidateProduce checks a produce request against the cluster's metadata as
// the producer and broker would, without sending it.
func (s *Session) ValidateProduce(req ProduceRequest) (Input, error) {
	in := Input{Kind: InputProduce, Topic: req.Topic, Value: []byte(req.Value), Partition: partitioner.NoPartition}
	if !req.NullKey {
		in.Key = []byte(req.Key)
	}
	switch req.Acks {
	case "all", "-1", "":
		in.Acks = -1
	case "0":
		in.Acks = 0
	case "1":
		in.Acks = 1
	default:
		return in, kerr.Wrap(kerr.InvalidRequiredAcks, "acks must be -1 (all), 0 or 1, got %q", req.Acks)
	}
	n, ok := s.partitions(req.Topic)
	if !ok {
		return in, kerr.Wrap(kerr.UnknownTopicOrPartition, "topic %q does not exist", req.Topic)
	}
	if req.Partition != "" {
		p, err := strconv.Atoi(req.Partition)
		if err != nil || p < 0 || p >= n {
			return in, kerr.Wrap(kerr.UnknownTopicOrPartition, "partition %s of %s does not exist: it has partitions 0 to %d", req.Partition, req.Topic, n-1)
		}
		in.Partition = int32(p)
	}
	return in, nil
}

// Predict says which partition a produce request will go to: the explicit
// partition, murmur2 of the key, or the producer's sticky choice for a null
// key.
func (s *Session) Predict(req ProduceRequest) (Prediction, error) {
	in, err := s.ValidateProduce(req)
	if err != nil {
		return Prediction{Partition: -1}, err
	}
	n, _ := s.partitions(req.Topic)
	switch {
	case in.Partition != partitioner.NoPartition:
		return Prediction{Partition: in.Partition, Reason: "explicit partition"}, nil
	case in.Key == nil:
		return Prediction{Partition: -1, Reason: "null key: the sticky partitioner picks a partition and keeps it for a batch"}, nil
	}
	p := partitioner.ForKey(in.Key, n)
	return Prediction{Partition: int32(p), Reason: fmt.Sprintf("murmur2(%q) & 0x7fffffff %% %d = %d", in.Key, n, p)}, nil
}

// partitions returns the number of partitions of topic as the controller
// knows it.
func (s *Session) partitions(topic string) (int, bool) {
	for _, t := range s.cur.c.Snapshot().Controller.Topics {
		if t.Name == topic {
			return len(t.Partitions), true
		}
	}
	return 0, false
}

// StopBroker stops broker id now (its node goes down; the controller fences
// it after the session timeout).
func (s *Session) StopBroker(id int32) error {
	if id < 1 || int(id) > s.cfg.Brokers {
		return fmt.Errorf("lab: no broker %d (brokers are 1 to %d)", id, s.cfg.Brokers)
	}
	if !s.cur.c.Sim().IsUp(sim.NodeID(fmt.Sprintf("broker-%d", id))) {
		return fmt.Errorf("lab: broker %d is already stopped", id)
	}
	return s.record(Input{Kind: InputStopBroker, Broker: id})
}

// StartBroker restarts a stopped broker; it registers with the controller
// again and catches up.
func (s *Session) StartBroker(id int32) error {
	if id < 1 || int(id) > s.cfg.Brokers {
		return fmt.Errorf("lab: no broker %d (brokers are 1 to %d)", id, s.cfg.Brokers)
	}
	if s.cur.c.Sim().IsUp(sim.NodeID(fmt.Sprintf("broker-%d", id))) {
		return fmt.Errorf("lab: broker %d is already running", id)
	}
	return s.record(Input{Kind: InputStartBroker, Broker: id})
}

// StartConsumer validates req and queues the start of a group member; it
// returns at once. The member's name defaults to c1, c2 … and its group
// to "orders", its topic to order_events.
func (s *Session) StartConsumer(req ConsumerRequest) (Input, error) {
	if req.Group == "" {
		req.Group = "orders"
	}
	if req.Topic == "" {
		req.Topic = DefaultTopic
	}
	if req.Name == "" {
		for i := 1; ; i++ {
			name := fmt.Sprintf("c%d", i)
			if _, ok := s.cur.c.Consumer(name); !ok {
				req.Name = name
				break
			}
		}
	}
	in := Input{Kind: InputStartConsumer, Consumer: req}
	if _, ok := s.partitions(req.Topic); !ok {
		return in, kerr.Wrap(kerr.UnknownTopicOrPartition, "topic %q does not exist", req.Topic)
	}
	if _, err := s.cur.c.ConsumerConfig(req.spec()); err != nil {
		return in, err
	}
	if cons, ok := s.cur.c.Consumer(req.Name); ok {
		if s.cur.c.Sim().IsUp(cons.ID()) && cons.Running() && !cons.Closed() {
			return in, fmt.Errorf("consumer %s is already running", req.Name)
		}
		in.Kind = InputRestartConsumer
	} else if _, ok := s.cur.c.Sim().Node(sim.NodeID(req.Name)); ok {
		return in, fmt.Errorf("%s is already a node of the lab", req.Name)
	}
	return in, s.record(in)
}

// ConsumerAction stops (close(): LeaveGroup), crashes (no LeaveGroup) or
// restarts member name.
func (s *Session) ConsumerAction(kind InputKind, name string) error {
	cons, ok := s.cur.c.Consumer(name)
	if !ok {
		return fmt.Errorf("lab: no consumer %s", name)
	}
	running := s.cur.c.Sim().IsUp(cons.ID()) && cons.Running() && !cons.Closed()
	switch kind {
	case InputStopConsumer, InputCrashConsumer:
		if !running {
			return fmt.Errorf("lab: consumer %s is not running", name)
		}
	case InputRestartConsumer:
		if running {
			return fmt.Errorf("lab: consumer %s is already running", name)
		}
	default:
		return fmt.Errorf("lab: %q is not a consumer action", kind)
	}
	return s.record(Input{Kind: kind, Consumer: ConsumerRequest{Name: name}})
}

// BrokerFault applies a broker fault now: crash, power off, pause, resume,
// restart or a controlled shutdown.
func (s *Session) BrokerFault(kind InputKind, id int32) error {
	if id < 1 || int(id) > s.cfg.Brokers {
		return fmt.Errorf("lab: no broker %d (brokers are 1 to %d)", id, s.cfg.Brokers)
	}
	c := s.cur.c
	up := c.Sim().IsUp(cluster.BrokerNode(id))
	paused := c.Paused(id)
	switch kind {
	case InputCrashBroker, InputPowerOffBroker, InputShutdownBroker:
		if !up {
			return fmt.Errorf("lab: broker %d is already down", id)
		}
		if paused && kind == InputShutdownBroker {
			return fmt.Errorf("lab: broker %d is paused: resume it first", id)
		}
	case InputPauseBroker:
		if !up || paused {
			return fmt.Errorf("lab: broker %d is not running", id)
		}
	case InputResumeBroker:
		if !paused {
			return fmt.Errorf("lab: broker %d is not paused", id)
		}
	case InputRestartBroker:
	default:
		return fmt.Errorf("lab: %q is not a broker fault", kind)
	}
	return s.record(Input{Kind: kind, Broker: id})
}
