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
	kafkaTools["kafka-leader-election"] = KafkaLeaderElection
	delete(notYet, "kafka-leader-election")
	for code, class := range map[int16]string{
		80: "PreferredLeaderNotAvailableException",
		83: "EligibleLeadersNotAvailableException",
		84: "ElectionNotNeededException",
	} {
		if _, ok := exceptionClasses[code]; !ok {
			exceptionClasses[code] = class
		}
	}
}

// leaderElectionOptions are kafka-leader-election.sh's options
// (LeaderElectionCommandOptions, Kafka 4.1,
// tools/src/main/java/org/apache/kafka/tools/LeaderElectionCommand.java).
var leaderElectionOptions = []option{
	{name: "bootstrap-server", argName: "host:port", help: "A hostname and port for the broker to connect to, in the form host:port. Multiple comma separated URLs can be given. REQUIRED."},
	{name: "admin.config", argName: "config file", help: "Configuration properties files to pass to the admin client"},
	{name: "path-to-json-file", argName: "Path to JSON file", help: "The JSON file with the list  of partition for which leader elections should be performed. This is an example format. \n{\"partitions\":\n\t[{\"topic\": \"foo\", \"partition\": 1},\n\t {\"topic\": \"foobar\", \"partition\": 2}]\n}\nNot allowed if --all-topic-partitions or --topic flags are specified."},
	{name: "topic", argName: "topic name", help: "Name of topic for which to perform an election. Not allowed if --path-to-json-file or --all-topic-partitions is specified."},
	{name: "partition", argName: "partition id", argType: "Integer", help: "Partition id for which to perform an election. REQUIRED if --topic is specified."},
	{name: "all-topic-partitions", help: "Perform election on all of the eligible topic partitions based on the type of election (see the --election-type flag). Not allowed if --topic or --path-to-json-file is specified."},
	{name: "election-type", argName: "election type", argType: "[PREFERRED,UNCLEAN]", help: "Type of election to attempt. Possible values are \"preferred\" for preferred leader election or \"unclean\" for unclean leader election. If preferred election is selection, the election is only performed if the current leader is not the preferred leader for the topic partition. If unclean election is selected, the election is only performed if there are no leader for the topic partition. REQUIRED."},
	helpOption,
	versionOption,
}

// adminCommandFailed is the class of the exceptions LeaderElectionCommand
// throws for its own failures.
const adminCommandFailed = "org.apache.kafka.server.common.AdminCommandFailedException"

// KafkaLeaderElection is kafka-leader-election.sh
// (org.apache.kafka.tools.LeaderElectionCommand): a preferred or unclean
// election through the controller for one partition (--topic and
// --partition) or all of them (--all-topic-partitions), for a cluster that
// is a LeaderElector. It prints the partitions elected, those that already
// had a valid leader, and one error line per failed partition, each set in
// Java's HashSet order as Kafka does. Every failure is printed as
// LeaderElectionCommand.mainNoExit prints a Throwable: its message, then
// its stack trace (the first line in the lab), exit status 1.
func KafkaLeaderElection(c Cluster, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	t := &toolEnv{cluster: c, stdin: stdin, stdout: stdout, stderr: stderr}
	const desc = "This tool attempts to elect a new leader for a set of topic partitions. The type of elections supported are preferred replicas and unclean replicas."
	fail := func(class, msg string) int {
		fmt.Fprintln(stderr, msg)
		fmt.Fprintln(stderr, class+": "+msg)
		return 1
	}
	opts, err := parseOptions(leaderElectionOptions, args)
	if err != nil {
		return fail(joptExceptionClass(err.Error()), err.Error())
	}
	if len(args) == 0 {
		return t.printUsage(desc, leaderElectionOptions)
	}
	if opts.has("help") {
		return t.printHelp(desc, leaderElectionOptions)
	}
	if opts.has("version") {
		return t.printVersion()
	}
	if msg := validateLeaderElection(opts); msg != "" {
		return fail(adminCommandFailed, msg)
	}
	var unclean bool
	switch strings.ToUpper(opts.value("election-type")) {
	case "PREFERRED":
	case "UNCLEAN":
		unclean = true
	default:
		return fail("joptsimple.OptionArgumentConversionException", fmt.Sprintf("Cannot parse argument '%s' of option election-type", opts.value("election-type")))
	}
	var partitions []TopicPartition
	if opts.has("path-to-json-file") {
		var err error
		partitions, err = readElectionFile(c, opts.value("path-to-json-file"))
		var fe *electionFileError
		switch {
		case errors.As(err, &fe):
			return fail(strings.SplitN(fe.trace, ": ", 2)[0], fe.msg)
		case err != nil:
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if opts.has("topic") {
		p, err := opts.intValue("partition")
		if err != nil {
			return fail("joptsimple.OptionArgumentConversionException", err.Error())
		}
		partitions = []TopicPartition{{Topic: opts.value("topic"), Partition: p}}
	}
	if opts.has("admin.config") {
		fmt.Fprintln(stderr, "lab: --admin.config is not supported in the lab")
		return 1
	}
	addrs, err := splitBootstrap(opts.value("bootstrap-server"))
	if err != nil {
		return fail("org.apache.kafka.common.KafkaException", "Failed to create new KafkaAdminClient")
	}
	le, ok := c.(LeaderElector)
	if !ok {
		fmt.Fprintln(stderr, "lab: this cluster cannot run leader elections")
		return 1
	}
	if !connect(t, addrs, "AdminClient clientId=adminclient-1") {
		return 1
	}
	results, err := le.ElectLeaders(unclean, partitions, opts.has("all-topic-partitions"))
	if err != nil {
		if errors.Is(err, kerr.RequestTimedOut) {
			const msg = "Timeout waiting for election results"
			fmt.Fprintln(stdout, msg)
			return fail(adminCommandFailed, msg)
		}
		return fail("java.lang.RuntimeException", "java.util.concurrent.ExecutionException: "+javaException(err))
	}
	return printElectionResults(t, unclean, results)
}

// validateLeaderElection is LeaderElectionCommandOptions.validate: the
// message of the AdminCommandFailedException it throws, or "".
func validateLeaderElection(opts *optionSet) string {
	var missing []string
	for _, o := range []string{"bootstrap-server", "election-type"} {
		if !opts.has(o) {
			missing = append(missing, o)
		}
	}
	if len(missing) > 0 {
		return "Missing required option(s): " + strings.Join(missing, ", ")
	}
	n := 0
	for _, o := range []string{"topic", "all-topic-partitions", "path-to-json-file"} {
		if opts.has(o) {
			n++
		}
	}
	switch {
	case n != 1:
		return "One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file"
	case opts.has("topic") && !opts.has("partition"):
		return "Missing required option(s): partition"
	case !opts.has("topic") && opts.has("partition"):
		return "Option partition is only allowed if topic is used"
	}
	return ""
}

// printElectionResults is LeaderElectionCommand.electLeaders after the
// answer: the admin client's HashMap of results is split into the
// succeeded and no-op HashSets and the failed HashMap, each printed in its
// iteration order.
func printElectionResults(t *toolEnv, unclean bool, results []ElectionResult) int {
	kind := "PREFERRED"
	if unclean {
		kind = "UNCLEAN"
	}
	hash := func(r ElectionResult) int32 { return javaTopicPartitionHash(r.TopicPartition) }
	var succeeded, noop, failed []ElectionResult
	for _, r := range javaHashOrder(results, hash) {
		switch {
		case r.Err == nil:
			succeeded = append(succeeded, r)
		case errors.Is(r.Err, kerr.ElectionNotNeeded):
			noop = append(noop, r)
		default:
			failed = append(failed, r)
		}
	}
	names := func(rs []ElectionResult) string {
		s := make([]string, len(rs))
		for i, r := range javaHashOrder(rs, hash) {
			s[i] = r.Topic + "-" + strconv.Itoa(int(r.Partition))
		}
		return strings.Join(s, ", ")
	}
	if len(succeeded) > 0 {
		fmt.Fprintf(t.stdout, "Successfully completed leader election (%s) for partitions %s\n", kind, names(succeeded))
	}
	if len(noop) > 0 {
		fmt.Fprintf(t.stdout, "Valid replica already elected for partitions %s\n", names(noop))
	}
	if len(failed) == 0 {
		return 0
	}
	for _, r := range javaHashOrder(failed, hash) {
		fmt.Fprintf(t.stdout, "Error completing leader election (%s) for partition: %s-%d: %s\n", kind, r.Topic, r.Partition, electionException(r.Err))
	}
	msg := fmt.Sprintf("%d replica(s) could not be elected", len(failed))
	fmt.Fprintln(t.stderr, msg)
	fmt.Fprintln(t.stderr, adminCommandFailed+": "+msg)
	return 1
}

// electionException renders a partition's election error as the admin
// client's exception. Kafka's controller answers these codes without a
// message (new ApiError(Errors.X)), so the client's exception carries the
// code's default message.
func electionException(err error) string {
	var ke *kerr.Error
	if errors.As(err, &ke) && (ke.Code == 80 || ke.Code == 83 || ke.Code == 84) {
		return javaException(ke)
	}
	return javaException(err)
}

// joptExceptionClass names the jopt-simple exception behind a parse error.
func joptExceptionClass(msg string) string {
	if strings.HasSuffix(msg, "requires an argument") {
		return "joptsimple.OptionMissingRequiredArgumentException"
	}
	return "joptsimple.UnrecognizedOptionException"
}
