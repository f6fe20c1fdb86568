package tools

import (
	"fmt"
	"io"
	"strconv"
)

// The seed command. This file sorts after lab_commands.go, so its init runs
// after labCommands exists.
func init() {
	labCommands["seed"] = labCommand{"seed [N]", "show the simulation's seed, or start a fresh cluster with seed N where the lab can", (*Runner).seedCmd}
}

// A Seeded cluster knows the seed of its simulation (engine/cluster).
type Seeded interface {
	Seed() uint64
}

// seedCmd shows the seed, or restarts the session's cluster with a new
// one through the Runner's Reseed hook. A simulation cannot change its seed
// midway (every random stream was drawn from it), so a new seed means a new
// cluster: its topics and data start empty.
func (r *Runner) seedCmd(cmd Command, w io.Writer) int {
	if len(cmd.Args) > 1 {
		return labUsage(w, cmd.Name)
	}
	if len(cmd.Args) == 0 {
		s, ok := r.Cluster.(Seeded)
		if !ok {
			return labFail(w, cmd.Name, fmt.Errorf("this cluster does not say its seed"))
		}
		fmt.Fprintf(w, "seed %d\n", s.Seed())
		return 0
	}
	seed, err := strconv.ParseUint(cmd.Args[0], 10, 64)
	if err != nil {
		fmt.Fprintf(w, "seed: N must be a whole number from 0 to %d\n", uint64(1<<64-1))
		return 2
	}
	if r.Reseed == nil {
		fmt.Fprintln(w, "seed: this lab cannot change the seed of a running cluster; start it with the seed instead (kafkalab -seed N, or the lab page's seed)")
		return 1
	}
	c, err := r.Reseed(seed)
	if err != nil {
		return labFail(w, cmd.Name, err)
	}
	r.Cluster, r.shown, r.kept = c, 0, nil
	fmt.Fprintf(w, "seed %d: a fresh cluster of %d brokers; the previous cluster and its topics are gone\n", seed, len(c.Brokers()))
	return 0
}
