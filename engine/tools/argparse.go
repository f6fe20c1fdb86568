package tools

import (
	"fmt"
	"strconv"
	"strings"
)

// kafka-producer-perf-test.sh parses its command line with argparse4j, not
// jopt-simple: its errors read "producer-performance: error: …" after a
// usage line, and a list option (nargs "+") takes every word up to the next
// option.

// An argSpec is one argparse4j argument.
type argSpec struct {
	name     string // "--topic"
	metavar  string // "TOPIC"; "" for a storeTrue flag
	typ      string // "String", "Long", "Integer", "Double"
	list     bool   // nargs("+")
	required bool
	group    bool // in the required mutually exclusive payload group
	help     string
}

// argparseResult is a parsed command line: each given argument's values.
type argparseResult map[string][]string

func (r argparseResult) has(name string) bool { _, ok := r[name]; return ok }

func (r argparseResult) value(name string) string {
	v := r[name]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// parseArgparse parses args as argparse4j's ArgumentParser.parseArgs does
// for these specs, with its error messages.
func parseArgparse(specs []argSpec, args []string) (argparseResult, error) {
	res := argparseResult{}
	var unknown []string
	find := func(word string) (argSpec, bool) {
		var match []argSpec
		for _, s := range specs {
			if s.name == word {
				return s, true
			}
			if strings.HasPrefix(s.name, word) && len(word) > 2 {
				match = append(match, s)
			}
		}
		if len(match) == 1 {
			return match[0], true
		}
		return argSpec{}, false
	}
	isOption := func(w string) bool {
		if !strings.HasPrefix(w, "-") || w == "-" {
			return false
		}
		// A negative number is a value, as argparse4j decides when no
		// option looks like one.
		_, err := strconv.ParseFloat(w, 64)
		return err != nil
	}
	given := ""
	for i := 0; i < len(args); i++ {
		w := args[i]
		if !isOption(w) {
			unknown = append(unknown, w)
			continue
		}
		name, inline, hasInline := strings.Cut(w, "=")
		s, ok := find(name)
		if !ok {
			unknown = append(unknown, w)
			continue
		}
		if s.group {
			if given != "" && given != s.name {
				return nil, fmt.Errorf("argument %s: not allowed with argument %s", s.name, given)
			}
			given = s.name
		}
		switch {
		case s.metavar == "":
			if hasInline {
				return nil, fmt.Errorf("argument %s: ignored explicit argument '%s'", s.name, inline)
			}
			res[s.name] = append(res[s.name], "true")
		case hasInline:
			if err := checkArgType(s, inline); err != nil {
				return nil, err
			}
			res[s.name] = append(res[s.name], inline)
		case s.list:
			var vals []string
			for i+1 < len(args) && !isOption(args[i+1]) {
				i++
				vals = append(vals, args[i])
			}
			if len(vals) == 0 {
				return nil, fmt.Errorf("argument %s: expected at least one argument", s.name)
			}
			for _, v := range vals {
				if err := checkArgType(s, v); err != nil {
					return nil, err
				}
			}
			res[s.name] = vals // a repeated list option replaces the earlier one
		default:
			if i+1 >= len(args) || isOption(args[i+1]) {
				return nil, fmt.Errorf("argument %s: expected one argument", s.name)
			}
			i++
			if err := checkArgType(s, args[i]); err != nil {
				return nil, err
			}
			res[s.name] = append(res[s.name], args[i])
		}
	}
	var group []string
	for _, s := range specs {
		if s.group {
			group = append(group, s.name)
		}
	}
	for _, s := range specs {
		if s.required && !res.has(s.name) {
			return nil, fmt.Errorf("argument %s is required", s.name)
		}
	}
	if len(group) > 0 && given == "" {
		return nil, fmt.Errorf("one of the arguments %s is required", strings.Join(group, " "))
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("unrecognized arguments: '%s'", strings.Join(unknown, " "))
	}
	return res, nil
}

// checkArgType converts v as argparse4j's ReflectArgumentType does with the
// type's valueOf, failing with its message.
func checkArgType(s argSpec, v string) error {
	var err error
	switch s.typ {
	case "Long":
		_, err = parseJavaLong(v)
	case "Integer":
		_, err = parseJavaInt(v)
	case "Double":
		_, err = parseJavaDouble(v)
	}
	if err != nil {
		return fmt.Errorf("argument %s: could not convert '%s' to %s (For input string: \"%s\")", s.name, v, s.typ, v)
	}
	return nil
}

// parseJavaDouble parses as Double.valueOf for the forms the lab expects:
// decimal numbers with an optional sign, fraction and exponent, and
// "Infinity" and "NaN".
func parseJavaDouble(s string) (float64, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "d"), "D"))
	switch strings.TrimLeft(t, "+-") {
	case "Infinity", "NaN":
	case "", "Inf", "inf", "infinity", "nan":
		return 0, strconv.ErrSyntax
	default:
		if strings.ContainsAny(t, "xXpP_") {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.ParseFloat(t, 64)
}

// argparseUsage lays out argparse4j's usage line for prog: the arguments in
// declaration order, wrapped at 75 columns (its default format width) under
// the program's name.
func argparseUsage(prog string, specs []argSpec) string {
	parts := []string{"[-h]"}
	var group []string
	for _, s := range specs {
		p := s.name
		if s.metavar != "" {
			p += " " + s.metavar
			if s.list {
				p += " [" + s.metavar + " ...]"
			}
		}
		switch {
		case s.group:
			group = append(group, p)
			if len(group) == 1 {
				parts = append(parts, "") // the group's place
			}
			continue
		case !s.required:
			p = "[" + p + "]"
		}
		parts = append(parts, p)
	}
	for i, p := range parts {
		if p == "" {
			parts[i] = "(" + strings.Join(group, " | ") + ")"
		}
	}
	head := "usage: " + prog
	indent := strings.Repeat(" ", len(head)+1)
	var b strings.Builder
	line := head
	for _, p := range parts {
		if len(line)+1+len(p) > 75 && line != head && strings.TrimSpace(line) != "" {
			b.WriteString(line + "\n")
			line = indent + p
			continue
		}
		if line == indent {
			line += p
		} else {
			line += " " + p
		}
	}
	b.WriteString(line + "\n")
	return b.String()
}
