package lab

import (
	"fmt"
	"slices"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// The controller quorum. A sandbox lab runs 1 controller (the default) or
// 3 (Config.Controllers), a KRaft quorum whose nodes the learner can crash
// and restart from the picture, as the lab commands crash controller-N
// and restart controller-N do. With one controller there is nothing to
// fail over to, and the lab does not offer it.

// The controller inputs.
const (
	InputCrashController   InputKind = "crash-controller"
	InputRestartController InputKind = "restart-controller"
)

// Controllers returns the size of the controller quorum.
func (s *Session) Controllers() int { return s.cfg.Controllers }

// ControllerFault crashes or restarts a controller node (controller-1 …)
// of a 3-controller lab. It checks what the cluster would refuse first, so
// a refused fault is not recorded.
func (s *Session) ControllerFault(kind InputKind, node string) error {
	if kind != InputCrashController && kind != InputRestartController {
		return fmt.Errorf("lab: %q is not a controller fault", kind)
	}
	if s.cfg.Controllers < 2 {
		return fmt.Errorf("lab: this lab runs one controller; start it with 3 to crash one and watch a failover")
	}
	if !slices.Contains(s.cur.c.ControllerNodes(), sim.NodeID(node)) {
		return fmt.Errorf("lab: no controller %q (the controllers are controller-1 to controller-%d)", node, s.cfg.Controllers)
	}
	up := s.cur.c.Sim().IsUp(sim.NodeID(node))
	if kind == InputCrashController && !up {
		return fmt.Errorf("lab: %s is already down", node)
	}
	if kind == InputRestartController && up {
		return fmt.Errorf("lab: %s is running", node)
	}
	return s.record(Input{Kind: kind, Controller: node})
}

func (r *run) applyController(in *Input) error {
	n := sim.NodeID(in.Controller)
	if in.Kind == InputCrashController {
		return r.c.CrashController(n)
	}
	return r.c.RestartController(n)
}

func isControllerKind(k InputKind) bool {
	return k == InputCrashController || k == InputRestartController
}

// validControllerNode reports whether node is a controller of a quorum of
// n (0: 1), for share codes: only a quorum of 3 has controller-N nodes.
func validControllerNode(node string, n int) bool {
	for k := 1; n > 1 && k <= n; k++ {
		if node == string(cluster.ControllerNode(k, n)) {
			return true
		}
	}
	return false
}

// SetControllers starts a fresh run with a quorum of n controllers (1 or
// 3) and the same seed, as SetSeed starts one with another seed.
func (s *Session) SetControllers(n int) error {
	if n != 1 && n != 3 {
		return fmt.Errorf("lab: %d controllers: the lab runs 1 or 3", n)
	}
	old := s.cfg.Controllers
	s.cfg.Controllers = n
	if err := s.Reset(); err != nil {
		s.cfg.Controllers = old
		return err
	}
	return nil
}
