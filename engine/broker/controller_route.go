package broker

import (
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// Finding the active controller of a quorum (Config.Controllers), as
// NodeToControllerChannelManager and the KRaft observer do: every request
// for the controller goes to the one the broker believes active; an answer
// NOT_CONTROLLER or NOT_LEADER_OR_FOLLOWER that names the leader moves it
// there, one that names none, or a request that timed out (a dead
// controller), moves it to the next voter in turn. Heartbeats then go to
// the new controller, which gave every broker a fresh session when it
// became active, so a short failover fences nobody. With a single
// controller nothing here changes what the broker does.

// controller returns the controller the broker sends to.
func (b *Broker) controller() sim.NodeID {
	if len(b.cfg.Controllers) == 0 {
		return b.cfg.Controller
	}
	return b.cfg.Controllers[b.ctrlIdx%len(b.cfg.Controllers)]
}

// controllerMoved handles an answer with err: if it is NOT_CONTROLLER or
// NOT_LEADER_OR_FOLLOWER from a controller, the broker turns to the leader
// it names, or to the next controller. It reports whether err was such an
// answer.
func (b *Broker) controllerMoved(env *sim.Env, err error) bool {
	hint, ok := protocol.LeaderHint(err)
	if !ok || len(b.cfg.Controllers) == 0 {
		return ok
	}
	if i := slices.Index(b.cfg.Controllers, sim.NodeID(hint)); i >= 0 && hint != "" {
		if i != b.ctrlIdx {
			b.ctrlIdx = i
			env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d turns to %s, the active controller it was told of", b.cfg.ID, hint)})
		}
		return true
	}
	b.nextController(env, "no leader known")
	return true
}

// nextController moves to the next controller of the quorum.
func (b *Broker) nextController(env *sim.Env, why string) {
	if len(b.cfg.Controllers) < 2 {
		return
	}
	old := b.controller()
	b.ctrlIdx = (b.ctrlIdx + 1) % len(b.cfg.Controllers)
	env.Record(sim.TraceEntry{Label: fmt.Sprintf("broker %d turns from %s to %s: %s", b.cfg.ID, old, b.controller(), why)})
}
