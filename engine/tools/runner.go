package tools

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// MaxKeptTrace bounds the trace entries a Runner keeps from step and run
// when its cluster is not a TraceSource.
const MaxKeptTrace = 1 << 16

// A Runner runs scripts against one cluster and writes the transcript: each
// command echoed after "$ ", as a terminal shows it, then what the command
// wrote to stdout and stderr, then "[exit status N]" if it failed. The
// Runner keeps the lab commands' state (which trace entries were shown), so
// one Runner serves a whole session: a script, a lesson or a terminal.
type Runner struct {
	// Cluster is the cluster the commands run against.
	Cluster Cluster
	// Out receives the transcript.
	Out io.Writer
	// ContinueOnError runs the rest of a script after a command fails;
	// otherwise the script stops at the first failure.
	ContinueOnError bool
	// Settle runs the simulation until idle (as run idle does, but for at
	// most SettleMaxMs) after each command that acts on the cluster, so that a script's transcript does
	// not depend on how long a learner paused between commands. The lab's
	// commands that drive or only show the simulation (step, run, sleep,
	// trace, time …) do not settle, so step still goes event by event.
	Settle bool
	// NoEcho leaves out the "$ command" line, for an interactive shell where
	// the learner has just typed the command.
	NoEcho bool
	// Reseed, if set, replaces the cluster with a fresh one built with the
	// given seed, for the seed command (lab_seed.go); nil where a session
	// cannot restart its cluster.
	Reseed func(seed uint64) (Cluster, error)

	shown uint64           // the last trace Seq shown by trace or step
	kept  []sim.TraceEntry // entries returned by step and run, without a TraceSource
	// printing is the running command's output (Printing).
	printing *Output
}

// A Result is the outcome of one command of a script.
type Result struct {
	Line   int    // the line the command starts on
	Name   string // the program
	Status int    // its exit status: 0 for success
}

// NewRunner returns a Runner writing the transcript to out.
func NewRunner(c Cluster, out io.Writer) *Runner {
	return &Runner{Cluster: c, Out: out}
}

// RunScript parses a script and runs its commands, writing the transcript.
// It returns one Result per command run. A script that does not parse runs
// nothing and returns the *SyntaxError.
func (r *Runner) RunScript(script string) ([]Result, error) {
	cmds, err := Parse(script)
	if err != nil {
		return nil, err
	}
	var results []Result
	for _, cmd := range cmds {
		status := r.Exec(cmd)
		results = append(results, Result{Line: cmd.Line, Name: cmd.Name, Status: status})
		if status != 0 && !r.ContinueOnError {
			break
		}
	}
	return results, nil
}

// Printing returns what the command running now has printed so far, nil
// between commands: a host showing a long command's progress reads it
// (from the engine's step hook, while the command runs).
func (r *Runner) Printing() *Output { return r.printing }

// Exec runs one command, echoing it and its output to the transcript, and
// returns its exit status.
func (r *Runner) Exec(cmd Command) int {
	if !r.NoEcho {
		fmt.Fprintf(r.Out, "$ %s\n", cmd.Text)
	}
	var out Output
	r.printing = &out
	defer func() {
		r.printing = nil
		if p := recover(); p != nil {
			// Stopped inside the engine (an interrupt unwinds as a panic):
			// what the command had printed stays in the transcript, as a
			// terminal keeps the lines of a process killed by Ctrl-C.
			out.WriteTo(r.Out)
			panic(p)
		}
	}()
	status := r.dispatch(cmd, &out)
	if r.Settle && settles(cmd.Name) {
		r.settle()
	}
	out.WriteTo(r.Out)
	if out.Len() > 0 && !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
		// A tool whose output does not end a line (print.value=false, a
		// custom line.separator) leaves the prompt on the next line, as a
		// shell would not; the transcript stays readable.
		io.WriteString(r.Out, "\n")
	}
	if status != 0 {
		fmt.Fprintf(r.Out, "[exit status %d]\n", status)
	}
	return status
}

// dispatch runs a Kafka tool or a lab command, writing both its output
// streams, in order, to out, which keeps standard error apart. The lab's
// commands write standard output only; the shell's own messages ("command
// not found") go to standard error, as a shell writes them.
func (r *Runner) dispatch(cmd Command, out *Output) int {
	if tool, ok := LookupTool(cmd.Name); ok {
		return tool(r.Cluster, cmd.Args, bytes.NewReader(cmd.Stdin), out, stderrOf{out})
	}
	if why, ok := notYet[toolName(cmd.Name)]; ok {
		fmt.Fprintf(stderrOf{out}, "lab: %s: %s\n", cmd.Name, why)
		return 1
	}
	if lc, ok := labCommands[cmd.Name]; ok {
		return lc.run(r, cmd, out)
	}
	fmt.Fprintf(stderrOf{out}, "kafkalab: %s: command not found (type help for the lab's commands)\n", cmd.Name)
	return 127
}

// keep records trace entries returned by step and run, for the trace command
// of a cluster that is not a TraceSource.
func (r *Runner) keep(entries []sim.TraceEntry) {
	if _, ok := r.Cluster.(TraceSource); ok {
		return
	}
	r.kept = append(r.kept, entries...)
	if over := len(r.kept) - MaxKeptTrace; over > 0 {
		r.kept = append(r.kept[:0:0], r.kept[over:]...)
	}
}

// traceAfter returns the entries with Seq greater than seq.
func (r *Runner) traceAfter(seq uint64) []sim.TraceEntry {
	if ts, ok := r.Cluster.(TraceSource); ok {
		return ts.TraceAfter(seq)
	}
	for i, e := range r.kept {
		if e.Seq > seq {
			return r.kept[i:]
		}
	}
	return nil
}

// formatEntry renders a trace entry on one line, in a stable format:
//
//	#42     12ms deliver  producer-1 → broker-2   Produce  4. ProduceRequest(orders, P1)
func formatEntry(e sim.TraceEntry) string {
	route := string(e.From)
	if e.To != "" {
		route += " → " + string(e.To)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "#%-5d %7s %-8s %-24s", e.Seq, fmt.Sprintf("%dms", e.Time), e.Kind, route)
	if e.API != "" {
		b.WriteString(" " + e.API)
	}
	if e.Label != "" && e.Label != e.API {
		b.WriteString("  " + e.Label)
	}
	if e.Reason != "" {
		b.WriteString(" (" + e.Reason + ")")
	}
	return strings.TrimRight(b.String(), " ")
}
