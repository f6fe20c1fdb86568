package tools

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The lab's rate producers. This file sorts after lab_commands.go, so its
// init runs after labCommands exists.
func init() {
	labCommands["producer"] = labCommand{
		"producer start NAME --topic T --rate 10/s [--keys N] [--count N] [--acks all|1|0] [--producer-property K=V] | producer stop NAME",
		"start a producer that sends NAME-0, NAME-1 … at a steady rate of simulated time, or stop it",
		(*Runner).producerCmd}
	labCommands["producers"] = labCommand{"producers", "list the lab's rate producers: topic, rate, records sent, acknowledged and failed", (*Runner).producersCmd}
}

func (r *Runner) rateCluster(w io.Writer, name string) (RateProducerCluster, bool) {
	rc, ok := r.Cluster.(RateProducerCluster)
	if !ok {
		fmt.Fprintf(w, "%s: this cluster cannot run rate producers\n", name)
	}
	return rc, ok
}

func (r *Runner) producerCmd(cmd Command, w io.Writer) int {
	if len(cmd.Args) < 2 {
		return labUsage(w, cmd.Name)
	}
	rc, ok := r.rateCluster(w, cmd.Name)
	if !ok {
		return 1
	}
	verb, name := cmd.Args[0], cmd.Args[1]
	switch verb {
	case "stop":
		if len(cmd.Args) != 2 {
			return labUsage(w, cmd.Name)
		}
		if err := rc.StopRateProducer(name); err != nil {
			return labFail(w, cmd.Name, err)
		}
		for _, p := range rc.RateProducers() {
			if p.Name == name {
				printRateProducer(w, p)
			}
		}
		return 0
	case "start":
	default:
		return labUsage(w, cmd.Name)
	}
	spec := RateProducerSpec{Name: name, Properties: map[string]string{}}
	args := cmd.Args[2:]
	for i := 0; i < len(args); i += 2 {
		if i+1 >= len(args) {
			return labUsage(w, cmd.Name)
		}
		flag, v := args[i], args[i+1]
		var err error
		switch flag {
		case "--topic":
			spec.Topic = v
		case "--rate":
			spec.PerSecond, err = parseRate(v)
		case "--keys", "--count":
			n, perr := strconv.Atoi(v)
			if perr != nil || n < 0 {
				err = fmt.Errorf("%s %q: want a whole number", flag, v)
			} else if flag == "--keys" {
				spec.Keys = n
			} else {
				spec.Count = n
			}
		case "--acks":
			spec.Properties["acks"] = v
		case "--producer-property":
			k, val, found := strings.Cut(v, "=")
			if !found || k == "" {
				err = fmt.Errorf("--producer-property %q: want KEY=VALUE", v)
			}
			spec.Properties[k] = val
		default:
			return labUsage(w, cmd.Name)
		}
		if err != nil {
			fmt.Fprintf(w, "%s: %v\n", cmd.Name, err)
			return 2
		}
	}
	if spec.Topic == "" || spec.PerSecond == 0 {
		return labUsage(w, cmd.Name)
	}
	if err := rc.StartRateProducer(spec); err != nil {
		return labFail(w, cmd.Name, err)
	}
	fmt.Fprintf(w, "producer %s: sending %d record(s)/s to %s\n", name, spec.PerSecond, spec.Topic)
	return 0
}

// parseRate reads "10/s", "10" (per second) or "600/m" as records per
// second.
func parseRate(s string) (int, error) {
	num, unit, _ := strings.Cut(s, "/")
	n, err := strconv.Atoi(num)
	per := 1
	switch unit {
	case "", "s":
	case "m", "min":
		per = 60
	default:
		err = fmt.Errorf("unit %q", unit)
	}
	if err != nil || n < 1 || n%per != 0 || n/per > MaxRatePerSecond {
		return 0, fmt.Errorf("--rate %q: write e.g. 10/s or 600/m, from 1/s to %d/s", s, MaxRatePerSecond)
	}
	return n / per, nil
}

func (r *Runner) producersCmd(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 0 {
		return labUsage(w, cmd.Name)
	}
	rc, ok := r.rateCluster(w, cmd.Name)
	if !ok {
		return 1
	}
	ps := rc.RateProducers()
	if len(ps) == 0 {
		fmt.Fprintln(w, "(no rate producers)")
	}
	for _, p := range ps {
		printRateProducer(w, p)
	}
	return 0
}

func printRateProducer(w io.Writer, p RateProducerInfo) {
	state := "stopped"
	if p.Running {
		state = "running"
	}
	fmt.Fprintf(w, "%s  %s  %d/s  %s  sent %d  acked %d  failed %d", p.Name, p.Topic, p.PerSecond, state, p.Sent, p.Acked, p.Failed)
	if p.LastErr != "" {
		fmt.Fprintf(w, "  last error: %s", p.LastErr)
	}
	fmt.Fprintln(w)
}
