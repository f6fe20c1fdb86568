package tools

import (
	"fmt"
	"strings"
)

// Limits of the script language. A script beyond them is rejected with a
// SyntaxError naming the limit, so a learner's typo or a runaway paste cannot
// make the lab (or the browser tab) hang.
const (
	MaxScriptBytes  = 1 << 20 // a whole script
	MaxLineBytes    = 8 << 10 // one logical command line, continuations joined
	MaxWords        = 256     // words in one command
	MaxHeredocBytes = 1 << 18 // one heredoc body or piped text
	MaxCommands     = 2000    // commands in one script
)

// A Command is one command of a script, ready to run.
type Command struct {
	// Line is the line number, from 1, where the command starts.
	Line int
	// Text is the command as written: its lines with their continuations,
	// and the heredoc body with its terminator. The Runner echoes it.
	Text string
	// Name is the program: "kafka-topics.sh", "step" …, as written.
	Name string
	// Args are the words after the program.
	Args []string
	// Stdin is the command's standard input: a heredoc body or the output of
	// the echo or printf piped into it. HasStdin says whether there was any.
	Stdin    []byte
	HasStdin bool
}

// A SyntaxError is a script the parser cannot read, with the line it is on.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("tools: line %d: %s", e.Line, e.Msg) }

// Parse reads a script: one command per line (a trailing backslash continues
// a line), # comments, blank lines, single and double quotes, a heredoc per
// command (cmd <<EOF … EOF, also <<'EOF' and <<-EOF), and a pipe from echo or
// printf into a command. See the package documentation for the language.
func Parse(src string) ([]Command, error) {
	if len(src) > MaxScriptBytes {
		return nil, &SyntaxError{Line: 1, Msg: fmt.Sprintf("script longer than %d bytes", MaxScriptBytes)}
	}
	l := &lexer{src: src, line: 1}
	var cmds []Command
	for l.pos < len(l.src) {
		start, startLine := l.pos, l.line
		toks, err := l.lexLine()
		if err != nil {
			return nil, err
		}
		if l.pos-start > MaxLineBytes {
			return nil, &SyntaxError{Line: startLine, Msg: fmt.Sprintf("command line longer than %d bytes", MaxLineBytes)}
		}
		if len(toks) == 0 {
			continue
		}
		if len(cmds) == MaxCommands {
			return nil, &SyntaxError{Line: startLine, Msg: fmt.Sprintf("more than %d commands in one script", MaxCommands)}
		}
		cmd, err := buildCommand(l, toks, startLine)
		if err != nil {
			return nil, err
		}
		cmd.Text = strings.TrimRight(l.src[start:l.pos], " \t\r\n")
		cmds = append(cmds, cmd)
	}
	return cmds, nil
}

// buildCommand turns one line's tokens into a Command, reading its heredoc
// body from the lexer if it has one.
func buildCommand(l *lexer, toks []token, line int) (Command, error) {
	serr := func(format string, args ...any) error {
		return &SyntaxError{Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	var (
		left, right []string
		pipe        bool
		heredoc     *token
	)
	for i := range toks {
		t := toks[i]
		switch t.kind {
		case tokPipe:
			if pipe {
				return Command{}, serr("only one pipe (echo ... | command) is supported")
			}
			pipe = true
		case tokHeredoc:
			if heredoc != nil {
				return Command{}, serr("only one heredoc per command is supported")
			}
			heredoc = &toks[i]
		case tokWord:
			if pipe {
				right = append(right, t.text)
			} else {
				left = append(left, t.text)
			}
		}
	}
	cmd := Command{Line: line}
	words := left
	if pipe {
		if len(left) == 0 || (left[0] != "echo" && left[0] != "printf") {
			return Command{}, serr("a pipe must start with echo or printf (echo \"k:v\" | kafka-console-producer.sh ...)")
		}
		if len(right) == 0 {
			return Command{}, serr("missing command after |")
		}
		if heredoc != nil {
			return Command{}, serr("a command cannot read both a pipe and a heredoc")
		}
		out, err := pipedText(left)
		if err != nil {
			return Command{}, serr("%v", err)
		}
		if len(out) > MaxHeredocBytes {
			return Command{}, serr("piped text longer than %d bytes", MaxHeredocBytes)
		}
		cmd.Stdin, cmd.HasStdin = []byte(out), true
		words = right
	}
	if len(words) == 0 {
		return Command{}, serr("a heredoc needs a command to read it")
	}
	cmd.Name, cmd.Args = words[0], words[1:]
	if heredoc != nil {
		body, err := readHeredoc(l, heredoc, line)
		if err != nil {
			return Command{}, err
		}
		cmd.Stdin, cmd.HasStdin = body, true
	}
	return cmd, nil
}

// readHeredoc reads the body that follows the command's line, up to a line
// that is exactly the delimiter (after leading tabs, for <<-).
func readHeredoc(l *lexer, t *token, line int) ([]byte, error) {
	var body strings.Builder
	for {
		if l.pos >= len(l.src) {
			return nil, &SyntaxError{Line: line, Msg: fmt.Sprintf("heredoc not terminated: no line %q before the end of the script", t.text)}
		}
		end := strings.IndexByte(l.src[l.pos:], '\n')
		var text string
		if end < 0 {
			text, l.pos = l.src[l.pos:], len(l.src)
		} else {
			text, l.pos = l.src[l.pos:l.pos+end], l.pos+end+1
		}
		l.line++
		text = strings.TrimSuffix(text, "\r")
		if t.stripTabs {
			text = strings.TrimLeft(text, "\t")
		}
		if text == t.text {
			return []byte(body.String()), nil
		}
		body.WriteString(text)
		body.WriteByte('\n')
		if body.Len() > MaxHeredocBytes {
			return nil, &SyntaxError{Line: line, Msg: fmt.Sprintf("heredoc longer than %d bytes", MaxHeredocBytes)}
		}
	}
}
