package lab

import (
	"fmt"
	"math"

	"github.com/kafkalab/kafkalab/engine/tools"
)

// InputCommand is a script typed into the lab's terminal: one command line,
// or several (a heredoc, a continued line), run with tools.Runner against
// the session's cluster.
//
// # Commands and the history slider
//
// A command runs to completion when it is applied: the Runner settles the
// simulation after each command that acts on the cluster (Runner.Settle, as
// the native kafkalab does), so the command moves the position from its
// stamp At to At+Steps in one go. Those positions in between belong to the
// command and are never shown on their own:
//
//   - the slider's head counts them (the history is the simulation's steps);
//   - Step at At, with the command not yet applied, applies it and lands
//     at At+Steps; Back from At+Steps lands at At, before the command (the
//     state exactly as it was when the learner typed it);
//   - GoTo to a position inside the command's span lands at At, before it.
//
// Replaying runs the same script against the same state, so it prints the
// same transcript and takes the same Steps; the transcript kept in the
// Input is the one printed the first time.
const InputCommand InputKind = "command"

// MaxCommandBytes bounds one terminal input (tools.MaxScriptBytes bounds it
// again when it is parsed).
const MaxCommandBytes = 64 << 10

// A Transcript is what a terminal command printed: stdout and stderr in the
// order written (the tools write both to one stream, as a terminal shows
// them), and the exit status of the last command run.
type Transcript struct {
	Output string
	// Stderr are the byte ranges of Output the tools wrote to standard
	// error, for the terminal to style.
	Stderr []tools.Span
	Status int
	// Rejected: the script did not parse (or was too long); it ran nothing
	// and is not in the history.
	Rejected bool
}

// Command runs script in the terminal now and records it in the history.
// A script that does not parse is not recorded: it returns the transcript
// the shell would print and status 2, and changes nothing.
func (s *Session) Command(script string) (Input, error) {
	return s.command(Input{Kind: InputCommand, Script: script})
}

// command is Command for in, which may carry an interrupt to replay
// (Interrupted after Steps, from a share code).
func (s *Session) command(in Input) (Input, error) {
	script := in.Script
	if len(script) > MaxCommandBytes {
		in.Result = Transcript{Output: fmt.Sprintf("kafkalab: the input is %d bytes; at most %d\n", len(script), MaxCommandBytes), Status: 2, Rejected: true}
		return in, nil
	}
	if _, err := tools.Parse(script); err != nil {
		in.Result = Transcript{Output: fmt.Sprintf("kafkalab: %v\n", err), Status: 2, Rejected: true}
		return in, nil
	}
	if err := s.record(in); err != nil {
		return in, err
	}
	if s.Pos() > s.head {
		s.head = s.Pos()
	}
	return s.inputs[len(s.inputs)-1], nil
}

// Transcripts returns the terminal commands applied at the current
// position, oldest first: what the terminal shows after a step back or a
// replay.
func (s *Session) Transcripts() []Input {
	var out []Input
	for _, in := range s.inputs[:s.cur.applied] {
		if in.Kind == InputCommand {
			out = append(out, in)
		}
	}
	return out
}

// runCommand runs in's script against r's cluster with r's Runner (created
// on first use: it keeps which trace entries were shown), and records the
// transcript and the steps it took in in.
func (r *run) runCommand(in *Input) error {
	if r.runner == nil {
		r.runner = tools.NewRunner(r.c, nil)
		r.runner.Settle = !r.noSettle
		r.runner.NoEcho = true
	}
	var out tools.Output
	start := r.pos()
	results, stopped, err := r.runScript(in, &out, start)
	t := Transcript{Output: out.String(), Stderr: out.Stderr()}
	switch {
	case stopped:
		t.Output += "^C\n"
		t.Status = InterruptedStatus
	case err != nil:
		t = Transcript{Output: fmt.Sprintf("kafkalab: %v\n", err), Status: 2}
	case len(results) > 0:
		t.Status = results[len(results)-1].Status
	}
	steps := r.pos() - start
	if in.ran && steps != in.Steps {
		return fmt.Errorf("lab: the command at step %d replayed in %d steps, not %d", in.At, steps, in.Steps)
	}
	if !in.ran {
		in.Result, in.Steps, in.ran, in.Interrupted = t, steps, true, stopped
	}
	return nil
}

// runScript runs in's script with r's Runner writing to out, watched by the
// session's Pause (long.go); stopped reports an interrupt, which unwinds
// out of the engine as a panic and is recovered here, and only here.
func (r *run) runScript(in *Input, out *tools.Output, start uint64) (results []tools.Result, stopped bool, err error) {
	r.runner.Out = out
	defer func() {
		r.unwatch()
		r.runner.Out = nil
		if p := recover(); p != nil {
			if _, ok := p.(interrupted); !ok {
				panic(p)
			}
			stopped = true
		}
	}()
	var pause Pause
	if r.pause != nil {
		pause = *r.pause
	}
	r.watch(in, start, pause, out)
	results, err = r.runner.RunScript(in.Script)
	return results, false, err
}

// fits reports whether r can apply its next input now without going past
// limit: every input but a command takes no steps.
func (s *Session) fits(r *run, limit uint64) bool {
	in := &s.inputs[r.applied]
	return in.Kind != InputCommand || !in.ran || r.pos()+in.Steps <= limit
}

// due reports whether r has an input stamped at its position not applied
// yet (a command held back by a limit).
func (s *Session) due(r *run) bool {
	return r.applied < len(s.inputs) && s.inputs[r.applied].At == r.pos()
}

const noLimit = math.MaxUint64
