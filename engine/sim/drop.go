package sim

import (
	"errors"
	"fmt"
)

// ReasonDropInFlight is the drop reason of a message taken off the wire
// with DropInFlight.
const ReasonDropInFlight = "dropped in flight"

// ErrNotInFlight is returned by DropInFlight for a message that is not on
// the wire: never sent, already delivered or dropped, or held by a paused
// node.
var ErrNotInFlight = errors.New("sim: message not in flight")

// DropInFlight loses message id while it travels: its delivery is taken off
// the queue and a drop is traced with ReasonDropInFlight, as a packet lost
// on the wire after it left the sender. Call it between steps (it is an
// input): the run stays deterministic because the message ids are.
func (s *Sim) DropInFlight(id MessageID) error {
	if s.inStep {
		panic("sim: DropInFlight called from inside a step")
	}
	for _, it := range s.q.heap {
		e := it.e
		if e.kind != evDeliver || e.msg.ID != id {
			continue
		}
		m := e.msg
		s.q.remove(e)
		s.q.release(e)
		s.record(msgEntry(KindDrop, &m, ReasonDropInFlight))
		return nil
	}
	return fmt.Errorf("%w: message %d", ErrNotInFlight, id)
}

// InFlight reports whether message id is on the wire: sent, not yet
// delivered or dropped, and not held by a paused node.
func (s *Sim) InFlight(id MessageID) bool {
	for _, it := range s.q.heap {
		if it.e.kind == evDeliver && it.e.msg.ID == id {
			return true
		}
	}
	return false
}
