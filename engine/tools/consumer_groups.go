package tools

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/slicesort"
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
	{name: "topic", argName: "topic", help: "The topic whose consumer group information should be deleted or topic whose should be included in the reset offset process. In `reset-offsets` case, partitions can be specified using this format: `topic1:0,1,2`, where 0,1,2 are the partition to be included in the process. Reset-offsets also supports multiple topic inputs."},
	{name: "all-topics", help: "Consider all topics assigned to a group in the `reset-offsets` process."},
	{name: "list", help: "List all consumer groups."},
	{name: "describe", help: "Describe consumer group and list offset lag (number of messages not yet processed) related to given group."},
	{name: "delete", help: "Pass in groups to delete topic partition offsets and ownership information over the entire consumer group. For instance --group g1 --group g2"},
	{name: "offsets", help: "Describe the group and list all topic partitions in the group along with their offset lag. This is the default sub-action of and may be used with '--describe' and '--bootstrap-server' options only."},
	{name: "members", help: "Describe members of the group. This option may be used with '--describe' and '--bootstrap-server' options only."},
	{name: "state", argName: "String", optArg: true, help: "When specified with '--describe', includes the state of the group. When specified with '--list', it displays the state of all groups. It can also be used to list groups with specific states."},
	{name: "verbose", help: "Provide additional information, if any, when describing the group. This option may be used with '--offsets'/'--members'/'--state' and '--bootstrap-server' options only."},
	{name: "reset-offsets", help: "Reset offsets of consumer group. Supports one consumer group at the time, and instances should be inactive. Has 2 execution options: --dry-run (the default) to plan which offsets to reset, and --execute to update the offsets. You must choose one of the following reset specifications: --to-earliest, --to-latest, --shift-by, --to-current, --to-offset. To define the scope use --all-topics or --topic."},
	{name: "dry-run", help: "Only show results without executing changes on Consumer Groups. Supported operations: reset-offsets."},
	{name: "execute", help: "Execute operation. Supported operations: reset-offsets."},
	{name: "to-earliest", help: "Reset offsets to earliest offset."},
	{name: "to-latest", help: "Reset offsets to latest offset."},
	{name: "to-current", help: "Reset offsets to current offset."},
	{name: "to-offset", argName: "offset", argType: "Long", help: "Reset offsets to a specific offset."},
	{name: "shift-by", argName: "number-of-offsets", argType: "Long", help: "Reset offsets shifting current offset by 'n', where 'n' can be positive or negative."},
	{name: "timeout", argName: "timeout (ms)", argType: "Long", def: "5000", help: "The timeout that can be set for some use cases."},
	{name: "command-config", argName: "command config property file", help: "Property file containing configs to be passed to Admin Client and Consumer."},
	helpOption,
	versionOption,
}

// missing is ConsumerGroupCommand.MISSING_COLUMN_VALUE.
const missing = "-"

// The exceptions of the group errors, for javaException.
func init() {
	for code, class := range map[int16]string{
		14: "CoordinatorLoadInProgressException",
		15: "CoordinatorNotAvailableException",
		16: "NotCoordinatorException",
		22: "IllegalGenerationException",
		25: "UnknownMemberIdException",
		27: "RebalanceInProgressException",
		68: "GroupNotEmptyException",
		69: "GroupIdNotFoundException",
	} {
		if _, ok := exceptionClasses[code]; !ok {
			exceptionClasses[code] = class
		}
	}
}

// consumerGroupStates are GroupState.groupStatesForType(CONSUMER) as
// --list --state accepts them.
var consumerGroupStates = []string{"PreparingRebalance", "CompletingRebalance", "Stable", "Dead", "Empty", "Assigning", "Reconciling"}

// resetScenarios are allResetOffsetScenarioOpts, those the lab has.
var resetScenarios = []string{"to-offset", "shift-by", "to-earliest", "to-latest", "to-current"}

// KafkaConsumerGroups is kafka-consumer-groups.sh
// (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand): --list
// (with --state), --describe (offsets, --members, --state, --verbose),
// --reset-offsets and --delete, for a cluster that is a GroupCluster.
//
// As in Kafka, failures after the options are checked are printed on
// standard output as "\nError: …" and the tool still exits 0; usage errors
// exit 1.
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
	// availableIf: jopt-simple refuses these without their action.
	for _, o := range []struct {
		name  string
		needs []string
	}{{"members", []string{"describe"}}, {"verbose", []string{"describe"}}, {"offsets", []string{"describe"}}, {"state", []string{"describe", "list"}}} {
		if opts.has(o.name) && !slices.ContainsFunc(o.needs, opts.has) {
			return t.printUsage(fmt.Sprintf("Option(s) [%s] are unavailable given other options on the command line", o.name), consumerGroupsOptions)
		}
	}
	if msg := checkConsumerGroupsArgs(t, opts); msg != "" {
		return t.printUsage(msg, consumerGroupsOptions)
	}
	actions := 0
	for _, a := range []string{"list", "describe", "delete", "reset-offsets"} {
		if opts.has(a) {
			actions++
		}
	}
	if actions != 1 {
		return t.printUsage("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex", consumerGroupsOptions)
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
	var groups []string
	if opts.has("all-groups") {
		list, err := gc.ListGroups()
		if err != nil {
			return commandFailed(stdout, err)
		}
		for _, g := range list {
			groups = append(groups, g.ID)
		}
	} else {
		groups = opts.all("group")
	}
	switch {
	case opts.has("list"):
		return listGroups(t, gc, opts)
	case opts.has("describe"):
		return describeGroups(t, gc, opts, groups)
	case opts.has("delete"):
		return deleteGroups(t, gc, groups)
	default:
		return resetOffsets(t, gc, opts, groups)
	}
}

// checkConsumerGroupsArgs is ConsumerGroupCommandOptions.checkArgs: the
// usage error, or "". It prints the warning of a reset without --dry-run or
// --execute.
func checkConsumerGroupsArgs(t *toolEnv, opts *optionSet) string {
	if !opts.has("bootstrap-server") {
		return "Missing required argument \"[bootstrap-server]\""
	}
	scope := "takes one of these options: [all-groups], [group]"
	hasScope := opts.has("group") || opts.has("all-groups")
	if opts.has("describe") {
		if !hasScope {
			return "Option [describe] " + scope
		}
		n := 0
		for _, o := range []string{"members", "offsets", "state"} {
			if opts.has(o) {
				n++
			}
		}
		if n > 1 {
			return "Option [describe] takes at most one of these options: [members], [offsets], [state]"
		}
		if opts.has("state") && opts.value("state") != "" {
			return "Option [describe] does not take a value for [state]"
		}
	}
	if opts.has("delete") {
		if !hasScope {
			return "Option [delete] " + scope
		}
		if opts.has("topic") {
			return "The consumer does not support topic-specific offset deletion from a consumer group."
		}
	}
	if opts.has("reset-offsets") {
		if opts.has("dry-run") && opts.has("execute") {
			return "Option [reset-offsets] only accepts one of [execute] and [dry-run]"
		}
		if !opts.has("dry-run") && !opts.has("execute") {
			// Kafka's message lacks the space after "missing.".
			fmt.Fprintln(t.stderr, "WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.")
		}
		if !hasScope {
			return "Option [reset-offsets] " + scope
		}
		for _, used := range resetScenarios {
			if !opts.has(used) {
				continue
			}
			for _, other := range resetScenarios {
				if other != used && opts.has(other) {
					return fmt.Sprintf(`Option "[%s]" can't be used with option "[%s]"`, used, other)
				}
			}
		}
	}
	if opts.has("group") && opts.has("all-groups") {
		return `Option "[group]" can't be used with option "[all-groups]"`
	}
	if opts.has("group") && opts.has("list") {
		return `Option "[group]" can't be used with option "[list]"`
	}
	if opts.has("topic") {
		for _, a := range []string{"list", "describe"} {
			if opts.has(a) {
				return fmt.Sprintf(`Option "[topic]" can't be used with option "[%s]"`, a)
			}
		}
	}
	return ""
}

// printError is ConsumerGroupCommand.printError: on standard output.
func printError(w io.Writer, msg string) {
	fmt.Fprintf(w, "\nError: %s\n", msg)
}

// commandFailed is run's catch: "Executing consumer group command failed
// due to …" on standard output, and exit status 0, as Kafka's main returns
// normally.
func commandFailed(stdout io.Writer, err error) int {
	printError(stdout, "Executing consumer group command failed due to "+javaException(err))
	return 0
}

func listGroups(t *toolEnv, gc GroupCluster, opts *optionSet) int {
	list, err := gc.ListGroups()
	if err != nil {
		return commandFailed(t.stdout, err)
	}
	if !opts.has("state") {
		for _, g := range list {
			fmt.Fprintln(t.stdout, g.ID)
		}
		return 0
	}
	var filter []string
	if v := opts.value("state"); v != "" {
		for _, s := range strings.Split(v, ",") {
			i := slices.IndexFunc(consumerGroupStates, func(st string) bool { return strings.EqualFold(st, strings.TrimSpace(s)) })
			if i < 0 {
				return t.printUsage(fmt.Sprintf("Invalid state list '%s'. Valid states are: %s", v, strings.Join(consumerGroupStates, ", ")), consumerGroupsOptions)
			}
			filter = append(filter, consumerGroupStates[i])
		}
	}
	var shown []GroupListing
	for _, g := range list {
		if len(filter) == 0 || slices.Contains(filter, g.State) {
			shown = append(shown, g)
		}
	}
	// printGroupInfo: the group column is 10 wider than the longest id (at
	// least 15), the state column 20, both padded.
	w := 15
	for _, g := range shown {
		w = max(w, len(g.ID))
	}
	w += 10
	fmt.Fprintf(t.stdout, "%-*s %-20s\n", w, "GROUP", "STATE")
	for _, g := range shown {
		fmt.Fprintf(t.stdout, "%-*s %-20s\n", w, g.ID, g.State)
	}
	return 0
}

func describeGroups(t *toolEnv, gc GroupCluster, opts *optionSet, groups []string) int {
	// Kafka describes every group first (a TreeMap: sorted by id), and an
	// unknown group fails the whole command.
	groups = slices.Clone(groups)
	slices.Sort(groups)
	groups = slices.Compact(groups)
	var descs []GroupDescription
	for _, g := range groups {
		// An unknown group fails with GroupIdNotFoundException
		// (DescribeGroups v6).
		d, err := gc.DescribeGroup(g)
		if err != nil {
			return commandFailed(t.stdout, err)
		}
		descs = append(descs, d)
	}
	verbose := opts.has("verbose")
	for _, d := range descs {
		switch {
		case opts.has("offsets") || (!opts.has("members") && !opts.has("state")):
			printGroupOffsets(t, d, verbose)
		case opts.has("members"):
			printMembers(t, d, verbose)
		default:
			printGroupState(t, d, verbose)
		}
	}
	return 0
}

// shouldPrintMemberState is ConsumerGroupCommand.shouldPrintMemberState.
func shouldPrintMemberState(t *toolEnv, group, state string, rows int) bool {
	switch state {
	case "Dead":
		printError(t.stdout, fmt.Sprintf("Consumer group '%s' does not exist.", group))
	case "Empty":
		fmt.Fprintf(t.stderr, "\nConsumer group '%s' has no active members.\n", group)
	case "PreparingRebalance", "CompletingRebalance", "Assigning", "Reconciling":
		fmt.Fprintf(t.stderr, "\nWarning: Consumer group '%s' is rebalancing.\n", group)
	}
	return state != "Dead" && rows > 0
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

// printGroupOffsets is collectGroupsOffsets and printOffsets: the rows of
// the members with partitions, those with the most partitions first, each
// member's partitions by topic and partition; then the committed partitions
// no member owns, with "-" for the member.
func printGroupOffsets(t *toolEnv, d GroupDescription, verbose bool) {
	byTP := map[string]GroupOffset{}
	for _, o := range d.Offsets {
		byTP[o.Topic+"\x00"+strconv.Itoa(int(o.Partition))] = o
	}
	type row struct{ topic, part, epoch, cur, leo, lag, id, host, client string }
	rowOf := func(topic string, p int32, id, host, client string) row {
		o, ok := byTP[topic+"\x00"+strconv.Itoa(int(p))]
		if !ok {
			o = GroupOffset{Committed: -1, LogEnd: -1, Lag: -1}
		}
		return row{topic, strconv.Itoa(int(p)), missing, offsetOrMissing(o.Committed), offsetOrMissing(o.LogEnd), offsetOrMissing(o.Lag), id, host, client}
	}
	members := slices.Clone(d.Members)
	slicesort.StableFunc(members, func(a, b GroupMember) int { return len(b.Assignment) - len(a.Assignment) })
	var rows []row
	owned := map[string]bool{}
	for _, m := range members {
		if len(m.Assignment) == 0 {
			continue
		}
		parts := slices.Clone(m.Assignment)
		slicesort.Func(parts, func(a, b PartitionOffset) int {
			if c := strings.Compare(a.Topic, b.Topic); c != 0 {
				return c
			}
			return int(a.Partition - b.Partition)
		})
		for _, p := range parts {
			owned[p.Topic+"\x00"+strconv.Itoa(int(p.Partition))] = true
			rows = append(rows, rowOf(p.Topic, p.Partition, m.MemberID, m.Host, m.ClientID))
		}
	}
	for _, o := range d.Offsets { // sorted by topic and partition
		if !owned[o.Topic+"\x00"+strconv.Itoa(int(o.Partition))] && o.Committed >= 0 {
			rows = append(rows, rowOf(o.Topic, o.Partition, missing, missing, missing))
		}
	}
	if !shouldPrintMemberState(t, d.ID, d.State, len(rows)) {
		return
	}
	gw, tw, cw, hw := max(15, len(d.ID)), 15, 15, 15
	for _, r := range rows {
		tw, cw, hw = max(tw, len(r.topic)), max(cw, len(r.id)), max(hw, len(r.host))
	}
	line := func(r row) {
		if verbose {
			fmt.Fprintf(t.stdout, "\n%-*s %-*s %-10s %-15s %-15s %-15s %-15s %-*s %-*s %s", gw, d.ID, tw, r.topic, r.part, r.epoch, r.cur, r.leo, r.lag, cw, r.id, hw, r.host, r.client)
			return
		}
		fmt.Fprintf(t.stdout, "\n%-*s %-*s %-10s %-15s %-15s %-15s %-*s %-*s %s", gw, d.ID, tw, r.topic, r.part, r.cur, r.leo, r.lag, cw, r.id, hw, r.host, r.client)
	}
	hdr := row{"TOPIC", "PARTITION", "LEADER-EPOCH", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"}
	gid := d.ID
	d.ID = "GROUP"
	line(hdr)
	d.ID = gid
	for _, r := range rows {
		line(r)
	}
	fmt.Fprintln(t.stdout)
}

// assignmentString is getAssignmentString: "topic:0,1;other:2", topics
// sorted.
func assignmentString(parts []PartitionOffset) string {
	if len(parts) == 0 {
		return missing
	}
	byTopic := map[string][]int{}
	for _, p := range parts {
		byTopic[p.Topic] = append(byTopic[p.Topic], int(p.Partition))
	}
	var out []string
	for topic, ps := range byTopic {
		slices.Sort(ps)
		var s []string
		for _, p := range ps {
			s = append(s, strconv.Itoa(p))
		}
		out = append(out, topic+":"+strings.Join(s, ","))
	}
	slices.Sort(out)
	return strings.Join(out, ";")
}

// printMembers is ConsumerGroupCommand.printMembers. The header is printed
// even when the group has no members; GROUP-INSTANCE-ID only when a member
// has one; --verbose adds the epochs and assignments of KIP-848 groups,
// "-" for the epochs and the target of a classic group's members.
func printMembers(t *toolEnv, d GroupDescription, verbose bool) {
	gw, cw, iw, hw, clw, caw, taw := 15, 15, 17, 15, 15, 20, 20
	withInstance := false
	if shouldPrintMemberState(t, d.ID, d.State, len(d.Members)) {
		gw = max(gw, len(d.ID))
		for _, m := range d.Members {
			cw, iw, hw, clw = max(cw, len(m.MemberID)), max(iw, len(m.InstanceID)), max(hw, len(m.Host)), max(clw, len(m.ClientID))
			withInstance = withInstance || m.InstanceID != ""
			caw = max(caw, len(assignmentString(m.Assignment)))
		}
	}
	cols := func(a ...string) {
		if withInstance {
			fmt.Fprintf(t.stdout, "%-*s %-*s %-*s %-*s %-*s %-15s ", gw, a[0], cw, a[1], iw, a[2], hw, a[3], clw, a[4], a[5])
		} else {
			fmt.Fprintf(t.stdout, "%-*s %-*s %-*s %-*s %-15s ", gw, a[0], cw, a[1], hw, a[3], clw, a[4], a[5])
		}
		if verbose {
			fmt.Fprintf(t.stdout, "%-15s %-*s %-15s %-*s", a[6], caw, a[7], a[8], taw, a[9])
		}
		fmt.Fprintln(t.stdout)
	}
	fmt.Fprintln(t.stdout)
	cols("GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "CURRENT-EPOCH", "CURRENT-ASSIGNMENT", "TARGET-EPOCH", "TARGET-ASSIGNMENT")
	for _, m := range d.Members {
		cols(d.ID, m.MemberID, m.InstanceID, m.Host, m.ClientID, strconv.Itoa(len(m.Assignment)), missing, assignmentString(m.Assignment), missing, missing)
	}
}

// printGroupState is ConsumerGroupCommand.printStates.
func printGroupState(t *toolEnv, d GroupDescription, verbose bool) {
	if !shouldPrintMemberState(t, d.ID, d.State, 1) {
		return
	}
	coord := fmt.Sprintf("%s:%d  (%d)", d.Coordinator.Host, BasePort+d.Coordinator.ID-1, d.Coordinator.ID)
	gw := max(15, len(d.ID))
	cw := max(25, len(coord))
	strategy := orMissing(d.Protocol)
	n := strconv.Itoa(len(d.Members))
	if verbose {
		f := fmt.Sprintf("\n%%-%ds %%-%ds %%-20s %%-20s %%-15s %%-25s %%s", gw, cw)
		fmt.Fprintf(t.stdout, f, "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "GROUP-EPOCH", "TARGET-ASSIGNMENT-EPOCH", "#MEMBERS")
		fmt.Fprintf(t.stdout, f, d.ID, coord, strategy, d.State, missing, missing, n)
	} else {
		f := fmt.Sprintf("\n%%-%ds %%-%ds %%-20s %%-20s %%s", gw, cw)
		fmt.Fprintf(t.stdout, f, "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS")
		fmt.Fprintf(t.stdout, f, d.ID, coord, strategy, d.State, n)
	}
	fmt.Fprintln(t.stdout)
}

// deleteGroups is ConsumerGroupService.deleteGroups: the groups deleted
// and those that could not be, with the exception DeleteGroups gave (its
// default message: the response carries only the error code).
func deleteGroups(t *toolEnv, gc GroupCluster, groups []string) int {
	var ok, failed []string
	var errs []error
	for _, g := range groups {
		if err := gc.DeleteGroup(g); err != nil {
			failed, errs = append(failed, g), append(errs, err)
			continue
		}
		ok = append(ok, g)
	}
	if len(failed) == 0 {
		fmt.Fprintf(t.stdout, "Deletion of requested consumer groups (%s) was successful.\n", quoteJoin(ok))
		return 0
	}
	printError(t.stdout, "Deletion of some consumer groups failed:")
	for i, g := range failed {
		msg := javaException(errs[i])
		var ke *kerr.Error
		if errors.As(errs[i], &ke) {
			if class, found := exceptionClasses[ke.Code]; found {
				msg = "org.apache.kafka.common.errors." + class + ": " + ke.Description
			}
		}
		fmt.Fprintf(t.stdout, "* Group '%s' could not be deleted due to: %s\n", g, msg)
	}
	if len(ok) > 0 {
		fmt.Fprintf(t.stdout, "\nThese consumer groups were deleted successfully: %s\n", quoteJoin(ok))
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

// resetOffsets is ConsumerGroupService.resetOffsets with GroupOffsetsResetter:
// a group must be inactive (Empty, or unknown); --to-offset and --shift-by
// are clamped to the log's range with a warning, --to-earliest and
// --to-latest are not; only --execute commits.
func resetOffsets(t *toolEnv, gc GroupCluster, opts *optionSet, groups []string) int {
	type planned struct {
		group   string
		offsets []PartitionOffset
	}
	groups = slices.Clone(groups)
	slices.Sort(groups)
	groups = slices.Compact(groups)
	var plans []planned
	for _, g := range groups {
		d, err := gc.DescribeGroup(g)
		if errors.Is(err, kerr.GroupIDNotFound) {
			// An unknown group is inactive: its offsets can be set.
			d, err = GroupDescription{ID: g, State: "Dead"}, nil
		}
		if err != nil {
			return commandFailed(t.stdout, err)
		}
		if d.State != "Empty" && d.State != "Dead" {
			printError(t.stdout, fmt.Sprintf("Assignments can only be reset if the group '%s' is inactive, but the current state is %s.", g, d.State))
			plans = append(plans, planned{group: g})
			continue
		}
		offsets, code := planReset(t, opts, d)
		if code >= 0 {
			return code
		}
		if opts.has("execute") {
			if err := gc.CommitOffsets(g, offsets); err != nil {
				return commandFailed(t.stdout, err)
			}
		}
		plans = append(plans, planned{g, offsets})
	}
	// GroupOffsetsResetter.printOffsetsToReset.
	gw, tw := 15, 15
	for _, p := range plans {
		gw = max(gw, len(p.group))
		for _, o := range p.offsets {
			tw = max(tw, len(o.Topic))
		}
	}
	if len(plans) > 0 {
		fmt.Fprintf(t.stdout, "\n%-*s %-*s %-10s %s", gw, "GROUP", tw, "TOPIC", "PARTITION", "NEW-OFFSET")
	}
	for _, p := range plans {
		for _, o := range p.offsets {
			fmt.Fprintf(t.stdout, "\n%-*s %-*s %-10d %d", gw, p.group, tw, o.Topic, o.Partition, o.Offset)
		}
	}
	fmt.Fprintln(t.stdout)
	return 0
}

// planReset is getPartitionsToReset and prepareOffsetsToReset for one
// inactive group: the new offsets sorted by topic and partition, and -1, or
// the exit status of a failure already printed.
func planReset(t *toolEnv, opts *optionSet, d GroupDescription) ([]PartitionOffset, int) {
	committed := map[string]int64{}
	var tps []PartitionOffset
	key := func(topic string, p int32) string { return topic + "-" + strconv.Itoa(int(p)) }
	for _, o := range d.Offsets {
		if o.Committed >= 0 {
			committed[key(o.Topic, o.Partition)] = o.Committed
		}
	}
	switch {
	case opts.has("all-topics"):
		for _, o := range d.Offsets {
			if o.Committed >= 0 {
				tps = append(tps, PartitionOffset{Topic: o.Topic, Partition: o.Partition})
			}
		}
	case opts.has("topic"):
		for _, spec := range opts.all("topic") {
			if !strings.Contains(spec, ":") {
				desc, err := t.cluster.DescribeTopics([]string{spec})
				if err != nil || len(desc) == 0 {
					// The admin client's UnknownTopicOrPartitionException,
					// rethrown unwrapped: its message alone.
					printError(t.stdout, fmt.Sprintf("Executing consumer group command failed due to Topic %s not found.", spec))
					return nil, 0
				}
				for _, p := range desc[0].Partitions {
					tps = append(tps, PartitionOffset{Topic: spec, Partition: p.Partition})
				}
				continue
			}
			arr := strings.Split(spec, ":")
			if len(arr) != 2 {
				return nil, t.printUsage(fmt.Sprintf("Invalid topic arg '%s', expected topic name and partitions", spec), consumerGroupsOptions)
			}
			for _, ps := range strings.Split(arr[1], ",") {
				n, err := strconv.ParseInt(ps, 10, 32)
				if err != nil {
					return nil, t.printUsage(fmt.Sprintf("Invalid partition '%s' specified in topic arg '%s''", ps, spec), consumerGroupsOptions)
				}
				tps = append(tps, PartitionOffset{Topic: arr[0], Partition: int32(n)})
			}
		}
	default:
		return nil, t.printUsage("One of the reset scopes should be defined: --all-topics, --topic.", consumerGroupsOptions)
	}
	slicesort.Func(tps, func(a, b PartitionOffset) int {
		if c := strings.Compare(a.Topic, b.Topic); c != 0 {
			return c
		}
		return int(a.Partition - b.Partition)
	})
	tps = slices.Compact(tps)
	// checkAllTopicPartitionsValid: every partition exists and has a leader.
	var notExist, noLeader []string
	for _, tp := range tps {
		desc, err := t.cluster.DescribeTopics([]string{tp.Topic})
		if err != nil || len(desc) == 0 || int(tp.Partition) >= len(desc[0].Partitions) || tp.Partition < 0 {
			notExist = append(notExist, key(tp.Topic, tp.Partition))
			continue
		}
		if desc[0].Partitions[tp.Partition].Leader < 0 {
			noLeader = append(noLeader, key(tp.Topic, tp.Partition))
		}
	}
	// Thrown outside a future: the message alone follows "due to".
	if len(notExist) > 0 {
		printError(t.stdout, fmt.Sprintf("Executing consumer group command failed due to The partitions \"%s\" do not exist", strings.Join(notExist, ",")))
		return nil, 0
	}
	if len(noLeader) > 0 {
		printError(t.stdout, fmt.Sprintf("Executing consumer group command failed due to The partitions \"%s\" have no leader", strings.Join(noLeader, ",")))
		return nil, 0
	}
	var scenario string
	for _, s := range resetScenarios {
		if opts.has(s) {
			scenario = s
		}
	}
	if scenario == "" {
		return nil, t.printUsage("Option '[reset-offsets]' requires one of the following scenarios: [[to-offset], [shift-by], [to-datetime], [by-duration], [to-earliest], [to-latest], [to-current], [from-file]]", consumerGroupsOptions)
	}
	var n int64
	if scenario == "to-offset" || scenario == "shift-by" {
		v, err := opts.longValue(scenario)
		if err != nil {
			return nil, t.printUsage(err.Error(), consumerGroupsOptions)
		}
		n = v
	}
	var out []PartitionOffset
	for _, tp := range tps {
		earliest, err1 := t.cluster.ListOffsets(tp.Topic, tp.Partition, Earliest)
		latest, err2 := t.cluster.ListOffsets(tp.Topic, tp.Partition, Latest)
		if err := errors.Join(err1, err2); err != nil {
			return nil, commandFailed(t.stdout, err)
		}
		cur, has := committed[key(tp.Topic, tp.Partition)]
		var target int64
		switch scenario {
		case "to-earliest":
			target = earliest
		case "to-latest":
			target = latest
		case "to-current":
			target = latest
			if has {
				target = cur
			}
		case "to-offset", "shift-by":
			target = n
			if scenario == "shift-by" {
				if !has {
					return nil, t.printUsage(fmt.Sprintf("Cannot shift offset for partition %s since there is no current committed offset", key(tp.Topic, tp.Partition)), consumerGroupsOptions)
				}
				target = cur + n
			}
			// checkOffsetsRange.
			switch {
			case target > latest:
				logLine(t.stderr, t.cluster.Now(), "WARN", fmt.Sprintf("New offset (%d) is higher than latest offset for topic partition %s. Value will be set to %d.", target, key(tp.Topic, tp.Partition), latest), "org.apache.kafka.tools.GroupOffsetsResetter")
				target = latest
			case target < earliest:
				logLine(t.stderr, t.cluster.Now(), "WARN", fmt.Sprintf("New offset (%d) is lower than earliest offset for topic partition %s. Value will be set to %d.", target, key(tp.Topic, tp.Partition), earliest), "org.apache.kafka.tools.GroupOffsetsResetter")
				target = earliest
			}
		}
		out = append(out, PartitionOffset{Topic: tp.Topic, Partition: tp.Partition, Offset: target})
	}
	return out, -1
}
