package tools

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/sim"
)

// MaxStep bounds the events one step command processes.
const MaxStep = 100_000

// A labCommand is one of the lab's own commands.
type labCommand struct {
	usage string
	help  string
	run   func(r *Runner, cmd Command, w io.Writer) int
}

// labCommands are the lab's commands by name. They are the lab's, not
// Kafka's: they drive and show the simulation.
var labCommands map[string]labCommand

func init() {
	labCommands = map[string]labCommand{
		"help":           {"help", "list the lab's commands and Kafka's tools", (*Runner).help},
		"brokers":        {"brokers", "list the brokers, their addresses and whether they are up", (*Runner).brokers},
		"step":           {"step [N]", "process the next N simulation events (default 1) and show their trace", (*Runner).step},
		"run":            {"run idle | run 500ms | run 2s", "run until only periodic timers remain, or for a span of simulated time", (*Runner).run},
		"run-until-idle": {"run-until-idle", "the same as run idle", (*Runner).run},
		"sleep":          {"sleep SECONDS", "let simulated time pass, as sleep does in a shell script", (*Runner).sleep},
		"time":           {"time", "show the simulated time", (*Runner).now},
		"trace":          {"trace [--all] [--since SEQ] [--last N] [--lifecycle] [--node NAME] [--kind KIND]", "show trace entries, by default those not shown yet", (*Runner).trace},
		"echo":           {"echo TEXT", "print text, for notes in a script", (*Runner).echo},
		"stop":           {"stop broker-N", "stop a broker's process, as a crash", (*Runner).stopStart},
		"start":          {"start broker-N", "start a stopped broker again", (*Runner).stopStart},
		"slow":           {"slow FROM TO 200ms", "delay every message from one node to another; 0ms restores the link", (*Runner).slow},
		"heal":           {"heal", "end every network fault", (*Runner).heal},
		"move-leader":    {"move-leader TOPIC PARTITION broker-N", "make a broker in the ISR the partition's leader", (*Runner).moveLeader},
		"app-produce":    {"app-produce TOPIC VALUE...", "send values with app-producer, a long-lived producer that keeps its metadata between sends", (*Runner).appProduce},
	}
}

func (r *Runner) help(cmd Command, w io.Writer) int {
	fmt.Fprintln(w, "Kafka's tools (with Kafka's options; --help shows them):")
	for _, name := range slices.Sorted(maps.Keys(kafkaTools)) {
		fmt.Fprintf(w, "  %s.sh\n", name)
	}
	fmt.Fprintln(w, "The lab's commands:")
	for _, name := range slices.Sorted(maps.Keys(labCommands)) {
		lc := labCommands[name]
		fmt.Fprintf(w, "  %-48s %s\n", lc.usage, lc.help)
	}
	return 0
}

// labUsage reports a misused lab command.
func labUsage(w io.Writer, name string) int {
	fmt.Fprintf(w, "usage: %s\n", labCommands[name].usage)
	return 2
}

// labFail reports a failed lab command.
func labFail(w io.Writer, name string, err error) int {
	fmt.Fprintf(w, "%s: %v\n", name, err)
	return 1
}

func (r *Runner) brokers(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 0 {
		return labUsage(w, cmd.Name)
	}
	for _, b := range r.Cluster.Brokers() {
		state := "up"
		if !b.Up {
			state = "down"
		}
		fmt.Fprintf(w, "broker-%d  broker-%d:%d  localhost:%d  %s\n", b.ID, b.ID, brokerPort(b), brokerPort(b), state)
	}
	return 0
}

func (r *Runner) step(cmd Command, w io.Writer) int {
	n := 1
	if len(cmd.Args) > 1 {
		return labUsage(w, cmd.Name)
	}
	if len(cmd.Args) == 1 {
		v, err := strconv.Atoi(cmd.Args[0])
		if err != nil || v < 1 || v > MaxStep {
			fmt.Fprintf(w, "step: N must be a number from 1 to %d\n", MaxStep)
			return 2
		}
		n = v
	}
	entries, err := r.Cluster.Step(n)
	r.keep(entries)
	for _, e := range entries {
		fmt.Fprintln(w, formatEntry(e))
		r.shown = max(r.shown, e.Seq)
	}
	if err != nil {
		return labFail(w, "step", err)
	}
	return 0
}

func (r *Runner) run(cmd Command, w io.Writer) int {
	args := cmd.Args
	if cmd.Name == "run-until-idle" {
		args = []string{"idle"}
	}
	if len(args) == 2 && (args[0] == "for" || args[0] == "until" && args[1] == "idle") {
		args = args[1:]
	}
	if len(args) != 1 {
		return labUsage(w, "run")
	}
	before := r.Cluster.Now()
	var (
		entries []sim.TraceEntry
		err     error
	)
	if args[0] == "idle" {
		entries, err = r.Cluster.RunUntilIdle()
	} else {
		ms, perr := parseDuration(args[0])
		if perr != nil {
			fmt.Fprintf(w, "run: %v\n", perr)
			return 2
		}
		entries, err = r.Cluster.RunFor(ms)
	}
	r.keep(entries)
	fmt.Fprintf(w, "ran %d ms of simulated time (%s → %s), %d trace entries\n",
		r.Cluster.Now()-before, fmtMs(before), fmtMs(r.Cluster.Now()), len(entries))
	if err != nil {
		return labFail(w, "run", err)
	}
	return 0
}

func (r *Runner) sleep(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 1 {
		return labUsage(w, cmd.Name)
	}
	ms, ok := parseSeconds(cmd.Args[0])
	if !ok {
		fmt.Fprintf(w, "sleep: invalid time interval '%s'\n", cmd.Args[0])
		return 1
	}
	entries, err := r.Cluster.RunFor(ms)
	r.keep(entries)
	if err != nil {
		return labFail(w, "sleep", err)
	}
	return 0
}

func (r *Runner) now(cmd Command, w io.Writer) int {
	fmt.Fprintf(w, "simulated time: %s\n", fmtMs(r.Cluster.Now()))
	return 0
}

func (r *Runner) echo(cmd Command, w io.Writer) int {
	io.WriteString(w, echo(cmd.Args))
	return 0
}

// trace shows trace entries: by default those not shown yet.
func (r *Runner) trace(cmd Command, w io.Writer) int {
	var (
		since      = r.shown
		last       = 0
		lifecycle  bool
		node, kind string
	)
	args := cmd.Args
	for i := 0; i < len(args); i++ {
		a := args[i]
		needs := func() (string, bool) {
			if i+1 >= len(args) {
				return "", false
			}
			i++
			return args[i], true
		}
		switch a {
		case "--all":
			since = 0
		case "--lifecycle":
			lifecycle = true
		case "--since", "--last":
			v, ok := needs()
			n, err := strconv.ParseUint(v, 10, 63)
			if !ok || err != nil {
				return labUsage(w, "trace")
			}
			if a == "--since" {
				since = n
			} else {
				last, since = int(n), 0
			}
		case "--node":
			v, ok := needs()
			if !ok {
				return labUsage(w, "trace")
			}
			node = v
		case "--kind":
			v, ok := needs()
			if !ok {
				return labUsage(w, "trace")
			}
			kind = v
		default:
			return labUsage(w, "trace")
		}
	}
	var out []sim.TraceEntry
	for _, e := range r.traceAfter(since) {
		if lifecycle && e.Lifecycle == 0 {
			continue
		}
		if node != "" && string(e.From) != node && string(e.To) != node {
			continue
		}
		if kind != "" && string(e.Kind) != kind {
			continue
		}
		out = append(out, e)
	}
	if last > 0 && len(out) > last {
		out = out[len(out)-last:]
	}
	for _, e := range out {
		fmt.Fprintln(w, formatEntry(e))
		r.shown = max(r.shown, e.Seq)
	}
	if len(out) == 0 {
		fmt.Fprintln(w, "(no trace entries)")
	}
	return 0
}

// brokerArg reads "broker-2" (or "2") as a broker id.
func brokerArg(s string) (int32, bool) {
	n, err := strconv.ParseInt(strings.TrimPrefix(s, "broker-"), 10, 32)
	return int32(n), err == nil && n > 0
}

func (r *Runner) stopStart(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 1 {
		return labUsage(w, cmd.Name)
	}
	id, ok := brokerArg(cmd.Args[0])
	if !ok {
		return labUsage(w, cmd.Name)
	}
	bc, ok := r.Cluster.(BrokerControl)
	if !ok {
		return labFail(w, cmd.Name, fmt.Errorf("this cluster cannot stop or start brokers yet"))
	}
	var err error
	if cmd.Name == "stop" {
		err = bc.StopBroker(id)
	} else {
		err = bc.StartBroker(id)
	}
	if err != nil {
		return labFail(w, cmd.Name, err)
	}
	return 0
}

func (r *Runner) slow(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 3 {
		return labUsage(w, cmd.Name)
	}
	ms, err := parseDuration(cmd.Args[2])
	if err != nil {
		fmt.Fprintf(w, "slow: %v\n", err)
		return 2
	}
	lc, ok := r.Cluster.(LinkControl)
	if !ok {
		return labFail(w, cmd.Name, fmt.Errorf("this cluster cannot slow links yet"))
	}
	if err := lc.SlowLink(sim.NodeID(cmd.Args[0]), sim.NodeID(cmd.Args[1]), ms); err != nil {
		return labFail(w, cmd.Name, err)
	}
	return 0
}

func (r *Runner) heal(cmd Command, w io.Writer) int {
	lc, ok := r.Cluster.(LinkControl)
	if !ok {
		return labFail(w, cmd.Name, fmt.Errorf("this cluster cannot change links yet"))
	}
	if err := lc.HealAll(); err != nil {
		return labFail(w, cmd.Name, err)
	}
	return 0
}

func (r *Runner) moveLeader(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 3 {
		return labUsage(w, cmd.Name)
	}
	p, err := strconv.ParseInt(cmd.Args[1], 10, 32)
	id, ok := brokerArg(cmd.Args[2])
	if err != nil || !ok {
		return labUsage(w, cmd.Name)
	}
	lc, ok := r.Cluster.(LeaderControl)
	if !ok {
		return labFail(w, cmd.Name, fmt.Errorf("this cluster cannot move leaders yet"))
	}
	if err := lc.MoveLeader(cmd.Args[0], int32(p), id); err != nil {
		return labFail(w, cmd.Name, err)
	}
	return 0
}

// parseDuration reads "500ms", "2s" or a bare number of milliseconds.
func parseDuration(s string) (int64, error) {
	mult := int64(1)
	num := s
	switch {
	case strings.HasSuffix(s, "ms"):
		num = strings.TrimSuffix(s, "ms")
	case strings.HasSuffix(s, "s"):
		num, mult = strings.TrimSuffix(s, "s"), 1000
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > 86_400_000/mult {
		return 0, fmt.Errorf("invalid duration %q: write e.g. 500ms or 2s", s)
	}
	return n * mult, nil
}

// fmtMs formats simulated ms for people: "1250ms".
func fmtMs(ms int64) string { return strconv.FormatInt(ms, 10) + "ms" }

// parseSeconds reads sleep's argument, "2" or "0.25", as ms, without floats.
func parseSeconds(s string) (int64, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 3 || whole == "" && frac == "" {
		return 0, false
	}
	frac += strings.Repeat("0", 3-len(frac))
	if whole == "" {
		whole = "0"
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 || f < 0 || w > 86400 {
		return 0, false
	}
	return w*1000 + f, true
}
