package tools

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A Completion is what Tab does to a command line: the word before the
// cursor, line[From:cursor], is replaced by Insert. Insert is the one
// candidate and a space when there is one, else the candidates' longest
// common prefix (quoted as the word was). Candidates are every match,
// sorted, for a second Tab to list as bash does.
type Completion struct {
	From       int
	Insert     string
	Candidates []string
}

// CompletionNames are the names Complete offers as arguments. The caller
// reads them from the cluster's state as it stands, without a request:
// completion is a read, and must neither move the simulation nor add a
// trace entry (Cluster.ListTopics, for one, sends a Metadata request).
type CompletionNames struct {
	Brokers     []BrokerInfo
	Controllers []string // controller node names, "controller-1" …
	Topics      []string
	Groups      []string
	Consumers   []string // the lab's long-running consumers (consumer start NAME)
	Producers   []string // the lab's rate producers (producer start NAME)
}

// Complete completes the word before cursor in line, a command as the
// terminal takes it. The first word of a command completes to Kafka's tools
// ("kafka-topics.sh", also after a directory such as "bin/") and the lab's
// commands; a word after a tool to that tool's options, from the option
// table its usage text prints; an option's argument to topics (--topic),
// groups (--group) or broker addresses (--bootstrap-server); a lab
// command's arguments to its sub-commands, brokers, topics, groups and
// names. cursor is a byte offset, clamped to the line and moved back to
// the start of a character it falls inside. Complete only reads
// names: it never runs anything.
func Complete(line string, cursor int, names CompletionNames) Completion {
	cursor = max(0, min(cursor, len(line)))
	for cursor > 0 && cursor < len(line) && !utf8.RuneStart(line[cursor]) {
		cursor-- // never inside a character
	}
	words, cur := splitForCompletion(line[:cursor])
	none := Completion{From: cursor}
	if cur.quote != 0 && cur.start < 0 {
		return none
	}
	var cands []string
	from := cur.start
	prefix := cur.text
	if len(words) == 0 {
		dir := ""
		if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
			dir, prefix = prefix[:i+1], prefix[i+1:]
			from += strings.LastIndexByte(line[cur.start:cursor], '/') + 1
		}
		cands = commandNames(dir != "")
		if dir != "" && cur.quote != 0 {
			return none // a directory inside quotes: too unusual to rewrite
		}
	} else {
		var eq int
		cands, eq = argCandidates(words, prefix, names)
		if eq > 0 {
			// --name=value: complete the value after "=", where the word
			// has no quote or escape to shift the offset.
			if line[cur.start:cursor] != cur.text {
				return none
			}
			from += eq
			prefix = prefix[eq:]
		}
	}
	var match []string
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) {
			match = append(match, c)
		}
	}
	slices.Sort(match)
	match = slices.Compact(match)
	if len(match) == 0 {
		return none
	}
	c := Completion{From: from, Candidates: match}
	if len(match) == 1 {
		c.Insert = quoteWord(match[0], cur.quote, true) + " "
	} else {
		c.Insert = quoteWord(commonPrefix(match), cur.quote, false)
	}
	return c
}

// A partialWord is the word being typed: where it starts in the line, its
// text with quotes and escapes removed, and the quote still open (0 if
// none).
type partialWord struct {
	start int
	text  string
	quote byte
}

// splitForCompletion splits the text before the cursor into the words of
// the command being typed, as the lexer would, and the word under the
// cursor. It is forgiving where the lexer is strict: an unfinished quote is
// the word being typed, and a "|" (a pipe into the command) or a newline
// starts a new command. A heredoc's body is not a command, so text after
// "<<" yields no words to complete.
func splitForCompletion(s string) (words []string, cur partialWord) {
	var b strings.Builder
	inWord, quote := false, byte(0)
	start := 0
	end := func() {
		if inWord {
			words = append(words, b.String())
		}
		b.Reset()
		inWord = false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote == '\'':
			if ch == '\'' {
				quote = 0
			} else {
				b.WriteByte(ch)
			}
		case quote == '"':
			switch {
			case ch == '"':
				quote = 0
			case ch == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0:
				i++
				b.WriteByte(s[i])
			default:
				b.WriteByte(ch)
			}
		case ch == '\\' && i+1 < len(s):
			i++
			if s[i] == '\n' {
				end() // a continued line
				continue
			}
			if !inWord {
				inWord, start = true, i-1
			}
			b.WriteByte(s[i])
		case ch == ' ' || ch == '\t':
			end()
		case ch == '\n' || ch == '|' || ch == ';':
			end()
			words = nil
		case ch == '<' && i+1 < len(s) && s[i+1] == '<':
			// A heredoc: what follows is its delimiter and body.
			return nil, partialWord{start: -1, quote: '<'}
		default:
			if !inWord {
				inWord, start = true, i
			}
			if ch == '\'' || ch == '"' {
				quote = ch
			} else {
				b.WriteByte(ch)
			}
		}
	}
	if !inWord {
		return words, partialWord{start: len(s)}
	}
	return words, partialWord{start: start, text: b.String(), quote: quote}
}

// commandNames are the words a command may start with: Kafka's tools as
// "name.sh", and the lab's commands unless the word names a directory.
func commandNames(inDir bool) []string {
	var out []string
	for name := range kafkaTools {
		out = append(out, name+".sh")
	}
	if !inDir {
		for name := range labCommands {
			out = append(out, name)
		}
	}
	return out
}

// argCandidates returns what the word after words may be. eq > 0 means
// the word is "--name=" something and the candidates are for the text
// after byte eq.
func argCandidates(words []string, word string, names CompletionNames) (cands []string, eq int) {
	program := words[0]
	if _, ok := kafkaTools[toolName(program)]; ok {
		return toolArgCandidates(toolName(program), words[1:], word, names)
	}
	if strings.Contains(program, "/") {
		return nil, 0
	}
	if _, ok := labCommands[program]; ok {
		return labArgCandidates(program, words[1:], word, names), 0
	}
	return nil, 0
}

// A completeOpt is an option as completion sees it: its name as typed
// ("--topic", "-l") and, for a lab command, the usage's placeholder for its
// argument ("T"); arg reports whether it takes one. Slices of these, not
// maps, keep the WebAssembly small.
type completeOpt struct {
	name string
	ph   string
	arg  bool
}

// optNames returns the options' names.
func optNames(opts []completeOpt) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.name
	}
	return out
}

// findOpt returns the option named exactly name.
func findOpt(opts []completeOpt, name string) (completeOpt, bool) {
	for _, o := range opts {
		if o.name == name {
			return o, true
		}
	}
	return completeOpt{}, false
}

// toolOptions returns a tool's options ("--topic") from the table its
// usage text prints.
func toolOptions(tool string) []completeOpt {
	var specs []option
	switch tool {
	case "kafka-topics":
		specs = topicsOptions
	case "kafka-console-producer":
		specs = producerOptions
	case "kafka-console-consumer":
		specs = consumerOptions
	case "kafka-consumer-groups":
		specs = consumerGroupsOptions
	case "kafka-configs":
		specs = configsOptions
	case "kafka-get-offsets":
		specs = getOffsetsOptions
	case "kafka-leader-election":
		specs = leaderElectionOptions
	case "kafka-dump-log":
		specs = dumpLogOptions
	case "kafka-consumer-perf-test":
		specs = consumerPerfOptions("")
	case "kafka-producer-perf-test":
		out := []completeOpt{{name: "--help"}}
		for _, a := range producerPerfArgs {
			out = append(out, completeOpt{name: a.name, arg: a.metavar != ""})
		}
		return out
	}
	out := make([]completeOpt, len(specs))
	for i, o := range specs {
		out[i] = completeOpt{name: "--" + o.name, arg: o.takesArg()}
	}
	return out
}

// resolveOption finds the option a word names, as the tool's parser would:
// jopt-simple's unique abbreviations, or argparse4j's for the perf test.
func resolveOption(opts []completeOpt, word string) (completeOpt, bool) {
	if o, ok := findOpt(opts, word); ok {
		return o, true
	}
	if len(word) <= 2 || !strings.HasPrefix(word, "--") {
		return completeOpt{}, false
	}
	var found completeOpt
	n := 0
	for _, o := range opts {
		if strings.HasPrefix(o.name, word) {
			found = o
			n++
		}
	}
	return found, n == 1
}

// toolArgCandidates completes a Kafka tool's arguments: an option, or the
// argument of the option before it.
func toolArgCandidates(tool string, args []string, word string, names CompletionNames) ([]string, int) {
	opts := toolOptions(tool)
	if name, _, ok := strings.Cut(word, "="); ok && strings.HasPrefix(name, "--") {
		if o, ok := resolveOption(opts, name); ok && o.arg {
			return optionValues(o.name, names), len(name) + 1
		}
		return nil, 0
	}
	if n := len(args); n > 0 && strings.HasPrefix(args[n-1], "--") && !strings.Contains(args[n-1], "=") {
		if o, ok := resolveOption(opts, args[n-1]); ok && o.arg {
			return optionValues(o.name, names), 0
		}
	}
	if word == "" || strings.HasPrefix(word, "-") {
		return optNames(opts), 0
	}
	return nil, 0
}

// optionValues are the values offered for a tool option's argument.
func optionValues(opt string, names CompletionNames) []string {
	switch opt {
	case "--topic":
		return names.Topics
	case "--group":
		return names.Groups
	case "--bootstrap-server":
		return brokerAddresses(names.Brokers)
	case "--entity-type":
		return []string{"topics", "brokers"} // the entity types the lab models
	case "--election-type":
		return []string{"preferred", "unclean"}
	}
	return nil
}

// brokerAddresses are the addresses --bootstrap-server accepts for each
// broker: broker-N:port and localhost:port (see matchBroker).
func brokerAddresses(brokers []BrokerInfo) []string {
	var out []string
	for _, b := range brokers {
		port := strconv.Itoa(int(brokerPort(b)))
		out = append(out, "localhost:"+port, "broker-"+strconv.Itoa(int(b.ID))+":"+port)
	}
	return out
}

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

// commonPrefix returns the longest prefix of every string in ss.
func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		n := 0
		for n < len(p) && n < len(s) && p[n] == s[n] {
			n++
		}
		p = p[:n]
	}
	return p
}

// quoteWord writes s as the shell should read it: within the quote the
// word was opened with (closed if the word is complete), or single-quoted
// if it has a character the lexer would read otherwise.
func quoteWord(s string, quote byte, complete bool) string {
	closing := ""
	switch quote {
	case '\'':
		if complete {
			closing = "'"
		}
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + closing
	case '"':
		if complete {
			closing = `"`
		}
		var b strings.Builder
		b.WriteByte('"')
		for i := 0; i < len(s); i++ {
			if strings.IndexByte("\\\"$`", s[i]) >= 0 {
				b.WriteByte('\\') // the escapes a double quote keeps
			}
			b.WriteByte(s[i])
		}
		return b.String() + closing
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(" \t\n'\"\\$`|;&<>(){}#*?~", s[i]) >= 0 {
			closing := "'"
			if !complete {
				closing = "" // left open, as bash leaves it, for more typing
			}
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + closing
		}
	}
	return s
}
