package sim

import (
	"fmt"
	"math/rand/v2"

	"github.com/google/uuid"
)

// An Env is what a node sees of the kernel while it handles one event. It
// is valid only during that call; the kernel reuses it.
type Env struct {
	s    *Sim
	self NodeID
}

// Self returns the id of the node being called, or "" for an input that
// belongs to no node.
func (env *Env) Self() NodeID { return env.self }

// Now returns the simulated time in ms.
func (env *Env) Now() int64 { return env.s.now }

// Send sends m through the network and returns its id. From is set to the
// calling node; an input that belongs to no node must set From itself. A
// message the network cannot carry is dropped and the drop is traced.
func (env *Env) Send(m Message) MessageID {
	switch {
	case env.self == "" && m.From == "":
		panic("sim: Send without From from an input that belongs to no node")
	case env.self != "" && m.From != "" && m.From != env.self:
		panic(fmt.Sprintf("sim: %s sends a message from %s", env.self, m.From))
	case env.self != "":
		m.From = env.self
	}
	return env.s.send(m)
}

// After sets a timer that calls the node's Timer method delayMs from now,
// with kind and data in the TimerEvent. A timer set for the same time as
// other events fires after those already queued.
func (env *Env) After(delayMs int64, kind string, data any) TimerID {
	if env.self == "" {
		panic("sim: After from an input that belongs to no node")
	}
	return env.s.setTimer(env.self, delayMs, kind, data)
}

// Cancel cancels one of the node's timers and reports whether it was still
// pending.
func (env *Env) Cancel(id TimerID) bool {
	e, ok := env.s.timers[id]
	if !ok || e.node != env.self {
		return false
	}
	env.s.cancel(e)
	return true
}

// Record adds a local step to the trace, such as "2. serialize key/value"
// or "5. leader appends at offset 5". Kind defaults to KindLocal and From
// to the calling node; Seq, Step and Time are set by the kernel.
func (env *Env) Record(e TraceEntry) {
	if e.Kind == "" {
		e.Kind = KindLocal
	}
	if e.From == "" {
		e.From = env.self
	}
	e.Hash = 0
	env.s.record(e)
}

// Rand returns the PRNG stream called name (see StreamNetwork and the
// other Stream constants). Every caller of a name shares its stream.
func (env *Env) Rand(name string) *rand.Rand { return env.s.streams.get(name) }

// NewUUID draws a random (version 4) UUID from the ids stream: Kafka's
// topic ids, member ids and the like. Never call uuid.New in the engine.
func (env *Env) NewUUID() uuid.UUID { return env.s.streams.newUUID() }
