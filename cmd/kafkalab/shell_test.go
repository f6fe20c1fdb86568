package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// asTerminal makes run treat its standard input as a terminal.
func asTerminal(t *testing.T) {
	old := isTerminal
	isTerminal = func(io.Reader) bool { return true }
	t.Cleanup(func() { isTerminal = old })
}

func TestInteractiveShell(t *testing.T) {
	var cfg clusterConfig
	withStub(t, &cfg)
	asTerminal(t)
	const brokersOut = "broker-1  broker-1:9092  localhost:9092  up\nbroker-2  broker-2:9093  localhost:9093  up\nbroker-3  broker-3:9094  localhost:9094  up\n"
	tests := []struct {
		args   []string
		input  string
		status int
		out    string
		errHas string
	}{
		// Ctrl-D at once: a prompt, a new line, status 0.
		{nil, "", 0, "kafkalab> \n", ""},
		{nil, "brokers\n", 0, "kafkalab> " + brokersOut + "kafkalab> \n", ""},
		// A heredoc, a quoted string and a trailing backslash continue the
		// command after "> "; the shell does not echo what was typed.
		{nil, "echo a \\\n b\necho 'x\ny'\nkafka-topics.sh --bootstrap-server localhost:9092 --list <<EOF\nignored\nEOF\n", 0,
			"kafkalab> > a b\nkafkalab> > x\ny\nkafkalab> > > a\nb\nkafkalab> \n", ""},
		// A failure does not end the shell; Ctrl-D exits with the last status.
		{nil, "nope\nbrokers\n", 0, "kafkalab> kafkalab: nope: command not found (type help for the lab's commands)\n[exit status 127]\nkafkalab> " + brokersOut + "kafkalab> \n", ""},
		{nil, "nope\n", 127, "kafkalab> kafkalab: nope: command not found (type help for the lab's commands)\n[exit status 127]\nkafkalab> \n", ""},
		// A syntax error is reported and the shell goes on.
		{nil, "echo $X\nbrokers\n", 0, "kafkalab> kafkalab> " + brokersOut + "kafkalab> \n", "line 1:"},
		// End of input inside a heredoc.
		{nil, "brokers <<EOF\nx\n", 1, "kafkalab> > > \n", "heredoc not terminated"},
		// -e ends the shell at the first failure, with status 1.
		{[]string{"-e"}, "nope\nbrokers\n", 1, "kafkalab> kafkalab: nope: command not found (type help for the lab's commands)\n[exit status 127]\n", ""},
		// A last line without its new line still runs.
		{nil, "brokers", 0, "kafkalab> " + brokersOut + "kafkalab> \n", ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		status := run(tt.args, strings.NewReader(tt.input), &stdout, &stderr)
		if status != tt.status || stdout.String() != tt.out || !strings.Contains(stderr.String(), tt.errHas) || tt.errHas == "" && stderr.Len() > 0 {
			t.Errorf("kafkalab %q, typing %q: status %d (want %d), stderr %q, stdout:\n%q\nwant:\n%q", tt.args, tt.input, status, tt.status, stderr.String(), stdout.String(), tt.out)
		}
	}
}

// A script file given on a terminal is still a script, and "-" reads
// standard input as a script even on a terminal.
func TestTerminalWithScript(t *testing.T) {
	var cfg clusterConfig
	withStub(t, &cfg)
	asTerminal(t)
	var stdout, stderr bytes.Buffer
	if status := run([]string{"-"}, strings.NewReader("brokers\n"), &stdout, &stderr); status != 0 || !strings.HasPrefix(stdout.String(), "$ brokers\n") {
		t.Errorf("status %d, stdout %q", status, stdout.String())
	}
}
