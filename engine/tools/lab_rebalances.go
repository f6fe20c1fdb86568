package tools

import (
	"errors"
	"fmt"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"io"
	"strings"
)

// The lab's rebalance commands: what each member got and gave up in each
// rebalance, and which broker coordinates a group. This file sorts after
// lab_commands.go, so its init runs after labCommands exists.
func init() {
	labCommands["rebalances"] = labCommand{"rebalances [GROUP]",
		"each member's rebalances from the trace: generation, assignor, partitions assigned, newly assigned and revoked",
		(*Runner).rebalancesCmd}
	labCommands["coordinator"] = labCommand{"coordinator GROUP",
		"the broker coordinating GROUP (the leader of its __consumer_offsets partition)",
		(*Runner).coordinatorCmd}
}

// rebalancesCmd lists, from the whole trace, the entries in which a member
// joined a generation (with what it was assigned and revoked) or revoked
// partitions: eagerly, all of them before rejoining; cooperatively, only
// those that move, after which it rejoins.
func (r *Runner) rebalancesCmd(cmd Command, w io.Writer) int {
	if len(cmd.Args) > 1 {
		return labUsage(w, cmd.Name)
	}
	gc, ok := r.groupCluster(w, cmd.Name)
	if !ok {
		return 1
	}
	groupOf := map[string]string{}
	for _, ci := range gc.Consumers() {
		groupOf[ci.Name] = ci.Group
	}
	n := 0
	for _, e := range r.traceAfter(0) {
		member := string(e.From)
		g, isMember := groupOf[member]
		if !isMember || e.To != "" || (len(cmd.Args) == 1 && g != cmd.Args[0]) {
			continue
		}
		var line string
		switch {
		case strings.HasPrefix(e.Label, "11. consumer "+member+" (") && strings.Contains(e.Label, " joins generation "):
			// "11. consumer c1 (member-id) joins generation 2 of g1 with range"
			_, rest, _ := strings.Cut(e.Label, " joins generation ")
			gen, rest, _ := strings.Cut(rest, " of ")
			_, assignor, _ := strings.Cut(rest, " with ")
			line = fmt.Sprintf("joins generation %s (%s): %s", gen, assignor, e.Summary)
		case strings.Contains(e.Label, "revokes all its partitions before rejoining"),
			strings.Contains(e.Label, " (cooperative): it rejoins"):
			line = strings.TrimPrefix(e.Label, "consumer "+member+" ")
		default:
			continue
		}
		fmt.Fprintf(w, "%7s  %-4s %-6s %s\n", fmt.Sprintf("%dms", e.Time), g, member, line)
		n++
	}
	if n == 0 {
		fmt.Fprintln(w, "(no rebalances in the trace)")
	}
	return 0
}

func (r *Runner) coordinatorCmd(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 1 {
		return labUsage(w, cmd.Name)
	}
	gc, ok := r.groupCluster(w, cmd.Name)
	if !ok {
		return 1
	}
	d, err := gc.DescribeGroup(cmd.Args[0])
	if errors.Is(err, kerr.GroupIDNotFound) {
		return labFail(w, cmd.Name, fmt.Errorf("group %s does not exist", cmd.Args[0]))
	}
	if err != nil {
		return labFail(w, cmd.Name, err)
	}
	fmt.Fprintf(w, "group %s (%s) is coordinated by broker-%d\n", d.ID, d.State, d.Coordinator.ID)
	return 0
}
