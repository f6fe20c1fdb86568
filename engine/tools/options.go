package tools

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// An option is one command-line option of a Kafka tool, declared as the tool
// declares it to jopt-simple, the option parser Kafka's tools use.
type option struct {
	name    string
	argName string // describedAs; "" for a flag without an argument
	argType string // "String", "Integer", "Long" for the help text
	optArg  bool   // the argument is optional (withOptionalArg)
	def     string // default shown in the help text
	help    string
}

// takesArg reports whether the option has an argument.
func (o option) takesArg() bool { return o.argName != "" || o.argType != "" }

// An optionSet is a parsed command line: the values of each option given, in
// order, and the words that are not options.
type optionSet struct {
	specs  []option
	values map[string][]string
	rest   []string
}

// has reports whether the option was given.
func (s *optionSet) has(name string) bool {
	_, ok := s.values[name]
	return ok
}

// value returns the option's last value, or "" if it was not given.
func (s *optionSet) value(name string) string {
	v := s.values[name]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// all returns every value given for the option, in order.
func (s *optionSet) all(name string) []string { return s.values[name] }

// intValue converts the option's value as jopt-simple's Integer conversion
// does, failing with jopt-simple's message.
func (s *optionSet) intValue(name string) (int32, error) {
	v := s.value(name)
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("Cannot parse argument '%s' of option %s", v, name)
	}
	return int32(n), nil
}

// longValue is intValue for Long options.
func (s *optionSet) longValue(name string) (int64, error) {
	v := s.value(name)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("Cannot parse argument '%s' of option %s", v, name)
	}
	return n, nil
}

// parseOptions parses args as jopt-simple does: --name, --name=value and
// --name value; unique abbreviations of long names; an exact name wins over
// abbreviations; "--" ends the options; words that are not options are kept.
// A required argument is the next word, whatever it looks like. The error
// messages are jopt-simple's.
func parseOptions(specs []option, args []string) (*optionSet, error) {
	s := &optionSet{specs: specs, values: map[string][]string{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			s.rest = append(s.rest, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			s.rest = append(s.rest, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && len(name) == 1 {
			// jopt-simple reads -x as a short option; Kafka's tools have
			// none but -h and -?, folded into --help.
			if name == "h" || name == "?" {
				name = "help"
			}
		}
		value, hasValue := "", false
		if eq := strings.IndexByte(name, '='); eq >= 0 {
			name, value, hasValue = name[:eq], name[eq+1:], true
		}
		o, ok := lookupOption(specs, name)
		if !ok {
			return nil, fmt.Errorf("%s is not a recognized option", name)
		}
		switch {
		case !o.takesArg():
			if hasValue {
				return nil, fmt.Errorf("%s is not a recognized option", name+"="+value)
			}
			s.values[o.name] = append(s.values[o.name], "")
		case hasValue:
			s.values[o.name] = append(s.values[o.name], value)
		case o.optArg:
			if i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				i++
				s.values[o.name] = append(s.values[o.name], args[i])
			} else {
				s.values[o.name] = append(s.values[o.name], "")
			}
		default:
			if i+1 >= len(args) {
				return nil, fmt.Errorf("Option %s requires an argument", o.name)
			}
			i++
			s.values[o.name] = append(s.values[o.name], args[i])
		}
	}
	return s, nil
}

// lookupOption finds an option by its exact name or a unique abbreviation.
func lookupOption(specs []option, name string) (option, bool) {
	if name == "" {
		return option{}, false
	}
	var match []option
	for _, o := range specs {
		if o.name == name {
			return o, true
		}
		if strings.HasPrefix(o.name, name) {
			match = append(match, o)
		}
	}
	if len(match) == 1 {
		return match[0], true
	}
	return option{}, false
}

// helpOption is the --help every Kafka tool has (CommandDefaultOptions).
var helpOption = option{name: "help", help: "Print usage information."}

// versionOption is the --version every Kafka tool has.
var versionOption = option{name: "version", help: "Display Kafka version."}

// usage writes the option table as jopt-simple's BuiltinHelpFormatter lays it
// out: options sorted by name, an option column and a description column,
// each wrapped, default values in brackets.
func usage(specs []option) string {
	sorted := slices.Clone(specs)
	slicesort.Func(sorted, func(a, b option) int { return strings.Compare(a.name, b.name) })
	const colWidth = 40
	var b strings.Builder
	b.WriteString(padRight("Option", colWidth) + " Description\n")
	b.WriteString(padRight("------", colWidth) + " -----------\n")
	for _, o := range sorted {
		left := "--" + o.name
		if o.takesArg() {
			typ := o.argType
			if typ == "" {
				typ = "String"
			}
			arg := typ
			if o.argName != "" {
				arg += ": " + o.argName
			}
			if o.optArg {
				left += " [" + arg + "]"
			} else {
				left += " <" + arg + ">"
			}
		}
		desc := o.help
		if o.def != "" {
			desc += " (default: " + o.def + ")"
		}
		lefts := wrap(left, colWidth-1, "  ")
		rights := []string{}
		for _, para := range strings.Split(desc, "\n") {
			rights = append(rights, wrap(para, colWidth-1, "  ")...)
		}
		for i := 0; i < max(len(lefts), len(rights)); i++ {
			l, r := "", ""
			if i < len(lefts) {
				l = lefts[i]
			}
			if i < len(rights) {
				r = rights[i]
			}
			line := padRight(l, colWidth) + " " + r
			b.WriteString(strings.TrimRight(line, " ") + "\n")
		}
	}
	return b.String()
}

// wrap breaks s into lines of at most width bytes at spaces; continuation
// lines start with indent.
func wrap(s string, width int, indent string) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	cur := words[0]
	for _, w := range words[1:] {
		if len(cur)+1+len(w) > width {
			lines = append(lines, cur)
			cur = indent + w
			continue
		}
		cur += " " + w
	}
	return append(lines, cur)
}

func padRight(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + strings.Repeat(" ", n-len(s))
}
