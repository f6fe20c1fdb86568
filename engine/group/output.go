package group

import (
	"fmt"
	"slices"
)

// A Ref is the host's handle for one request: the coordinator returns it with
// the response, now or later, so the host can route the response to the
// right connection and correlation id.
type Ref uint64

// An Output is something the host must do: deliver a Response, schedule or
// cancel a timer, or append records to the __consumer_offsets partition.
// Outputs come back from every input in the order the host must apply them.
type Output interface{ isOutput() }

// A Response answers the request the host tagged with Ref. Body is one of
// the *…Response types of this package.
type Response struct {
	Ref  Ref
	Body any
}

// SetTimer asks the host to call Coordinator.Fire(At, Timer) at simulated
// time At. Setting a Timer that is already set moves it (Kafka's timer
// replaces a key's previous task).
type SetTimer struct {
	Timer Timer
	At    int64
}

// CancelTimer tells the host the Timer need not fire. A host that cannot
// cancel may let it fire: the coordinator ignores timers it no longer has.
type CancelTimer struct {
	Timer Timer
}

// Append asks the host to append Records to the coordinator's
// __consumer_offsets partition, in one batch, and to call
// Coordinator.Appended(ID, err) once the batch is committed (the high
// watermark passed it: acks=all) or has failed. The coordinator answers the
// requests waiting on the append only then.
type Append struct {
	ID      uint64
	Records []Record
}

// A Record is one record of __consumer_offsets; a nil Value is a tombstone.
type Record struct {
	Key, Value []byte
}

func (Response) isOutput()    {}
func (SetTimer) isOutput()    {}
func (CancelTimer) isOutput() {}
func (Append) isOutput()      {}

// A TimerKind names one of the coordinator's delayed operations.
type TimerKind int8

const (
	// TimerHeartbeat expires a member's session (Kafka's "heartbeat-<group>-<member>").
	TimerHeartbeat TimerKind = iota + 1
	// TimerJoin ends the join phase: the rebalance timeout, or a step of the
	// initial rebalance delay ("join-<group>").
	TimerJoin
	// TimerSync removes members that did not send SyncGroup within the
	// rebalance timeout ("sync-<group>").
	TimerSync
)

func (k TimerKind) String() string {
	switch k {
	case TimerHeartbeat:
		return "heartbeat"
	case TimerJoin:
		return "join"
	case TimerSync:
		return "sync"
	}
	return fmt.Sprintf("TimerKind(%d)", int8(k))
}

// A Timer identifies one delayed operation; Member is set for heartbeats.
type Timer struct {
	Kind   TimerKind
	Group  string
	Member string
}

func (t Timer) String() string {
	if t.Member != "" {
		return t.Kind.String() + "-" + t.Group + "-" + t.Member
	}
	return t.Kind.String() + "-" + t.Group
}

// emit collects the outputs of one input.
func (c *Coordinator) emit(o Output) { c.out = append(c.out, o) }

func (c *Coordinator) respond(ref Ref, body any) { c.emit(Response{Ref: ref, Body: body}) }

// flush returns the outputs of the current input.
func (c *Coordinator) flush() []Output {
	out := c.out
	c.out = nil
	return slices.Clip(out)
}

// schedule sets timer t to fire delayMs after now.
func (c *Coordinator) schedule(now int64, t Timer, delayMs int32) {
	at := now + int64(delayMs)
	c.timers[t] = at
	c.emit(SetTimer{Timer: t, At: at})
}

// cancel drops timer t if it is set.
func (c *Coordinator) cancel(t Timer) {
	if _, ok := c.timers[t]; ok {
		delete(c.timers, t)
		c.emit(CancelTimer{Timer: t})
	}
}

func heartbeatTimer(g, m string) Timer { return Timer{Kind: TimerHeartbeat, Group: g, Member: m} }
func joinTimer(g string) Timer         { return Timer{Kind: TimerJoin, Group: g} }
func syncTimer(g string) Timer         { return Timer{Kind: TimerSync, Group: g} }
