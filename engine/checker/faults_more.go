package checker

import (
	"strconv"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// The cluster's fault methods (engine/cluster faults.go) as menu entries:
// power loss, a paused (zombie) broker, controlled shutdown, restart, one-way
// cuts, a split through SplitNetwork and leader rebalancing. Each draws from
// the faults stream only.

// drawBroker returns target, or a drawn up broker (0 if none).
func (e *FaultEnv) drawBroker(target int32) int32 {
	if target != 0 {
		return target
	}
	up := e.UpBrokers()
	if len(up) == 0 {
		return 0
	}
	return up[e.Rand().IntN(len(up))]
}

// drawLeaderOrBroker aims at a partition leader half the time.
func (e *FaultEnv) drawLeaderOrBroker(target int32) int32 {
	if target != 0 {
		return target
	}
	if e.Rand().IntN(2) == 0 {
		if l, _ := e.Leader(); l > 0 {
			return l
		}
	}
	return e.drawBroker(0)
}

// restartUndo starts broker id again if it is down.
func (e *FaultEnv) restartUndo(id int32) func() {
	return func() {
		if !e.r.c.Sim().IsUp(broker.NodeID(id)) {
			_ = e.r.c.StartBroker(id)
		}
		delete(e.r.stopped, id)
	}
}

// powerOff cuts broker id's power: its logs lose their unflushed tails. The
// run remembers, per partition, which replicas lost a tail, for the KIP-966
// gating of G1 and G2 (powerLoss).
func (e *FaultEnv) powerOff(id int32) (string, func(), bool) {
	if id == 0 || len(e.UpBrokers()) <= 1 || !e.r.c.Sim().IsUp(broker.NodeID(id)) || e.r.c.Sim().IsPaused(broker.NodeID(id)) {
		return "", nil, false
	}
	e.r.notePowerLoss(id)
	if err := e.r.c.PowerOffBroker(id); err != nil {
		return "", nil, false
	}
	e.r.stopped[id] = true
	return "power off broker " + strconv.Itoa(int(id)), e.restartUndo(id), true
}

func moreFaults() []Fault {
	return []Fault{
		{Name: "power-off-broker", PowerLoss: true, Weight: 2, Apply: func(e *FaultEnv, target int32) (string, func(), bool) {
			return e.powerOff(e.drawLeaderOrBroker(target))
		}},
		{Name: "pause-broker", Weight: 2, Apply: func(e *FaultEnv, target int32) (string, func(), bool) {
			id := e.drawLeaderOrBroker(target)
			if id == 0 || e.r.c.Sim().IsPaused(broker.NodeID(id)) || !e.r.c.Sim().IsUp(broker.NodeID(id)) {
				return "", nil, false
			}
			if err := e.r.c.PauseBroker(id); err != nil {
				return "", nil, false
			}
			return "pause broker " + strconv.Itoa(int(id)) + " (a zombie when it resumes)", func() {
				if e.r.c.Sim().IsPaused(broker.NodeID(id)) {
					_ = e.r.c.ResumeBroker(id)
				}
			}, true
		}},
		{Name: "shutdown-broker", Weight: 1, Apply: func(e *FaultEnv, target int32) (string, func(), bool) {
			id := e.drawLeaderOrBroker(target)
			if id == 0 || len(e.UpBrokers()) <= 1 || e.r.c.Sim().IsPaused(broker.NodeID(id)) || !e.r.c.Sim().IsUp(broker.NodeID(id)) {
				return "", nil, false
			}
			err := e.r.c.ShutdownBroker(id) // runs the simulation until it exits
			e.r.blocking()
			e.r.stopped[id] = true
			d := "controlled shutdown of broker " + strconv.Itoa(int(id))
			if err != nil {
				d += " (" + err.Error() + ")"
			}
			return d, e.restartUndo(id), true
		}},
		{Name: "restart-broker", Weight: 2, Apply: func(e *FaultEnv, target int32) (string, func(), bool) {
			id := e.drawLeaderOrBroker(target)
			if id == 0 || e.r.c.Sim().IsPaused(broker.NodeID(id)) {
				return "", nil, false
			}
			if err := e.r.c.RestartBroker(id); err != nil {
				return "", nil, false
			}
			return "restart broker " + strconv.Itoa(int(id)) + " (crash and boot at once)", nil, true
		}},
		{Name: "cut-one-way", Drops: true, Weight: 2, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			nodes := e.Nodes()
			from, to := e.pick(nodes), e.pick(nodes)
			if from == to {
				return "", nil, false
			}
			if err := e.r.c.CutLink(from, to, true); err != nil {
				return "", nil, false
			}
			return "cut " + string(from) + " → " + string(to) + " (one way)", func() { _ = e.r.c.HealLink(from, to, true) }, true
		}},
		{Name: "split-minority", Drops: true, Weight: 1, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			// A leader (or a drawn broker) and fewer than half the other
			// servers on one side: the majority elects new leaders.
			nodes := e.Nodes()
			first := broker.NodeID(e.drawLeaderOrBroker(0))
			a := []sim.NodeID{first}
			var b []sim.NodeID
			for _, n := range nodes {
				if n == first {
					continue
				}
				if len(a) < len(nodes)/2 && e.Rand().IntN(3) == 0 {
					a = append(a, n)
				} else {
					b = append(b, n)
				}
			}
			if len(b) == 0 {
				return "", nil, false
			}
			if err := e.r.c.SplitNetwork(a, b); err != nil {
				return "", nil, false
			}
			return "split " + join(a) + " | " + join(b), func() {
				for _, x := range a {
					for _, y := range b {
						_ = e.r.c.HealLink(x, y, false)
					}
				}
			}, true
		}},
		{Name: "rebalance-leaders", Weight: 1, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			err := e.r.c.RebalanceLeaders() // runs the simulation until the metadata spread
			e.r.blocking()
			d := "rebalance leaders (the controller's imbalance check)"
			if err != nil {
				d += " (" + err.Error() + ")"
			}
			return d, nil, true
		}},
	}
}
