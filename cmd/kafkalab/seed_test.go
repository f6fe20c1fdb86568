package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// seed shows the seed; seed N starts a fresh cluster with it, of the same
// size; -data-dir refuses, as the new cluster would find the old files.
func TestSeedCommand(t *testing.T) {
	if _, err := newCluster(clusterConfig{Seed: 1, Brokers: 1}); errors.Is(err, errNoCluster) {
		t.Skip(err)
	}
	script := "seed\n" +
		"kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1\n" +
		"seed 42\nseed\nbrokers\nkafka-topics.sh --bootstrap-server localhost:9092 --describe --topic t\n"
	var stdout, stderr bytes.Buffer
	run([]string{"-brokers", "2", "-"}, strings.NewReader(script), &stdout, &stderr)
	want := "$ seed\nseed 1\n" +
		"$ kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1\nCreated topic t.\n" +
		"$ seed 42\nseed 42: a fresh cluster of 2 brokers; the previous cluster and its topics are gone\n" +
		"$ seed\nseed 42\n" +
		"$ brokers\nbroker-1  broker-1:9092  localhost:9092  up\nbroker-2  broker-2:9093  localhost:9093  up\n" +
		"$ kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic t\nError while executing topic command : Topic 't' does not exist as expected\n[exit status 1]\n"
	if stdout.String() != want {
		t.Errorf("transcript:\n%s\nwant:\n%s", stdout.String(), want)
	}
	stdout.Reset()
	run([]string{"-data-dir", t.TempDir(), "-"}, strings.NewReader("seed 3\nseed\n"), &stdout, &stderr)
	if got := stdout.String(); !strings.Contains(got, "seed: kafkalab keeps this cluster's logs in -data-dir") || !strings.HasSuffix(got, "$ seed\nseed 1\n") {
		t.Errorf("with -data-dir:\n%s", got)
	}
}
