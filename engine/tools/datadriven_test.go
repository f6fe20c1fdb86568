package tools

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rewrite regenerates the expected output of the scenario files:
// go test ./engine/tools -rewrite; review the diff before committing.
var rewrite = flag.Bool("rewrite", false, "rewrite the expected output in testdata files")

// A ddCase is one block of a scenario file, in cockroachdb/datadriven's
// format: a directive line with arguments, optional input lines, "----" and
// the expected output. Output that contains blank lines is fenced by a
// doubled "----" before and after, as datadriven does.
type ddCase struct {
	Pos       string // file:line of the directive
	Cmd       string
	Args      map[string]string
	Input     string
	Expected  string
	preamble  []string // comment and blank lines before the directive
	directive string
}

// parseDD reads a scenario file.
func parseDD(t *testing.T, path string) (cases []*ddCase, trailer []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	var pre []string
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			pre = append(pre, l)
			continue
		}
		c := &ddCase{Pos: filepath.Base(path) + ":" + itoa(i+1), directive: l, preamble: pre, Args: map[string]string{}}
		pre = nil
		fields := strings.Fields(l)
		c.Cmd = fields[0]
		for _, f := range fields[1:] {
			k, v, _ := strings.Cut(f, "=")
			c.Args[k] = v
		}
		var input []string
		for i++; i < len(lines) && lines[i] != "----"; i++ {
			input = append(input, lines[i])
		}
		if i == len(lines) {
			t.Fatalf("%s: missing ----", c.Pos)
		}
		c.Input = strings.Join(input, "\n")
		if i+1 < len(lines) && lines[i+1] == "----" {
			// Fenced output, ended by ---- ----.
			i += 2
			var out []string
			for ; i < len(lines) && !(lines[i] == "----" && i+1 < len(lines) && lines[i+1] == "----"); i++ {
				out = append(out, lines[i])
			}
			i++
			c.Expected = strings.Join(out, "\n") + "\n"
		} else {
			var out []string
			for i+1 < len(lines) && lines[i+1] != "" {
				i++
				out = append(out, lines[i])
			}
			if len(out) > 0 {
				c.Expected = strings.Join(out, "\n") + "\n"
			}
		}
		cases = append(cases, c)
	}
	return cases, pre
}

// runDD runs every block of a scenario file through fn and compares (or,
// with -rewrite, replaces) the expected output.
func runDD(t *testing.T, path string, fn func(t *testing.T, c *ddCase) string) {
	t.Helper()
	cases, trailer := parseDD(t, path)
	var b strings.Builder
	for _, c := range cases {
		got := fn(t, c)
		if got != "" && !strings.HasSuffix(got, "\n") {
			got += "\n"
		}
		if !*rewrite && got != c.Expected {
			t.Errorf("%s: %s\ngot:\n%s\nwant:\n%s", c.Pos, c.directive, got, c.Expected)
		}
		for _, p := range c.preamble {
			b.WriteString(p + "\n")
		}
		b.WriteString(c.directive + "\n")
		if c.Input != "" {
			b.WriteString(c.Input + "\n")
		}
		if strings.Contains(got, "\n\n") || strings.HasPrefix(got, "\n") {
			b.WriteString("----\n----\n" + got + "----\n----\n")
		} else {
			b.WriteString("----\n" + got)
		}
	}
	for _, p := range trailer {
		b.WriteString(p + "\n")
	}
	if *rewrite {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}
