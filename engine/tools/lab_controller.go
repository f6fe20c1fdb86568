package tools

import (
	"fmt"
	"io"
	"strings"

	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// QuorumCluster and QuorumNode are toolsapi's.
type (
	QuorumCluster = toolsapi.QuorumCluster
	QuorumNode    = toolsapi.QuorumNode
)

// The lab's controller commands: the quorum's state, and crash and restart
// of a controller node (crash controller-2, restart controller-2; the
// broker fault commands hand controller-N to controllerFault).
func init() {
	labCommands["quorum"] = labCommand{"quorum", "show each controller: its role in the metadata quorum, epoch, leader, log end offset and high watermark", (*Runner).quorum}
}

func (r *Runner) quorumCluster(w io.Writer, name string) (QuorumCluster, bool) {
	qc, ok := r.Cluster.(QuorumCluster)
	if !ok {
		fmt.Fprintf(w, "%s: this cluster has no controller quorum\n", name)
	}
	return qc, ok
}

// isControllerArg reports whether a fault command names a controller.
func isControllerArg(s string) bool {
	return s == "controller" || strings.HasPrefix(s, "controller-")
}

// controllerFault runs crash or restart on a controller node.
func (r *Runner) controllerFault(cmd Command, w io.Writer) int {
	qc, ok := r.quorumCluster(w, cmd.Name)
	if !ok {
		return 1
	}
	n := sim.NodeID(cmd.Args[0])
	var err error
	switch cmd.Name {
	case "crash":
		err = qc.CrashController(n)
	case "restart":
		err = qc.RestartController(n)
	default:
		err = fmt.Errorf("%s acts on brokers; a controller can be crashed and restarted", cmd.Name)
	}
	if err != nil {
		return labFail(w, cmd.Name, err)
	}
	return 0
}

func (r *Runner) quorum(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 0 {
		return labUsage(w, cmd.Name)
	}
	qc, ok := r.quorumCluster(w, cmd.Name)
	if !ok {
		return 1
	}
	fmt.Fprintf(w, "%-14s %-6s %-5s %-11s %-6s %-7s %-10s %s\n", "NODE", "ID", "UP", "ROLE", "EPOCH", "LEADER", "END-OFFSET", "HIGH-WATERMARK")
	for _, q := range qc.QuorumNodes() {
		role, up, leader := q.Role, "up", "-"
		if q.Active {
			role += "*"
		}
		if !q.Up {
			up, role = "down", "-"
		}
		if q.LeaderID >= 0 {
			leader = fmt.Sprint(q.LeaderID)
		}
		fmt.Fprintf(w, "%-14s %-6d %-5s %-11s %-6d %-7s %-10d %d\n", q.Node, q.ID, up, role, q.Epoch, leader, q.EndOffset, q.HighWatermark)
	}
	fmt.Fprintln(w, "(* the active controller: its LeaderChange record is committed)")
	return 0
}
