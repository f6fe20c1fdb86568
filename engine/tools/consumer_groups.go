package tools

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

func init() {
	kafkaTools["kafka-consumer-groups"] = KafkaConsumerGroups
	delete(notYet, "kafka-consumer-groups")
}

// consumerGroupsOptions are kafka-consumer-groups.sh's options
// (ConsumerGroupCommandOptions, Kafka 4.1), those the lab has.
var consumerGroupsOptions = []option{
	{name: "bootstrap-server", argName: "server to connect to", help: "REQUIRED: The server(s) to connect to."},
	{name: "group", argName: "consumer group", help: "The consumer group we wish to act on."},
	{name: "all-groups", help: "Apply to all consumer groups."},
	{name: "topic", argName: "topic", help: "The topic whose consumer group information should be deleted or topic whose should be included in the reset offset process."},
	{name: "list", help: "List all consumer groups."},
	{name: "describe", help: "Describe consumer group and list offset lag (number of messages not yet processed) related to given group."},
	{name: "delete", help: "Pass in groups to delete topic partition offsets and ownership information over the entire consumer group."},
	{name: "offsets", help: "Describe the group and list all topic partitions in the group along with their offset lag. This is the default sub-action of and may be used with '--describe' and '--bootstrap-server' options only."},
	{name: "members", help: "Describe members of the group. This option may be used with '--describe' and '--bootstrap-server' options only."},
	{name: "state", argName: "String", optArg: true, help: "When specified with '--describe', includes the state of the group."},
	{name: "verbose", help: "Provide additional information, if any, when describing the group."},
	{name: "reset-offsets", help: "Reset offsets of consumer group."},
	{name: "dry-run", help: "Only show results without executing changes on Consumer Groups."},
	{name: "execute", help: "Execute operation."},
	{name: "to-earliest", help: "Reset offsets to earliest offset."},
	{name: "to-latest", help: "Reset offsets to latest offset."},
	{name: "to-offset", argName: "Long", help: "Reset offsets to a specific offset."},
	{name: "shift-by", argName: "Long", help: "Reset offsets shifting current offset by 'n', where 'n' can be positive or negative."},
	{name: "timeout", argName: "timeout (ms)", def: "5000", help: "The timeout that can be set for some use cases."},
	{name: "command-config", argName: "command config property file", help: "Property file containing configs to be passed to Admin Client and Consumer."},
	helpOption,
	versionOption,
}

const missing = "-"

// KafkaConsumerGroups is kafka-consumer-groups.sh
// (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand): --list,
// --describe (offsets, --members, --state), --reset-offsets and --delete,
// for a cluster that is a GroupCluster.
func KafkaConsumerGroups(c Cluster, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	t := &toolEnv{cluster: c, stdin: stdin, stdout: stdout, stderr: stderr}
	const desc = "This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets."
	opts, err := parseOptions(consumerGroupsOptions, args)
	if err != nil {
		return t.printUsage(err.Error(), consumerGroupsOptions)
	}
	if len(args) == 0 {
		return t.printUsage(desc, consumerGroupsOptions)
	}
	if opts.has("help") {
		return t.printHelp(desc, consumerGroupsOptions)
	}
	if opts.has("version") {
		return t.printVersion()
	}
	actions := 0
	for _, a := range []string{"list", "describe", "delete", "reset-offsets"} {
		if opts.has(a) {
			actions++
		}
	}
	if actions != 1 {
		return t.printUsage("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets", consumerGroupsOptions)
	}
	if !opts.has("bootstrap-server") {
		return t.printUsage(`Missing required argument "[bootstrap-server]"`, consumerGroupsOptions)
	}
	gc, ok := c.(GroupCluster)
	if !ok {
		fmt.Fprintln(stderr, "lab: this cluster has no consumer groups")
		return 1
	}
	addrs, err := splitBootstrap(opts.value("bootstrap-server"))
	if err != nil || !connect(t, addrs, "AdminClient clientId=adminclient-1") {
		return 1
	}
	if !opts.has("list") && !opts.has("group") && !opts.has("all-groups") {
		return t.printUsage("Option [describe] takes one of these options: [all-groups], [group]", consumerGroupsOptions)
	}
	var groups []string
	if opts.has("all-groups") {
		list, err := gc.ListGroups()
		if err != nil {
			return groupsFail(stderr, err)
		}
		for _, g := range list {
			groups = append(groups, g.ID)
		}
	} else {
		groups = opts.all("group")
	}
	switch {
	case opts.has("list"):
		list, err := gc.ListGroups()
		if err != nil {
			return groupsFail(stderr, err)
		}
		if opts.has("state") {
			w := 15
			for _, g := range list {
				w = max(w, len(g.ID))
			}
			fmt.Fprintf(stdout, "%-*s %s\n", w, "GROUP", "STATE")
			for _, g := range list {
				fmt.Fprintf(stdout, "%-*s %s\n", w, g.ID, g.State)
			}
			return 0
		}
		for _, g := range list {
			fmt.Fprintln(stdout, g.ID)
		}
		return 0
	case opts.has("describe"):
		for _, g := range groups {
			d, err := gc.DescribeGroup(g)
			if err != nil {
				return groupsFail(stderr, err)
			}
			switch {
			case opts.has("state"):
				printGroupState(stdout, d)
			case opts.has("members"):
				if printMemberState(stdout, stderr, d) {
					printMembers(stdout, d, opts.has("verbose"))
				}
			default:
				if printMemberState(stdout, stderr, d) {
					printGroupOffsets(stdout, d)
				}
			}
		}
		return 0
	case opts.has("delete"):
		for _, g := range groups {
			if err := gc.DeleteGroup(g); err != nil {
				fmt.Fprintf(stdout, "Deletion of some consumer groups failed:\n* Group '%s' could not be deleted due to: %s\n", g, javaException(err))
				return 0
			}
		}
		fmt.Fprintf(stdout, "Deletion of requested consumer groups (%s) was successful.\n", quoteJoin(groups))
		return 0
	case opts.has("reset-offsets"):
		return resetOffsets(t, gc, opts, groups)
	}
	return 0
}

func quoteJoin(groups []string) string {
	var q []string
	for _, g := range groups {
		q = append(q, "'"+g+"'")
	}
	return strings.Join(q, ", ")
}

func groupsFail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "Error: Executing consumer group command failed due to %s\n", javaException(err))
	return 1
}

// printMemberState is ConsumerGroupCommand.shouldPrintMemberState.
func printMemberState(stdout, stderr io.Writer, d GroupDescription) bool {
	switch d.State {
	case "Dead":
		fmt.Fprintf(stderr, "Error: Consumer group '%s' does not exist.\n", d.ID)
		return false
	case "Empty":
		fmt.Fprintf(stderr, "\nConsumer group '%s' has no active members.\n", d.ID)
	case "PreparingRebalance", "CompletingRebalance":
		fmt.Fprintf(stderr, "\nWarning: Consumer group '%s' is rebalancing.\n", d.ID)
	}
	return true
}

func orMissing(s string) string {
	if s == "" {
		return missing
	}
	return s
}

func offsetOrMissing(n int64) string {
	if n < 0 {
		return missing
	}
	return strconv.FormatInt(n, 10)
}

// printGroupOffsets is ConsumerGroupCommand.printOffsets.
func printGroupOffsets(w io.Writer, d GroupDescription) {
	type row struct{ topic, part, cur, leo, lag, id, host, client string }
	var rows []row
	for _, o := range d.Offsets {
		rows = append(rows, row{o.Topic, strconv.Itoa(int(o.Partition)), offsetOrMissing(o.Committed), offsetOrMissing(o.LogEnd), offsetOrMissing(o.Lag),
			orMissing(o.MemberID), orMissing(o.Host), orMissing(o.ClientID)})
	}
	// Members without partitions get a row of their own.
	for _, m := range d.Members {
		if len(m.Assignment) == 0 {
			rows = append(rows, row{missing, missing, missing, missing, missing, m.MemberID, orMissing(m.Host), orMissing(m.ClientID)})
		}
	}
	gw, tw, cw, hw := max(15, len(d.ID)), 15, 15, 15
	for _, r := range rows {
		tw, cw, hw = max(tw, len(r.topic)), max(cw, len(r.id)), max(hw, len(r.host))
	}
	format := func(a ...string) {
		fmt.Fprintf(w, "\n%-*s %-*s %-10s %-15s %-15s %-15s %-*s %-*s %s", gw, a[0], tw, a[1], a[2], a[3], a[4], a[5], cw, a[6], hw, a[7], a[8])
	}
	format("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID")
	for _, r := range rows {
		format(d.ID, r.topic, r.part, r.cur, r.leo, r.lag, r.id, r.host, r.client)
	}
	fmt.Fprintln(w)
}

// printMembers is ConsumerGroupCommand.printMembers.
func printMembers(w io.Writer, d GroupDescription, verbose bool) {
	gw, cw, iw, hw, clw := max(15, len(d.ID)), 15, 17, 15, 15
	for _, m := range d.Members {
		cw, iw, hw, clw = max(cw, len(m.MemberID)), max(iw, len(orMissing(m.InstanceID))), max(hw, len(m.Host)), max(clw, len(m.ClientID))
	}
	line := func(a ...string) {
		fmt.Fprintf(w, "\n%-*s %-*s %-*s %-*s %-*s %-15s ", gw, a[0], cw, a[1], iw, a[2], hw, a[3], clw, a[4], a[5])
		if verbose {
			fmt.Fprintf(w, "%s", a[6])
		}
	}
	hdr := []string{"GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT"}
	line(hdr...)
	for _, m := range d.Members {
		var parts []string
		for _, p := range m.Assignment {
			parts = append(parts, fmt.Sprintf("%s(%d)", p.Topic, p.Partition))
		}
		asg := strings.Join(parts, ",")
		if asg == "" {
			asg = missing
		}
		line(d.ID, m.MemberID, orMissing(m.InstanceID), m.Host, m.ClientID, strconv.Itoa(len(m.Assignment)), asg)
	}
	fmt.Fprintln(w)
}

// printGroupState is ConsumerGroupCommand.printStates.
func printGroupState(w io.Writer, d GroupDescription) {
	coord := fmt.Sprintf("%s:%d  (%d)", d.Coordinator.Host, BasePort+d.Coordinator.ID-1, d.Coordinator.ID)
	gw := max(15, len(d.ID))
	cw := max(25, len(coord))
	fmt.Fprintf(w, "\n%-*s %-*s %-20s %-15s %s", gw, "GROUP", cw, "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS")
	fmt.Fprintf(w, "\n%-*s %-*s %-20s %-15s %d", gw, d.ID, cw, coord, d.Protocol, d.State, len(d.Members))
	fmt.Fprintln(w)
}

// resetOffsets is --reset-offsets: the group must be inactive (Empty or
// unknown), as Kafka requires.
func resetOffsets(t *toolEnv, gc GroupCluster, opts *optionSet, groups []string) int {
	if !opts.has("topic") && !opts.has("all-topics") {
		return t.printUsage("Option [reset-offsets] takes one of these options: [all-topics], [topic]", consumerGroupsOptions)
	}
	for _, g := range groups {
		d, err := gc.DescribeGroup(g)
		if err != nil {
			return groupsFail(t.stderr, err)
		}
		if d.State != "Empty" && d.State != "Dead" {
			fmt.Fprintf(t.stderr, "Error: Assignments can only be reset if the group '%s' is inactive, but the current state is %s.\n", g, d.State)
			return 0
		}
		current := map[string]int64{}
		for _, o := range d.Offsets {
			current[fmt.Sprintf("%s-%d", o.Topic, o.Partition)] = o.Committed
		}
		var out []PartitionOffset
		for _, spec := range opts.all("topic") {
			topic, parts, _ := strings.Cut(spec, ":")
			desc, err := t.cluster.DescribeTopics([]string{topic})
			if err != nil {
				return groupsFail(t.stderr, err)
			}
			for _, p := range desc[0].Partitions {
				if parts != "" && !slicesContainsStr(strings.Split(parts, ","), strconv.Itoa(int(p.Partition))) {
					continue
				}
				earliest, err1 := t.cluster.ListOffsets(topic, p.Partition, Earliest)
				latest, err2 := t.cluster.ListOffsets(topic, p.Partition, Latest)
				if err := errors.Join(err1, err2); err != nil {
					return groupsFail(t.stderr, err)
				}
				var target int64
				cur, has := current[fmt.Sprintf("%s-%d", topic, p.Partition)]
				switch {
				case opts.has("to-earliest"):
					target = earliest
				case opts.has("to-latest"):
					target = latest
				case opts.has("to-offset"):
					n, err := opts.longValue("to-offset")
					if err != nil {
						return t.printUsage(err.Error(), consumerGroupsOptions)
					}
					target = n
				case opts.has("shift-by"):
					n, err := opts.longValue("shift-by")
					if err != nil {
						return t.printUsage(err.Error(), consumerGroupsOptions)
					}
					if !has || cur < 0 {
						cur = latest
					}
					target = cur + n
				default:
					return t.printUsage("Option [reset-offsets] takes one of these options: [to-earliest], [to-latest], [to-offset], [shift-by]", consumerGroupsOptions)
				}
				target = min(max(target, earliest), latest)
				out = append(out, PartitionOffset{Topic: topic, Partition: p.Partition, Offset: target})
			}
		}
		if opts.has("execute") {
			if err := gc.CommitOffsets(g, out); err != nil {
				return groupsFail(t.stderr, err)
			}
		} else if !opts.has("dry-run") {
			fmt.Fprintln(t.stdout, "WARN: No action will be performed as the --execute option is missing. In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.")
		}
		gw, tw := max(15, len(g)), 30
		for _, o := range out {
			tw = max(tw, len(o.Topic))
		}
		fmt.Fprintf(t.stdout, "\n%-*s %-*s %-10s %s", gw, "GROUP", tw, "TOPIC", "PARTITION", "NEW-OFFSET")
		for _, o := range out {
			fmt.Fprintf(t.stdout, "\n%-*s %-*s %-10d %d", gw, g, tw, o.Topic, o.Partition, o.Offset)
		}
		fmt.Fprintln(t.stdout)
	}
	return 0
}

func slicesContainsStr(list []string, s string) bool {
	for _, x := range list {
		if strings.TrimSpace(x) == s {
			return true
		}
	}
	return false
}

var _ = kerr.NotCoordinator
