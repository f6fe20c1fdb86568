package tools

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

func init() {
	kafkaTools["kafka-consumer-perf-test"] = ConsumerPerfTest
	delete(notYet, "kafka-consumer-perf-test")
}

// consumerPerfOptions are kafka-consumer-perf-test.sh's options
// (ConsumerPerfOptions, Kafka 4.1,
// tools/src/main/java/org/apache/kafka/tools/ConsumerPerformance.java).
// The default group is filled in per run.
func consumerPerfOptions(group string) []option {
	return []option{
		{name: "bootstrap-server", argName: "server to connect to", help: "REQUIRED: The server(s) to connect to."},
		{name: "topic", argName: "topic", help: "The topic to consume from."},
		{name: "include", argName: "Java regex (String)", help: "Regular expression specifying list of topics to include for consumption."},
		{name: "group", argName: "gid", def: group, help: "The group id to consume on."},
		{name: "fetch-size", argName: "size", argType: "Integer", def: "1048576", help: "The amount of data to fetch in a single request."},
		{name: "from-latest", help: "If the consumer does not already have an established offset to consume from, start with the latest message present in the log rather than the earliest message."},
		{name: "socket-buffer-size", argName: "size", argType: "Integer", def: "2097152", help: "The size of the tcp RECV size."},
		{name: "consumer.config", argName: "config file", help: "Consumer config properties file."},
		{name: "print-metrics", help: "Print out the metrics."},
		{name: "show-detailed-stats", help: "If set, stats are reported for each reporting interval as configured by reporting-interval"},
		{name: "timeout", argName: "milliseconds", argType: "Long", optArg: true, def: "10000", help: "The maximum allowed time in milliseconds between returned records."},
		{name: "messages", argName: "count", argType: "Long", help: "REQUIRED: The number of messages to consume."},
		{name: "reporting-interval", argName: "interval_ms", argType: "Long", def: "5000", help: "Interval in milliseconds at which to print progress info."},
		{name: "date-format", argName: "date format", def: "yyyy-MM-dd HH:mm:ss:SSS", help: "The date format to use for formatting the time field. See java.text.SimpleDateFormat for options."},
		{name: "hide-header", help: "If set, skips printing the header for the stats"},
		helpOption,
		versionOption,
	}
}

// perfGroup names the group a run without --group joins. Kafka's tool draws
// "perf-consumer-" + Random.nextInt(100000); the lab derives the number from
// the simulated clock, so a run is repeatable and two runs rarely share a
// group.
func perfGroup(nowMs int64) string {
	return "perf-consumer-" + strconv.FormatInt((nowMs*2654435761+12345)%100_000, 10)
}

// ConsumerPerfTest is kafka-consumer-perf-test.sh
// (org.apache.kafka.tools.ConsumerPerformance) in simulated time: a group
// member subscribes to --topic (or the topics --include matches when it
// starts), polls until it has --messages records or none came for
// --timeout ms, and prints the tool's CSV header and row (or, with
// --show-detailed-stats, a row per --reporting-interval): times from the
// simulation clock (UTC), rebalance.time.ms the simulated time until the
// member had its partitions. The cluster must be a PerfConsumer.
func ConsumerPerfTest(c Cluster, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	t := &toolEnv{cluster: c, stdin: stdin, stdout: stdout, stderr: stderr}
	group := perfGroup(c.Now())
	specs := consumerPerfOptions(group)
	const desc = "This tool is used to verify the consumer performance."
	opts, err := parseOptions(specs, args)
	if err != nil {
		return t.printUsage(err.Error(), specs)
	}
	if len(args) == 0 {
		return t.printUsage(desc, specs)
	}
	if opts.has("help") {
		return t.printHelp(desc, specs)
	}
	if opts.has("version") {
		return t.printVersion()
	}
	if !opts.has("messages") {
		return t.printUsage(`Missing required argument "[messages]"`, specs)
	}
	if opts.has("topic") == opts.has("include") {
		return t.printUsage("Exactly one of the following arguments is required: [topic], [include]", specs)
	}
	// Main's catch: any exception prints its message and its stack trace.
	throw := func(class, msg string) int {
		if msg == "" {
			fmt.Fprintln(stderr, "null")
			fmt.Fprintln(stderr, class)
		} else {
			fmt.Fprintln(stderr, msg)
			fmt.Fprintln(stderr, class+": "+msg)
		}
		return 1
	}
	conversion := func(name string) (int64, bool) {
		if !opts.has(name) || opts.value(name) == "" {
			return 0, false
		}
		v, err := opts.longValue(name)
		if err != nil {
			throw("joptsimple.OptionArgumentConversionException", err.Error())
			return 0, true
		}
		return v, false
	}
	dateFormat := opts.value("date-format")
	if !opts.has("date-format") {
		dateFormat = "yyyy-MM-dd HH:mm:ss:SSS"
	}
	if _, err := simpleDateFormat(0, dateFormat); err != nil {
		fmt.Fprintln(stderr, "lab: --date-format: "+err.Error())
		return 1
	}
	detailed := opts.has("show-detailed-stats")
	if !opts.has("hide-header") {
		rest := ", rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec"
		if detailed {
			fmt.Fprintln(stdout, "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec"+rest)
		} else {
			fmt.Fprintln(stdout, "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec"+rest)
		}
	}
	if opts.has("consumer.config") {
		fmt.Fprintln(stderr, "lab: --consumer.config: the lab's terminal has no files to read")
		return 1
	}
	if !opts.has("bootstrap-server") {
		// props() puts the missing server list into a Properties, which
		// refuses a null value.
		return throw("java.lang.NullPointerException", "")
	}
	addrs, err := splitBootstrap(opts.value("bootstrap-server"))
	if err != nil {
		return throw("org.apache.kafka.common.KafkaException", "Failed to construct kafka consumer")
	}
	messages, failed := conversion("messages")
	if failed {
		return 1
	}
	timeout, failed := conversion("timeout")
	if failed {
		return 1
	}
	if !opts.has("timeout") || opts.value("timeout") == "" {
		timeout = 10_000
	}
	interval, failed := conversion("reporting-interval")
	if failed {
		return 1
	}
	if !opts.has("reporting-interval") {
		interval = 5000
	}
	if interval <= 0 {
		return throw("java.lang.IllegalArgumentException", "Reporting interval must be greater than 0.")
	}
	if timeout > MaxPerfDurationMs {
		fmt.Fprintf(stderr, "lab: --timeout %d: the lab waits at most %d ms of simulated time\n", timeout, MaxPerfDurationMs)
		return 1
	}
	topic := opts.value("topic")
	if opts.has("include") {
		if topic, err = t.perfIncludedTopic(opts.value("include")); err != nil {
			fmt.Fprintln(stderr, "lab: "+err.Error())
			return 1
		}
	}
	pc, ok := c.(toolsapi.PerfConsumer)
	if !ok {
		fmt.Fprintln(stderr, "lab: this cluster cannot run the perf test")
		return 1
	}
	if opts.has("group") {
		group = opts.value("group")
	}
	if !connect(t, addrs, "Consumer clientId=perf-consumer-client, groupId="+group) {
		return 1
	}
	res, err := pc.ConsumePerf(toolsapi.PerfConsumeSpec{Topic: topic, Group: group, Messages: messages, TimeoutMs: max(timeout, 0),
		FromLatest: opts.has("from-latest")})
	if err != nil {
		return throw("org.apache.kafka.common.KafkaException", javaException(err))
	}
	printConsumerPerf(stdout, res, messages, timeout, interval, detailed, dateFormat)
	if opts.has("print-metrics") {
		fmt.Fprintln(stderr, "lab: --print-metrics: the lab's consumer keeps no Kafka metrics to print")
	}
	return 0
}

// perfIncludedTopic resolves --include to the one topic it matches when the
// consumer starts; Kafka's pattern subscription would also follow topics
// created later, and several at once.
func (t *toolEnv) perfIncludedTopic(pattern string) (string, error) {
	re, err := includeList(pattern)
	if err != nil {
		return "", err
	}
	names, err := t.cluster.ListTopics()
	if err != nil {
		return "", err
	}
	var match []string
	for _, n := range names {
		if re.Matches(n) && !isInternalTopic(n) {
			match = append(match, n)
		}
	}
	if len(match) != 1 {
		return "", fmt.Errorf("--include %s matches %d topics (%s); the lab's perf consumer subscribes to exactly one", pattern, len(match), strings.Join(match, ", "))
	}
	return match[0], nil
}

// printConsumerPerf replays ConsumerPerformance.consume over the records'
// poll times and prints its progress rows or its final row.
func printConsumerPerf(w io.Writer, res toolsapi.PerfConsumeResult, want, timeout, interval int64, detailed bool, dateFormat string) {
	date := func(ms int64) string { s, _ := simpleDateFormat(ms, dateFormat); return s }
	const mb = 1024 * 1024
	join := int64(0)
	if res.JoinedMs >= 0 {
		join = res.JoinedMs - res.StartMs
	}
	var bytes, msgs, lastBytes, lastMsgs int64
	lastReport := res.StartMs
	roundJoin := join // joinTimeMsInSingleRound: the listener keeps adding to the first counter only
	for _, r := range res.Records {
		msgs++
		bytes += int64(r.Bytes)
		if r.AtMs-lastReport >= interval {
			if detailed {
				elapsed := float64(r.AtMs - lastReport)
				intervalMb := float64(bytes-lastBytes) / mb
				fmt.Fprintf(w, "%s, %d, %s, %s, %d, %s", date(r.AtMs), 0, javaFixed(float64(bytes)/mb, 4),
					javaFixed(1000*intervalMb/elapsed, 4), msgs, javaFixed(float64(msgs-lastMsgs)/elapsed*1000, 4))
				fetch := r.AtMs - lastReport - roundJoin
				mbSec, msgSec := 0.0, 0.0
				if fetch > 0 {
					mbSec, msgSec = 1000*intervalMb/float64(fetch), 1000*float64(msgs-lastMsgs)/float64(fetch)
				}
				fmt.Fprintf(w, ", %d, %d, %s, %s\n", roundJoin, fetch, javaFixed(mbSec, 4), javaFixed(msgSec, 4))
			}
			roundJoin = 0 // the tool replaces its own reference; later rounds print 0
			lastReport, lastMsgs, lastBytes = r.AtMs, msgs, bytes
		}
	}
	if msgs < want {
		fmt.Fprintf(w, "WARNING: Exiting before consuming the expected number of messages: timeout (%d ms) exceeded. You can use the --timeout option to increase the timeout.\n", timeout)
	}
	if detailed {
		return
	}
	elapsedSec := float64(res.EndMs-res.StartMs) / 1000
	fetch := res.EndMs - res.StartMs - join
	totalMb := float64(bytes) / mb
	fmt.Fprintf(w, "%s, %s, %s, %s, %d, %s, %d, %d, %s, %s\n", date(res.StartMs), date(res.EndMs),
		javaFixed(totalMb, 4), javaFixed(totalMb/elapsedSec, 4), msgs, javaFixed(float64(msgs)/elapsedSec, 4),
		join, fetch, javaFixed(totalMb/(float64(fetch)/1000), 4), javaFixed(float64(msgs)/(float64(fetch)/1000), 4))
}

// simpleDateFormat formats ms since the epoch in UTC with a
// java.text.SimpleDateFormat pattern made of the letters y, M, d, H, m, s
// and S, other punctuation and 'quoted text'; any other letter is refused.
func simpleDateFormat(ms int64, pattern string) (string, error) {
	ts := logTime(ms) // "2024-01-02 15:04:05,123"
	fields := map[byte]string{'y': ts[0:4], 'M': ts[5:7], 'd': ts[8:10], 'H': ts[11:13], 'm': ts[14:16], 's': ts[17:19], 'S': ts[20:23]}
	var b strings.Builder
	for i := 0; i < len(pattern); {
		ch := pattern[i]
		switch {
		case ch == '\'':
			end := strings.IndexByte(pattern[i+1:], '\'')
			if end < 0 {
				return "", fmt.Errorf("unterminated quote in %q", pattern)
			}
			if end == 0 {
				b.WriteByte('\'')
			}
			b.WriteString(pattern[i+1 : i+1+end])
			i += end + 2
		case ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z':
			v, ok := fields[ch]
			if !ok {
				return "", fmt.Errorf("the lab formats only the letters y, M, d, H, m, s and S, not %q", ch)
			}
			n := 1
			for i+n < len(pattern) && pattern[i+n] == ch {
				n++
			}
			if ch == 'M' && n >= 3 {
				return "", fmt.Errorf("the lab formats months as numbers (M or MM), not %q", pattern[i:i+n])
			}
			v = strings.TrimLeft(v, "0")
			if ch == 'y' && n == 2 {
				v = fields['y'][2:]
			}
			for len(v) < n {
				v = "0" + v
			}
			b.WriteString(v)
			i += n
		default:
			b.WriteByte(ch)
			i++
		}
	}
	return b.String(), nil
}
