package tools

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// This file must sort after lab_commands.go, whose init makes labCommands.
func init() {
	labCommands["ls"] = labCommand{"ls [-l] [PATH]", "list the brokers' log directories under " + LogRoot + " (-l adds sizes), for kafka-dump-log.sh --files", (*Runner).ls}
	passive["ls"] = true // it only shows the disks
}

// ls lists what a path under LogRoot holds, as ls(1) does (names only, one
// per line; -l puts each file's size in bytes before its name): the brokers'
// log directories, a broker's partition directories, or a partition's files.
// The disks outlive the brokers' processes, so a stopped broker's files are
// listed too.
func (r *Runner) ls(cmd Command, w io.Writer) int {
	args, long := cmd.Args, false
	if len(args) > 0 && args[0] == "-l" {
		args, long = args[1:], true
	}
	if len(args) > 1 {
		return labUsage(w, cmd.Name)
	}
	target := LogRoot
	if len(args) == 1 {
		target = args[0]
	}
	ld, ok := r.Cluster.(LogDirs)
	if !ok {
		fmt.Fprintln(w, "ls: this cluster has no log directories to show")
		return 1
	}
	missing := func() int {
		fmt.Fprintf(w, "ls: cannot access '%s': No such file or directory\n", target)
		return 2
	}
	lp, ok := resolveLogPath(target)
	if !ok {
		return missing()
	}
	var names []string
	var sizes []int64
	switch lp.depth {
	case 0:
		for _, b := range r.Cluster.Brokers() {
			names = append(names, "broker-"+strconv.Itoa(int(b.ID)))
		}
	case 1:
		if !slices.ContainsFunc(r.Cluster.Brokers(), func(b BrokerInfo) bool { return b.ID == lp.broker }) {
			return missing()
		}
		dirs, err := ld.LogPartitionDirs(lp.broker)
		if err != nil {
			return labFail(w, cmd.Name, err)
		}
		names = dirs
	default:
		files, err := ld.LogFiles(lp.broker, lp.dir)
		if errors.Is(err, ErrNoSuchFile) {
			return missing()
		}
		if err != nil {
			return labFail(w, cmd.Name, err)
		}
		for _, f := range files {
			if lp.depth == 3 && f.Name != lp.name {
				continue
			}
			names, sizes = append(names, f.Name), append(sizes, f.Size)
		}
		if lp.depth == 3 && len(names) == 0 {
			return missing()
		}
	}
	if lp.depth == 3 {
		names[0] = target // ls names a file as it was given
	}
	for i, n := range names {
		if long && i < len(sizes) {
			fmt.Fprintf(w, "%10d  %s\n", sizes[i], n)
		} else {
			fmt.Fprintln(w, n)
		}
	}
	return 0
}
