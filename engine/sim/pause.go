package sim

import "fmt"

// KindHold marks an event held because its node is paused (Pause).
const KindHold Kind = "hold"

// ReasonPaused is the Reason of a hold entry.
const ReasonPaused = "node paused"

// Pause freezes node id as a stopped process (SIGSTOP) or a long garbage
// collection pause does: it processes nothing, but nothing is lost. Messages
// for it and its timers and inputs that come due are held, in the order they
// came due, each traced as a hold entry; Resume replays them. The node's
// state is untouched, so it wakes with a stale view of the world, as a
// zombie. Pausing a paused or down node is an error.
func (s *Sim) Pause(id NodeID) error {
	sl, ok := s.nodes[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownNode, id)
	}
	if !sl.up {
		return fmt.Errorf("sim: %s is down", id)
	}
	if sl.paused {
		return fmt.Errorf("sim: %s is already paused", id)
	}
	sl.paused = true
	s.record(TraceEntry{Kind: KindFault, From: id, Label: "pause " + string(id)})
	return nil
}

// Resume wakes a paused node: every event held while it was paused is
// queued again at the current time, in the order it came due, so a timer
// that should have fired long ago fires now and old messages arrive at
// once.
func (s *Sim) Resume(id NodeID) error {
	sl, ok := s.nodes[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownNode, id)
	}
	if !sl.paused {
		return fmt.Errorf("sim: %s is not paused", id)
	}
	sl.paused = false
	s.record(TraceEntry{Kind: KindFault, From: id, Label: fmt.Sprintf("resume %s (%d held events)", id, len(sl.held))})
	for _, e := range sl.held {
		if e.kind == evTimer {
			s.timers[e.timer.ID] = e
		}
		s.schedule(e, s.now)
	}
	clear(sl.held)
	sl.held = sl.held[:0]
	return nil
}

// IsPaused reports whether node id is paused.
func (s *Sim) IsPaused(id NodeID) bool {
	sl, ok := s.nodes[id]
	return ok && sl.paused
}

// Held returns how many events a paused node holds.
func (s *Sim) Held(id NodeID) int {
	if sl, ok := s.nodes[id]; ok {
		return len(sl.held)
	}
	return 0
}

// pausedTarget returns the slot of e's node if that node is paused.
func (s *Sim) pausedTarget(e *event) *slot {
	var sl *slot
	switch e.kind {
	case evDeliver:
		sl = e.dest
	default:
		if e.node != "" {
			sl = s.nodes[e.node]
		}
	}
	if sl != nil && sl.paused {
		return sl
	}
	return nil
}

// hold keeps e for Resume and traces it.
func (s *Sim) hold(sl *slot, e *event) {
	te := TraceEntry{Kind: KindHold, From: e.node, To: sl.id, Reason: ReasonPaused}
	switch e.kind {
	case evDeliver:
		te = msgEntry(KindHold, &e.msg, ReasonPaused)
	case evTimer:
		delete(s.timers, e.timer.ID)
		te.Label = e.timer.Kind
	case evInput:
		te.Label = e.label
	case evDisconnect:
		te.From, te.Label = e.peer, "connection to "+string(e.peer)+" closed"
	}
	s.record(te)
	e.index = -1
	sl.held = append(sl.held, e)
}

// dropHeld discards what a paused node held when it is stopped.
func (s *Sim) dropHeld(sl *slot) {
	sl.paused = false
	for _, e := range sl.held {
		s.q.release(e)
	}
	clear(sl.held)
	sl.held = sl.held[:0]
}

// Fault records a fault entry for node, for faults a driver applies to a
// node's state outside the kernel (a process crash, a power loss), so they
// appear in the trace like the kernel's own.
func (s *Sim) Fault(node NodeID, label string) {
	s.record(TraceEntry{Kind: KindFault, From: node, Label: label})
}
