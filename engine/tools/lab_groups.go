package tools

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The lab's group commands. This file sorts after lab_commands.go, so its
// init runs after labCommands exists.
func init() {
	labCommands["consumer"] = labCommand{
		"consumer start NAME --group G --topic T [--assignor A] [--static-id ID] [--commit auto|after|before|none] [--auto-commit-interval MS] [--offset-reset earliest|latest|none] [--process-ms MS] | consumer stop|crash|restart NAME",
		"start, close, crash or restart a long-running consumer group member",
		(*Runner).consumerCmd}
	labCommands["groups"] = labCommand{"groups", "list the lab's group members: group, generation, assignment, records processed", (*Runner).groupsCmd}
}

func (r *Runner) groupCluster(w io.Writer, name string) (GroupCluster, bool) {
	gc, ok := r.Cluster.(GroupCluster)
	if !ok {
		fmt.Fprintf(w, "%s: this cluster has no consumer groups\n", name)
	}
	return gc, ok
}

func (r *Runner) consumerCmd(cmd Command, w io.Writer) int {
	if len(cmd.Args) < 2 {
		return labUsage(w, cmd.Name)
	}
	gc, ok := r.groupCluster(w, cmd.Name)
	if !ok {
		return 1
	}
	verb, name := cmd.Args[0], cmd.Args[1]
	var err error
	switch verb {
	case "start":
		spec := ConsumerSpec{Name: name}
		args := cmd.Args[2:]
		for i := 0; i < len(args); i++ {
			flag := args[i]
			if i+1 >= len(args) {
				return labUsage(w, cmd.Name)
			}
			v := args[i+1]
			i++
			switch flag {
			case "--group":
				spec.Group = v
			case "--topic":
				spec.Topics = append(spec.Topics, strings.Split(v, ",")...)
			case "--assignor":
				spec.Assignor = v
			case "--static-id":
				spec.StaticID = v
			case "--commit":
				spec.Commit = v
			case "--offset-reset":
				spec.AutoOffsetReset = v
			case "--auto-commit-interval", "--process-ms", "--session-timeout":
				n, perr := strconv.ParseInt(strings.TrimSuffix(v, "ms"), 10, 64)
				if perr != nil || n < 0 {
					return labUsage(w, cmd.Name)
				}
				switch flag {
				case "--auto-commit-interval":
					spec.AutoCommitIntervalMs = n
				case "--process-ms":
					spec.ProcessMs = n
				default:
					spec.SessionTimeoutMs = int32(n)
				}
			default:
				return labUsage(w, cmd.Name)
			}
		}
		err = gc.StartConsumer(spec)
	case "stop":
		err = gc.StopConsumer(name)
	case "crash":
		err = gc.CrashConsumer(name)
	case "restart":
		err = r.restartConsumer(gc, name)
	default:
		return labUsage(w, cmd.Name)
	}
	if err != nil {
		return labFail(w, cmd.Name, err)
	}
	for _, ci := range gc.Consumers() {
		if ci.Name == name {
			fmt.Fprintln(w, consumerLine(ci))
		}
	}
	return 0
}

func (r *Runner) restartConsumer(gc GroupCluster, name string) error {
	type restarter interface{ RestartConsumer(name string) error }
	if rc, ok := gc.(restarter); ok {
		return rc.RestartConsumer(name)
	}
	return fmt.Errorf("this cluster cannot restart consumers")
}

func consumerLine(ci ConsumerInfo) string {
	state := "stopped"
	if ci.Running {
		state = "running"
	}
	asg := "[" + strings.Join(ci.Assignment, ", ") + "]"
	if len(ci.Assignment) == 0 && ci.Running {
		asg = "[] (idle)"
	}
	s := fmt.Sprintf("%s: group %s, %s, generation %d, assigned %s, processed %d", ci.Name, ci.Group, state, ci.Generation, asg, ci.Processed)
	if ci.Err != "" {
		s += ", error: " + ci.Err
	}
	return s
}

func (r *Runner) groupsCmd(cmd Command, w io.Writer) int {
	if len(cmd.Args) != 0 {
		return labUsage(w, cmd.Name)
	}
	gc, ok := r.groupCluster(w, cmd.Name)
	if !ok {
		return 1
	}
	list := gc.Consumers()
	if len(list) == 0 {
		fmt.Fprintln(w, "no group members: start one with consumer start NAME --group G --topic T")
	}
	for _, ci := range list {
		fmt.Fprintln(w, consumerLine(ci))
	}
	return 0
}
