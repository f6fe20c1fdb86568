package tools

import (
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics or loops, respects its limits,
// and returns commands in line order with a program name each.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"kafka-topics.sh --bootstrap-server localhost:9092 --list\n",
		"kafka-topics.sh --create \\\n  --topic 'a b' \"c\\\"d\" # note\n",
		"kafka-console-producer.sh --topic t <<EOF\na\nb\nEOF\n",
		"kafka-console-producer.sh --topic t <<'END'\nx\nEND\nstep 3\n",
		"cat <<-EOF\n\tx\n\tEOF\n",
		"echo \"k:v\" | kafka-console-producer.sh --topic t\n",
		"printf '%s\\n' a b | kafka-console-producer.sh --topic t\n",
		"echo $HOME\n", "a 'unterminated\n", "a <<\n", "x | y | z\n", "run idle\ntrace --lifecycle\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		cmds, err := Parse(src)
		if err != nil {
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("error %T is not a *SyntaxError: %v", err, err)
			}
			return
		}
		if len(cmds) > MaxCommands {
			t.Fatalf("%d commands", len(cmds))
		}
		last := 0
		for _, c := range cmds {
			if c.Line <= last && last != 0 {
				t.Fatalf("line %d after line %d", c.Line, last)
			}
			last = c.Line
			if c.Line < 1 || c.Line > strings.Count(src, "\n")+1 {
				t.Fatalf("line %d out of range", c.Line)
			}
			if c.Text == "" || !strings.Contains(src, c.Text) {
				t.Fatalf("text %q not in the source", c.Text)
			}
			if len(c.Stdin) > MaxHeredocBytes+MaxLineBytes {
				t.Fatalf("stdin of %d bytes", len(c.Stdin))
			}
			if len(c.Args) > MaxWords+1 {
				t.Fatalf("%d words", len(c.Args))
			}
		}
	})
}
