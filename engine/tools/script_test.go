package tools

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestScripts runs the scenario files in testdata against the fake cluster,
// one fresh cluster per file. Directives:
//
//	run [continue]  run the input as a script; the output is the transcript
//	parse           parse the input; the output lists the commands
//	cluster brokers=N   start a fresh fake cluster
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenario files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			c := newFakeCluster(3)
			runDD(t, path, func(t *testing.T, d *ddCase) string {
				switch d.Cmd {
				case "cluster":
					n := 3
					if v, ok := d.Args["brokers"]; ok {
						fmt.Sscan(v, &n)
					}
					c = newFakeCluster(n)
					return ""
				case "run":
					var out strings.Builder
					r := NewRunner(c, &out)
					_, cont := d.Args["continue"]
					r.ContinueOnError = cont
					if _, err := r.RunScript(d.Input); err != nil {
						return "error: " + err.Error()
					}
					return out.String()
				case "parse":
					return describeParse(d.Input)
				}
				t.Fatalf("%s: unknown directive %q", d.Pos, d.Cmd)
				return ""
			})
		})
	}
}

// describeParse renders what Parse makes of a script, one command per block.
func describeParse(src string) string {
	cmds, err := Parse(src)
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, c := range cmds {
		fmt.Fprintf(&b, "line %d: %q %q\n", c.Line, c.Name, c.Args)
		if c.HasStdin {
			fmt.Fprintf(&b, "  stdin %q\n", c.Stdin)
		}
	}
	return b.String()
}

// TestScenariosParse checks that the real-cluster scenarios (run by
// cmd/kafkalab's TestScenarios) are valid scripts, so they stay valid while
// the cluster is missing, and that every command they use exists.
func TestScenariosParse(t *testing.T) {
	files, _ := filepath.Glob("testdata/scenarios/*.txt")
	if len(files) == 0 {
		t.Fatal("no scenarios")
	}
	for _, path := range files {
		cases, _ := parseDD(t, path)
		for _, c := range cases {
			if c.Cmd != "run" {
				continue
			}
			cmds, err := Parse(c.Input)
			if err != nil {
				t.Errorf("%s: %v", c.Pos, err)
			}
			for _, cmd := range cmds {
				_, tool := LookupTool(cmd.Name)
				_, lab := labCommands[cmd.Name]
				if !tool && !lab {
					t.Errorf("%s: line %d: unknown command %q", c.Pos, cmd.Line, cmd.Name)
				}
			}
		}
	}
}
