package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// A Text is one message in every language the lab ships.
type Text struct{ EN, ZH string }

// In returns the text in lang, or in English.
func (t Text) In(lang string) string {
	if lang == "zh" && t.ZH != "" {
		return t.ZH
	}
	return t.EN
}

func tr(en, zh string, args ...any) Text {
	return Text{EN: fmt.Sprintf(en, args...), ZH: fmt.Sprintf(zh, args...)}
}

// A Result is a check's verdict: met or not, and why, in the learner's words
// ("group g1 has 2 members, the goal needs 3").
type Result struct {
	Met bool
	Why Text
}

func met(en, zh string, args ...any) Result    { return Result{true, tr(en, zh, args...)} }
func notMet(en, zh string, args ...any) Result { return Result{false, tr(en, zh, args...)} }

// A Kind is the type of a check's parameter.
type Kind string

// The parameter kinds.
const (
	String Kind = "string"
	Int    Kind = "int"
	Bool   Kind = "bool"
)

// A Param is one parameter a check takes.
type Param struct {
	Name     string
	Kind     Kind
	Required bool
	Doc      string
}

// Params are a check's validated parameters: string, int64 or bool values.
type Params map[string]any

// Str returns a string parameter, or "".
func (p Params) Str(name string) string { s, _ := p[name].(string); return s }

// Int returns an integer parameter, or def when it is absent.
func (p Params) Int(name string, def int64) int64 {
	if n, ok := p[name].(int64); ok {
		return n
	}
	return def
}

// Bool returns a boolean parameter, or def when it is absent.
func (p Params) Bool(name string, def bool) bool {
	if b, ok := p[name].(bool); ok {
		return b
	}
	return def
}

// Has reports whether the parameter was given.
func (p Params) Has(name string) bool { _, ok := p[name]; return ok }

// A Spec describes one named check: its parameters and how it looks at the
// cluster. Eval must not change the cluster, except the checks documented as
// asking the group coordinator (as kafka-consumer-groups.sh --describe
// would).
type Spec struct {
	Name   string
	Doc    string
	Params []Param
	Eval   func(w *World, p Params) Result
	// Replay is set for the checks that ask the group coordinator (a
	// request through the simulated network, which changes the cluster) or
	// remember history (World.Observe): the browser's lab evaluates them
	// on a copy of the learner's run rebuilt from its inputs, and the others
	// on the live cluster, which they only read.
	Replay bool
}

var registry = map[string]Spec{}

// replayed names the checks and questions that ask the group coordinator
// or remember history (Spec.Replay, Query.Replay).
var replayed = map[string]bool{
	"group_lag": true, "committed_offset": true, "group_assignor": true, "records_skipped": true,
	"acked_write_lost": true, "records_redelivered": true,
	"committed": true, "redelivered": true, "write_lost": true,
}

func register(s Spec) {
	s.Replay = s.Replay || replayed[s.Name]
	registry[s.Name] = s
}

// Lookup returns the check named name.
func Lookup(name string) (Spec, bool) { s, ok := registry[name]; return s, ok }

// All returns every check, sorted by name.
func All() []Spec {
	var out []Spec
	for _, s := range registry {
		out = append(out, s)
	}
	slicesort.Func(out, func(a, b Spec) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// A Check is one named check with its parameters, ready to evaluate.
type Check struct {
	Name   string
	Params Params
}

// Eval evaluates the check against w.
func (c Check) Eval(w *World) Result {
	s, ok := Lookup(c.Name)
	if !ok {
		return notMet("unknown check %q", "未知的检查 %q", c.Name)
	}
	return s.Eval(w, c.Params)
}

// Replays reports whether the check must be evaluated on a replayed copy
// of a live run (Spec.Replay).
func (c Check) Replays() bool { s, ok := Lookup(c.Name); return !ok || s.Replay }

// String shows the check as a lesson writes it: name{k: v, …}.
func (c Check) String() string {
	keys := make([]string, 0, len(c.Params))
	for k := range c.Params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString(c.Name + "{")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %v", k, c.Params[k])
	}
	b.WriteString("}")
	return b.String()
}

// New validates a check's name and raw parameters (as YAML decodes them) and
// returns the check. The error names the check and the parameter.
func New(name string, raw map[string]any) (Check, error) {
	spec, ok := Lookup(name)
	if !ok {
		var names []string
		for _, s := range All() {
			names = append(names, s.Name)
		}
		return Check{}, fmt.Errorf("unknown check %q (known: %s)", name, strings.Join(names, ", "))
	}
	p, err := validate(name, spec.Params, raw)
	if err != nil {
		return Check{}, err
	}
	return Check{Name: name, Params: p}, nil
}

func validate(what string, specs []Param, raw map[string]any) (Params, error) {
	p := Params{}
	for k, v := range raw {
		i := slices.IndexFunc(specs, func(s Param) bool { return s.Name == k })
		if i < 0 {
			var names []string
			for _, s := range specs {
				names = append(names, s.Name)
			}
			return nil, fmt.Errorf("%s: unknown parameter %q (it takes: %s)", what, k, strings.Join(names, ", "))
		}
		switch specs[i].Kind {
		case String:
			switch x := v.(type) {
			case string:
				p[k] = x
			case int:
				p[k] = fmt.Sprint(x)
			default:
				return nil, fmt.Errorf("%s: parameter %s must be a string, got %v", what, k, v)
			}
		case Int:
			x, ok := v.(int)
			if !ok {
				return nil, fmt.Errorf("%s: parameter %s must be a whole number, got %v", what, k, v)
			}
			p[k] = int64(x)
		case Bool:
			x, ok := v.(bool)
			if !ok {
				return nil, fmt.Errorf("%s: parameter %s must be true or false, got %v", what, k, v)
			}
			p[k] = x
		}
	}
	for _, s := range specs {
		if s.Required && !p.Has(s.Name) {
			return nil, fmt.Errorf("%s: parameter %s is required", what, s.Name)
		}
	}
	return p, nil
}
