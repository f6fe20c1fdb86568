package main

import (
	"bytes"
	"errors"
	"testing"
)

// TestSameScriptSameTranscript runs one script twice against fresh real
// clusters, in memory and with -data-dir: the same script and seed must
// print the same transcript, byte for byte, as the issue promises.
func TestSameScriptSameTranscript(t *testing.T) {
	if _, err := newCluster(clusterConfig{Seed: 1, Brokers: 3}); errors.Is(err, errNoCluster) {
		t.Skip("no cluster")
	}
	script := "../../examples/first-run.sh"
	transcript := func(args ...string) string {
		var out, errOut bytes.Buffer
		if status := run(append(args, script), nil, &out, &errOut); status != 0 {
			t.Fatalf("kafkalab %q: status %d\n%s%s", args, status, out.String(), errOut.String())
		}
		return out.String()
	}
	for _, seed := range []string{"1", "42"} {
		a := transcript("-seed", seed)
		b := transcript("-seed", seed)
		if a != b {
			t.Errorf("seed %s: two runs differ:\n%s\n----\n%s", seed, a, b)
		}
		c := transcript("-seed", seed, "-data-dir", t.TempDir())
		if a != c {
			t.Errorf("seed %s: -data-dir changes the transcript:\n%s\n----\n%s", seed, a, c)
		}
	}
}
