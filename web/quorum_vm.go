package web

import (
	"context"
	"strconv"
	"strings"
)

// The controller quorum in the cluster picture: with 3 controllers the
// controller box holds one card per controller node, each with its Raft
// role, epoch, log end offset and high watermark, the active controller
// marked, and a button that crashes or restarts it. With 1 controller the
// box keeps its caption and note.

// A QuorumNodeSpec is one controller node as the engine reports it.
type QuorumNodeSpec struct {
	Node          string // controller-1 …
	ID            int32  // its node.id
	Up            bool
	Role          string // Leader, Follower, Candidate, Unattached (Kafka's quorum states)
	Active        bool   // the active controller
	Epoch         int32
	LeaderID      int32 // -1: unknown
	EndOffset     int64
	HighWatermark int64
}

// A QuorumCardVM is one controller node's card, laid out.
type QuorumCardVM struct {
	QuorumNodeSpec
	BoxVM
}

const (
	quorumCardH   = 62
	quorumCardGap = 28 // the links between neighbours cross it
	quorumTop     = 50 // below the box's caption and the ZooKeeper note
	quorumNoteY   = 42 // the note on the ZooKeeper ensemble the articles draw
	// quorumLinkBand is the room under the cards for the links between
	// controllers that are not neighbours, and the links' marks.
	quorumLinkBand = 36
)

// quorumBoxH is the controller box's height with its caption, the note,
// the cards and the band of links under them.
const quorumBoxH = quorumTop + quorumCardH + quorumLinkBand

// layoutQuorum places the cards side by side inside the controller box.
func layoutQuorum(nodes []QuorumNodeSpec, box BoxVM) []QuorumCardVM {
	if len(nodes) == 0 {
		return nil
	}
	n := len(nodes)
	inner := box.W - 2*quorumCardGap
	w := (inner - (n-1)*quorumCardGap) / n
	out := make([]QuorumCardVM, n)
	for i, q := range nodes {
		out[i] = QuorumCardVM{QuorumNodeSpec: q,
			BoxVM: BoxVM{X: box.X + quorumCardGap + i*(w+quorumCardGap), Y: box.Y + quorumTop, W: w, H: quorumCardH, Caption: q.Node}}
	}
	return out
}

// quorumState is a card's data-state: down, active, or its role.
func quorumState(q QuorumCardVM) string {
	switch {
	case !q.Up:
		return "down"
	case q.Active:
		return "active"
	}
	return strings.ToLower(q.Role) // controller.Role's names
}

func i32(n int32) string { return strconv.Itoa(int(n)) }

// quorumAction is the act a card's button sends: crash a running
// controller, restart a crashed one.
func quorumAction(q QuorumCardVM) string {
	if q.Up {
		return "controller-crash"
	}
	return "controller-restart"
}

func quorumActionTitle(ctx context.Context, q QuorumCardVM) string {
	if q.Up {
		return tr(ctx, "Crash this controller (kill -9): the others elect a leader if it led")
	}
	return tr(ctx, "Restart this controller: it reloads its log and catches up")
}

// quorumRole is a Raft role as the card shows it. Kafka's names stay, with
// the Chinese word first on a Chinese page (the replicas' "leader" in zh
// is a different word: 主副本, the leader replica).
func quorumRole(ctx context.Context, role string) string {
	if LangOf(ctx) != "zh" {
		return role
	}
	switch role {
	case "Leader":
		return "领导者 (leader)"
	case "Follower":
		return "跟随者 (follower)"
	case "Candidate":
		return "候选者 (candidate)"
	}
	return "未关联 (unattached)"
}

func quorumClass(q QuorumCardVM) string {
	switch {
	case !q.Up:
		return "qnode down"
	case q.Active:
		return "qnode active"
	}
	return "qnode"
}

func quorumAt(q QuorumCardVM) string {
	return "translate(" + itoa(q.X) + " " + itoa(q.Y) + ")"
}

// quorumTitle is the card's first line: the node, and the active mark.
func quorumTitle(ctx context.Context, q QuorumCardVM) string {
	if q.Up && q.Active {
		return q.Node + "  ★ " + tr(ctx, "active")
	}
	return q.Node
}

// quorumRoleLine is the card's second line: the role and epoch, or why a
// crashed node still matters.
func quorumRoleLine(ctx context.Context, q QuorumCardVM) string {
	if !q.Up {
		return tr(ctx, "down") + " · " + tr(ctx, "its log and vote stay on disk")
	}
	return quorumRole(ctx, q.Role) + " · " + tr(ctx, "epoch") + " " + i32(q.Epoch)
}

// quorumLogLine is the card's third line: the metadata log's end offset and
// high watermark (a crashed node's epoch instead: it lost its watermark).
func quorumLogLine(ctx context.Context, q QuorumCardVM) string {
	if !q.Up {
		return "LEO " + i64(q.EndOffset) + " · " + tr(ctx, "epoch") + " " + i32(q.Epoch)
	}
	return "LEO " + i64(q.EndOffset) + " · HW " + i64(q.HighWatermark)
}
