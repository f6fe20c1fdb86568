package lab

import "github.com/kafkalab/kafkalab/engine/tools"

// Long commands: a perf test of 100,000 records runs hundreds of thousands
// of simulation steps, seconds of work in the browser, which has one
// thread. The session lets its host pause between steps (SetPause) and
// interrupt the command the learner typed (Ctrl-C), and an interrupt is
// exact: the command stops after the same step in every replay.
//
// Where the lab simplifies a shell: an interrupted command keeps what it
// had printed (the producer perf test's 5-second lines), then "^C", and
// exits with 130, as a shell reports SIGINT; what it had started goes on
// in the cluster (records in flight still arrive), as if the process had
// died and left its requests on the wire. Kafka's perf tools have no
// shutdown hook that prints a summary.

// A Progress is how far a command has run.
type Progress struct {
	Steps   uint64 // simulation steps since the command started
	NowMs   int64  // the simulated clock
	StartMs int64  // the simulated clock when the command started
	// Replay: a command replayed (going back, or a checkpoint being built),
	// which cannot be interrupted.
	Replay bool
	// Printed returns what the script has printed so far from byte from
	// on (its earlier commands and the running one), for the host to show
	// as the command goes; nil in a replay, whose output is known.
	Printed func(from int) string
	// Abandon: returning true abandons the replay (a Seek going back, on a
	// run of its own; Idle building a spare) and changes nothing the
	// learner sees.
	Abandon bool
}

// A Pause is called every PauseEvery steps of a running command, and while
// a tool prepares long work before its first step. It may block (the
// browser yields to its event loop there) and returns true to interrupt
// the command the learner typed. While Idle replays a command to build a
// spare, true abandons that spare (the learner acted: the page should
// answer now, and the spare is built again later), as it abandons a Seek
// replaying a command on a run of its own (seek.go); it must not return
// true for any other replay (Step, GoTo or a forward Seek replaying a
// command): Progress.Abandon says which.
type Pause func(Progress) (interrupt bool)

// PauseEvery is the number of simulation steps between calls of a Pause
// (a Pause that reads a clock every call would cost more than the steps).
// A tool's long work outside the simulation calls it too
// (toolsapi.Breather), at step 0 of the command.
const PauseEvery = 32

// InterruptedStatus is the exit status of a command stopped by Ctrl-C, as
// a shell reports a process killed by SIGINT (128 + 2).
const InterruptedStatus = 130

// SetPause sets the function called while commands run (nil: none).
func (s *Session) SetPause(p Pause) { s.pause = p }

// interrupted unwinds a command out of the engine at the step it was
// interrupted (sim.SetStepHook).
type interrupted struct{}

// watch installs r's step hook for the command in: it pauses every
// PauseEvery steps and, for a command interrupted the first time it ran,
// stops it after exactly the same step (as does a command from a share
// code that was interrupted there).
func (r *run) watch(in *Input, start uint64, pause Pause, out *tools.Output) {
	sm := r.c.Sim()
	if pause == nil && !in.Interrupted {
		return
	}
	startMs := sm.Now()
	var printed func(int) string
	if !in.ran {
		printed = func(from int) string { return r.printed(out, from) }
	}
	sm.SetStepHook(func() {
		n := r.pos() - start
		if in.Interrupted && n >= in.Steps {
			panic(interrupted{})
		}
		if pause != nil && n%PauseEvery == 0 && pause(Progress{Steps: n, NowMs: sm.Now(), StartMs: startMs, Replay: in.ran, Abandon: in.ran && r.abandon, Printed: printed}) {
			if !in.ran {
				panic(interrupted{})
			}
			panic(abandoned{})
		}
	})
}

// printed is what a running script has printed from byte from on: out
// holds its finished commands, the Runner the running one's output.
func (r *run) printed(out *tools.Output, from int) string {
	done := out.Bytes()
	var now []byte
	if o := r.runner.Printing(); o != nil {
		now = o.Bytes()
	}
	switch {
	case from >= len(done)+len(now):
		return ""
	case from >= len(done):
		return string(now[from-len(done):])
	}
	return string(done[from:]) + string(now)
}

// abandoned unwinds Idle out of a replay its host wants to stop.
type abandoned struct{}

// abandonBuild takes what Idle recovered: an abandoned replay drops the
// spare it was building (it is half-built); any other panic goes on.
func (s *Session) abandonBuild(p any) bool {
	if p == nil {
		return false
	}
	if _, ok := p.(abandoned); !ok {
		panic(p)
	}
	s.build = nil
	return true
}

// unwatch removes r's step hook.
func (r *run) unwatch() { r.c.Sim().SetStepHook(nil) }
