package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools"
)

// stubCluster is the least cluster that lets kafkalab's own plumbing be
// tested: brokers and an empty topic list.
type stubCluster struct{ n int }

func (s stubCluster) Brokers() []tools.BrokerInfo {
	var out []tools.BrokerInfo
	for id := int32(1); id <= int32(s.n); id++ {
		out = append(out, tools.BrokerInfo{ID: id, Host: "broker-" + string(rune('0'+id)), Port: tools.BasePort + id - 1, Up: true})
	}
	return out
}
func (stubCluster) CreateTopic(tools.CreateTopic) (tools.CreatedTopic, error) {
	return tools.CreatedTopic{}, kerr.Wrap(kerr.InvalidRequest, "stub")
}
func (stubCluster) DeleteTopic(string) error                                  { return nil }
func (stubCluster) CreatePartitions(string, int32, [][]int32) error           { return nil }
func (stubCluster) ListTopics() ([]string, error)                             { return []string{"a", "b"}, nil }
func (stubCluster) DescribeTopics([]string) ([]tools.TopicDescription, error) { return nil, nil }
func (stubCluster) Produce(tools.ProduceSpec) ([]tools.DeliveryReport, error) { return nil, nil }
func (stubCluster) Fetch(tools.FetchSpec) ([]tools.ConsumedRecord, error)     { return nil, nil }
func (stubCluster) ListOffsets(string, int32, int64) (int64, error)           { return 0, nil }
func (stubCluster) Step(int) ([]sim.TraceEntry, error)                        { return nil, nil }
func (stubCluster) RunFor(int64) ([]sim.TraceEntry, error)                    { return nil, nil }
func (stubCluster) RunUntilIdle() ([]sim.TraceEntry, error)                   { return nil, nil }
func (stubCluster) Now() int64                                                { return 0 }

// withStub makes newCluster build a stub for the test, recording its config.
func withStub(t *testing.T, got *clusterConfig) {
	old := newCluster
	newCluster = func(cfg clusterConfig) (tools.Cluster, error) {
		*got = cfg
		return stubCluster{cfg.Brokers}, nil
	}
	t.Cleanup(func() { newCluster = old })
}

func TestFlags(t *testing.T) {
	var cfg clusterConfig
	withStub(t, &cfg)
	dir := t.TempDir()
	script := filepath.Join(dir, "s.txt")
	os.WriteFile(script, []byte("brokers\n"), 0o644)
	data := filepath.Join(dir, "data")

	tests := []struct {
		args   []string
		status int
		out    string // expected stdout
		errHas string // expected in stderr
		cfg    clusterConfig
	}{
		{args: []string{script}, out: "$ brokers\nbroker-1  broker-1:9092  localhost:9092  up\nbroker-2  broker-2:9093  localhost:9093  up\nbroker-3  broker-3:9094  localhost:9094  up\n", cfg: clusterConfig{Seed: 1, Brokers: 3, Controllers: 1}},
		{args: []string{"-seed", "42", "-brokers", "1", "-data-dir", data, script}, out: "$ brokers\nbroker-1  broker-1:9092  localhost:9092  up\n", cfg: clusterConfig{Seed: 42, Brokers: 1, Controllers: 1, DataDir: data}},
		{args: []string{"-brokers", "1", "-controllers", "3", script}, out: "$ brokers\nbroker-1  broker-1:9092  localhost:9092  up\n", cfg: clusterConfig{Seed: 1, Brokers: 1, Controllers: 3}},
		{args: []string{"-controllers", "2", script}, status: 2, errHas: "-controllers must be 1, 3 or 5"},
		{args: []string{}, status: 0}, // standard input (empty here) is the script
		{args: []string{"-keep-going", "-e", script}, out: "$ brokers\nbroker-1  broker-1:9092  localhost:9092  up\nbroker-2  broker-2:9093  localhost:9093  up\nbroker-3  broker-3:9094  localhost:9094  up\n", cfg: clusterConfig{Seed: 1, Brokers: 3, Controllers: 1}},
		{args: []string{script, script}, status: 2, errHas: "at most one SCRIPT"},
		{args: []string{"-brokers", "0", script}, status: 2, errHas: "-brokers must be from 1 to 9"},
		{args: []string{"-nope", script}, status: 2, errHas: "flag provided but not defined: -nope"},
		{args: []string{"-h"}, status: 0, errHas: "usage: kafkalab"},
		{args: []string{filepath.Join(dir, "missing.txt")}, status: 1, errHas: "reading the script"},
	}
	for _, tt := range tests {
		cfg = clusterConfig{}
		var stdout, stderr bytes.Buffer
		status := run(tt.args, strings.NewReader(""), &stdout, &stderr)
		if status != tt.status || stdout.String() != tt.out || !strings.Contains(stderr.String(), tt.errHas) {
			t.Errorf("kafkalab %q: status %d, stdout %q, stderr %q", tt.args, status, stdout.String(), stderr.String())
		}
		if tt.status == 0 && tt.out != "" && cfg != tt.cfg {
			t.Errorf("kafkalab %q: cluster config %+v, want %+v", tt.args, cfg, tt.cfg)
		}
	}
	if _, err := os.Stat(data); err != nil {
		t.Errorf("-data-dir was not created: %v", err)
	}
}

func TestStdinScriptAndStatus(t *testing.T) {
	var cfg clusterConfig
	withStub(t, &cfg)
	const (
		list    = "kafka-topics.sh --bootstrap-server localhost:9092 --list\n"
		create  = "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic x\n"
		brokers = "brokers\n"
	)
	const (
		listOut    = "$ " + list + "a\nb\n"
		createOut  = "$ " + create + "Error while executing topic command : stub\n[exit status 1]\n"
		brokersOut = "$ " + brokers + "broker-1  broker-1:9092  localhost:9092  up\nbroker-2  broker-2:9093  localhost:9093  up\nbroker-3  broker-3:9094  localhost:9094  up\n"
	)
	tests := []struct {
		args   []string
		script string
		status int
		want   string
	}{
		// By default a failing command prints its error and the script goes
		// on; the status is the last command's, as bash script.sh's.
		{[]string{"-"}, list + create + brokers, 0, listOut + createOut + brokersOut},
		{[]string{}, list + create + brokers, 0, listOut + createOut + brokersOut},
		{[]string{"-"}, list + brokers + create, 1, listOut + brokersOut + createOut},
		{[]string{"-"}, "nope\n", 127, "$ nope\nkafkalab: nope: command not found (type help for the lab's commands)\n[exit status 127]\n"},
		// -keep-going is the default, kept as a no-op.
		{[]string{"-keep-going", "-"}, list + create + brokers, 0, listOut + createOut + brokersOut},
		// -e stops at the first failure, with status 1 whatever the command's.
		{[]string{"-e", "-"}, list + create + brokers, 1, listOut + createOut},
		{[]string{"-e", "-"}, "nope\n" + brokers, 1, "$ nope\nkafkalab: nope: command not found (type help for the lab's commands)\n[exit status 127]\n"},
		{[]string{"-e", "-"}, list + brokers, 0, listOut + brokersOut},
		// An empty script runs nothing and succeeds, as bash's.
		{[]string{"-e", "-"}, "", 0, ""},
		{[]string{"-"}, "# only a comment\n\n", 0, ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		status := run(tt.args, strings.NewReader(tt.script), &stdout, &stderr)
		if status != tt.status || stdout.String() != tt.want || stderr.Len() != 0 {
			t.Errorf("kafkalab %q <<< %q: status %d (want %d), stderr %q, transcript:\n%s\nwant:\n%s", tt.args, tt.script, status, tt.status, stderr.String(), stdout.String(), tt.want)
		}
	}
}

func TestSyntaxErrorRunsNothing(t *testing.T) {
	var cfg clusterConfig
	withStub(t, &cfg)
	var stdout, stderr bytes.Buffer
	status := run([]string{"-"}, strings.NewReader("brokers\necho 'open\n"), &stdout, &stderr)
	if status != 1 || stdout.Len() != 0 || !strings.Contains(stderr.String(), "line 2: unterminated single quote") {
		t.Errorf("status %d, stdout %q, stderr %q", status, stdout.String(), stderr.String())
	}
}

func TestNoClusterYet(t *testing.T) {
	var stdout, stderr bytes.Buffer
	status := run([]string{"-"}, strings.NewReader("brokers\n"), &stdout, &stderr)
	if newCluster == nil || status != 1 && status != 0 {
		t.Fatalf("status %d", status)
	}
	if status == 1 && !strings.Contains(stderr.String(), "not available yet") {
		t.Errorf("stderr %q", stderr.String())
	}
}
