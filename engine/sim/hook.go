package sim

// SetStepHook sets f to be called after every step Step processes (nil:
// none), once the step is complete: its trace is emitted and the state is
// consistent.
//
// It is how a host with one thread (the browser's lab) lets long work breathe
// and stops a command the learner interrupts (engine/lab): f may panic to
// unwind out of whatever is running the simulation, and the simulation is
// left as it was after the step. f must not change the simulation: it is
// called at the same points in every run, so a run with a hook is the same
// run as without.
func (s *Sim) SetStepHook(f func()) { s.hook = f }

// Breathe calls the step hook between steps, for long work outside the
// simulation (a tool preparing 100,000 records before it sends the first):
// the host may pause there too. It changes nothing.
func (s *Sim) Breathe() {
	if s.hook != nil {
		s.hook()
	}
}
