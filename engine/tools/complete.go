package tools

import (
	"slices"
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
