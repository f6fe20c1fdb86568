package checks

// The controller quorum's checks and question: which controller is active
// (the Raft leader whose LeaderChange record is committed), in which
// epoch, and which controllers are down.

func init() {
	register(Spec{Name: "controller_active", Doc: "A controller of the quorum is active: this node when node is given, in an epoch of at least min_epoch when given.",
		Params: []Param{{"node", String, false, "the controller's node, e.g. controller-2"}, {"min_epoch", Int, false, "the smallest epoch that meets the goal"}}, Eval: controllerActive})
	register(Spec{Name: "controller_down", Doc: "The controller node is down (true) or up (false).",
		Params: []Param{{"node", String, true, "the controller's node, e.g. controller-1"}, {"down", Bool, false, "true (default): down; false: up"}}, Eval: controllerDown})
	queries["active_controller"] = Query{Name: "active_controller", Doc: "The active controller. Answer: its node (controller-N, or controller with a single one), or none.",
		Eval: func(w *World, _ Params) (string, error) {
			if q, ok := w.C.ActiveController(); ok {
				return string(q.Node), nil
			}
			return "none", nil
		}}
}

func controllerActive(w *World, p Params) Result {
	q, ok := w.C.ActiveController()
	if !ok {
		return notMet("no controller is active: the quorum has no leader", "没有活跃的控制器：quorum 没有 leader")
	}
	if node := p.Str("node"); node != "" && string(q.Node) != node {
		return notMet("%s is active, not %s", "活跃的是 %s，不是 %s", q.Node, node)
	}
	if least := p.Int("min_epoch", -1); int64(q.Epoch) < least {
		return notMet("%s is active in epoch %d; the goal needs epoch %d or later", "%s 在 epoch %d 活跃；目标需要 epoch %d 或更高", q.Node, q.Epoch, least)
	}
	return met("%s is active in epoch %d", "%s 在 epoch %d 活跃", q.Node, q.Epoch)
}

func controllerDown(w *World, p Params) Result {
	node, down := p.Str("node"), p.Bool("down", true)
	for _, q := range w.C.Quorum() {
		if string(q.Node) != node {
			continue
		}
		switch {
		case q.Up != down && down:
			return met("%s is down", "%s 已宕机", node)
		case q.Up != down:
			return met("%s is up", "%s 正在运行", node)
		case down:
			return notMet("%s is still up", "%s 仍在运行", node)
		}
		return notMet("%s is down", "%s 已宕机", node)
	}
	return notMet("there is no controller %s", "没有控制器 %s", node)
}
