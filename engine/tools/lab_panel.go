package tools

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// noPartition is partitioner.NoPartition: the producer chooses.
const noPartition = -1

const panelUsage = `panel produce --topic T (--key K | --null-key) --value V [--partition P] [--acks all|1|0] [--new-producer]
  panel stop|start|crash|power-off|pause|resume|restart|shutdown broker-N
  panel consumer start NAME --group G --topic T [--assignor A] [--static-id ID] [--commit auto|after|before|none]
  panel consumer stop|crash|restart NAME
  panel create-topic NAME --partitions N --replication-factor N [--config K=V]...
  panel cut|heal A B [--one-way]
  panel slow A B 200ms [--one-way]
  panel drop MESSAGE-ID`

// The panel command. This file sorts after lab_commands.go, so its init
// runs after labCommands exists.
func init() {
	labCommands["panel"] = labCommand{"panel produce|crash|consumer|create-topic|cut|slow|drop … (panel alone: all)",
		"do what a panel or button of the lab does, exactly (recorded scenarios use it): queued, not run; step to see it happen",
		(*Runner).panel}
}

// A PanelError is a panel command that cannot be read.
type PanelError struct{ Msg string }

func (e *PanelError) Error() string { return "panel: " + e.Msg }

func (r *Runner) panel(cmd Command, w io.Writer) int {
	pc, ok := r.Cluster.(toolsapi.PanelControl)
	if !ok {
		fmt.Fprintln(w, "panel: this cluster has no lab panels")
		return 1
	}
	if len(cmd.Args) == 0 {
		fmt.Fprintf(w, "usage: %s\n", panelUsage)
		return 2
	}
	err := runPanel(pc, cmd.Args)
	if pe, ok := err.(*PanelError); ok {
		fmt.Fprintf(w, "%v\nusage: %s\n", pe, panelUsage)
		return 2
	}
	if err != nil {
		return labFail(w, "panel "+cmd.Args[0], err)
	}
	return 0
}

// runPanel reads one panel command and applies it.
func runPanel(pc toolsapi.PanelControl, args []string) error {
	verb, rest := args[0], args[1:]
	switch verb {
	case "produce":
		return panelProduce(pc, rest)
	case "stop", "start", "crash", "power-off", "pause", "resume", "restart", "shutdown":
		if len(rest) != 1 {
			return &PanelError{fmt.Sprintf("%s takes one broker, e.g. broker-2", verb)}
		}
		id, ok := brokerArg(rest[0])
		if !ok || !strings.HasPrefix(rest[0], "broker-") {
			return &PanelError{fmt.Sprintf("%q is not a broker: write broker-N", rest[0])}
		}
		return pc.PanelBroker(verb, id)
	case "consumer":
		return panelConsumer(pc, rest)
	case "create-topic":
		return panelCreateTopic(pc, rest)
	case "cut", "heal", "slow":
		return panelLink(pc, verb, rest)
	case "drop":
		if len(rest) != 1 {
			return &PanelError{"drop takes one message id (of a message in flight, as the cluster view draws it)"}
		}
		id, err := strconv.ParseUint(strings.TrimPrefix(rest[0], "#"), 10, 64)
		if err != nil {
			return &PanelError{fmt.Sprintf("%q is not a message id", rest[0])}
		}
		return pc.PanelDrop(id)
	}
	return &PanelError{fmt.Sprintf("unknown panel input %q", verb)}
}

// panelFlags reads --name value pairs and the given --switches; repeated
// value flags collect in order.
func panelFlags(args []string, values, switches []string) (map[string][]string, error) {
	out := map[string][]string{}
	has := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case has(switches, a):
			out[a] = append(out[a], "")
		case has(values, a):
			if i+1 >= len(args) {
				return nil, &PanelError{a + " needs a value"}
			}
			out[a] = append(out[a], args[i+1])
			i++
		default:
			return nil, &PanelError{fmt.Sprintf("unexpected %q", a)}
		}
	}
	for k, v := range out {
		if len(v) > 1 && k != "--config" {
			return nil, &PanelError{k + " is given twice"}
		}
	}
	return out, nil
}

func one(f map[string][]string, name string) (string, bool) {
	v, ok := f[name]
	if !ok {
		return "", false
	}
	return v[0], true
}

func panelProduce(pc toolsapi.PanelControl, args []string) error {
	f, err := panelFlags(args, []string{"--topic", "--key", "--value", "--partition", "--acks"}, []string{"--null-key", "--new-producer"})
	if err != nil {
		return err
	}
	topic, ok := one(f, "--topic")
	if !ok {
		return &PanelError{"produce needs --topic"}
	}
	value, ok := one(f, "--value")
	if !ok {
		return &PanelError{"produce needs --value"}
	}
	k, hasKey := one(f, "--key")
	_, nullKey := f["--null-key"]
	if hasKey == nullKey {
		return &PanelError{"produce needs --key K or --null-key"}
	}
	var key []byte
	if hasKey {
		key = []byte(k)
	}
	partition := int32(noPartition)
	if p, ok := one(f, "--partition"); ok {
		n, err := strconv.ParseInt(p, 10, 32)
		if err != nil || n < 0 {
			return &PanelError{fmt.Sprintf("--partition %q is not a partition number", p)}
		}
		partition = int32(n)
	}
	acks := int16(-1)
	if a, ok := one(f, "--acks"); ok {
		switch a {
		case "all", "-1":
		case "1":
			acks = 1
		case "0":
			acks = 0
		default:
			return &PanelError{fmt.Sprintf("--acks is all, 1 or 0, got %q", a)}
		}
	}
	_, fresh := f["--new-producer"]
	return pc.PanelProduce(topic, key, []byte(value), partition, acks, fresh)
}

func panelConsumer(pc toolsapi.PanelControl, args []string) error {
	if len(args) < 2 {
		return &PanelError{"consumer start|stop|crash|restart NAME"}
	}
	verb, m := args[0], toolsapi.PanelConsumer{Name: args[1]}
	switch verb {
	case "start":
		f, err := panelFlags(args[2:], []string{"--group", "--topic", "--assignor", "--static-id", "--commit"}, nil)
		if err != nil {
			return err
		}
		var ok bool
		if m.Group, ok = one(f, "--group"); !ok {
			return &PanelError{"consumer start needs --group"}
		}
		if m.Topic, ok = one(f, "--topic"); !ok {
			return &PanelError{"consumer start needs --topic"}
		}
		m.Assignor, _ = one(f, "--assignor")
		m.StaticID, _ = one(f, "--static-id")
		m.Commit, _ = one(f, "--commit")
	case "stop", "crash", "restart":
		if len(args) != 2 {
			return &PanelError{fmt.Sprintf("consumer %s takes only the member's name", verb)}
		}
	default:
		return &PanelError{fmt.Sprintf("consumer %q: start, stop, crash or restart", verb)}
	}
	return pc.PanelConsumer(verb, m)
}

func panelCreateTopic(pc toolsapi.PanelControl, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "--") {
		return &PanelError{"create-topic needs the topic's name"}
	}
	f, err := panelFlags(args[1:], []string{"--partitions", "--replication-factor", "--config"}, nil)
	if err != nil {
		return err
	}
	req := toolsapi.CreateTopic{Name: args[0], Configs: f["--config"]}
	p, ok := one(f, "--partitions")
	n, err := strconv.ParseInt(p, 10, 32)
	if !ok || err != nil {
		return &PanelError{fmt.Sprintf("create-topic needs --partitions N, got %q", p)}
	}
	req.Partitions = int32(n)
	rf, ok := one(f, "--replication-factor")
	m, err := strconv.ParseInt(rf, 10, 16)
	if !ok || err != nil {
		return &PanelError{fmt.Sprintf("create-topic needs --replication-factor N, got %q", rf)}
	}
	req.ReplicationFactor = int16(m)
	return pc.PanelCreateTopic(req)
}

func panelLink(pc toolsapi.PanelControl, verb string, args []string) error {
	oneWay := len(args) > 0 && args[len(args)-1] == "--one-way"
	if oneWay {
		args = args[:len(args)-1]
	}
	want := 2
	if verb == "slow" {
		want = 3
	}
	if len(args) != want {
		if verb == "slow" {
			return &PanelError{"slow A B 200ms [--one-way]"}
		}
		return &PanelError{verb + " A B [--one-way]"}
	}
	var ms int64
	if verb == "slow" {
		var err error
		if ms, err = parseDuration(args[2]); err != nil {
			return &PanelError{err.Error()}
		}
	}
	return pc.PanelLink(verb, sim.NodeID(args[0]), sim.NodeID(args[1]), oneWay, ms)
}
