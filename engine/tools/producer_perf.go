package tools

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

func init() {
	kafkaTools["kafka-producer-perf-test"] = ProducerPerfTest
	delete(notYet, "kafka-producer-perf-test")
}

// The bounds of a perf-test run in the lab, which runs in the learner's
// browser: Kafka's tools have none.
const (
	MaxPerfRecords    = 100_000  // --num-records, --messages
	MaxPerfBytes      = 16 << 20 // --num-records × --record-size
	MaxPerfDurationMs = 600_000  // --num-records / --throughput, in simulated ms
	maxPerfErrorLines = 100      // failed sends printed before a summary line
)

// producerPerfArgs are kafka-producer-perf-test.sh's arguments
// (ProducerPerformance.argParser, Kafka 4.1,
// tools/src/main/java/org/apache/kafka/tools/ProducerPerformance.java).
var producerPerfArgs = []argSpec{
	{name: "--topic", metavar: "TOPIC", typ: "String", required: true, help: "produce messages to this topic"},
	{name: "--num-records", metavar: "NUM-RECORDS", typ: "Long", required: true, help: "number of messages to produce"},
	{name: "--record-size", metavar: "RECORD-SIZE", typ: "Integer", group: true, help: "message size in bytes. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic."},
	{name: "--payload-file", metavar: "PAYLOAD-FILE", typ: "String", group: true, help: "file to read the message payloads from. This works only for UTF-8 encoded text files. Payloads will be read from this file and a payload will be randomly selected when sending messages. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic."},
	{name: "--payload-monotonic", group: true, help: "payload is monotonically increasing integer. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic."},
	{name: "--payload-delimiter", metavar: "PAYLOAD-DELIMITER", typ: "String", help: "provides delimiter to be used when --payload-file is provided. Defaults to new line. Note that this parameter will be ignored if --payload-file is not provided."},
	{name: "--throughput", metavar: "THROUGHPUT", typ: "Double", required: true, help: "throttle maximum message throughput to *approximately* THROUGHPUT messages/sec. Set this to -1 to disable throttling."},
	{name: "--producer-props", metavar: "PROP-NAME=PROP-VALUE", typ: "String", list: true, help: "kafka producer related configuration properties like bootstrap.servers,client.id etc. These configs take precedence over those passed via --producer.config."},
	{name: "--producer.config", metavar: "CONFIG-FILE", typ: "String", help: "producer config properties file."},
	{name: "--print-metrics", help: "print out metrics at the end of the test."},
	{name: "--transactional-id", metavar: "TRANSACTIONAL-ID", typ: "String", help: "The transactional id to use. This config takes precedence over the transactional.id specified via --producer.config or --producer-props."},
	{name: "--transaction-duration-ms", metavar: "TRANSACTION-DURATION", typ: "Long", help: "The max age of each transaction. The commitTransaction will be called after this time has elapsed. The value should be greater than 0."},
}

const producerPerfProg = "producer-performance"

// ProducerPerfTest is kafka-producer-perf-test.sh
// (org.apache.kafka.tools.ProducerPerformance) in simulated time: it sends
// --num-records records of --record-size random capital letters (drawn as
// the tool draws them, from SplittableRandom(0)) or increasing numbers
// (--payload-monotonic), at --throughput records per simulated second, and
// prints the tool's progress line every 5 s of simulated time and its
// summary with latency percentiles. Every figure comes from the simulation
// clock: a record's latency is the simulated time from its send to its
// acknowledgement, so the numbers show what acks, linger.ms, batch.size and
// the brokers do, not how fast a computer is. The cluster must be a
// PerfProducer.
func ProducerPerfTest(c Cluster, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	t := &toolEnv{cluster: c, stdin: stdin, stdout: stdout, stderr: stderr}
	usage := argparseUsage(producerPerfProg, producerPerfArgs)
	fail := func(msg string) int { // ArgumentParser.handleError
		io.WriteString(stderr, usage)
		fmt.Fprintf(stderr, "%s: error: %s\n", producerPerfProg, msg)
		return 1
	}
	if len(args) == 0 || slices.Contains(args, "-h") || slices.Contains(args, "--help") {
		io.WriteString(stdout, argparseHelp(producerPerfProg, usage, "This tool is used to verify the producer performance. To enable transactions, you can specify a transaction id or set a transaction duration using --transaction-duration-ms. There are three ways to specify the transaction id: set transaction.id=<id> via --producer-props, set transaction.id=<id> in the config file via --producer.config, or use --transaction-id <id>.", producerPerfArgs))
		return 0
	}
	opts, err := parseArgparse(producerPerfArgs, args)
	if err != nil {
		return fail(err.Error())
	}
	numRecords, _ := parseJavaLong(opts.value("--num-records"))
	throughput, _ := parseJavaDouble(opts.value("--throughput"))
	switch {
	case numRecords <= 0:
		return fail("--num-records should be greater than zero")
	case opts.has("--record-size") && parseIntOr0(opts.value("--record-size")) <= 0:
		return fail("--record-size should be greater than zero")
	case !opts.has("--producer-props") && !opts.has("--producer.config"):
		return fail("Either --producer-props or --producer.config must be specified.")
	case opts.has("--transaction-duration-ms") && parseLongOr0(opts.value("--transaction-duration-ms")) <= 0:
		return fail("--transaction-duration-ms should be greater than zero")
	}
	props := map[string]string{}
	for _, p := range opts["--producer-props"] {
		pieces := javaSplit(p, "=")
		if len(pieces) != 2 {
			return uncaught(stderr, "java.lang.IllegalArgumentException", "Invalid property: "+p)
		}
		props[pieces[0]] = pieces[1]
	}
	for _, o := range []string{"--payload-file", "--producer.config"} {
		if opts.has(o) {
			fmt.Fprintf(stderr, "lab: %s: the lab's terminal has no files to read\n", o)
			return 1
		}
	}
	if opts.has("--transactional-id") || opts.has("--transaction-duration-ms") || props["transactional.id"] != "" {
		fmt.Fprintln(stderr, "lab: transactions are not implemented in the lab yet")
		return 1
	}
	recordSize := parseIntOr0(opts.value("--record-size"))
	breathe := func() {}
	if b, ok := c.(toolsapi.Breather); ok {
		breathe = b.Breathe
	}
	spec, msg := perfSchedule(numRecords, recordSize, throughput, opts.has("--payload-monotonic"), breathe)
	if msg != "" {
		fmt.Fprintln(stderr, "lab: "+msg)
		return 1
	}
	spec.Topic, spec.Properties = opts.value("--topic"), props
	bootstrap, ok := props["bootstrap.servers"]
	if !ok {
		return uncaught(stderr, "org.apache.kafka.common.config.ConfigException", `Missing required configuration "bootstrap.servers" which has no default value.`)
	}
	addrs, err := splitBootstrap(bootstrap)
	if err != nil {
		return uncaught(stderr, "org.apache.kafka.common.KafkaException", "Failed to construct kafka producer")
	}
	pp, ok := c.(toolsapi.PerfProducer)
	if !ok {
		fmt.Fprintln(stderr, "lab: this cluster cannot run the perf test")
		return 1
	}
	if !connect(t, addrs, "Producer clientId=perf-producer-client") {
		return 1
	}
	cb := &perfCallbacks{t: t, spec: &spec, stats: perfStats{w: t.stdout}}
	spec.Listener = cb
	res, err := pp.ProducePerf(spec)
	if err != nil {
		if errors.Is(err, kerr.InvalidConfig) {
			return uncaught(stderr, "org.apache.kafka.common.config.ConfigException", kafkaMessage(err))
		}
		return uncaught(stderr, "org.apache.kafka.common.KafkaException", err.Error())
	}
	cb.finish(res)
	if opts.has("--print-metrics") {
		fmt.Fprintln(stderr, "lab: --print-metrics: the lab's producer keeps no Kafka metrics to print")
	}
	return 0
}

func parseIntOr0(s string) int64 {
	n, err := parseJavaInt(s)
	if err != nil {
		return 0
	}
	return int64(n)
}

func parseLongOr0(s string) int64 {
	n, err := parseJavaLong(s)
	if err != nil {
		return 0
	}
	return n
}

// perfSchedule makes the records and their send times: record i leaves
// i/throughput seconds after the start, the ThroughputThrottler's average
// pace, or at the start for a negative throughput (no throttling). It
// returns the lab's complaint when the run would be too large for the lab.
// It calls breathe every 1,024 records: filling 100,000 payloads is long
// work for a browser's one thread (toolsapi.Breather).
func perfSchedule(n, size int64, throughput float64, monotonic bool, breathe func()) (toolsapi.PerfProduceSpec, string) {
	var spec toolsapi.PerfProduceSpec
	switch {
	case n > MaxPerfRecords:
		return spec, fmt.Sprintf("--num-records %d: the lab runs at most %d records in one perf test", n, MaxPerfRecords)
	case n*max(size, 8) > MaxPerfBytes:
		return spec, fmt.Sprintf("%d records of %d bytes: the lab runs at most %d bytes in one perf test", n, size, MaxPerfBytes)
	case throughput == 0:
		return spec, "--throughput 0 would never send a record (Kafka's tool waits for ever); use -1 for no throttling"
	case throughput > 0 && float64(n)/throughput*1000 > MaxPerfDurationMs:
		return spec, fmt.Sprintf("%d records at %s records/sec would take %s s of simulated time; the lab runs at most %d s", n, javaFixed(throughput, 1), javaFixed(float64(n)/throughput, 0), MaxPerfDurationMs/1000)
	}
	rnd := newJavaSplittableRandom(0)
	spec.Values = make([][]byte, n)
	spec.SendAt = make([]int64, n)
	for i := range n {
		if i%1024 == 1023 {
			breathe()
		}
		var v []byte
		if monotonic {
			v = []byte(fmt.Sprint(i))
		} else {
			v = make([]byte, size)
			for j := range v {
				v[j] = byte(rnd.nextInt(26) + 65)
			}
		}
		spec.Values[i] = v
		if throughput > 0 {
			spec.SendAt[i] = int64(float64(i) * 1000 / throughput)
		}
	}
	return spec, ""
}

// perfStats is ProducerPerformance.Stats: totals, a 5-second reporting
// window, and the latencies for the percentiles.
type perfStats struct {
	w                                     io.Writer
	start, windowStart                    int64
	count, bytes, totalLatency            int64
	maxLatency                            int64
	windowCount, windowBytes, windowTotal int64
	windowMax                             int64
	latencies                             []int64
}

// record is Stats.record: a completed send, at time now.
func (s *perfStats) record(latency, bytes, now int64) {
	s.count++
	s.bytes += bytes
	s.totalLatency += latency
	s.maxLatency = max(s.maxLatency, latency)
	s.windowCount++
	s.windowBytes += bytes
	s.windowTotal += latency
	s.windowMax = max(s.windowMax, latency)
	s.latencies = append(s.latencies, latency) // sampling is 1 below 500,000 records
	if now-s.windowStart >= 5000 {
		elapsed := float64(now - s.windowStart)
		fmt.Fprintf(s.w, "%d records sent, %s records/sec (%s MB/sec), %s ms avg latency, %s ms max latency.\n",
			s.windowCount, javaFixed(1000*float64(s.windowCount)/elapsed, 1),
			javaFixed(1000*float64(s.windowBytes)/elapsed/(1024*1024), 2),
			javaFixed(float64(s.windowTotal)/float64(s.windowCount), 1), javaFixed(float64(s.windowMax), 1))
		s.windowStart, s.windowCount, s.windowBytes, s.windowTotal, s.windowMax = now, 0, 0, 0, 0
	}
}

// printTotal is Stats.printTotal at time end.
func (s *perfStats) printTotal(end int64) {
	elapsed := float64(end - s.start)
	slices.Sort(s.latencies)
	perc := func(p float64) int64 {
		if len(s.latencies) == 0 {
			return 0 // an empty int[] of size numRecords+1 holds zeros
		}
		return s.latencies[int(p*float64(len(s.latencies)))]
	}
	fmt.Fprintf(s.w, "%d records sent, %s records/sec (%s MB/sec), %s ms avg latency, %s ms max latency, %d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.\n",
		s.count, javaFixed(1000*float64(s.count)/elapsed, 6), javaFixed(1000*float64(s.bytes)/elapsed/(1024*1024), 2),
		javaFixed(float64(s.totalLatency)/float64(s.count), 2), javaFixed(float64(s.maxLatency), 2),
		perc(0.5), perc(0.95), perc(0.99), perc(0.999))
}

// perfCallbacks are the tool's send callbacks (PerfCallback) and its Stats,
// heard as the run goes on (toolsapi.PerfListener): each completed send is
// recorded, and a window's line printed when it closes; each failed send
// prints its exception (printStackTrace, cut to its first line).
type perfCallbacks struct {
	t      *toolEnv
	spec   *toolsapi.PerfProduceSpec
	stats  perfStats
	failed int
}

func (p *perfCallbacks) Started(startMs int64) {
	p.stats.start, p.stats.windowStart = startMs, startMs
}

func (p *perfCallbacks) Settled(i int, a toolsapi.PerfAck) {
	if a.Err != nil {
		if p.failed++; p.failed <= maxPerfErrorLines {
			fmt.Fprintln(p.t.stderr, javaException(a.Err))
		}
		return
	}
	p.stats.record(a.AckMs-a.SentMs, int64(len(p.spec.Values[i])), a.AckMs)
}

// finish prints what the tool prints after close(): the lab's count of
// failed sends not shown, then Stats.printTotal.
func (p *perfCallbacks) finish(res toolsapi.PerfProduceResult) {
	if p.failed > maxPerfErrorLines {
		fmt.Fprintf(p.t.stderr, "lab: %d more failed sends not shown\n", p.failed-maxPerfErrorLines)
	}
	p.stats.printTotal(res.EndMs)
}

// argparseHelp is argparse4j's --help: usage, description and the
// arguments, each with its help indented below it.
func argparseHelp(prog, usage, desc string, specs []argSpec) string {
	var b strings.Builder
	b.WriteString(usage + "\n")
	for _, l := range wrap(desc, 75, "") {
		b.WriteString(l + "\n")
	}
	b.WriteString("\noptional arguments:\n  -h, --help             show this help message and exit\n")
	for _, s := range specs {
		left := "  " + s.name
		if s.metavar != "" {
			left += " " + s.metavar
			if s.list {
				left += " [" + s.metavar + " ...]"
			}
		}
		b.WriteString(left + "\n")
		for _, l := range wrap(s.help, 75-24, "") {
			b.WriteString(strings.Repeat(" ", 24) + l + "\n")
		}
	}
	return b.String()
}
