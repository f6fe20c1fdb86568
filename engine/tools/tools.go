package tools

import (
	"fmt"
	"io"
	"path"
	"strings"
)

// KafkaVersion is the Kafka release whose tools this package reproduces; the
// tools print it for --version.
const KafkaVersion = "4.1.0"

// A Tool is one of Kafka's command-line tools: it runs with its arguments and
// standard input against a cluster, writes what the real tool writes to
// stdout and stderr, and returns the real tool's exit status.
type Tool func(c Cluster, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// kafkaTools are the Kafka tools the lab has, by name without ".sh".
var kafkaTools = map[string]Tool{
	"kafka-topics":           KafkaTopics,
	"kafka-console-producer": ConsoleProducer,
	"kafka-console-consumer": ConsoleConsumer,
}

// notYet are Kafka tools the lab will have, with what is missing.
var notYet = map[string]string{
	"kafka-consumer-groups":        "consumer groups are not implemented in the lab yet",
	"kafka-configs":                "changing configs after creation is not implemented in the lab yet",
	"kafka-leader-election":        "kafka-leader-election.sh is not implemented in the lab yet",
	"kafka-reassign-partitions":    "partition reassignment is not implemented in the lab yet",
	"kafka-get-offsets":            "kafka-get-offsets.sh is not implemented in the lab yet",
	"kafka-dump-log":               "kafka-dump-log.sh is not implemented in the lab yet",
	"kafka-producer-perf-test":     "the perf-test tools are not implemented in the lab",
	"kafka-consumer-perf-test":     "the perf-test tools are not implemented in the lab",
	"kafka-transactions":           "transactions are not implemented in the lab yet",
	"kafka-metadata-quorum":        "kafka-metadata-quorum.sh is not implemented in the lab yet",
	"kafka-broker-api-versions":    "kafka-broker-api-versions.sh is not implemented in the lab yet",
	"kafka-delete-records":         "kafka-delete-records.sh is not implemented in the lab yet",
	"kafka-console-share-consumer": "share groups are not implemented in the lab",
}

// toolName reduces a program as written ("bin/kafka-topics.sh",
// "./kafka-topics.sh", "kafka-topics") to the tool's name ("kafka-topics").
func toolName(program string) string {
	return strings.TrimSuffix(path.Base(program), ".sh")
}

// LookupTool returns the Kafka tool a program names, with or without its
// directory and ".sh".
func LookupTool(program string) (Tool, bool) {
	t, ok := kafkaTools[toolName(program)]
	return t, ok
}

// A toolEnv is what a running tool sees.
type toolEnv struct {
	cluster Cluster
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	warned  bool // a metadata warning was logged already
}

// printUsage writes message and the option table to stderr, as
// CommandLineUtils.printUsageAndExit does, and returns its exit status 1.
func (t *toolEnv) printUsage(message string, specs []option) int {
	fmt.Fprintln(t.stderr, message)
	io.WriteString(t.stderr, usage(specs))
	return 1
}

// printHelp answers --help: the tool's description and its options, exit 0.
func (t *toolEnv) printHelp(message string, specs []option) int {
	t.printUsage(message, specs)
	return 0
}

// printVersion answers --version.
func (t *toolEnv) printVersion() int {
	fmt.Fprintln(t.stdout, KafkaVersion)
	return 0
}
