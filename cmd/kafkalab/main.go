// Command kafkalab runs a script of Kafka tool commands and lab commands
// against a fresh simulated Kafka cluster and prints the transcript.
//
// Usage:
//
//	go run ./cmd/kafkalab [-seed N] [-brokers N] [-controllers N] [-data-dir DIR] [-e] [SCRIPT | -]
//
// SCRIPT is a file, or - for standard input. Without SCRIPT, kafkalab reads
// standard input: on a terminal it is an interactive shell with the prompt
// "kafkalab> " (a heredoc, a quoted string or a trailing backslash continues
// on the next line after "> "; Ctrl-D exits), otherwise standard input is the
// script. The language is that of the lab's terminal and lessons (see package
// engine/tools): kafka-topics.sh, kafka-console-producer.sh,
// kafka-console-consumer.sh and kafka-consumer-groups.sh with Kafka's own
// options, plus the lab's commands such as step, run idle and trace. Brokers
// are numbered from 1; broker n is broker-n:909(2+n−1), and localhost:9092 is
// broker 1. Without -data-dir the logs live in memory; with it each broker
// keeps its logs as real Kafka-format files under
// DIR/broker-<id>/<topic>-<partition>/.
//
// The transcript shows each command after "$ ", then what it wrote to stdout
// and stderr, then "[exit status N]" if it failed. After each command that
// acts on the cluster (Kafka's tools, faults, app-produce …) the simulation
// runs until idle, so the same script and seed always print the same
// transcript; step, run, sleep and trace drive or show the simulation
// themselves and do not settle.
//
// A failing command prints its error as Kafka's tool would and the script
// goes on, as "bash script.sh" does; the exit status is then that of the last
// command, as bash's. With -e (bash's errexit) the script stops at the first
// failing command and kafkalab exits 1. -keep-going, the old spelling of the
// default, is still accepted and does nothing.
//
// Other exit statuses: 1 if the script cannot be read or does not parse (then
// nothing runs: the whole script is parsed first) or the cluster cannot be
// built, and 2 for a bad command line.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kafkalab/kafkalab/engine/tools"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// options are kafkalab's command-line flags.
type options struct {
	seed    uint64
	brokers int
	// controllers is the size of the controller quorum: 1 (the default),
	// 3 or 5.
	controllers int
	dataDir     string
	errExit     bool
	script      string // "" for standard input, interactive on a terminal
}

// maxBrokers bounds -brokers; the lab draws and runs every broker.
const maxBrokers = 9

const usageLine = "usage: kafkalab [-seed N] [-brokers N] [-controllers N] [-data-dir DIR] [-e] [SCRIPT | -]"

// parseArgs reads the command line.
func parseArgs(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("kafkalab", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the simulation's random streams")
	fs.IntVar(&o.brokers, "brokers", 3, "number of brokers, numbered from 1")
	fs.IntVar(&o.controllers, "controllers", 1, "size of the KRaft controller quorum: 1, or 3 or 5 nodes controller-1 … that elect an active controller")
	fs.StringVar(&o.dataDir, "data-dir", "", "keep each broker's logs as Kafka-format files under `DIR`/broker-<id>/")
	fs.BoolVar(&o.errExit, "e", false, "stop at the first failing command, with exit status 1")
	fs.Bool("keep-going", false, "the default (run the rest of the script after a command fails); kept for old scripts")
	fs.Usage = func() {
		fmt.Fprintln(stderr, usageLine)
		fmt.Fprintln(stderr, "SCRIPT is a file of commands, or - for standard input; without it, standard input")
		fmt.Fprintln(stderr, "is read: an interactive shell on a terminal (Ctrl-D exits), else the script.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return o, errors.New("kafkalab: at most one SCRIPT")
	}
	if o.brokers < 1 || o.brokers > maxBrokers {
		return o, fmt.Errorf("kafkalab: -brokers must be from 1 to %d", maxBrokers)
	}
	if o.controllers != 1 && o.controllers != 3 && o.controllers != 5 {
		return o, errors.New("kafkalab: -controllers must be 1, 3 or 5")
	}
	o.script = fs.Arg(0)
	return o, nil
}

// readScript reads the script file, or standard input for "-" or "".
func readScript(name string, stdin io.Reader) (string, error) {
	var (
		data []byte
		err  error
	)
	if name == "-" || name == "" {
		data, err = io.ReadAll(io.LimitReader(stdin, tools.MaxScriptBytes+1))
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return "", fmt.Errorf("kafkalab: reading the script: %w", err)
	}
	return string(data), nil
}

// isTerminal reports whether r is a character device such as a terminal.
// It is a variable so that tests can run the interactive shell.
var isTerminal = func(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
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
	interactive := o.script == "" && isTerminal(stdin)
	var script string
	if !interactive {
		if script, err = readScript(o.script, stdin); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		if _, err := tools.Parse(script); err != nil {
			fmt.Fprintf(stderr, "kafkalab: %s: %v\n", scriptName(o.script), err)
			return 1
		}
	}
	if o.dataDir != "" {
		if err := os.MkdirAll(o.dataDir, 0o755); err != nil {
			fmt.Fprintf(stderr, "kafkalab: -data-dir: %v\n", err)
			return 1
		}
	}
	c, err := newCluster(clusterConfig{Seed: o.seed, Brokers: o.brokers, Controllers: o.controllers, DataDir: o.dataDir})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	r := tools.NewRunner(c, stdout)
	defer func() {
		if err := closeCluster(r.Cluster); err != nil {
			fmt.Fprintln(stderr, "kafkalab: closing the cluster:", err)
		}
	}()
	r.ContinueOnError = !o.errExit
	r.Settle = true
	r.Reseed = reseed(r, o)
	if interactive {
		r.NoEcho = true
		return shell(r, o.errExit, stdin, stdout, stderr)
	}
	results, err := r.RunScript(script)
	if err != nil {
		fmt.Fprintf(stderr, "kafkalab: %s: %v\n", scriptName(o.script), err)
		return 1
	}
	return status(results, o.errExit)
}

// scriptName names the script in messages.
func scriptName(name string) string {
	if name == "" || name == "-" {
		return "<stdin>"
	}
	return name
}

// status is kafkalab's exit status after a script: with -e, 1 if a command
// failed (the script stopped there); otherwise the last command's, as bash's.
func status(results []tools.Result, errExit bool) int {
	if len(results) == 0 {
		return 0
	}
	last := results[len(results)-1].Status
	if errExit && last != 0 {
		return 1
	}
	return last
}

// Prompts of the interactive shell: the first line of a command, and the
// lines that continue it (a heredoc, a quoted string, a trailing backslash).
const (
	prompt     = "kafkalab> "
	continuing = "> "
)

// shell is the interactive mode: it reads commands a line at a time,
// gathering the lines of a heredoc, a quoted string or a backslash
// continuation, and runs each command as it is complete. The transcript
// echo of the command ("$ …") is left out, as the learner just typed it.
// Ctrl-D (end of input) exits with the last command's status; with -e a
// failing command ends the shell with status 1.
func shell(r *tools.Runner, errExit bool, stdin io.Reader, stdout, stderr io.Writer) int {
	in := bufio.NewReader(stdin)
	last := 0
	var pending strings.Builder
	for {
		if pending.Len() == 0 {
			io.WriteString(stdout, prompt)
		} else {
			io.WriteString(stdout, continuing)
		}
		line, err := in.ReadString('\n')
		if line == "" && err != nil {
			if pending.Len() > 0 {
				// End of input inside a command: report it as a script would.
				if _, perr := tools.Parse(pending.String()); perr != nil {
					fmt.Fprintf(stderr, "kafkalab: %v\n", perr)
					last = 1
				}
			}
			io.WriteString(stdout, "\n")
			return last
		}
		if !strings.HasSuffix(line, "\n") {
			line += "\n"
		}
		pending.WriteString(line)
		text := pending.String()
		if incomplete(text) {
			if len(text) > tools.MaxScriptBytes {
				fmt.Fprintf(stderr, "kafkalab: command longer than %d bytes\n", tools.MaxScriptBytes)
				pending.Reset()
				last = 1
			}
			continue
		}
		pending.Reset()
		results, perr := r.RunScript(text)
		if perr != nil {
			fmt.Fprintf(stderr, "kafkalab: %v\n", perr)
			last = 1
			continue
		}
		if len(results) > 0 {
			last = results[len(results)-1].Status
		}
		if errExit && last != 0 {
			return 1
		}
	}
}

// incomplete reports whether text ends inside a command that continues on
// the next line: an open quote, a heredoc without its terminator, or a
// trailing backslash.
func incomplete(text string) bool {
	trimmed := strings.TrimRight(text, "\r\n")
	if n := len(trimmed) - len(strings.TrimRight(trimmed, `\`)); n%2 == 1 {
		return true
	}
	_, err := tools.Parse(text)
	var se *tools.SyntaxError
	if !errors.As(err, &se) {
		return false
	}
	return strings.HasPrefix(se.Msg, "unterminated ") || strings.HasPrefix(se.Msg, "heredoc not terminated")
}
