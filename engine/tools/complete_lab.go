package tools

import (
	"slices"
	"strconv"
	"strings"
)

// Completion of a lab command's arguments, read off its usage line.

// labArgCandidates completes a lab command's arguments, from the words of
// its usage line: a sub-command ("consumer stop|crash|restart"), a broker
// (broker-N), a topic, a group, a node, a consumer or producer name, an
// option (--topic) and the option's argument.
func labArgCandidates(cmd string, args []string, word string, names CompletionNames) []string {
	usage := labCommands[cmd].usage
	// A usage may have alternatives ("consumer start … | consumer stop NAME"):
	// take those that start with the command, or with the sub-command given.
	var forms [][]string
	for _, alt := range strings.Split(usage, " | ") {
		f := strings.Fields(alt)
		if len(f) > 0 && f[0] == cmd {
			forms = append(forms, f[1:])
		} else if len(forms) > 0 && len(f) > 0 {
			// "crash broker-N | controller-N": another first argument.
			forms = append(forms, f)
		}
	}
	var out []string
	for _, form := range forms {
		out = append(out, formCandidates(cmd, form, args, word, names)...)
	}
	return out
}

// formCandidates matches args against one usage form and returns what the
// next word may be.
func formCandidates(cmd string, form, args []string, word string, names CompletionNames) []string {
	// Sub-commands: a first word in lower case, "stop|crash|restart".
	var sub string
	if len(form) > 0 && isSubCommand(form[0]) {
		verbs := strings.Split(form[0], "|")
		if len(args) == 0 {
			return verbs
		}
		if !slices.Contains(verbs, args[0]) {
			return nil
		}
		sub, form, args = args[0], form[1:], args[1:]
	}
	// Options ("--topic T", "[--acks all|1|0]") after the positional words.
	var positional []string
	var opts []completeOpt
	for i := 0; i < len(form); i++ {
		w := strings.Trim(form[i], "[]")
		if strings.HasPrefix(w, "-") {
			o := completeOpt{name: w}
			// "--topic T" and "[--acks all|1|0]" take an argument; "[--all]"
			// does not.
			if i+1 < len(form) && !strings.HasPrefix(strings.Trim(form[i+1], "[]"), "-") && !strings.HasSuffix(form[i], "]") {
				o.ph, o.arg = strings.Trim(form[i+1], "[]"), true
				i++
			}
			opts = append(opts, o)
			continue
		}
		positional = append(positional, w)
	}
	if n := len(args); n > 0 {
		if o, ok := findOpt(opts, args[n-1]); ok && o.arg {
			return placeholderValues(cmd, sub, o.name, o.ph, names)
		}
	}
	if strings.HasPrefix(word, "-") {
		return optNames(opts)
	}
	// The positional word to complete: count the words that are not
	// options or options' arguments.
	pos := 0
	for i := 0; i < len(args); i++ {
		if o, ok := findOpt(opts, args[i]); ok {
			if o.arg {
				i++
			}
			continue
		}
		pos++
	}
	if pos < len(positional) {
		return placeholderValues(cmd, sub, "", positional[pos], names)
	}
	if word == "" && pos >= len(positional) {
		return optNames(opts)
	}
	return nil
}

// isSubCommand reports whether a usage word is a sub-command list, such as
// "start" or "stop|crash|restart" or "idle", rather than a placeholder
// (NAME, broker-N) or a value (500ms).
func isSubCommand(w string) bool {
	if w == "" || w == "broker-N" || w == "controller-N" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; !(c >= 'a' && c <= 'z' || c == '|' || c == '-') {
			return false
		}
	}
	return true
}

// placeholderValues are the values a usage placeholder stands for.
func placeholderValues(cmd, sub, opt, ph string, names CompletionNames) []string {
	var out []string
	for _, p := range strings.Split(ph, "|") {
		switch p {
		case "broker-N":
			for _, b := range names.Brokers {
				out = append(out, "broker-"+strconv.Itoa(int(b.ID)))
			}
		case "controller-N":
			out = append(out, names.Controllers...)
		case "TOPIC", "T":
			out = append(out, names.Topics...)
		case "GROUP", "G":
			out = append(out, names.Groups...)
		case "NODE", "A", "B", "FROM", "TO":
			if opt == "" { // --assignor A is not a node
				out = append(out, nodeNames(names)...)
			}
		case "NAME":
			switch {
			case opt == "--node":
				out = append(out, nodeNames(names)...)
			case sub == "start":
				// A new name: nothing to offer.
			case cmd == "consumer":
				out = append(out, names.Consumers...)
			case cmd == "producer":
				out = append(out, names.Producers...)
			}
		default:
			if isSubCommand(p) {
				out = append(out, p) // a literal value: "all", "auto", "earliest"
			}
		}
	}
	return out
}

// nodeNames are the nodes the network commands take: brokers and
// controllers.
func nodeNames(names CompletionNames) []string {
	var out []string
	for _, b := range names.Brokers {
		out = append(out, "broker-"+strconv.Itoa(int(b.ID)))
	}
	return append(out, names.Controllers...)
}
