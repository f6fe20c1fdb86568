package sim

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/google/uuid"
)

// Defaults for the limits in Config.
const (
	DefaultTraceLimit = 1 << 16
	DefaultMaxPending = 1 << 17
)

// Errors returned by the Sim.
var (
	ErrStepLimit     = errors.New("sim: step limit reached")
	ErrIdle          = errors.New("sim: no events left")
	ErrDuplicateNode = errors.New("sim: duplicate node")
	ErrUnknownNode   = errors.New("sim: unknown node")
	ErrPast          = errors.New("sim: time is in the past")
	ErrQueueFull     = errors.New("sim: event queue full")
)

// Config configures a Sim. The zero value is usable: seed 0, 1 ms links,
// a trace of the last DefaultTraceLimit entries.
type Config struct {
	// Seed seeds every PRNG stream.
	Seed uint64
	// LatencyMs is the default one-way link latency; 0 means
	// DefaultLatencyMs. Use Net().SetLatency(0) for instant links.
	LatencyMs int64
	// TraceLimit is how many trace entries Trace keeps; 0 means
	// DefaultTraceLimit, negative keeps none (OnTrace still sees them).
	TraceLimit int
	// MaxPending bounds the event queue; 0 means DefaultMaxPending.
	// Scheduling beyond it panics: it means a node is running away.
	MaxPending int
	// HashEveryStep records the state hash after every step in the step's
	// first trace entry. It costs one StateHash per step.
	HashEveryStep bool
	// OnTrace, if set, is called with every trace entry in order, once the
	// step that made it is complete.
	OnTrace func(TraceEntry)
}

// A Sim is the deterministic simulation kernel: a simulated clock, an event
// queue ordered by (time, sequence), a network, seeded PRNG streams and a
// trace. It is not safe for concurrent use; it uses no goroutines.
type Sim struct {
	cfg     Config
	now     int64
	steps   uint64
	seq     uint64 // events scheduled
	msgs    uint64 // messages sent
	timerNo uint64 // timers set
	traceNo uint64 // trace entries recorded

	q       queue
	timers  map[TimerID]*event
	nodes   map[NodeID]*slot
	sorted  []*slot // by id
	net     *Network
	streams *streams

	inStep  bool
	env     Env          // reused for every call into a node
	pending []TraceEntry // entries of the current step
	// keepTrace is false when no entry can be seen (no trace kept, no
	// OnTrace): then a step holds only its first entry, which Step returns.
	keepTrace bool
	trace     traceRing
	hashW     StateWriter
	scratch   []*event
	sortBuf   []item
	hook      func() // SetStepHook
}

// A slot is a registered node and whether it is up.
type slot struct {
	id     NodeID
	node   Node
	up     bool
	paused bool // see Pause
	// refuses is true while a crashed process is down: its machine resets
	// connections (disconnect.go).
	refuses bool
	held    []*event // events due while paused, in the order they came due
}

// New returns a Sim with no nodes and no events, at time 0.
func New(cfg Config) *Sim {
	if cfg.LatencyMs == 0 {
		cfg.LatencyMs = DefaultLatencyMs
	}
	mustNotBeNegative("latency", cfg.LatencyMs)
	if cfg.TraceLimit == 0 {
		cfg.TraceLimit = DefaultTraceLimit
	}
	if cfg.MaxPending <= 0 {
		cfg.MaxPending = DefaultMaxPending
	}
	s := &Sim{
		cfg:     cfg,
		timers:  map[TimerID]*event{},
		nodes:   map[NodeID]*slot{},
		streams: newStreams(cfg.Seed),
		trace:   traceRing{limit: cfg.TraceLimit},
		// Entries no one can see are still counted: LastSeq and the
		// state hash stay the same whatever the trace keeps.
		keepTrace: cfg.TraceLimit > 0 || cfg.OnTrace != nil,
	}
	s.net = newNetwork(s, cfg.LatencyMs)
	s.env.s = s
	return s
}

// Seed returns the seed the Sim was created with.
func (s *Sim) Seed() uint64 { return s.cfg.Seed }

// Now returns the simulated time in ms.
func (s *Sim) Now() int64 { return s.now }

// Steps returns the number of events processed so far.
func (s *Sim) Steps() uint64 { return s.steps }

// Pending returns the number of events waiting in the queue.
func (s *Sim) Pending() int { return s.q.len() }

// NextTime returns the time of the next event, or false if there is none.
func (s *Sim) NextTime() (int64, bool) {
	if e := s.q.peek(); e != nil {
		return e.at, true
	}
	return 0, false
}

// Net returns the network, for latency settings and faults.
func (s *Sim) Net() *Network { return s.net }

// Rand returns the PRNG stream called name, for test drivers and fault
// schedulers outside the nodes. Nodes use Env.Rand.
func (s *Sim) Rand(name string) *rand.Rand { return s.streams.get(name) }

// NewUUID draws a random (version 4) UUID from the ids stream.
func (s *Sim) NewUUID() uuid.UUID { return s.streams.newUUID() }

// AddNode registers n, up. Its id must be new.
func (s *Sim) AddNode(n Node) error {
	id := n.ID()
	if _, ok := s.nodes[id]; ok {
		return fmt.Errorf("%w: %s", ErrDuplicateNode, id)
	}
	sl := &slot{id: id, node: n, up: true}
	s.nodes[id] = sl
	i, _ := slices.BinarySearchFunc(s.sorted, id, func(a *slot, id NodeID) int { return cmp.Compare(a.id, id) })
	s.sorted = slices.Insert(s.sorted, i, sl)
	return nil
}

// Node returns the node called id.
func (s *Sim) Node(id NodeID) (Node, bool) {
	sl, ok := s.nodes[id]
	if !ok {
		return nil, false
	}
	return sl.node, true
}

// Nodes returns the ids of all nodes, sorted.
func (s *Sim) Nodes() []NodeID {
	ids := make([]NodeID, len(s.sorted))
	for i, sl := range s.sorted {
		ids[i] = sl.id
	}
	return ids
}

// IsUp reports whether node id exists and is up.
func (s *Sim) IsUp(id NodeID) bool {
	sl, ok := s.nodes[id]
	return ok && sl.up
}

// Stop marks node id down, as if its process had stopped: its pending
// timers are cancelled and messages arriving while it is down are dropped.
// Messages it already sent stay in flight.
func (s *Sim) Stop(id NodeID) error {
	sl, ok := s.nodes[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownNode, id)
	}
	sl.up = false
	sl.refuses = false
	s.dropHeld(sl)
	s.net.closeConnections(id)
	// Walk the heap array, not the timers map, so the order is the same in
	// every run.
	s.scratch = s.scratch[:0]
	for _, it := range s.q.heap {
		if it.e.kind == evTimer && it.e.node == id {
			s.scratch = append(s.scratch, it.e)
		}
	}
	for _, e := range s.scratch {
		s.cancel(e)
	}
	clear(s.scratch)
	s.record(TraceEntry{Kind: KindFault, From: id, Label: "stop " + string(id)})
	return nil
}

// Start marks node id up again. It does not reset the node or call it:
// whoever restarts a node injects an input that re-initializes it.
func (s *Sim) Start(id NodeID) error {
	sl, ok := s.nodes[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownNode, id)
	}
	sl.up, sl.refuses = true, false
	s.record(TraceEntry{Kind: KindFault, From: id, Label: "start " + string(id)})
	return nil
}

// Inject schedules fn to run at time at as an input event: a request from
// a test or the UI, such as "producer-1 sends a record" or a fault. It runs
// with an Env for node (which may be "" for inputs that belong to no node)
// and is recorded in the trace with label. Inputs at the same time run in
// the order they were injected, after events already queued for that time.
func (s *Sim) Inject(at int64, node NodeID, label string, fn func(env *Env)) error {
	if at < s.now {
		return fmt.Errorf("%w: input %q at %d ms, now %d ms", ErrPast, label, at, s.now)
	}
	if fn == nil {
		return errors.New("sim: nil input function")
	}
	if s.q.len() >= s.cfg.MaxPending {
		return fmt.Errorf("%w: %d events", ErrQueueFull, s.q.len())
	}
	e := s.q.alloc()
	e.kind, e.node, e.label, e.fn = evInput, node, label, fn
	s.schedule(e, at)
	return nil
}

// Do is Inject at the current time.
func (s *Sim) Do(node NodeID, label string, fn func(env *Env)) error {
	return s.Inject(s.now, node, label, fn)
}

// schedule queues e at time at, giving it the next sequence number.
func (s *Sim) schedule(e *event, at int64) {
	if s.q.len() >= s.cfg.MaxPending {
		panic(fmt.Sprintf("sim: event queue full (%d events) at %d ms, step %d, seed %d", s.q.len(), s.now, s.steps, s.cfg.Seed))
	}
	s.seq++
	e.at, e.seq = at, s.seq
	s.q.push(e)
}

// Step processes exactly one event: the earliest, ties broken by the order
// events were scheduled. It returns the event's trace entry (a deliver,
// drop, timer or input entry; the entries the node made while handling it
// follow it in the trace), or false if there was no event.
func (s *Sim) Step() (TraceEntry, bool) {
	if s.inStep {
		panic("sim: Step called from inside a step")
	}
	e := s.q.pop()
	if e == nil {
		return TraceEntry{}, false
	}
	s.now = e.at
	s.steps++
	s.inStep = true
	if sl := s.pausedTarget(e); sl != nil {
		s.hold(sl, e)
		s.inStep = false
		first := s.endStep()
		if s.hook != nil {
			s.hook()
		}
		return first, true
	}
	switch e.kind {
	case evDeliver:
		s.deliver(e)
	case evTimer:
		delete(s.timers, e.timer.ID)
		s.record(TraceEntry{Kind: KindTimer, From: e.node, To: e.node, Label: e.timer.Kind})
		s.env.self = e.node
		s.nodes[e.node].node.Timer(&s.env, e.timer)
	case evInput:
		s.record(TraceEntry{Kind: KindInput, To: e.node, Label: e.label})
		s.env.self = e.node
		e.fn(&s.env)
	case evDisconnect:
		s.disconnect(e)
	}
	s.env.self = ""
	s.inStep = false
	s.q.release(e)
	first := s.endStep()
	if s.hook != nil {
		s.hook()
	}
	return first, true
}

// endStep emits the trace entries of the step just processed and returns
// its first.
func (s *Sim) endStep() TraceEntry {
	if s.cfg.HashEveryStep {
		s.pending[0].Hash = s.StateHash()
	}
	first := s.pending[0]
	for _, te := range s.pending {
		s.emit(te)
	}
	clear(s.pending)
	s.pending = s.pending[:0]
	return first
}

// deliver hands a message to its receiver, or drops it if the receiver is
// down or the link was cut while it was in flight.
func (s *Sim) deliver(e *event) {
	m, sl := &e.msg, e.dest
	reason := s.net.blocked(e.link)
	if reason == "" && !sl.up {
		reason = ReasonNodeDown
	}
	if reason == ReasonNodeDown && sl.refuses {
		reason = ReasonRefused
	}
	if reason != "" {
		s.record(msgEntry(KindDrop, m, reason))
		if reason == ReasonRefused {
			s.notifyDisconnect(m.To, m.From, true)
		}
		return
	}
	e.link.open = true
	s.record(msgEntry(KindDeliver, m, ""))
	s.env.self = m.To
	sl.node.Receive(&s.env, *m)
}

// send puts m on the network.
func (s *Sim) send(m Message) MessageID {
	s.msgs++
	m.ID = MessageID(s.msgs)
	m.SentAt = s.now
	dest, ok := s.nodes[m.To]
	if !ok {
		s.record(msgEntry(KindDrop, &m, ReasonNoNode))
		return m.ID
	}
	l := s.net.link(m.From, m.To)
	reason, arrive := s.net.admit(l, s.now)
	if reason != "" {
		s.record(msgEntry(KindDrop, &m, reason))
		return m.ID
	}
	m.ArriveAt = arrive
	s.record(msgEntry(KindSend, &m, ""))
	e := s.q.alloc()
	e.kind, e.msg, e.link, e.dest = evDeliver, m, l, dest
	s.schedule(e, arrive)
	return m.ID
}

func msgEntry(k Kind, m *Message, reason string) TraceEntry {
	return TraceEntry{
		Kind: k, From: m.From, To: m.To, API: m.API, Label: m.Label,
		Summary: m.Summary, Reason: reason, Msg: m.ID, ArriveAt: m.ArriveAt,
		Lifecycle: m.Lifecycle,
	}
}

// setTimer schedules a timer for node.
func (s *Sim) setTimer(node NodeID, delay int64, kind string, data any) TimerID {
	if delay < 0 {
		panic(fmt.Sprintf("sim: %s set timer %q with negative delay %d ms", node, kind, delay))
	}
	s.timerNo++
	id := TimerID(s.timerNo)
	e := s.q.alloc()
	e.kind, e.node = evTimer, node
	e.timer = TimerEvent{ID: id, Kind: kind, Data: data, SetAt: s.now, At: s.now + delay}
	s.schedule(e, s.now+delay)
	s.timers[id] = e
	return id
}

// cancel removes a queued timer event.
func (s *Sim) cancel(e *event) {
	delete(s.timers, e.timer.ID)
	s.q.remove(e)
	s.q.release(e)
}

// record adds a trace entry. During a step it is held until the step ends
// (so the step's hash can be put on its first entry); otherwise it is
// emitted at once.
func (s *Sim) record(te TraceEntry) {
	s.traceNo++
	if !s.keepTrace && (!s.inStep || len(s.pending) > 0) {
		return // seen by no one; a step's first entry is kept for Step
	}
	te.Seq, te.Step, te.Time = s.traceNo, s.steps, s.now
	if s.inStep {
		s.pending = append(s.pending, te)
		return
	}
	s.emit(te)
}

func (s *Sim) emit(te TraceEntry) {
	s.trace.add(te)
	if s.cfg.OnTrace != nil {
		s.cfg.OnTrace(te)
	}
}

// Trace returns the trace entries kept (the last Config.TraceLimit), oldest
// first.
func (s *Sim) Trace() []TraceEntry { return s.trace.after(0) }

// TraceAfter returns the kept entries with Seq greater than seq, so a
// caller that remembers the last Seq it saw gets only what is new. If the
// first returned entry's Seq is not seq+1, entries were lost to the limit.
func (s *Sim) TraceAfter(seq uint64) []TraceEntry { return s.trace.after(seq) }

// LastSeq returns the Seq of the latest trace entry, 0 if none.
func (s *Sim) LastSeq() uint64 { return s.traceNo }

// RunUntil steps until cond returns true, checking it before each step. It
// returns ErrIdle if the queue empties first and ErrStepLimit after
// maxSteps steps.
func (s *Sim) RunUntil(cond func() bool, maxSteps int) error {
	if err := checkMax(maxSteps); err != nil {
		return err
	}
	for range maxSteps {
		if cond() {
			return nil
		}
		if _, ok := s.Step(); !ok {
			return fmt.Errorf("%w before the condition held, at %d ms", ErrIdle, s.now)
		}
	}
	if cond() {
		return nil
	}
	return s.limit(maxSteps)
}

// RunUntilTime processes every event due at or before t, then sets the
// clock to t. It returns ErrStepLimit after maxSteps steps, leaving the
// clock at the last event.
func (s *Sim) RunUntilTime(t int64, maxSteps int) error {
	if err := checkMax(maxSteps); err != nil {
		return err
	}
	if t < s.now {
		return fmt.Errorf("%w: run until %d ms, now %d ms", ErrPast, t, s.now)
	}
	for range maxSteps {
		if at, ok := s.NextTime(); !ok || at > t {
			s.now = t
			return nil
		}
		s.Step()
	}
	if at, ok := s.NextTime(); !ok || at > t {
		s.now = t
		return nil
	}
	return s.limit(maxSteps)
}

// RunFor is RunUntilTime(Now()+ms, maxSteps).
func (s *Sim) RunFor(ms int64, maxSteps int) error {
	mustNotBeNegative("duration", ms)
	return s.RunUntilTime(s.now+ms, maxSteps)
}

// RunUntilIdle steps until no events are left. It returns ErrStepLimit
// after maxSteps steps.
func (s *Sim) RunUntilIdle(maxSteps int) error {
	return s.RunUntil(func() bool { return s.q.len() == 0 }, maxSteps)
}

func checkMax(maxSteps int) error {
	if maxSteps <= 0 {
		return errors.New("sim: maxSteps must be positive, got " + strconv.Itoa(maxSteps))
	}
	return nil
}

func (s *Sim) limit(maxSteps int) error {
	return fmt.Errorf("%w: %d steps, at %d ms, %d events pending, seed %d", ErrStepLimit, maxSteps, s.now, s.q.len(), s.cfg.Seed)
}
