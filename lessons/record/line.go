package record

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/tools"
)

// producerState is what the lab's run keeps of the produce panel between
// sends: whether producer-1 was started by the panel, and with which acks.
type producerState struct {
	started bool
	acks    int16
}

// line returns the lab command, ending in a newline, that replays in
// exactly: a terminal command as typed, a panel input as `panel …`. prod
// carries the produce panel's producer from one input to the next; pass
// the same one for every input of a session, in order.
func line(in lab.Input, prod *producerState) (string, error) {
	var w []string
	switch in.Kind {
	case lab.InputCommand:
		return strings.TrimRight(in.Script, "\n") + "\n", nil
	case lab.InputProduce:
		w = []string{"panel", "produce", "--topic", in.Topic}
		if in.Key == nil {
			w = append(w, "--null-key")
		} else {
			w = append(w, "--key", string(in.Key))
		}
		w = append(w, "--value", string(in.Value))
		if in.Partition != partitioner.NoPartition {
			w = append(w, "--partition", strconv.Itoa(int(in.Partition)))
		}
		w = append(w, "--acks", acksWord(in.Acks))
		if !prod.started || prod.acks != in.Acks {
			w = append(w, "--new-producer")
		}
		prod.started, prod.acks = true, in.Acks
	case lab.InputStopBroker, lab.InputStartBroker, lab.InputCrashBroker, lab.InputPowerOffBroker,
		lab.InputPauseBroker, lab.InputResumeBroker, lab.InputRestartBroker, lab.InputShutdownBroker:
		w = []string{"panel", in.Kind.PanelAction(), fmt.Sprintf("broker-%d", in.Broker)}
	case lab.InputStartConsumer:
		c := in.Consumer
		w = []string{"panel", "consumer", "start", c.Name, "--group", c.Group, "--topic", c.Topic}
		for _, f := range [][2]string{{"--assignor", c.Assignor}, {"--static-id", c.StaticID}, {"--commit", c.Commit}} {
			if f[1] != "" {
				w = append(w, f[0], f[1])
			}
		}
	case lab.InputStopConsumer, lab.InputCrashConsumer, lab.InputRestartConsumer:
		w = []string{"panel", "consumer", in.Kind.PanelAction(), in.Consumer.Name}
	case lab.InputCreateTopic:
		w = []string{"panel", "create-topic", in.Topic, "--partitions", strconv.Itoa(int(in.Partitions)),
			"--replication-factor", strconv.Itoa(int(in.RF))}
		for _, c := range in.Configs {
			w = append(w, "--config", c)
		}
	case lab.InputCutLink, lab.InputHealLink, lab.InputSlowLink:
		w = []string{"panel", in.Kind.PanelAction(), in.From, in.To}
		if in.Kind == lab.InputSlowLink {
			w = append(w, strconv.FormatInt(in.DelayMs, 10)+"ms")
		}
		if in.OneWay {
			w = append(w, "--one-way")
		}
	case lab.InputDropMessage:
		w = []string{"panel", "drop", strconv.FormatUint(in.Msg, 10)}
	case lab.InputCrashController:
		w = []string{"crash", in.Controller}
	case lab.InputRestartController:
		w = []string{"restart", in.Controller}
	default:
		return "", fmt.Errorf("the input kind %q has no lab command", in.Kind)
	}
	return quoteLine(w)
}

func acksWord(acks int16) string {
	if acks == -1 {
		return "all"
	}
	return strconv.Itoa(int(acks))
}

// quoteLine joins words into one command line the lab's shell reads back
// to the same words, or says which word it cannot carry.
func quoteLine(words []string) (string, error) {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = quote(w)
	}
	line := strings.Join(q, " ")
	cmds, err := tools.Parse(line)
	if err != nil || len(cmds) != 1 || !slices.Equal(append([]string{cmds[0].Name}, cmds[0].Args...), words) {
		return "", fmt.Errorf("the lab's shell cannot write %q back exactly (a control character?); produce it from the terminal instead", line)
	}
	return line + "\n", nil
}

// quote writes w as one shell word: bare when it is plain, else in single
// quotes, where only ' itself needs care ('\”).
func quote(w string) string {
	plain := w != ""
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.,:/=@+%", r)) {
			plain = false
			break
		}
	}
	if plain {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}
