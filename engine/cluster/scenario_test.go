package cluster_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/stretchr/testify/require"
)

// TestToolScenariosRun runs the tools engineer's scenario scripts
// (engine/tools/testdata/scenarios) against this cluster and checks only that
// they run; their expected output is checked by cmd/kafkalab's
// TestScenarios. With -v it prints what each block printed.
func TestToolScenariosRun(t *testing.T) {
	files, _ := filepath.Glob("../tools/testdata/scenarios/*.txt")
	if len(files) == 0 {
		t.Skip("no scenario scripts")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			blocks := scenarioBlocks(t, f)
			var out strings.Builder
			var r *tools.Runner
			for _, b := range blocks {
				switch {
				case strings.HasPrefix(b.directive, "cluster"):
					c, err := cluster.New(cluster.Config{Seed: 1, Brokers: 3})
					require.NoError(t, err)
					require.NoError(t, c.Start())
					r = tools.NewRunner(c, &out)
					r.ContinueOnError = true
				case b.directive == "run":
					out.Reset()
					_, err := r.RunScript(b.input)
					t.Logf("%s\n%s(err=%v)", b.input, out.String(), err)
				}
			}
		})
	}
}

type block struct{ directive, input string }

func scenarioBlocks(t *testing.T, path string) []block {
	fh, err := os.Open(path)
	require.NoError(t, err)
	defer fh.Close()
	var blocks []block
	var cur *block
	inOutput := false
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case cur == nil && (strings.HasPrefix(line, "cluster") || line == "run"):
			blocks = append(blocks, block{directive: line})
			cur = &blocks[len(blocks)-1]
			inOutput = false
		case cur != nil && line == "----":
			if !inOutput {
				inOutput = true
			}
		case cur != nil && inOutput && line == "":
			cur = nil
		case cur != nil && !inOutput:
			cur.input += line + "\n"
		}
	}
	return blocks
}
