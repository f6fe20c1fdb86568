package cluster_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/tools"
)

// fuzzScriptBytes, fuzzCommands and fuzzMaxSteps keep one fuzz input
// cheap: a script of a few dozen commands, and a bound on the events any
// one call may run (run 86400s stops there with an error, as a script
// would see it).
const (
	fuzzScriptBytes = 8 << 10
	fuzzCommands    = 24
	fuzzMaxSteps    = 5_000
)

// runScript runs script on a fresh two-broker cluster as the lab's terminal
// does (settling, going on after a failure) and returns the transcript with
// its standard-error spans.
func runScript(t *testing.T, script string) (string, []tools.Span, error) {
	if _, err := tools.Parse(script); err != nil {
		return "", nil, err // runs nothing: no cluster needed
	}
	c, err := cluster.New(cluster.Config{Seed: 1, Brokers: 2, MaxSteps: fuzzMaxSteps})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	var out tools.Output
	r := tools.NewRunner(c, &out)
	r.Settle, r.ContinueOnError = true, true
	_, err = r.RunScript(script)
	return out.String(), out.Stderr(), err
}

// FuzzScript feeds whole scripts (several lines of Kafka's tools and the
// lab's commands, heredocs, quotes, pipes) to the Runner over a small
// cluster: nothing may panic, a script that does not parse is a
// *tools.SyntaxError and runs nothing, and the same script on the same seed
// prints the same transcript. The seed corpus (testdata/fuzz/FuzzScript) is
// the scripts of the scenario and golden tests. go test -fuzz FuzzScript
// -run '^$' ./engine/cluster; a failing input is saved under testdata and
// replays with go test -run FuzzScript.
func FuzzScript(f *testing.F) {
	f.Add("kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2 --replication-factor 2\n" +
		"printf 'k%d:v\\n' 1 2 3 | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --property parse.key=true --property key.separator=:\n" +
		"kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --timeout-ms 100\n")
	f.Add("kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers --entity-default --alter --add-config 'log.retention.ms=1,min.insync.replicas=[2]'\n" +
		"producer start p --topic t --rate 50/s --keys 2\nstop broker-2\nrun 3s\nstart broker-2\nrun idle\nproducers\n")
	f.Fuzz(func(t *testing.T, script string) {
		if cmds, _ := tools.Parse(script); len(script) > fuzzScriptBytes || len(cmds) > fuzzCommands {
			t.Skip("longer than the fuzzer's budget")
		}
		out1, spans1, err1 := runScript(t, script)
		if err1 != nil {
			if _, ok := err1.(*tools.SyntaxError); !ok {
				t.Fatalf("RunScript error %T is not a *tools.SyntaxError: %v", err1, err1)
			}
			if out1 != "" {
				t.Fatalf("a script that does not parse printed %q", out1)
			}
		}
		for _, s := range spans1 {
			if s.Start < 0 || s.End <= s.Start || s.End > len(out1) {
				t.Fatalf("stderr span %v outside the transcript of %d bytes", s, len(out1))
			}
		}
		out2, spans2, err2 := runScript(t, script)
		if out1 != out2 || fmt.Sprint(spans1) != fmt.Sprint(spans2) || fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Fatalf("two runs of the same script differ:\n%s\n---- second run ----\n%s", head(out1), head(out2))
		}
	})
}

func head(s string) string {
	if lines := strings.SplitAfter(s, "\n"); len(lines) > 60 {
		return strings.Join(lines[:60], "") + "…\n"
	}
	return s
}
