package tools

import (
	"strconv"
	"strings"
)

// Completion of a Kafka tool's arguments: its options, from the table its
// usage text prints, and the values of the options that name something.

// A completeOpt is an option as completion sees it: its name as typed
// ("--topic", "-l") and, for a lab command, the usage's placeholder for its
// argument ("T"); arg reports whether it takes one. Slices of these, not
// maps, keep the WebAssembly small.
type completeOpt struct {
	name string
	ph   string
	arg  bool
}

// optNames returns the options' names.
func optNames(opts []completeOpt) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.name
	}
	return out
}

// findOpt returns the option named exactly name.
func findOpt(opts []completeOpt, name string) (completeOpt, bool) {
	for _, o := range opts {
		if o.name == name {
			return o, true
		}
	}
	return completeOpt{}, false
}

// toolOptions returns a tool's options ("--topic") from the table its
// usage text prints.
func toolOptions(tool string) []completeOpt {
	var specs []option
	switch tool {
	case "kafka-topics":
		specs = topicsOptions
	case "kafka-console-producer":
		specs = producerOptions
	case "kafka-console-consumer":
		specs = consumerOptions
	case "kafka-consumer-groups":
		specs = consumerGroupsOptions
	case "kafka-configs":
		specs = configsOptions
	case "kafka-get-offsets":
		specs = getOffsetsOptions
	case "kafka-leader-election":
		specs = leaderElectionOptions
	case "kafka-dump-log":
		specs = dumpLogOptions
	case "kafka-consumer-perf-test":
		specs = consumerPerfOptions("")
	case "kafka-producer-perf-test":
		out := []completeOpt{{name: "--help"}}
		for _, a := range producerPerfArgs {
			out = append(out, completeOpt{name: a.name, arg: a.metavar != ""})
		}
		return out
	}
	out := make([]completeOpt, len(specs))
	for i, o := range specs {
		out[i] = completeOpt{name: "--" + o.name, arg: o.takesArg()}
	}
	return out
}

// resolveOption finds the option a word names, as the tool's parser would:
// jopt-simple's unique abbreviations, or argparse4j's for the perf test.
func resolveOption(opts []completeOpt, word string) (completeOpt, bool) {
	if o, ok := findOpt(opts, word); ok {
		return o, true
	}
	if len(word) <= 2 || !strings.HasPrefix(word, "--") {
		return completeOpt{}, false
	}
	var found completeOpt
	n := 0
	for _, o := range opts {
		if strings.HasPrefix(o.name, word) {
			found = o
			n++
		}
	}
	return found, n == 1
}

// toolArgCandidates completes a Kafka tool's arguments: an option, or the
// argument of the option before it.
func toolArgCandidates(tool string, args []string, word string, names CompletionNames) ([]string, int) {
	opts := toolOptions(tool)
	if name, _, ok := strings.Cut(word, "="); ok && strings.HasPrefix(name, "--") {
		if o, ok := resolveOption(opts, name); ok && o.arg {
			return optionValues(o.name, names), len(name) + 1
		}
		return nil, 0
	}
	if n := len(args); n > 0 && strings.HasPrefix(args[n-1], "--") && !strings.Contains(args[n-1], "=") {
		if o, ok := resolveOption(opts, args[n-1]); ok && o.arg {
			return optionValues(o.name, names), 0
		}
	}
	if word == "" || strings.HasPrefix(word, "-") {
		return optNames(opts), 0
	}
	return nil, 0
}

// optionValues are the values offered for a tool option's argument.
func optionValues(opt string, names CompletionNames) []string {
	switch opt {
	case "--topic":
		return names.Topics
	case "--group":
		return names.Groups
	case "--bootstrap-server":
		return brokerAddresses(names.Brokers)
	case "--entity-type":
		return []string{"topics", "brokers"} // the entity types the lab models
	case "--election-type":
		return []string{"preferred", "unclean"}
	}
	return nil
}

// brokerAddresses are the addresses --bootstrap-server accepts for each
// broker: broker-N:port and localhost:port (see matchBroker).
func brokerAddresses(brokers []BrokerInfo) []string {
	var out []string
	for _, b := range brokers {
		port := strconv.Itoa(int(brokerPort(b)))
		out = append(out, "localhost:"+port, "broker-"+strconv.Itoa(int(b.ID))+":"+port)
	}
	return out
}
