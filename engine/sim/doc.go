// Package sim is the deterministic simulation kernel that every node of the
// simulated Kafka cluster runs on: brokers, the controller, producers and
// consumers. It owns a simulated clock, an event queue, a network between
// the nodes, seeded random streams and a trace of everything that happens.
// Same seed and same inputs give the same run, event for event, natively
// and in WebAssembly.
//
// # Model
//
// Time is an int64 of simulated milliseconds that moves only when an event
// is processed. The event queue is a min-heap ordered by (time, seq), where
// seq is a global counter of scheduled events, so events due at the same
// millisecond run in the order they were scheduled. There are three kinds
// of event: the delivery of a message, a node's timer firing, and an input
// from a test or the UI (Inject, Do), which makes user actions and faults
// part of the deterministic schedule and of the trace.
//
// A node implements Node. The kernel calls Receive for a delivered message
// and Timer for a timer the node set, passing an Env through which the node
// does everything else: Now, Send, After, Cancel, Record (a local step for
// the trace), Rand (a named PRNG stream) and NewUUID. A node never sees the
// kernel's internals and never does I/O; like etcd raft's RawNode it is a
// pure state machine whose outputs are messages, timers and trace entries.
//
// The Network has a one-way link per ordered pair of nodes with a latency
// (DefaultLatencyMs unless configured, globally or per link) and optional
// jitter. Links are FIFO like a TCP connection. Faults: cut a link one way
// or both (Cut, CutBoth, Heal, HealBoth), Isolate and Rejoin a node, Split
// the nodes into two sides, DropNext n messages, random loss as an integer
// ratio p/q (SetLoss, SetLinkLoss), Slow a link, HealAll, and DropInFlight
// one message already on the wire (the lab's "drop this message"). A message
// that cannot be delivered is dropped and traced with a Reason, so learners
// see it. Sim.Stop and Sim.Start mark a node down and up; messages to a
// down node are dropped and its timers are cancelled. Sim.Crash is Stop
// for a process whose machine stays up (disconnect.go): the peers that
// hold a connection to it, and those that send to it while it is down, get
// a disconnect event (Disconnecter) one link latency later, as a TCP reset
// tells Kafka's NetworkClient; Stop alone (a power loss) tells nobody.
// Reconnects is the clients' reconnect.backoff.ms after such an event.
//
// Randomness comes from one seed split into named streams (StreamNetwork,
// StreamWorkload, StreamFaults, StreamIDs, StreamJitter, or any other
// name). Each stream is a PCG seeded from the seed and the stream's name
// alone, so a new draw in one stream never shifts another. Probabilities
// are integer ratios; no float reaches a decision. Ids that Kafka makes
// random (topic ids, member ids) come from NewUUID, which draws from the
// ids stream through uuid.NewRandomFromReader.
//
// # Stepping
//
// Step processes exactly one event and returns its trace entry. RunUntil,
// RunUntilTime, RunFor and RunUntilIdle loop over Step, and every one of
// them takes a maximum number of steps and returns ErrStepLimit rather
// than loop forever. There is a limit on everything: the queue
// (Config.MaxPending) and the trace (Config.TraceLimit) too.
//
// # Trace and state hash
//
// Every delivery, drop, timer, input, fault, send and local step is a
// TraceEntry with a consecutive Seq, the Step that made it, the time, the
// nodes, the Kafka API name, a human Label, a Summary of the payload and
// an optional Lifecycle step 1–15. The UI animates entries (TraceAfter
// returns what is new; Config.OnTrace streams them).
//
// StateHash is a CRC-64 (ECMA polynomial) of a canonical encoding of the
// whole state: the kernel's clock and counters, every node's AppendState in
// NodeID order, the pending events in (time, seq) order, the network's
// settings and the streams' PRNG states. The hash exists to show that two
// honest runs (native and browser, or a run and its replay) are the same,
// not to resist an adversary, so a 64-bit checksum is enough: it catches
// every change confined to 64 consecutive bits and misses a random change
// with probability 2^-64. It was chosen over SHA-256 and FNV-1a by
// measurement: in WebAssembly, where there is no SHA hardware and the
// browser hashes after every step, CRC-64 ran at 740 MB/s, FNV-1a at 150
// MB/s and SHA-256 at 31 MB/s; natively CRC-64 is also the fastest.
// Config.HashEveryStep puts the hash after each step on the step's first
// trace entry.
//
// # API
//
// Kernel (sim.go): New(Config) *Sim; AddNode, Node, Nodes, Stop, Start,
// IsUp; Crash, Disconnecter, KindDisconnect, ReasonRefused and Reconnects
// (disconnect.go, reconnect.go); Pause, Resume, IsPaused, Held and Fault (pause.go); Inject(at,
// node, label, fn) and Do(node, label, fn) for inputs;
// Step; RunUntil(cond, maxSteps), RunUntilTime(t, maxSteps), RunFor(ms,
// maxSteps), RunUntilIdle(maxSteps); Now, Steps, Pending, NextTime, Seed;
// Rand(stream) and NewUUID for drivers outside the nodes; Net; Trace,
// TraceAfter(seq), LastSeq; StateHash.
//
// Nodes (node.go, env.go): NodeID; Node {ID, Receive, Timer, AppendState};
// Message; MessageID; TimerEvent; TimerID; StateAppender for bodies and
// timer data that want to be hashed; Env {Self, Now, Send, After, Cancel,
// Record, Rand, NewUUID}.
//
// Network (network.go): SetLatency, SetJitter, SetLinkLatency,
// SetLinkJitter, Slow, Cut, CutBoth, Heal, HealBoth, Isolate, Rejoin,
// Split, DropNext, SetLoss, SetLinkLoss, HealAll; Reason* constants.
//
// Trace and hash (trace.go, hash.go): TraceEntry; Kind and the Kind*
// constants; Hash {String, Short, IsZero}; StateWriter {Int, Uint, Bool,
// Float, String, Bytes, Len}. Errors: ErrStepLimit, ErrIdle,
// ErrDuplicateNode, ErrUnknownNode, ErrPast, ErrQueueFull.
//
// # Using it
//
//	s := sim.New(sim.Config{Seed: 42})
//	s.AddNode(broker)   // a Node
//	s.AddNode(producer) // another
//	s.Do("producer-1", "send order-1", func(env *sim.Env) {
//		producer.Send(env, "order-1") // the node's own method, given the Env
//	})
//	err := s.RunUntilIdle(10_000)
//
// Nodes are initialized the same way: an input that calls the node's own
// start method with the Env, so it can set its first timers. Restarting a
// node after Stop is Start plus such an input.
//
// # Cost
//
// A step is O(log n) in the number of pending events and allocates
// nothing in steady state: events are recycled through a free list, the
// heap keeps its sort keys inline, a message carries the link and receiver
// it found when sent, and the kernel formats no strings (nodes make their
// own Label and Summary, so a node that wants lazy labels can build them
// only when asked). See BENCHMARKS.md.
//
// # What is not modelled
//
// The kernel does not model the content of messages (Body is opaque; the
// hash sees it only if it implements StateAppender), bandwidth or message
// sizes, duplication or reordering of messages (links are FIFO; both can be
// added as link faults), clock drift between nodes (all nodes read one
// clock), or disks (engine/log's MemStorage models fsync). Faults on nodes
// are Stop (a power loss: the node's timers are cancelled and messages to
// it dropped; what the process kept on disk is the node's business), Crash
// (Stop, and the connections reset) and Pause
// (pause.go: SIGSTOP or a long GC pause; messages, timers and inputs that
// come due are held, traced as hold entries, and replayed in order by
// Resume, so the node wakes as a zombie with a stale view).
//
// The design follows etcd raft (a state machine with no I/O, driven by
// messages and ticks), TigerBeetle's VOPR and FoundationDB's simulator (one
// seed, an event queue ordered by time and sequence, faults drawn from the
// seed, "reproduce with seed=N", a limit on everything).
package sim
