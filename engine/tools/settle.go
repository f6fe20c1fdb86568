package tools

// passive are the lab's commands after which a settling Runner does not run
// the simulation: they drive simulated time themselves (step, run, sleep) or
// only show the cluster, so running it after them would spoil a step-by-step
// walk through the trace.
var passive = map[string]bool{
	"help": true, "brokers": true, "step": true, "run": true, "run-until-idle": true,
	"sleep": true, "time": true, "trace": true, "echo": true,
	"groups": true, "rebalances": true, "coordinator": true,
	"producers": true, "seed": true,
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

// Settling lets at most SettleMaxMs of simulated time pass after one
// command, in slices of SettleSliceMs: a fault (a paused leader, a cut link)
// can keep a cluster from ever settling, and a long silent wait would change
// what the learner's next command sees (a follower dropped from the ISR
// after 30 s, a group member expired after 45 s).
const (
	SettleMaxMs   = 5000
	SettleSliceMs = 5
)

// settle runs the simulation until only periodic work remains, or until
// SettleMaxMs have passed. The entries it ran are kept for trace, not
// printed, and a cluster that does not settle is not an error: the next
// command simply finds it busy, as it would find a real cluster.
//
// A cluster that can say whether it is quiescent (engine/cluster's
// Quiescent) is run in slices until it is; any other is run until idle.
func (r *Runner) settle() {
	q, ok := r.Cluster.(interface{ Quiescent() bool })
	if !ok {
		entries, _ := r.Cluster.RunUntilIdle()
		r.keep(entries)
		return
	}
	for start := r.Cluster.Now(); !q.Quiescent() && r.Cluster.Now()-start < SettleMaxMs; {
		entries, err := r.Cluster.RunFor(SettleSliceMs)
		r.keep(entries)
		if err != nil {
			return
		}
	}
}
