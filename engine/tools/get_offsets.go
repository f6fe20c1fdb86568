package tools

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/javaregex"
	"github.com/kafkalab/kafkalab/engine/slicesort"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

func init() {
	kafkaTools["kafka-get-offsets"] = KafkaGetOffsets
	delete(notYet, "kafka-get-offsets")
}

// topicPartitionPattern is GetOffsetShell.TOPIC_PARTITION_PATTERN, which the
// help text shows; parseRuleSpec implements it without regexp.
const topicPartitionPattern = `([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?`

// getOffsetsOptions are kafka-get-offsets.sh's options (GetOffsetShellOptions,
// Kafka 4.1, tools/src/main/java/org/apache/kafka/tools/GetOffsetShell.java).
var getOffsetsOptions = []option{
	{name: "bootstrap-server", argName: "HOST1:PORT1,...,HOST3:PORT3", help: "REQUIRED. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2."},
	{name: "topic-partitions", argName: "topic1:1,topic2:0-3,topic3,topic4:5-,topic5:-3", help: "Comma separated list of topic-partition patterns to get the offsets for, with the format of '" + topicPartitionPattern + "'. The first group is an optional regex for the topic name, if omitted, it matches any topic name. The section after ':' describes a 'partition' pattern, which can be: a number, a range in the format of 'NUMBER-NUMBER' (lower inclusive, upper exclusive), an inclusive lower bound in the format of 'NUMBER-', an exclusive upper bound in the format of '-NUMBER' or may be omitted to accept all partitions."},
	{name: "topic", argName: "topic", help: "The topic to get the offsets for. It also accepts a regular expression. If not present, all authorized topics are queried. Cannot be used if --topic-partitions is present."},
	{name: "partitions", argName: "partition ids", help: "Comma separated list of partition ids to get the offsets for. If not present, all partitions of the authorized topics are queried. Cannot be used if --topic-partitions is present."},
	{name: "time", argName: "<timestamp> / -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered", def: "latest", help: "timestamp of the offsets before that. [Note: No offset is returned, if the timestamp greater than recently committed record timestamp is given.]"},
	{name: "command-config", argName: "config file", help: "Property file containing configs to be passed to Admin Client."},
	{name: "exclude-internal-topics", help: "By default, internal topics are included. If specified, internal topics are excluded."},
	helpOption,
	versionOption,
}

// terseError is GetOffsetShell's TerseException: "Error occurred: <message>"
// alone on stderr. Any other error is a Throwable, which the tool prints
// with its stack trace (cut to its first line in the lab).
type terseError struct{ msg string }

func (e *terseError) Error() string { return e.msg }

// javaThrowable is an exception other than TerseException: msg is its
// getMessage() and trace the first line of its stack trace.
type javaThrowable struct{ msg, trace string }

func (e *javaThrowable) Error() string { return e.msg }

// KafkaGetOffsets is kafka-get-offsets.sh (org.apache.kafka.tools.GetOffsetShell):
// it lists the partitions that --topic and --partitions (or
// --topic-partitions) select, asks each partition's leader for the offset
// --time names (ListOffsets) and prints "topic:partition:offset" lines,
// sorted as TopicPartition.toString sorts. A partition without an answer
// (offset -1: no record at or after the timestamp, or nothing tiered) is
// left out, as in Kafka.
func KafkaGetOffsets(c Cluster, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	t := &toolEnv{cluster: c, stdin: stdin, stdout: stdout, stderr: stderr}
	const desc = "An interactive shell for getting topic-partition offsets."
	if len(args) == 0 {
		return t.printUsage(desc, getOffsetsOptions)
	}
	opts, err := parseOptions(getOffsetsOptions, args)
	if err != nil {
		return t.getOffsetsFailure(&terseError{err.Error()})
	}
	if opts.has("help") {
		return t.printHelp(desc, getOffsetsOptions)
	}
	if opts.has("version") {
		return t.printVersion()
	}
	if !opts.has("bootstrap-server") {
		return t.printUsage(`Missing required argument "[bootstrap-server]"`, getOffsetsOptions)
	}
	addrs, err := splitBootstrap(opts.value("bootstrap-server"))
	if err != nil {
		return t.printUsage(err.Error(), getOffsetsOptions)
	}
	offsets, err := t.fetchOffsets(opts, addrs)
	if err != nil {
		return t.getOffsetsFailure(err)
	}
	for _, o := range offsets {
		fmt.Fprintf(stdout, "%s:%d:%d\n", o.Topic, o.Partition, o.Offset)
	}
	return 0
}

// getOffsetsFailure prints err as GetOffsetShell.mainNoExit does and
// returns 1; a lab error (a "lab:" line already printed) returns 1 alone.
func (t *toolEnv) getOffsetsFailure(err error) int {
	var te *terseError
	var jt *javaThrowable
	switch {
	case errors.Is(err, errLabPrinted):
	case errors.As(err, &te):
		fmt.Fprintln(t.stderr, "Error occurred: "+te.msg)
	case errors.As(err, &jt):
		fmt.Fprintln(t.stderr, "Error occurred: "+jt.msg)
		fmt.Fprintln(t.stderr, jt.trace)
	default:
		fmt.Fprintln(t.stderr, "Error occurred: "+javaException(err))
		fmt.Fprintln(t.stderr, "java.util.concurrent.ExecutionException: "+javaException(err))
	}
	return 1
}

// errLabPrinted marks a failure whose "lab:" message is already on stderr.
var errLabPrinted = errors.New("lab: reported")

// fetchOffsets is GetOffsetShell.fetchOffsets.
func (t *toolEnv) fetchOffsets(opts *optionSet, addrs []address) ([]PartitionOffset, error) {
	if opts.has("topic-partitions") && (opts.has("topic") || opts.has("partitions")) {
		return nil, &terseError{"--topic-partitions cannot be used with --topic or --partitions"}
	}
	spec := toolsapi.Latest // the option's default, "latest"
	if opts.has("time") {
		var err error
		if spec, err = parseOffsetSpec(opts.value("time")); err != nil {
			return nil, err
		}
	}
	var (
		filter tpFilter
		err    error
	)
	if opts.has("topic-partitions") {
		filter, err = parseTopicPartitions(opts.value("topic-partitions"))
	} else {
		filter, err = topicAndPartitionsFilter(opts)
	}
	if err != nil {
		return nil, err
	}
	if opts.has("command-config") {
		fmt.Fprintln(t.stderr, "lab: --command-config is not supported in the lab")
		return nil, errLabPrinted
	}
	if !connect(t, addrs, "AdminClient clientId=GetOffsetShell") {
		return nil, errLabPrinted
	}
	partitions, err := t.listPartitionInfos(filter, opts.has("exclude-internal-topics"))
	if err != nil {
		return nil, err
	}
	if len(partitions) == 0 {
		return nil, &terseError{"Could not match any topic-partitions with the specified filters"}
	}
	var out []PartitionOffset
	for _, tp := range partitions {
		off, err := t.cluster.ListOffsets(tp.Topic, tp.Partition, spec)
		if err != nil {
			fmt.Fprintf(t.stderr, "Skip getting offsets for topic-partition %s-%d due to error: %s\n", tp.Topic, tp.Partition, javaException(err))
			continue
		}
		if off != -1 { // ListOffsetsResponse.UNKNOWN_OFFSET
			out = append(out, PartitionOffset{Topic: tp.Topic, Partition: tp.Partition, Offset: off})
		}
	}
	// A TreeMap ordered by TopicPartition.toString: "t-10" sorts before "t-2".
	slicesort.StableFunc(out, func(a, b PartitionOffset) int {
		return strings.Compare(a.Topic+"-"+strconv.Itoa(int(a.Partition)), b.Topic+"-"+strconv.Itoa(int(b.Partition)))
	})
	return out, nil
}

// listPartitionInfos lists the topics (internal ones unless excluded), keeps
// those the filter allows, describes them and keeps the allowed partitions.
func (t *toolEnv) listPartitionInfos(filter tpFilter, excludeInternal bool) ([]PartitionOffset, error) {
	names, err := t.cluster.ListTopics()
	if err != nil {
		return nil, err
	}
	var allowed []string
	for _, n := range names {
		if excludeInternal && isInternalTopic(n) {
			continue
		}
		if filter.topicAllowed(n) {
			allowed = append(allowed, n)
		}
	}
	if len(allowed) == 0 {
		return nil, nil // describeTopics of no topics describes nothing
	}
	descs, err := t.cluster.DescribeTopics(allowed)
	if err != nil {
		return nil, err
	}
	var out []PartitionOffset
	for _, d := range descs {
		for _, p := range d.Partitions {
			if filter.partitionAllowed(d.Name, p.Partition) {
				out = append(out, PartitionOffset{Topic: d.Name, Partition: p.Partition})
			}
		}
	}
	return out, nil
}

// parseOffsetSpec is GetOffsetShell.parseOffsetSpec (Kafka 4.1, which has
// no earliest-pending-upload yet).
func parseOffsetSpec(s string) (int64, error) {
	switch s {
	case "earliest":
		return toolsapi.Earliest, nil
	case "latest":
		return toolsapi.Latest, nil
	case "max-timestamp":
		return toolsapi.MaxTimestamp, nil
	case "earliest-local":
		return toolsapi.EarliestLocal, nil
	case "latest-tiered":
		return toolsapi.LatestTiered, nil
	}
	ts, err := parseJavaLong(s)
	if err != nil {
		return 0, &terseError{"Malformed time argument " + s + ". Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp"}
	}
	// Any other negative value goes to the broker as it is, which refuses it.
	return ts, nil
}

// parseJavaLong parses as Long.parseLong: an optional sign and decimal
// digits, nothing else.
func parseJavaLong(s string) (int64, error) {
	if s == "" || s == "+" || s == "-" || strings.ContainsAny(s[1:], "+-") {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseInt(s, 10, 64)
}

// parseJavaInt parses as Integer.parseInt.
func parseJavaInt(s string) (int32, error) {
	n, err := parseJavaLong(s)
	if err != nil || n < -1<<31 || n > 1<<31-1 {
		return 0, strconv.ErrSyntax
	}
	return int32(n), nil
}

// javaSplit splits as Java's String.split(sep) does: trailing empty strings
// are dropped, so "a,b,," gives [a b] and "," gives nothing, but "" gives
// [""].
func javaSplit(s, sep string) []string {
	if s == "" {
		return []string{""}
	}
	parts := strings.Split(s, sep)
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}

// A tpFilter is GetOffsetShell's TopicPartitionFilter: a list of rules, any
// of which may allow a topic and its partitions.
type tpFilter []tpRule

// A tpRule is TopicFilterAndPartitionFilter: a topic regular expression
// (IncludeList) and a set of partitions, a range, or one partition.
type tpRule struct {
	topic  *javaregex.Pattern
	set    []int32 // PartitionsSetFilter; empty allows all
	isSet  bool
	lo, hi int32 // PartitionRangeFilter: lo ≤ p < hi
	unique bool  // UniquePartitionFilter: p == lo
}

func (f tpFilter) topicAllowed(name string) bool {
	return slices.ContainsFunc(f, func(r tpRule) bool { return r.topic.Matches(name) })
}

func (f tpFilter) partitionAllowed(name string, p int32) bool {
	return slices.ContainsFunc(f, func(r tpRule) bool { return r.topic.Matches(name) && r.partitionAllowed(p) })
}

func (r tpRule) partitionAllowed(p int32) bool {
	switch {
	case r.isSet:
		return len(r.set) == 0 || slices.Contains(r.set, p)
	case r.unique:
		return p == r.lo
	default:
		return r.lo <= p && p < r.hi
	}
}

// topicFilter compiles a topic pattern as TopicFilter.IncludeList does,
// failing with its RuntimeException.
func topicFilter(pattern string) (*javaregex.Pattern, error) {
	re, err := includeList(pattern)
	if err != nil {
		clean := strings.Trim(strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(pattern), ",", "|"), " ", ""), `"'`)
		msg := clean + " is an invalid regex."
		return nil, &javaThrowable{msg: msg, trace: "java.lang.RuntimeException: " + msg}
	}
	return re, nil
}

// topicAndPartitionsFilter is createTopicPartitionFilterWithTopicAndPartitionPattern.
func topicAndPartitionsFilter(opts *optionSet) (tpFilter, error) {
	pattern := ".*"
	if opts.has("topic") {
		pattern = opts.value("topic")
	}
	re, err := topicFilter(pattern)
	if err != nil {
		return nil, err
	}
	rule := tpRule{topic: re, isSet: true}
	if s := opts.value("partitions"); s != "" {
		for _, p := range javaSplit(s, ",") {
			n, err := parseJavaInt(p)
			if err != nil {
				return nil, &terseError{"--partitions expects a comma separated list of numeric partition ids, but received: " + s}
			}
			rule.set = append(rule.set, n)
		}
	}
	return tpFilter{rule}, nil
}

// parseTopicPartitions is createTopicPartitionFilterWithPatternList: rules
// separated by commas, each matching TOPIC_PARTITION_PATTERN.
func parseTopicPartitions(s string) (tpFilter, error) {
	var f tpFilter
	for _, spec := range javaSplit(s, ",") {
		r, err := parseRuleSpec(spec)
		if err != nil {
			return nil, err
		}
		f = append(f, r)
	}
	return f, nil
}

// parseRuleSpec is GetOffsetShell.parseRuleSpec: TOPIC(:PARTITIONS)? where
// PARTITIONS is N, N-M, N-, -M or empty. Its TerseException reaches main
// wrapped in a RuntimeException, as a lambda rethrows it.
func parseRuleSpec(spec string) (tpRule, error) {
	invalid := func() error {
		msg := "org.apache.kafka.tools.TerseException: Invalid rule specification: " + spec
		return &javaThrowable{msg: msg, trace: "java.lang.RuntimeException: " + msg}
	}
	topic, part, hasPart := strings.Cut(spec, ":")
	lo, hi, isRange := strings.Cut(part, "-")
	digits := func(s string) bool {
		return !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	}
	if strings.Contains(topic, ",") || !digits(lo) || !digits(hi) {
		return tpRule{}, invalid() // the matcher fails before anything is compiled
	}
	pattern := topic
	if pattern == "" {
		pattern = ".*"
	}
	number := func(s string) (int32, error) {
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			msg := `For input string: "` + s + `"`
			return 0, &javaThrowable{msg: msg, trace: "java.lang.NumberFormatException: " + msg}
		}
		return int32(n), nil
	}
	re, err := topicFilter(pattern)
	if err != nil {
		return tpRule{}, err
	}
	r := tpRule{topic: re, lo: 0, hi: 1<<31 - 1}
	if hasPart {
		switch {
		case !isRange && part != "":
			n, err := number(part)
			if err != nil {
				return tpRule{}, err
			}
			r.unique, r.lo = true, n
		case isRange:
			if lo != "" {
				if r.lo, err = number(lo); err != nil {
					return tpRule{}, err
				}
			}
			if hi != "" {
				if r.hi, err = number(hi); err != nil {
					return tpRule{}, err
				}
			}
		}
	}
	return r, nil
}
