package checker

import (
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/kafkalab/kafkalab/engine/broker"
	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// A Fault is one entry of the fault menu (RELIABILITY.md B5). The menu is
// data: a new fault the cluster learns (power loss, pause, controller
// failover) plugs in as one more entry of Menu.
type Fault struct {
	Name string
	// Drops marks a fault that loses messages between the servers (cut,
	// isolate, split, drop, loss). The brokers do not time out their
	// follower fetches, metadata fetches, registrations or AlterPartition
	// requests yet (see KnownLivenessGap), so after such a fault phase 2
	// bounces every broker before it checks liveness.
	Drops bool
	// PowerLoss marks a fault that powers a broker off (its logs lose their
	// unflushed tails); the group workload adds its own power-loss fault
	// only to a menu that has one.
	PowerLoss bool
	// Weight is the fault's share of the draws.
	Weight int
	// Apply injects the fault, aimed at target when target is not zero, and
	// returns what it did and how to undo it (nil when there is nothing to
	// undo). ok is false when the fault does not apply now (e.g. every
	// broker is already down); the draw then moves on.
	Apply func(e *FaultEnv, target int32) (desc string, undo func(), ok bool)
}

// FaultEnv is what a fault sees of the run: the cluster, the faults stream
// and a few helpers.
type FaultEnv struct{ r *run }

// Cluster returns the run's cluster.
func (e *FaultEnv) Cluster() *cluster.Cluster { return e.r.c }

// Rand returns the faults stream.
func (e *FaultEnv) Rand() *rand.Rand { return e.r.frng }

// Config returns the run's configuration.
func (e *FaultEnv) Config() Config { return e.r.cfg }

// Topic returns the workload's topic.
func (e *FaultEnv) Topic() string { return e.r.topic }

// UpBrokers returns the ids of the brokers that are up.
func (e *FaultEnv) UpBrokers() []int32 {
	var out []int32
	for id := int32(1); id <= int32(e.r.cfg.Brokers); id++ {
		if e.r.c.Sim().IsUp(broker.NodeID(id)) {
			out = append(out, id)
		}
	}
	return out
}

// Leader returns the leader of a drawn partition (or -1) and the partition.
func (e *FaultEnv) Leader() (int32, int32) {
	p := int32(e.r.frng.IntN(e.r.cfg.Partitions))
	return e.r.leaderOf(p), p
}

// Nodes returns the server nodes: the controllers and every broker.
func (e *FaultEnv) Nodes() []sim.NodeID {
	out := e.r.c.ControllerNodes()
	for id := int32(1); id <= int32(e.r.cfg.Brokers); id++ {
		out = append(out, broker.NodeID(id))
	}
	return out
}

func (e *FaultEnv) pick(ids []sim.NodeID) sim.NodeID { return ids[e.r.frng.IntN(len(ids))] }

// stop crashes broker id as a process kill: its log survives.
func (e *FaultEnv) stop(id int32) (string, func(), bool) {
	if len(e.UpBrokers()) <= 1 || !e.r.c.Sim().IsUp(broker.NodeID(id)) {
		return "", nil, false
	}
	if err := e.r.c.StopBroker(id); err != nil {
		return "", nil, false
	}
	e.r.stopped[id] = true
	return "crash broker " + strconv.Itoa(int(id)), func() {
		if !e.r.c.Sim().IsUp(broker.NodeID(id)) {
			_ = e.r.c.StartBroker(id)
		}
		delete(e.r.stopped, id)
	}, true
}

// Menu returns the fault menu: what the cluster supports today (the entries
// below and moreFaults: power loss, pause, controlled shutdown, restart,
// one-way cuts, a minority split, leader rebalancing).
func Menu() []Fault {
	return append(baseFaults(), moreFaults()...)
}

func baseFaults() []Fault {
	return []Fault{
		{Name: "crash-broker", Weight: 3, Apply: func(e *FaultEnv, target int32) (string, func(), bool) {
			up := e.UpBrokers()
			if len(up) == 0 {
				return "", nil, false
			}
			if target == 0 {
				target = up[e.Rand().IntN(len(up))]
			}
			return e.stop(target)
		}},
		{Name: "crash-leader", Weight: 3, Apply: func(e *FaultEnv, target int32) (string, func(), bool) {
			l, _ := e.Leader()
			if target != 0 {
				l = target
			}
			if l < 0 {
				return "", nil, false
			}
			d, u, ok := e.stop(l)
			return d + " (a leader)", u, ok
		}},
		{Name: "isolate-leader", Drops: true, Weight: 2, Apply: func(e *FaultEnv, target int32) (string, func(), bool) {
			l, _ := e.Leader()
			if target != 0 {
				l = target
			}
			if l < 0 {
				return "", nil, false
			}
			n := broker.NodeID(l)
			net := e.Cluster().Sim().Net()
			net.Isolate(n)
			return "isolate " + string(n) + " (a leader)", func() { net.Rejoin(n) }, true
		}},
		{Name: "isolate-controller", Drops: true, Weight: 1, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			n := e.activeController()
			net := e.Cluster().Sim().Net()
			net.Isolate(n)
			desc := "isolate the controller"
			if e.Config().Controllers > 1 {
				desc = "isolate the active controller " + string(n)
			}
			return desc, func() { net.Rejoin(n) }, true
		}},
		{Name: "isolate-client", Weight: 1, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			ps := e.r.producers[e.Rand().IntN(len(e.r.producers))]
			net := e.Cluster().Sim().Net()
			net.Isolate(ps.id)
			return "isolate " + string(ps.id), func() { net.Rejoin(ps.id) }, true
		}},
		{Name: "split", Drops: true, Weight: 2, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			nodes := e.Nodes()
			var a, b []sim.NodeID
			for _, n := range nodes {
				if e.Rand().IntN(2) == 0 {
					a = append(a, n)
				} else {
					b = append(b, n)
				}
			}
			if len(a) == 0 || len(b) == 0 {
				return "", nil, false
			}
			net := e.Cluster().Sim().Net()
			net.Split(a, b)
			return "split " + join(a) + " | " + join(b), func() {
				for _, x := range a {
					for _, y := range b {
						net.HealBoth(x, y)
					}
				}
			}, true
		}},
		{Name: "cut-link", Drops: true, Weight: 2, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			nodes := e.Nodes()
			from, to := e.pick(nodes), e.pick(nodes)
			if from == to {
				return "", nil, false
			}
			net := e.Cluster().Sim().Net()
			net.Cut(from, to)
			return "cut " + string(from) + " → " + string(to), func() { net.Heal(from, to) }, true
		}},
		{Name: "drop-next", Drops: true, Weight: 2, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			nodes := e.Nodes()
			from, to := e.pick(nodes), e.pick(nodes)
			if from == to {
				return "", nil, false
			}
			n := 1 + e.Rand().IntN(5)
			e.Cluster().Sim().Net().DropNext(from, to, n)
			return "drop the next " + strconv.Itoa(n) + " " + string(from) + " → " + string(to), nil, true
		}},
		{Name: "loss", Drops: true, Weight: 1, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			q := uint64(5 + e.Rand().IntN(20))
			net := e.Cluster().Sim().Net()
			net.SetLoss(1, q)
			return "lose 1/" + strconv.FormatUint(q, 10) + " of all messages", func() { net.SetLoss(0, 1) }, true
		}},
		{Name: "slow-link", Weight: 2, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			nodes := e.Nodes()[1:]
			from, to := e.pick(nodes), e.pick(nodes)
			if from == to {
				return "", nil, false
			}
			ms := e.r.cfg.LagMs/2 + int64(e.Rand().IntN(int(3*e.r.cfg.LagMs)))
			_ = e.Cluster().SlowLink(from, to, ms)
			return "slow " + string(from) + " → " + string(to) + " by " + strconv.FormatInt(ms, 10) + " ms", func() { _ = e.Cluster().SlowLink(from, to, 0) }, true
		}},
		{Name: "move-leader", Weight: 1, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			l, p := e.Leader()
			if l < 0 {
				return "", nil, false
			}
			rs, ok := e.Cluster().Replica(l, e.Topic(), p)
			if !ok {
				return "", nil, false
			}
			var cands []int32
			for _, id := range rs.ISR {
				if id != l && e.r.c.Sim().IsUp(broker.NodeID(id)) {
					cands = append(cands, id)
				}
			}
			if len(cands) == 0 {
				return "", nil, false
			}
			to := cands[e.Rand().IntN(len(cands))]
			err := e.Cluster().ForceLeader(e.Topic(), p, to)
			e.r.blocking()
			d := "move the leader of partition " + strconv.Itoa(int(p)) + " from " + strconv.Itoa(int(l)) + " to " + strconv.Itoa(int(to))
			if err != nil {
				d += " (" + err.Error() + ")"
			}
			return d, nil, true
		}},
		{Name: "elect-preferred", Weight: 1, Apply: func(e *FaultEnv, _ int32) (string, func(), bool) {
			_, err := e.Cluster().ElectPreferredLeaders(e.Topic())
			e.r.blocking()
			d := "elect preferred leaders"
			if err != nil {
				d += " (" + err.Error() + ")"
			}
			return d, nil, true
		}},
	}
}

// SafeMenu is the menu without the faults that drop messages between the
// servers, which trip KnownLivenessGap; make test runs it until the engine
// closes that gap. Power loss is in: Kafka's guarantees hold through it
// except when every ISR member of a partition lost its unflushed tail, which
// the checker gates per partition (gating.go).
func SafeMenu() []Fault {
	var out []Fault
	for _, f := range Menu() {
		if !f.Drops {
			out = append(out, f)
		}
	}
	return out
}

func join(ids []sim.NodeID) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += string(id)
	}
	return s
}

// drawFault draws a fault from the menu by weight.
func (r *run) drawFault() *Fault {
	total := 0
	for i := range r.menu {
		total += r.menu[i].Weight
	}
	if total == 0 {
		return nil
	}
	n := r.frng.IntN(total)
	for i := range r.menu {
		if n < r.menu[i].Weight {
			return &r.menu[i]
		}
		n -= r.menu[i].Weight
	}
	return nil
}

func (r *run) faultByName(name string) *Fault {
	i := slices.IndexFunc(r.menu, func(f Fault) bool { return f.Name == name })
	if i < 0 {
		return nil
	}
	return &r.menu[i]
}

// inject applies f and schedules its undo after hold steps (0: drawn).
func (r *run) inject(f *Fault, target int32, hold int) {
	env := &FaultEnv{r: r}
	desc, undo, ok := f.Apply(env, target)
	if !ok {
		return
	}
	r.res.Stats.Faults++
	if f.Drops {
		r.dropped = true
	}
	const maxFaultLog = 64
	if len(r.res.Faults) < maxFaultLog {
		r.res.Faults = append(r.res.Faults, strconv.FormatUint(r.step, 10)+": "+desc)
	}
	if undo != nil {
		if hold == 0 {
			hold = 50 + r.frng.IntN(r.opts.Steps/3+1)
		}
		r.undos = append(r.undos, pendingUndo{at: r.step + uint64(hold), desc: desc, fn: undo})
	}
}
