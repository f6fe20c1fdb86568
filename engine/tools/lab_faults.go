package tools

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// A PreferredElector runs a preferred leader election, as
// kafka-leader-election.sh --election-type preferred does.
type PreferredElector interface {
	ElectPreferredLeaders(topic string, partitions ...int32) ([]protocol.ElectionResult, error)
}

// A FaultControl injects the faults of the lab's fault commands: broker
// crashes, power loss, restarts, clean shutdowns, pauses, and network
// partitions. Each is an input in the trace. engine/cluster implements it.
type FaultControl interface {
	CrashBroker(id int32) error
	PowerOffBroker(id int32) error
	RestartBroker(id int32) error
	ShutdownBroker(id int32) error
	PauseBroker(id int32) error
	ResumeBroker(id int32) error
	// CutLink and HealLink act on from → to, and on to → from too unless
	// oneWay.
	CutLink(from, to sim.NodeID, oneWay bool) error
	HealLink(from, to sim.NodeID, oneWay bool) error
	IsolateNode(n sim.NodeID) error
	RejoinNode(n sim.NodeID) error
	SplitNetwork(a, b []sim.NodeID) error
	DropNextMessages(from, to sim.NodeID, n int) error
	// RebalanceLeaders runs the controller's automatic leader balancing now.
	RebalanceLeaders() error
}

// The lab's fault commands. This file sorts after lab_commands.go, so its
// init runs after labCommands exists; it replaces heal with a version that
// also heals one link.
func init() {
	broker := func(usage, help string, f func(FaultControl, int32) error) labCommand {
		return labCommand{usage, help, func(r *Runner, cmd Command, w io.Writer) int {
			if len(cmd.Args) != 1 {
				return labUsage(w, cmd.Name)
			}
			if isControllerArg(cmd.Args[0]) {
				return r.controllerFault(cmd, w)
			}
			id, ok := brokerArg(cmd.Args[0])
			if !ok {
				return labUsage(w, cmd.Name)
			}
			fc, ok := r.faultControl(w, cmd.Name)
			if !ok {
				return 1
			}
			if err := f(fc, id); err != nil {
				return labFail(w, cmd.Name, err)
			}
			return 0
		}}
	}
	labCommands["crash"] = broker("crash broker-N | controller-N", "kill a broker's process: memory lost, page-cached logs kept (a controller's: its metadata log and vote kept)", FaultControl.CrashBroker)
	labCommands["power-off"] = broker("power-off broker-N", "cut a broker's power: a crash that also loses each log's unflushed tail", FaultControl.PowerOffBroker)
	labCommands["restart"] = broker("restart broker-N | controller-N", "boot a new process for a broker (it recovers its logs, catches up and rejoins the ISRs) or a controller", FaultControl.RestartBroker)
	labCommands["shutdown"] = broker("shutdown broker-N", "clean (controlled) shutdown: leadership moves away first, logs are flushed", FaultControl.ShutdownBroker)
	labCommands["pause"] = broker("pause broker-N", "freeze a broker (SIGSTOP): it holds everything until resume", FaultControl.PauseBroker)
	labCommands["resume"] = broker("resume broker-N", "wake a paused broker, which carries on with a stale view", FaultControl.ResumeBroker)
	labCommands["cut"] = labCommand{"cut A B [--one-way]", "cut the network link between two nodes (or only A → B)", (*Runner).cutHeal}
	labCommands["heal"] = labCommand{"heal [A B [--one-way]]", "heal one link, or end every network fault", (*Runner).cutHeal}
	labCommands["isolate"] = labCommand{"isolate NODE", "cut every link to and from a node", (*Runner).isolate}
	labCommands["rejoin"] = labCommand{"rejoin NODE", "end isolate", (*Runner).isolate}
	labCommands["split"] = labCommand{"split A,B C,D", "partition the network into two sides", (*Runner).split}
	labCommands["drop-next"] = labCommand{"drop-next A B [N]", "drop the next N messages (default 1) from A to B", (*Runner).dropNext}
	labCommands["elect-preferred"] = labCommand{"elect-preferred TOPIC [PARTITION]", "preferred leader election: the first assigned replica leads again if it is an alive ISR member", (*Runner).electPreferred}
	labCommands["rebalance-leaders"] = labCommand{"rebalance-leaders", "run the controller's automatic leader balancing now (auto.leader.rebalance.enable)", (*Runner).rebalanceLeaders}
}

func (r *Runner) faultControl(w io.Writer, name string) (FaultControl, bool) {
	fc, ok := r.Cluster.(FaultControl)
	if !ok {
		fmt.Fprintf(w, "%s: this cluster cannot inject faults\n", name)
	}
	return fc, ok
}

func (r *Runner) cutHeal(cmd Command, w io.Writer) int {
	args := cmd.Args
	oneWay := len(args) == 3 && args[2] == "--one-way"
	if oneWay {
		args = args[:2]
	}
	if cmd.Name == "heal" && len(args) == 0 {
		return r.heal(cmd, w)
	}
	if len(args) != 2 {
		return labUsage(w, cmd.Name)
	}
	fc, ok := r.faultControl(w, cmd.Name)
	if !ok {
		return 1
	}
	from, to := sim.NodeID(args[0]), sim.NodeID(args[1])
	var err error
	if cmd.Name == "cut" {
		err = fc.CutLink(from, to, oneWay)
	} else {
		err = fc.HealLink(from, to, oneWay)
	}
	if err != nil {
		return labFail(w, cmd.Name, err)
	}
	return 0
}

func (r *Runner) isolate(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 1 {
		return labUsage(w, cmd.Name)
	}
	fc, ok := r.faultControl(w, cmd.Name)
	if !ok {
		return 1
	}
	var err error
	if cmd.Name == "isolate" {
		err = fc.IsolateNode(sim.NodeID(cmd.Args[0]))
	} else {
		err = fc.RejoinNode(sim.NodeID(cmd.Args[0]))
	}
	if err != nil {
		return labFail(w, cmd.Name, err)
	}
	return 0
}

func (r *Runner) split(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 2 {
		return labUsage(w, cmd.Name)
	}
	side := func(s string) []sim.NodeID {
		var out []sim.NodeID
		for _, n := range strings.Split(s, ",") {
			if n != "" {
				out = append(out, sim.NodeID(n))
			}
		}
		return out
	}
	fc, ok := r.faultControl(w, cmd.Name)
	if !ok {
		return 1
	}
	if err := fc.SplitNetwork(side(cmd.Args[0]), side(cmd.Args[1])); err != nil {
		return labFail(w, cmd.Name, err)
	}
	return 0
}

func (r *Runner) dropNext(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 2 && len(cmd.Args) != 3 {
		return labUsage(w, cmd.Name)
	}
	n := 1
	if len(cmd.Args) == 3 {
		v, err := strconv.Atoi(cmd.Args[2])
		if err != nil || v < 1 {
			return labUsage(w, cmd.Name)
		}
		n = v
	}
	fc, ok := r.faultControl(w, cmd.Name)
	if !ok {
		return 1
	}
	if err := fc.DropNextMessages(sim.NodeID(cmd.Args[0]), sim.NodeID(cmd.Args[1]), n); err != nil {
		return labFail(w, cmd.Name, err)
	}
	return 0
}

func (r *Runner) rebalanceLeaders(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 0 {
		return labUsage(w, cmd.Name)
	}
	fc, ok := r.faultControl(w, cmd.Name)
	if !ok {
		return 1
	}
	if err := fc.RebalanceLeaders(); err != nil {
		return labFail(w, cmd.Name, err)
	}
	return 0
}

func (r *Runner) electPreferred(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 1 && len(cmd.Args) != 2 {
		return labUsage(w, cmd.Name)
	}
	pe, ok := r.Cluster.(PreferredElector)
	if !ok {
		return labFail(w, cmd.Name, fmt.Errorf("this cluster cannot elect leaders"))
	}
	var parts []int32
	if len(cmd.Args) == 2 {
		p, err := strconv.ParseInt(cmd.Args[1], 10, 32)
		if err != nil {
			return labUsage(w, cmd.Name)
		}
		parts = append(parts, int32(p))
	}
	res, err := pe.ElectPreferredLeaders(cmd.Args[0], parts...)
	if err != nil {
		return labFail(w, cmd.Name, err)
	}
	for _, e := range res {
		switch {
		case e.Err == nil:
			fmt.Fprintf(w, "Successfully completed leader election (PREFERRED) for partitions %s\n", e.TopicPartition)
		case protocol.ErrName(e.Err) == "ELECTION_NOT_NEEDED":
			fmt.Fprintf(w, "Valid replica already elected for partitions %s\n", e.TopicPartition)
		default:
			fmt.Fprintf(w, "Error completing leader election (PREFERRED) for partition: %s: %s\n", e.TopicPartition, protocol.ErrName(e.Err))
		}
	}
	return 0
}
