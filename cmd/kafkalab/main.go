// Command kafkalab runs a script of Kafka tool commands and lab commands
// against a fresh simulated Kafka cluster and prints the transcript.
//
// Usage:
//
//	go run ./cmd/kafkalab [-seed N] [-brokers N] [-data-dir DIR] [-keep-going] SCRIPT
//
// SCRIPT is a file, or - for standard input. The language is that of the lab's
// terminal and lessons (see package engine/tools): kafka-topics.sh,
// kafka-console-producer.sh and kafka-console-consumer.sh with Kafka's own
// options, plus the lab's commands such as step, run idle and trace. Brokers
// are numbered from 1; broker n is broker-n:909(2+n−1), and localhost:9092 is
// broker 1. With -data-dir each broker keeps its logs as real Kafka-format
// files under DIR/broker-<id>/<topic>-<partition>/.
//
// The exit status is 0 if every command succeeded, 1 if a command failed or
// the script did not parse, and 2 for a bad command line.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/kafkalab/kafkalab/engine/tools"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// options are kafkalab's command-line flags.
type options struct {
	seed      uint64
	brokers   int
	dataDir   string
	keepGoing bool
	script    string
}

// maxBrokers bounds -brokers; the lab draws and runs every broker.
const maxBrokers = 9

// parseArgs reads the command line.
func parseArgs(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("kafkalab", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the simulation's random streams")
	fs.IntVar(&o.brokers, "brokers", 3, "number of brokers, numbered from 1")
	fs.StringVar(&o.dataDir, "data-dir", "", "keep each broker's logs as Kafka-format files under `DIR`/broker-<id>/")
	fs.BoolVar(&o.keepGoing, "keep-going", false, "run the rest of the script after a command fails")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: kafkalab [-seed N] [-brokers N] [-data-dir DIR] [-keep-going] SCRIPT")
		fmt.Fprintln(stderr, "SCRIPT is a file of commands, or - for standard input.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return o, errors.New("kafkalab: exactly one SCRIPT is needed")
	}
	if o.brokers < 1 || o.brokers > maxBrokers {
		return o, fmt.Errorf("kafkalab: -brokers must be from 1 to %d", maxBrokers)
	}
	o.script = fs.Arg(0)
	return o, nil
}

// readScript reads the script file, or standard input for "-".
func readScript(name string, stdin io.Reader) (string, error) {
	var (
		data []byte
		err  error
	)
	if name == "-" {
		data, err = io.ReadAll(io.LimitReader(stdin, tools.MaxScriptBytes+1))
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return "", fmt.Errorf("kafkalab: reading the script: %w", err)
	}
	return string(data), nil
}

// run is kafkalab's main, returning the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		if err.Error() != "" {
			fmt.Fprintln(stderr, err)
		}
		return 2
	}
	script, err := readScript(o.script, stdin)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if _, err := tools.Parse(script); err != nil {
		fmt.Fprintf(stderr, "kafkalab: %s: %v\n", o.script, err)
		return 1
	}
	if o.dataDir != "" {
		if err := os.MkdirAll(o.dataDir, 0o755); err != nil {
			fmt.Fprintf(stderr, "kafkalab: -data-dir: %v\n", err)
			return 1
		}
	}
	c, err := newCluster(clusterConfig{Seed: o.seed, Brokers: o.brokers, DataDir: o.dataDir})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer func() {
		if err := closeCluster(c); err != nil {
			fmt.Fprintln(stderr, "kafkalab: closing the cluster:", err)
		}
	}()
	r := tools.NewRunner(c, stdout)
	r.ContinueOnError = o.keepGoing
	results, err := r.RunScript(script)
	if err != nil {
		fmt.Fprintf(stderr, "kafkalab: %s: %v\n", o.script, err)
		return 1
	}
	for _, res := range results {
		if res.Status != 0 {
			return 1
		}
	}
	return 0
}
