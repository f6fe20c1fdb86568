package lessons

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/tools"
	"github.com/kafkalab/kafkalab/lessons/checks"
	"go.yaml.in/yaml/v3"
)

// A Step is one "## " section of a lesson: prose, and the blocks that drive
// the lab, ask a question or set an exercise, in the order written.
type Step struct {
	Title    string
	Line     int    // the line of its heading in the file
	Markdown string // the section without its check, predict and exercise blocks
	HTML     string // Markdown rendered; lab blocks show as code
	Blocks   []Block
}

// A BlockKind names a fenced block a step may hold.
type BlockKind string

// The block kinds, by their fence's info string.
const (
	BlockLab      BlockKind = "lab"      // lab commands, run when the learner reaches them
	BlockCheck    BlockKind = "check"    // checks that hold after the lab commands before them
	BlockPredict  BlockKind = "predict"  // a question answered by the engine
	BlockExercise BlockKind = "exercise" // a goal checked against the cluster
)

// A Block is one fenced block of a step.
type Block struct {
	Kind     BlockKind
	Line     int    // the line of its opening fence in the file
	Lab      string // BlockLab: the commands
	Checks   []Check
	Predict  *Predict
	Exercise *Exercise
}

// A Check is a named check with its line in the file.
type Check struct {
	checks.Check
	Line int
}

// A Predict is a predict-then-reveal question. The answer is the engine's:
// Ask is evaluated after Run's commands, on a copy of the learner's run.
type Predict struct {
	Question string
	Ask      checks.Ask
	Run      string   // lab commands the reveal runs; the answer is read after them
	Choices  []string // optional; the engine's answer must be one of them
	Explain  string
}

// An Exercise is a goal the learner reaches with their own commands.
type Exercise struct {
	Goal     string
	Checks   []Check // all must be met
	Hints    []string
	Solution string // lab commands that reach the goal, replayed as an animation
}

var fence = regexp.MustCompile("^```+\\s*([a-z]*)\\s*$")

// parseSteps splits a lesson body into the intro and its steps. first is the
// file line of the body's first line.
func parseSteps(name string, body string, first int) (intro string, steps []Step, err error) {
	lines := strings.Split(body, "\n")
	var cur *Step
	var prose strings.Builder
	flush := func() {
		if cur == nil {
			intro = prose.String()
		} else {
			cur.Markdown = prose.String()
		}
		prose.Reset()
	}
	fail := func(line int, format string, args ...any) error {
		return &Error{Path: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.HasPrefix(line, "## ") {
			flush()
			steps = append(steps, Step{Title: strings.TrimSpace(line[3:]), Line: first + i})
			cur = &steps[len(steps)-1]
			prose.WriteString(line + "\n")
			continue
		}
		m := fence.FindStringSubmatch(line)
		if m == nil {
			prose.WriteString(line + "\n")
			continue
		}
		// A fenced block: find its end.
		open, ticks := i, line[:len(line)-len(strings.TrimLeft(line, "`"))]
		j := i + 1
		for j < len(lines) && !(strings.HasPrefix(lines[j], ticks) && strings.Trim(lines[j], "` ") == "") {
			j++
		}
		if j == len(lines) {
			return "", nil, fail(first+open, "the %s block is not closed with %s", m[1], ticks)
		}
		content := strings.Join(lines[open+1:j], "\n") + "\n"
		kind := BlockKind(m[1])
		switch kind {
		case BlockLab, BlockCheck, BlockPredict, BlockExercise:
			if cur == nil {
				return "", nil, fail(first+open, "a %s block must be inside a step (after a '## ' heading)", kind)
			}
			b, err := parseBlock(name, kind, content, first+open)
			if err != nil {
				return "", nil, err
			}
			cur.Blocks = append(cur.Blocks, b)
			if kind == BlockLab {
				prose.WriteString(strings.Join(lines[open:j+1], "\n") + "\n")
			}
		default:
			prose.WriteString(strings.Join(lines[open:j+1], "\n") + "\n")
		}
		i = j
	}
	flush()
	return intro, steps, nil
}

func parseBlock(name string, kind BlockKind, content string, line int) (Block, error) {
	b := Block{Kind: kind, Line: line}
	fail := func(l int, format string, args ...any) (Block, error) {
		return Block{}, &Error{Path: name, Line: l, Msg: fmt.Sprintf(string(kind)+" block: "+format, args...)}
	}
	if kind == BlockLab {
		if err := checkScript(content); err != nil {
			if se, ok := err.(*tools.SyntaxError); ok {
				return fail(line+se.Line, "%s", se.Msg)
			}
			return fail(line, "%v", err)
		}
		b.Lab = content
		return b, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(content), &doc); err != nil {
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			return fail(line+n, "%s", m[2])
		}
		return fail(line+1, "%v", err)
	}
	if len(doc.Content) == 0 {
		return fail(line, "empty")
	}
	root := doc.Content[0]
	at := func(n *yaml.Node) int { return line + n.Line }
	switch kind {
	case BlockCheck:
		cs, err := parseChecks(root, at)
		if err != nil {
			return Block{}, &Error{Path: name, Line: err.line, Msg: "check block: " + err.msg}
		}
		b.Checks = cs
	case BlockPredict:
		var raw struct {
			Question string         `yaml:"question"`
			Ask      string         `yaml:"ask"`
			Params   map[string]any `yaml:"params"`
			Run      string         `yaml:"run"`
			Choices  []string       `yaml:"choices"`
			Explain  string         `yaml:"explain"`
		}
		if l, err := decodeStrict(root, &raw); err != nil {
			return fail(line+l, "%v", err)
		}
		if strings.TrimSpace(raw.Question) == "" {
			return fail(at(root), "question is required")
		}
		ask, err := checks.NewAsk(raw.Ask, raw.Params)
		if err != nil {
			return fail(at(valueNode(root, "ask", root)), "%v", err)
		}
		if err := checkScript(raw.Run); err != nil {
			return fail(at(valueNode(root, "run", root)), "run: %v", err)
		}
		b.Predict = &Predict{Question: raw.Question, Ask: ask, Run: raw.Run, Choices: raw.Choices, Explain: raw.Explain}
	case BlockExercise:
		var raw struct {
			Goal     string    `yaml:"goal"`
			Checks   yaml.Node `yaml:"checks"`
			Hints    []string  `yaml:"hints"`
			Solution string    `yaml:"solution"`
		}
		if l, err := decodeStrict(root, &raw); err != nil {
			return fail(line+l, "%v", err)
		}
		if strings.TrimSpace(raw.Goal) == "" {
			return fail(at(root), "goal is required")
		}
		cn := valueNode(root, "checks", nil)
		if cn == nil {
			return fail(at(root), "checks is required: the named checks that say the goal is met")
		}
		cs, perr := parseChecks(cn, at)
		if perr != nil {
			return Block{}, &Error{Path: name, Line: perr.line, Msg: "exercise block: " + perr.msg}
		}
		if strings.TrimSpace(raw.Solution) == "" {
			return fail(at(root), "solution is required: the lab commands that reach the goal")
		}
		if err := checkScript(raw.Solution); err != nil {
			return fail(at(valueNode(root, "solution", root)), "solution: %v", err)
		}
		b.Exercise = &Exercise{Goal: raw.Goal, Checks: cs, Hints: raw.Hints, Solution: raw.Solution}
	}
	return b, nil
}

func checkScript(s string) error {
	_, err := tools.Parse(s)
	return err
}

// decodeStrict decodes a mapping node into v, refusing keys v has no field
// for. The error says the line within the node's document.
func decodeStrict(n *yaml.Node, v any) (int, error) {
	if n.Kind == yaml.MappingNode {
		known := yamlKeys(reflect.TypeOf(v).Elem())
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; !slices.Contains(known, k.Value) {
				return k.Line, fmt.Errorf("unknown field %q (known: %s)", k.Value, strings.Join(known, ", "))
			}
		}
	}
	if err := n.Decode(v); err != nil {
		msg := strings.TrimSpace(strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:"))
		if m := regexp.MustCompile(`^line (\d+): (.*)`).FindStringSubmatch(msg); m != nil {
			l, _ := strconv.Atoi(m[1])
			return l, fmt.Errorf("%s", m[2])
		}
		return n.Line, fmt.Errorf("%s", msg)
	}
	return 0, nil
}

func yamlKeys(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if k, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); k != "" && k != "-" {
			out = append(out, k)
		}
	}
	return out
}

// valueNode returns the value of key in a mapping node, or def.
func valueNode(m *yaml.Node, key string, def *yaml.Node) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return def
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return def
}

type lineErr struct {
	line int
	msg  string
}

// parseChecks reads a list of checks, each "- name: {param: value, …}" or
// "- name".
func parseChecks(n *yaml.Node, at func(*yaml.Node) int) ([]Check, *lineErr) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return nil, &lineErr{at(n), "expected a list of checks, e.g. - isr_size: {topic: orders, partition: 0, n: 2}"}
	}
	var out []Check
	for _, item := range n.Content {
		var name string
		var params map[string]any
		switch {
		case item.Kind == yaml.ScalarNode:
			name = item.Value
		case item.Kind == yaml.MappingNode && len(item.Content) == 2:
			name = item.Content[0].Value
			if err := item.Content[1].Decode(&params); err != nil {
				return nil, &lineErr{at(item), fmt.Sprintf("check %s: parameters must be a map: %v", name, err)}
			}
		default:
			return nil, &lineErr{at(item), "each check is one name with its parameters, e.g. - leader_is: {topic: orders, partition: 0, broker: 2}"}
		}
		c, err := checks.New(name, params)
		if err != nil {
			return nil, &lineErr{at(item), err.Error()}
		}
		out = append(out, Check{Check: c, Line: at(item)})
	}
	return out, nil
}
