package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/tools"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected transcripts of the scenarios")

// scenarioDir holds the scenarios of the issue, written in the lab's
// language, independent of any cluster implementation.
const scenarioDir = "../../engine/tools/testdata/scenarios"

// TestScenarios runs every scenario against the real simulated cluster, in
// cockroachdb/datadriven's format: a "cluster brokers=N seed=S [controllers=C]" block starts
// a fresh cluster, a "run" block runs its input as a script and expects the
// transcript. -rewrite records the transcripts; review the diff.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(scenarioDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios in %s: %v", scenarioDir, err)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			runScenario(t, path)
		})
	}
}

// block is one directive of a scenario file with its input and output.
type block struct {
	pre       []string // comments and blank lines before it
	directive string
	input     string
	want      string
}

func parseBlocks(t *testing.T, path string) ([]*block, string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	var (
		blocks []*block
		pre    []string
	)
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "" || strings.HasPrefix(lines[i], "#") {
			pre = append(pre, lines[i])
			continue
		}
		b := &block{pre: pre, directive: lines[i]}
		pre = nil
		var in []string
		for i++; i < len(lines) && lines[i] != "----"; i++ {
			in = append(in, lines[i])
		}
		b.input = strings.Join(in, "\n")
		var out []string
		if i+1 < len(lines) && lines[i+1] == "----" {
			for i += 2; i < len(lines) && !(lines[i] == "----" && i+1 < len(lines) && lines[i+1] == "----"); i++ {
				out = append(out, lines[i])
			}
			i++
		} else {
			for i+1 < len(lines) && lines[i+1] != "" {
				i++
				out = append(out, lines[i])
			}
		}
		if len(out) > 0 {
			b.want = strings.Join(out, "\n") + "\n"
		}
		blocks = append(blocks, b)
	}
	return blocks, strings.Join(pre, "\n")
}

// needs lists the optional cluster interfaces a scenario's commands use.
func needs(blocks []*block) map[string]bool {
	n := map[string]bool{}
	for _, b := range blocks {
		for _, line := range strings.Split(b.input, "\n") {
			switch strings.Fields(line + " x")[0] {
			case "stop", "start":
				n["tools.BrokerControl"] = true
			case "slow", "heal":
				n["tools.LinkControl"] = true
			case "move-leader":
				n["tools.LeaderControl"] = true
			case "trace":
				n["tools.TraceSource"] = true
			}
		}
	}
	return n
}

func runScenario(t *testing.T, path string) {
	blocks, trailer := parseBlocks(t, path)
	var (
		r   *tools.Runner
		out strings.Builder
		doc strings.Builder
	)
	for _, b := range blocks {
		fields := strings.Fields(b.directive)
		var got string
		switch fields[0] {
		case "cluster":
			cfg := clusterConfig{Seed: 1, Brokers: 3}
			for _, f := range fields[1:] {
				k, v, _ := strings.Cut(f, "=")
				switch k {
				case "brokers":
					fmt.Sscan(v, &cfg.Brokers)
				case "seed":
					fmt.Sscan(v, &cfg.Seed)
				case "controllers":
					fmt.Sscan(v, &cfg.Controllers)
				}
			}
			c, err := newCluster(cfg)
			if errors.Is(err, errNoCluster) {
				t.Skip("engine/cluster has no constructor yet: wire it into newCluster in cmd/kafkalab/cluster.go")
			}
			if err != nil {
				t.Fatal(err)
			}
			var missing []string
			for iface := range needs(blocks) {
				if !implements(c, iface) {
					missing = append(missing, iface)
				}
			}
			if len(missing) > 0 {
				t.Skipf("the cluster does not implement %s, which this scenario's lab commands need", strings.Join(missing, ", "))
			}
			out.Reset()
			r = tools.NewRunner(c, &out)
		case "run":
			if r == nil {
				t.Fatalf("%s: run before cluster", path)
			}
			out.Reset()
			r.ContinueOnError = true
			if _, err := r.RunScript(b.input); err != nil {
				got = "error: " + err.Error() + "\n"
			} else {
				got = out.String()
			}
		default:
			t.Fatalf("%s: unknown directive %q", path, b.directive)
		}
		if !*rewrite && got != b.want {
			t.Errorf("%s: %s\n%s\ngot:\n%s\nwant:\n%s", path, b.directive, b.input, got, b.want)
		}
		for _, p := range b.pre {
			doc.WriteString(p + "\n")
		}
		doc.WriteString(b.directive + "\n")
		if b.input != "" {
			doc.WriteString(b.input + "\n")
		}
		if strings.Contains(got, "\n\n") {
			doc.WriteString("----\n----\n" + got + "----\n----\n")
		} else {
			doc.WriteString("----\n" + got)
		}
	}
	if trailer != "" {
		doc.WriteString(trailer + "\n")
	}
	if *rewrite {
		if err := os.WriteFile(path, []byte(doc.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// implements reports whether c has the optional interface named.
func implements(c tools.Cluster, name string) bool {
	var ok bool
	switch name {
	case "tools.BrokerControl":
		_, ok = c.(tools.BrokerControl)
	case "tools.LinkControl":
		_, ok = c.(tools.LinkControl)
	case "tools.LeaderControl":
		_, ok = c.(tools.LeaderControl)
	case "tools.TraceSource":
		_, ok = c.(tools.TraceSource)
	}
	return ok
}
