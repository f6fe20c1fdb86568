package tools

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// MaxProducerLines bounds the records one console producer run reads.
const MaxProducerLines = 10_000

// producerOptions are kafka-console-producer.sh's options
// (ConsoleProducer.ConsoleProducerConfig).
var producerOptions = []option{
	{name: "topic", argName: "topic", help: "REQUIRED: The topic id to produce messages to."},
	{name: "broker-list", argName: "broker-list", help: "DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.  The broker list string in the form HOST1:PORT1,HOST2:PORT2."},
	{name: "bootstrap-server", argName: "server to connect to", help: "REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2."},
	{name: "sync", help: "If set message send requests to the brokers are synchronously, one at a time as they arrive."},
	{name: "compression-codec", argName: "compression-codec", optArg: true, help: "The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'.If specified without value, then it defaults to 'gzip'"},
	{name: "batch-size", argName: "size", argType: "Integer", def: "16384", help: "Number of messages to send in a single batch if they are not being sent synchronously. please note that this option will be replaced if max-partition-memory-bytes is also set"},
	{name: "message-send-max-retries", argType: "Integer", def: "3", help: "Brokers can fail receiving the message for multiple reasons, and being unavailable transiently is just one of them. This property specifies the number of retries before the producer give up and drop this message. This is the option to control `retries` in producer configs."},
	{name: "retry-backoff-ms", argType: "Long", def: "100", help: "Before each retry, the producer refreshes the metadata of relevant topics. Since leader election takes a bit of time, this property specifies the amount of time that the producer waits before refreshing the metadata. This is the option to control `retry.backoff.ms` in producer configs."},
	{name: "timeout", argName: "timeout_ms", argType: "Long", def: "1000", help: "If set and the producer is running in asynchronous mode, this gives the maximum amount of time a message will queue awaiting sufficient batch size. The value is given in ms. This is the option to control `linger.ms` in producer configs."},
	{name: "request-required-acks", argName: "request required acks", def: "-1", help: "The required `acks` of the producer requests"},
	{name: "request-timeout-ms", argName: "request timeout ms", argType: "Integer", def: "1500", help: "The ack timeout of the producer requests. Value must be non-negative and non-zero."},
	{name: "metadata-expiry-ms", argName: "metadata expiration interval", argType: "Long", def: "300000", help: "The period of time in milliseconds after which we force a refresh of metadata even if we haven't seen any leadership changes. This is the option to control `metadata.max.age.ms` in producer configs."},
	{name: "max-block-ms", argName: "max block on send", argType: "Long", def: "60000", help: "The max time that the producer will block for during a send request."},
	{name: "max-memory-bytes", argName: "total memory in bytes", argType: "Long", def: "33554432", help: "The total memory used by the producer to buffer records waiting to be sent to the server. This is the option to control `buffer.memory` in producer configs."},
	{name: "max-partition-memory-bytes", argName: "memory in bytes per partition", argType: "Integer", def: "16384", help: "The buffer size allocated for a partition. When records are received which are smaller than this size the producer will attempt to optimistically group them together until this size is reached. This is the option to control `batch.size` in producer configs."},
	{name: "line-reader", argName: "reader_class", def: "org.apache.kafka.tools.LineMessageReader", help: "The class name of the class to use for reading lines from standard in. By default each line is read as a separate message."},
	{name: "socket-buffer-size", argName: "size", argType: "Integer", def: "102400", help: "The size of the tcp RECV size. This is the option to control `send.buffer.bytes` in producer configs."},
	{name: "property", argName: "prop", help: "A mechanism to pass user-defined properties in the form key=value to the message reader. This allows custom configuration for a user-defined message reader.Default properties include:\n parse.key=false\n parse.headers=false\n ignore.error=false\n key.separator=\\t\n headers.delimiter=\\t\n headers.separator=,\n headers.key.separator=:\n null.marker=   When set, any fields (key, value and headers) equal to this will be replaced by null\nDefault parsing pattern when:\n parse.headers=true and parse.key=true:\n  \"h1:v1,h2:v2...\\tkey\\tvalue\"\n parse.key=true:\n  \"key\\tvalue\"\n parse.headers=true:\n  \"h1:v1,h2:v2...\\tvalue\""},
	{name: "reader-config", argName: "config file", help: "Config properties file for the message reader. Note that [property] takes precedence over this config."},
	{name: "producer-property", argName: "producer_prop", help: "A mechanism to pass user-defined properties in the form key=value to the producer. "},
	{name: "producer.config", argName: "config file", help: "Producer config properties file. Note that [producer-property] takes precedence over this config."},
	helpOption,
	versionOption,
}

// producerMerged are the producer configs ConsoleProducer sets from its own
// options (maybeMergeOptions): the option's value if given, else a
// --producer-property value, else the option's default.
var producerMerged = []struct{ config, option string }{
	{"linger.ms", "timeout"},
	{"acks", "request-required-acks"},
	{"request.timeout.ms", "request-timeout-ms"},
	{"retries", "message-send-max-retries"},
	{"retry.backoff.ms", "retry-backoff-ms"},
	{"send.buffer.bytes", "socket-buffer-size"},
	{"buffer.memory", "max-memory-bytes"},
	{"batch.size", "batch-size"},
	{"batch.size", "max-partition-memory-bytes"},
	{"metadata.max.age.ms", "metadata-expiry-ms"},
	{"max.block.ms", "max-block-ms"},
}

// ConsoleProducer is kafka-console-producer.sh (org.apache.kafka.tools.
// ConsoleProducer with its LineMessageReader): each line of standard input is
// one record, optionally with a key and headers, sent with a producer
// configured as the tool configures it. Like the real tool it sends
// asynchronously unless --sync is given, logs failed sends to stderr and
// still exits 0.
func ConsoleProducer(c Cluster, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	t := &toolEnv{cluster: c, stdin: stdin, stdout: stdout, stderr: stderr}
	opts, err := parseOptions(producerOptions, args)
	if err != nil {
		return t.printUsage(err.Error(), producerOptions)
	}
	if opts.has("help") {
		return t.printHelp("This tool helps to read data from standard input and publish it to Kafka.", producerOptions)
	}
	if opts.has("version") {
		return t.printVersion()
	}
	if !opts.has("bootstrap-server") && !opts.has("broker-list") {
		// jopt-simple checks requiredUnless("broker-list") while parsing.
		return t.printUsage("Missing required option(s) [bootstrap-server]", producerOptions)
	}
	if !opts.has("topic") {
		return t.printUsage(`Missing required argument "[topic]"`, producerOptions)
	}
	servers := opts.value("bootstrap-server")
	if !opts.has("bootstrap-server") {
		servers = opts.value("broker-list")
	}
	addrs, err := splitBootstrap(servers)
	if err != nil {
		return t.printUsage(err.Error(), producerOptions)
	}
	for _, unsupported := range []string{"reader-config", "producer.config"} {
		if opts.has(unsupported) {
			fmt.Fprintf(t.stderr, "lab: --%s is not supported in the lab: the lab has no files to read; use --property or --producer-property\n", unsupported)
			return 1
		}
	}
	if lr := opts.value("line-reader"); lr != "" && lr != "org.apache.kafka.tools.LineMessageReader" && lr != "kafka.tools.LineMessageReader" {
		fmt.Fprintf(t.stderr, "lab: --line-reader %s is not supported in the lab; only the default LineMessageReader is\n", lr)
		return 1
	}
	props := producerProps(opts)
	if acks := props["acks"]; acks != "all" && acks != "-1" && acks != "0" && acks != "1" {
		fmt.Fprintf(t.stderr, "org.apache.kafka.common.config.ConfigException: Invalid value %s for configuration acks: String must be one of: all, -1, 0, 1\n", acks)
		return 1
	}
	reader, err := newLineReader(parseKeyValues(opts.all("property")))
	if err != nil {
		fmt.Fprintln(t.stderr, "org.apache.kafka.common.KafkaException: "+err.Error())
		return 1
	}
	dropUnknownConfigs(t.stderr, t.cluster.Now(), props, isProducerConfig, "org.apache.kafka.clients.producer.ProducerConfig")
	if name := unmodelledProducerConfig(props); name != "" {
		fmt.Fprintf(t.stderr, "lab: the producer config %s is not modelled in the lab (no transactions, compression levels or plug-ins); leave it out\n", name)
		return 1
	}
	if !connect(t, addrs, "Producer clientId="+props["client.id"]) {
		return 1
	}
	records, readErr := reader.readAll(stdin)
	topic := opts.value("topic")
	status := 0
	if readErr != nil {
		// The reader's exception ends the loop; the shutdown hook's close
		// still flushes the records read before it.
		fmt.Fprintln(t.stderr, "org.apache.kafka.common.KafkaException: "+readErr.Error())
		status = 1
	}
	if opts.has("sync") {
		for _, r := range records {
			reports, err := t.cluster.Produce(ProduceSpec{Topic: topic, Records: []ProducerRecord{r}, Properties: props, Sync: true})
			if err == nil && len(reports) == 1 {
				err = reports[0].Err
			}
			if err != nil {
				t.sendFailed(topic, r, err, props, true)
				return 1
			}
		}
		return status
	}
	if len(records) == 0 {
		return status
	}
	reports, err := t.cluster.Produce(ProduceSpec{Topic: topic, Records: records, Properties: props})
	if err != nil {
		if errors.Is(err, kerr.InvalidConfig) {
			fmt.Fprintln(t.stderr, "org.apache.kafka.common.config.ConfigException: "+kafkaMessage(err))
			return 1
		}
		for _, r := range records {
			t.sendFailed(topic, r, err, props, false)
		}
		return status
	}
	for i, rep := range reports {
		if rep.Err != nil && i < len(records) {
			t.sendFailed(topic, records[i], rep.Err, props, false)
		}
	}
	return status
}

// sendFailed reports a record the producer could not send: as
// ErrorLoggingCallback logs it, or, with --sync, as the ExecutionException
// the tool's main prints.
func (t *toolEnv) sendFailed(topic string, r ProducerRecord, err error, props map[string]string, sync bool) {
	exception := javaException(err)
	if errors.Is(err, kerr.UnknownTopicOrPartition) {
		if !t.warned {
			t.warned = true
			logLine(t.stderr, t.cluster.Now(), "WARN",
				fmt.Sprintf("[Producer clientId=%s] Error while fetching metadata with correlation id 1 : {%s=UNKNOWN_TOPIC_OR_PARTITION}", props["client.id"], topic),
				"org.apache.kafka.clients.NetworkClient")
		}
		exception = fmt.Sprintf("org.apache.kafka.common.errors.TimeoutException: Topic %s not present in metadata after %s ms.", topic, props["max.block.ms"])
	}
	if sync {
		fmt.Fprintln(t.stderr, "java.util.concurrent.ExecutionException: "+exception)
		return
	}
	logLine(t.stderr, t.cluster.Now(), "ERROR",
		fmt.Sprintf("Error when sending message to topic %s with key: %s, value: %s with error:", topic, bytesDesc(r.Key), bytesDesc(r.Value)),
		"org.apache.kafka.clients.producer.internals.ErrorLoggingCallback")
	fmt.Fprintln(t.stderr, exception)
}

// bytesDesc describes a key or value as ErrorLoggingCallback does.
func bytesDesc(b []byte) string {
	if b == nil {
		return "null"
	}
	return fmt.Sprintf("%d bytes", len(b))
}

// producerProps builds the producer configs as ConsoleProducerConfig.
// producerProps does, minus the serializers and bootstrap.servers, which the
// lab's producer does not take as configs.
func producerProps(o *optionSet) map[string]string {
	props := parseKeyValues(o.all("producer-property"))
	codec := "none"
	if o.has("compression-codec") {
		codec = o.value("compression-codec")
		if codec == "" {
			codec = "gzip"
		}
	}
	props["compression.type"] = codec
	if props["client.id"] == "" {
		props["client.id"] = "console-producer"
	}
	defaults := map[string]string{}
	for _, spec := range producerOptions {
		defaults[spec.name] = spec.def
	}
	for _, m := range producerMerged {
		if o.has(m.option) {
			props[m.config] = o.value(m.option)
		} else if _, ok := props[m.config]; !ok {
			props[m.config] = defaults[m.option]
		}
	}
	return props
}

// parseKeyValues parses "key=value" words as CommandLineUtils.parseKeyValueArgs
// does: split at the first '='; a missing value is "".
func parseKeyValues(words []string) map[string]string {
	m := map[string]string{}
	for _, w := range words {
		k, v, _ := strings.Cut(w, "=")
		m[k] = v
	}
	return m
}

// A lineReader is LineMessageReader: it turns lines into records.
type lineReader struct {
	parseKey, parseHeaders, ignoreError bool
	keySep, headersDelim, headersSep    string
	headersKeySep                       string
	nullMarker                          *string
}

// newLineReader configures a reader from --property values, with
// LineMessageReader.configure's defaults and checks.
func newLineReader(p map[string]string) (*lineReader, error) {
	r := &lineReader{keySep: "\t", headersDelim: "\t", headersSep: ",", headersKeySep: ":"}
	isTrue := func(k string) bool { return strings.EqualFold(strings.TrimSpace(p[k]), "true") }
	r.parseKey, r.parseHeaders, r.ignoreError = isTrue("parse.key"), isTrue("parse.headers"), isTrue("ignore.error")
	if v, ok := p["key.separator"]; ok {
		r.keySep = v
	}
	if v, ok := p["headers.delimiter"]; ok {
		r.headersDelim = v
	}
	if v, ok := p["headers.separator"]; ok {
		r.headersSep = v
	}
	if v, ok := p["headers.key.separator"]; ok {
		r.headersKeySep = v
	}
	switch {
	case r.headersDelim == r.headersSep:
		return nil, fmt.Errorf("headers.delimiter and headers.separator may not be equal")
	case r.headersDelim == r.headersKeySep:
		return nil, fmt.Errorf("headers.delimiter and headers.key.separator may not be equal")
	case r.headersSep == r.headersKeySep:
		return nil, fmt.Errorf("headers.separator and headers.key.separator may not be equal")
	}
	if v, ok := p["null.marker"]; ok {
		r.nullMarker = &v
		for _, other := range []struct{ name, v string }{{"key.separator", r.keySep}, {"headers.separator", r.headersSep}, {"headers.delimiter", r.headersDelim}, {"headers.key.separator", r.headersKeySep}} {
			if other.v == v {
				return nil, fmt.Errorf("null.marker and %s may not be equal", other.name)
			}
		}
	}
	return r, nil
}

// readAll reads every line of in as a record. On a line it cannot parse it
// returns the records before it and LineMessageReader's error.
func (r *lineReader) readAll(in io.Reader) ([]ProducerRecord, error) {
	if in == nil {
		return nil, nil
	}
	br := bufio.NewReader(in)
	var out []ProducerRecord
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if line == "" && err != nil {
			return out, nil
		}
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		if n > MaxProducerLines {
			return out, fmt.Errorf("lab: more than %d lines of input", MaxProducerLines)
		}
		rec, perr := r.parseLine(line, n)
		if perr != nil {
			return out, perr
		}
		out = append(out, rec)
	}
}

// parseLine is the body of LineMessageReader's iterator for one line.
func (r *lineReader) parseLine(line string, n int) (ProducerRecord, error) {
	rec := ProducerRecord{Partition: -1}
	offset := 0
	var headers *string
	if r.parseHeaders {
		h, ok, err := r.field(line, 0, r.headersDelim, "headers delimiter", n)
		if err != nil {
			return rec, err
		}
		if ok {
			headers = &h
			offset = len(h) + len(r.headersDelim)
		}
	}
	if r.parseKey {
		k, ok, err := r.field(line, offset, r.keySep, "key separator", n)
		if err != nil {
			return rec, err
		}
		if ok {
			if !r.isNull(k) {
				rec.Key = []byte(k)
			}
			offset += len(k) + len(r.keySep)
		}
	}
	if v := line[offset:]; !r.isNull(v) {
		rec.Value = []byte(v)
	}
	if headers != nil && !r.isNull(*headers) {
		for _, pair := range strings.Split(*headers, r.headersSep) {
			k, v, ok := strings.Cut(pair, r.headersKeySep)
			if !ok {
				if r.ignoreError {
					rec.Headers = append(rec.Headers, Header{Key: pair})
					continue
				}
				return rec, fmt.Errorf("No header key separator found in pair '%s' on line number %d", pair, n)
			}
			if r.isNull(k) {
				return rec, fmt.Errorf("Header keys should not be equal to the null marker '%s' as they can't be null", *r.nullMarker)
			}
			h := Header{Key: k}
			if !r.isNull(v) {
				h.Value = []byte(v)
			}
			rec.Headers = append(rec.Headers, h)
		}
	}
	return rec, nil
}

// field returns the text from start up to sep, as LineMessageReader.parse.
func (r *lineReader) field(line string, start int, sep, name string, n int) (string, bool, error) {
	i := strings.Index(line[start:], sep)
	if i < 0 {
		if r.ignoreError {
			return "", false, nil
		}
		return "", false, fmt.Errorf("No %s found on line number %d: '%s'", name, n, line)
	}
	return line[start : start+i], true, nil
}

func (r *lineReader) isNull(s string) bool { return r.nullMarker != nil && s == *r.nullMarker }
