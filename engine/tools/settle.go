package tools

import (
	"fmt"
	"io"
)

// passive are the lab's commands after which a settling Runner does not run
// the simulation: they drive simulated time themselves (step, run, sleep) or
// only show the cluster, so running it after them would spoil a step-by-step
// walk through the trace.
var passive = map[string]bool{
	"help": true, "brokers": true, "step": true, "run": true, "run-until-idle": true,
	"sleep": true, "time": true, "trace": true, "echo": true,
	"groups": true, "rebalances": true, "coordinator": true,
}

// settles reports whether a settling Runner runs the simulation until idle
// after the command: after Kafka's tools and the lab's commands that act on
// the cluster, not after passive commands or a command not found.
func settles(name string) bool {
	if _, ok := LookupTool(name); ok {
		return true
	}
	_, lab := labCommands[name]
	return lab && !passive[name]
}

// settle runs the simulation until only periodic work remains. The entries
// it ran are kept for trace, not printed. A cluster that does not settle
// (a follower cut off from its leader keeps fetching in vain) is reported
// with a lab: note; the command's status is not changed.
func (r *Runner) settle(w io.Writer) {
	entries, err := r.Cluster.RunUntilIdle()
	r.keep(entries)
	if err != nil {
		fmt.Fprintf(w, "lab: the simulation did not settle: %v\n", err)
	}
}
