package checker

import (
	"github.com/kafkalab/kafkalab/engine/sim"
)

// activeController returns the active controller's node, or with none
// (an election) the first controller.
func (e *FaultEnv) activeController() sim.NodeID {
	for _, q := range e.r.c.Quorum() {
		if q.Up && q.Active {
			return q.Node
		}
	}
	return e.r.c.ControllerNodes()[0]
}

// controllerFaults are the controller quorum's faults, for runs that draw
// 3 controllers: the active controller's process is killed (its log and
// quorum state survive) and restarted when the fault is undone. The
// followers elect a new leader after controller.quorum.fetch.timeout.ms;
// brokers find it and keep their sessions.
func controllerFaults() []Fault {
	return []Fault{
		{Name: "crash-controller", Weight: 2, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			if e.Config().Controllers < 3 {
				return "", nil, false
			}
			n := e.activeController()
			if e.Rand().IntN(3) == 0 { // sometimes a follower
				nodes := e.r.c.ControllerNodes()
				n = nodes[e.Rand().IntN(len(nodes))]
			}
			up := 0
			for _, q := range e.r.c.Quorum() {
				if q.Up {
					up++
				}
			}
			if up <= e.Config().Controllers/2+1 || !e.r.c.Sim().IsUp(n) {
				return "", nil, false // keep a majority of the quorum up
			}
			if err := e.r.c.CrashController(n); err != nil {
				return "", nil, false
			}
			return "crash " + string(n) + " (a controller)", func() {
				if !e.r.c.Sim().IsUp(n) {
					_ = e.r.c.RestartController(n)
				}
			}, true
		}},
	}
}
