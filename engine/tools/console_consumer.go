package tools

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// IdleWaitMs is how long, in simulated ms, the lab's console consumer waits
// for more records when no --timeout-ms is given. Kafka's consumer would
// wait until the learner pressed Ctrl-C; the lab's scripts cannot, so the
// consumer stops as if Ctrl-C came once it had been idle this long.
const IdleWaitMs = 1000

// consumerOptions are kafka-console-consumer.sh's options
// (ConsoleConsumerOptions, Kafka 4.1).
var consumerOptions = []option{
	{name: "topic", argName: "topic", help: "The topic to consume from."},
	{name: "include", argName: "Java regex (String)", help: "Regular expression specifying list of topics to include for consumption."},
	{name: "partition", argName: "partition", argType: "Integer", help: "The partition to consume from. Consumption starts from the end of the partition unless '--offset' is specified."},
	{name: "offset", argName: "consume offset", def: "latest", help: "The offset to consume from (a non-negative number), or 'earliest' which means from beginning, or 'latest' which means from end"},
	{name: "consumer-property", argName: "consumer_prop", help: "A mechanism to pass user-defined properties in the form key=value to the consumer."},
	{name: "consumer.config", argName: "config file", help: "Consumer config properties file. Note that [consumer-property] takes precedence over this config."},
	{name: "formatter", argName: "class", def: "org.apache.kafka.tools.consumer.DefaultMessageFormatter", help: "The name of a class to use for formatting kafka messages for display."},
	{name: "property", argName: "prop", help: "The properties to initialize the message formatter. Default properties include: \n print.timestamp=true|false\n print.key=true|false\n print.offset=true|false\n print.epoch=true|false\n print.partition=true|false\n print.headers=true|false\n print.value=true|false\n key.separator=<key.separator>\n line.separator=<line.separator>\n headers.separator=<headers.separator>\n null.literal=<null.literal>\n key.deserializer=<key.deserializer>\n value.deserializer=<value.deserializer>\n header.deserializer=<header.deserializer>\n\nUsers can also pass in customized properties for their formatter; more specifically, users can pass in properties keyed with 'key.deserializer.', 'value.deserializer.' and 'headers.deserializer.' prefixes to configure their deserializers."},
	{name: "formatter-config", argName: "config file", help: "Config properties file to initialize the message formatter. Note that [property] takes precedence over this config."},
	{name: "from-beginning", help: "If the consumer does not already have an established offset to consume from, start with the earliest message present in the log rather than the latest message."},
	{name: "max-messages", argName: "num_messages", argType: "Integer", help: "The maximum number of messages to consume before exiting. If not set, consumption is continual."},
	{name: "timeout-ms", argName: "timeout_ms", argType: "Long", help: "If specified, exit if no message is available for consumption for the specified interval."},
	{name: "skip-message-on-error", help: "If there is an error when processing a message, skip it instead of halt."},
	{name: "bootstrap-server", argName: "server to connect to", help: "REQUIRED: The server(s) to connect to."},
	{name: "key-deserializer", argName: "deserializer for keys", help: "The name of the class to use for deserializing keys."},
	{name: "value-deserializer", argName: "deserializer for values", help: "The name of the class to use for deserializing values."},
	{name: "enable-systest-events", help: "Log lifecycle events of the consumer in addition to logging consumed messages. (This is specific for system tests.)"},
	{name: "isolation-level", def: "read_uncommitted", help: "Set to read_committed in order to filter out transactional messages which are not committed. Set to read_uncommitted to read all messages."},
	{name: "group", argName: "consumer group id", help: "The consumer group id of the consumer."},
	helpOption,
	versionOption,
}

// ConsoleConsumer is kafka-console-consumer.sh (org.apache.kafka.tools.
// consumer.ConsoleConsumer with its DefaultMessageFormatter), in assign mode:
// it reads one partition (--partition) or every partition of the topic,
// prints each record as the formatter's properties say, and ends with
// "Processed a total of N messages" on stderr. With --group it reads as a
// member of that group instead (GroupCluster.GroupFetch), from the group's
// committed offsets, and commits on exit.
func ConsoleConsumer(c Cluster, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	t := &toolEnv{cluster: c, stdin: stdin, stdout: stdout, stderr: stderr}
	opts, err := parseOptions(consumerOptions, args)
	if err != nil {
		return t.printUsage(err.Error(), consumerOptions)
	}
	if len(args) == 0 {
		return t.printUsage("This tool helps to read data from Kafka topics and outputs it to standard output.", consumerOptions)
	}
	if opts.has("help") {
		return t.printHelp("This tool helps to read data from Kafka topics and outputs it to standard output.", consumerOptions)
	}
	if opts.has("version") {
		return t.printVersion()
	}
	if opts.has("topic") == opts.has("include") {
		return t.printUsage("Exactly one of the following arguments is required: [topic], [include]", consumerOptions)
	}
	if opts.has("partition") {
		if !opts.has("topic") {
			return t.printUsage("The topic is required when partition is specified.", consumerOptions)
		}
		if opts.has("from-beginning") && opts.has("offset") {
			return t.printUsage("Options from-beginning and offset cannot be specified together.", consumerOptions)
		}
	} else if opts.has("offset") {
		return t.printUsage("The partition is required when offset is specified.", consumerOptions)
	}
	if !opts.has("bootstrap-server") {
		return t.printUsage(`Missing required argument "[bootstrap-server]"`, consumerOptions)
	}
	props := parseKeyValues(opts.all("consumer-property"))
	group, hasGroup := props["group.id"]
	if opts.has("group") {
		if hasGroup && group != opts.value("group") {
			return t.printUsage(fmt.Sprintf("The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: '%s', '%s'", opts.value("group"), group), consumerOptions)
		}
		group, hasGroup = opts.value("group"), true
	}
	if hasGroup && opts.has("partition") {
		return t.printUsage("Options group and partition cannot be specified together.", consumerOptions)
	}
	if _, groups := c.(GroupCluster); hasGroup && !groups {
		fmt.Fprintf(t.stderr, "lab: consumer groups are not implemented in the lab yet, so --group %s cannot be used; leave it out to read in assign mode (every partition, or one with --partition)\n", group)
		return 1
	}
	if reset, ok := props["auto.offset.reset"]; ok && opts.has("from-beginning") && reset != "earliest" {
		fmt.Fprintf(t.stderr, "Can't simultaneously specify --from-beginning and 'auto.offset.reset=%s', please remove one option\n", reset)
		return 1
	}
	spec := FetchSpec{Topic: opts.value("topic"), Offset: Latest, Properties: props}
	if opts.has("from-beginning") {
		spec.Offset = Earliest
	}
	if reset := props["auto.offset.reset"]; reset == "earliest" {
		spec.Offset = Earliest
	}
	if opts.has("offset") {
		v := opts.value("offset")
		switch strings.ToLower(v) {
		case "earliest":
			spec.Offset = Earliest
		case "latest":
			spec.Offset = Latest
		default:
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return t.printUsage(fmt.Sprintf("The provided offset value '%s' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.", v), consumerOptions)
			}
			spec.Offset = n
		}
	}
	if opts.has("partition") {
		p, err := opts.intValue("partition")
		if err != nil {
			return t.printUsage(err.Error(), consumerOptions)
		}
		spec.Partitions = []int32{p}
	}
	timeoutMs := int64(-1)
	if opts.has("timeout-ms") {
		if timeoutMs, err = opts.longValue("timeout-ms"); err != nil {
			return t.printUsage(err.Error(), consumerOptions)
		}
	}
	spec.TimeoutMs = timeoutMs
	if timeoutMs < 0 {
		spec.TimeoutMs = IdleWaitMs
	}
	if opts.has("max-messages") {
		n, err := opts.intValue("max-messages")
		if err != nil {
			return t.printUsage(err.Error(), consumerOptions)
		}
		if n > 0 {
			spec.MaxMessages = int(n)
		}
	}
	if f := opts.value("formatter"); f != "" && f != "org.apache.kafka.tools.consumer.DefaultMessageFormatter" && f != "kafka.tools.DefaultMessageFormatter" {
		fmt.Fprintf(t.stderr, "lab: --formatter %s is not supported in the lab; only the DefaultMessageFormatter is\n", f)
		return 1
	}
	for _, unsupported := range []string{"include", "consumer.config", "formatter-config"} {
		if opts.has(unsupported) {
			fmt.Fprintf(t.stderr, "lab: --%s is not supported in the lab yet\n", unsupported)
			return 1
		}
	}
	if props["client.id"] == "" {
		props["client.id"] = "console-consumer"
	}
	if !opts.has("isolation-level") {
		if _, ok := props["isolation.level"]; !ok {
			props["isolation.level"] = "read_uncommitted"
		}
	} else {
		props["isolation.level"] = opts.value("isolation-level")
	}
	f := newFormatter(parseKeyValues(opts.all("property")))
	addrs, err := splitBootstrap(opts.value("bootstrap-server"))
	if err != nil {
		logLine(t.stderr, t.cluster.Now(), "ERROR", "Unknown error when running consumer: ", "org.apache.kafka.tools.consumer.ConsoleConsumer")
		fmt.Fprintln(t.stderr, "org.apache.kafka.common.KafkaException: Failed to construct kafka consumer")
		return 1
	}
	dropUnknownConfigs(t.stderr, t.cluster.Now(), props, isConsumerConfig, "org.apache.kafka.clients.consumer.ConsumerConfig")
	if !connect(t, addrs, "Consumer clientId="+props["client.id"]) {
		return 1
	}
	records, err := fetchMaybeGroup(t, spec, group, hasGroup)
	for _, r := range records {
		f.write(t.stdout, r)
	}
	switch {
	case err != nil:
		if errors.Is(err, kerr.UnknownTopicOrPartition) {
			logLine(t.stderr, t.cluster.Now(), "WARN",
				fmt.Sprintf("[Consumer clientId=%s] Error while fetching metadata with correlation id 2 : {%s=UNKNOWN_TOPIC_OR_PARTITION}", props["client.id"], spec.Topic),
				"org.apache.kafka.clients.NetworkClient")
		} else {
			logLine(t.stderr, t.cluster.Now(), "ERROR", "Error processing message, terminating consumer process: ", "org.apache.kafka.tools.consumer.ConsoleConsumer")
			fmt.Fprintln(t.stderr, javaException(err))
		}
	case timeoutMs >= 0 && (spec.MaxMessages == 0 || len(records) < spec.MaxMessages):
		logLine(t.stderr, t.cluster.Now(), "ERROR", "Error processing message, terminating consumer process: ", "org.apache.kafka.tools.consumer.ConsoleConsumer")
		fmt.Fprintln(t.stderr, "org.apache.kafka.common.errors.TimeoutException")
	}
	fmt.Fprintf(t.stderr, "Processed a total of %d messages\n", len(records))
	return 0
}

// A formatter is DefaultMessageFormatter.
type formatter struct {
	printTimestamp, printKey, printValue, printPartition, printOffset, printHeaders bool
	keySep, lineSep, headersSep, nullLiteral                                        string
}

// newFormatter configures a formatter from --property values as
// DefaultMessageFormatter.configure does.
func newFormatter(p map[string]string) *formatter {
	f := &formatter{printValue: true, keySep: "\t", lineSep: "\n", headersSep: ",", nullLiteral: "null"}
	flag := func(name string, dst *bool) {
		if v, ok := p[name]; ok {
			*dst = strings.EqualFold(strings.TrimSpace(v), "true")
		}
	}
	flag("print.timestamp", &f.printTimestamp)
	flag("print.key", &f.printKey)
	flag("print.offset", &f.printOffset)
	flag("print.partition", &f.printPartition)
	flag("print.headers", &f.printHeaders)
	flag("print.value", &f.printValue)
	str := func(name string, dst *string) {
		if v, ok := p[name]; ok {
			*dst = v
		}
	}
	str("key.separator", &f.keySep)
	str("line.separator", &f.lineSep)
	str("headers.separator", &f.headersSep)
	str("null.literal", &f.nullLiteral)
	return f
}

// write writes one record as DefaultMessageFormatter.writeTo does: the
// chosen fields separated by key.separator, the line ended by line.separator.
func (f *formatter) write(w io.Writer, r ConsumedRecord) {
	var b strings.Builder
	sep := func(more bool) {
		if more {
			b.WriteString(f.keySep)
		} else {
			b.WriteString(f.lineSep)
		}
	}
	orNull := func(v []byte) string {
		if v == nil {
			return f.nullLiteral
		}
		return string(v)
	}
	if f.printTimestamp {
		typ := r.TimestampType
		if typ == "" {
			typ = "CreateTime"
		}
		if r.Timestamp < 0 {
			b.WriteString("NO_TIMESTAMP")
		} else {
			fmt.Fprintf(&b, "%s:%d", typ, r.Timestamp)
		}
		sep(f.printPartition || f.printOffset || f.printHeaders || f.printKey || f.printValue)
	}
	if f.printPartition {
		fmt.Fprintf(&b, "Partition:%d", r.Partition)
		sep(f.printOffset || f.printHeaders || f.printKey || f.printValue)
	}
	if f.printOffset {
		fmt.Fprintf(&b, "Offset:%d", r.Offset)
		sep(f.printHeaders || f.printKey || f.printValue)
	}
	if f.printHeaders {
		if len(r.Headers) == 0 {
			b.WriteString("NO_HEADERS")
		}
		for i, h := range r.Headers {
			if i > 0 {
				b.WriteString(f.headersSep)
			}
			b.WriteString(h.Key + ":" + orNull(h.Value))
		}
		sep(f.printKey || f.printValue)
	}
	if f.printKey {
		b.WriteString(orNull(r.Key))
		sep(f.printValue)
	}
	if f.printValue {
		b.WriteString(orNull(r.Value))
		b.WriteString(f.lineSep)
	}
	io.WriteString(w, b.String())
}
